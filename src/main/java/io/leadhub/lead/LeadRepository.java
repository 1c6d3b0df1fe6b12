package io.leadhub.lead;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.collect.Lists;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Leads with their qualifier values, activities and provenance. Every query is scoped by org or lead id. */
@Repository
public class LeadRepository {
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {};
    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;

    public LeadRepository(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<Long> findIdByCaptureId(String orgId, String captureId) {
        return jdbc
                .queryForList(
                        "SELECT id FROM lead WHERE org_id = :org AND capture_id = :cid",
                        Map.of("org", orgId, "cid", captureId),
                        Long.class)
                .stream()
                .findFirst();
    }

    public Optional<Long> findIdInOrg(String orgId, long leadId) {
        return jdbc
                .queryForList(
                        "SELECT id FROM lead WHERE org_id = :org AND id = :id",
                        Map.of("org", orgId, "id", leadId),
                        Long.class)
                .stream()
                .findFirst();
    }

    /** The ids of the org's most recently captured leads (of one event when {@code eventId} is given), newest first. */
    public List<Long> recentIds(String orgId, String eventId, int limit) {
        return jdbc.queryForList(
                "SELECT id FROM lead WHERE org_id = :org" + (eventId == null ? "" : " AND event_id = :event")
                        + " ORDER BY captured_at DESC, id DESC LIMIT :limit",
                new MapSqlParameterSource()
                        .addValue("org", orgId)
                        .addValue("event", eventId)
                        .addValue("limit", limit),
                Long.class);
    }

    /** Inserts a new lead (enrichment pending) with its qualifier values and activities. */
    public long insert(String orgId, String eventId, LeadDraft d) {
        return insert(orgId, eventId, d, null);
    }

    /** {@link #insert(String, String, LeadDraft)} for a lead a CSV import creates, tagged with the import. */
    public long insert(String orgId, String eventId, LeadDraft d, String importId) {
        var p = new MapSqlParameterSource()
                .addValue("org", orgId)
                .addValue("event", eventId)
                .addValue("cid", d.captureId())
                .addValue("source", d.source().name())
                .addValue("captured", at(d.capturedAt()))
                .addValue("emailNorm", d.emailNorm())
                .addValue("custom", write(d.customFields()))
                .addValue("imp", importId)
                .addValue("now", OffsetDateTime.now());
        StringBuilder cols = new StringBuilder("org_id, event_id, capture_id, source, captured_at, email_norm, "
                + "custom_fields, import_id, created_at, updated_at");
        StringBuilder vals =
                new StringBuilder(":org, :event, :cid, :source, :captured, :emailNorm, :custom, :imp, :now, :now");
        for (LeadField f : LeadField.values()) {
            cols.append(", ").append(f.column());
            vals.append(", :").append(f.apiName());
            p.addValue(f.apiName(), d.get(f));
        }
        var keys = new GeneratedKeyHolder();
        jdbc.update("INSERT INTO lead (" + cols + ") VALUES (" + vals + ")", p, keys, new String[] {"id"});
        long id = keys.getKey().longValue();
        addQualifiers(id, d, Set.of());
        addActivities(id, orgId, d);
        return id;
    }

    /**
     * Merges a repeated capture of the same person into a stored lead: fills empty fields, adds
     * qualifier values and new activities, and bumps the version so the lead is synced again as an
     * update. {@code newScan} counts it as another scan of the person (a second badge scan, a second
     * row in one upload), as opposed to a client re-sending the same capture. A repeat that changes
     * nothing and is no new scan writes nothing (and so locks nothing). Answers whether anything changed.
     * A qualifier named in {@code singleSelect} keeps one value: the repeat's value replaces the stored
     * one (the rep re-rated the person), where a multi-select qualifier gains the new values.
     */
    public boolean merge(long leadId, LeadDraft d, boolean newScan, Set<String> singleSelect) {
        Lead current = load(leadId).orElseThrow();
        var p = new MapSqlParameterSource().addValue("id", leadId).addValue("now", OffsetDateTime.now());
        StringBuilder set = new StringBuilder();
        for (LeadField f : LeadField.values()) {
            if (current.get(f) == null && d.get(f) != null) {
                set.append(f.column()).append(" = :").append(f.apiName()).append(", ");
                p.addValue(f.apiName(), d.get(f));
                if (f == LeadField.EMAIL) {
                    set.append("email_norm = :emailNorm, ");
                    p.addValue("emailNorm", d.emailNorm());
                }
            }
        }
        Map<String, String> custom = new LinkedHashMap<>(current.data().customFields());
        d.customFields().forEach(custom::putIfAbsent);
        boolean changed = set.length() > 0 || !custom.equals(current.data().customFields());
        changed |= addQualifiers(leadId, d, singleSelect) > 0;
        changed |= addActivities(leadId, current.orgId(), d) > 0;
        if (!changed && !newScan) return false;
        p.addValue("custom", write(custom));
        jdbc.update(
                "UPDATE lead SET " + set + "custom_fields = :custom, "
                        + (newScan ? "scan_count = scan_count + 1, " : "")
                        // a changed lead goes back to the enrichment stage, which plans it again (providers
                        // are not asked twice: the lead keeps its enriched_at)
                        + (changed ? "version = version + 1, enrichment = 'PENDING', " : "")
                        + "updated_at = :now WHERE id = :id",
                p);
        return changed;
    }

    private int addQualifiers(long leadId, LeadDraft d, Set<String> singleSelect) {
        int added = 0;
        for (var q : d.qualifiers().entrySet()) {
            if (singleSelect.contains(q.getKey()) && q.getValue().size() == 1) {
                added += jdbc.update(
                        "DELETE FROM lead_qualifier WHERE lead_id = :id AND qualifier = :q AND option_value <> :v",
                        Map.of(
                                "id",
                                leadId,
                                "q",
                                q.getKey(),
                                "v",
                                q.getValue().iterator().next()));
            }
            for (String v : q.getValue()) {
                added += jdbc.update(
                        "INSERT INTO lead_qualifier (lead_id, qualifier, option_value) SELECT :id, :q, :v "
                                + "WHERE NOT EXISTS (SELECT 1 FROM lead_qualifier WHERE lead_id = :id AND qualifier = :q AND option_value = :v)",
                        Map.of("id", leadId, "q", q.getKey(), "v", v));
            }
        }
        return added;
    }

    private int addActivities(long leadId, String orgId, LeadDraft d) {
        int added = 0;
        for (var a : d.activities()) {
            var p = new MapSqlParameterSource()
                    .addValue("lead", leadId)
                    .addValue("org", orgId)
                    .addValue("cid", a.clientId())
                    .addValue("type", a.type().name())
                    .addValue("at", at(a.occurredAt() == null ? Instant.now() : a.occurredAt()))
                    .addValue("subject", a.subject())
                    .addValue("notes", a.notes());
            added += jdbc.update(
                    "INSERT INTO lead_activity (lead_id, org_id, client_id, type, occurred_at, subject, notes) "
                            + "SELECT :lead, :org, :cid, :type, :at, :subject, :notes WHERE :cid IS NULL OR NOT EXISTS "
                            + "(SELECT 1 FROM lead_activity WHERE lead_id = :lead AND client_id = :cid)",
                    p);
        }
        return added;
    }

    public Optional<Lead> load(long id) {
        return loadAll(List.of(id)).stream().findFirst();
    }

    /** Loads leads with qualifiers, activities and provenance in four queries, in the order asked. */
    public List<Lead> loadAll(Collection<Long> ids) {
        if (ids.isEmpty()) return List.of();
        Map<String, Object> p = Map.of("ids", ids);
        Map<Long, LeadDraft> drafts = new HashMap<>();
        Map<Long, Object[]> meta = new HashMap<>();
        jdbc.query("SELECT * FROM lead WHERE id IN (:ids)", p, rs -> {
            long id = rs.getLong("id");
            drafts.put(id, draftOf(rs));
            meta.put(id, new Object[] {
                rs.getString("org_id"),
                rs.getString("event_id"),
                rs.getString("capture_id"),
                LeadSource.valueOf(rs.getString("source")),
                instant(rs, "captured_at"),
                rs.getInt("version"),
                rs.getInt("scan_count"),
                // enriched once: a lead merged since then waits (PENDING) only to be planned again
                rs.getObject("enriched_at") != null,
                instant(rs, "created_at")
            });
        });
        jdbc.query(
                "SELECT lead_id, qualifier, option_value FROM lead_qualifier WHERE lead_id IN (:ids) ORDER BY qualifier, option_value",
                p,
                rs -> {
                    drafts.get(rs.getLong(1)).qualifier(rs.getString(2), rs.getString(3));
                });
        Map<Long, List<Lead.Activity>> activities = new HashMap<>();
        jdbc.query("SELECT * FROM lead_activity WHERE lead_id IN (:ids) ORDER BY occurred_at, id", p, rs -> {
            activities
                    .computeIfAbsent(rs.getLong("lead_id"), k -> new ArrayList<>())
                    .add(new Lead.Activity(
                            rs.getLong("id"),
                            rs.getString("client_id"),
                            ActivityType.valueOf(rs.getString("type")),
                            instant(rs, "occurred_at"),
                            rs.getString("subject"),
                            rs.getString("notes")));
        });
        Map<Long, Map<String, String>> provenance = new HashMap<>();
        jdbc.query("SELECT lead_id, field, provider FROM lead_provenance WHERE lead_id IN (:ids)", p, rs -> {
            provenance
                    .computeIfAbsent(rs.getLong(1), k -> new LinkedHashMap<>())
                    .put(rs.getString(2), rs.getString(3));
        });
        List<Lead> out = new ArrayList<>();
        for (Long id : ids) {
            Object[] m = meta.get(id);
            if (m == null) continue;
            out.add(new Lead(
                    id,
                    (String) m[0],
                    (String) m[1],
                    (String) m[2],
                    (LeadSource) m[3],
                    (Instant) m[4],
                    drafts.get(id),
                    provenance.getOrDefault(id, Map.of()),
                    activities.getOrDefault(id, List.of()),
                    (Integer) m[5],
                    (Integer) m[6],
                    (Boolean) m[7],
                    (Instant) m[8]));
        }
        return out;
    }

    /**
     * Stores what enrichment found: only fields still empty in the database are written (a value
     * the rep captured in the meantime is never overwritten), each with its provider, and ends the
     * lead's enrichment stage. Answers false when the lead changed since {@code version} was read
     * (a repeated capture merged into it): it then stays PENDING, free to be claimed again at once.
     */
    public boolean saveEnrichment(
            long leadId, int version, Map<LeadField, String> values, Map<LeadField, String> providers) {
        OffsetDateTime now = OffsetDateTime.now();
        for (var e : values.entrySet()) {
            LeadField f = e.getKey();
            var p = new MapSqlParameterSource()
                    .addValue("id", leadId)
                    .addValue("v", e.getValue())
                    .addValue("now", now);
            int n = jdbc.update(
                    "UPDATE lead SET " + f.column() + " = :v"
                            + (f == LeadField.EMAIL ? ", email_norm = LOWER(TRIM(:v))" : "")
                            + ", updated_at = :now WHERE id = :id AND " + f.column() + " IS NULL",
                    p);
            if (n == 1) {
                jdbc.update(
                        "INSERT INTO lead_provenance (lead_id, field, provider, filled_at) VALUES (:id, :f, :prov, :now)",
                        Map.of("id", leadId, "f", f.apiName(), "prov", providers.get(f), "now", now));
            }
        }
        int done = jdbc.update(
                "UPDATE lead SET enrichment = 'DONE', enriched_at = COALESCE(enriched_at, :now), enrich_lease_until = NULL "
                        + "WHERE id = :id AND version = :version",
                Map.of("id", leadId, "now", now, "version", version));
        if (done == 0) {
            // merged since the claim: it stays PENDING and is claimed again at once, for the new version
            jdbc.update("UPDATE lead SET enrich_lease_until = NULL WHERE id = :id", Map.of("id", leadId));
        }
        return done == 1;
    }

    /** Gives back the enrichment leases of claimed leads that were never started. */
    public void releaseEnrichmentLeases(Collection<Long> ids) {
        for (List<Long> part : Lists.partition(List.copyOf(ids), 1000)) {
            jdbc.update(
                    "UPDATE lead SET enrich_lease_until = NULL WHERE id IN (:ids) AND enrichment = 'PENDING'",
                    Map.of("ids", part));
        }
    }

    /**
     * Claims up to {@code limit} leads waiting for the enrichment stage, oldest first, for
     * {@code lease}: PENDING leads that no node holds, or whose node's lease has passed (the node
     * died). Rows another transaction is claiming are skipped, never waited for. Runs in the
     * caller's transaction.
     *
     * <p>Two steps, so that a claim reads and locks about {@code limit} rows whatever the backlog: the
     * candidates in index order (the {@code ORDER BY} names the index's columns, so H2 reads them from
     * {@code lead_enrichment_pending} and stops at the limit), then a lock on just those, checked
     * again. H2 applied {@code FOR UPDATE SKIP LOCKED … LIMIT} to every PENDING row before the limit,
     * writing a lock into each: under a 100,000-lead backlog a claim took most of a second and the
     * database file and heap grew with every round.
     */
    public List<Long> claimForEnrichment(int limit, Duration lease) {
        if (limit <= 0) return List.of();
        OffsetDateTime now = OffsetDateTime.now();
        String due = "enrichment = 'PENDING' AND (enrich_lease_until IS NULL OR enrich_lease_until < :now)";
        List<Long> candidates = jdbc.queryForList(
                "SELECT id FROM lead WHERE " + due + " ORDER BY enrichment, id LIMIT :limit",
                Map.of("now", now, "limit", limit),
                Long.class);
        if (candidates.isEmpty()) return List.of();
        List<Long> ids = jdbc.queryForList(
                "SELECT id FROM lead WHERE id IN (:ids) AND " + due + " ORDER BY id FOR UPDATE SKIP LOCKED",
                Map.of("now", now, "ids", candidates),
                Long.class);
        if (!ids.isEmpty()) {
            jdbc.update(
                    "UPDATE lead SET enrich_lease_until = :until WHERE id IN (:ids)",
                    Map.of("until", now.plus(lease), "ids", ids));
        }
        return ids;
    }

    /** The first lead of the org with this normalized email that import {@code importId} created or merged into. */
    public Optional<Long> findIdInImport(String orgId, String importId, String emailNorm) {
        return jdbc
                .queryForList(
                        "SELECT id FROM lead WHERE org_id = :org AND email_norm = :e AND import_id = :imp ORDER BY id LIMIT 1",
                        Map.of("org", orgId, "e", emailNorm, "imp", importId),
                        Long.class)
                .stream()
                .findFirst();
    }

    /** Marks the leads an import created or merged into, so its progress can follow them. */
    public void tagImport(Collection<Long> leadIds, String importId) {
        List<Long> ids = new ArrayList<>(leadIds);
        for (int i = 0; i < ids.size(); i += 1000) {
            jdbc.update(
                    "UPDATE lead SET import_id = :imp WHERE id IN (:ids)",
                    Map.of("imp", importId, "ids", ids.subList(i, Math.min(ids.size(), i + 1000))));
        }
    }

    private LeadDraft draftOf(ResultSet rs) throws SQLException {
        LeadDraft d = new LeadDraft().captureId(rs.getString("capture_id"));
        for (LeadField f : LeadField.values()) d.set(f, rs.getString(f.column()));
        String custom = rs.getString("custom_fields");
        if (custom != null) read(custom).forEach(d::custom);
        return d;
    }

    private static Instant instant(ResultSet rs, String col) throws SQLException {
        Timestamp t = rs.getTimestamp(col);
        return t == null ? null : t.toInstant();
    }

    private static OffsetDateTime at(Instant i) {
        return (i == null ? Instant.now() : i).atOffset(ZoneOffset.UTC);
    }

    private Map<String, String> read(String s) {
        try {
            return json.readValue(s, STRING_MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt custom fields", e);
        }
    }

    private String write(Map<String, String> m) {
        try {
            return json.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
