package io.leadhub.reconciliation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadhub.connector.Outcome;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.lead.SyncRowView;
import io.leadhub.platform.SecretRedactor;
import io.leadhub.sync.FailureMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.stereotype.Repository;

/**
 * Every sync attempt of a lead per integration (table lead_sync_attempt, SPEC §15): written by the
 * reconciliation recorder beside each outcome, the latest {@value #KEEP} per lead and integration
 * kept. Messages and traces are masked and bounded as on the reconciliation row.
 */
@Repository
class AttemptLog {
    static final int KEEP = 20;
    private static final TypeReference<LinkedHashMap<String, Integer>> CALLS = new TypeReference<>() {};

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;

    AttemptLog(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One lead's attempt in a batch: its outcome (CLEARED, FAILED or HELD) and its match trace. */
    record Attempt(SyncItem item, String outcome, String trace) {}

    /** Records the attempts of one batch, with the vendor calls the batch made, and drops the oldest beyond {@value #KEEP}. */
    void record(SyncBatch batch, List<Attempt> attempts, Map<String, Integer> calls) {
        if (attempts.isEmpty()) return;
        OffsetDateTime now = OffsetDateTime.now();
        String callsJson = write(calls);
        List<SqlParameterSource> rows = new ArrayList<>();
        for (Attempt a : attempts) {
            SyncItem item = a.item();
            Outcome o = item.outcome();
            boolean failed = o != null && !o.cleared() && "FAILED".equals(a.outcome());
            rows.add(new MapSqlParameterSource()
                    .addValue("org", batch.integration().orgId())
                    .addValue("lead", item.lead().id())
                    .addValue("integration", batch.integration().id())
                    .addValue("sync", item.syncId())
                    .addValue("vendor", batch.vendor())
                    .addValue("attempt", item.attempts())
                    .addValue("claim", batch.claimId())
                    .addValue("size", batch.items().size())
                    .addValue("outcome", a.outcome())
                    .addValue("cat", failed ? o.category().name() : null)
                    .addValue("code", o == null ? null : truncate(o.vendorCode(), 100))
                    .addValue(
                            "msg",
                            o == null || o.message() == null
                                    ? null
                                    : FailureMessage.forLead(
                                            SecretRedactor.redact(o.message()),
                                            item.lead().emailNorm()))
                    .addValue("obj", o == null ? null : o.vendorObject())
                    .addValue("vid", o == null ? null : o.vendorId())
                    .addValue("action", o == null ? null : o.action())
                    .addValue("calls", callsJson)
                    .addValue("trace", a.trace() == null ? null : SecretRedactor.redact(a.trace()))
                    .addValue("version", item.lead().version())
                    .addValue("now", now));
        }
        jdbc.batchUpdate(
                "INSERT INTO lead_sync_attempt (org_id, lead_id, integration_id, sync_id, vendor, attempt, claim_id, "
                        + "batch_size, outcome, category, vendor_code, message, vendor_object, vendor_id, action, calls, "
                        + "match_trace, lead_version, attempted_at) VALUES (:org, :lead, :integration, :sync, :vendor, "
                        + ":attempt, :claim, :size, :outcome, :cat, :code, :msg, :obj, :vid, :action, :calls, :trace, "
                        + ":version, :now)",
                rows.toArray(SqlParameterSource[]::new));
        List<Long> syncIds =
                attempts.stream().map(a -> a.item().syncId()).distinct().toList();
        jdbc.update(
                "DELETE FROM lead_sync_attempt WHERE sync_id IN (:ids) AND (SELECT COUNT(*) FROM lead_sync_attempt b "
                        + "WHERE b.sync_id = lead_sync_attempt.sync_id AND b.id > lead_sync_attempt.id) >= :keep",
                new MapSqlParameterSource().addValue("ids", syncIds).addValue("keep", KEEP));
    }

    /**
     * A lead's history: per integration (by vendor), its reconciliation row as it is now and every
     * attempt kept, oldest first.
     */
    List<Map<String, Object>> history(long leadId) {
        Map<Long, Map<String, Object>> byRow = new LinkedHashMap<>();
        jdbc.query("SELECT * FROM lead_sync WHERE lead_id = :l ORDER BY vendor", Map.of("l", leadId), rs -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("vendor", rs.getString("vendor"));
            entry.put("current", SyncRowView.of(rs));
            entry.put("attempts", new ArrayList<Map<String, Object>>());
            byRow.put(rs.getLong("id"), entry);
        });
        jdbc.query(
                "SELECT * FROM lead_sync_attempt WHERE lead_id = :l ORDER BY sync_id, id", Map.of("l", leadId), rs -> {
                    Map<String, Object> entry = byRow.get(rs.getLong("sync_id"));
                    if (entry == null) return;
                    @SuppressWarnings("unchecked")
                    List<Map<String, Object>> list = (List<Map<String, Object>>) entry.get("attempts");
                    list.add(attempt(rs));
                });
        return new ArrayList<>(byRow.values());
    }

    private Map<String, Object> attempt(ResultSet rs) throws SQLException {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("attempt", rs.getInt("attempt"));
        a.put("at", rs.getTimestamp("attempted_at").toInstant());
        a.put("batch", rs.getString("claim_id"));
        a.put("batchSize", rs.getInt("batch_size"));
        a.put("leadVersion", rs.getInt("lead_version"));
        a.put("calls", read(rs.getString("calls")));
        a.put("outcome", rs.getString("outcome"));
        put(a, "category", rs.getString("category"));
        put(a, "vendorCode", rs.getString("vendor_code"));
        put(a, "message", rs.getString("message"));
        put(a, "vendorObject", rs.getString("vendor_object"));
        put(a, "vendorId", rs.getString("vendor_id"));
        put(a, "action", rs.getString("action"));
        String trace = rs.getString("match_trace");
        a.put("matchTrace", trace == null || trace.isEmpty() ? List.of() : List.of(trace.split("\n")));
        return a;
    }

    private static void put(Map<String, Object> m, String k, Object v) {
        if (v != null) m.put(k, v);
    }

    private String write(Map<String, Integer> calls) {
        try {
            return json.writeValueAsString(calls);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Integer> read(String text) {
        try {
            return text == null ? Map.of() : json.readValue(text, CALLS);
        } catch (JsonProcessingException e) {
            return Map.of();
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
