package io.leadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.HubTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * SPEC §3: a lead counts in reconciliation from the moment it is stored. While the enrichment
 * providers are slow, the leads of an upload are ENRICHING (pre-sync) for every integration of the
 * org, in the summary, the lists, the event filter and the health "waiting" figure; and at every
 * moment cleared + failed + pre-sync + syncing equals the leads captured.
 */
class PreSyncVisibilityTest extends HubTest {
    private static final int LEADS = 24;

    @BeforeEach
    void slowEnrichment() {
        sandbox(HttpMethod.POST, "/hubspot/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/enrichment/_reset", null);
        // every people lookup takes 1.5 s (within the provider's 2 s timeout): the upload is answered, and
        // looked at, long before enrichment is done, even with every lead in enrichment at once
        sandbox(
                HttpMethod.POST,
                "/enrichment/_faults",
                Map.of("method", "GET", "path", "/people", "delayMs", 1500, "count", 1000));
    }

    @Test
    void uploadedLeadsArePreSyncWhileEnrichingAndEveryMomentAddsUp() {
        String org = newOrg(true);
        StringBuilder csv = new StringBuilder("First Name,Last Name,Email,Company,Q: Lead type\n");
        Set<String> emails = new HashSet<>();
        for (int i = 0; i < LEADS; i++) {
            String email = "visitor.number" + i + "@visibility-testing-group.example";
            emails.add(email);
            csv.append("Visitor")
                    .append(',')
                    .append("Número ")
                    .append(i)
                    .append(',')
                    .append(email)
                    .append(",Visibility Group,")
                    .append(i % 2 == 0 ? "Hot" : "Warm")
                    .append('\n');
        }
        JsonNode imported = importCsv(org, csv.toString()).getBody();
        assertThat(imported.path("imported").asInt()).as("%s", imported).isEqualTo(LEADS);

        JsonNode first = summary(org);
        assertThat(first.path("enriching").asInt())
                .as("leads in enrichment right after the answer")
                .isPositive();
        assertAddsUp(first);
        JsonNode byEvent = send(
                        HttpMethod.GET,
                        api("/orgs/" + org + "/integrations/hubspot/reconciliation/summary?event=expo"),
                        OPERATOR,
                        null)
                .getBody();
        assertAddsUp(byEvent);
        JsonNode otherEvent = send(
                        HttpMethod.GET,
                        api("/orgs/" + org + "/integrations/hubspot/reconciliation/summary?event=elsewhere"),
                        OPERATOR,
                        null)
                .getBody();
        assertThat(otherEvent.path("preSync").asInt()).isZero();

        List<JsonNode> enriching = new ArrayList<>();
        send(
                        HttpMethod.GET,
                        api("/orgs/" + org + "/integrations/hubspot/reconciliation?state=ENRICHING&limit=1000"),
                        OPERATOR,
                        null)
                .getBody()
                .forEach(enriching::add);
        assertThat(enriching).isNotEmpty().allSatisfy(r -> {
            assertThat(r.path("state").asText()).isEqualTo("ENRICHING");
            assertThat(emails).contains(r.path("email").asText());
            assertThat(r.path("eventId").asText()).isEqualTo("expo");
        });
        List<JsonNode> preSync = new ArrayList<>();
        send(
                        HttpMethod.GET,
                        api("/orgs/" + org + "/integrations/hubspot/reconciliation?state=PRE_SYNC&limit=1000"),
                        OPERATOR,
                        null)
                .getBody()
                .forEach(preSync::add);
        assertThat(preSync).extracting(r -> r.path("state").asText()).contains("ENRICHING");

        JsonNode health = send(HttpMethod.GET, base() + "/actuator/health/integrations", OPERATOR, null)
                .getBody();
        assertThat(health.path("components")
                        .path(org + "-hubspot")
                        .path("details")
                        .path("waiting")
                        .asInt())
                .as("health counts leads in enrichment as waiting")
                .isPositive();

        // every sample until the upload is settled adds up to the leads captured
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> {
                    JsonNode s = summary(org);
                    assertAddsUp(s);
                    return s.path("cleared").asInt() + s.path("failed").asInt() == LEADS;
                });
        JsonNode last = summary(org);
        assertThat(last.path("cleared").asInt()).isEqualTo(LEADS);
        assertThat(last.path("enriching").asInt()).isZero();
    }

    @Test
    void aSingleCaptureIsVisibleAtOnceForEveryIntegration() {
        String org = newOrg(true);
        var answer = captureJson(
                org,
                Map.of(
                        "firstName",
                        "Zoë",
                        "email",
                        "zoe.odegaard@visibility-testing-group.example",
                        "company",
                        "Visibility Group"));
        assertThat(answer.getStatusCode().value()).isEqualTo(201);
        long leadId = answer.getBody().path("id").asLong();
        Map<String, Object> row =
                jdbc.queryForMap("SELECT state, match_strategy FROM lead_sync WHERE lead_id = :l", Map.of("l", leadId));
        assertThat(row.get("STATE")).isIn("ENRICHING", "QUEUED", "SYNCING", "CLEARED");
        assertAddsUp(summary(org), 1);
        awaitSettled(org);
        assertThat(syncRow(org, "zoe.odegaard@visibility-testing-group.example").get("STATE"))
                .isEqualTo("CLEARED");
    }

    private static void assertAddsUp(JsonNode s) {
        assertAddsUp(s, LEADS);
    }

    private static void assertAddsUp(JsonNode s, int captured) {
        int preSync = s.path("preSync").asInt();
        assertThat(preSync)
                .isEqualTo(s.path("enriching").asInt()
                        + s.path("queued").asInt()
                        + s.path("frozen").asInt()
                        + s.path("held").asInt());
        assertThat(preSync
                        + s.path("syncing").asInt()
                        + s.path("failed").asInt()
                        + s.path("cleared").asInt())
                .as("cleared + failed + pre-sync + syncing in %s", s)
                .isEqualTo(captured);
    }
}
