package io.leadhub.connector.pardot;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.connector.SyncBatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * The two Pardot routes as the sync flow runs them: a batch routed to {@code vendor-pardot} finishes
 * with each lead cleared to its prospect (campaign set on the created one), and every Pardot call
 * (token excluded) passes {@code vendor-pardot-api}, one per lead.
 */
class PardotRouteTest extends PardotTestSupport {

    @BeforeEach
    void reset() {
        sandbox(HttpMethod.POST, "/pardot/_reset?tokens=true", null);
    }

    @Test
    void vendorRouteClearsEachLeadAndEveryCallPassesTheApiRoute() {
        String org = newPardotOrg();
        NotifyBuilder batchDone = new NotifyBuilder(camel)
                .fromRoute("sync-batch")
                .wereSentTo("direct:vendor-pardot")
                .whenAnyDoneMatches(ex -> {
                    SyncBatch b = ex.getMessage().getBody(SyncBatch.class);
                    return b != null
                            && b.integration().orgId().equals(org)
                            && !b.items().isEmpty()
                            && b.items().stream()
                                    .allMatch(i -> i.outcome() != null
                                            && i.outcome().cleared()
                                            && "prospect".equals(i.outcome().vendorObject())
                                            && i.trace().stream()
                                                    .anyMatch(t ->
                                                            t.contains("-> campaign 7001 if the prospect is created")));
                })
                .create();
        NotifyBuilder apiCalls = new NotifyBuilder(camel)
                .fromRoute("vendor-pardot-api")
                .whenDone(2)
                .create();
        int before = upsertCalls();

        importCsv(org, "Email,Last Name\nroute1@globex.io,One\nroute2@globex.io,Two\n");

        assertThat(batchDone.matches(20, TimeUnit.SECONDS)).isTrue();
        assertThat(apiCalls.matches(20, TimeUnit.SECONDS)).isTrue();
        awaitSettled(org);
        assertThat(upsertCalls() - before)
                .as("one upsertLatestByEmail per lead")
                .isEqualTo(2);
        assertThat(prospects()).containsKeys("route1@globex.io", "route2@globex.io");
        assertThat(prospects().get("route1@globex.io").path("campaignId").asLong())
                .isEqualTo(7001);
        assertThat(camel.getRouteController().getRouteStatus("vendor-pardot").isStarted())
                .isTrue();
    }
}
