package io.leadhub.mapping;

/** When a mapped value is written (SPEC §7.1). */
public enum WritePolicy {
    /** Every sync writes the value. */
    ALWAYS,
    /** Only fills the vendor field when it is empty there. */
    IF_EMPTY,
    /** Only written when the hub creates the record. */
    CREATE_ONLY
}
