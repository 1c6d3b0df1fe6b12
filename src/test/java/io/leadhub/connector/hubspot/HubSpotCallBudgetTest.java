package io.leadhub.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.HubTest;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;

/**
 * Vendor API calls are the scarce resource: 1,000 new leads, counted through the HubSpot simulator's
 * _stats (token calls are not API calls). The figures are logged; the target is asserted.
 */
class HubSpotCallBudgetTest extends HubTest {
    private static final Logger LOG = LoggerFactory.getLogger(HubSpotCallBudgetTest.class);

    @BeforeEach
    void reset() {
        sandbox(HttpMethod.POST, "/hubspot/_reset?tokens=true", null);
    }

    @Test
    void thousandNewLeadsAtFiftyCompaniesCostOneCallPerBatchPlusTwo() {
        JsonNode stats = syncThousand(50);
        int upserts = stats.path("requests")
                .path("POST /crm/v3/objects/contacts/batch/upsert")
                .asInt();
        // 10 full batches of 100; one more when a batch closes on its completion timeout while rows still arrive
        assertThat(upserts).isBetween(10, 11);
        assertThat(stats.path("totalRequests").asInt())
                .as("one upsert per batch, one company search and one create")
                .isLessThanOrEqualTo(upserts + 2);
        assertThat(stats.path("records").path("contacts").asInt()).isEqualTo(1000);
        assertThat(stats.path("records").path("companies").asInt()).isEqualTo(50);
    }

    @Test
    void thousandNewLeadsAtThousandCompaniesCostThreeCallsPerHundred() {
        JsonNode stats = syncThousand(1000);
        int upserts = stats.path("requests")
                .path("POST /crm/v3/objects/contacts/batch/upsert")
                .asInt();
        assertThat(upserts).isBetween(10, 11);
        assertThat(stats.path("totalRequests").asInt())
                .as("company search, company create, contact upsert per batch")
                .isLessThanOrEqualTo(3 * upserts);
        assertThat(stats.path("records").path("companies").asInt()).isEqualTo(1000);
    }

    private JsonNode syncThousand(int companies) {
        String org = newOrg(true);
        StringBuilder csv = new StringBuilder("Email,First Name,Last Name,Company,Q: Lead type\n");
        for (int i = 0; i < 1000; i++) {
            int c = i % companies;
            csv.append("lead")
                    .append(i)
                    .append("@company")
                    .append(c)
                    .append("-budget.com,Lead,No")
                    .append(i)
                    .append(",Company ")
                    .append(c)
                    .append(",")
                    .append(i % 3 == 0 ? "Hot" : "Warm")
                    .append('\n');
        }
        assertThat(importCsv(org, csv.toString()).getBody().path("imported").asInt())
                .isEqualTo(1000);
        Awaitility.await()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> summary(org).path("cleared").asInt() == 1000);
        JsonNode stats = sandbox(HttpMethod.GET, "/hubspot/_stats", null);
        LOG.info(
                "1,000 new leads at {} company domains: {} HubSpot API calls {}",
                companies,
                stats.path("totalRequests").asInt(),
                stats.path("requests"));
        Integer failed = jdbc.queryForObject(
                "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND state <> 'CLEARED'",
                Map.of("org", org),
                Integer.class);
        assertThat(failed).isZero();
        return stats;
    }
}
