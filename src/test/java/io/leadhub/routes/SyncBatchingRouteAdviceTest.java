package io.leadhub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.connector.SyncItem;
import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Routes {@code sync-claim} and {@code sync-claim-round}: the dispatcher forms batches from the QUEUED
 * rows in the database. An integration with a batch's worth waiting gets full batches at once, in
 * capture order; what is left ships after the batch wait ({@code hub.sync.batch-wait}, a second in
 * this context); two integrations never share a batch. The batch queue is a mock (the integration's
 * batch lease is given back as each batch reaches it).
 */
class SyncBatchingRouteAdviceTest extends RouteTestBase {

    @Test
    void fullBatchesLeaveFirstInCaptureOrderAndTheRestAfterTheWait() {
        String org = newOrg(false);
        // manual: the leads wait FROZEN until a push queues all of them at once
        long pipedrive = integrations.upsert(
                org,
                Vendor.PIPEDRIVE,
                Integration.SyncMode.MANUAL,
                "http://127.0.0.1:9/route-test",
                Map.of(),
                Integration.ConnectionState.CONNECTED);
        StringBuilder csv = new StringBuilder("Email,Last Name\n");
        for (int i = 1; i <= 120; i++) csv.append("visitor.").append(i).append("@batch-order.example,Visitor\n");
        assertThat(importCsv(org, csv.toString()).getStatusCode().value()).isEqualTo(200);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> rowIds(pipedrive, "FROZEN").size() == 120);
        List<Long> inCaptureOrder = jdbc.queryForList(
                "SELECT s.id FROM lead_sync s WHERE s.integration_id = :i ORDER BY s.lead_id",
                Map.of("i", pipedrive),
                Long.class);

        long pushedAt = System.currentTimeMillis();
        producer.sendBodyAndHeaders("direct:manual-sync-push", null, Map.of("org", org, "vendor", "pipedrive"));

        awaitBatch(pipedrive, 120);
        List<Exchange> batches = batchesOf(pipedrive);
        int claimSize = Vendor.PIPEDRIVE.claimSize();
        assertThat(batches)
                .extracting(e -> batchOf(e).items().size())
                .containsExactly(claimSize, claimSize, 120 - 2 * claimSize);
        List<Long> shipped = new ArrayList<>();
        batches.forEach(e -> batchOf(e).items().forEach(i -> shipped.add(i.syncId())));
        assertThat(shipped).as("capture order across batches").isEqualTo(inCaptureOrder);
        assertThat(batches)
                .allSatisfy(e -> assertThat(e.getMessage().getHeaders())
                        .containsEntry("integrationId", pipedrive)
                        .containsEntry("vendor", "pipedrive"));
        assertThat(batches.get(2).getClock().getCreated() - pushedAt)
                .as("the partial batch waited for more leads")
                .isGreaterThanOrEqualTo(1000);
    }

    @Test
    void twoIntegrationsOfOneOrgNeverShareABatch() {
        String org = newOrg(false);
        long hubspot = connect(org, Vendor.HUBSPOT);
        long marketo = connect(org, Vendor.MARKETO);
        capture(org, "ada.lovelace@analytical-engines.example", "grace.hopper@cobol-compilers.example");

        Exchange crm = awaitBatch(hubspot, 2);
        Exchange ma = awaitBatch(marketo, 2);
        assertThat(crm.getMessage().getHeaders()).containsEntry("vendor", "hubspot");
        assertThat(ma.getMessage().getHeaders()).containsEntry("vendor", "marketo");
        assertThat(batchOf(crm).integration().id()).isEqualTo(hubspot);
        assertThat(batchOf(ma).integration().id()).isEqualTo(marketo);
        assertThat(batchOf(crm).items())
                .extracting(SyncItem::syncId)
                .containsExactlyInAnyOrderElementsOf(rowIds(hubspot, "SYNCING"));
        assertThat(batchOf(ma).items())
                .extracting(SyncItem::syncId)
                .containsExactlyInAnyOrderElementsOf(rowIds(marketo, "SYNCING"));
    }
}
