package io.leadhub.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * CSV import jobs and their progress. Progress is written in its own transactions, so it is
 * visible while the import's transaction is still open.
 */
@Repository
public class ImportJobStore {
    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;
    private final TransactionTemplate separate;

    public ImportJobStore(NamedParameterJdbcTemplate jdbc, ObjectMapper json, PlatformTransactionManager txm) {
        this.jdbc = jdbc;
        this.json = json;
        this.separate = new TransactionTemplate(txm);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    public void start(String id, String org, String event) {
        separate.executeWithoutResult(s -> jdbc.update(
                "INSERT INTO import_job (id, org_id, event_id, state, created_at) "
                        + "VALUES (:id, :org, :event, 'RUNNING', :now)",
                Map.of("id", id, "org", org, "event", event, "now", OffsetDateTime.now())));
    }

    public void progress(String id, int read, int imported, int merged, int rejected) {
        separate.executeWithoutResult(s -> jdbc.update(
                "UPDATE import_job SET rows_read = :r, imported = :i, merged = :m, rejected = :x " + "WHERE id = :id",
                Map.of("id", id, "r", read, "i", imported, "m", merged, "x", rejected)));
    }

    public void finish(String id, int read, int imported, int merged, List<Map<String, Object>> rejections) {
        String kept;
        try {
            kept = json.writeValueAsString(rejections.size() > 1000 ? rejections.subList(0, 1000) : rejections);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        separate.executeWithoutResult(s -> jdbc.update(
                "UPDATE import_job SET state = 'DONE', rows_read = :r, imported = :i, merged = :m, "
                        + "rejected = :x, rejections = :rej, finished_at = :now WHERE id = :id",
                new MapSqlParameterSource()
                        .addValue("id", id)
                        .addValue("r", read)
                        .addValue("i", imported)
                        .addValue("m", merged)
                        .addValue("x", rejections.size())
                        .addValue("rej", kept)
                        .addValue("now", OffsetDateTime.now())));
    }

    public void fail(String id, String error) {
        separate.executeWithoutResult(s -> jdbc.update(
                "UPDATE import_job SET state = 'FAILED', error = :e, finished_at = :now "
                        + "WHERE id = :id AND state = 'RUNNING'",
                Map.of("id", id, "e", error, "now", OffsetDateTime.now())));
    }

    /** At start-up: imports that were running when the hub stopped stored nothing (one transaction each); say so. */
    public int failInterrupted() {
        return jdbc.update(
                "UPDATE import_job SET state = 'FAILED', finished_at = :now, error = 'the hub stopped during this import; "
                        + "nothing of it was stored; upload the file again' WHERE state = 'RUNNING'",
                Map.of("now", OffsetDateTime.now()));
    }

    private static Instant instant(Object o) {
        if (o instanceof Timestamp t) return t.toInstant();
        if (o instanceof OffsetDateTime t) return t.toInstant();
        return o == null ? null : Instant.parse(o.toString());
    }

    /** The job with its counts and, per vendor, how its leads are doing in reconciliation. */
    public Optional<Map<String, Object>> view(String org, String id) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT * FROM import_job WHERE id = :id AND org_id = :org", Map.of("id", id, "org", org));
        if (rows.isEmpty()) return Optional.empty();
        Map<String, Object> r = rows.get(0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("importId", id);
        out.put("eventId", r.get("EVENT_ID"));
        out.put("state", r.get("STATE"));
        out.put("rowsRead", r.get("ROWS_READ"));
        out.put("imported", r.get("IMPORTED"));
        out.put("merged", r.get("MERGED"));
        out.put("rejected", r.get("REJECTED"));
        if (r.get("ERROR") != null) out.put("error", r.get("ERROR"));
        out.put("startedAt", instant(r.get("CREATED_AT")));
        if (r.get("FINISHED_AT") != null) out.put("finishedAt", instant(r.get("FINISHED_AT")));
        Map<String, Map<String, Integer>> sync = new LinkedHashMap<>();
        jdbc.query(
                "SELECT s.vendor, s.state, COUNT(*) FROM lead_sync s JOIN lead l ON l.id = s.lead_id "
                        + "WHERE l.import_id = :id AND l.org_id = :org GROUP BY s.vendor, s.state ORDER BY s.vendor, s.state",
                Map.of("id", id, "org", org),
                rs -> {
                    sync.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>())
                            .put(rs.getString(2).toLowerCase(), rs.getInt(3));
                });
        out.put(
                "synced",
                sync.values().stream()
                        .mapToInt(m -> m.getOrDefault("cleared", 0))
                        .sum());
        out.put("sync", sync);
        if (r.get("REJECTIONS") != null) {
            try {
                out.put("rejections", json.readTree((String) r.get("REJECTIONS")));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return Optional.of(out);
    }
}
