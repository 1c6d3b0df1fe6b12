package io.leadhub.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

class SalesforceCampaignSimulationTest extends SalesforceTestBase {

    @Test
    void seededCampaignHasItsStatusesInOrder() throws Exception {
        String campaign = org.seedCampaign("Expo 2025", List.of("Sent", "Visited Booth", "Meeting Booked"));
        assertThat(campaign).startsWith("701").hasSize(18);
        JsonNode statuses = queryOk(
                "SELECT Label, SortOrder, IsDefault, HasResponded FROM CampaignMemberStatus WHERE CampaignId = '"
                        + campaign + "' ORDER BY SortOrder");
        assertThat(statuses.path("records"))
                .extracting(r -> r.path("Label").asText())
                .containsExactly("Sent", "Visited Booth", "Meeting Booked");
        assertThat(statuses.path("records").get(0).path("IsDefault").asBoolean())
                .isTrue();
        assertThat(statuses.path("records").get(1).path("HasResponded").asBoolean())
                .isTrue();
        assertThat(statuses.path("records").get(1).path("SortOrder").asInt()).isEqualTo(2);
    }

    @Test
    void campaignCreatedThroughTheApiGetsSentAndResponded() throws Exception {
        String campaign = create("Campaign", "{\"Name\":\"Webinar\",\"IsActive\":true}");
        JsonNode statuses = queryOk(
                "SELECT Label FROM CampaignMemberStatus WHERE CampaignId = '" + campaign + "' ORDER BY SortOrder");
        assertThat(statuses.path("records"))
                .extracting(r -> r.path("Label").asText())
                .containsExactly("Sent", "Responded");
        String extra = create(
                "CampaignMemberStatus",
                "{\"CampaignId\":\"" + campaign
                        + "\",\"Label\":\"Visited Booth\",\"SortOrder\":3,\"HasResponded\":true}");
        assertThat(extra).startsWith("01Y");
        MvcResult dup = api(
                "POST",
                "/sobjects/CampaignMemberStatus",
                "{\"CampaignId\":\"" + campaign + "\",\"Label\":\"visited booth\"}");
        assertThat(json(dup).get(0).path("errorCode").asText()).isEqualTo("DUPLICATE_VALUE");
    }

    @Test
    void membersNeedAKnownStatusAndCannotJoinTwice() throws Exception {
        String campaign = org.seedCampaign("Expo", List.of("Sent", "Visited Booth"));
        String lead = org.seedRecord("Lead", Map.of("LastName", "L", "Company", "C"));
        String member = create(
                "CampaignMember",
                "{\"CampaignId\":\"" + campaign + "\",\"LeadId\":\"" + lead + "\",\"Status\":\"Visited Booth\"}");
        assertThat(member).startsWith("00v");
        JsonNode stored = record("CampaignMember", member);
        assertThat(stored.path("HasResponded").asBoolean()).isTrue();
        assertThat(stored.path("FirstRespondedDate").asText()).isEqualTo("2025-03-01");

        MvcResult twice = api(
                "POST",
                "/sobjects/CampaignMember",
                "{\"CampaignId\":\"" + campaign + "\",\"LeadId\":\"" + lead + "\"}");
        assertThat(status(twice)).isEqualTo(400);
        assertThat(json(twice).get(0).path("errorCode").asText()).isEqualTo("DUPLICATE_VALUE");
        assertThat(json(twice).get(0).path("message").asText()).isEqualTo("Already a campaign member.");

        String other = org.seedRecord("Lead", Map.of("LastName", "M", "Company", "C"));
        MvcResult bad = api(
                "POST",
                "/sobjects/CampaignMember",
                "{\"CampaignId\":\"" + campaign + "\",\"LeadId\":\"" + other + "\",\"Status\":\"Attended\"}");
        assertThat(json(bad).get(0).path("errorCode").asText()).isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
        assertThat(json(bad).get(0).path("message").asText())
                .isEqualTo("Status: bad value for restricted picklist field: Attended");

        String defaulted =
                create("CampaignMember", "{\"CampaignId\":\"" + campaign + "\",\"LeadId\":\"" + other + "\"}");
        assertThat(record("CampaignMember", defaulted).path("Status").asText()).isEqualTo("Sent");
        assertThat(record("CampaignMember", defaulted).path("HasResponded").asBoolean())
                .isFalse();

        assertThat(status(api("PATCH", "/sobjects/CampaignMember/" + defaulted, "{\"Status\":\"Visited Booth\"}")))
                .isEqualTo(204);
        assertThat(record("CampaignMember", defaulted).path("HasResponded").asBoolean())
                .isTrue();
        MvcResult move = api("PATCH", "/sobjects/CampaignMember/" + defaulted, "{\"CampaignId\":\"" + campaign + "\"}");
        assertThat(json(move).get(0).path("errorCode").asText()).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");

        MvcResult nobody = api("POST", "/sobjects/CampaignMember", "{\"CampaignId\":\"" + campaign + "\"}");
        assertThat(json(nobody).get(0).path("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
    }

    @Test
    void duplicateMembersInOneCollectionCallFailOneByOne() throws Exception {
        String campaign = org.seedCampaign("Expo", List.of("Sent", "Visited Booth"));
        String lead = org.seedRecord("Lead", Map.of("LastName", "L", "Company", "C"));
        JsonNode out = json(api("POST", "/composite/sobjects", """
                {"allOrNone": false, "records": [
                  {"attributes": {"type": "CampaignMember"}, "CampaignId": "%1$s", "LeadId": "%2$s", "Status": "Visited Booth"},
                  {"attributes": {"type": "CampaignMember"}, "CampaignId": "%1$s", "LeadId": "%2$s", "Status": "Visited Booth"}
                ]}""".formatted(campaign, lead)));
        assertThat(out.get(0).path("success").asBoolean()).isTrue();
        assertThat(out.get(1).path("errors").get(0).path("statusCode").asText()).isEqualTo("DUPLICATE_VALUE");
    }

    @Test
    void tasksAndTheCustomObject() throws Exception {
        String lead = org.seedRecord("Lead", Map.of("LastName", "L", "Company", "C"));
        String campaign = org.seedCampaign("Expo", List.of("Sent"));
        String task = create(
                "Task",
                "{\"WhoId\":\"" + lead + "\",\"WhatId\":\"" + campaign
                        + "\",\"Subject\":\"Booth visit\",\"ActivityDate\":\"2025-03-01\",\"Status\":\"Completed\",\"TaskSubtype\":\"Call\"}");
        assertThat(task).startsWith("00T");
        JsonNode t = record("Task", task);
        assertThat(t.path("Priority").asText()).isEqualTo("Normal");
        assertThat(t.path("WhoId").asText()).isEqualTo(lead);

        MvcResult subject =
                api("POST", "/sobjects/Task", "{\"WhoId\":\"" + lead + "\",\"Subject\":\"" + "s".repeat(256) + "\"}");
        assertThat(json(subject).get(0).path("errorCode").asText()).isEqualTo("STRING_TOO_LONG");
        MvcResult status = api("POST", "/sobjects/Task", "{\"WhoId\":\"" + lead + "\",\"Status\":\"Done\"}");
        assertThat(json(status).get(0).path("errorCode").asText()).isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
        MvcResult subtype = api("PATCH", "/sobjects/Task/" + task, "{\"TaskSubtype\":\"Email\"}");
        assertThat(json(subtype).get(0).path("errorCode").asText()).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
        MvcResult date = api("POST", "/sobjects/Task", "{\"WhoId\":\"" + lead + "\",\"ActivityDate\":\"yesterday\"}");
        assertThat(json(date).get(0).path("errorCode").asText()).isEqualTo("INVALID_TYPE_ON_FIELD_IN_RECORD");

        String visit = create(
                "Trade_Show_Visit__c",
                "{\"Name\":\"Expo visit\",\"Lead__c\":\"" + lead
                        + "\",\"Event_Name__c\":\"Expo\",\"Scanned_At__c\":\"2025-03-01T10:15:00Z\"}");
        assertThat(visit).startsWith("a0X");
        assertThat(record("Trade_Show_Visit__c", visit).path("Scanned_At__c").asText())
                .isEqualTo("2025-03-01T10:15:00.000+0000");
        assertThat(queryOk("SELECT Id FROM Trade_Show_Visit__c WHERE Scanned_At__c >= 2025-03-01T10:00:00Z")
                        .path("totalSize")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void describeListsFieldsWithTypesLengthsAndPicklists() throws Exception {
        MvcResult r = api("GET", "/sobjects/Lead/describe/", null);
        assertThat(status(r)).isEqualTo(200);
        JsonNode d = json(r);
        assertThat(d.path("name").asText()).isEqualTo("Lead");
        assertThat(d.path("custom").asBoolean()).isFalse();
        assertThat(d.path("keyPrefix").asText()).isEqualTo("00Q");
        JsonNode fields = d.path("fields");
        JsonNode company = field(fields, "Company");
        assertThat(company.path("type").asText()).isEqualTo("string");
        assertThat(company.path("length").asInt()).isEqualTo(255);
        assertThat(company.path("nillable").asBoolean()).isFalse();
        assertThat(company.path("createable").asBoolean()).isTrue();
        JsonNode status = field(fields, "Status");
        assertThat(status.path("type").asText()).isEqualTo("picklist");
        assertThat(status.path("defaultedOnCreate").asBoolean()).isTrue();
        assertThat(status.path("picklistValues").get(0).path("defaultValue").asBoolean())
                .isTrue();
        assertThat(status.path("picklistValues").get(0).path("value").asText()).isEqualTo("Open - Not Contacted");
        JsonNode interest = field(fields, "Interest__c");
        assertThat(interest.path("custom").asBoolean()).isTrue();
        assertThat(interest.path("restrictedPicklist").asBoolean()).isTrue();
        assertThat(field(fields, "IsConverted").path("updateable").asBoolean()).isFalse();
        assertThat(field(fields, "Email").path("type").asText()).isEqualTo("email");
        assertThat(field(fields, "Id").path("type").asText()).isEqualTo("id");
        assertThat(field(fields, "ConvertedContactId")
                        .path("referenceTo")
                        .get(0)
                        .asText())
                .isEqualTo("Contact");

        JsonNode custom = json(api("GET", "/sobjects/Trade_Show_Visit__c/describe", null));
        assertThat(custom.path("custom").asBoolean()).isTrue();
        assertThat(field(custom.path("fields"), "Scanned_At__c").path("type").asText())
                .isEqualTo("datetime");
        assertThat(status(api("GET", "/sobjects/Nope/describe/", null))).isEqualTo(404);
        assertThat(json(api("GET", "/sobjects/", null)).path("sobjects"))
                .extracting(o -> o.path("name").asText())
                .contains(
                        "Lead",
                        "Contact",
                        "Account",
                        "Campaign",
                        "CampaignMember",
                        "CampaignMemberStatus",
                        "Task",
                        "Trade_Show_Visit__c");
    }

    static JsonNode field(JsonNode fields, String name) {
        for (JsonNode f : fields) {
            if (f.path("name").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no field " + name);
    }
}
