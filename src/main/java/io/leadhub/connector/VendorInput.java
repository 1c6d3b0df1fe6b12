package io.leadhub.connector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * One record a connector sends to its vendor, and the hub leads riding on it: one lead, or several
 * leads of a batch that share the record's vendor key ({@link BatchMerger}). The vendor answers once
 * for the record, and that answer clears or fails every lead riding on it.
 */
public final class VendorInput {
    private final String key;
    private final Map<String, Object> fields;
    private final List<SyncItem> items;

    /**
     * {@code key}: what the record is sent and answered by (a vendor id, an email, a position; null
     * when it has none); {@code fields}: what is sent; {@code items}: the leads it stands for.
     */
    public VendorInput(String key, Map<String, Object> fields, List<SyncItem> items) {
        this.key = key;
        this.fields = fields;
        this.items = items;
    }

    /** One lead's record: a copy of its values, which later leads may add to. */
    public static VendorInput of(String key, Map<String, Object> values, SyncItem item) {
        return new VendorInput(key, new LinkedHashMap<>(values), new ArrayList<>(List.of(item)));
    }

    public String key() {
        return key;
    }

    /** The fields sent (mutable: merging adds to them, write policies remove from them). */
    public Map<String, Object> fields() {
        return fields;
    }

    /** The leads riding on the record, the first one first. */
    public List<SyncItem> items() {
        return items;
    }

    /** The vendor wrote the record: every lead riding on it is traced and cleared with the record's id. */
    public void clear(String vendorObject, String vendorId, boolean created, String trace) {
        for (SyncItem item : items) {
            item.trace(trace);
            item.clear(vendorObject, vendorId, item.companyVendorId(), created);
        }
    }

    /** The vendor refused the record: every lead riding on it fails. */
    public void fail(ErrorCategory category, String vendorCode, String message) {
        items.forEach(item -> item.fail(category, vendorCode, message));
    }

    /**
     * Drops the fields their write policy does not write ({@link WritePolicy#writes}): the first
     * lead's mapping of {@code vendorObject} names each field's policy; {@code existing} is the
     * vendor's record of the key (null: there is none and the record is created) and
     * {@code current} reads one field's value from it.
     */
    public <R> void applyWritePolicies(String vendorObject, R existing, BiFunction<R, String, Object> current) {
        MappedObject mapping = items.get(0).mapped(vendorObject);
        fields.keySet()
                .removeIf(field -> !mapping.policy(field)
                        .writes(existing != null, existing == null ? null : current.apply(existing, field)));
    }
}
