package io.leadhub.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's whitelabel / {@code /error} answer: whatever the servlet container turns
 * into an error (a failure in a filter, an unknown path, a body the container refuses) answers the
 * same uniform JSON as the API, with the status and nothing else — no exception, trace or path.
 */
@RestController
class UniformErrorController implements ErrorController {
    @RequestMapping("/error")
    ResponseEntity<ErrorBody> error(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer i ? i : 500;
        String error = switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal" : "error";
        };
        String message = status >= 500
                ? "unexpected error"
                : status == 404 ? "no such endpoint" : "the request was refused (" + status + ")";
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(ErrorBody.of(new ApiException(status, error, message)));
    }
}
