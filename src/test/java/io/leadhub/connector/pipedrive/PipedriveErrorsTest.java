package io.leadhub.connector.pipedrive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * Pipedrive's refusals, as the simulator gives them or as scripted faults with Pipedrive's error
 * shape ({@code {"success":false,"error":…,"error_info":…}}), each mapped to its hub category; token
 * expiry and refresh; the daily token budget; pacing of a burst under a lowered 2-second window.
 */
class PipedriveErrorsTest extends PipedriveTestSupport {

    @BeforeEach
    void resetSimulators() {
        sandbox(HttpMethod.POST, "/pipedrive/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/enrichment/_reset", null);
    }

    @Test
    void unknownCustomFieldIsMissingRemoteFieldAndUnknownOptionIsDataValueValidation() {
        String org = newPipedriveOrg();
        var rows = new ArrayList<Object>(json.convertValue(
                send(HttpMethod.GET, api("/orgs/" + org + "/integrations/pipedrive/mappings/person"), OPERATOR, null)
                        .getBody(),
                List.class));
        rows.add(Map.of("hubField", "website", "vendorField", "0000000000000000000000000000000000000000"));
        var put = send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/pipedrive/mappings/person"), OPERATOR, rows);
        assertThat(put.getStatusCode().value()).isEqualTo(200);
        var captured = captureJson(
                org,
                Map.of(
                        "captureId",
                        "c1",
                        "email",
                        "city@globex.io",
                        "lastName",
                        "City",
                        "website",
                        "https://globex.io"));
        assertThat(captured.getStatusCode().value())
                .as(String.valueOf(captured.getBody()))
                .isEqualTo(201);
        awaitSettled(org);
        assertThat(syncRow(org, "city@globex.io"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "MISSING_REMOTE_FIELD");
        assertThat((String) syncRow(org, "city@globex.io").get("MESSAGE"))
                .contains("Custom field with key '0000000000000000000000000000000000000000' does not exist");

        String other = newPipedriveOrg();
        send(
                HttpMethod.PUT,
                api("/orgs/" + other + "/integrations/pipedrive/qualifier-mappings"),
                OPERATOR,
                List.of(Map.of(
                        "qualifier",
                        "Lead type",
                        "value",
                        "Hot",
                        "object",
                        "person",
                        "vendorField",
                        LEAD_TYPE,
                        "vendorValue",
                        "999")));
        captureJson(
                other,
                Map.of(
                        "captureId",
                        "h1",
                        "email",
                        "hot@globex.io",
                        "lastName",
                        "Hot",
                        "qualifiers",
                        Map.of("Lead type", "Hot")));
        awaitSettled(other);
        assertThat(syncRow(other, "hot@globex.io"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "DATA_VALUE_VALIDATION");
        assertThat(records("persons")).isEmpty();
    }

    @Test
    void scriptedAnswersMapToTheirCategories() {
        Map<String, Object[]> cases = Map.of(
                "perm@globex.io", new Object[] {403, "You do not have permission to perform this action", "PERMISSION"},
                "long@globex.io",
                        new Object[] {
                            400,
                            "Validation failed: job_title: Value is too long: maximum length is 255 characters",
                            "VALUE_TOO_LONG"
                        },
                "req@globex.io",
                        new Object[] {
                            400, "Validation failed: name: Parameter 'name' is required", "MISSING_REQUIRED_FIELD"
                        },
                "bad@globex.io",
                        new Object[] {
                            400,
                            "Validation failed: visible_to: must be equal to one of the allowed values",
                            "DATA_VALUE_VALIDATION"
                        });
        for (var c : cases.entrySet()) {
            String org = newPipedriveOrg();
            fault("POST", "/api/v2/persons", (Integer) c.getValue()[0], (String) c.getValue()[1], 1, Map.of());
            captureJson(org, Map.of("captureId", "x", "email", c.getKey(), "lastName", "X"));
            awaitSettled(org);
            Map<String, Object> row = syncRow(org, c.getKey());
            assertThat(row).as(c.getKey()).containsEntry("STATE", "FAILED").containsEntry("CATEGORY", c.getValue()[2]);
            assertThat((String) row.get("MESSAGE")).contains((String) c.getValue()[1]);
        }
        assertThat(records("persons")).isEmpty();
    }

    @Test
    void expiredTokenIsRefreshedOnceAndTheCallReplayed() {
        String org = newPipedriveOrg();
        captureJson(org, Map.of("captureId", "e1", "email", "first@globex.io", "lastName", "First"));
        awaitSettled(org);
        int tokens = calls("POST /oauth/token");
        sandbox(HttpMethod.POST, "/pipedrive/_tokens/expire", null);
        captureJson(org, Map.of("captureId", "e2", "email", "second@globex.io", "lastName", "Second"));
        awaitSettled(org);
        assertThat(syncRow(org, "second@globex.io")).containsEntry("STATE", "CLEARED");
        assertThat(calls("POST /oauth/token")).isEqualTo(tokens + 1);
        assertThat(persons()).containsKeys("first@globex.io", "second@globex.io");

        sandbox(HttpMethod.POST, "/pipedrive/_tokens/expire", null);
        sandbox(HttpMethod.POST, "/pipedrive/_tokens/revoke-refresh", null);
        captureJson(org, Map.of("captureId", "e3", "email", "third@globex.io", "lastName", "Third"));
        awaitSettled(org);
        assertThat(syncRow(org, "third@globex.io"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "AUTHENTICATION");
        JsonNode integration = send(HttpMethod.GET, api("/orgs/" + org + "/integrations"), OPERATOR, null)
                .getBody()
                .get(0);
        assertThat(integration.path("state").asText()).isEqualTo("NEEDS_REAUTH");
    }

    @Test
    void exhaustedDailyBudgetIsQuotaExhaustedUntilTheReset() {
        String org = newPipedriveOrg();
        sandbox(HttpMethod.POST, "/pipedrive/_config", Map.of("dailyTokens", 1000, "tokensUsed", 990));
        captureJson(org, Map.of("captureId", "q1", "email", "quota@globex.io", "lastName", "Quota"));
        awaitSettled(org);
        Map<String, Object> row = syncRow(org, "quota@globex.io");
        assertThat(row).containsEntry("STATE", "FAILED").containsEntry("CATEGORY", "QUOTA_EXHAUSTED");
        assertThat((String) row.get("MESSAGE")).contains("Daily token budget exceeded");
        assertThat(TestDatabase.instant(row.get("NEXT_ATTEMPT_AT")))
                .as("retried when the budget resets")
                .isAfter(Instant.now().plus(Duration.ofMinutes(0)));
        assertThat(config().path("overBudget").asInt())
                .as("one refusal, no retry storm")
                .isEqualTo(1);
        assertThat(records("persons")).isEmpty();
    }

    @Test
    void windowThrottleWaitsForTheReset() {
        String org = newPipedriveOrg();
        fault(
                "GET",
                "/api/v2/persons/search",
                429,
                "Request over limit",
                1,
                Map.of("x-ratelimit-limit", "80", "x-ratelimit-remaining", "0", "x-ratelimit-reset", "1"));
        captureJson(org, Map.of("captureId", "t1", "email", "throttle@globex.io", "lastName", "Throttle"));
        awaitSettled(org);
        assertThat(syncRow(org, "throttle@globex.io")).containsEntry("STATE", "CLEARED");
        assertThat(calls("GET /api/v2/persons/search"))
                .as("the throttled call and its retry")
                .isEqualTo(2);
        assertThat(persons()).containsOnlyKeys("throttle@globex.io");
    }

    @Test
    void burstOf500LeadsUnderALoweredWindowCausesNo429Storm() {
        String org = newPipedriveOrg();
        sandbox(HttpMethod.POST, "/pipedrive/_config", Map.of("windowLimit", 60, "searchLimit", 60));
        StringBuilder csv = new StringBuilder("Email,First Name,Last Name,Company\n");
        for (int i = 0; i < 500; i++) {
            csv.append("burst")
                    .append(i)
                    .append("@co")
                    .append(i % 10)
                    .append("-burst.com,B,No")
                    .append(i)
                    .append(",Burst Co ")
                    .append(i % 10)
                    .append('\n');
        }
        long start = System.nanoTime();
        assertThat(importCsv(org, csv.toString()).getBody().path("imported").asInt())
                .isEqualTo(500);
        Awaitility.await()
                .atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> pdSummary(org).path("cleared").asInt()
                                + pdSummary(org).path("failed").asInt()
                        == 500);
        long seconds = Math.max(1, (System.nanoTime() - start) / 1_000_000_000L);
        assertThat(pdSummary(org).path("cleared").asInt()).isEqualTo(500);
        JsonNode stats = stats();
        int calls = stats.path("totalRequests").asInt();
        assertThat(config().path("throttled").asInt())
                .as("paced by x-ratelimit-remaining: at most one 429 per window")
                .isLessThanOrEqualTo((int) (seconds / 2) + 1);
        assertThat(records("persons")).hasSize(500);
        assertThat(records("organizations")).hasSize(10);
        assertThat(calls)
                .as("search + create per person, search + create per organization")
                .isEqualTo(500 * 2 + 10 * 2);
    }
}
