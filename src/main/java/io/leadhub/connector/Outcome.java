package io.leadhub.connector;

import java.time.Instant;

/** What happened to one lead in one batch: cleared (vendor record) or failed (category and reason). */
public record Outcome(
        boolean cleared,
        String vendorObject,
        String vendorId,
        String companyVendorId,
        String action,
        ErrorCategory category,
        String vendorCode,
        String message,
        Instant retryAt) {

    public static Outcome cleared(String vendorObject, String vendorId, String companyVendorId, boolean created) {
        return new Outcome(
                true, vendorObject, vendorId, companyVendorId, created ? "CREATED" : "UPDATED", null, null, null, null);
    }

    public static Outcome failed(ErrorCategory category, String vendorCode, String message) {
        return failed(category, vendorCode, message, null);
    }

    /** A failure the vendor says may be retried at a known time (a daily quota's reset). */
    public static Outcome failed(ErrorCategory category, String vendorCode, String message, Instant retryAt) {
        return new Outcome(false, null, null, null, null, category, vendorCode, message, retryAt);
    }

    /** A failure after the primary record was written (e.g. activities): keeps the record ids for the retry. */
    public Outcome failedAfterWrite(ErrorCategory category, String vendorCode, String message) {
        return new Outcome(false, vendorObject, vendorId, companyVendorId, action, category, vendorCode, message, null);
    }
}
