package io.leadhub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.integration.Vendor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Route {@code sync-batch}: a batch the dispatcher claimed (rows SYNCING while the vendor step
 * runs) goes through the content-based router {@code sync-route-by-vendor} sends it
 * to exactly its vendor's step, and the outcomes the vendor step sets are recorded (a lead it leaves
 * without one is an INTERNAL failure, never dropped). A vendor the
 * router does not know ends in the dead-letter channel: every lead of the batch FAILED (INTERNAL), and
 * the message names the vendor.
 */
class SyncBatchRouteAdviceTest extends RouteTestBase {

    @ParameterizedTest
    @EnumSource(Vendor.class)
    void aClaimedBatchGoesToExactlyItsVendorsStep(Vendor vendor) throws Exception {
        String org = newOrg(false);
        long integration = connect(org, vendor);
        Map<String, Integer> syncingDuringVendorStep = new ConcurrentHashMap<>();
        MockEndpoint target = vendorMock(vendor);
        target.whenAnyExchangeReceived(ex -> {
            SyncBatch batch = ex.getMessage().getBody(SyncBatch.class);
            syncingDuringVendorStep.put(
                    batch.claimId(),
                    jdbc.queryForObject(
                            "SELECT COUNT(*) FROM lead_sync WHERE claim_id = :c AND state = 'SYNCING'",
                            Map.of("c", batch.claimId()),
                            Integer.class));
            for (SyncItem item : batch.items()) item.clear("record", vendor.key() + "-" + item.syncId(), null, true);
        });

        capture(org, "ada.lovelace@analytical-engines.example", "grace.hopper@cobol-compilers.example");
        Exchange claimed = awaitBatch(integration, 2);
        assertThat(claimed.getMessage().getHeaders()).containsEntry("vendor", vendor.key());
        List<Long> queued = rowIds(integration, "SYNCING");
        assertThat(batchOf(claimed).items()).extracting(SyncItem::syncId).containsExactlyInAnyOrderElementsOf(queued);

        NotifyBuilder done = new NotifyBuilder(camel)
                .fromRoute("sync-batch")
                .filter(e -> Long.valueOf(integration).equals(e.getMessage().getHeader("integrationId", Long.class)))
                .whenDone(1)
                .create();
        sendToSyncBatch(claimed, vendor.key());
        assertThat(done.matches(30, TimeUnit.SECONDS))
                .as("sync-batch finished the batch")
                .isTrue();

        assertThat(target.getReceivedExchanges()).hasSize(1);
        SyncBatch batch = target.getReceivedExchanges().get(0).getMessage().getBody(SyncBatch.class);
        assertThat(batch.integration().id()).isEqualTo(integration);
        assertThat(batch.vendor()).isEqualTo(vendor.key());
        assertThat(batch.items()).extracting(SyncItem::syncId).containsExactlyInAnyOrderElementsOf(queued);
        assertThat(batch.items())
                .extracting(i -> i.lead().emailNorm())
                .containsExactlyInAnyOrder(
                        "ada.lovelace@analytical-engines.example", "grace.hopper@cobol-compilers.example");
        assertThat(syncingDuringVendorStep).containsEntry(batch.claimId(), 2);
        for (Vendor other : VENDORS) {
            if (other != vendor)
                assertThat(vendorMock(other).getReceivedExchanges())
                        .as("batches at " + other.key())
                        .isEmpty();
        }
        assertThat(rows(integration).values())
                .allSatisfy(row -> assertThat(row)
                        .containsEntry("STATE", "CLEARED")
                        .containsEntry("VENDOR_ID", vendor.key() + "-" + row.get("ID")));
    }

    @Test
    void aLeadTheVendorStepLeavesWithoutAnOutcomeIsRecordedAsAnInternalFailure() {
        String org = newOrg(false);
        long integration = connect(org, Vendor.HUBSPOT);
        vendorMock(Vendor.HUBSPOT)
                .whenAnyExchangeReceived(ex -> ex.getMessage().getBody(SyncBatch.class).items().stream()
                        .filter(i -> i.lead().emailNorm().startsWith("answered"))
                        .forEach(i -> i.clear("contact", "hs-" + i.syncId(), null, true)));
        capture(org, "answered.lead@outcomes.example", "forgotten.lead@outcomes.example");
        Exchange claimed = awaitBatch(integration, 2);

        NotifyBuilder done = new NotifyBuilder(camel)
                .fromRoute("sync-batch")
                .filter(e -> Long.valueOf(integration).equals(e.getMessage().getHeader("integrationId", Long.class)))
                .whenDone(1)
                .create();
        sendToSyncBatch(claimed, "hubspot");
        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();

        assertThat(syncRow(org, "answered.lead@outcomes.example"))
                .containsEntry("STATE", "CLEARED")
                .hasEntrySatisfying("VENDOR_ID", v -> assertThat((String) v).startsWith("hs-"));
        assertThat(syncRow(org, "forgotten.lead@outcomes.example"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "INTERNAL")
                .containsEntry("MESSAGE", "the vendor route finished without an outcome for this lead");
    }

    @Test
    void aBatchWhoseVendorTheRouterDoesNotKnowFailsInTheDeadLetterChannel() {
        String org = newOrg(false);
        long integration = connect(org, Vendor.HUBSPOT);
        capture(org, "unrouted.lead@nowhere-to-go.example", "second.unrouted@nowhere-to-go.example");
        Exchange claimed = awaitBatch(integration, 2);

        NotifyBuilder done = new NotifyBuilder(camel)
                .fromRoute("sync-batch")
                .filter(e -> Long.valueOf(integration).equals(e.getMessage().getHeader("integrationId", Long.class)))
                .whenDone(1)
                .create();
        sendToSyncBatch(claimed, "acme-crm");
        assertThat(done.matches(30, TimeUnit.SECONDS))
                .as("the dead-letter channel took the batch")
                .isTrue();

        for (Vendor v : VENDORS)
            assertThat(vendorMock(v).getReceivedExchanges())
                    .as("batches at " + v.key())
                    .isEmpty();
        assertThat(rows(integration).values())
                .hasSize(2)
                .allSatisfy(row -> assertThat(row)
                        .containsEntry("STATE", "FAILED")
                        .containsEntry("CATEGORY", "INTERNAL")
                        .containsEntry("CLAIM_ID", null)
                        .hasEntrySatisfying(
                                "MESSAGE", m -> assertThat((String) m).contains("no connector for vendor acme-crm")));
    }
}
