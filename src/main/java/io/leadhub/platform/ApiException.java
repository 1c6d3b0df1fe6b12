package io.leadhub.platform;

import java.util.List;

/**
 * A client error with an HTTP status, a stable error code and a plain reason. Both the Camel
 * capture routes and the MVC controllers turn it into the same JSON error answer.
 */
public class ApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final List<String> details;

    public ApiException(int status, String code, String message) {
        this(status, code, message, List.of());
    }

    public ApiException(int status, String code, String message, List<String> details) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public List<String> details() {
        return details;
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "not_found", what + " not found");
    }

    public static ApiException badRequest(String reason) {
        return new ApiException(400, "bad_request", reason);
    }

    public static ApiException unprocessable(String reason) {
        return new ApiException(422, "unprocessable", reason);
    }

    public static ApiException conflict(String reason) {
        return new ApiException(409, "conflict", reason);
    }
}
