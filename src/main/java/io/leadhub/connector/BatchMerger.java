package io.leadhub.connector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Merges the leads of one batch that share a vendor key (a stored vendor id, an email) into one
 * {@link VendorInput}, so the vendor gets each record once per batch (SPEC §10: de-duplicated
 * inside the batch). The first lead with a key makes the input; a later one adds its values (its
 * value wins for a field both carry), rides on the input and is traced "same … as lead N". Inputs
 * keep the order of their first lead.
 */
public final class BatchMerger {
    private final Function<String, String> sameKey;
    private final Map<String, VendorInput> byKey = new LinkedHashMap<>();

    /**
     * {@code sameKey}: how the trace of a lead merged into an earlier one names the key they share,
     * given the key (e.g. {@code "contact: same email"}).
     */
    public BatchMerger(Function<String, String> sameKey) {
        this.sameKey = sameKey;
    }

    /** A merger whose keys are all of one kind, named {@code sameKey} in the trace. */
    public BatchMerger(String sameKey) {
        this(key -> sameKey);
    }

    /** Adds the lead's values under {@code key}; answers the input it rides on. */
    public VendorInput merge(String key, SyncItem item, Map<String, Object> values) {
        VendorInput existing = byKey.get(key);
        if (existing == null) {
            VendorInput input = VendorInput.of(key, values, item);
            byKey.put(key, input);
            return input;
        }
        existing.fields().putAll(values);
        existing.items().add(item);
        item.trace(sameKey.apply(key) + " as lead "
                + existing.items().get(0).lead().id() + " in this batch; sent once");
        return existing;
    }

    /**
     * Merges the lead by its stored vendor id into {@code byId}, else by its email into
     * {@code byEmail}, the keys a vendor upserts by; answers false, merging nothing, when the lead has
     * neither.
     */
    public static boolean mergeByIdOrEmail(
            BatchMerger byId, BatchMerger byEmail, SyncItem item, Map<String, Object> values) {
        if (item.storedVendorId() != null) byId.merge(item.storedVendorId(), item, values);
        else if (item.lead().emailNorm() != null) byEmail.merge(item.lead().emailNorm(), item, values);
        else return false;
        return true;
    }

    /** The inputs, in the order of their first lead (a new list). */
    public List<VendorInput> inputs() {
        return new ArrayList<>(byKey.values());
    }

    /** The keys, in the order of their first lead (a view). */
    public Set<String> keys() {
        return byKey.keySet();
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    /**
     * Applies the write policies to every input ({@link VendorInput#applyWritePolicies}) against
     * {@code existing}, the vendor's current records by key (a key it has no record of is created).
     */
    public <R> void applyWritePolicies(
            String vendorObject, Map<String, R> existing, BiFunction<R, String, Object> current) {
        byKey.forEach((key, input) -> input.applyWritePolicies(vendorObject, existing.get(key), current));
    }

    /** Reads the vendor's current records of some keys, by stored vendor id or by email: key -> record. */
    @FunctionalInterface
    public interface RecordReader<R> {
        Map<String, R> read(Set<String> keys, boolean byId, Set<String> fields);
    }

    /**
     * IF_EMPTY and CREATE_ONLY fields need the vendor's current values: only when a lead of either
     * merger maps such a field, the records of both are read ({@code read}, by id first) with those
     * fields and the policies applied to every input. Answers whether records were read (evidence
     * that the vendor is up).
     */
    public static <R> boolean applyWritePolicies(
            String vendorObject,
            BatchMerger byId,
            BatchMerger byEmail,
            RecordReader<R> read,
            BiFunction<R, String, Object> current) {
        Set<String> conditional = conditionalFields(vendorObject, byId, byEmail);
        if (conditional.isEmpty()) return false;
        byId.applyWritePolicies(vendorObject, read.read(byId.keys(), true, conditional), current);
        byEmail.applyWritePolicies(vendorObject, read.read(byEmail.keys(), false, conditional), current);
        return !byId.isEmpty() || !byEmail.isEmpty();
    }

    /**
     * The fields of {@code vendorObject}'s mapping, over every lead riding on the mergers' inputs,
     * whose write policy needs the vendor's current value (IF_EMPTY, CREATE_ONLY); empty when no
     * record needs to be read first.
     */
    public static Set<String> conditionalFields(String vendorObject, BatchMerger... mergers) {
        Set<String> out = new LinkedHashSet<>();
        for (BatchMerger merger : mergers) {
            for (VendorInput input : merger.byKey.values()) {
                for (SyncItem item : input.items()) {
                    MappedObject m = item.mapped(vendorObject);
                    m.values().keySet().stream()
                            .filter(f -> m.policy(f).conditional())
                            .forEach(out::add);
                }
            }
        }
        return out;
    }
}
