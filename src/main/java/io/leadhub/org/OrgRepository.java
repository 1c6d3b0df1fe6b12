package io.leadhub.org;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Orgs, their events and their qualifier definitions. */
@Repository
public class OrgRepository {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;

    public OrgRepository(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public boolean exists(String orgId) {
        return count("SELECT COUNT(*) FROM org WHERE id = :org", Map.of("org", orgId)) > 0;
    }

    public void createOrg(String orgId, String name) {
        jdbc.update(
                "INSERT INTO org (id, name, created_at) VALUES (:id, :name, :now)",
                Map.of("id", orgId, "name", name, "now", OffsetDateTime.now()));
    }

    /** Every org (id, name), by id: the operator's choice in the console. */
    public List<Map<String, Object>> all() {
        return jdbc.queryForList("SELECT id, name FROM org ORDER BY id", Map.of());
    }

    public Optional<String> orgName(String orgId) {
        return jdbc.queryForList("SELECT name FROM org WHERE id = :id", Map.of("id", orgId), String.class).stream()
                .findFirst();
    }

    public boolean eventExists(String orgId, String eventId) {
        return count("SELECT COUNT(*) FROM event WHERE org_id = :org AND id = :id", Map.of("org", orgId, "id", eventId))
                > 0;
    }

    public Optional<String> eventName(String orgId, String eventId) {
        return jdbc
                .queryForList(
                        "SELECT name FROM event WHERE org_id = :org AND id = :id",
                        Map.of("org", orgId, "id", eventId),
                        String.class)
                .stream()
                .findFirst();
    }

    public void createEvent(
            String orgId, String eventId, String name, LocalDate startsOn, LocalDate endsOn, String timeZone) {
        jdbc.update(
                "INSERT INTO event (org_id, id, name, starts_on, ends_on, time_zone, created_at) "
                        + "VALUES (:org, :id, :name, :starts, :ends, :tz, :now)",
                new MapSqlParameterSource()
                        .addValue("org", orgId)
                        .addValue("id", eventId)
                        .addValue("name", name)
                        .addValue("starts", startsOn)
                        .addValue("ends", endsOn)
                        .addValue("tz", timeZone)
                        .addValue("now", OffsetDateTime.now()));
    }

    public List<Map<String, Object>> events(String orgId) {
        return jdbc.queryForList(
                "SELECT id, name, starts_on, ends_on, time_zone FROM event WHERE org_id = :org ORDER BY id",
                Map.of("org", orgId));
    }

    public List<Qualifier> qualifiers(String orgId) {
        return jdbc.query(
                "SELECT * FROM qualifier WHERE org_id = :org ORDER BY position, name",
                Map.of("org", orgId),
                (rs, i) -> new Qualifier(
                        rs.getString("name"),
                        read(rs.getString("option_values")),
                        rs.getBoolean("multi_select"),
                        rs.getBoolean("required"),
                        rs.getString("event_scope") == null ? null : read(rs.getString("event_scope")),
                        rs.getBoolean("active")));
    }

    /** Replaces the org's qualifier definitions in one transaction. */
    @Transactional
    public void replaceQualifiers(String orgId, List<Qualifier> qualifiers) {
        jdbc.update("DELETE FROM qualifier WHERE org_id = :org", Map.of("org", orgId));
        int pos = 0;
        for (Qualifier q : qualifiers) {
            jdbc.update(
                    "INSERT INTO qualifier (org_id, name, option_values, multi_select, required, event_scope, active, position) "
                            + "VALUES (:org, :name, :vals, :multi, :req, :scope, :active, :pos)",
                    new MapSqlParameterSource()
                            .addValue("org", orgId)
                            .addValue("name", q.name())
                            .addValue("vals", write(q.values()))
                            .addValue("multi", q.multiSelect())
                            .addValue("req", q.required())
                            .addValue("scope", q.eventScope() == null ? null : write(q.eventScope()))
                            .addValue("active", q.active())
                            .addValue("pos", pos++));
        }
    }

    private int count(String sql, Map<String, ?> params) {
        Integer n = jdbc.queryForObject(sql, params, Integer.class);
        return n == null ? 0 : n;
    }

    private List<String> read(String s) {
        try {
            return json.readValue(s, STRINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt qualifier row", e);
        }
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
