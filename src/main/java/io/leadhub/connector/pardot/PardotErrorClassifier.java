package io.leadhub.connector.pardot;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.connector.ErrorCategory;
import java.util.Locale;

/**
 * Classifies a refused Pardot v5 write ({@code {"code": n, "message": "…"}} with a 4xx) into a hub
 * category. Codes the connector relies on: 4 invalid email, 10 invalid campaign, 50 unknown field,
 * 51 invalid value (too long, bad option, bad format),
 * 181 business unit missing or not accessible; other 4xx fall back on status and message.
 */
final class PardotErrorClassifier {
    private PardotErrorClassifier() {}

    static final int INVALID_EMAIL = 4;
    static final int INVALID_CAMPAIGN = 10;
    static final int UNKNOWN_FIELD = 50;
    static final int INVALID_VALUE = 51;
    static final int BUSINESS_UNIT = 181;

    record Classified(ErrorCategory category, String code, String message) {}

    static Classified classify(int status, JsonNode body) {
        int code = body.path("code").asInt(0);
        String message = body.path("message").asText("Pardot answered HTTP " + status);
        String m = message.toLowerCase(Locale.ROOT);
        ErrorCategory category = switch (code) {
            case INVALID_EMAIL -> ErrorCategory.DATA_VALUE_VALIDATION;
            case INVALID_CAMPAIGN -> ErrorCategory.CAMPAIGN_ERROR;
            case UNKNOWN_FIELD -> ErrorCategory.MISSING_REMOTE_FIELD;
            case BUSINESS_UNIT -> ErrorCategory.PERMISSION;
            case INVALID_VALUE ->
                m.contains("too long") ? ErrorCategory.VALUE_TOO_LONG : ErrorCategory.DATA_VALUE_VALIDATION;
            default -> {
                if (status == 403) yield ErrorCategory.PERMISSION;
                if (m.contains("invalid field") || m.contains("not a prospect field"))
                    yield ErrorCategory.MISSING_REMOTE_FIELD;
                if (m.contains("too long")) yield ErrorCategory.VALUE_TOO_LONG;
                if (status >= 400 && status < 500) yield ErrorCategory.DATA_VALUE_VALIDATION;
                yield ErrorCategory.INTERNAL;
            }
        };
        return new Classified(category, code == 0 ? "HTTP_" + status : String.valueOf(code), message);
    }
}
