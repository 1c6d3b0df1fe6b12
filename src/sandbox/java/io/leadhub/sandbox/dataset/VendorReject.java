package io.leadhub.sandbox.dataset;

/**
 * A trait that makes one planted lead unacceptable to a vendor although the hub captures it, so a
 * test can check that the vendor's refusal fails that lead alone, with a message about that lead.
 * Which trait a vendor refuses depends on the vendor: the test picks one its simulator enforces.
 */
public enum VendorReject {
    /**
     * An address whose local part has non-ASCII letters ({@code zoë.ødegaard@…}, RFC 6531). The hub
     * accepts it; vendors that take only ASCII addresses refuse the record (HubSpot, Salesforce).
     */
    INTERNATIONAL_EMAIL("email"),
    /**
     * A LinkedIn profile URL carrying tracking parameters, longer than 255 characters. It fits the
     * hub's field (500) but not a 255-character vendor URL field (Marketo, Zoho).
     */
    LONG_LINKEDIN_URL("linkedin"),
    /**
     * "Lead type" tapped with {@link LeadDataset#PLANTED_OPTION}, a value the org defines and the test
     * maps to an option the vendor's picklist lacks (Pardot dropdown, Pipedrive enum field).
     */
    UNKNOWN_OPTION(null);

    private final String mention;

    VendorReject(String mention) {
        this.mention = mention;
    }

    /** A word any vendor's refusal of this trait names (case-insensitive), or null when only the test knows it. */
    public String mention() {
        return mention;
    }
}
