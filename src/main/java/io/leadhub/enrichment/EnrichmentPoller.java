package io.leadhub.enrichment;

import io.leadhub.lead.LeadRepository;
import io.leadhub.platform.StageQueue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Feeds the enrichment stage from the database. Stored leads wait as PENDING rows; every
 * {@code hub.enrichment.poll-interval} each hub instance claims as many as it has room for (its
 * window: twice {@code hub.enrichment.concurrency}), with a lease, and hands their ids to the
 * waterfall's consumers. Memory holds at most the window, whatever the backlog, and the window
 * can be rebuilt from the database at any time: a lead whose instance dies mid-enrichment is
 * claimed again by any instance when its lease ({@code hub.enrichment.lease}) has passed.
 */
@Component("enrichmentPoller")
public class EnrichmentPoller implements StageQueue {
    private final LeadRepository leads;
    private final TransactionTemplate tx;
    private final int window;
    private final Duration lease;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final String endpointUri;

    public EnrichmentPoller(
            LeadRepository leads,
            TransactionTemplate tx,
            @Value("${hub.enrichment.concurrency:64}") int concurrency,
            @Value("${hub.enrichment.lease:PT2M}") Duration lease,
            @Value("${hub.endpoints.enrich}") String endpointUri) {
        this.endpointUri = endpointUri;
        this.leads = leads;
        this.tx = tx;
        this.window = Math.max(1, concurrency * 2);
        this.lease = lease;
    }

    /** Claims the next leads this instance has room for; answers their ids (possibly none). */
    public List<Long> claim(Exchange exchange) {
        if (exchange.getContext().isStopping()) return List.of();
        int room = window - inFlight.get();
        if (room <= 0) return List.of();
        List<Long> ids = tx.execute(s -> leads.claimForEnrichment(room, lease));
        inFlight.addAndGet(ids.size());
        return ids;
    }

    /** Called as one lead's pass starts: the window gets its place back when the pass ends, however it ends. */
    public void track(Exchange exchange) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange e) {
                inFlight.decrementAndGet();
            }
        });
    }

    @Override
    public String endpointUri() {
        return endpointUri;
    }

    /** Leads claimed but never started (the hub is stopping): free for any instance at once. */
    @Override
    public void dropped(List<Object> bodies) {
        List<Long> ids = bodies.stream().map(b -> Long.valueOf(b.toString())).toList();
        leads.releaseEnrichmentLeases(ids);
        inFlight.addAndGet(-ids.size());
    }

    /** Leads claimed by this instance and not finished yet. */
    public int inFlight() {
        return inFlight.get();
    }
}
