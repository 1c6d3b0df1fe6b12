package io.leadhub.campaign;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** Campaign links per event and integration. */
@Repository
public class CampaignLinkRepository {
    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {};
    private final NamedParameterJdbcTemplate jdbc;
    private final ObjectMapper json;

    public CampaignLinkRepository(NamedParameterJdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<CampaignLink> find(String eventId, long integrationId) {
        return forEvents(integrationId, List.of(eventId)).values().stream().findFirst();
    }

    /** The links of an integration for the given events (event id -> link), in one query. */
    public Map<String, CampaignLink> forEvents(long integrationId, Collection<String> eventIds) {
        Map<String, CampaignLink> out = new HashMap<>();
        if (eventIds.isEmpty()) return out;
        jdbc.query(
                "SELECT * FROM campaign_link WHERE integration_id = :i AND event_id IN (:e)",
                Map.of("i", integrationId, "e", eventIds),
                rs -> {
                    out.put(
                            rs.getString("event_id"),
                            new CampaignLink(
                                    rs.getString("campaign_id"),
                                    rs.getString("member_status"),
                                    rs.getString("status_qualifier"),
                                    read(rs.getString("status_map")),
                                    rs.getInt("scan_threshold")));
                });
        return out;
    }

    public void save(String orgId, String eventId, long integrationId, CampaignLink link) {
        var p = new MapSqlParameterSource()
                .addValue("org", orgId)
                .addValue("e", eventId)
                .addValue("i", integrationId)
                .addValue("c", link.campaignId())
                .addValue("s", link.memberStatus())
                .addValue("q", link.statusQualifier())
                .addValue("m", write(link.statusMap()))
                .addValue("t", link.scanThreshold())
                .addValue("now", OffsetDateTime.now());
        int n = jdbc.update(
                "UPDATE campaign_link SET campaign_id = :c, member_status = :s, status_qualifier = :q, status_map = :m, "
                        + "scan_threshold = :t, updated_at = :now WHERE event_id = :e AND integration_id = :i AND org_id = :org",
                p);
        if (n == 0) {
            jdbc.update(
                    "INSERT INTO campaign_link (org_id, event_id, integration_id, campaign_id, member_status, status_qualifier, "
                            + "status_map, scan_threshold, updated_at) VALUES (:org, :e, :i, :c, :s, :q, :m, :t, :now)",
                    p);
        }
    }

    public void delete(String orgId, String eventId, long integrationId) {
        jdbc.update(
                "DELETE FROM campaign_link WHERE org_id = :org AND event_id = :e AND integration_id = :i",
                Map.of("org", orgId, "e", eventId, "i", integrationId));
    }

    private Map<String, String> read(String s) {
        try {
            return s == null ? Map.of() : json.readValue(s, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt campaign link", e);
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
