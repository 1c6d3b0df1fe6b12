package io.leadhub.connector.pipedrive;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.connector.SyncBatch;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * The two Pipedrive routes as the sync flow runs them: a batch routed to {@code vendor-pipedrive}
 * finishes with each lead cleared to its person, and every Pipedrive call (token excluded) passes
 * {@code vendor-pipedrive-api}: one search and one create per new person, plus the organization's.
 */
class PipedriveRouteTest extends PipedriveTestSupport {

    @BeforeEach
    void reset() {
        sandbox(HttpMethod.POST, "/pipedrive/_reset?tokens=true", null);
    }

    @Test
    void vendorRouteClearsEachLeadAndEveryCallPassesTheApiRoute() {
        String org = newPipedriveOrg();
        NotifyBuilder batchDone = new NotifyBuilder(camel)
                .fromRoute("sync-batch")
                .wereSentTo("direct:vendor-pipedrive")
                .whenAnyDoneMatches(ex -> {
                    SyncBatch b = ex.getMessage().getBody(SyncBatch.class);
                    return b != null
                            && b.integration().orgId().equals(org)
                            && !b.items().isEmpty()
                            && b.items().stream()
                                    .allMatch(i -> i.outcome() != null
                                            && i.outcome().cleared()
                                            && "person".equals(i.outcome().vendorObject())
                                            && i.outcome().companyVendorId() != null);
                })
                .create();
        NotifyBuilder apiCalls = new NotifyBuilder(camel)
                .fromRoute("vendor-pipedrive-api")
                .whenDone(6)
                .create();

        importCsv(org, "Email,Last Name,Company\nroute1@globex.io,One,Globex\nroute2@globex.io,Two,Globex\n");

        assertThat(batchDone.matches(20, TimeUnit.SECONDS)).isTrue();
        assertThat(apiCalls.matches(20, TimeUnit.SECONDS)).isTrue();
        awaitSettled(org);
        assertThat(stats().path("totalRequests").asInt())
                .as("org search + create, then search + create per person")
                .isEqualTo(6);
        assertThat(persons()).containsOnlyKeys("route1@globex.io", "route2@globex.io");
        assertThat(camel.getRouteController().getRouteStatus("vendor-pipedrive").isStarted())
                .isTrue();
    }
}
