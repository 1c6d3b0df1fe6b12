package io.leadhub.console;

import io.leadhub.integration.Vendor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vendor settings the Connect tab edits (the vendor's own validator checks them when saved):
 * Salesforce's matching strategy, Pardot's business unit, Zoho's module.
 */
final class VendorSettings {
    /** One setting: its key in the integration's settings, a label, help, and the choices (empty: free text). */
    public record Field(String key, String label, String help, List<Choice> choices, boolean required) {}

    public record Choice(String value, String label) {}

    private VendorSettings() {}

    static List<Field> fields(Vendor v) {
        return switch (v) {
            case SALESFORCE ->
                List.of(new Field(
                        "strategy",
                        "Matching strategy",
                        "How a lead finds its Salesforce record; new leads use the strategy in force when captured.",
                        List.of(
                                new Choice("LEADS_AND_CONTACTS", "Leads and Contacts (recommended)"),
                                new Choice("LEADS_ONLY", "Leads only"),
                                new Choice("ACCOUNTS_AND_CONTACTS", "Accounts and Contacts")),
                        false));
            case PARDOT ->
                List.of(new Field(
                        "businessUnitId",
                        "Business unit id",
                        "The 18-character Account Engagement business unit id (0Uv…), from Setup > Business Unit Setup.",
                        List.of(),
                        true));
            case ZOHO ->
                List.of(new Field(
                        "module",
                        "Module",
                        "Leads: each lead becomes a Zoho Lead. Contacts: a Contact under an Account found or created by name.",
                        List.of(new Choice("Leads", "Leads"), new Choice("Contacts", "Contacts and Accounts")),
                        false));
            default -> List.of();
        };
    }

    /** The settings a form gives (blank fields left out). */
    static Map<String, Object> read(Vendor v, Map<String, String> form) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : fields(v)) {
            String value = form.get(f.key());
            if (value != null && !value.isBlank()) out.put(f.key(), value.trim());
        }
        return out;
    }
}
