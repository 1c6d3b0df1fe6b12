package io.leadhub.connector.zoho;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zoho API credits are the scarce resource: 1,000 new leads, counted through the simulator's
 * _stats (token calls are not API calls). The figure is logged; the target (at most 12 calls:
 * one field-metadata read and ten 100-record upserts) is asserted.
 */
class ZohoCallBudgetTest extends ZohoHubTest {
    private static final Logger LOG = LoggerFactory.getLogger(ZohoCallBudgetTest.class);

    @Test
    void thousandNewLeadsCostAtMostTwelveCalls() {
        String org = zohoOrg();
        int before = zohoStats().path("totalRequests").asInt();

        StringBuilder csv = new StringBuilder("Email,First Name,Last Name,Company,Q: Lead type,Q: Product interest\n");
        for (int i = 0; i < 1000; i++) {
            csv.append("lead")
                    .append(i)
                    .append("@company")
                    .append(i % 50)
                    .append("-budget.com,Lead,No")
                    .append(i)
                    .append(",Company ")
                    .append(i % 50)
                    .append(",")
                    .append(i % 3 == 0 ? "Hot" : "Warm")
                    .append(",")
                    .append(i % 2 == 0 ? "Robots|Drones" : "Software")
                    .append('\n');
        }
        assertThat(importCsv(org, csv.toString()).getBody().path("imported").asInt())
                .isEqualTo(1000);
        Awaitility.await()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> zohoSummary(org).path("cleared").asInt() == 1000);

        JsonNode stats = zohoStats();
        int calls = stats.path("totalRequests").asInt() - before;
        LOG.info("1,000 new Zoho leads: {} Zoho API calls {}", calls, stats.path("requests"));
        assertThat(calls).isLessThanOrEqualTo(12);
        assertThat(stats.path("requests").path(UPSERT_LEADS).asInt()).isEqualTo(10);
        assertThat(stats.path("records").path("Leads").asInt()).isEqualTo(1000);
        assertThat(records("Leads").get("lead0@company0-budget.com").path("Leadhub_Product_Interest"))
                .extracting(JsonNode::asText)
                .containsExactlyInAnyOrder("Robots", "Drones");
        Integer notCleared = jdbc.queryForObject(
                "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND state <> 'CLEARED'",
                Map.of("org", org),
                Integer.class);
        assertThat(notCleared).isZero();
    }
}
