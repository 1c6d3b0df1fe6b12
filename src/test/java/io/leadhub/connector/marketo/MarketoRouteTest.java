package io.leadhub.connector.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.connector.SyncBatch;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

/**
 * The two Marketo routes as the sync flow runs them: a batch routed to {@code vendor-marketo} finishes with
 * the lead cleared to its Marketo record and the program step done, and every Marketo HTTP call
 * (token excluded) passes {@code vendor-marketo-api}.
 */
class MarketoRouteTest extends MarketoHubTest {

    @Test
    void vendorRouteClearsTheLeadAndEveryCallPassesTheApiRoute() {
        String org = marketoOrg();
        link(org, Map.of("campaignId", "1001", "memberStatus", "Engaged"));
        NotifyBuilder batchDone = new NotifyBuilder(camel)
                .fromRoute("sync-batch")
                .wereSentTo("direct:vendor-marketo")
                .whenAnyDoneMatches(ex -> {
                    SyncBatch b = ex.getMessage().getBody(SyncBatch.class);
                    return b != null
                            && b.integration().orgId().equals(org)
                            && b.items().stream()
                                    .anyMatch(i -> "route@globex.io"
                                                    .equals(i.lead().emailNorm())
                                            && i.outcome() != null
                                            && i.outcome().cleared()
                                            && "lead".equals(i.outcome().vendorObject())
                                            && i.trace().stream()
                                                    .anyMatch(t -> t.contains("program 1001: added as 'Engaged'")));
                })
                .create();
        int apiCallsBefore = marketoStats().path("totalRequests").asInt();
        NotifyBuilder apiCalls = new NotifyBuilder(camel)
                .fromRoute("vendor-marketo-api")
                .whenDone(2)
                .create();

        captureJson(org, Map.of("captureId", "route1", "email", "route@globex.io", "lastName", "Route"));

        assertThat(batchDone.matches(20, TimeUnit.SECONDS)).isTrue();
        assertThat(apiCalls.matches(20, TimeUnit.SECONDS)).isTrue();
        awaitSettled(org);
        assertThat(marketoStats().path("totalRequests").asInt() - apiCallsBefore)
                .as("lead upsert + member status")
                .isEqualTo(2);
        assertThat(camel.getRouteController().getRouteStatus("vendor-marketo").isStarted())
                .isTrue();
    }
}
