package io.leadhub.sync;

import io.leadhub.connector.QuotaPause;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.connector.VendorCallLog;
import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.lead.Lead;
import io.leadhub.lead.LeadRepository;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Turns an aggregated list of lead_sync ids into a claimed {@link SyncBatch}. Batches of the same
 * integration run one at a time (so two batches never race to create the same vendor record);
 * the permit is released when the exchange completes, however it ends. While the integration is
 * paused for a used-up vendor quota, the rows are not claimed: they wait, visibly, for the reset.
 */
@Component("batchClaimer")
public class BatchClaimer {
    private final SyncRepository rows;
    private final LeadRepository leads;
    private final IntegrationRepository integrations;
    private final Duration lease;
    private final QuotaPause quotaPause;
    private final Map<Long, Semaphore> permits = new ConcurrentHashMap<>();

    public BatchClaimer(
            SyncRepository rows,
            LeadRepository leads,
            IntegrationRepository integrations,
            @Value("${hub.sync.lease:PT10M}") Duration lease,
            QuotaPause quotaPause) {
        this.rows = rows;
        this.leads = leads;
        this.integrations = integrations;
        this.lease = lease;
        this.quotaPause = quotaPause;
    }

    public SyncBatch claim(Exchange exchange) throws InterruptedException {
        // the vendor calls of this batch, kept with each lead's attempt when the outcomes are recorded
        VendorCallLog.start();
        long integrationId = exchange.getMessage().getHeader("integrationId", Long.class);
        List<Long> ids = ((List<?>) exchange.getMessage().getBody(List.class))
                .stream().map(o -> Long.valueOf(o.toString())).distinct().toList();
        Semaphore permit = permits.computeIfAbsent(integrationId, k -> new Semaphore(1));
        permit.acquire();
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange e) {
                permit.release();
            }
        });
        Integration integration = integrations.byId(integrationId).orElseThrow();
        if (integration.state() != Integration.ConnectionState.CONNECTED) {
            // disabled, disconnected or waiting for re-auth since these rows were queued: nothing leaves
            rows.holdQueuedIds(ids, integration.state().name());
            return new SyncBatch(integration, UUID.randomUUID().toString(), List.of());
        }
        var paused = quotaPause.until(integration);
        if (paused.isPresent()) {
            // the vendor's quota is used up: nothing is sent before its reset, the leads wait for it
            rows.waitForQuota(
                    ids,
                    paused.get(),
                    QuotaPause.PAUSED,
                    QuotaPause.notSentMessage(integration.vendor().key(), paused.get()));
            return new SyncBatch(integration, UUID.randomUUID().toString(), List.of());
        }
        String claimId = UUID.randomUUID().toString();
        List<SyncRepository.ClaimedRow> claimed = rows.claim(ids, claimId, lease);
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
        return new SyncBatch(integration, claimId, items);
    }
}
