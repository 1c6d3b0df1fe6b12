package io.leadhub.connector.salesforce;

import io.leadhub.connector.ErrorCategory;
import java.util.Locale;

/**
 * Salesforce error codes to the hub's categories (SPEC §11). Single-record answers carry the code
 * in {@code errorCode}, sObject Collections results per record in {@code statusCode}; both go
 * through {@link #category}.
 */
final class SalesforceErrorClassifier {
    private SalesforceErrorClassifier() {}

    static ErrorCategory category(String code, int httpStatus) {
        String c = code == null ? "" : code.toUpperCase(Locale.ROOT);
        if (c.startsWith("INSUFFICIENT_ACCESS")
                || c.equals("API_DISABLED_FOR_ORG")
                || c.equals("INSUFFICIENT_PRIVILEGES")) {
            return ErrorCategory.PERMISSION;
        }
        return switch (c) {
            case "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                    "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                    "INVALID_EMAIL_ADDRESS",
                    "FIELD_INTEGRITY_EXCEPTION",
                    "MALFORMED_ID",
                    "INVALID_TYPE_ON_FIELD_IN_RECORD",
                    "INVALID_FIELD_FOR_INSERT_UPDATE",
                    "CANNOT_UPDATE_CONVERTED_LEAD",
                    "INVALID_CROSS_REFERENCE_KEY",
                    "JSON_PARSER_ERROR" -> ErrorCategory.DATA_VALUE_VALIDATION;
            case "REQUIRED_FIELD_MISSING" -> ErrorCategory.MISSING_REQUIRED_FIELD;
            case "STRING_TOO_LONG" -> ErrorCategory.VALUE_TOO_LONG;
            case "DUPLICATES_DETECTED", "DUPLICATE_VALUE" -> ErrorCategory.DUPLICATE_RECORD;
            case "INVALID_FIELD", "NO_SUCH_COLUMN", "INVALID_TYPE" -> ErrorCategory.MISSING_REMOTE_FIELD;
            case "INVALID_SESSION_ID", "INVALID_GRANT", "INVALID_AUTH_HEADER" -> ErrorCategory.AUTHENTICATION;
            case "REQUEST_LIMIT_EXCEEDED" -> ErrorCategory.QUOTA_EXHAUSTED;
            case "UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE", "REQUEST_RUNNING_TOO_LONG", "QUERY_TIMEOUT" ->
                ErrorCategory.VENDOR_UNAVAILABLE;
            case "NOT_FOUND", "ENTITY_IS_DELETED", "INVALID_ID_FIELD" -> ErrorCategory.DATA_VALUE_VALIDATION;
            default ->
                httpStatus == 401
                        ? ErrorCategory.AUTHENTICATION
                        : httpStatus == 403
                                ? ErrorCategory.PERMISSION
                                : httpStatus >= 500 || httpStatus == 0
                                        ? ErrorCategory.VENDOR_UNAVAILABLE
                                        : ErrorCategory.DATA_VALUE_VALIDATION;
        };
    }

    /** Worth another try of the same request: locks, 5xx, no answer at all. */
    static boolean transientFailure(String code, int httpStatus) {
        return httpStatus == 0
                || httpStatus >= 500
                || "UNABLE_TO_LOCK_ROW".equalsIgnoreCase(code)
                || "SERVER_UNAVAILABLE".equalsIgnoreCase(code);
    }
}
