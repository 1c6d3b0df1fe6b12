package io.leadhub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.integration.Vendor;
import io.leadhub.sync.SyncRepository.DispatchRef;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

/**
 * Routes {@code sync-dispatch} and {@code sync-batching}: every planned row leaves the dispatch stage
 * as its id with the routing headers (integrationId, vendor, the vendor's batch size); the aggregator
 * collects the ids of one integration into batches of that size, completes a partial batch on the
 * timeout, and never puts two integrations into one batch. The batch queue is a mock, so the ids here
 * need no rows.
 */
class SyncBatchingRouteAdviceTest extends RouteTestBase {
    /** Integration ids no other test uses (the batch queue mock sees every batch of the context). */
    private static final AtomicLong IDS = new AtomicLong(9_000_000L + (System.nanoTime() % 1000) * 1000);

    @Test
    void dispatchSendsEachRowIdWithItsIntegrationVendorAndBatchSize() {
        long zoho = IDS.incrementAndGet();
        long pipedrive = IDS.incrementAndGet();
        producer.sendBody(
                "direct:sync-dispatch",
                List.of(
                        new DispatchRef(101, zoho, "zoho"),
                        new DispatchRef(102, pipedrive, "pipedrive"),
                        new DispatchRef(103, zoho, "zoho")));

        Exchange zohoBatch = awaitBatch(zoho, 2);
        assertThat(zohoBatch.getMessage().getBody(List.class)).containsExactly(101L, 103L);
        assertThat(zohoBatch.getMessage().getHeaders())
                .containsEntry("integrationId", zoho)
                .containsEntry("vendor", "zoho")
                .containsEntry("batchSize", Vendor.ZOHO.claimSize());
        assertThat(zohoBatch.getProperty(Exchange.AGGREGATED_COMPLETED_BY)).isEqualTo("timeout");
        Exchange pipedriveBatch = awaitBatch(pipedrive, 1);
        assertThat(pipedriveBatch.getMessage().getBody(List.class)).containsExactly(102L);
        assertThat(pipedriveBatch.getMessage().getHeaders())
                .containsEntry("vendor", "pipedrive")
                .containsEntry("batchSize", Vendor.PIPEDRIVE.claimSize());
        assertThat(batchesOf(zoho)).hasSize(1);
        assertThat(batchesOf(pipedrive)).hasSize(1);
    }

    @Test
    void idsOfOneIntegrationFormBatchesOfItsSizeAndTheRestCompletesOnTheTimeout() {
        long a = IDS.incrementAndGet();
        long b = IDS.incrementAndGet();
        // interleaved, as two integrations' leads arrive together; the batch size comes with every message
        for (long id = 1; id <= 7; id++) {
            dispatch(a, "hubspot", 3, 1000 + id);
            if (id <= 2) dispatch(b, "marketo", 3, 2000 + id);
        }

        awaitBatch(a, 7);
        Exchange last = batchesOf(a).get(batchesOf(a).size() - 1);
        assertThat(batchesOf(a))
                .extracting(e -> e.getMessage().getBody(List.class))
                .containsExactly(List.of(1001L, 1002L, 1003L), List.of(1004L, 1005L, 1006L), List.of(1007L));
        assertThat(batchesOf(a))
                .extracting(e -> e.getProperty(Exchange.AGGREGATED_COMPLETED_BY))
                .containsExactly("size", "size", "timeout");
        assertThat(last.getMessage().getHeaders())
                .containsEntry("integrationId", a)
                .containsEntry("vendor", "hubspot");

        Exchange other = awaitBatch(b, 2);
        assertThat(other.getMessage().getBody(List.class)).containsExactly(2001L, 2002L);
        assertThat(other.getMessage().getHeaders()).containsEntry("vendor", "marketo");
        assertThat(other.getProperty(Exchange.AGGREGATED_COMPLETED_BY)).isEqualTo("timeout");
        assertThat(batchesOf(b)).hasSize(1);
    }

    /** One message as sync-dispatch sends it: the row id, with the routing headers. */
    private void dispatch(long integrationId, String vendor, int batchSize, long syncId) {
        producer.sendBodyAndHeaders(
                "{{hub.endpoints.dispatch}}",
                syncId,
                Map.of("integrationId", integrationId, "vendor", vendor, "batchSize", batchSize));
    }
}
