package io.leadhub.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.leadhub.connector.WritePolicy;

/** One mapping row: hub field -> vendor field of one vendor object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldMapping(
        String hubField,
        String vendorField,
        FieldType type,
        WritePolicy writePolicy,
        Boolean truncate,
        Integer maxLength) {
    public FieldMapping {
        if (type == null) type = FieldType.TEXT;
        if (writePolicy == null) writePolicy = WritePolicy.ALWAYS;
        if (truncate == null) truncate = false;
    }
}
