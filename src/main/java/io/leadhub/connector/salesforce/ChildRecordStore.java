package io.leadhub.connector.salesforce;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Custom-object records written beside a lead's Lead/Contact (table sync_child_record), so a retry updates them. */
@Repository
class ChildRecordStore {
    private final NamedParameterJdbcTemplate jdbc;

    ChildRecordStore(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** lead id -> vendor id of the {@code object} records already written for these leads. */
    Map<Long, String> find(long integrationId, String object, Collection<Long> leadIds) {
        Map<Long, String> out = new HashMap<>();
        if (leadIds.isEmpty()) return out;
        jdbc.query(
                "SELECT lead_id, vendor_id FROM sync_child_record WHERE integration_id = :i AND vendor_object = :o AND lead_id IN (:l)",
                new MapSqlParameterSource()
                        .addValue("i", integrationId)
                        .addValue("o", object)
                        .addValue("l", leadIds),
                rs -> {
                    out.put(rs.getLong(1), rs.getString(2));
                });
        return out;
    }

    void remember(long integrationId, long leadId, String object, String vendorId) {
        var p = new MapSqlParameterSource()
                .addValue("i", integrationId)
                .addValue("l", leadId)
                .addValue("o", object)
                .addValue("v", vendorId)
                .addValue("now", OffsetDateTime.now());
        int n = jdbc.update(
                "UPDATE sync_child_record SET vendor_id = :v, synced_at = :now "
                        + "WHERE integration_id = :i AND lead_id = :l AND vendor_object = :o",
                p);
        if (n == 0) {
            jdbc.update(
                    "INSERT INTO sync_child_record (integration_id, lead_id, vendor_object, vendor_id, synced_at) "
                            + "VALUES (:i, :l, :o, :v, :now)",
                    p);
        }
    }

    void forget(long integrationId, long leadId, String object) {
        jdbc.update(
                "DELETE FROM sync_child_record WHERE integration_id = :i AND lead_id = :l AND vendor_object = :o",
                Map.of("i", integrationId, "l", leadId, "o", object));
    }
}
