package io.leadhub.connector.salesforce;

import io.leadhub.integration.Vendor;
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
    /** The recommended strategy, used when the integration names none (the planner freezes the same). */
    static final SalesforceStrategy DEFAULT = valueOf(Vendor.SALESFORCE.defaultMatchStrategy());

    static Optional<SalesforceStrategy> parse(String value) {
        if (value == null || value.isBlank()) return Optional.of(DEFAULT);
        String v = value.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return Arrays.stream(values()).filter(s -> s.name().equals(v)).findFirst();
    }

    /** The strategy frozen on a row; rows planned before any strategy was set use the default. */
    static SalesforceStrategy of(String frozen) {
        return parse(frozen).orElse(DEFAULT);
    }

    boolean contactsFirst() {
        return this != LEADS_ONLY;
    }

    boolean leads() {
        return this != ACCOUNTS_AND_CONTACTS;
    }
}
