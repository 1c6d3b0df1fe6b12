package io.leadhub.reconciliation;

import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.Vendors;
import io.leadhub.platform.ApiException;
import io.leadhub.sync.SyncRepository;
import io.leadhub.sync.SyncRowView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reconciliation summary, lists, retries, and pushing frozen leads (SPEC §8, §11). */
@RestController
class ReconciliationController {
    private final IntegrationRepository integrations;
    private final NamedParameterJdbcTemplate jdbc;
    private final SyncRepository rows;
    private final ProducerTemplate producer;

    ReconciliationController(IntegrationRepository integrations, NamedParameterJdbcTemplate jdbc, SyncRepository rows,
                             ProducerTemplate producer) {
        this.integrations = integrations;
        this.jdbc = jdbc;
        this.rows = rows;
        this.producer = producer;
    }

    @GetMapping("/api/v1/orgs/{org}/integrations/{vendor}/reconciliation/summary")
    Map<String, Object> summary(@PathVariable String org, @PathVariable String vendor, @RequestParam(required = false) String event) {
        Integration i = integration(org, vendor);
        var p = new MapSqlParameterSource().addValue("i", i.id()).addValue("org", org).addValue("event", event);
        String where = "integration_id = :i AND org_id = :org" + (event == null ? "" : " AND event_id = :event");
        Map<String, Integer> byState = new LinkedHashMap<>();
        jdbc.query("SELECT state, COUNT(*) FROM lead_sync WHERE " + where + " GROUP BY state", p,
                rs -> { byState.put(rs.getString(1), rs.getInt(2)); });
        Map<String, Integer> byCategory = new LinkedHashMap<>();
        jdbc.query("SELECT category, COUNT(*) FROM lead_sync WHERE " + where + " AND state = 'FAILED' GROUP BY category ORDER BY category", p,
                rs -> { byCategory.put(rs.getString(1), rs.getInt(2)); });
        int queued = byState.getOrDefault("QUEUED", 0), frozen = byState.getOrDefault("FROZEN", 0), held = byState.getOrDefault("HELD", 0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("preSync", queued + frozen + held);
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
            categories.add(Map.of("category", c, "count", n, "description", cat.description(), "fixHint", cat.fixHint(),
                    "retriedAutomatically", cat.retriedAutomatically()));
        });
        out.put("categories", categories);
        return out;
    }

    @GetMapping("/api/v1/orgs/{org}/integrations/{vendor}/reconciliation")
    Object list(@PathVariable String org, @PathVariable String vendor,
                @RequestParam(required = false) String state, @RequestParam(required = false) String category,
                @RequestParam(required = false) String event, @RequestParam(defaultValue = "lead") String view,
                @RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        Integration i = integration(org, vendor);
        var p = new MapSqlParameterSource().addValue("i", i.id()).addValue("org", org)
                .addValue("limit", Math.max(1, Math.min(limit, 1000))).addValue("offset", Math.max(0, offset));
        StringBuilder where = new StringBuilder("s.integration_id = :i AND s.org_id = :org");
        if (state != null) {
            List<String> states = switch (state.toUpperCase()) {
                case "PRE_SYNC" -> List.of("QUEUED", "FROZEN", "HELD");
                case "QUEUED", "FROZEN", "HELD", "SYNCING", "FAILED", "CLEARED" -> List.of(state.toUpperCase());
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
            return jdbc.queryForList("SELECT s.event_id AS event, s.state, s.category, COUNT(*) AS leads FROM lead_sync s WHERE "
                    + where + " GROUP BY s.event_id, s.state, s.category ORDER BY s.event_id, s.state, s.category", p);
        }
        if (!"lead".equals(view)) throw ApiException.badRequest("view must be 'lead' or 'event'");
        return jdbc.query("SELECT s.*, l.email, l.first_name, l.last_name, l.company FROM lead_sync s JOIN lead l ON l.id = s.lead_id WHERE "
                + where + " ORDER BY s.id LIMIT :limit OFFSET :offset", p, (rs, n) -> {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("leadId", rs.getLong("lead_id"));
            r.put("eventId", rs.getString("event_id"));
            r.put("email", rs.getString("email"));
            r.put("name", String.join(" ", java.util.stream.Stream.of(rs.getString("first_name"), rs.getString("last_name"))
                    .filter(java.util.Objects::nonNull).toList()));
            r.put("company", rs.getString("company"));
            r.putAll(SyncRowView.of(rs));
            return r;
        });
    }

    record RetryBody(List<Long> leadIds, String category, String event, Boolean all) {}

    @PostMapping("/api/v1/orgs/{org}/integrations/{vendor}/reconciliation/retry")
    Map<String, Object> retry(@PathVariable String org, @PathVariable String vendor, @RequestBody RetryBody body) {
        Integration i = integration(org, vendor);
        var p = new MapSqlParameterSource().addValue("i", i.id()).addValue("org", org);
        StringBuilder where = new StringBuilder("integration_id = :i AND org_id = :org AND state = 'FAILED'");
        int selectors = 0;
        if (body.leadIds() != null && !body.leadIds().isEmpty()) {
            where.append(" AND lead_id IN (:leads)");
            p.addValue("leads", body.leadIds());
            selectors++;
        }
        if (body.category() != null) {
            try {
                ErrorCategory.valueOf(body.category());
            } catch (IllegalArgumentException e) {
                throw ApiException.unprocessable("unknown category '" + body.category() + "'");
            }
            where.append(" AND category = :cat");
            p.addValue("cat", body.category());
            selectors++;
        }
        if (body.event() != null) {
            where.append(" AND event_id = :event");
            p.addValue("event", body.event());
            selectors++;
        }
        if (selectors == 0 && !Boolean.TRUE.equals(body.all())) {
            throw ApiException.unprocessable("say what to retry: leadIds, category, event, or all: true");
        }
        requireConnected(i);
        return dispatch("retried", rows.requeue(where.toString(), p));
    }

    record PushBody(String event) {}

    @PostMapping("/api/v1/orgs/{org}/integrations/{vendor}/sync")
    Map<String, Object> push(@PathVariable String org, @PathVariable String vendor, @RequestBody(required = false) PushBody body) {
        Integration i = integration(org, vendor);
        requireConnected(i);
        var p = new MapSqlParameterSource().addValue("i", i.id()).addValue("org", org);
        String where = "integration_id = :i AND org_id = :org AND state = 'FROZEN'";
        if (body != null && body.event() != null) {
            where += " AND event_id = :event";
            p.addValue("event", body.event());
        }
        return dispatch("pushed", rows.requeue(where, p));
    }

    private Map<String, Object> dispatch(String verb, List<SyncRepository.DispatchRef> refs) {
        if (!refs.isEmpty()) producer.sendBody("direct:sync-dispatch", refs);
        return Map.of(verb, refs.size());
    }

    private static void requireConnected(Integration i) {
        if (i.state() != Integration.ConnectionState.CONNECTED) {
            throw ApiException.conflict("the " + i.vendor().key() + " integration is " + i.state() + "; connect or enable it first");
        }
    }

    private Integration integration(String org, String vendor) {
        return integrations.find(org, Vendors.parse(vendor))
                .orElseThrow(() -> ApiException.notFound("integration '" + vendor + "' of org '" + org + "'"));
    }
}
