package io.leadhub.sync;

import io.leadhub.lead.LeadRepository;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the in-memory queues from the database: at start-up, leads whose enrichment never
 * finished go back to enrichment and QUEUED / SYNCING rows are dispatched again (the database is
 * the system of record); periodically, SYNCING rows whose lease expired and transient failures
 * whose retry time has come are queued again, up to {@code hub.sync.max-attempts}. Leads waiting
 * for a vendor's quota reset (QUOTA_EXHAUSTED) are retried at the reset whatever their attempt
 * count, and nothing of an integration is released while its quota pause still runs.
 */
@Component("syncRecovery")
public class SyncRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(SyncRecovery.class);
    private final SyncRepository rows;
    private final LeadRepository leads;
    private final boolean singleNode;
    private final int maxAttempts;

    private final Duration enrichmentStale;

    public SyncRecovery(
            SyncRepository rows,
            LeadRepository leads,
            @Value("${hub.sync.single-node:true}") boolean singleNode,
            @Value("${hub.sync.max-attempts:5}") int maxAttempts,
            @Value("${hub.sync.enrichment-stale:PT5M}") Duration enrichmentStale) {
        this.rows = rows;
        this.leads = leads;
        this.singleNode = singleNode;
        this.maxAttempts = maxAttempts;
        this.enrichmentStale = enrichmentStale;
    }

    /** Periodic: leads stuck in enrichment (their message failed, e.g. on a lock timeout) go round again; enriching twice is harmless. */
    public List<Long> staleEnrichment() {
        List<Long> ids = leads.pendingEnrichmentSince(OffsetDateTime.now().minus(enrichmentStale));
        if (!ids.isEmpty())
            LOG.info("Sweep: {} leads waited longer than {} for enrichment; sent again", ids.size(), enrichmentStale);
        return ids;
    }

    public List<Long> pendingEnrichment() {
        List<Long> ids = leads.pendingEnrichment();
        if (!ids.isEmpty()) LOG.info("Recovery: {} leads go back to enrichment", ids.size());
        return ids;
    }

    /** At start-up: every SYNCING row of this (single) node is stale; answers all QUEUED rows. */
    public List<SyncRepository.DispatchRef> recoverRows() {
        int stale = rows.requeueStale(singleNode);
        List<SyncRepository.DispatchRef> queued = rows.queued();
        if (stale > 0 || !queued.isEmpty())
            LOG.info("Recovery: {} in-flight rows re-queued, {} rows dispatched", stale, queued.size());
        return queued;
    }

    /** Periodic sweep: expired leases and due automatic retries. */
    public List<SyncRepository.DispatchRef> sweep() {
        rows.requeueStale(false);
        var p = new MapSqlParameterSource()
                .addValue("due", OffsetDateTime.now())
                .addValue("max", maxAttempts);
        List<SyncRepository.DispatchRef> due = rows.requeue(
                "state = 'FAILED' AND next_attempt_at IS NOT NULL AND next_attempt_at <= :due "
                        + "AND (attempts < :max OR category = 'QUOTA_EXHAUSTED') AND integration_id IN (SELECT id FROM integration "
                        + "WHERE state = 'CONNECTED' AND (quota_reset_at IS NULL OR quota_reset_at <= :due))",
                p);
        if (!due.isEmpty()) LOG.info("Automatic retry of {} transient failures", due.size());
        return due;
    }
}
