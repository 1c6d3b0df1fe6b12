package io.leadhub.connector.marketo;

import io.leadhub.connector.ErrorCategory;
import java.util.Locale;

/**
 * Marketo error codes (the quoted strings of {@code errors[].code} and of a skipped record's
 * {@code reasons[].code}) to hub categories.
 */
final class MarketoErrorClassifier {
    private MarketoErrorClassifier() {}

    /** A per-record reason of a skipped lead. */
    static ErrorCategory recordCategory(String code, String message) {
        return switch (code) {
            case "1001", "1003" ->
                tooLong(message) ? ErrorCategory.VALUE_TOO_LONG : ErrorCategory.DATA_VALUE_VALIDATION;
            case "1002" -> ErrorCategory.MISSING_REQUIRED_FIELD;
            case "1005", "1007" -> ErrorCategory.DUPLICATE_RECORD;
            case "1006" -> ErrorCategory.MISSING_REMOTE_FIELD;
            case "1008" -> ErrorCategory.PERMISSION;
            case "1004" -> ErrorCategory.DATA_VALUE_VALIDATION;
            default -> ErrorCategory.DATA_VALUE_VALIDATION;
        };
    }

    /** A whole-request error (success: false) that the shared HTTP layer did not handle. */
    static ErrorCategory requestCategory(String code, String message) {
        return switch (code) {
            case "603" -> ErrorCategory.PERMISSION;
            case "600", "601", "602" -> ErrorCategory.AUTHENTICATION;
            case "606", "615" -> ErrorCategory.RATE_LIMITED;
            case "607" -> ErrorCategory.QUOTA_EXHAUSTED;
            case "604", "608", "611", "713" -> ErrorCategory.VENDOR_UNAVAILABLE;
            case "1006" -> ErrorCategory.MISSING_REMOTE_FIELD;
            case "" -> ErrorCategory.VENDOR_UNAVAILABLE;
            default -> code.startsWith("1") ? recordCategory(code, message) : ErrorCategory.DATA_VALUE_VALIDATION;
        };
    }

    private static boolean tooLong(String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        return m.contains("max length") || m.contains("too long") || m.contains("exceeds");
    }
}
