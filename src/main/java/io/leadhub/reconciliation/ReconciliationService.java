package io.leadhub.reconciliation;

import io.leadhub.connector.ErrorCategory;
import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.VendorPathParser;
import io.leadhub.lead.SyncRowView;
import io.leadhub.platform.ApiException;
import io.leadhub.sync.ManualSync;
import io.leadhub.sync.SyncRepository;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.apache.camel.ProducerTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Service;

/**
 * Reconciliation (SPEC §8, §11) for the API ({@code ReconciliationController}) and the console's
 * Reconciliation tab: the summary (the donut's counts and the failures by category), the lists by lead
 * or by event, retries, and pushing frozen leads.
 */
@Service
public class ReconciliationService {
    private final IntegrationRepository integrations;
    private final NamedParameterJdbcTemplate jdbc;
    private final SyncRepository rows;
    private final ProducerTemplate producer;
    private final ManualSync manualSync;

    ReconciliationService(
            IntegrationRepository integrations,
            NamedParameterJdbcTemplate jdbc,
            SyncRepository rows,
            ProducerTemplate producer,
            ManualSync manualSync) {
        this.integrations = integrations;
        this.jdbc = jdbc;
        this.rows = rows;
        this.producer = producer;
        this.manualSync = manualSync;
    }

    /** The counts by state and the failures by category (with description, fix hint and count); {@code event} may be null. */
    public Map<String, Object> summary(String org, String vendor, String event) {
        Integration i = integration(org, vendor);
        var p = new MapSqlParameterSource()
                .addValue("i", i.id())
                .addValue("org", org)
                .addValue("event", event);
        String where = "integration_id = :i AND org_id = :org" + (event == null ? "" : " AND event_id = :event");
        Map<String, Integer> byState = new LinkedHashMap<>();
        jdbc.query("SELECT state, COUNT(*) FROM lead_sync WHERE " + where + " GROUP BY state", p, rs -> {
            byState.put(rs.getString(1), rs.getInt(2));
        });
        Map<String, Integer> byCategory = new LinkedHashMap<>();
        jdbc.query(
                "SELECT category, COUNT(*) FROM lead_sync WHERE " + where
                        + " AND state = 'FAILED' GROUP BY category ORDER BY category",
                p,
                rs -> {
                    byCategory.put(rs.getString(1), rs.getInt(2));
                });
        int enriching = byState.getOrDefault("ENRICHING", 0), queued = byState.getOrDefault("QUEUED", 0);
        int frozen = byState.getOrDefault("FROZEN", 0), held = byState.getOrDefault("HELD", 0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("preSync", enriching + queued + frozen + held);
        out.put("enriching", enriching);
        out.put("queued", queued);
        out.put("frozen", frozen);
        out.put("held", held);
        out.put("syncing", byState.getOrDefault("SYNCING", 0));
        out.put("failed", byState.getOrDefault("FAILED", 0));
        out.put("cleared", byState.getOrDefault("CLEARED", 0));
        out.put("byCategory", byCategory);
        List<Map<String, Object>> categories = new ArrayList<>();
        byCategory.forEach((c, n) -> {
            ErrorCategory cat = ErrorCategory.valueOf(c);
            categories.add(Map.of(
                    "category",
                    c,
                    "count",
                    n,
                    "description",
                    cat.description(),
                    "fixHint",
                    cat.fixHint(),
                    "retriedAutomatically",
                    cat.retriedAutomatically()));
        });
        out.put("categories", categories);
        return out;
    }

    /** The rows ({@code view} "lead") or the counts per event, state and category ({@code view} "event"). */
    public List<Map<String, Object>> list(
            String org,
            String vendor,
            String state,
            String category,
            String event,
            String view,
            int limit,
            int offset) {
        Integration i = integration(org, vendor);
        var p = new MapSqlParameterSource()
                .addValue("i", i.id())
                .addValue("org", org)
                .addValue("limit", Math.max(1, Math.min(limit, 1000)))
                .addValue("offset", Math.max(0, offset));
        StringBuilder where = new StringBuilder("s.integration_id = :i AND s.org_id = :org");
        if (state != null) {
            List<String> states = switch (state.toUpperCase()) {
                case "PRE_SYNC" -> List.of("ENRICHING", "QUEUED", "FROZEN", "HELD");
                case "ENRICHING", "QUEUED", "FROZEN", "HELD", "SYNCING", "FAILED", "CLEARED" ->
                    List.of(state.toUpperCase());
                default -> throw ApiException.badRequest("unknown state '" + state + "'");
            };
            where.append(" AND s.state IN (:states)");
            p.addValue("states", states);
        }
        if (category != null) {
            where.append(" AND s.category = :cat");
            p.addValue("cat", category);
        }
        if (event != null) {
            where.append(" AND s.event_id = :event");
            p.addValue("event", event);
        }
        if ("event".equals(view)) {
            return jdbc.queryForList(
                    "SELECT s.event_id AS event, s.state, s.category, COUNT(*) AS leads FROM lead_sync s WHERE " + where
                            + " GROUP BY s.event_id, s.state, s.category ORDER BY s.event_id, s.state, s.category",
                    p);
        }
        if (!"lead".equals(view)) throw ApiException.badRequest("view must be 'lead' or 'event'");
        return jdbc.query(
                "SELECT s.*, l.email, l.first_name, l.last_name, l.company FROM lead_sync s JOIN lead l ON l.id = s.lead_id WHERE "
                        + where + " ORDER BY s.id LIMIT :limit OFFSET :offset",
                p,
                (rs, n) -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("leadId", rs.getLong("lead_id"));
                    r.put("eventId", rs.getString("event_id"));
                    r.put("email", rs.getString("email"));
                    r.put(
                            "name",
                            String.join(
                                    " ",
                                    Stream.of(rs.getString("first_name"), rs.getString("last_name"))
                                            .filter(Objects::nonNull)
                                            .toList()));
                    r.put("company", rs.getString("company"));
                    r.putAll(SyncRowView.of(rs));
                    return r;
                });
    }

    /** What to retry: lead ids, a category, an event (together they narrow), or {@code all}. */
    public record RetryBody(List<Long> leadIds, String category, String event, Boolean all) {}

    /** Retries the selected failed leads; answers {@code {"retried": n}}. */
    public Map<String, Object> retry(String org, String vendor, RetryBody body) {
        Integration i = integration(org, vendor);
        boolean selected = (body.leadIds() != null && !body.leadIds().isEmpty())
                || body.category() != null
                || body.event() != null;
        if (!selected && !Boolean.TRUE.equals(body.all())) {
            throw ApiException.unprocessable("say what to retry: leadIds, category, event, or all: true");
        }
        if (body.category() != null
                && Arrays.stream(ErrorCategory.values()).noneMatch(c -> c.name().equals(body.category()))) {
            throw ApiException.unprocessable("unknown category '" + body.category() + "'");
        }
        return dispatch("retried", manualSync.retry(i, body.leadIds(), body.category(), body.event()));
    }

    /** Pushes the frozen leads (all, or of one event) through the manual-sync route; answers {@code {"pushed": n}}. */
    public Map<String, Object> push(String org, String vendor, String event, String startedBy) {
        ManualSync.requireConnected(integration(org, vendor));
        Map<String, Object> headers = new HashMap<>();
        headers.put(ManualSync.H_ORG, org);
        headers.put(ManualSync.H_VENDOR, vendor);
        headers.put(ManualSync.H_STARTED_BY, startedBy);
        if (event != null) headers.put(ManualSync.H_EVENT, event);
        var answer =
                producer.send("direct:manual-sync-push", ex -> ex.getMessage().setHeaders(headers));
        if (answer.getException() != null) throw new IllegalStateException("push failed", answer.getException());
        return Map.of("pushed", answer.getMessage().getHeader("released", 0, Integer.class));
    }

    private Map<String, Object> dispatch(String verb, List<SyncRepository.DispatchRef> refs) {
        if (!refs.isEmpty()) producer.sendBody("direct:sync-dispatch", refs);
        return Map.of(verb, refs.size());
    }

    private Integration integration(String org, String vendor) {
        return integrations
                .find(org, VendorPathParser.parse(vendor))
                .orElseThrow(() -> ApiException.notFound("integration '" + vendor + "' of org '" + org + "'"));
    }
}
