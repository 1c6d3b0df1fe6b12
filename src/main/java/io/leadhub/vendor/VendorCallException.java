package io.leadhub.vendor;

import io.leadhub.reconciliation.ErrorCategory;

/** A vendor call that failed for the whole request after the retry policy ran out. */
public class VendorCallException extends RuntimeException {
    private final ErrorCategory category;
    private final String vendorCode;

    public VendorCallException(ErrorCategory category, String vendorCode, String message) {
        super(message);
        this.category = category;
        this.vendorCode = vendorCode;
    }

    public ErrorCategory category() { return category; }
    public String vendorCode() { return vendorCode; }
}
