package io.leadhub.connector.zoho;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;

/** Zoho CRM end to end: the hub's sync flow over real HTTP against the Zoho simulator. */
class ZohoSyncTest extends ZohoHubTest {

    @Test
    void sampleCsvBecomesOneZohoLeadPerUniqueEmailWithPicklistsInOneUpsert() {
        String org = zohoOrg();
        var answer = importCsv(org, """
                First Name,Last Name,Email,Company,Job Title,Phone,Website,Q: Lead type,Q: Product interest,Notes
                Maria,Garcia,maria.garcia@globex.io,Globex,,,,Hot,Robots|Drones,Met at booth 12
                Tom,Becker,tom.becker@umbrella-labs.de,Umbrella Labs,,+49 30 1234567,,Cold,,
                Kenji,Tanaka,kenji.tanaka@cyberdyne.ai,Cyberdyne Systems,CTO,,,Hot,Robots|Software,
                MARIA,GARCIA,Maria.Garcia@GLOBEX.io,Globex,Head of Procurement,,,Hot,Drones,Second scan the next day
                Grace,Kim,grace.kim@initech.com,Initech,VP Sales,,,VIP,,Qualifier value not mapped
                """);
        assertThat(answer.getStatusCode().is2xxSuccessful()).isTrue();
        awaitSettled(org);

        Map<String, JsonNode> leads = records("Leads");
        assertThat(leads)
                .containsOnlyKeys("maria.garcia@globex.io", "tom.becker@umbrella-labs.de", "kenji.tanaka@cyberdyne.ai");
        JsonNode maria = leads.get("maria.garcia@globex.io");
        assertThat(maria.path("Last_Name").asText()).isEqualToIgnoringCase("Garcia");
        assertThat(maria.path("Company").asText()).isEqualTo("Globex");
        assertThat(maria.path("Leadhub_Lead_Type").asText()).isEqualTo("Hot");
        assertThat(maria.path("Leadhub_Product_Interest"))
                .extracting(JsonNode::asText)
                .contains("Robots", "Drones");
        assertThat(maria.path("Leadhub_Event").asText()).isEqualTo("Test Expo");
        assertThat(leads.get("kenji.tanaka@cyberdyne.ai").path("Designation").asText())
                .isEqualTo("CTO");

        Map<String, Object> row = zohoRow(org, "kenji.tanaka@cyberdyne.ai");
        assertThat(row)
                .containsEntry("STATE", "CLEARED")
                .containsEntry("VENDOR_OBJECT", "lead")
                .containsEntry("ACTION", "CREATED")
                .containsEntry(
                        "VENDOR_ID",
                        leads.get("kenji.tanaka@cyberdyne.ai").path("id").asText());
        Map<String, Object> grace = zohoRow(org, "grace.kim@initech.com");
        assertThat(grace).containsEntry("STATE", "FAILED").containsEntry("CATEGORY", "NO_TAG_MAPPING");
        assertThat(calls(UPSERT_LEADS)).as("one upsert for the whole batch").isEqualTo(1);
        assertThat(calls("GET /crm/v8/settings/fields"))
                .as("field metadata read once")
                .isEqualTo(1);
    }

    @Test
    void changedLeadIsUpsertedAgainByItsStoredRecordId() {
        String org = zohoOrg();
        captureJson(
                org,
                Map.of("captureId", "c1", "email", "repeat@soylent.co", "lastName", "Repeat", "company", "Soylent"));
        awaitSettled(org);
        String id = (String) zohoRow(org, "repeat@soylent.co").get("VENDOR_ID");

        captureJson(org, Map.of("captureId", "c1", "email", "repeat@soylent.co", "jobTitle", "Buyer"));
        awaitSettled(org);

        Map<String, Object> row = zohoRow(org, "repeat@soylent.co");
        assertThat(row)
                .containsEntry("STATE", "CLEARED")
                .containsEntry("VENDOR_ID", id)
                .containsEntry("ACTION", "UPDATED");
        assertThat((String) row.get("MATCH_TRACE")).contains("upsert by stored id -> updated " + id);
        assertThat(records("Leads")).hasSize(1);
        assertThat(records("Leads").get("repeat@soylent.co").path("Designation").asText())
                .isEqualTo("Buyer");
    }

    @Test
    void storedRecordIdZohoNoLongerKnowsFallsBackToTheEmail() {
        String org = zohoOrg();
        captureJson(
                org, Map.of("captureId", "g1", "email", "gone@soylent.co", "lastName", "Gone", "company", "Soylent"));
        awaitSettled(org);
        String oldId = (String) zohoRow(org, "gone@soylent.co").get("VENDOR_ID");
        sandbox(HttpMethod.POST, "/zoho/_reset", null); // the record is deleted in Zoho; tokens stay valid

        captureJson(org, Map.of("captureId", "g1", "email", "gone@soylent.co", "jobTitle", "Buyer"));
        awaitSettled(org);

        Map<String, Object> row = zohoRow(org, "gone@soylent.co");
        assertThat(row).containsEntry("STATE", "CLEARED").containsEntry("ACTION", "CREATED");
        assertThat(row.get("VENDOR_ID")).isNotEqualTo(oldId);
        assertThat((String) row.get("MATCH_TRACE")).contains("stored record id " + oldId + " no longer exists in Zoho");
        assertThat(records("Leads").get("gone@soylent.co").path("Designation").asText())
                .isEqualTo("Buyer");
        assertThat(calls(UPSERT_LEADS)).as("by id, then by Email").isEqualTo(2);
    }

    @Test
    void existingZohoLeadIsMatchedByEmailAndUpdated() {
        String org = zohoOrg();
        captureJson(
                org,
                Map.of("captureId", "m1", "email", "known@vandelay.com", "lastName", "Known", "company", "Vandelay"));
        awaitSettled(org);
        String other = zohoOrg();
        captureJson(
                other,
                Map.of(
                        "captureId",
                        "m2",
                        "email",
                        "Known@Vandelay.com",
                        "lastName",
                        "Known",
                        "company",
                        "Vandelay",
                        "jobTitle",
                        "Importer"));
        awaitSettled(other);

        Map<String, Object> row = zohoRow(other, "known@vandelay.com");
        assertThat(row)
                .containsEntry("STATE", "CLEARED")
                .containsEntry("ACTION", "UPDATED")
                .containsEntry("VENDOR_ID", zohoRow(org, "known@vandelay.com").get("VENDOR_ID"));
        assertThat((String) row.get("MATCH_TRACE")).contains("matched on Email");
        assertThat(records("Leads")).hasSize(1);
    }

    @Test
    void mixedAnswerFailsOnlyTheRefusedLead() {
        String org = zohoOrg();
        importCsv(org, """
                Email,First Name,Last Name,Company
                ok1@vandelay.com,Ok,One,Vandelay
                nolast@vandelay.com,Nolast,,Vandelay
                ok2@vandelay.com,Ok,Two,Vandelay
                """);
        awaitSettled(org);

        assertThat(zohoRow(org, "ok1@vandelay.com")).containsEntry("STATE", "CLEARED");
        assertThat(zohoRow(org, "ok2@vandelay.com")).containsEntry("STATE", "CLEARED");
        Map<String, Object> failed = zohoRow(org, "nolast@vandelay.com");
        assertThat(failed)
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "MISSING_REQUIRED_FIELD")
                .containsEntry("VENDOR_CODE", "MANDATORY_NOT_FOUND");
        assertThat((String) failed.get("MESSAGE")).contains("Last_Name");
        assertThat(records("Leads")).containsOnlyKeys("ok1@vandelay.com", "ok2@vandelay.com");
        assertThat(calls(UPSERT_LEADS)).isEqualTo(1);
    }

    static Stream<Arguments> recordErrors() {
        return Stream.of(
                Arguments.of(
                        "MANDATORY_NOT_FOUND",
                        Map.of("api_name", "Company", "json_path", "$.data[0].Company"),
                        "required field not found",
                        "MISSING_REQUIRED_FIELD"),
                Arguments.of(
                        "INVALID_DATA",
                        Map.of("api_name", "Designation", "json_path", "$.data[0].Designation", "maximum_length", 100),
                        "invalid data",
                        "VALUE_TOO_LONG"),
                Arguments.of(
                        "INVALID_DATA",
                        Map.of("api_name", "Phone", "json_path", "$.data[0].Phone", "expected_data_type", "phone"),
                        "invalid data",
                        "DATA_VALUE_VALIDATION"),
                Arguments.of(
                        "DUPLICATE_DATA",
                        Map.of(
                                "api_name",
                                "Email",
                                "json_path",
                                "$.data[0].Email",
                                "more_records",
                                false,
                                "duplicate_record",
                                Map.of("id", "5725767000000400999", "module", Map.of("api_name", "Leads"))),
                        "duplicate data",
                        "DUPLICATE_RECORD"),
                Arguments.of(
                        "NO_PERMISSION",
                        Map.of(
                                "api_name",
                                "Lead_Status",
                                "json_path",
                                "$.data[0].Lead_Status",
                                "permissions",
                                List.of("read_only")),
                        "permission denied to update Lead_Status",
                        "PERMISSION"));
    }

    @ParameterizedTest(name = "{0} {1} -> {3}")
    @MethodSource("recordErrors")
    void eachPerRecordErrorCodeFailsTheLeadWithItsCategory(
            String code, Map<String, Object> details, String message, String category) {
        String org = zohoOrg();
        fault(
                "POST",
                "/crm/v8/{module}/upsert",
                400,
                Map.of(
                        "data",
                        List.of(Map.of("code", code, "details", details, "message", message, "status", "error"))),
                1);
        captureJson(org, Map.of("captureId", "e1", "email", "err@globex.io", "lastName", "Err", "company", "Globex"));
        awaitSettled(org);

        Map<String, Object> row = zohoRow(org, "err@globex.io");
        assertThat(row)
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", category)
                .containsEntry("VENDOR_CODE", code);
        assertThat((String) row.get("MESSAGE")).contains(message).contains((String) details.get("api_name"));
        assertThat(records("Leads")).isEmpty();
    }

    @Test
    void invalidTokenIsRefreshedOnceAndTheCallReplayed() {
        String org = zohoOrg();
        captureJson(org, Map.of("captureId", "t0", "email", "warm@globex.io", "lastName", "Warm", "company", "Globex"));
        awaitSettled(org);
        int tokensBefore = calls("POST /oauth/v2/token");
        sandbox(HttpMethod.POST, "/zoho/_tokens/expire", null);

        captureJson(
                org, Map.of("captureId", "t1", "email", "token@globex.io", "lastName", "Token", "company", "Globex"));
        awaitSettled(org);

        assertThat(zohoRow(org, "token@globex.io")).containsEntry("STATE", "CLEARED");
        assertThat(calls("POST /oauth/v2/token") - tokensBefore)
                .as("one refresh")
                .isEqualTo(1);
    }

    @Test
    void invalidTokenAfterARefreshIsAuthentication() {
        String org = zohoOrg();
        fault(
                "POST",
                "/crm/v8/{module}/upsert",
                401,
                Map.of(
                        "code",
                        "INVALID_TOKEN",
                        "details",
                        Map.of(),
                        "message",
                        "invalid oauth token",
                        "status",
                        "error"),
                2);
        captureJson(org, Map.of("captureId", "a1", "email", "auth@globex.io", "lastName", "Auth", "company", "Globex"));
        awaitSettled(org);

        assertThat(zohoRow(org, "auth@globex.io"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "AUTHENTICATION");
        assertThat(calls(UPSERT_LEADS))
                .as("the call and one replay after the refresh")
                .isEqualTo(2);
        assertThat(records("Leads")).isEmpty();
    }

    @Test
    void tooManyRequestsWaitsAndRetries() {
        String org = zohoOrg();
        fault(
                "POST",
                "/crm/v8/{module}/upsert",
                429,
                Map.of(
                        "code",
                        "TOO_MANY_REQUESTS",
                        "details",
                        Map.of(),
                        "message",
                        "Rate limit exceeded",
                        "status",
                        "error"),
                1);
        captureJson(org, Map.of("captureId", "r1", "email", "rate@globex.io", "lastName", "Rate", "company", "Globex"));
        awaitSettled(org);

        assertThat(zohoRow(org, "rate@globex.io")).containsEntry("STATE", "CLEARED");
        assertThat(calls(UPSERT_LEADS)).isEqualTo(2);
    }

    @Test
    void usedUpCreditsAreQuotaExhausted() {
        String org = zohoOrg();
        sandbox(HttpMethod.POST, "/zoho/_config", Map.of("dailyCredits", 0));
        captureJson(
                org, Map.of("captureId", "q1", "email", "quota@globex.io", "lastName", "Quota", "company", "Globex"));
        awaitSettled(org);

        assertThat(zohoRow(org, "quota@globex.io"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "QUOTA_EXHAUSTED")
                .containsEntry("VENDOR_CODE", "LIMIT_REACHED");
    }

    @Test
    void picklistValueZohoDoesNotHaveFailsBeforeAnyWrite() {
        String org = zohoOrg();
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
                                "Leadhub_Lead_Type",
                                "vendorValue",
                                "Hot"),
                        Map.of(
                                "qualifier",
                                "Lead type",
                                "value",
                                "VIP",
                                "object",
                                "lead",
                                "vendorField",
                                "Leadhub_Lead_Type",
                                "vendorValue",
                                "Vip")));
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "p1",
                        "email",
                        "vip@globex.io",
                        "lastName",
                        "Vip",
                        "company",
                        "Globex",
                        "qualifiers",
                        Map.of("Lead type", "VIP")));
        awaitSettled(org);

        Map<String, Object> row = zohoRow(org, "vip@globex.io");
        assertThat(row).containsEntry("STATE", "FAILED").containsEntry("CATEGORY", "DATA_VALUE_VALIDATION");
        assertThat((String) row.get("MESSAGE"))
                .contains("'Vip' is not an option")
                .contains("Leadhub_Lead_Type")
                .contains("Hot, Warm, Cold");
        assertThat(calls(UPSERT_LEADS)).as("nothing sent").isZero();
        assertThat(calls("GET /crm/v8/settings/fields")).isEqualTo(1);
    }

    @Test
    void mappedFieldTheModuleLacksIsMissingRemoteFieldWithoutAWrite() {
        String org = zohoOrg();
        send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/zoho/mappings/lead"),
                OPERATOR,
                List.of(
                        Map.of("hubField", "email", "vendorField", "Email"),
                                Map.of("hubField", "lastName", "vendorField", "Last_Name"),
                        Map.of("hubField", "company", "vendorField", "Company"),
                                Map.of("hubField", "city", "vendorField", "Town__c")));
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "f1",
                        "email",
                        "field@globex.io",
                        "lastName",
                        "Field",
                        "company",
                        "Globex",
                        "address",
                        Map.of("city", "Berlin")));
        awaitSettled(org);

        assertThat(zohoRow(org, "field@globex.io"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "MISSING_REMOTE_FIELD");
        assertThat(calls(UPSERT_LEADS)).isZero();
    }

    @Test
    void activitiesBecomeNotesOnceAcrossRetries() {
        String org = zohoOrg();
        fault(
                "POST",
                "/crm/v8/Notes",
                503,
                Map.of(
                        "code",
                        "INTERNAL_ERROR",
                        "details",
                        Map.of(),
                        "message",
                        "Internal Server Error",
                        "status",
                        "error"),
                3);
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "n1",
                        "email",
                        "notes@globex.io",
                        "lastName",
                        "Notes",
                        "company",
                        "Globex",
                        "activities",
                        List.of(
                                Map.of(
                                        "id",
                                        "a1",
                                        "type",
                                        "MEETING",
                                        "occurredAt",
                                        "2026-11-20T10:00:00Z",
                                        "subject",
                                        "Booth demo"),
                                Map.of(
                                        "id",
                                        "a2",
                                        "type",
                                        "CALL",
                                        "occurredAt",
                                        "2026-11-20T11:00:00Z",
                                        "notes",
                                        "Call back Monday"))));
        awaitSettled(org);
        Map<String, Object> failed = zohoRow(org, "notes@globex.io");
        assertThat(failed).containsEntry("STATE", "FAILED").containsEntry("CATEGORY", "VENDOR_UNAVAILABLE");
        assertThat(failed.get("VENDOR_ID")).as("the lead itself was written").isNotNull();
        assertThat(records("Notes")).isEmpty();

        retryAll(org);
        awaitSettled(org);
        assertThat(zohoRow(org, "notes@globex.io"))
                .containsEntry("STATE", "CLEARED")
                .containsEntry("VENDOR_ID", failed.get("VENDOR_ID"));
        assertThat(records("Notes").values())
                .extracting(n -> n.path("Note_Title").asText())
                .containsExactlyInAnyOrder("Meeting", "Call");
        assertThat(records("Notes").values()).allSatisfy(n -> {
            assertThat(n.path("Parent_Id").path("id").asText()).isEqualTo(failed.get("VENDOR_ID"));
            assertThat(n.path("Parent_Id").path("module").path("api_name").asText())
                    .isEqualTo("Leads");
        });

        retryAll(org);
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "n1",
                        "email",
                        "notes@globex.io",
                        "jobTitle",
                        "Buyer",
                        "activities",
                        List.of(Map.of(
                                "id",
                                "a3",
                                "type",
                                "EMAIL",
                                "occurredAt",
                                "2026-11-21T09:00:00Z",
                                "subject",
                                "Brochure sent"))));
        awaitSettled(org);
        assertThat(records("Notes").values())
                .extracting(n -> n.path("Note_Title").asText())
                .containsExactlyInAnyOrder("Meeting", "Call", "Email");
    }

    @Test
    void contactsModeUpsertsAccountsByNameThenContactsLinkedToThem() {
        String org = newOrg(false);
        connectZoho(org, "Contacts");
        importCsv(org, """
                Email,First Name,Last Name,Company,Q: Lead type
                c1@vandelay.com,Cee,One,Vandelay Industries,Hot
                c2@vandelay.com,Cee,Two,Vandelay Industries,Warm
                c3@soylent.co,Cee,Three,Soylent,Cold
                """);
        awaitSettled(org);

        Map<String, JsonNode> accounts = new LinkedHashMap<>();
        records("Accounts")
                .values()
                .forEach(a -> accounts.put(a.path("Account_Name").asText(), a));
        assertThat(accounts).containsOnlyKeys("Vandelay Industries", "Soylent");
        Map<String, JsonNode> contacts = records("Contacts");
        assertThat(contacts).containsOnlyKeys("c1@vandelay.com", "c2@vandelay.com", "c3@soylent.co");
        String vandelay = accounts.get("Vandelay Industries").path("id").asText();
        assertThat(contacts.get("c1@vandelay.com")
                        .path("Account_Name")
                        .path("id")
                        .asText())
                .isEqualTo(vandelay);
        assertThat(contacts.get("c2@vandelay.com")
                        .path("Account_Name")
                        .path("id")
                        .asText())
                .isEqualTo(vandelay);
        assertThat(contacts.get("c1@vandelay.com").path("Leadhub_Lead_Type").asText())
                .isEqualTo("Hot");
        assertThat(zohoRow(org, "c2@vandelay.com"))
                .containsEntry("STATE", "CLEARED")
                .containsEntry("VENDOR_OBJECT", "contact")
                .containsEntry("COMPANY_VENDOR_ID", vandelay);
        assertThat(records("Leads")).isEmpty();
        assertThat(calls(UPSERT_LEADS))
                .as("one Accounts upsert, one Contacts upsert")
                .isEqualTo(2);
    }

    @Test
    void linkedEventAddsLeadsToTheCampaignWithTheirStatus() {
        String org = zohoOrg();
        assertThat(link(
                                org,
                                Map.of(
                                        "campaignId",
                                        DEMO_CAMPAIGN,
                                        "memberStatus",
                                        "Received",
                                        "statusQualifier",
                                        "Lead type",
                                        "statusMap",
                                        Map.of("Hot", "Responded")))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        importCsv(org, """
                Email,Last Name,Company,Q: Lead type
                hot@globex.io,Hot,Globex,Hot
                cold@globex.io,Cold,Globex,Cold
                """);
        awaitSettled(org);

        Map<String, String> statusByRecord = new HashMap<>();
        sandbox(HttpMethod.GET, "/zoho/_records/CampaignMembers", null).forEach(m -> {
            assertThat(m.path("campaignId").asText()).isEqualTo(DEMO_CAMPAIGN);
            statusByRecord.put(
                    m.path("recordId").asText(), m.path("Member_Status").asText());
        });
        assertThat(statusByRecord)
                .containsEntry((String) zohoRow(org, "hot@globex.io").get("VENDOR_ID"), "Responded")
                .containsEntry((String) zohoRow(org, "cold@globex.io").get("VENDOR_ID"), "Received");
        assertThat(calls("PUT /crm/v8/Campaigns/{id}/{module}")).isEqualTo(1);
    }

    @Test
    void campaignLinksAreCheckedAgainstZoho() {
        String org = zohoOrg();
        assertThat(link(org, Map.of("campaignId", "5725767000000999999", "memberStatus", "Received"))
                        .getStatusCode()
                        .value())
                .isEqualTo(422);
        var badStatus = link(org, Map.of("campaignId", DEMO_CAMPAIGN, "memberStatus", "Visited Booth"));
        assertThat(badStatus.getStatusCode().value()).isEqualTo(422);
        assertThat(badStatus.getBody().toString()).contains("Responded");
        assertThat(link(org, Map.of("campaignId", "not-an-id", "memberStatus", "Received"))
                        .getStatusCode()
                        .value())
                .isEqualTo(422);
    }
}
