package io.leadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.support.HubTest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Route test of the batching and routing stage: with the HubSpot step replaced by a mock, leads of
 * one integration arrive as one claimed batch (rows SYNCING) at the vendor step chosen by the
 * content-based router, and outcomes the vendor route leaves unset are recorded as INTERNAL failures
 * — no lead is silently dropped.
 */
@DirtiesContext
class SyncBatchRouteTest extends HubTest {

    @Test
    void batchIsClaimedRoutedByVendorAndEveryLeadGetsAnOutcome() throws Exception {
        sandbox(HttpMethod.POST, "/hubspot/_reset?tokens=true", null);
        AdviceWith.adviceWith(camel, "sync-batch", a -> a.weaveById("to-vendor-hubspot").replace().to("mock:hubspot"));
        MockEndpoint hubspot = camel.getEndpoint("mock:hubspot", MockEndpoint.class);
        hubspot.expectedMessageCount(1);
        hubspot.whenAnyExchangeReceived(ex -> {
            SyncBatch batch = ex.getMessage().getBody(SyncBatch.class);
            // rows are claimed while the vendor step runs
            Integer syncing = jdbc.queryForObject("SELECT COUNT(*) FROM lead_sync WHERE claim_id = :c AND state = 'SYNCING'",
                    Map.of("c", batch.claimId()), Integer.class);
            assertThat(syncing).isEqualTo(batch.items().size());
            batch.items().stream().filter(i -> i.lead().emailNorm().startsWith("a"))
                    .forEach(i -> i.clear("contact", "id-" + i.lead().id(), null, true));
        });

        String org = newOrg(true);
        NotifyBuilder done = new NotifyBuilder(camel).fromRoute("sync-batch").whenCompleted(1).create();
        importCsv(org, "Email,Last Name\nann@globex.io,Ann\nbob@globex.io,Bob\namy@globex.io,Amy\n");
        assertThat(done.matches(30, TimeUnit.SECONDS)).isTrue();
        hubspot.assertIsSatisfied();

        SyncBatch batch = hubspot.getReceivedExchanges().get(0).getMessage().getBody(SyncBatch.class);
        assertThat(batch.vendor()).isEqualTo("hubspot");
        assertThat(batch.items()).extracting(i -> i.lead().emailNorm())
                .containsExactlyInAnyOrder("ann@globex.io", "bob@globex.io", "amy@globex.io");
        awaitSettled(org);
        assertThat(syncRow(org, "ann@globex.io")).containsEntry("STATE", "CLEARED").containsEntry("VENDOR_ID",
                "id-" + syncRow(org, "ann@globex.io").get("LEAD_ID"));
        assertThat(syncRow(org, "bob@globex.io")).containsEntry("STATE", "FAILED").containsEntry("CATEGORY", "INTERNAL");
        assertThat(sandbox(HttpMethod.GET, "/hubspot/_records/contacts", null).size()).isZero();
        assertThat(List.of(summary(org).path("cleared").asInt(), summary(org).path("failed").asInt())).containsExactly(2, 1);
    }
}
