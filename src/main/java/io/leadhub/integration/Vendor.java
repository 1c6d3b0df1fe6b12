package io.leadhub.integration;

import java.util.Arrays;
import java.util.Optional;

/**
 * The supported vendors, their category, the most records one write call may carry, and how many
 * leads one batch claims (at least 50: vendors that write one record per call still work through a
 * batch on one worker, instead of occupying a worker per lead).
 */
public enum Vendor {
    SALESFORCE("salesforce", Category.CRM, 200),
    HUBSPOT("hubspot", Category.CRM, 100),
    PIPEDRIVE("pipedrive", Category.CRM, 1),
    ZOHO("zoho", Category.CRM, 100),
    MARKETO("marketo", Category.MA, 300),
    PARDOT("pardot", Category.MA, 1);

    public enum Category { CRM, MA }

    private final String key;
    private final Category category;
    private final int batchMax;

    Vendor(String key, Category category, int batchMax) {
        this.key = key;
        this.category = category;
        this.batchMax = batchMax;
    }

    public String key() { return key; }
    public Category category() { return category; }
    public int batchMax() { return batchMax; }
    public int claimSize() { return Math.max(batchMax, 50); }

    public static Optional<Vendor> byKey(String key) {
        return Arrays.stream(values()).filter(v -> v.key.equals(key)).findFirst();
    }
}
