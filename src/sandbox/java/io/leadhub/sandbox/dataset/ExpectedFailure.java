package io.leadhub.sandbox.dataset;

import java.util.List;

/**
 * Why a generated lead is expected to fail at the vendor stage, and the words its reconciliation
 * message must contain (case-insensitive) so an operator can tell which of the lead's values is wrong.
 */
public record ExpectedFailure(Kind kind, String reason, List<String> mentions) {

    public enum Kind {
        /** A tapped qualifier value the integration has no mapping for: NO_TAG_MAPPING before any vendor call. */
        UNMAPPED_QUALIFIER,
        /** The planted lead ({@link VendorReject}): the vendor refuses the record. */
        VENDOR_REJECT
    }

    public ExpectedFailure {
        mentions = List.copyOf(mentions);
    }
}
