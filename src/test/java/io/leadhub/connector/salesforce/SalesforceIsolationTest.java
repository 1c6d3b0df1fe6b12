package io.leadhub.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.PoisonBatch;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One bad record in a batch never fails its batch-mates in Salesforce (SPEC §11): a whole
 * sObject Collections call refused for one record's value, or failing with 500 because of it, is
 * narrowed until the record is alone; and a failed lookup of a 200-lead batch tells each lead what
 * failed without the SOQL, which lists every email of the batch (SPEC §12).
 */
class SalesforceIsolationTest extends SalesforceHubTest {
    private static final String COLLECTIONS = "/services/data/{version}/composite/sobjects";

    private void assertOthersCleared(String org, String tag, int size) {
        Map<String, JsonNode> leads = records("Lead");
        Map<String, Map<String, Object>> rows = PoisonBatch.rows(this, org, "salesforce");
        for (String email : PoisonBatch.emails(tag, size)) {
            if (email.equals(PoisonBatch.poison(tag))) continue;
            assertThat(rows.get(email))
                    .as(email)
                    .containsEntry("STATE", "CLEARED")
                    .containsEntry("VENDOR_OBJECT", "lead")
                    .containsEntry("VENDOR_ID", leads.get(email).path("Id").asText());
        }
        assertThat(leads).doesNotContainKey(PoisonBatch.poison(tag)).hasSize(size - 1);
    }

    @Test
    void aCallRefusedForOneRecordsValueFailsOnlyThatLead() {
        String org = salesforceOrg(null);
        fault(
                Map.of(
                        "method",
                        "POST",
                        "path",
                        COLLECTIONS,
                        "bodyContains",
                        PoisonBatch.poison("sf4xx"),
                        "status",
                        400,
                        "count",
                        1000,
                        "body",
                        List.of(
                                Map.of(
                                        "errorCode",
                                        "JSON_PARSER_ERROR",
                                        "message",
                                        "Cannot deserialize instance of date from VALUE_STRING "
                                                + "value 31/02/2026 or request may be missing a required field at [line:1, column:4711]"))));
        PoisonBatch.syncAsOneBatch(this, org, "salesforce", PoisonBatch.csv("sf4xx", 120, i -> "Hot"));

        Map<String, Object> poison = sfRow(org, PoisonBatch.poison("sf4xx"));
        assertThat(poison)
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "DATA_VALUE_VALIDATION")
                .containsEntry("VENDOR_CODE", "JSON_PARSER_ERROR");
        assertThat((String) poison.get("MESSAGE"))
                .contains("(JSON_PARSER_ERROR)", "Cannot deserialize instance of date");
        assertOthersCleared(org, "sf4xx", 120);
        assertThat(calls(COLLECTIONS_CREATE))
                .as("halving 120 down to one record")
                .isBetween(3L, 1L + 2 * 7);
    }

    @Test
    void aRecordThatMakesSalesforceFailIsIsolatedInTheSameSync() {
        String org = salesforceOrg(null);
        fault(
                Map.of(
                        "method",
                        "POST",
                        "path",
                        COLLECTIONS,
                        "bodyContains",
                        PoisonBatch.poison("sf5xx"),
                        "status",
                        500,
                        "count",
                        1000,
                        "body",
                        List.of(
                                Map.of(
                                        "errorCode",
                                        "UNKNOWN_EXCEPTION",
                                        "message",
                                        "An unexpected error occurred. Please include this ErrorId if you contact support: 1190255862-25466 (-1277218290)"))));
        PoisonBatch.syncAsOneBatch(this, org, "salesforce", PoisonBatch.csv("sf5xx", 120, i -> "Hot"));

        // the lookups of the batch were answered: Salesforce is up, so the failing call is split at once
        assertThat(sfRow(org, PoisonBatch.poison("sf5xx")))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "VENDOR_UNAVAILABLE")
                .containsEntry("BATCH_CAP", 1);
        assertOthersCleared(org, "sf5xx", 120);
    }

    @Test
    void aFailedLookupOfTwoHundredLeadsStoresNoOtherLeadsAddress() {
        String org = salesforceOrg(null);
        List<String> emails = PoisonBatch.emails("sfsoql", 200);
        // Salesforce echoes the query above the error: here it lists every email of the batch
        String soql = "SELECT Id, Email, AccountId, LastModifiedDate, Foo__c FROM Contact WHERE Email IN ("
                + emails.stream().map(e -> "'" + e + "'").collect(Collectors.joining(",")) + ")";
        fault(
                Map.of(
                        "method",
                        "GET",
                        "path",
                        "/services/data/{version}/query",
                        "status",
                        400,
                        "count",
                        5,
                        "body",
                        List.of(
                                Map.of(
                                        "errorCode",
                                        "INVALID_FIELD",
                                        "message",
                                        "\n" + soql + "\n" + " ".repeat(48) + "^\nERROR at Row:1:Column:49\n"
                                                + "No such column 'Foo__c' on entity 'Contact'. If you are attempting to use a custom field, be sure to append the "
                                                + "'__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."))));
        PoisonBatch.syncAsOneBatch(this, org, "salesforce", PoisonBatch.csv("sfsoql", 200, i -> "Hot"));

        Map<String, Map<String, Object>> rows = PoisonBatch.rows(this, org, "salesforce");
        assertThat(rows).hasSize(200);
        rows.forEach((email, row) -> {
            String message = (String) row.get("MESSAGE");
            assertThat(row).containsEntry("STATE", "FAILED");
            // Salesforce's answer above; or, while a lookup of 200 emails does not fit camel-salesforce's request
            // buffer, a transport failure whose text carries the request URL (and so the query): same rule
            if ("INVALID_FIELD".equals(row.get("VENDOR_CODE"))) {
                assertThat(row).containsEntry("CATEGORY", "MISSING_REMOTE_FIELD");
                assertThat(message).contains("(INVALID_FIELD)", "No such column 'Foo__c'");
            } else {
                assertThat(row).containsEntry("CATEGORY", "VENDOR_UNAVAILABLE");
            }
            assertThat(message)
                    .startsWith("Contact lookup")
                    .doesNotContain("SELECT", "q=")
                    .hasSizeLessThanOrEqualTo(300);
            String trace = (String) row.get("MATCH_TRACE");
            for (String other : emails) {
                if (other.equals(email)) continue;
                assertThat(message).as("message of " + email).doesNotContain(other);
                assertThat(trace).as("trace of " + email).doesNotContain(other);
            }
        });
    }
}
