package io.leadhub.vendor;

import io.leadhub.reconciliation.ErrorCategory;

/**
 * A vendor call that failed for the whole request after the retry policy ran out. The message is
 * built from vendor answers, so secret values in it (tokens in URLs or token-endpoint bodies) are
 * masked before it can reach a log line or a reconciliation row.
 */
public class VendorCallException extends RuntimeException {
    private final ErrorCategory category;
    private final String vendorCode;
    private final java.time.Instant retryAt;

    public VendorCallException(ErrorCategory category, String vendorCode, String message) {
        this(category, vendorCode, message, null);
    }

    /** {@code retryAt}: when the vendor allows the next try (a daily quota's reset), if it is known. */
    public VendorCallException(ErrorCategory category, String vendorCode, String message, java.time.Instant retryAt) {
        super(io.leadhub.platform.Secrets.redact(message));
        this.category = category;
        this.vendorCode = vendorCode;
        this.retryAt = retryAt;
    }

    public java.time.Instant retryAt() { return retryAt; }

    public ErrorCategory category() { return category; }
    public String vendorCode() { return vendorCode; }
}
