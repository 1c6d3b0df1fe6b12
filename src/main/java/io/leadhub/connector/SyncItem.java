package io.leadhub.connector;

import io.leadhub.lead.Lead;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One lead inside a batch for one integration: the claimed reconciliation row, the lead, what the
 * mapping processor produced per vendor object, the match trace being written, and the outcome.
 */
public final class SyncItem {
    private final long syncId;
    private final Lead lead;
    private final String storedVendorId;
    private final String storedCompanyId;
    private final String matchStrategy;
    private final int attempts;
    private final Map<String, MappedObject> mapped = new LinkedHashMap<>();
    private final List<String> trace = new ArrayList<>();
    private Outcome outcome;
    private String companyVendorId;
    private Integer batchCap;
    private Integer nextBatchCap;
    private Object plan;

    public SyncItem(long syncId, Lead lead, String storedVendorId, String storedCompanyId, String matchStrategy) {
        this(syncId, lead, storedVendorId, storedCompanyId, matchStrategy, 1);
    }

    public SyncItem(
            long syncId, Lead lead, String storedVendorId, String storedCompanyId, String matchStrategy, int attempts) {
        this.attempts = attempts;
        this.syncId = syncId;
        this.lead = lead;
        this.storedVendorId = storedVendorId;
        this.storedCompanyId = storedCompanyId;
        this.matchStrategy = matchStrategy;
    }

    /**
     * Read from the claimed row: the lead failed VENDOR_UNAVAILABLE last time inside a group of this
     * many records that the vendor did not answer (or alone), so it is a suspect and is sent in
     * groups no larger than that ({@link io.leadhub.connector.BatchIsolation}); null when it is not.
     */
    public Integer batchCap() {
        return batchCap;
    }

    public SyncItem batchCap(Integer cap) {
        this.batchCap = cap;
        return this;
    }

    /** The lead failed inside a group of {@code size} records the vendor did not answer: its retry uses groups no larger. */
    public void retryInGroupsOf(int size) {
        this.nextBatchCap = nextBatchCap == null ? size : Math.min(nextBatchCap, size);
    }

    /** The cap to store with this attempt's failure (null: none; a cleared lead never keeps one). */
    public Integer nextBatchCap() {
        return nextBatchCap;
    }

    public long syncId() {
        return syncId;
    }

    public Lead lead() {
        return lead;
    }

    public String storedVendorId() {
        return storedVendorId;
    }

    public String storedCompanyId() {
        return storedCompanyId;
    }
    /** The company record resolved in this sync (set by the company step), or the stored one. */
    public String companyVendorId() {
        return companyVendorId != null ? companyVendorId : storedCompanyId;
    }

    public void companyVendorId(String id) {
        this.companyVendorId = id;
    }

    public String matchStrategy() {
        return matchStrategy;
    }
    /** How many times this row has been claimed, this attempt included. */
    public int attempts() {
        return attempts;
    }

    /**
     * Hands what one step of a connector decided for this lead (which record to update, the payload)
     * to its later steps in the same route. The plan is the connector's own type, so this contract
     * knows no connector; it lives as long as the item, that is one claim of the row.
     */
    public void plan(Object plan) {
        this.plan = plan;
    }

    /** The plan a connector step attached, or null when there is none of that type. */
    public <T> T plan(Class<T> type) {
        return type.isInstance(plan) ? type.cast(plan) : null;
    }

    public Map<String, MappedObject> mapped() {
        return mapped;
    }

    public MappedObject mapped(String object) {
        return mapped.get(object);
    }

    public List<String> trace() {
        return trace;
    }

    public Outcome outcome() {
        return outcome;
    }

    public boolean pending() {
        return outcome == null;
    }

    public SyncItem trace(String line) {
        trace.add(line);
        return this;
    }

    public void fail(ErrorCategory category, String vendorCode, String message) {
        fail(category, vendorCode, message, null);
    }

    /** Fails the lead; {@code retryAt} is when the vendor allows another try (null: the hub's backoff decides). */
    public void fail(ErrorCategory category, String vendorCode, String message, Instant retryAt) {
        if (outcome == null) {
            outcome = Outcome.failed(category, vendorCode, message, retryAt);
            trace("failed: " + category + (vendorCode == null ? "" : " (" + vendorCode + ")") + " " + message);
        }
    }

    /** Turns a cleared outcome into a failure of a later step (the vendor record stays known). */
    public void failAfterWrite(ErrorCategory category, String vendorCode, String message) {
        outcome = outcome == null
                ? Outcome.failed(category, vendorCode, message)
                : outcome.failedAfterWrite(category, vendorCode, message);
        trace("failed after write: " + category + (vendorCode == null ? "" : " (" + vendorCode + ")") + " " + message);
    }

    public void clear(String vendorObject, String vendorId, String companyVendorId, boolean created) {
        if (outcome == null) outcome = Outcome.cleared(vendorObject, vendorId, companyVendorId, created);
    }
}
