package io.leadhub.connector;

/** The hub's own failure categories (SPEC §11), with a plain description and a fix hint. */
public enum ErrorCategory {
    AUTHENTICATION(
            false,
            "The vendor rejected the integration's credentials and refreshing them failed.",
            "Re-connect the integration; held leads are released afterwards."),
    PERMISSION(
            false,
            "The connected user cannot read or write the mapped object or field.",
            "Grant the integration user access to the object and fields, then retry."),
    NO_TAG_MAPPING(
            false,
            "A qualifier value on the lead has no mapping for this vendor.",
            "Map the qualifier value in the integration's qualifier mappings, then retry."),
    DATA_VALUE_VALIDATION(
            false,
            "The vendor rejected a value (validation rule, picklist, format).",
            "Fix the value or the mapping named in the message, then retry."),
    MISSING_REMOTE_FIELD(
            false,
            "A mapped vendor field does not exist or is not visible.",
            "Create the field in the vendor or remove it from the mapping, then retry."),
    MISSING_REQUIRED_FIELD(
            false,
            "The vendor requires a field the lead or the mapping does not supply.",
            "Map a hub field to the required vendor field, then retry."),
    VALUE_TOO_LONG(
            false,
            "A value is longer than the vendor field allows.",
            "Shorten the value or set truncate: true on the mapping row, then retry."),
    DUPLICATE_RECORD(
            false,
            "A vendor duplicate rule blocked the write.",
            "Merge the duplicates in the vendor or relax the duplicate rule, then retry."),
    CAMPAIGN_ERROR(
            false,
            "The linked campaign or program is missing, archived, or the status is unknown.",
            "Fix the event's campaign link, then retry."),
    RATE_LIMITED(
            true,
            "The vendor throttled the calls and the retry attempts ran out.",
            "Nothing to fix: the hub retries after the vendor's window."),
    QUOTA_EXHAUSTED(
            true,
            "The vendor's daily API quota is used up.",
            "Nothing to fix: the hub retries after the quota resets."),
    VENDOR_UNAVAILABLE(
            true,
            "The vendor answered 5xx, timed out, or could not be reached.",
            "Nothing to fix: the hub retries with backoff."),
    INTERNAL(false, "An unexpected error in the hub.", "Report it with the lead id; retry once fixed.");

    private final boolean retriedAutomatically;
    private final String description;
    private final String fixHint;

    ErrorCategory(boolean retriedAutomatically, String description, String fixHint) {
        this.retriedAutomatically = retriedAutomatically;
        this.description = description;
        this.fixHint = fixHint;
    }

    public boolean retriedAutomatically() {
        return retriedAutomatically;
    }

    public String description() {
        return description;
    }

    public String fixHint() {
        return fixHint;
    }
}
