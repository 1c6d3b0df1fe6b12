package io.leadhub.connector;

import io.leadhub.lead.Lead;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Remembers vendor records the hub found or created by a natural key (a company by domain), and
 * which activities were already logged, so later batches and retries skip the lookups and never
 * log an activity twice.
 */
@Repository
public class VendorRecordCache {
    private final NamedParameterJdbcTemplate jdbc;

    public VendorRecordCache(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, String> companies(long integrationId, Collection<String> keys) {
        Map<String, String> out = new HashMap<>();
        if (keys.isEmpty()) return out;
        jdbc.query(
                "SELECT match_key, vendor_id FROM vendor_company WHERE integration_id = :i AND match_key IN (:k)",
                Map.of("i", integrationId, "k", keys),
                rs -> {
                    out.put(rs.getString(1), rs.getString(2));
                });
        return out;
    }

    public void rememberCompany(long integrationId, String key, String vendorId) {
        var p = Map.of("i", integrationId, "k", key, "v", vendorId, "now", OffsetDateTime.now());
        if (jdbc.update(
                        "UPDATE vendor_company SET vendor_id = :v, updated_at = :now WHERE integration_id = :i AND match_key = :k",
                        p)
                == 0) {
            jdbc.update(
                    "INSERT INTO vendor_company (integration_id, match_key, vendor_id, updated_at) VALUES (:i, :k, :v, :now)",
                    p);
        }
    }

    public void forgetCompany(long integrationId, String key) {
        jdbc.update(
                "DELETE FROM vendor_company WHERE integration_id = :i AND match_key = :k",
                Map.of("i", integrationId, "k", key));
    }

    /**
     * The ids of the activities of these leads that were already written to the integration's vendor
     * (so a retry never logs one twice); empty when the leads carry no activity.
     */
    public Set<Long> loggedActivitiesOf(long integrationId, Collection<SyncItem> items) {
        List<Long> ids = items.stream()
                .flatMap(i -> i.lead().activities().stream())
                .map(Lead.Activity::id)
                .toList();
        return new HashSet<>(loggedActivities(integrationId, ids));
    }

    public List<Long> loggedActivities(long integrationId, Collection<Long> activityIds) {
        if (activityIds.isEmpty()) return List.of();
        return jdbc.queryForList(
                "SELECT activity_id FROM activity_sync WHERE integration_id = :i AND activity_id IN (:a)",
                Map.of("i", integrationId, "a", activityIds),
                Long.class);
    }

    public void activityLogged(long integrationId, long activityId, String vendorId) {
        jdbc.update(
                "INSERT INTO activity_sync (activity_id, integration_id, vendor_id, synced_at) VALUES (:a, :i, :v, :now)",
                Map.of("a", activityId, "i", integrationId, "v", vendorId, "now", OffsetDateTime.now()));
    }
}
