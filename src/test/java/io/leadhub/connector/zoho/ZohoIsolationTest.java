package io.leadhub.connector.zoho;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.PoisonBatch;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * One bad record in a batch never fails its batch-mates in Zoho CRM (SPEC §11): an upsert refused
 * as a whole because of one record, or failing with 500 because of it, is narrowed until the
 * record is alone; the others clear. A request-level field Zoho does not have fails at once.
 */
class ZohoIsolationTest extends ZohoHubTest {
    private static final String UPSERT_PATH = "/crm/v8/Leads/upsert";

    private void assertOthersCleared(String org, String tag, int size) {
        Map<String, JsonNode> leads = records("Leads");
        Map<String, Map<String, Object>> rows = PoisonBatch.rows(this, org, "zoho");
        for (String email : PoisonBatch.emails(tag, size)) {
            if (email.equals(PoisonBatch.poison(tag))) continue;
            assertThat(rows.get(email))
                    .as(email)
                    .containsEntry("STATE", "CLEARED")
                    .containsEntry("VENDOR_ID", leads.get(email).path("id").asText());
        }
        assertThat(leads).doesNotContainKey(PoisonBatch.poison(tag)).hasSize(size - 1);
    }

    private int upserts() {
        return sandbox(HttpMethod.GET, "/zoho/_stats", null)
                .path("requests")
                .path(UPSERT_LEADS)
                .asInt();
    }

    @Test
    void anUpsertRefusedForOneRecordFailsOnlyThatLead() {
        String org = zohoOrg();
        sandbox(
                HttpMethod.POST,
                "/zoho/_faults",
                Map.of(
                        "method",
                        "POST",
                        "path",
                        UPSERT_PATH,
                        "bodyContains",
                        PoisonBatch.poison("zo4xx"),
                        "status",
                        400,
                        "count",
                        1000,
                        "body",
                        Map.of(
                                "code",
                                "INVALID_REQUEST",
                                "details",
                                Map.of(),
                                "status",
                                "error",
                                "message",
                                "unable to process your request. please verify whether you have entered proper method name, "
                                        + "parameter and parameter values.")));
        PoisonBatch.syncAsOneBatch(this, org, "zoho", PoisonBatch.csv("zo4xx", 100, i -> "Hot"));

        Map<String, Object> poison = zohoRow(org, PoisonBatch.poison("zo4xx"));
        assertThat(poison)
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "DATA_VALUE_VALIDATION")
                .containsEntry("VENDOR_CODE", "INVALID_REQUEST");
        assertThat((String) poison.get("MESSAGE")).contains("(INVALID_REQUEST)");
        assertOthersCleared(org, "zo4xx", 100);
        assertThat(upserts()).as("halving 100 down to one record").isBetween(3, 1 + 2 * 7);
    }

    @Test
    void aRecordThatMakesZohoFailIsIsolated() {
        String org = zohoOrg();
        sandbox(
                HttpMethod.POST,
                "/zoho/_faults",
                Map.of(
                        "method",
                        "POST",
                        "path",
                        UPSERT_PATH,
                        "bodyContains",
                        PoisonBatch.poison("zo5xx"),
                        "status",
                        500,
                        "count",
                        1000,
                        "body",
                        Map.of(
                                "code",
                                "INTERNAL_ERROR",
                                "details",
                                Map.of(),
                                "status",
                                "error",
                                "message",
                                "Internal Server Error")));
        PoisonBatch.syncAsOneBatch(this, org, "zoho", PoisonBatch.csv("zo5xx", 100, i -> "Hot"));

        assertThat(zohoRow(org, PoisonBatch.poison("zo5xx")))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "VENDOR_UNAVAILABLE")
                .containsEntry("BATCH_CAP", 1);
        assertOthersCleared(org, "zo5xx", 100);
    }

    @Test
    void aRequestLevelFieldZohoDoesNotHaveFailsEveryLeadInOneCall() {
        String org = zohoOrg();
        sandbox(
                HttpMethod.POST,
                "/zoho/_faults",
                Map.of(
                        "method",
                        "POST",
                        "path",
                        UPSERT_PATH,
                        "status",
                        400,
                        "count",
                        1,
                        "body",
                        Map.of(
                                "code",
                                "INVALID_DATA",
                                "status",
                                "error",
                                "message",
                                "invalid data",
                                "details",
                                Map.of("api_name", "Email", "json_path", "$.duplicate_check_fields[0]"))));
        PoisonBatch.syncAsOneBatch(this, org, "zoho", PoisonBatch.csv("zofield", 40, i -> "Hot"));

        assertThat(upserts()).isEqualTo(1);
        assertThat(PoisonBatch.rows(this, org, "zoho").values()).hasSize(40).allSatisfy(r -> {
            assertThat(r)
                    .containsEntry("STATE", "FAILED")
                    .containsEntry("CATEGORY", "MISSING_REMOTE_FIELD")
                    .containsEntry("VENDOR_CODE", "INVALID_DATA");
            assertThat((String) r.get("MESSAGE")).contains("(field Email)");
        });
    }
}
