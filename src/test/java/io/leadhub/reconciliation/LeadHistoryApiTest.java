package io.leadhub.reconciliation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.Vendor;
import io.leadhub.lead.LeadRepository;
import io.leadhub.platform.ApiKeyStore;
import io.leadhub.platform.Role;
import io.leadhub.support.HubTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * GET /orgs/{org}/leads/{lead}/history: every attempt of a lead per integration, as recorded beside
 * its outcome (V9 lead_sync_attempt): a failed first attempt and its retry, each with its time,
 * batch, the batch's vendor calls with the vendor's status, the vendor code, outcome and match
 * trace; the current reconciliation row beside them; at most 20 attempts kept; org isolation.
 */
class LeadHistoryApiTest extends HubTest {
    private static final String UPSERT = "POST /crm/v3/objects/contacts/batch/upsert";

    @Autowired
    ApiKeyStore keys;

    @Autowired
    AttemptLog attempts;

    @Autowired
    LeadRepository leads;

    @Autowired
    IntegrationRepository integrations;

    @BeforeEach
    void reset() {
        sandbox(HttpMethod.POST, "/hubspot/_reset?tokens=true", null);
    }

    private ResponseEntity<JsonNode> history(String org, long lead, String key) {
        return send(HttpMethod.GET, api("/orgs/" + org + "/leads/" + lead + "/history"), key, null);
    }

    @Test
    void aFailedAttemptAndItsRetryAreBothInTheHistory() {
        String org = newOrg(true);
        sandbox(
                HttpMethod.POST,
                "/hubspot/_faults",
                Map.of(
                        "method",
                        "POST",
                        "path",
                        "/crm/v3/objects/contacts/batch/upsert",
                        "status",
                        400,
                        "count",
                        1,
                        "body",
                        Map.of(
                                "status",
                                "error",
                                "category",
                                "VALIDATION_ERROR",
                                "message",
                                "Property values were not valid",
                                "errors",
                                List.of(Map.of(
                                        "message",
                                        "Property \"jobtitle\" is not valid",
                                        "code",
                                        "INVALID_OPTION",
                                        "context",
                                        Map.of("propertyName", List.of("jobtitle")))))));
        long lead = captureJson(
                        org,
                        Map.of(
                                "captureId", "h1",
                                "email", "history.lead@acme-robotics.com",
                                "lastName", "History",
                                "qualifiers", Map.of("Lead type", List.of("Hot"))))
                .getBody()
                .path("id")
                .asLong();
        awaitSettled(org);
        JsonNode first =
                history(org, lead, OPERATOR).getBody().path("integrations").path(0);
        assertThat(first.path("current").path("state").asText()).isEqualTo("FAILED");

        send(
                HttpMethod.POST,
                api("/orgs/" + org + "/integrations/hubspot/reconciliation/retry"),
                OPERATOR,
                Map.of("leadIds", List.of(lead)));
        awaitSettled(org);

        ResponseEntity<JsonNode> r = history(org, lead, OPERATOR);
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        assertThat(r.getBody().path("leadId").asLong()).isEqualTo(lead);
        JsonNode hubspot = r.getBody().path("integrations").path(0);
        assertThat(hubspot.path("vendor").asText()).isEqualTo("hubspot");
        assertThat(hubspot.path("current").path("state").asText()).isEqualTo("CLEARED");
        JsonNode tries = hubspot.path("attempts");
        assertThat(tries).hasSize(2);

        JsonNode failed = tries.path(0);
        assertThat(failed.path("attempt").asInt()).isEqualTo(1);
        assertThat(failed.path("outcome").asText()).isEqualTo("FAILED");
        assertThat(failed.path("category").asText())
                .isEqualTo(first.path("current").path("category").asText());
        assertThat(failed.path("vendorCode").asText())
                .isEqualTo(first.path("current").path("vendorCode").asText());
        assertThat(failed.path("message").asText())
                .isEqualTo(first.path("current").path("message").asText());
        assertThat(failed.path("calls").path(UPSERT + " -> 400").asInt()).isEqualTo(1);
        assertThat(failed.path("batchSize").asInt()).isEqualTo(1);
        assertThat(failed.path("matchTrace").toString()).contains("mapped");

        JsonNode cleared = tries.path(1);
        assertThat(cleared.path("attempt").asInt()).isEqualTo(2);
        assertThat(cleared.path("outcome").asText()).isEqualTo("CLEARED");
        assertThat(cleared.path("action").asText()).isEqualTo("CREATED");
        assertThat(cleared.path("vendorObject").asText()).isEqualTo("contact");
        assertThat(cleared.path("vendorId").asText())
                .isEqualTo(hubspotContacts()
                        .get("history.lead@acme-robotics.com")
                        .path("id")
                        .asText());
        assertThat(cleared.path("calls").path(UPSERT + " -> 200").asInt()).isEqualTo(1);
        assertThat(cleared.path("matchTrace").toString())
                .contains("contact: upsert by email history.lead@acme-robotics.com -> created");
        assertThat(cleared.path("batch").asText())
                .isNotBlank()
                .isNotEqualTo(failed.path("batch").asText());
        assertThat(cleared.path("at").asText())
                .isGreaterThanOrEqualTo(failed.path("at").asText());
    }

    @Test
    void aLeadNotSentYetHasItsRowAndNoAttempt() {
        String org = newOrg(true);
        send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/hubspot"), OPERATOR, Map.of("syncMode", "MANUAL"));
        long lead = captureJson(org, Map.of("email", "frozen@acme-robotics.com", "lastName", "Frozen"))
                .getBody()
                .path("id")
                .asLong();
        awaitSettled(org);
        JsonNode hubspot =
                history(org, lead, OPERATOR).getBody().path("integrations").path(0);
        assertThat(hubspot.path("current").path("state").asText()).isEqualTo("FROZEN");
        assertThat(hubspot.path("attempts")).isEmpty();
    }

    @Test
    void onlyTheLatestTwentyAttemptsAreKept() {
        String org = newOrg(true);
        send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/hubspot"), OPERATOR, Map.of("syncMode", "MANUAL"));
        long lead = captureJson(org, Map.of("email", "many@acme-robotics.com", "lastName", "Many"))
                .getBody()
                .path("id")
                .asLong();
        awaitSettled(org);
        var integration = integrations.find(org, Vendor.HUBSPOT).orElseThrow();
        long syncId = jdbc.queryForObject("SELECT id FROM lead_sync WHERE lead_id = :l", Map.of("l", lead), Long.class);
        for (int n = 1; n <= 25; n++) {
            SyncItem item = new SyncItem(syncId, leads.load(lead).orElseThrow(), null, null, null, n);
            item.fail(ErrorCategory.VENDOR_UNAVAILABLE, "503", "attempt " + n);
            attempts.record(
                    new SyncBatch(integration, "claim-" + n, List.of(item)),
                    List.of(new AttemptLog.Attempt(item, "FAILED", "try " + n)),
                    Map.of("POST /x -> 503", 1));
        }
        JsonNode kept = history(org, lead, OPERATOR)
                .getBody()
                .path("integrations")
                .path(0)
                .path("attempts");
        assertThat(kept).hasSize(AttemptLog.KEEP);
        List<Integer> numbers = new ArrayList<>();
        kept.forEach(a -> numbers.add(a.path("attempt").asInt()));
        assertThat(numbers.get(0)).isEqualTo(6);
        assertThat(numbers.get(numbers.size() - 1)).isEqualTo(25);
        assertThat(kept.path(0).path("message").asText()).isEqualTo("attempt 6");
        assertThat(kept.path(0).path("calls").path("POST /x -> 503").asInt()).isEqualTo(1);
    }

    @Test
    void anotherOrgsLeadIsNotFound() {
        String org = newOrg(true);
        String other = newOrg(true);
        long lead = captureJson(org, Map.of("email", "mine@acme-robotics.com", "lastName", "Mine"))
                .getBody()
                .path("id")
                .asLong();
        // synced before the test ends, so no background batch of it meets another test's scripted faults
        awaitSettled(org);
        String otherAdmin = keys.issue(other, Role.ADMIN, "history other admin");
        String capture = keys.issue(org, Role.CAPTURE, "history capture");
        assertThat(history(other, lead, otherAdmin).getStatusCode().value()).isEqualTo(404);
        assertThat(history(org, lead, otherAdmin).getStatusCode().value()).isEqualTo(404);
        assertThat(history(org, lead, capture).getStatusCode().value()).isEqualTo(403);
        assertThat(history(org, 999_999_999L, OPERATOR).getStatusCode().value()).isEqualTo(404);
        assertThat(send(HttpMethod.GET, api("/orgs/" + org + "/leads/abc/history"), OPERATOR, null)
                        .getStatusCode()
                        .value())
                .isEqualTo(400);
    }
}
