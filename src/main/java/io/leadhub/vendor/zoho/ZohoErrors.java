package io.leadhub.vendor.zoho;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.reconciliation.ErrorCategory;

/** Zoho CRM error codes (per record inside {@code data[]}, or for the whole request) to hub categories. */
final class ZohoErrors {
    private ZohoErrors() {}

    /** A per-record result with {@code status: "error"}; {@code details} tell a too-long value from another invalid one. */
    static ErrorCategory recordCategory(String code, JsonNode details) {
        return switch (code) {
            case "MANDATORY_NOT_FOUND", "DEPENDENT_FIELD_MISSING" -> ErrorCategory.MISSING_REQUIRED_FIELD;
            case "INVALID_DATA" -> details.has("maximum_length") ? ErrorCategory.VALUE_TOO_LONG : ErrorCategory.DATA_VALUE_VALIDATION;
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

    /** One line for the reconciliation row: code, message and the field it names. */
    static String describe(JsonNode result) {
        JsonNode d = result.path("details");
        StringBuilder s = new StringBuilder(result.path("message").asText("error"));
        if (d.hasNonNull("api_name")) s.append(" (field ").append(d.get("api_name").asText()).append(')');
        if (d.has("maximum_length")) s.append(": longer than ").append(d.get("maximum_length").asInt()).append(" characters");
        if (d.has("expected_data_type")) s.append(": expected ").append(d.get("expected_data_type").asText());
        if (d.has("supported_values")) s.append(": allowed ").append(d.get("supported_values"));
        if (d.has("duplicate_record")) s.append(": same value as record ").append(d.path("duplicate_record").path("id").asText());
        return s.toString();
    }
}
