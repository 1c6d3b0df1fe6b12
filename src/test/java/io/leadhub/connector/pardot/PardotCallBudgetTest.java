package io.leadhub.connector.pardot;

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
 * Pardot has no batch write: the floor is one upsertLatestByEmail per prospect plus the token. 1,000
 * new leads, counted through the simulator's _stats; the figures (calls, calls per lead, token
 * calls, peak concurrency, wall time) are logged, the floor is asserted.
 */
class PardotCallBudgetTest extends PardotTestSupport {
    private static final Logger LOG = LoggerFactory.getLogger(PardotCallBudgetTest.class);

    @BeforeEach
    void reset() {
        sandbox(HttpMethod.POST, "/pardot/_reset?tokens=true", null);
    }

    @Test
    void thousandNewLeadsCostOneCallPerProspect() {
        String org = newPardotOrg();
        JsonNode before = pardotStats();
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
        long start = System.nanoTime();
        assertThat(importCsv(org, csv.toString()).getBody().path("imported").asInt())
                .isEqualTo(1000);
        Awaitility.await()
                .atMost(Duration.ofSeconds(240))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> pardotSummary(org).path("cleared").asInt() == 1000);
        long millis = (System.nanoTime() - start) / 1_000_000;

        JsonNode after = pardotStats();
        int calls = after.path("totalRequests").asInt()
                - before.path("totalRequests").asInt();
        int tokens = after.path("requests").path("POST /services/oauth2/token").asInt()
                - before.path("requests").path("POST /services/oauth2/token").asInt();
        JsonNode config = pardotConfig();
        LOG.info(
                "1,000 new leads into Pardot: {} API calls ({} per lead), {} token calls during the sync (1 when the "
                        + "connection was first used), peak {} concurrent, {} ms from upload to all cleared; requests {}",
                calls,
                String.format("%.2f", calls / 1000.0),
                tokens,
                config.path("peakConcurrent").asInt(),
                millis,
                after.path("requests"));
        assertThat(calls).isEqualTo(1000);
        assertThat(tokens).isZero();
        assertThat(config.path("refusals").has("66")).isFalse();
        assertThat(after.path("records").path("prospects").asInt()).isEqualTo(1000);
        Integer notCleared = jdbc.queryForObject(
                "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND state <> 'CLEARED'",
                Map.of("org", org),
                Integer.class);
        assertThat(notCleared).isZero();
    }
}
