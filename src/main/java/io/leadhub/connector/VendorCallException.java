package io.leadhub.connector;

import io.leadhub.platform.SecretRedactor;
import java.time.Instant;

/**
 * A vendor call that failed for the whole request after the retry policy ran out. The message is
 * built from vendor answers, so secret values in it (tokens in URLs or token-endpoint bodies) are
 * masked before it can reach a log line or a reconciliation row.
 */
public class VendorCallException extends RuntimeException {
    private final ErrorCategory category;
    private final String vendorCode;
    private final Instant retryAt;

    public VendorCallException(ErrorCategory category, String vendorCode, String message) {
        this(category, vendorCode, message, null);
    }

    /** {@code retryAt}: when the vendor allows the next try (a daily quota's reset), if it is known. */
    public VendorCallException(ErrorCategory category, String vendorCode, String message, Instant retryAt) {
        super(SecretRedactor.redact(message));
        this.category = category;
        this.vendorCode = vendorCode;
        this.retryAt = retryAt;
    }

    /**
     * Vendor code of a call refused by the hub itself because the integration is not CONNECTED any
     * more (disabled, disconnected, or waiting for re-auth while a batch was in flight): nothing was
     * sent, and the reconciliation recorder puts the lead back to HELD instead of failing it.
     */
    public static final String INTEGRATION_INACTIVE = "HUB_INTEGRATION_INACTIVE";

    public static VendorCallException integrationInactive(String state) {
        return new VendorCallException(
                ErrorCategory.INTERNAL,
                INTEGRATION_INACTIVE,
                "not sent: the integration is " + state + "; the lead is held until it is connected or enabled again");
    }

    public Instant retryAt() {
        return retryAt;
    }

    public ErrorCategory category() {
        return category;
    }

    public String vendorCode() {
        return vendorCode;
    }
}
