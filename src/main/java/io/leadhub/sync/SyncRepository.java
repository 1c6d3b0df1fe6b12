package io.leadhub.sync;

import com.google.common.collect.Lists;
import io.leadhub.connector.Outcome;
import io.leadhub.connector.SyncItem;
import io.leadhub.integration.Integration;
import io.leadhub.lead.Lead;
import io.leadhub.platform.SecretRedactor;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/** The lead_sync (reconciliation) rows: planning, claiming, outcomes, recovery. */
@Repository
public class SyncRepository {
    private final NamedParameterJdbcTemplate jdbc;

    public SyncRepository(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A row ready to be dispatched: its id and the integration's routing keys. */
    public record DispatchRef(long syncId, long integrationId, String vendor) {}

    /** A row claimed for a batch. */
    public record ClaimedRow(
            long syncId,
            long leadId,
            String vendorId,
            String companyVendorId,
            String matchStrategy,
            int attempts,
            Integer batchCap) {}

    /**
     * Plans one lead for one integration: inserts its row, or re-opens a finished row when the lead
     * changed since it was synced. Rows in flight are left alone. Answers the row id when it is now
     * QUEUED (the caller dispatches it), else empty.
     */
    public Optional<Long> plan(Lead lead, Integration integration, String state, String holdReason, String strategy) {
        var p = new MapSqlParameterSource()
                .addValue("org", lead.orgId())
                .addValue("lead", lead.id())
                .addValue("integration", integration.id())
                .addValue("vendor", integration.vendor().key())
                .addValue("event", lead.eventId())
                .addValue("state", state)
                .addValue("hold", holdReason)
                .addValue("strategy", strategy)
                .addValue("version", lead.version())
                .addValue("now", OffsetDateTime.now());
        int updated = jdbc.update(
                "UPDATE lead_sync SET state = :state, hold_reason = :hold, lead_version = :version, "
                        + "category = NULL, vendor_code = NULL, message = NULL, next_attempt_at = NULL, updated_at = :now "
                        + "WHERE lead_id = :lead AND integration_id = :integration AND ("
                        + "state IN ('ENRICHING', 'QUEUED', 'FROZEN', 'HELD') OR (state IN ('CLEARED', 'FAILED') AND lead_version < :version))",
                p);
        if (updated == 0) {
            jdbc.update(
                    "INSERT INTO lead_sync (org_id, lead_id, integration_id, vendor, event_id, state, hold_reason, "
                            + "match_strategy, lead_version, created_at, updated_at) SELECT :org, :lead, :integration, :vendor, :event, :state, "
                            + ":hold, :strategy, :version, :now, :now WHERE NOT EXISTS "
                            + "(SELECT 1 FROM lead_sync WHERE lead_id = :lead AND integration_id = :integration)",
                    p);
        }
        return "QUEUED".equals(state) ? idOf(lead.id(), integration.id(), "QUEUED") : Optional.empty();
    }

    /**
     * Opens the reconciliation rows of freshly stored leads for one integration, in the capture's own
     * transaction: ENRICHING until the planner decides QUEUED, FROZEN or HELD, so a lead counts as
     * pre-sync from the moment it is stored. The matching strategy in force at capture is frozen on
     * the row. Leads that already have a row for the integration keep it. Answers how many rows opened.
     */
    public int openEnriching(Collection<Long> leadIds, Integration integration, String strategy) {
        List<Long> ids = List.copyOf(leadIds);
        int opened = 0;
        for (List<Long> part : Lists.partition(ids, 1000)) {
            opened += jdbc.update(
                    "INSERT INTO lead_sync (org_id, lead_id, integration_id, vendor, event_id, state, match_strategy, "
                            + "lead_version, created_at, updated_at) SELECT l.org_id, l.id, :integration, :vendor, l.event_id, 'ENRICHING', "
                            + ":strategy, l.version, :now, :now FROM lead l WHERE l.id IN (:ids) AND l.org_id = :org AND NOT EXISTS "
                            + "(SELECT 1 FROM lead_sync s WHERE s.lead_id = l.id AND s.integration_id = :integration)",
                    new MapSqlParameterSource()
                            .addValue("ids", part)
                            .addValue("integration", integration.id())
                            .addValue("vendor", integration.vendor().key())
                            .addValue("org", integration.orgId())
                            .addValue("strategy", strategy)
                            .addValue("now", OffsetDateTime.now()));
        }
        return opened;
    }

    private Optional<Long> idOf(long leadId, long integrationId, String state) {
        return jdbc
                .queryForList(
                        "SELECT id FROM lead_sync WHERE lead_id = :lead AND integration_id = :integration AND state = :s",
                        Map.of("lead", leadId, "integration", integrationId, "s", state),
                        Long.class)
                .stream()
                .findFirst();
    }

    /** Claims the QUEUED rows among {@code ids} for one batch; rows already claimed elsewhere are skipped. */
    public List<ClaimedRow> claim(Collection<Long> ids, String claimId, Duration lease) {
        OffsetDateTime now = OffsetDateTime.now();
        jdbc.update(
                "UPDATE lead_sync SET state = 'SYNCING', claim_id = :claim, lease_until = :lease, attempts = attempts + 1, "
                        + "updated_at = :now WHERE id IN (:ids) AND state = 'QUEUED' AND integration_id IN "
                        + "(SELECT id FROM integration WHERE state = 'CONNECTED')",
                new MapSqlParameterSource()
                        .addValue("ids", ids)
                        .addValue("claim", claimId)
                        .addValue("lease", now.plus(lease))
                        .addValue("now", now));
        return jdbc.query(
                "SELECT id, lead_id, vendor_id, company_vendor_id, match_strategy, attempts, batch_cap FROM lead_sync "
                        + "WHERE claim_id = :claim AND state = 'SYNCING' ORDER BY lead_id, id",
                Map.of("claim", claimId),
                (rs, i) -> new ClaimedRow(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getInt(6),
                        rs.getObject(7) == null ? null : rs.getInt(7)));
    }

    /**
     * An integration's QUEUED rows in capture order. The {@code ORDER BY} names the columns of index
     * {@code lead_sync_claim_order} (integration and state are fixed by the filter, so the order is by
     * lead id): H2 then reads the rows from that index and stops at the limit, as PostgreSQL does.
     * Ordered by {@code lead_id, id} alone, H2 read and sorted every QUEUED row of the integration, and
     * with {@code FOR UPDATE SKIP LOCKED} it also locked each of them: under a 100,000-lead backlog that
     * made a claim round take most of a second and grew the database file and heap with every round.
     * So a claim first takes its candidates from here and then locks only those.
     */
    private static final String FIRST_QUEUED = "SELECT id FROM lead_sync WHERE integration_id = :integration "
            + "AND state = 'QUEUED' ORDER BY integration_id, state, lead_id, id";

    /**
     * Integrations with QUEUED rows and no batch in flight anywhere: how many rows wait, since when,
     * and how many more of its leads are still being enriched (they will be QUEUED soon).
     */
    public record Waiting(long integrationId, String vendor, int rows, int enriching, Instant oldest) {}

    /**
     * Integrations whose QUEUED rows could form a batch now (no instance holds their batch lease),
     * oldest waiting row first. Each count stops at {@code cap} and the oldest row is looked for
     * among the first {@code cap} rows in capture order, so the cost of a look does not grow with
     * the backlog (it runs every {@code hub.sync.poll-interval} on every instance).
     */
    public List<Waiting> waiting(int cap) {
        List<Map<String, Object>> candidates = jdbc.queryForList(
                "SELECT i.id, i.vendor FROM integration i WHERE (i.batch_lease_until IS NULL OR i.batch_lease_until < :now) "
                        + "AND EXISTS (SELECT 1 FROM lead_sync s WHERE s.integration_id = i.id AND s.state = 'QUEUED')",
                Map.of("now", OffsetDateTime.now()));
        List<Waiting> out = new ArrayList<>();
        for (Map<String, Object> c : candidates) {
            long id = ((Number) c.get("id")).longValue();
            Map<String, Object> params = Map.of("integration", id, "cap", cap);
            Object[] queued = jdbc.queryForObject(
                    "SELECT COUNT(*), MIN(updated_at) FROM lead_sync WHERE id IN (" + FIRST_QUEUED + " LIMIT :cap)",
                    params,
                    (rs, i) -> new Object[] {rs.getInt(1), rs.getTimestamp(2)});
            int rows = (Integer) queued[0];
            if (rows == 0) continue; // claimed by another instance since the first look
            Integer enriching = jdbc.queryForObject(
                    "SELECT COUNT(*) FROM (SELECT id FROM lead_sync WHERE integration_id = :integration "
                            + "AND state = 'ENRICHING' LIMIT :cap) e",
                    params,
                    Integer.class);
            out.add(new Waiting(
                    id,
                    (String) c.get("vendor"),
                    rows,
                    enriching == null ? 0 : enriching,
                    ((Timestamp) queued[1]).toInstant()));
        }
        out.sort(Comparator.comparing(Waiting::oldest));
        return out;
    }

    /**
     * Takes the integration's batch lease for {@code claimId} until {@code lease} from now, if no
     * instance holds it (or its holder's lease has passed). Answers whether it was taken.
     */
    public boolean takeBatchLease(long integrationId, String claimId, Duration lease) {
        OffsetDateTime now = OffsetDateTime.now();
        return jdbc.update(
                        "UPDATE integration SET batch_claim = :claim, batch_lease_until = :until WHERE id = :id "
                                + "AND (batch_lease_until IS NULL OR batch_lease_until < :now)",
                        new MapSqlParameterSource()
                                .addValue("id", integrationId)
                                .addValue("claim", claimId)
                                .addValue("until", now.plus(lease))
                                .addValue("now", now))
                == 1;
    }

    /** Gives the integration's batch lease back, if {@code claimId} still holds it. */
    public void releaseBatchLease(long integrationId, String claimId) {
        jdbc.update(
                "UPDATE integration SET batch_claim = NULL, batch_lease_until = NULL WHERE id = :id AND batch_claim = :claim",
                Map.of("id", integrationId, "claim", claimId));
    }

    /**
     * Extends a running batch's leases: the integration's batch lease and its rows' SYNCING lease.
     * Answers false when the batch lease is not this claim's any more (it ran out and another
     * instance took it): the batch's outcomes will then not be written.
     *
     * <p>Rows locked by another transaction are skipped, not waited for: they are the batch's own
     * outcomes being recorded (one transaction writing row after row), and waiting for one while
     * holding the others deadlocked with that transaction on PostgreSQL. A skipped row's lease is
     * renewed at the next round if it is still SYNCING then.
     */
    public boolean renew(long integrationId, String claimId, Duration lease) {
        OffsetDateTime until = OffsetDateTime.now().plus(lease);
        jdbc.update(
                "UPDATE lead_sync SET lease_until = :until WHERE id IN (SELECT id FROM lead_sync "
                        + "WHERE claim_id = :claim AND state = 'SYNCING' FOR UPDATE SKIP LOCKED)",
                Map.of("until", until, "claim", claimId));
        return jdbc.update(
                        "UPDATE integration SET batch_lease_until = :until WHERE id = :id AND batch_claim = :claim",
                        Map.of("until", until, "id", integrationId, "claim", claimId))
                == 1;
    }

    /**
     * Claims the integration's next {@code limit} QUEUED rows in capture order (lead id) for one
     * batch: SYNCING under {@code claimId} with a lease, one more attempt each. Rows another
     * transaction is claiming are skipped. Runs in the caller's transaction.
     */
    public List<ClaimedRow> claimNext(long integrationId, int limit, String claimId, Duration lease) {
        // candidates from the index, then a lock on just those (see FIRST_QUEUED)
        List<Long> candidates = queuedIds(integrationId, limit);
        if (candidates.isEmpty()) return List.of();
        List<Long> ids = jdbc.queryForList(
                "SELECT id FROM lead_sync WHERE id IN (:ids) AND state = 'QUEUED' ORDER BY lead_id, id FOR UPDATE SKIP LOCKED",
                Map.of("ids", candidates),
                Long.class);
        if (ids.isEmpty()) return List.of();
        return claim(ids, claimId, lease);
    }

    /** The rows of a claim that was never sent go back to QUEUED, with the claim's attempt given back. */
    public int unclaim(String claimId) {
        return jdbc.update(
                "UPDATE lead_sync SET state = 'QUEUED', claim_id = NULL, lease_until = NULL, "
                        + "attempts = CASE WHEN attempts > 0 THEN attempts - 1 ELSE 0 END, updated_at = :now "
                        + "WHERE claim_id = :claim AND state = 'SYNCING'",
                Map.of("claim", claimId, "now", OffsetDateTime.now()));
    }

    /** The integration's QUEUED rows (at most {@code limit}), in capture order. */
    public List<Long> queuedIds(long integrationId, int limit) {
        return jdbc.queryForList(
                FIRST_QUEUED + " LIMIT :limit", Map.of("integration", integrationId, "limit", limit), Long.class);
    }

    /**
     * Writes one outcome, only while the row is still held by this claim (trace and message with
     * secrets masked; the message made one bounded sentence about this lead, {@link FailureMessage}).
     * A failure keeps the batch cap the connector gave the lead (null: none); a cleared row drops it.
     */
    public void finish(SyncItem item, String claimId, String trace, OffsetDateTime nextAttempt) {
        Outcome o = item.outcome();
        trace = SecretRedactor.redact(trace);
        var p = new MapSqlParameterSource()
                .addValue("id", item.syncId())
                .addValue("claim", claimId)
                .addValue("trace", trace)
                .addValue("now", OffsetDateTime.now())
                .addValue("version", item.lead().version());
        if (o.cleared()) {
            p.addValue("obj", o.vendorObject())
                    .addValue("vid", o.vendorId())
                    .addValue("cid", o.companyVendorId())
                    .addValue("action", o.action());
            jdbc.update(
                    "UPDATE lead_sync SET state = 'CLEARED', vendor_object = :obj, vendor_id = :vid, "
                            + "company_vendor_id = COALESCE(:cid, company_vendor_id), action = :action, match_trace = :trace, "
                            + "category = NULL, vendor_code = NULL, message = NULL, synced_version = :version, claim_id = NULL, "
                            + "lease_until = NULL, next_attempt_at = NULL, batch_cap = NULL, cleared_at = :now, updated_at = :now "
                            + "WHERE id = :id AND claim_id = :claim AND state = 'SYNCING'",
                    p);
        } else {
            p.addValue("vid", o.vendorId())
                    .addValue("cid", o.companyVendorId())
                    .addValue("cat", o.category().name())
                    .addValue("code", truncate(o.vendorCode(), 100))
                    .addValue(
                            "msg",
                            FailureMessage.forLead(
                                    SecretRedactor.redact(o.message()),
                                    item.lead().emailNorm()))
                    .addValue("next", nextAttempt)
                    .addValue("cap", item.nextBatchCap());
            jdbc.update(
                    "UPDATE lead_sync SET state = 'FAILED', category = :cat, vendor_code = :code, message = :msg, batch_cap = :cap, "
                            // a used-up quota is not the lead's attempt: the claim's count is given back
                            + "attempts = CASE WHEN :cat = 'QUOTA_EXHAUSTED' AND attempts > 0 THEN attempts - 1 ELSE attempts END, "
                            + "match_trace = :trace, vendor_id = COALESCE(:vid, vendor_id), company_vendor_id = COALESCE(:cid, company_vendor_id), "
                            + "synced_version = :version, claim_id = NULL, lease_until = NULL, "
                            + "next_attempt_at = :next, failed_at = :now, updated_at = :now "
                            + "WHERE id = :id AND claim_id = :claim AND state = 'SYNCING'",
                    p);
        }
    }

    /**
     * Rows of an integration that wait to be sent go HELD with {@code reason} (the integration can no
     * longer sync): QUEUED, FROZEN, and FAILED rows awaiting an automatic retry. Answers how many.
     */
    public int holdWaiting(long integrationId, String reason) {
        return jdbc.update(
                "UPDATE lead_sync SET state = 'HELD', hold_reason = :r, next_attempt_at = NULL, updated_at = :now "
                        + "WHERE integration_id = :integration AND (state IN ('QUEUED', 'FROZEN') OR (state = 'FAILED' AND next_attempt_at IS NOT NULL))",
                Map.of("integration", integrationId, "r", reason, "now", OffsetDateTime.now()));
    }

    /** QUEUED rows among {@code ids} go HELD (their integration is not connected any more when the batch is claimed). */
    public int holdQueuedIds(Collection<Long> ids, String reason) {
        if (ids.isEmpty()) return 0;
        return jdbc.update(
                "UPDATE lead_sync SET state = 'HELD', hold_reason = :r, updated_at = :now WHERE id IN (:ids) AND state = 'QUEUED'",
                new MapSqlParameterSource()
                        .addValue("ids", ids)
                        .addValue("r", reason)
                        .addValue("now", OffsetDateTime.now()));
    }

    /**
     * QUEUED rows among {@code ids} wait for the vendor's quota reset without being sent (their
     * integration is paused for its quota): FAILED QUOTA_EXHAUSTED with the reset as next attempt, so
     * the reconciliation lists show them with the reason, and the sweep sends them at the reset.
     * The attempt count is left alone: nothing was tried.
     */
    public int waitForQuota(Collection<Long> ids, Instant resetAt, String vendorCode, String message) {
        if (ids.isEmpty()) return 0;
        OffsetDateTime now = OffsetDateTime.now();
        return jdbc.update(
                "UPDATE lead_sync SET state = 'FAILED', category = 'QUOTA_EXHAUSTED', vendor_code = :code, message = :msg, "
                        + "next_attempt_at = :reset, failed_at = :now, updated_at = :now WHERE id IN (:ids) AND state = 'QUEUED'",
                new MapSqlParameterSource()
                        .addValue("ids", ids)
                        .addValue("code", vendorCode)
                        .addValue("msg", truncate(message, 2000))
                        .addValue("reset", resetAt.atOffset(ZoneOffset.UTC))
                        .addValue("now", now));
    }

    /** A claimed row goes HELD instead of receiving an outcome (its integration stopped while the batch was in flight). */
    public void holdClaimed(long syncId, String claimId, String reason, String trace) {
        jdbc.update(
                "UPDATE lead_sync SET state = 'HELD', hold_reason = :r, match_trace = COALESCE(:trace, match_trace), claim_id = NULL, "
                        + "lease_until = NULL, next_attempt_at = NULL, updated_at = :now WHERE id = :id AND claim_id = :claim AND state = 'SYNCING'",
                new MapSqlParameterSource()
                        .addValue("id", syncId)
                        .addValue("claim", claimId)
                        .addValue("r", reason)
                        .addValue("trace", trace == null || trace.isEmpty() ? null : trace)
                        .addValue("now", OffsetDateTime.now()));
    }

    /**
     * A claimed row that was not sent because its integration paused while the batch was in flight,
     * and is connected again by the time the outcome is recorded: due for the next automatic retry.
     */
    public void retryClaimedSoon(long syncId, String claimId, String trace) {
        OffsetDateTime now = OffsetDateTime.now();
        jdbc.update(
                "UPDATE lead_sync SET state = 'FAILED', category = 'VENDOR_UNAVAILABLE', vendor_code = NULL, "
                        + "message = 'not sent: the integration was paused while the batch was in flight; retried automatically', "
                        + "match_trace = COALESCE(:trace, match_trace), claim_id = NULL, lease_until = NULL, next_attempt_at = :now, "
                        + "failed_at = :now, updated_at = :now WHERE id = :id AND claim_id = :claim AND state = 'SYNCING'",
                new MapSqlParameterSource()
                        .addValue("id", syncId)
                        .addValue("claim", claimId)
                        .addValue("trace", trace == null || trace.isEmpty() ? null : trace)
                        .addValue("now", now));
    }

    /** Rows of an integration still QUEUED go HELD (the integration can no longer sync). */
    public int holdQueued(long integrationId, String reason) {
        return jdbc.update(
                "UPDATE lead_sync SET state = 'HELD', hold_reason = :r, updated_at = :now "
                        + "WHERE integration_id = :integration AND state = 'QUEUED'",
                Map.of("integration", integrationId, "r", reason, "now", OffsetDateTime.now()));
    }

    /**
     * SYNCING rows whose lease ran out (their instance died or lost its lease), or that carry none,
     * go back to QUEUED.
     */
    public int requeueExpired() {
        return jdbc.update(
                "UPDATE lead_sync SET state = 'QUEUED', claim_id = NULL, lease_until = NULL, updated_at = :now "
                        + "WHERE state = 'SYNCING' AND (lease_until IS NULL OR lease_until < :now)",
                Map.of("now", OffsetDateTime.now()));
    }

    /** Moves rows matching {@code where} (on lead_sync) to QUEUED and answers them for dispatch. */
    public List<DispatchRef> requeue(String where, MapSqlParameterSource params) {
        String claim = UUID.randomUUID().toString();
        params.addValue("now", OffsetDateTime.now()).addValue("claim", claim);
        jdbc.update(
                "UPDATE lead_sync SET state = 'QUEUED', hold_reason = NULL, claim_id = :claim, updated_at = :now WHERE "
                        + where,
                params);
        var rows = jdbc.query(
                // in capture order (lead ids): the same batches on every database
                "SELECT id, integration_id, vendor FROM lead_sync WHERE claim_id = :claim AND state = 'QUEUED' "
                        + "ORDER BY lead_id, id",
                Map.of("claim", claim),
                (rs, i) -> new DispatchRef(rs.getLong(1), rs.getLong(2), rs.getString(3)));
        jdbc.update(
                "UPDATE lead_sync SET claim_id = NULL WHERE claim_id = :claim AND state = 'QUEUED'",
                Map.of("claim", claim));
        return rows;
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
