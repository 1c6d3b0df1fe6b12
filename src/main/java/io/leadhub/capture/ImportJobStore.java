package io.leadhub.capture;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.sql.Timestamp;
import java.time.Duration;
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
 * CSV import jobs, their progress and their claims. A background import (its upload stored by
 * {@link ImportUploadStore}) is RUNNING until DONE or FAILED; the node running it holds a lease on the
 * row, renewed with every committed step, and a RUNNING job whose lease has expired or was released
 * is claimed by whichever node polls first ({@link #claim}): one conditional UPDATE, which one node
 * wins. A step commits only while its node still holds the lease ({@link #commitStep}), so two nodes
 * never both store the same rows. An import inside its HTTP request (no stored upload) holds a lease
 * too; when its node dies the poller finds it and marks it FAILED: it stored nothing.
 */
@Repository
public class ImportJobStore {
    /** Rejected rows kept per import (all are counted). */
    static final int KEPT_REJECTIONS = 1000;

    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;
    private final ImportUploadStore uploads;
    private final TransactionTemplate separate;

    public ImportJobStore(
            NamedParameterJdbcTemplate jdbc,
            ObjectMapper json,
            ImportUploadStore uploads,
            PlatformTransactionManager txm) {
        this.jdbc = jdbc;
        this.json = json;
        this.uploads = uploads;
        this.separate = new TransactionTemplate(txm);
        this.separate.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** A job as a node claimed it: what it is and how far it got (its committed position and counts). */
    record Job(String id, String org, String event, Long uploadBytes, Position position, int attempts, String error) {}

    /** How far an import got: records handled, the line of the last one, and the counts. */
    record Position(int rowsRead, int lastLine, int imported, int merged, int rejected) {}

    /** A rejected row and why. */
    record Rejection(int line, String reason) {}

    /** An import that runs inside its HTTP request, leased to {@code node}. */
    void start(String id, String org, String event, String node, Duration lease) {
        OffsetDateTime now = OffsetDateTime.now();
        separate.executeWithoutResult(s -> jdbc.update(
                "INSERT INTO import_job (id, org_id, event_id, state, created_at, lease_owner, lease_until) "
                        + "VALUES (:id, :org, :event, 'RUNNING', :now, :node, :until)",
                new MapSqlParameterSource()
                        .addValue("id", id)
                        .addValue("org", org)
                        .addValue("event", event)
                        .addValue("now", now)
                        .addValue("node", node)
                        .addValue("until", now.plus(lease))));
    }

    /**
     * A background import: the job and its whole upload, stored in one transaction (a job is never
     * seen without its complete upload). No lease: the first node to poll claims it. Answers the size.
     */
    long store(String id, String org, String event, InputStream upload) {
        Long size = separate.execute(s -> {
            jdbc.update(
                    "INSERT INTO import_job (id, org_id, event_id, state, created_at) "
                            + "VALUES (:id, :org, :event, 'RUNNING', :now)",
                    Map.of("id", id, "org", org, "event", event, "now", OffsetDateTime.now()));
            long bytes = uploads.store(id, upload);
            jdbc.update("UPDATE import_job SET upload_bytes = :bytes WHERE id = :id", Map.of("id", id, "bytes", bytes));
            return bytes;
        });
        return size == null ? 0 : size;
    }

    /** Progress of an import inside its request (its own transaction, visible at once); renews its lease. */
    void progress(String id, String node, Duration lease, Position p) {
        separate.executeWithoutResult(s -> commitStep(id, node, lease, p, List.of()));
    }

    /**
     * The end of an import inside its request, in the transaction of its leads: DONE with its counts
     * and (the first 1,000) rejected rows. False (the caller rolls the import back) when the request's
     * node no longer holds the job: its lease expired and a poller has marked it FAILED.
     */
    boolean finish(String id, String node, Position p, List<Rejection> rejections) {
        int n = jdbc.update(
                "UPDATE import_job SET state = 'DONE', rows_read = :r, last_line = :line, imported = :i, merged = :m, "
                        + "rejected = :x, error = NULL, lease_owner = NULL, lease_until = NULL, finished_at = :now "
                        + "WHERE id = :id AND lease_owner = :node AND state = 'RUNNING'",
                position(p).addValue("id", id).addValue("node", node).addValue("now", OffsetDateTime.now()));
        if (n != 1) return false;
        addRejections(id, rejections.size() > KEPT_REJECTIONS ? rejections.subList(0, KEPT_REJECTIONS) : rejections);
        return true;
    }

    /** FAILED, for a reason the user can act on; the stored upload is deleted. */
    void fail(String id, String error) {
        separate.executeWithoutResult(s -> {
            jdbc.update(
                    "UPDATE import_job SET state = 'FAILED', error = :e, lease_owner = NULL, lease_until = NULL, "
                            + "finished_at = :now WHERE id = :id AND state = 'RUNNING'",
                    Map.of("id", id, "e", abbreviate(error), "now", OffsetDateTime.now()));
            uploads.delete(id);
        });
    }

    /**
     * Claims the oldest RUNNING job whose lease has expired or was never taken (or released), for
     * {@code node} until now + {@code lease}. Each candidate is taken with an UPDATE that re-checks the
     * lease, so of several nodes polling at once exactly one gets a job.
     */
    Optional<Job> claim(String node, Duration lease) {
        OffsetDateTime now = OffsetDateTime.now();
        List<String> candidates = jdbc.queryForList(
                "SELECT id FROM import_job WHERE state = 'RUNNING' AND (lease_until IS NULL OR lease_until < :now) "
                        + "ORDER BY created_at, id LIMIT 10",
                Map.of("now", now),
                String.class);
        for (String id : candidates) {
            int won = jdbc.update(
                    "UPDATE import_job SET lease_owner = :node, lease_until = :until, attempts = attempts + 1 "
                            + "WHERE id = :id AND state = 'RUNNING' AND (lease_until IS NULL OR lease_until < :now)",
                    new MapSqlParameterSource()
                            .addValue("id", id)
                            .addValue("node", node)
                            .addValue("until", now.plus(lease))
                            .addValue("now", now));
            if (won == 1) return load(id);
        }
        return Optional.empty();
    }

    private Optional<Job> load(String id) {
        return jdbc
                .query(
                        "SELECT id, org_id, event_id, upload_bytes, rows_read, last_line, imported, merged, rejected, "
                                + "attempts, error FROM import_job WHERE id = :id",
                        Map.of("id", id),
                        (rs, i) -> new Job(
                                rs.getString("id"),
                                rs.getString("org_id"),
                                rs.getString("event_id"),
                                rs.getObject("upload_bytes") == null ? null : rs.getLong("upload_bytes"),
                                new Position(
                                        rs.getInt("rows_read"),
                                        rs.getInt("last_line"),
                                        rs.getInt("imported"),
                                        rs.getInt("merged"),
                                        rs.getInt("rejected")),
                                rs.getInt("attempts"),
                                rs.getString("error")))
                .stream()
                .findFirst();
    }

    /** Renews {@code node}'s lease (its own transaction); false when the node no longer holds it. */
    boolean renew(String id, String node, Duration lease) {
        Integer n = separate.execute(s -> jdbc.update(
                "UPDATE import_job SET lease_until = :until WHERE id = :id AND lease_owner = :node AND state = 'RUNNING'",
                Map.of("id", id, "node", node, "until", OffsetDateTime.now().plus(lease))));
        return n != null && n == 1;
    }

    /**
     * In the transaction of a step's leads: the new position and counts, and a renewed lease. False
     * (the caller rolls the step back) when {@code node} no longer holds the job.
     */
    boolean commitStep(String id, String node, Duration lease, Position p, List<Rejection> rejections) {
        int n = jdbc.update(
                "UPDATE import_job SET rows_read = :r, last_line = :line, imported = :i, merged = :m, rejected = :x, "
                        + "lease_until = :until WHERE id = :id AND lease_owner = :node AND state = 'RUNNING'",
                position(p)
                        .addValue("id", id)
                        .addValue("node", node)
                        .addValue("until", OffsetDateTime.now().plus(lease)));
        if (n != 1) return false;
        int kept = p.rejected() - rejections.size();
        if (kept < KEPT_REJECTIONS)
            addRejections(id, rejections.subList(0, Math.min(rejections.size(), KEPT_REJECTIONS - kept)));
        return true;
    }

    /** In the transaction of the last step: DONE, the lease given up, the stored upload deleted. */
    void complete(String id) {
        jdbc.update(
                "UPDATE import_job SET state = 'DONE', error = NULL, lease_owner = NULL, lease_until = NULL, "
                        + "finished_at = :now WHERE id = :id",
                Map.of("id", id, "now", OffsetDateTime.now()));
        uploads.delete(id);
    }

    /**
     * Gives up {@code node}'s lease so that the next poll of any node takes the job on from its
     * committed position. {@code handover}: the node is stopping, so the attempt is given back;
     * else {@code problem} says why the step failed (shown with the job while it is retried).
     */
    void release(String id, String node, boolean handover, String problem) {
        separate.executeWithoutResult(s -> jdbc.update(
                "UPDATE import_job SET lease_owner = NULL, lease_until = NULL"
                        + (handover ? ", attempts = attempts - 1" : ", error = :e")
                        + " WHERE id = :id AND lease_owner = :node AND state = 'RUNNING'",
                new MapSqlParameterSource()
                        .addValue("id", id)
                        .addValue("node", node)
                        .addValue("e", problem == null ? null : abbreviate(problem))));
    }

    private void addRejections(String id, List<Rejection> rejections) {
        if (rejections.isEmpty()) return;
        jdbc.batchUpdate(
                "INSERT INTO import_rejection (import_id, line, reason) VALUES (:id, :line, :reason)",
                rejections.stream()
                        .map(r -> new MapSqlParameterSource()
                                .addValue("id", id)
                                .addValue("line", r.line())
                                .addValue("reason", abbreviate(r.reason())))
                        .toArray(MapSqlParameterSource[]::new));
    }

    private static MapSqlParameterSource position(Position p) {
        return new MapSqlParameterSource()
                .addValue("r", p.rowsRead())
                .addValue("line", p.lastLine())
                .addValue("i", p.imported())
                .addValue("m", p.merged())
                .addValue("x", p.rejected());
    }

    private static String abbreviate(String s) {
        return s.length() <= 2000 ? s : s.substring(0, 1999) + "…";
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
        List<Map<String, Object>> rejections = jdbc.query(
                "SELECT line, reason FROM import_rejection WHERE import_id = :id ORDER BY line",
                Map.of("id", id),
                (rs, i) -> {
                    Map<String, Object> rejection = new LinkedHashMap<>();
                    rejection.put("line", rs.getInt(1));
                    rejection.put("reason", rs.getString(2));
                    return rejection;
                });
        if (!rejections.isEmpty()) {
            out.put("rejections", json.valueToTree(rejections));
        } else if (r.get("REJECTIONS") != null) {
            // an import finished before the rejections had a table of their own
            try {
                out.put("rejections", json.readTree((String) r.get("REJECTIONS")));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else if (!"RUNNING".equals(r.get("STATE"))) {
            out.put("rejections", json.createArrayNode());
        }
        return Optional.of(out);
    }
}
