package io.leadhub.platform;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/** The same JSON error answer for the MVC admin API as for the Camel capture routes. */
@RestControllerAdvice(basePackages = "io.leadhub")
public class ApiExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorBody> api(ApiException e) {
        return ResponseEntity.status(e.status()).body(ErrorBody.of(e));
    }

    /**
     * An unreadable body: the answer says where and what, in the API's terms (field path, expected
     * kind of value, allowed values) — never a Java type, a parser class or a source excerpt.
     */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        return api(new ApiException(400, "malformed_json", describeUnreadable(e.getMostSpecificCause())));
    }

    static String describeUnreadable(Throwable cause) {
        if (cause instanceof InvalidFormatException f
                && f.getTargetType() != null
                && f.getTargetType().isEnum()) {
            List<String> allowed = Arrays.stream(f.getTargetType().getEnumConstants())
                    .map(String::valueOf)
                    .toList();
            return "'" + path(f) + "' must be one of " + allowed;
        }
        if (cause instanceof UnrecognizedPropertyException u) {
            return "'" + path(u) + "' is not a known field";
        }
        if (cause instanceof MismatchedInputException m) {
            String where = path(m);
            return where.isEmpty()
                    ? "the body has the wrong shape (e.g. an object where a list is expected)"
                    : "'" + where + "' has a value of the wrong type";
        }
        if (cause instanceof JsonProcessingException j && j.getLocation() != null) {
            return "the body is not valid JSON (line " + j.getLocation().getLineNr() + ", column "
                    + j.getLocation().getColumnNr() + ")";
        }
        return "the body is missing or cannot be read";
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null)
                sb.append(sb.length() == 0 ? "" : ".").append(ref.getFieldName());
            else if (ref.getIndex() >= 0) sb.append('[').append(ref.getIndex()).append(']');
        }
        return sb.toString();
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<ErrorBody> noSuchEndpoint(Exception e) {
        return api(new ApiException(404, "not_found", "no such endpoint"));
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ErrorBody> missingParameter(MissingServletRequestParameterException e) {
        return api(ApiException.badRequest("parameter '" + e.getParameterName() + "' is required"));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<ErrorBody> notAcceptable(Exception e) {
        return ResponseEntity.status(406)
                .contentType(MediaType.APPLICATION_JSON)
                .body(ErrorBody.of(new ApiException(406, "not_acceptable", "this endpoint answers application/json")));
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ErrorBody> tooLarge(Exception e) {
        return api(new ApiException(413, "too_large", "the request body is too large"));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ErrorBody> invalid(MethodArgumentNotValidException e) {
        var details = e.getBindingResult().getFieldErrors().stream()
                .map(f -> f.getField() + " " + f.getDefaultMessage())
                .toList();
        return api(new ApiException(422, "invalid", "the body is invalid", details));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorBody> mismatch(MethodArgumentTypeMismatchException e) {
        return api(ApiException.badRequest("'" + e.getName() + "' has an invalid value"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> media(HttpMediaTypeNotSupportedException e) {
        return api(new ApiException(
                415,
                "unsupported_media_type",
                "content type "
                        + (e.getContentType() == null ? "(none)" : "'" + e.getContentType() + "'")
                        + " is not supported here; send "
                        + (e.getSupportedMediaTypes().isEmpty()
                                ? "application/json"
                                : e.getSupportedMediaTypes().get(0).toString())));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> method(HttpRequestMethodNotSupportedException e) {
        return api(new ApiException(405, "method_not_allowed", "method " + e.getMethod() + " is not supported here"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e) {
        String ref = UUID.randomUUID().toString();
        LOG.error("Unexpected error (reference {})", ref, e);
        return api(new ApiException(500, "internal", "unexpected error; reference " + ref));
    }
}
