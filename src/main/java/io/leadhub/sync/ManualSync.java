package io.leadhub.sync;

import io.leadhub.connector.ErrorCategory;
import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.Vendor;
import io.leadhub.platform.ApiException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * What operators do to the flow (SPEC §8, §11): push frozen leads (an integration, one event, or
 * everything), retry failures, pause and resume an integration, switch sync mode. Each answers
 * the rows it queued; the routes in {@code routes/sync/manual-sync.camel.yaml} dispatch them.
 * Every push is logged in manual_sync_run (who started it, what it released).
 */
@Component("manualSync")
public class ManualSync {
    private static final Logger LOG = LoggerFactory.getLogger(ManualSync.class);
    public static final String H_ORG = "org",
            H_VENDOR = "vendor",
            H_EVENT = "event",
            H_STARTED_BY = "startedBy",
            H_SCHEDULE = "scheduleId",
            H_SCHEDULED_FOR = "scheduledFor";

    private final IntegrationRepository integrations;
    private final SyncRepository rows;
    private final NamedParameterJdbcTemplate jdbc;

    public ManualSync(IntegrationRepository integrations, SyncRepository rows, NamedParameterJdbcTemplate jdbc) {
        this.integrations = integrations;
        this.rows = rows;
        this.jdbc = jdbc;
    }

    /** Route step: releases the FROZEN rows named by the headers (org, vendor, optional event) and logs the run. */
    @Transactional
    public List<SyncRepository.DispatchRef> push(Exchange exchange) {
        var m = exchange.getMessage();
        Integration i = integration(m.getHeader(H_ORG, String.class), m.getHeader(H_VENDOR, String.class));
        String event = blankToNull(m.getHeader(H_EVENT, String.class));
        String startedBy = m.getHeader(H_STARTED_BY, "api", String.class);
        OffsetDateTime scheduledFor = m.getHeader(H_SCHEDULED_FOR, OffsetDateTime.class);
        List<SyncRepository.DispatchRef> released =
                i.state() == Integration.ConnectionState.CONNECTED ? releaseFrozen(i, event) : List.of();
        jdbc.update(
                "INSERT INTO manual_sync_run (org_id, vendor, event_id, started_by, schedule_id, scheduled_for, released, ran_at) "
                        + "VALUES (:org, :vendor, :event, :by, :schedule, :for, :n, :now)",
                new MapSqlParameterSource()
                        .addValue("org", i.orgId())
                        .addValue("vendor", i.vendor().key())
                        .addValue("event", event)
                        .addValue("by", startedBy)
                        .addValue("schedule", m.getHeader(H_SCHEDULE, String.class))
                        .addValue("for", scheduledFor)
                        .addValue("n", released.size())
                        .addValue("now", OffsetDateTime.now()));
        LOG.info(
                "Manual sync by {}: {} {} {} -> {} leads released{}",
                startedBy,
                i.orgId(),
                i.vendor().key(),
                event == null ? "(all events)" : event,
                released.size(),
                i.state() == Integration.ConnectionState.CONNECTED ? "" : " (integration is " + i.state() + ")");
        m.setHeader("released", released.size());
        return released;
    }

    /** Route step: releases the FROZEN rows of every connected integration (the manual-sync-push-all route). */
    @Transactional
    public List<SyncRepository.DispatchRef> pushAll() {
        List<SyncRepository.DispatchRef> out = new ArrayList<>();
        for (Integration i : connected()) out.addAll(releaseFrozen(i, null));
        LOG.info("Manual sync of every integration: {} leads released", out.size());
        return out;
    }

    /** Route step: every transient failure is retried now, not at its scheduled time (the manual-sync-retry-transient route). */
    public List<SyncRepository.DispatchRef> retryTransientNow() {
        List<String> transientCategories = Arrays.stream(ErrorCategory.values())
                .filter(ErrorCategory::retriedAutomatically)
                .map(Enum::name)
                .toList();
        return rows.requeue(
                "state = 'FAILED' AND category IN (:cats) AND integration_id IN (SELECT id FROM integration "
                        + "WHERE state = 'CONNECTED')",
                new MapSqlParameterSource().addValue("cats", transientCategories));
    }

    /** Failed rows of an integration back to QUEUED: all, or by lead ids, category and/or event. */
    public List<SyncRepository.DispatchRef> retry(
            Integration i, Collection<Long> leadIds, String category, String event) {
        requireConnected(i);
        var p = new MapSqlParameterSource().addValue("i", i.id()).addValue("org", i.orgId());
        StringBuilder where = new StringBuilder("integration_id = :i AND org_id = :org AND state = 'FAILED'");
        if (leadIds != null && !leadIds.isEmpty()) {
            where.append(" AND lead_id IN (:leads)");
            p.addValue("leads", leadIds);
        }
        if (category != null) {
            where.append(" AND category = :cat");
            p.addValue("cat", ErrorCategory.valueOf(category).name());
        }
        if (event != null) {
            where.append(" AND event_id = :event");
            p.addValue("event", event);
        }
        return rows.requeue(where.toString(), p);
    }

    /** Pause (JMX): the integration is DISABLED; waiting rows are HELD until it resumes. Nothing is lost. */
    @Transactional
    public void pause(Integration i) {
        pause(i, "paused by an operator");
    }

    /** DISABLED with {@code reason}; waiting rows are HELD until it resumes; answers how many. */
    @Transactional
    public int pause(Integration i, String reason) {
        integrations.setState(i.id(), Integration.ConnectionState.DISABLED, reason);
        return rows.holdWaiting(i.id(), Integration.ConnectionState.DISABLED.name());
    }

    /** Resume: CONNECTED again; HELD rows are released per the sync mode (QUEUED and dispatched, or FROZEN). */
    @Transactional
    public List<SyncRepository.DispatchRef> resume(Integration i) {
        if (i.state() == Integration.ConnectionState.DISCONNECTED
                || i.state() == Integration.ConnectionState.NEEDS_REAUTH) {
            throw ApiException.conflict(
                    "the " + i.vendor().key() + " integration is " + i.state() + "; connect it again instead");
        }
        integrations.setState(i.id(), Integration.ConnectionState.CONNECTED, null);
        return releaseHeld(integrations.byId(i.id()).orElseThrow());
    }

    /**
     * After an integration is CONNECTED again (resume, enable, connect, re-auth): its HELD rows, and
     * the one AUTHENTICATION failure that explained a refused token, are released per the sync
     * mode — Automatic: QUEUED (answered, for the caller to dispatch); Manual: FROZEN until pushed.
     */
    @Transactional
    public List<SyncRepository.DispatchRef> releaseHeld(Integration i) {
        String which = "integration_id = :i AND (state = 'HELD' OR (state = 'FAILED' AND category = 'AUTHENTICATION'))";
        if (i.syncMode() == Integration.SyncMode.MANUAL) {
            int n = jdbc.update(
                    "UPDATE lead_sync SET state = 'FROZEN', hold_reason = 'MANUAL', next_attempt_at = NULL, updated_at = :now "
                            + "WHERE " + which,
                    Map.of("i", i.id(), "now", OffsetDateTime.now()));
            LOG.info(
                    "Integration {} ({} {}): {} held leads frozen for a manual push",
                    i.id(),
                    i.orgId(),
                    i.vendor().key(),
                    n);
            return List.of();
        }
        List<SyncRepository.DispatchRef> released =
                rows.requeue(which, new MapSqlParameterSource().addValue("i", i.id()));
        LOG.info(
                "Integration {} ({} {}): {} held leads released",
                i.id(),
                i.orgId(),
                i.vendor().key(),
                released.size());
        return released;
    }

    /** Sync mode switch: Manual -> Automatic pushes every frozen lead; Automatic -> Manual freezes what has not left yet. */
    @Transactional
    public List<SyncRepository.DispatchRef> modeChanged(
            Integration i, Integration.SyncMode from, Integration.SyncMode to) {
        if (from == to) return List.of();
        if (to == Integration.SyncMode.AUTOMATIC) {
            return i.state() == Integration.ConnectionState.CONNECTED ? releaseFrozen(i, null) : List.of();
        }
        jdbc.update(
                "UPDATE lead_sync SET state = 'FROZEN', hold_reason = 'MANUAL', updated_at = :now "
                        + "WHERE integration_id = :i AND state = 'QUEUED'",
                Map.of("i", i.id(), "now", OffsetDateTime.now()));
        return List.of();
    }

    /** Counts per state and the last manual push, for operators. */
    public Map<String, Object> counts(Integration i) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("integration", i.orgId() + "/" + i.vendor().key());
        out.put("state", i.state().name());
        out.put("syncMode", i.syncMode().name());
        jdbc.query(
                "SELECT state, COUNT(*) FROM lead_sync WHERE integration_id = :i GROUP BY state ORDER BY state",
                Map.of("i", i.id()),
                rs -> {
                    out.put(rs.getString(1).toLowerCase(), rs.getInt(2));
                });
        jdbc.query(
                "SELECT started_by, released, ran_at FROM manual_sync_run WHERE org_id = :org AND vendor = :v "
                        + "ORDER BY ran_at DESC, id DESC LIMIT 1",
                Map.of("org", i.orgId(), "v", i.vendor().key()),
                rs -> {
                    out.put(
                            "lastPush",
                            rs.getString(1) + " released " + rs.getInt(2) + " at "
                                    + rs.getTimestamp(3).toInstant());
                });
        return out;
    }

    public Integration integration(String org, String vendor) {
        Vendor v = Vendor.byKey(vendor).orElseThrow(() -> ApiException.notFound("vendor '" + vendor + "'"));
        return integrations
                .find(org, v)
                .orElseThrow(() -> ApiException.notFound("integration '" + vendor + "' of org '" + org + "'"));
    }

    public static void requireConnected(Integration i) {
        if (i.state() != Integration.ConnectionState.CONNECTED) {
            throw ApiException.conflict(
                    "the " + i.vendor().key() + " integration is " + i.state() + "; connect or enable it first");
        }
    }

    private List<SyncRepository.DispatchRef> releaseFrozen(Integration i, String event) {
        var p = new MapSqlParameterSource().addValue("i", i.id());
        String where = "integration_id = :i AND state = 'FROZEN'";
        if (event != null) {
            where += " AND event_id = :event";
            p.addValue("event", event);
        }
        return rows.requeue(where, p);
    }

    private List<Integration> connected() {
        return jdbc
                .queryForList("SELECT id FROM integration WHERE state = 'CONNECTED' ORDER BY id", Map.of(), Long.class)
                .stream()
                .map(id -> integrations.byId(id).orElseThrow())
                .toList();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
