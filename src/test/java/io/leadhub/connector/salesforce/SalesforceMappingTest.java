package io.leadhub.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * Mapping to Salesforce: custom fields and a custom object record per lead, and the describe
 * pre-checks that fail a lead before any write call (unknown / invisible field, restricted
 * picklist, length, required field).
 */
class SalesforceMappingTest extends SalesforceHubTest {

    private void leadMapping(String org, List<Map<String, Object>> rows) {
        assertThat(send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/salesforce/mappings/lead"), OPERATOR, rows)
                        .getStatusCode()
                        .is2xxSuccessful())
                .isTrue();
    }

    private static List<Map<String, Object>> baseRows() {
        List<Map<String, Object>> rows = new ArrayList<>();
        rows.add(Map.of("hubField", "email", "vendorField", "Email", "type", "EMAIL"));
        rows.add(Map.of("hubField", "lastName", "vendorField", "LastName"));
        rows.add(Map.of("hubField", "company", "vendorField", "Company"));
        return rows;
    }

    @Test
    void customFieldsAndOneCustomObjectRecordPerLeadWhichARetryUpdates() {
        String org = salesforceOrg("LEADS_ONLY");
        List<Map<String, Object>> rows = baseRows();
        rows.add(Map.of("hubField", "custom.booth", "vendorField", "Show_Notes__c"));
        leadMapping(org, rows);
        assertThat(send(
                                HttpMethod.POST,
                                api("/orgs/" + org + "/integrations/salesforce/mappings/Trade_Show_Visit__c/defaults"),
                                OPERATOR,
                                null)
                        .getStatusCode()
                        .is2xxSuccessful())
                .isTrue();

        captureJson(
                org,
                Map.of(
                        "captureId",
                        "v1",
                        "email",
                        "visit@acme.io",
                        "firstName",
                        "Vera",
                        "lastName",
                        "Visit",
                        "company",
                        "Acme",
                        "customFields",
                        Map.of("booth", "Booth B12"),
                        "notes",
                        "Wants a demo"));
        awaitSettled(org);

        JsonNode lead = records("Lead").get("visit@acme.io");
        assertThat(lead.path("Show_Notes__c").asText()).isEqualTo("Booth B12");
        JsonNode visit = records("Trade_Show_Visit__c").values().iterator().next();
        assertThat(visit.path("Lead__c").asText()).isEqualTo(lead.path("Id").asText());
        assertThat(visit.path("Event_Name__c").asText()).isEqualTo("Test Expo");
        assertThat(visit.path("Name").asText()).isEqualTo("Vera Visit");
        assertThat(visit.path("Notes__c").asText()).isEqualTo("Wants a demo");
        assertThat((String) sfRow(org, "visit@acme.io").get("MATCH_TRACE"))
                .contains("Trade_Show_Visit__c: created " + visit.path("Id").asText());

        captureJson(org, Map.of("captureId", "v1", "email", "visit@acme.io", "jobTitle", "Buyer"));
        Map<String, Object> row = awaitSynced(org, "visit@acme.io");
        assertThat(row).containsEntry("STATE", "CLEARED").containsEntry("ACTION", "UPDATED");
        assertThat((String) row.get("MATCH_TRACE"))
                .contains("Trade_Show_Visit__c: updated " + visit.path("Id").asText());
        assertThat(records("Trade_Show_Visit__c")).hasSize(1);
    }

    @Test
    void describeChecksFailLeadsBeforeAnyWriteCall() {
        String org = salesforceOrg("LEADS_ONLY");
        List<Map<String, Object>> rows = baseRows();
        rows.add(Map.of("hubField", "jobTitle", "vendorField", "Title")); // 128 characters, no truncate
        rows.add(Map.of("hubField", "notes", "vendorField", "Description", "truncate", true)); // long notes are cut
        rows.add(Map.of("hubField", "custom.color", "vendorField", "Badge_Color__c")); // the org has no such field
        leadMapping(org, rows);
        qualifierMappings(
                org,
                List.of(
                        Map.of(
                                "qualifier",
                                "Lead type",
                                "value",
                                "Hot",
                                "object",
                                "lead",
                                "vendorField",
                                "Lead_Type__c",
                                "vendorValue",
                                "Hot"),
                        Map.of(
                                "qualifier",
                                "Lead type",
                                "value",
                                "Warm",
                                "object",
                                "lead",
                                "vendorField",
                                "Lead_Type__c",
                                "vendorValue",
                                "Lukewarm")));

        String longTitle =
                "Senior Vice President of Worldwide Strategic Partnerships and Alliances for Trade Shows and Conferences and "
                        + "Summits and Other Events in Europe";
        importCsv(org, """
                First Name,Last Name,Email,Company,Job Title,Q: Lead type,Custom: color
                Good,Lead,good@acme.io,Acme,Buyer,Hot,
                Too,Long,long@acme.io,Acme,%s,,
                Bad,Option,option@acme.io,Acme,Buyer,Warm,
                No,Field,field@acme.io,Acme,Buyer,,red
                No,Company,nocompany@acme.io,,Buyer,,
                """.formatted(longTitle));
        awaitSettled(org);

        assertThat(sfRow(org, "good@acme.io")).containsEntry("STATE", "CLEARED");
        assertThat(sfRow(org, "long@acme.io"))
                .containsEntry("CATEGORY", "VALUE_TOO_LONG")
                .containsEntry("VENDOR_CODE", "STRING_TOO_LONG");
        assertThat(sfRow(org, "option@acme.io"))
                .containsEntry("CATEGORY", "DATA_VALUE_VALIDATION")
                .containsEntry("VENDOR_CODE", "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
        assertThat((String) sfRow(org, "option@acme.io").get("MESSAGE")).contains("Lukewarm");
        assertThat(sfRow(org, "field@acme.io"))
                .containsEntry("CATEGORY", "MISSING_REMOTE_FIELD")
                .containsEntry("VENDOR_CODE", "INVALID_FIELD");
        assertThat(sfRow(org, "nocompany@acme.io"))
                .containsEntry("CATEGORY", "MISSING_REQUIRED_FIELD")
                .containsEntry("VENDOR_CODE", "REQUIRED_FIELD_MISSING");
        assertThat((String) sfRow(org, "nocompany@acme.io").get("MESSAGE")).contains("Company");
        assertThat(records("Lead")).containsOnlyKeys("good@acme.io");
        assertThat(calls(COLLECTIONS_CREATE))
                .as("one create call, for the good lead only")
                .isEqualTo(1);
        assertThat(records("Lead").get("good@acme.io").path("Lead_Type__c").asText())
                .isEqualTo("Hot");
    }

    @Test
    void aFieldHiddenFromTheIntegrationUserIsMissingRemoteFieldWithoutAWrite() {
        configure(Map.of("hiddenFields", Map.of("Lead", List.of("Title"))));
        String org = salesforceOrg("LEADS_ONLY");
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "h1",
                        "email",
                        "hidden@acme.io",
                        "lastName",
                        "Hidden",
                        "company",
                        "Acme",
                        "jobTitle",
                        "Buyer"));
        awaitSettled(org);

        assertThat(sfRow(org, "hidden@acme.io"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "MISSING_REMOTE_FIELD");
        assertThat((String) sfRow(org, "hidden@acme.io").get("MESSAGE")).contains("Title");
        assertThat(calls(COLLECTIONS_CREATE)).isZero();
    }
}
