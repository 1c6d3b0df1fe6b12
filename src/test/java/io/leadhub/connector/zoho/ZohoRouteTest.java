package io.leadhub.connector.zoho;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.connector.SyncBatch;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

/**
 * The two Zoho routes as the sync flow runs them: a batch routed to {@code vendor-zoho} finishes
 * with the lead cleared to its Zoho Lead, its note logged and its campaign membership written, and
 * every Zoho API call (token excluded) passes {@code vendor-zoho-api}.
 */
class ZohoRouteTest extends ZohoHubTest {

    @Test
    void vendorRouteClearsTheLeadAndEveryCallPassesTheApiRoute() {
        String org = zohoOrg();
        assertThat(link(org, Map.of("campaignId", DEMO_CAMPAIGN, "memberStatus", "Received"))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        NotifyBuilder batchDone = new NotifyBuilder(camel)
                .fromRoute("sync-batch")
                .wereSentTo("direct:vendor-zoho")
                .whenAnyDoneMatches(ex -> {
                    SyncBatch b = ex.getMessage().getBody(SyncBatch.class);
                    return b != null
                            && b.integration().orgId().equals(org)
                            && b.items().stream()
                                    .anyMatch(i ->
                                            "route@globex.io".equals(i.lead().emailNorm())
                                                    && i.outcome() != null
                                                    && i.outcome().cleared()
                                                    && "lead".equals(i.outcome().vendorObject())
                                                    && i.trace().stream().anyMatch(t -> t.contains("-> Note "))
                                                    && i.trace().stream()
                                                            .anyMatch(t -> t.contains("campaign " + DEMO_CAMPAIGN
                                                                    + ": member with status 'Received'")));
                })
                .create();
        int apiCallsBefore = zohoStats().path("totalRequests").asInt();
        NotifyBuilder apiCalls = new NotifyBuilder(camel)
                .fromRoute("vendor-zoho-api")
                .whenDone(3)
                .create();

        captureJson(
                org,
                Map.of(
                        "captureId",
                        "route1",
                        "email",
                        "route@globex.io",
                        "lastName",
                        "Route",
                        "company",
                        "Globex",
                        "activities",
                        List.of(Map.of(
                                "id",
                                "r1",
                                "type",
                                "NOTE",
                                "occurredAt",
                                "2026-11-20T10:00:00Z",
                                "notes",
                                "Booth chat"))));

        assertThat(batchDone.matches(20, TimeUnit.SECONDS)).isTrue();
        assertThat(apiCalls.matches(20, TimeUnit.SECONDS)).isTrue();
        awaitSettled(org);
        assertThat(zohoStats().path("totalRequests").asInt() - apiCallsBefore)
                .as("field metadata, upsert, note, campaign members")
                .isEqualTo(4);
        assertThat(camel.getRouteController().getRouteStatus("vendor-zoho").isStarted())
                .isTrue();
    }
}
