package io.leadhub.connector;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record a sync of a lead would write (or only associate), exactly as it would be sent.
 *
 * @param object the hub's mapping object (contact, lead, company, programMember…)
 * @param vendorObject the vendor's object
 * @param action CREATE, UPDATE, ASSOCIATE (an existing record only linked, not written) or SKIP
 * @param vendorId the record updated or associated; null when it would be created
 * @param fields the values sent (vendor field -> value)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PreviewRecord(
        String object, String vendorObject, String action, String vendorId, Map<String, Object> fields) {
    public static final String CREATE = "CREATE";
    public static final String UPDATE = "UPDATE";
    public static final String ASSOCIATE = "ASSOCIATE";
    public static final String SKIP = "SKIP";

    public PreviewRecord {
        fields = fields == null ? Map.of() : new LinkedHashMap<>(fields);
    }

    /** CREATE when {@code vendorId} is null, else UPDATE of that record. */
    public static PreviewRecord write(String object, String vendorObject, String vendorId, Map<String, Object> fields) {
        return new PreviewRecord(object, vendorObject, vendorId == null ? CREATE : UPDATE, vendorId, fields);
    }
}
