package io.leadhub.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Map;

/**
 * When a mapped value is written (SPEC §7.1). Every connector decides with {@link #writes}, given
 * whether the vendor record exists and, for IF_EMPTY, its current value, so the rule reads the
 * same for every vendor.
 */
public enum WritePolicy {
    /** Every sync writes the value. */
    ALWAYS,
    /** Only fills the vendor field when it is empty there. */
    IF_EMPTY,
    /** Only written when the hub creates the record. */
    CREATE_ONLY;

    /**
     * Whether the value is written: always into a record the hub creates; into an existing one per
     * the policy, IF_EMPTY only when {@code current} (the vendor's value of the field) is empty.
     */
    public boolean writes(boolean recordExists, Object current) {
        return switch (this) {
            case ALWAYS -> true;
            case CREATE_ONLY -> !recordExists;
            case IF_EMPTY -> !recordExists || isEmpty(current);
        };
    }

    /** Whether the policy needs the vendor record's current values to decide (the record must be read first). */
    public boolean conditional() {
        return this != ALWAYS;
    }

    /** A vendor value that counts as empty: absent, JSON null, blank text, an empty list or object. */
    public static boolean isEmpty(Object vendorValue) {
        if (vendorValue == null) return true;
        if (vendorValue instanceof JsonNode n) {
            if (n.isNull() || n.isMissingNode()) return true;
            return n.isContainerNode() ? n.isEmpty() : n.asText("").isBlank();
        }
        if (vendorValue instanceof CharSequence c) return c.toString().isBlank();
        if (vendorValue instanceof Collection<?> c) return c.isEmpty();
        if (vendorValue instanceof Map<?, ?> m) return m.isEmpty();
        return false;
    }
}
