package io.leadhub.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The uniform error answer: {"error": code, "message": reason, "details": [...]}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ErrorBody(String error, String message, List<String> details) {
    public static ErrorBody of(ApiException e) {
        return new ErrorBody(e.code(), e.getMessage(), e.details());
    }
}
