package io.leadhub.connector.pipedrive;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.connector.ErrorCategory;
import java.util.Locale;

/**
 * Classifies a refused Pipedrive write ({@code {"success":false,"error":"…","error_info":"…"}} with a
 * 4xx) into a hub category. Pipedrive has no error codes for validation, so the status and the
 * message decide: "is required" -> MISSING_REQUIRED_FIELD, "too long" -> VALUE_TOO_LONG, an unknown
 * (custom) field -> MISSING_REMOTE_FIELD, 403 -> PERMISSION (or QUOTA_EXHAUSTED for a plan's
 * feature capping), any other 4xx -> DATA_VALUE_VALIDATION.
 */
final class PipedriveErrorClassifier {
    private PipedriveErrorClassifier() {}

    record Classified(ErrorCategory category, String code, String message) {}

    static Classified classify(int status, JsonNode body) {
        String message = body.path("error").asText("");
        if (message.isEmpty()) message = "Pipedrive answered HTTP " + status;
        String m = message.toLowerCase(Locale.ROOT);
        String code = body.hasNonNull("code") ? body.get("code").asText() : "HTTP_" + status;
        ErrorCategory category;
        if (status == 401) category = ErrorCategory.AUTHENTICATION;
        else if (status == 403) category = ErrorCategory.PERMISSION;
        else if (m.contains("is required") || m.contains("must not be empty"))
            category = ErrorCategory.MISSING_REQUIRED_FIELD;
        else if (m.contains("too long")) category = ErrorCategory.VALUE_TOO_LONG;
        else if (m.contains("unknown property") || (m.contains("custom field") && m.contains("does not exist"))) {
            category = ErrorCategory.MISSING_REMOTE_FIELD;
        } else if (status >= 400 && status < 500) category = ErrorCategory.DATA_VALUE_VALIDATION;
        else category = ErrorCategory.INTERNAL;
        return new Classified(category, code, message);
    }
}
