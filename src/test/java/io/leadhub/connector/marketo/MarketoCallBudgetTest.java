package io.leadhub.connector.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marketo calls are the scarce resource (100 per 20 s, 50,000 a day): 1,000 new leads linked to a
 * program, counted through the simulator's _stats (token calls are not API calls). The figure is
 * logged; the target (at most 8 calls, program membership included) is asserted.
 */
class MarketoCallBudgetTest extends MarketoHubTest {
    private static final Logger LOG = LoggerFactory.getLogger(MarketoCallBudgetTest.class);

    @Test
    void thousandNewLeadsWithProgramMembershipCostAtMostEightCalls() {
        String org = marketoOrg();
        assertThat(link(org, Map.of("campaignId", "PG1001A1", "memberStatus", "Visited Booth"))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        int before = marketoStats().path("totalRequests").asInt();

        StringBuilder csv = new StringBuilder("Email,First Name,Last Name,Company,Q: Lead type\n");
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
                    .append('\n');
        }
        assertThat(importCsv(org, csv.toString()).getBody().path("imported").asInt())
                .isEqualTo(1000);
        Awaitility.await()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> marketoSummary(org).path("cleared").asInt() == 1000);

        JsonNode stats = marketoStats();
        int calls = stats.path("totalRequests").asInt() - before;
        LOG.info(
                "1,000 new Marketo leads with program membership: {} Marketo API calls {}",
                calls,
                stats.path("requests"));
        assertThat(calls).isLessThanOrEqualTo(8);
        assertThat(stats.path("requests").path("POST /rest/v1/leads.json").asInt())
                .isEqualTo(4);
        assertThat(stats.path("requests")
                        .path("POST /rest/v1/programs/{programId}/members/status.json")
                        .asInt())
                .isEqualTo(4);
        assertThat(stats.path("records").path("leads").asInt()).isEqualTo(1000);
        assertThat(stats.path("records").path("programMembers").asInt()).isEqualTo(1000);
        Integer notCleared = jdbc.queryForObject(
                "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND state <> 'CLEARED'",
                Map.of("org", org),
                Integer.class);
        assertThat(notCleared).isZero();
    }
}
