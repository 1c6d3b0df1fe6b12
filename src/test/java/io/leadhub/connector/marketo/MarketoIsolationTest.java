package io.leadhub.connector.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.PoisonBatch;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * One bad record in a batch never fails its batch-mates in Marketo (SPEC §11): a push refused as
 * a whole because of one record (413: that record makes the body too large), or failing with 500
 * because of it, is narrowed until the record is alone; the others clear.
 */
class MarketoIsolationTest extends MarketoHubTest {
    private static final String PUSH = "POST /rest/v1/leads.json";

    private void assertOthersCleared(String org, String tag, int size) {
        Map<String, JsonNode> leads = marketoLeads();
        Map<String, Map<String, Object>> rows = PoisonBatch.rows(this, org, "marketo");
        for (String email : PoisonBatch.emails(tag, size)) {
            if (email.equals(PoisonBatch.poison(tag))) continue;
            assertThat(rows.get(email))
                    .as(email)
                    .containsEntry("STATE", "CLEARED")
                    .containsEntry("VENDOR_ID", leads.get(email).path("id").asText());
        }
        assertThat(leads).doesNotContainKey(PoisonBatch.poison(tag)).hasSize(size - 1);
    }

    @Test
    void aPushRefusedForOneRecordFailsOnlyThatLead() {
        String org = marketoOrg();
        sandbox(
                HttpMethod.POST,
                "/marketo/_faults",
                Map.of(
                        "method",
                        "POST",
                        "path",
                        "/rest/v1/leads.json",
                        "bodyContains",
                        PoisonBatch.poison("mk4xx"),
                        "status",
                        413,
                        "count",
                        1000,
                        "body",
                        "Request Entity Too Large"));
        PoisonBatch.syncAsOneBatch(this, org, "marketo", PoisonBatch.csv("mk4xx", 150, i -> "Hot"));

        Map<String, Object> poison = marketoRow(org, PoisonBatch.poison("mk4xx"));
        assertThat(poison)
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "DATA_VALUE_VALIDATION")
                .containsEntry("VENDOR_CODE", "HTTP_413");
        assertThat((String) poison.get("MESSAGE")).contains("HTTP 413");
        assertOthersCleared(org, "mk4xx", 150);
        assertThat(calls(PUSH)).as("halving 150 down to one record").isBetween(3, 1 + 2 * 8);
    }

    @Test
    void aRecordThatMakesMarketoFailIsIsolated() {
        String org = marketoOrg();
        sandbox(
                HttpMethod.POST,
                "/marketo/_faults",
                Map.of(
                        "method",
                        "POST",
                        "path",
                        "/rest/v1/leads.json",
                        "bodyContains",
                        PoisonBatch.poison("mk5xx"),
                        "status",
                        500,
                        "count",
                        1000,
                        "body",
                        "Internal Server Error"));
        PoisonBatch.syncAsOneBatch(this, org, "marketo", PoisonBatch.csv("mk5xx", 150, i -> "Hot"));

        assertThat(marketoRow(org, PoisonBatch.poison("mk5xx")))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "VENDOR_UNAVAILABLE")
                .containsEntry("BATCH_CAP", 1);
        assertOthersCleared(org, "mk5xx", 150);
    }
}
