package io.leadhub.sync;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.NamedContributor;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One health check per integration under /actuator/health/integrations: connection state, sync
 * mode, last success, failures and failure rate over the last 24 hours, leads waiting. A connected
 * integration that fails more than half of its leads reports OUT_OF_SERVICE; one that is disabled,
 * disconnected or needs re-auth reports UNKNOWN. Neither takes the hub itself DOWN: one customer's
 * expired token is not an outage of the hub. Leads parked until a vendor's quota resets count as
 * waiting (not as failures), and a running quota pause shows as {@code quotaResetAt}.
 */
@Component("integrations")
public class IntegrationHealthIndicator implements CompositeHealthContributor {
    /** A FAILED row that is not waiting for a quota reset (SQL condition on lead_sync). */
    private static final String NOT_QUOTA =
            "(category IS NULL OR category <> 'QUOTA_EXHAUSTED' OR next_attempt_at IS NULL)";

    private final NamedParameterJdbcTemplate jdbc;

    public IntegrationHealthIndicator(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return names().contains(name) ? (HealthIndicator) () -> check(name) : null;
    }

    @Override
    public Iterator<NamedContributor<HealthContributor>> iterator() {
        return names().stream()
                .map(n -> NamedContributor.<HealthContributor>of(n, (HealthIndicator) () -> check(n)))
                .iterator();
    }

    private List<String> names() {
        return jdbc.queryForList(
                "SELECT org_id || '-' || vendor FROM integration ORDER BY org_id, vendor", Map.of(), String.class);
    }

    private Health check(String name) {
        var row = jdbc.queryForList(
                        "SELECT id, org_id, vendor, state, sync_mode, state_reason, quota_reset_at, quota_reason "
                                + "FROM integration WHERE org_id || '-' || vendor = :n",
                        Map.of("n", name))
                .get(0);
        long id = ((Number) row.get("ID")).longValue();
        OffsetDateTime since = OffsetDateTime.now().minus(Duration.ofHours(24));
        Map<String, Object> counts = jdbc.queryForMap(
                "SELECT "
                        + "SUM(CASE WHEN state = 'CLEARED' AND cleared_at >= :since THEN 1 ELSE 0 END) AS cleared, "
                        + "SUM(CASE WHEN state = 'FAILED' AND failed_at >= :since AND " + NOT_QUOTA
                        + " THEN 1 ELSE 0 END) AS failed, "
                        + "SUM(CASE WHEN state IN ('ENRICHING', 'QUEUED', 'SYNCING', 'FROZEN', 'HELD') OR (state = 'FAILED' AND NOT "
                        + NOT_QUOTA
                        + ") THEN 1 ELSE 0 END) AS waiting, "
                        + "SUM(CASE WHEN state = 'FAILED' AND NOT " + NOT_QUOTA
                        + " THEN 1 ELSE 0 END) AS waiting_quota, "
                        + "MAX(cleared_at) AS last_success FROM lead_sync WHERE integration_id = :i",
                Map.of("i", id, "since", since));
        long cleared = num(counts.get("CLEARED")), failed = num(counts.get("FAILED"));
        double rate = cleared + failed == 0 ? 0 : (double) failed / (cleared + failed);
        String state = (String) row.get("STATE");
        Status status = !"CONNECTED".equals(state) ? Status.UNKNOWN : rate > 0.5 ? Status.OUT_OF_SERVICE : Status.UP;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("state", state);
        if (row.get("STATE_REASON") != null) details.put("reason", row.get("STATE_REASON"));
        details.put("syncMode", row.get("SYNC_MODE"));
        Object last = counts.get("LAST_SUCCESS");
        details.put("lastSuccess", last == null ? "never" : instant(last));
        details.put("cleared24h", cleared);
        details.put("failed24h", failed);
        details.put("failureRate24h", Math.round(rate * 1000) / 1000.0);
        details.put("waiting", num(counts.get("WAITING")));
        if (num(counts.get("WAITING_QUOTA")) > 0) details.put("waitingForQuotaReset", num(counts.get("WAITING_QUOTA")));
        Object quotaReset = row.get("QUOTA_RESET_AT");
        if (quotaReset != null) {
            details.put("quotaResetAt", instant(quotaReset));
            if (row.get("QUOTA_REASON") != null) details.put("quotaReason", row.get("QUOTA_REASON"));
        }
        return Health.status(status).withDetails(details).build();
    }

    private static long num(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    /** A timestamp column as an ISO instant (H2 answers Timestamp, PostgreSQL OffsetDateTime). */
    private static String instant(Object value) {
        if (value instanceof Timestamp t) return t.toInstant().toString();
        if (value instanceof OffsetDateTime o) return o.toInstant().toString();
        return value.toString();
    }
}
