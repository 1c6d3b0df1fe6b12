package io.leadhub.connector;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/** A lead's values for one vendor object (vendor field -> value), with each field's write policy. */
public final class MappedObject {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, WritePolicy> policies = new LinkedHashMap<>();

    public void put(String vendorField, Object value, WritePolicy policy) {
        values.put(vendorField, value);
        policies.put(vendorField, policy);
    }

    public Map<String, Object> values() {
        return values;
    }

    public WritePolicy policy(String vendorField) {
        return policies.getOrDefault(vendorField, WritePolicy.ALWAYS);
    }

    public boolean hasConditionalFields() {
        return policies.values().stream().anyMatch(p -> p != WritePolicy.ALWAYS);
    }

    public Object get(String vendorField) {
        return values.get(vendorField);
    }

    /** The vendor fields whose write policy needs the vendor record's current values. */
    public Set<String> conditionalFields() {
        Set<String> out = new LinkedHashSet<>();
        policies.forEach((field, p) -> {
            if (p.conditional()) out.add(field);
        });
        return out;
    }

    /**
     * The values to send, per each field's write policy ({@link WritePolicy#writes}):
     * {@code existing} is the vendor record (null: the hub creates it), {@code current} reads one
     * field's value from it.
     */
    public <R> Map<String, Object> toWrite(R existing, BiFunction<R, String, Object> current) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((field, value) -> {
            WritePolicy p = policy(field);
            if (p.writes(
                    existing != null, existing == null || !p.conditional() ? null : current.apply(existing, field)))
                out.put(field, value);
        });
        return out;
    }
}
