package io.leadhub.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Campaign membership (SPEC §7.3) and Tasks for activities (SPEC §10), end to end against the simulator. */
class SalesforceCampaignTest extends SalesforceHubTest {
    private static final List<String> STATUSES = List.of("Visited Booth", "Scanned Twice", "Demo Given");

    private static Map<String, Object> campaignLink(String campaignId, String hotStatus) {
        return Map.of(
                "campaignId",
                campaignId,
                "memberStatus",
                "Visited Booth",
                "statusQualifier",
                "Lead type",
                "statusMap",
                Map.of("Hot", hotStatus));
    }

    private void mapLeadType(String org) {
        qualifierMappings(
                org,
                List.of("Hot", "Warm", "Cold").stream()
                        .map(v -> Map.<String, Object>of(
                                "qualifier",
                                "Lead type",
                                "value",
                                v,
                                "object",
                                "lead",
                                "vendorField",
                                "Lead_Type__c",
                                "vendorValue",
                                v))
                        .toList());
    }

    private String captureId(String org, String email) {
        return jdbc.queryForObject(
                "SELECT capture_id FROM lead WHERE org_id = :o AND email_norm = :e",
                Map.of("o", org, "e", email),
                String.class);
    }

    private List<JsonNode> members() {
        return List.copyOf(records("CampaignMember").values());
    }

    private JsonNode member(String leadOrContactId) {
        return members().stream()
                .filter(m -> leadOrContactId.equals(m.path("LeadId").asText())
                        || leadOrContactId.equals(m.path("ContactId").asText()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theLinkIsCheckedAgainstTheCampaignAndItsMemberStatuses() {
        String campaign = salesforce.seedCampaign("Demo Expo 2026", STATUSES);
        String org = salesforceOrg(null);

        assertThat(link(org, campaignLink("7015g00000ZZZZZAAA", "Demo Given"))
                        .getStatusCode()
                        .value())
                .isEqualTo(422);
        assertThat(link(org, campaignLink("not-a-campaign", "Demo Given"))
                        .getStatusCode()
                        .value())
                .isEqualTo(422);
        var wrongStatus = link(org, campaignLink(campaign, "Demo given"));
        assertThat(wrongStatus.getStatusCode().value()).isEqualTo(422);
        assertThat(wrongStatus.getBody().toString()).contains("Demo given", "Visited Booth");
        assertThat(link(org, campaignLink(campaign, "Demo Given"))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
    }

    @Test
    void leadsBecomeMembersWithAQualifierDrivenStatusThatNeverMovesBackwards() {
        String campaign = salesforce.seedCampaign("Demo Expo 2026", STATUSES);
        String contact = salesforce.seedRecord("Contact", Map.of("LastName", "Known", "Email", "known@acme.io"));
        String org = salesforceOrg(null);
        mapLeadType(org);
        assertThat(link(org, campaignLink(campaign, "Scanned Twice"))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);

        importCsv(org, """
                First Name,Last Name,Email,Company,Q: Lead type
                Hana,Hot,hot@acme.io,Acme,Hot
                Walt,Warm,warm@acme.io,Acme,Warm
                Kim,Known,known@acme.io,Acme,Cold
                """);
        awaitSettled(org);

        String hot = (String) sfRow(org, "hot@acme.io").get("VENDOR_ID");
        String warm = (String) sfRow(org, "warm@acme.io").get("VENDOR_ID");
        assertThat(member(hot).path("Status").asText()).isEqualTo("Scanned Twice");
        assertThat(member(hot).path("CampaignId").asText()).isEqualTo(campaign);
        assertThat(member(warm).path("Status").asText()).isEqualTo("Visited Booth");
        assertThat(member(contact).path("Status").asText())
                .as("a matched Contact becomes a member by ContactId")
                .isEqualTo("Visited Booth");
        assertThat(members()).hasSize(3);
        assertThat(calls(COLLECTIONS_CREATE))
                .as("one create for the leads, one for the members")
                .isEqualTo(2);

        // Hot leads now get "Demo Given": Hana's membership moves forward when she syncs again
        assertThat(link(org, campaignLink(campaign, "Demo Given"))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        captureJson(
                org, Map.of("captureId", captureId(org, "hot@acme.io"), "email", "hot@acme.io", "jobTitle", "Buyer"));
        Map<String, Object> row = awaitSynced(org, "hot@acme.io");
        assertThat(row).containsEntry("STATE", "CLEARED");
        assertThat(member(hot).path("Status").asText()).isEqualTo("Demo Given");
        assertThat((String) row.get("MATCH_TRACE")).contains("moved with status 'Demo Given'");
        assertThat(calls(COLLECTIONS_UPDATE))
                .as("the known Contact in the import; now the Lead, then the member")
                .isEqualTo(3);

        // the link now gives Hot leads an earlier status: the existing member keeps its later one
        assertThat(link(org, campaignLink(campaign, "Visited Booth"))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        captureJson(
                org,
                Map.of(
                        "captureId",
                        captureId(org, "hot@acme.io"),
                        "email",
                        "hot@acme.io",
                        "address",
                        Map.of("country", "Germany")));
        row = awaitSynced(org, "hot@acme.io");
        assertThat(row).containsEntry("STATE", "CLEARED");
        assertThat(member(hot).path("Status").asText()).isEqualTo("Demo Given");
        assertThat((String) row.get("MATCH_TRACE"))
                .contains("keeps status 'Demo Given'", "statuses never move backwards");
        assertThat(members()).hasSize(3);
    }

    @Test
    void eachActivityBecomesOneCompletedTaskEvenWhenTheLeadSyncsAgain() {
        String org = salesforceOrg(null);
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "t1",
                        "email",
                        "tasks@acme.io",
                        "lastName",
                        "Tasker",
                        "company",
                        "Acme",
                        "activities",
                        List.of(
                                Map.of(
                                        "id",
                                        "a1",
                                        "type",
                                        "CALL",
                                        "occurredAt",
                                        "2026-05-04T09:30:00Z",
                                        "subject",
                                        "Intro call",
                                        "notes",
                                        "Liked the drones"),
                                Map.of(
                                        "id",
                                        "a2",
                                        "type",
                                        "MEETING",
                                        "occurredAt",
                                        "2026-05-05T14:00:00Z",
                                        "subject",
                                        "Booth demo"))));
        awaitSettled(org);

        String leadId = (String) sfRow(org, "tasks@acme.io").get("VENDOR_ID");
        List<JsonNode> tasks = List.copyOf(records("Task").values());
        assertThat(tasks).hasSize(2);
        JsonNode call = tasks.stream()
                .filter(t -> t.path("Subject").asText().equals("Call: Intro call"))
                .findFirst()
                .orElseThrow();
        assertThat(call.path("WhoId").asText()).isEqualTo(leadId);
        assertThat(call.path("Status").asText()).isEqualTo("Completed");
        assertThat(call.path("ActivityDate").asText()).isEqualTo("2026-05-04");
        assertThat(call.path("Description").asText()).contains("Liked the drones");
        assertThat(calls(COLLECTIONS_CREATE))
                .as("the Lead, then both Tasks in one call")
                .isEqualTo(2);

        // the lead syncs again with one new activity: only that one becomes a Task
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "t1",
                        "email",
                        "tasks@acme.io",
                        "activities",
                        List.of(Map.of(
                                "id",
                                "a3",
                                "type",
                                "EMAIL",
                                "occurredAt",
                                "2026-05-06T08:00:00Z",
                                "subject",
                                "Follow-up sent"))));
        Map<String, Object> row = awaitSynced(org, "tasks@acme.io");
        assertThat(row).containsEntry("STATE", "CLEARED");
        assertThat(records("Task")).hasSize(3);
        assertThat((String) row.get("MATCH_TRACE")).contains("already logged");
    }
}
