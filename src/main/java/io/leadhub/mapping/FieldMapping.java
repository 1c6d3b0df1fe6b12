package io.leadhub.mapping;

import io.leadhub.connector.WritePolicy;

import com.fasterxml.jackson.annotation.JsonInclude;

/** One mapping row: hub field -> vendor field of one vendor object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldMapping(String hubField, String vendorField, FieldType type, WritePolicy writePolicy,
                           Boolean truncate, Integer maxLength) {
    public FieldMapping {
        if (type == null) type = FieldType.TEXT;
        if (writePolicy == null) writePolicy = WritePolicy.ALWAYS;
        if (truncate == null) truncate = false;
    }
}
