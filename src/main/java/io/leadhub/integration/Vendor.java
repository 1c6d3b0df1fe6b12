package io.leadhub.integration;

import java.util.Arrays;
import java.util.Optional;

/**
 * The supported vendors, their category, the most records one write call may carry, and how many
 * leads one batch claims (at least 50: vendors that write one record per call still work through a
 * batch on one worker, instead of occupying a worker per lead), and the matching strategy used when
 * an integration's settings name none.
 */
public enum Vendor {
    SALESFORCE("salesforce", Category.CRM, 200, "LEADS_AND_CONTACTS"),
    HUBSPOT("hubspot", Category.CRM, 100, null),
    PIPEDRIVE("pipedrive", Category.CRM, 1, null),
    ZOHO("zoho", Category.CRM, 100, null),
    MARKETO("marketo", Category.MA, 300, null),
    PARDOT("pardot", Category.MA, 1, null);

    public enum Category {
        CRM,
        MA
    }

    private final String key;
    private final Category category;
    private final int batchMax;
    private final String defaultMatchStrategy;

    Vendor(String key, Category category, int batchMax, String defaultMatchStrategy) {
        this.key = key;
        this.category = category;
        this.batchMax = batchMax;
        this.defaultMatchStrategy = defaultMatchStrategy;
    }

    /** The matching strategy a lead is planned with when the integration's settings name none (null: the vendor has one way). */
    public String defaultMatchStrategy() {
        return defaultMatchStrategy;
    }

    public String key() {
        return key;
    }

    public Category category() {
        return category;
    }

    public int batchMax() {
        return batchMax;
    }

    public int claimSize() {
        return Math.max(batchMax, 50);
    }

    public static Optional<Vendor> byKey(String key) {
        return Arrays.stream(values()).filter(v -> v.key.equals(key)).findFirst();
    }
}
