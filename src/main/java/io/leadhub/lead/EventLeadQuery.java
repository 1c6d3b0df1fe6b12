package io.leadhub.lead;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/** The leads of one event, a page at a time, each with its sync state per integration (the console's event page). */
@Component
public class EventLeadQuery {
    private final NamedParameterJdbcTemplate jdbc;

    public EventLeadQuery(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One lead of the list: its identity and, per vendor key, its reconciliation state (category when FAILED). */
    public record Row(long id, String name, String email, String company, int scanCount, Map<String, Sync> byVendor) {}

    /** A lead's state for one integration. */
    public record Sync(String state, String category, String holdReason) {}

    public int count(String orgId, String eventId) {
        Integer n = jdbc.queryForObject(
                "SELECT COUNT(*) FROM lead WHERE org_id = :org AND event_id = :event",
                Map.of("org", orgId, "event", eventId),
                Integer.class);
        return n == null ? 0 : n;
    }

    /** Leads of the event in capture order; {@code limit} at most 500. */
    public List<Row> page(String orgId, String eventId, int limit, int offset) {
        var p = new MapSqlParameterSource()
                .addValue("org", orgId)
                .addValue("event", eventId)
                .addValue("limit", Math.max(1, Math.min(limit, 500)))
                .addValue("offset", Math.max(0, offset));
        Map<Long, Row> rows = new LinkedHashMap<>();
        jdbc.query(
                "SELECT id, first_name, last_name, email, company, scan_count FROM lead "
                        + "WHERE org_id = :org AND event_id = :event ORDER BY id LIMIT :limit OFFSET :offset",
                p,
                rs -> {
                    String name = String.join(
                                    " ",
                                    rs.getString("first_name") == null ? "" : rs.getString("first_name"),
                                    rs.getString("last_name") == null ? "" : rs.getString("last_name"))
                            .trim();
                    rows.put(
                            rs.getLong("id"),
                            new Row(
                                    rs.getLong("id"),
                                    name,
                                    rs.getString("email"),
                                    rs.getString("company"),
                                    rs.getInt("scan_count"),
                                    new LinkedHashMap<>()));
                });
        if (rows.isEmpty()) return List.of();
        jdbc.query(
                "SELECT lead_id, vendor, state, category, hold_reason FROM lead_sync "
                        + "WHERE org_id = :org AND lead_id IN (:ids) ORDER BY vendor",
                new MapSqlParameterSource().addValue("org", orgId).addValue("ids", new ArrayList<>(rows.keySet())),
                rs -> {
                    rows.get(rs.getLong("lead_id"))
                            .byVendor()
                            .put(
                                    rs.getString("vendor"),
                                    new Sync(
                                            rs.getString("state"),
                                            rs.getString("category"),
                                            rs.getString("hold_reason")));
                });
        return List.copyOf(rows.values());
    }
}
