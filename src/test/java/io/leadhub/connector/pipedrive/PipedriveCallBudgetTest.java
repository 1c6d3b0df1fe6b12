package io.leadhub.connector.pipedrive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;

/**
 * Pipedrive has no batch write: the floor per new person is one exact email search and one create,
 * plus one search and one create per new organization. 1,000 new leads at 20 companies, counted
 * through the simulator's _stats under the simulator's default daily token budget and a 2-second
 * window of 400 requests (so the test stays short); the figures (calls, calls per lead, tokens,
 * 429s, wall time) are logged, the floor and "no limit exceeded" are asserted.
 */
class PipedriveCallBudgetTest extends PipedriveTestSupport {
    private static final Logger LOG = LoggerFactory.getLogger(PipedriveCallBudgetTest.class);

    @BeforeEach
    void reset() {
        sandbox(HttpMethod.POST, "/pipedrive/_reset?tokens=true", null);
    }

    @Test
    void thousandNewLeadsCostASearchAndACreatePerPersonWithinTheLimits() {
        String org = newPipedriveOrg();
        sandbox(HttpMethod.POST, "/pipedrive/_config", Map.of("windowLimit", 400, "searchLimit", 400));
        StringBuilder csv = new StringBuilder("Email,First Name,Last Name,Company,Q: Lead type\n");
        for (int i = 0; i < 1000; i++) {
            csv.append("lead")
                    .append(i)
                    .append("@company")
                    .append(i % 20)
                    .append("-budget.com,Lead,No")
                    .append(i)
                    .append(",Company ")
                    .append(i % 20)
                    .append(",")
                    .append(i % 3 == 0 ? "Hot" : "Warm")
                    .append('\n');
        }
        long start = System.nanoTime();
        assertThat(importCsv(org, csv.toString()).getBody().path("imported").asInt())
                .isEqualTo(1000);
        Awaitility.await()
                .atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> pdSummary(org).path("cleared").asInt() == 1000);
        long millis = (System.nanoTime() - start) / 1_000_000;

        JsonNode stats = stats();
        JsonNode config = config();
        int calls = stats.path("totalRequests").asInt();
        LOG.info(
                "1,000 new leads into Pipedrive: {} API calls ({} per lead; floor: search + create per person, plus search + "
                        + "create per organization), {} daily tokens used of {}, {} window 429s, {} budget 429s, {} ms from upload to "
                        + "all cleared; requests {}",
                calls,
                String.format("%.2f", calls / 1000.0),
                config.path("tokensUsed").asInt(),
                config.path("dailyTokens").asInt(),
                config.path("throttled").asInt(),
                config.path("overBudget").asInt(),
                millis,
                stats.path("requests"));
        assertThat(calls).isEqualTo(1000 * 2 + 20 * 2);
        assertThat(config.path("overBudget").asInt()).isZero();
        assertThat(config.path("throttled").asInt())
                .as("paced by x-ratelimit-remaining")
                .isLessThanOrEqualTo((int) (millis / 2000) + 1);
        assertThat(stats.path("records").path("persons").asInt()).isEqualTo(1000);
        assertThat(stats.path("records").path("organizations").asInt()).isEqualTo(20);
        Integer notCleared = jdbc.queryForObject(
                "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND state <> 'CLEARED'",
                Map.of("org", org),
                Integer.class);
        assertThat(notCleared).isZero();
    }
}
