package io.leadhub.mapping;

/** Hub field types (SPEC §7.1). */
public enum FieldType {
    TEXT,
    EMAIL,
    PHONE,
    URL,
    NUMBER,
    DATE,
    BOOLEAN,
    PICKLIST,
    MULTI_PICKLIST
}
