package io.leadhub.sync;

import io.leadhub.connector.QuotaPause;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.connector.VendorCallLog;
import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.Vendor;
import io.leadhub.lead.Lead;
import io.leadhub.lead.LeadRepository;
import io.leadhub.platform.StageQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Forms batches from the database. Planned leads wait as QUEUED rows; each hub instance looks for
 * integrations with a batch's worth waiting (the vendor's claim size) and claims their next rows in
 * capture order. Fewer rows ship once the oldest has waited {@code hub.sync.batch-wait} (250 ms),
 * unless more of the integration's leads are still being enriched and would fill the batch (an
 * upload in progress): then they wait for them, at most {@code hub.sync.batch-max-wait} (5 s). Full
 * batches under a backlog or an upload, a short bounded wait when leads trickle in.
 *
 * <p>At most one batch per integration is in flight across all instances: the instance that
 * claims it holds the integration's batch lease, renews it (and its rows' leases) while the batch
 * runs, and gives it back when the outcomes are recorded. An instance that dies loses its leases
 * when they run out ({@code hub.sync.lease}); its rows go back to QUEUED in the next sweep of any
 * instance. Each instance runs at most {@code hub.sync.concurrent-batches} batches at once, so
 * memory holds that many batches whatever the backlog.
 *
 * <p>An integration that is not connected any more holds its waiting rows (HELD with the reason);
 * one paused for a used-up vendor quota lets them wait, visibly, for the reset.
 */
@Component("syncDispatcher")
public class SyncDispatcher implements StageQueue {
    private static final Logger LOG = LoggerFactory.getLogger(SyncDispatcher.class);
    private static final int HOLD_CHUNK = 1000;
    /** The largest batch a vendor takes: counting waiting rows further would change nothing. */
    private static final int LARGEST_BATCH =
            Arrays.stream(Vendor.values()).mapToInt(Vendor::claimSize).max().orElse(1);

    private final SyncRepository rows;
    private final LeadRepository leads;
    private final IntegrationRepository integrations;
    private final QuotaPause quotaPause;
    private final TransactionTemplate tx;
    private final Duration lease;
    private final Duration batchWait;
    private final Duration batchMaxWait;
    private final int concurrentBatches;
    /** Batches this instance runs: claim id -> integration id. */
    private final Map<String, Long> running = new ConcurrentHashMap<>();

    private final String endpointUri;

    public SyncDispatcher(
            SyncRepository rows,
            LeadRepository leads,
            IntegrationRepository integrations,
            QuotaPause quotaPause,
            TransactionTemplate tx,
            @Value("${hub.sync.lease:PT1M}") Duration lease,
            @Value("${hub.sync.batch-wait:PT0.25S}") Duration batchWait,
            @Value("${hub.sync.batch-max-wait:PT5S}") Duration batchMaxWait,
            @Value("${hub.sync.concurrent-batches:4}") int concurrentBatches,
            @Value("${hub.endpoints.batches}") String endpointUri) {
        this.endpointUri = endpointUri;
        this.rows = rows;
        this.leads = leads;
        this.integrations = integrations;
        this.quotaPause = quotaPause;
        this.tx = tx;
        this.lease = lease;
        this.batchWait = batchWait;
        this.batchMaxWait = batchMaxWait;
        this.concurrentBatches = concurrentBatches;
    }

    /** Claims every batch that is due and that this instance has room for; answers them (possibly none). */
    public synchronized List<SyncBatch> claimDue(Exchange exchange) {
        if (exchange.getContext().isStopping()) return List.of();
        List<SyncBatch> out = new ArrayList<>();
        Instant now = Instant.now();
        for (SyncRepository.Waiting w : rows.waiting(LARGEST_BATCH)) {
            if (running.size() >= concurrentBatches) break;
            int size = Vendor.byKey(w.vendor()).map(Vendor::claimSize).orElse(1);
            if (w.rows() < size) {
                // a partial batch waits a little, longer while leads being enriched would fill it
                Duration wait = w.rows() + w.enriching() >= size ? batchMaxWait : batchWait;
                if (w.oldest().isAfter(now.minus(wait))) continue;
            }
            claim(w.integrationId(), size).ifPresent(out::add);
        }
        return out;
    }

    private Optional<SyncBatch> claim(long integrationId, int size) {
        Integration integration = integrations.byId(integrationId).orElse(null);
        if (integration == null) return Optional.empty();
        if (integration.state() != Integration.ConnectionState.CONNECTED) {
            // disabled, disconnected or waiting for re-auth since these rows were queued: nothing leaves
            rows.holdQueued(integrationId, integration.state().name());
            return Optional.empty();
        }
        var paused = quotaPause.until(integration);
        if (paused.isPresent()) {
            // the vendor's quota is used up: nothing is sent before its reset, the leads wait for it
            String message = QuotaPause.notSentMessage(integration.vendor().key(), paused.get());
            List<Long> ids;
            while (!(ids = rows.queuedIds(integrationId, HOLD_CHUNK)).isEmpty()) {
                rows.waitForQuota(ids, paused.get(), QuotaPause.PAUSED, message);
            }
            return Optional.empty();
        }
        String claimId = UUID.randomUUID().toString();
        if (!rows.takeBatchLease(integrationId, claimId, lease)) return Optional.empty();
        List<SyncRepository.ClaimedRow> claimed = tx.execute(s -> rows.claimNext(integrationId, size, claimId, lease));
        if (claimed.isEmpty()) {
            rows.releaseBatchLease(integrationId, claimId);
            return Optional.empty();
        }
        running.put(claimId, integrationId);
        Map<Long, Lead> byId = leads
                .loadAll(claimed.stream().map(SyncRepository.ClaimedRow::leadId).toList())
                .stream()
                .collect(Collectors.toMap(Lead::id, Function.identity()));
        List<SyncItem> items = new ArrayList<>();
        for (var row : claimed) {
            items.add(new SyncItem(
                            row.syncId(),
                            byId.get(row.leadId()),
                            row.vendorId(),
                            row.companyVendorId(),
                            row.matchStrategy(),
                            row.attempts())
                    .batchCap(row.batchCap()));
        }
        return Optional.of(new SyncBatch(integration, claimId, items));
    }

    /**
     * Called as a batch starts on its consumer thread: starts the log of its vendor calls (kept with
     * each lead's attempt) and gives the batch's lease back when the exchange ends, however it ends.
     */
    public void begin(Exchange exchange) {
        VendorCallLog.start();
        SyncBatch batch = exchange.getMessage().getBody(SyncBatch.class);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange e) {
                done(batch);
            }
        });
    }

    /** The batch has ended: its integration's batch lease is free for the next batch, on any instance. */
    public void done(SyncBatch batch) {
        running.remove(batch.claimId());
        rows.releaseBatchLease(batch.integration().id(), batch.claimId());
    }

    /** Extends the leases of the batches this instance runs (every {@code hub.sync.renew-period}). */
    public void renew() {
        running.forEach((claimId, integrationId) -> {
            if (!rows.renew(integrationId, claimId, lease) && running.containsKey(claimId))
                LOG.warn(
                        "Batch {} of integration {} lost its lease; its outcomes will not be recorded",
                        claimId,
                        integrationId);
        });
    }

    @Override
    public String endpointUri() {
        return endpointUri;
    }

    /** Batches claimed but never started (the hub is stopping): their rows are QUEUED again, their integrations free. */
    @Override
    public void dropped(List<Object> bodies) {
        for (Object body : bodies) {
            if (!(body instanceof SyncBatch batch)) continue;
            rows.unclaim(batch.claimId());
            done(batch);
        }
    }

    /** Batches this instance runs now. */
    public int running() {
        return running.size();
    }
}
