package io.leadhub.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.HubTest;
import io.leadhub.support.PoisonBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * One bad record in a batch of 100 never fails its batch-mates (SPEC §11): a whole-call 400 is
 * narrowed until the record is alone, a record that makes HubSpot answer 500 is isolated (at once
 * when another call is answered, else by the automatic retry), while a property HubSpot does not
 * have or a missing scope fails the leads at once, without splitting, with a readable message.
 */
class HubSpotIsolationTest extends HubTest {
    private static final String UPSERT = "POST /crm/v3/objects/contacts/batch/upsert";

    @BeforeEach
    void reset() {
        sandbox(HttpMethod.POST, "/hubspot/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/enrichment/_reset", null);
    }

    private int upserts() {
        return sandbox(HttpMethod.GET, "/hubspot/_stats", null)
                .path("requests")
                .path(UPSERT)
                .asInt();
    }

    private void assertOthersCleared(String org, String tag, int size) {
        Map<String, JsonNode> contacts = hubspotContacts();
        Map<String, Map<String, Object>> rows = PoisonBatch.rows(this, org, "hubspot");
        for (String email : PoisonBatch.emails(tag, size)) {
            if (email.equals(PoisonBatch.poison(tag))) continue;
            assertThat(rows.get(email))
                    .as(email)
                    .containsEntry("STATE", "CLEARED")
                    .containsEntry("VENDOR_ID", contacts.get(email).path("id").asText());
            assertThat(rows.get(email).get("BATCH_CAP")).as(email).isNull();
        }
        assertThat(contacts).doesNotContainKey(PoisonBatch.poison(tag)).hasSize(size - 1);
    }

    @Test
    void aValueHubSpotRefusesForTheWholeBatchFailsOnlyItsLead() {
        String org = newOrg(true);
        // "Cold" maps to an option the portal does not have: HubSpot answers the whole batch 400
        send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/hubspot/qualifier-mappings"),
                OPERATOR,
                List.of(
                        Map.of(
                                "qualifier",
                                "Lead type",
                                "value",
                                "Hot",
                                "object",
                                "contact",
                                "vendorField",
                                "leadhub_lead_type",
                                "vendorValue",
                                "hot"),
                        Map.of(
                                "qualifier",
                                "Lead type",
                                "value",
                                "Cold",
                                "object",
                                "contact",
                                "vendorField",
                                "leadhub_lead_type",
                                "vendorValue",
                                "frozen")));
        PoisonBatch.syncAsOneBatch(this, org, "hubspot", PoisonBatch.csv("hs4xx", 100, i -> i == 50 ? "Cold" : "Hot"));

        Map<String, Object> poison = syncRow(org, PoisonBatch.poison("hs4xx"));
        assertThat(poison)
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "DATA_VALUE_VALIDATION")
                .containsEntry("VENDOR_CODE", "INVALID_OPTION");
        assertThat((String) poison.get("MESSAGE"))
                .as("one sentence with the code, not HubSpot's JSON")
                .startsWith(
                        "HubSpot refused the value of 'leadhub_lead_type': frozen was not one of the allowed options")
                .endsWith("(INVALID_OPTION)")
                .doesNotContain("{", "isValid");
        assertThat((String) poison.get("MATCH_TRACE")).contains("splitting to isolate the bad record");
        assertOthersCleared(org, "hs4xx", 100);
        assertThat(upserts()).as("halving 100 down to one record").isBetween(3, 1 + 2 * 7);
    }

    @Test
    void aRecordThatMakesHubSpotFailIsIsolatedAndRetriedAlone() {
        String org = newOrg(true);
        String poisonEmail = PoisonBatch.poison("hs5xx");
        sandbox(
                HttpMethod.POST,
                "/hubspot/_faults",
                Map.of(
                        "method",
                        "POST",
                        "path",
                        "/crm/v3/objects/contacts/batch/upsert",
                        "bodyContains",
                        poisonEmail,
                        "status",
                        500,
                        "count",
                        1000,
                        "body",
                        Map.of("status", "error", "message", "internal error", "category", "INTERNAL_ERROR")));
        PoisonBatch.syncAsOneBatch(this, org, "hubspot", PoisonBatch.csv("hs5xx", 100, i -> "Hot"));

        Map<String, Object> poison = syncRow(org, poisonEmail);
        assertThat(poison)
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "VENDOR_UNAVAILABLE")
                .containsEntry("BATCH_CAP", 1);
        assertOthersCleared(org, "hs5xx", 100);

        int before = upserts();
        assertThat(PoisonBatch.retryNow(this, org)).isEqualTo(1);
        assertThat(upserts() - before)
                .as("the retry sends it alone (3 attempts of one call)")
                .isEqualTo(3);
        assertThat(syncRow(org, poisonEmail))
                .containsEntry("STATE", "FAILED")
                .containsEntry("BATCH_CAP", 1)
                .containsEntry("ATTEMPTS", 2);
        assertOthersCleared(org, "hs5xx", 100);
    }

    @Test
    void whenHubSpotAnswersNothingTheLeadsFailTogetherAndTheRetryIsolatesThePoison() {
        String org = newOrg(true);
        String poisonEmail = PoisonBatch.poison("hsdown");
        List<Map<String, Object>> faults = new ArrayList<>();
        // HubSpot down for the first sync: the batch and both halves of the probe (3 attempts each)
        faults.add(Map.of(
                "method",
                "POST",
                "path",
                "/crm/v3/objects/contacts/batch/upsert",
                "status",
                503,
                "count",
                9,
                "body",
                Map.of("status", "error", "message", "Service Unavailable")));
        faults.add(Map.of(
                "method",
                "POST",
                "path",
                "/crm/v3/objects/contacts/batch/upsert",
                "bodyContains",
                poisonEmail,
                "status",
                500,
                "count",
                1000,
                "body",
                Map.of("status", "error", "message", "internal error")));
        sandbox(HttpMethod.POST, "/hubspot/_faults", faults);
        PoisonBatch.syncAsOneBatch(this, org, "hubspot", PoisonBatch.csv("hsdown", 100, i -> "Hot"));

        Map<String, Map<String, Object>> rows = PoisonBatch.rows(this, org, "hubspot");
        assertThat(rows.values())
                .hasSize(100)
                .allSatisfy(r -> assertThat(r)
                        .containsEntry("STATE", "FAILED")
                        .containsEntry("CATEGORY", "VENDOR_UNAVAILABLE")
                        .containsEntry("BATCH_CAP", 50));
        assertThat(upserts())
                .as("three calls, not 2N, to a vendor that answers nothing")
                .isEqualTo(9);

        assertThat(PoisonBatch.retryNow(this, org)).isEqualTo(100);
        assertThat(syncRow(org, poisonEmail))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "VENDOR_UNAVAILABLE")
                .containsEntry("BATCH_CAP", 1);
        assertOthersCleared(org, "hsdown", 100);
    }

    @Test
    void aMappedPropertyHubSpotDoesNotHaveFailsEveryLeadInOneCall() {
        String org = newOrg(true);
        List<Map<String, Object>> rows = new ArrayList<>();
        send(HttpMethod.GET, api("/orgs/" + org + "/integrations/hubspot/mappings/contact"), OPERATOR, null)
                .getBody()
                .forEach(r -> rows.add(json.convertValue(r, Map.class)));
        rows.add(Map.of("hubField", "lastName", "vendorField", "foo_bar"));
        assertThat(send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/hubspot/mappings/contact"), OPERATOR, rows)
                        .getStatusCode()
                        .is2xxSuccessful())
                .isTrue();
        PoisonBatch.syncAsOneBatch(this, org, "hubspot", PoisonBatch.csv("hsprop", 100, i -> "Hot"));

        assertThat(upserts()).as("one call tells it; no splitting").isEqualTo(1);
        assertThat(PoisonBatch.rows(this, org, "hubspot").values()).hasSize(100).allSatisfy(r -> {
            assertThat(r)
                    .containsEntry("STATE", "FAILED")
                    .containsEntry("CATEGORY", "MISSING_REMOTE_FIELD")
                    .containsEntry("VENDOR_CODE", "PROPERTY_DOESNT_EXIST");
            assertThat((String) r.get("MESSAGE")).contains("'foo_bar'").doesNotContain("{");
        });
        assertThat(hubspotContacts()).isEmpty();
    }

    @Test
    void aMissingScopeFailsTheLeadsNamingTheScope() {
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
                        403,
                        "count",
                        1,
                        "body",
                        Map.of(
                                "status",
                                "error",
                                "message",
                                "This app hasn't been granted all required scopes to make this call. Read more about required scopes here: "
                                        + "https://developers.hubspot.com/scopes.",
                                "correlationId",
                                "1b6c6c4c-5f0e-4d1c-9f63-3f7e1f3f1a11",
                                "category",
                                "MISSING_SCOPES",
                                "errors",
                                List.of(Map.of(
                                        "message",
                                        "One or more of the following scopes are required.",
                                        "context",
                                        Map.of("requiredScopes", List.of("crm.objects.contacts.write")))),
                                "links",
                                Map.of("scopes", "https://developers.hubspot.com/scopes"))));
        PoisonBatch.syncAsOneBatch(this, org, "hubspot", PoisonBatch.csv("hsscope", 4, i -> "Hot"));

        assertThat(upserts()).isEqualTo(1);
        assertThat(PoisonBatch.rows(this, org, "hubspot").values()).hasSize(4).allSatisfy(r -> {
            assertThat(r)
                    .containsEntry("STATE", "FAILED")
                    .containsEntry("CATEGORY", "PERMISSION")
                    .containsEntry("VENDOR_CODE", "MISSING_SCOPES");
            assertThat((String) r.get("MESSAGE")).contains("crm.objects.contacts.write");
        });
    }
}
