package io.leadhub.console;

import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import io.leadhub.integration.VendorPathParser;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** How the console names vendors and lays out their cards. */
final class VendorDisplay {
    private static final Map<Vendor, String> NAMES = Map.of(
            Vendor.HUBSPOT, "HubSpot",
            Vendor.SALESFORCE, "Salesforce",
            Vendor.PIPEDRIVE, "Pipedrive",
            Vendor.ZOHO, "Zoho CRM",
            Vendor.MARKETO, "Marketo",
            Vendor.PARDOT, "Pardot");

    private VendorDisplay() {}

    static String name(Vendor v) {
        return NAMES.get(v);
    }

    /** The {vendor} path segment; an unknown vendor is a page that does not exist. */
    static Vendor parse(String key) {
        try {
            return VendorPathParser.parse(key);
        } catch (RuntimeException e) {
            throw new ConsoleNotFound("vendor '" + key + "'");
        }
    }

    /** One card of the Integrations page: the vendor and its integration (null: never connected). */
    public record Card(Vendor vendor, String name, Integration integration) {
        /** Connected (globe), Disabled (badge), Needs re-auth, or greyed out (never connected, disconnected). */
        public String look() {
            if (integration == null) return "off";
            return switch (integration.state()) {
                case CONNECTED -> "connected";
                case DISABLED -> "disabled";
                case NEEDS_REAUTH -> "reauth";
                case DISCONNECTED -> "off";
            };
        }
    }

    static List<Card> cards(Vendor.Category category, List<Integration> integrations) {
        return Arrays.stream(Vendor.values())
                .filter(v -> v.category() == category)
                .map(v -> new Card(
                        v,
                        name(v),
                        integrations.stream()
                                .filter(i -> i.vendor() == v)
                                .findFirst()
                                .orElse(null)))
                .toList();
    }
}
