package io.leadhub.connector.zoho;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.connector.ErrorCategory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Zoho CRM error codes (per record inside {@code data[]}, or for the whole request) to hub categories. */
final class ZohoErrorClassifier {
    private ZohoErrorClassifier() {}

    /** A per-record result with {@code status: "error"}; {@code details} tell a too-long value from another invalid one. */
    static ErrorCategory recordCategory(String code, JsonNode details) {
        return switch (code) {
            case "MANDATORY_NOT_FOUND", "DEPENDENT_FIELD_MISSING" -> ErrorCategory.MISSING_REQUIRED_FIELD;
            case "INVALID_DATA" ->
                details.has("maximum_length") ? ErrorCategory.VALUE_TOO_LONG : ErrorCategory.DATA_VALUE_VALIDATION;
            case "DUPLICATE_DATA" -> ErrorCategory.DUPLICATE_RECORD;
            case "NO_PERMISSION", "OAUTH_SCOPE_MISMATCH" -> ErrorCategory.PERMISSION;
            case "INVALID_TOKEN", "AUTHENTICATION_FAILURE" -> ErrorCategory.AUTHENTICATION;
            case "TOO_MANY_REQUESTS" -> ErrorCategory.RATE_LIMITED;
            case "LIMIT_REACHED" -> ErrorCategory.QUOTA_EXHAUSTED;
            case "INVALID_MODULE" -> ErrorCategory.MISSING_REMOTE_FIELD;
            case "INTERNAL_ERROR" -> ErrorCategory.VENDOR_UNAVAILABLE;
            default -> ErrorCategory.DATA_VALUE_VALIDATION;
        };
    }

    /**
     * A whole request refused (no per-record {@code data[]}): a module or field Zoho does not have
     * and a missing permission or OAuth scope are every record's problem; other codes are read as
     * a record's.
     */
    static ErrorCategory requestCategory(String code, JsonNode details, String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        if (m.contains("field")
                && (m.contains("not found")
                        || m.contains("not available")
                        || m.contains("does not exist")
                        || m.contains("invalid field"))) {
            return ErrorCategory.MISSING_REMOTE_FIELD;
        }
        // INVALID_DATA about the request itself (a parameter, or a field named outside the records): the schema, not a
        // value
        String path = details.path("json_path").asText("");
        if ("INVALID_DATA".equals(code)
                && (details.has("param_name") || (!path.isEmpty() && !path.startsWith("$.data")))) {
            return ErrorCategory.MISSING_REMOTE_FIELD;
        }
        return recordCategory(code, details);
    }

    /** One line for the reconciliation row: code, message and the field it names. */
    static String describe(JsonNode result) {
        JsonNode d = result.path("details");
        StringBuilder s = new StringBuilder(result.path("message").asText("error"));
        if (d.hasNonNull("api_name"))
            s.append(" (field ").append(d.get("api_name").asText()).append(')');
        if (d.has("maximum_length"))
            s.append(": longer than ").append(d.get("maximum_length").asInt()).append(" characters");
        if (d.has("expected_data_type"))
            s.append(": expected ").append(d.get("expected_data_type").asText());
        if (d.has("supported_values")) s.append(": allowed ").append(d.get("supported_values"));
        if (d.has("duplicate_record"))
            s.append(": same value as record ")
                    .append(d.path("duplicate_record").path("id").asText());
        if (d.has("permissions")) s.append(": needs ").append(join(d.get("permissions")));
        if (d.has("scope")) s.append(": needs the scope ").append(join(d.get("scope")));
        return s.toString();
    }

    private static String join(JsonNode values) {
        if (!values.isArray()) return values.asText();
        List<String> out = new ArrayList<>();
        values.forEach(v -> out.add(v.asText()));
        return String.join(", ", out);
    }
}
