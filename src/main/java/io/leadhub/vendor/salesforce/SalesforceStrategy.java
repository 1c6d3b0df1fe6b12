package io.leadhub.vendor.salesforce;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The Salesforce matching strategies (SPEC §9), the integration setting {@code strategy}. The
 * strategy in force when a lead was planned is frozen on its reconciliation row.
 */
enum SalesforceStrategy {
    /** Contact ID → Contact Email → Lead ID → Lead Email → create Lead (recommended, the default). */
    LEADS_AND_CONTACTS,
    /** Lead ID → Lead Email → create Lead. */
    LEADS_ONLY,
    /** Contact ID → Contact Email → Account by website domain or company name → create Contact (and Account). */
    ACCOUNTS_AND_CONTACTS;

    static final String SETTING = "strategy";

    static Optional<SalesforceStrategy> parse(String value) {
        if (value == null || value.isBlank()) return Optional.of(LEADS_AND_CONTACTS);
        String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return Arrays.stream(values()).filter(s -> s.name().equals(v)).findFirst();
    }

    /** The strategy frozen on a row; rows planned before any strategy was set use the default. */
    static SalesforceStrategy of(String frozen) {
        return parse(frozen).orElse(LEADS_AND_CONTACTS);
    }

    boolean contactsFirst() { return this != LEADS_ONLY; }

    boolean leads() { return this != ACCOUNTS_AND_CONTACTS; }
}
