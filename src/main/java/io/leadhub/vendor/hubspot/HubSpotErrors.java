package io.leadhub.vendor.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.reconciliation.ErrorCategory;
import java.util.Locale;

/** Classifies HubSpot error objects (top-level error answers and per-record batch errors) into hub categories. */
final class HubSpotErrors {
    private HubSpotErrors() {}

    record Classified(ErrorCategory category, String code, String message) {}

    static Classified classify(int status, JsonNode error) {
        String category = error.path("category").asText("");
        String message = error.path("message").asText("HubSpot answered " + status);
        String code = category.isEmpty() ? "HTTP_" + status : category;
        for (JsonNode e : error.path("errors")) {
            String c = e.path("code").asText("");
            if (!c.isEmpty()) {
                code = c;
                if (!e.path("message").asText("").isEmpty()) message = e.path("message").asText();
                break;
            }
        }
        return new Classified(categoryOf(status, category, code, message), code, message);
    }

    private static ErrorCategory categoryOf(int status, String category, String code, String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return switch (code) {
            case "PROPERTY_DOESNT_EXIST" -> ErrorCategory.MISSING_REMOTE_FIELD;
            case "INVALID_OPTION", "INVALID_EMAIL", "INVALID_INTEGER", "INVALID_DATE", "INVALID_LONG" -> ErrorCategory.DATA_VALUE_VALIDATION;
            case "REQUIRED_PROPERTY", "MISSING_REQUIRED_PROPERTY" -> ErrorCategory.MISSING_REQUIRED_FIELD;
            case "MISSING_SCOPES", "FORBIDDEN" -> ErrorCategory.PERMISSION;
            case "CONFLICT" -> ErrorCategory.DUPLICATE_RECORD;
            default -> {
                if (status == 403) yield ErrorCategory.PERMISSION;
                if (status == 409 || "CONFLICT".equals(category)) yield ErrorCategory.DUPLICATE_RECORD;
                if (m.contains("too long") || m.contains("longer than") || m.contains("exceeds the maximum length")) {
                    yield ErrorCategory.VALUE_TOO_LONG;
                }
                if (m.contains("does not exist") && m.contains("property")) yield ErrorCategory.MISSING_REMOTE_FIELD;
                yield ErrorCategory.DATA_VALUE_VALIDATION;
            }
        };
    }
}
