package io.leadhub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.connector.VendorCallException;
import io.leadhub.integration.Vendor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.camel.Exchange;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter channel of the background flow ({@code sync-errors}): an exception that escapes a
 * vendor route fails every lead of that batch with the exception's category and message (INTERNAL
 * for a bug), in the reconciliation table; a batch of another integration running at the same time
 * is not touched. Here HubSpot's route runs for real up to its company step, which throws.
 */
class SyncDeadLetterAdviceTest extends RouteTestBase {
    /** What the woven step throws; each test sets it. */
    private static final AtomicReference<RuntimeException> FAILURE = new AtomicReference<>();

    @Override
    protected void advise() throws Exception {
        super.advise();
        AdviceWith.adviceWith(
                camel,
                "sync-batch",
                a -> a.weaveById("to-vendor-hubspot")
                        .replace()
                        .to("direct:vendor-hubspot")
                        .id("to-vendor-hubspot"));
        AdviceWith.adviceWith(
                camel,
                "vendor-hubspot",
                a -> a.weaveById("hubspot-match-companies")
                        .replace()
                        .process(ex -> {
                            throw FAILURE.get();
                        })
                        .id("hubspot-match-companies"));
    }

    @Test
    void aBugInAVendorRouteFailsItsBatchAsInternalAndLeavesOtherBatchesAlone() {
        FAILURE.set(new IllegalStateException("company index out of range"));
        Scenario s = runFailingAndHealthyBatch();

        assertThat(rows(s.failing).values())
                .hasSize(2)
                .allSatisfy(row -> assertThat(row)
                        .containsEntry("STATE", "FAILED")
                        .containsEntry("CATEGORY", "INTERNAL")
                        .containsEntry("NEXT_ATTEMPT_AT", null)
                        .containsEntry("MESSAGE", "IllegalStateException: company index out of range"));
        assertHealthyBatchCleared(s);
    }

    @Test
    void aVendorFailureKeepsItsCategoryAndCodeAndIsRetriedLater() {
        FAILURE.set(new VendorCallException(
                ErrorCategory.VENDOR_UNAVAILABLE, "503", "HubSpot answered 503 Service Unavailable"));
        Scenario s = runFailingAndHealthyBatch();

        assertThat(rows(s.failing).values()).hasSize(2).allSatisfy(row -> {
            assertThat(row)
                    .containsEntry("STATE", "FAILED")
                    .containsEntry("CATEGORY", "VENDOR_UNAVAILABLE")
                    .containsEntry("VENDOR_CODE", "503")
                    .containsEntry("MESSAGE", "HubSpot answered 503 Service Unavailable");
            assertThat(row.get("NEXT_ATTEMPT_AT")).as("automatic retry planned").isNotNull();
        });
        assertHealthyBatchCleared(s);
    }

    private record Scenario(long failing, long healthy) {}

    /** A HubSpot batch (its route throws) and a Zoho batch (its mock clears every lead), sent together. */
    private Scenario runFailingAndHealthyBatch() {
        String failingOrg = newOrg(true); // HubSpot connected to the simulator, with default mappings
        long failing =
                integrations.find(failingOrg, Vendor.HUBSPOT).orElseThrow().id();
        String healthyOrg = newOrg(false);
        long healthy = connect(healthyOrg, Vendor.ZOHO);
        vendorMock(Vendor.ZOHO).whenAnyExchangeReceived(ex -> {
            for (SyncItem item : ex.getMessage().getBody(SyncBatch.class).items()) {
                item.clear("Leads", "zoho-" + item.syncId(), null, true);
            }
        });

        capture(failingOrg, "margaret.hamilton@apollo-guidance.example", "katherine.johnson@trajectories.example");
        capture(healthyOrg, "dorothy.vaughan@fortran-team.example", "mary.jackson@wind-tunnel.example");
        Exchange failingBatch = awaitBatch(failing, 2);
        Exchange healthyBatch = awaitBatch(healthy, 2);

        NotifyBuilder bothDone = new NotifyBuilder(camel)
                .fromRoute("sync-batch")
                .filter(e -> {
                    Long id = e.getMessage().getHeader("integrationId", Long.class);
                    return id != null && (id == failing || id == healthy);
                })
                .whenDone(2)
                .create();
        sendToSyncBatch(failingBatch, "hubspot");
        sendToSyncBatch(healthyBatch, "zoho");
        assertThat(bothDone.matches(30, TimeUnit.SECONDS))
                .as("both batches finished")
                .isTrue();
        return new Scenario(failing, healthy);
    }

    private void assertHealthyBatchCleared(Scenario s) {
        assertThat(vendorMock(Vendor.ZOHO).getReceivedExchanges()).hasSize(1);
        assertThat(rows(s.healthy).values())
                .hasSize(2)
                .allSatisfy(row -> assertThat(row)
                        .containsEntry("STATE", "CLEARED")
                        .containsEntry("VENDOR_ID", "zoho-" + row.get("ID"))
                        .containsEntry("CATEGORY", null));
    }
}
