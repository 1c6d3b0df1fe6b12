package io.leadhub.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record held by a simulator: vendor + object name + id, an optional unique key (e.g. a
 * normalized email), the JSON payload and epoch-millisecond timestamps.
 */
public record SimRecord(
        String vendor, String object, String id, String uniqueKey, ObjectNode data, long createdAt, long updatedAt) {

    /** A copy of the payload, safe to modify. */
    public ObjectNode dataCopy() {
        return data.deepCopy();
    }
}
