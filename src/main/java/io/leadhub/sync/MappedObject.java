package io.leadhub.sync;

import io.leadhub.mapping.WritePolicy;
import java.util.LinkedHashMap;
import java.util.Map;

/** A lead's values for one vendor object (vendor field -> value), with each field's write policy. */
public final class MappedObject {
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, WritePolicy> policies = new LinkedHashMap<>();

    public void put(String vendorField, Object value, WritePolicy policy) {
        values.put(vendorField, value);
        policies.put(vendorField, policy);
    }

    public Map<String, Object> values() { return values; }
    public WritePolicy policy(String vendorField) { return policies.getOrDefault(vendorField, WritePolicy.ALWAYS); }
    public boolean hasConditionalFields() { return policies.values().stream().anyMatch(p -> p != WritePolicy.ALWAYS); }
    public Object get(String vendorField) { return values.get(vendorField); }
}
