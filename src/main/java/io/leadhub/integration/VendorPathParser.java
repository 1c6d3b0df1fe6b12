package io.leadhub.integration;

import io.leadhub.platform.ApiException;

/** Parses the {vendor} path segment. */
public final class VendorPathParser {
    private VendorPathParser() {}

    public static Vendor parse(String key) {
        return Vendor.byKey(key)
                .orElseThrow(() -> new ApiException(
                        404,
                        "not_found",
                        "unknown vendor '" + key + "' (salesforce, hubspot, pipedrive, zoho, marketo, pardot)"));
    }
}
