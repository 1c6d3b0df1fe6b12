package io.leadhub.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

class SalesforceCompositeTest extends SalesforceTestBase {

    @Test
    void subrequestsRunInOrderAndReferEarlierResults() throws Exception {
        String campaign = org.seedCampaign("Expo", List.of("Sent", "Visited Booth"));
        MvcResult r = api("POST", "/composite", """
                {"allOrNone": false, "compositeRequest": [
                  {"method": "POST", "url": "/services/data/v60.0/sobjects/Lead", "referenceId": "newLead",
                   "body": {"LastName": "Lovelace", "Company": "Engines", "Email": "ada@engines.example"}},
                  {"method": "POST", "url": "/services/data/v60.0/sobjects/CampaignMember", "referenceId": "member",
                   "body": {"CampaignId": "%s", "LeadId": "@{newLead.id}", "Status": "Visited Booth"}},
                  {"method": "GET", "url": "/services/data/v60.0/query/?q=SELECT+Id,Email+FROM+Lead+WHERE+Email='ada@engines.example'",
                   "referenceId": "found"},
                  {"method": "PATCH", "url": "/services/data/v60.0/sobjects/Lead/@{found.records[0].Id}", "referenceId": "touch",
                   "body": {"Title": "Countess"}}
                ]}""".formatted(campaign));
        assertThat(status(r)).isEqualTo(200);
        JsonNode out = json(r).path("compositeResponse");
        assertThat(out).hasSize(4);
        assertThat(out.get(0).path("httpStatusCode").asInt()).isEqualTo(201);
        String lead = out.get(0).path("body").path("id").asText();
        assertThat(out.get(1).path("httpStatusCode").asInt()).isEqualTo(201);
        assertThat(out.get(2).path("body").path("totalSize").asInt()).isEqualTo(1);
        assertThat(out.get(3).path("httpStatusCode").asInt()).isEqualTo(204);
        assertThat(out.get(3).path("referenceId").asText()).isEqualTo("touch");
        assertThat(record("Lead", lead).path("Title").asText()).isEqualTo("Countess");
        assertThat(salesforce.records("CampaignMember").orElseThrow()).hasSize(1);
        assertThat(json(control("GET", "/_stats", null)).path("totalRequests").asInt())
                .isEqualTo(1);
    }

    @Test
    void allOrNoneRollsBackAndHaltsTheOthers() throws Exception {
        JsonNode out = json(api("POST", "/composite", """
                {"allOrNone": true, "compositeRequest": [
                  {"method": "POST", "url": "/services/data/v60.0/sobjects/Lead", "referenceId": "a",
                   "body": {"LastName": "A", "Company": "C"}},
                  {"method": "POST", "url": "/services/data/v60.0/sobjects/Lead", "referenceId": "b",
                   "body": {"LastName": "B"}}
                ]}""")).path("compositeResponse");
        assertThat(out.get(0).path("httpStatusCode").asInt()).isEqualTo(400);
        assertThat(out.get(0).path("body").get(0).path("errorCode").asText()).isEqualTo("PROCESSING_HALTED");
        assertThat(out.get(1).path("body").get(0).path("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(salesforce.records("Lead").orElseThrow()).isEmpty();
    }

    @Test
    void aFailedReferenceHaltsItsDependants() throws Exception {
        JsonNode out = json(api("POST", "/composite", """
                {"compositeRequest": [
                  {"method": "POST", "url": "/services/data/v60.0/sobjects/Lead", "referenceId": "a", "body": {"LastName": "A"}},
                  {"method": "POST", "url": "/services/data/v60.0/sobjects/Task", "referenceId": "t",
                   "body": {"WhoId": "@{a.id}", "Subject": "Visit"}}
                ]}""")).path("compositeResponse");
        assertThat(out.get(1).path("body").get(0).path("errorCode").asText()).isEqualTo("PROCESSING_HALTED");
        assertThat(salesforce.records("Task").orElseThrow()).isEmpty();
    }

    @Test
    void moreThan25SubrequestsIsRefused() throws Exception {
        StringBuilder sb = new StringBuilder("{\"compositeRequest\":[");
        for (int i = 0; i < 26; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append(
                            "{\"method\":\"GET\",\"url\":\"/services/data/v60.0/sobjects/Lead/00Q5g0000000001EAA\",\"referenceId\":\"r")
                    .append(i)
                    .append("\"}");
        }
        MvcResult r = api("POST", "/composite", sb.append("]}").toString());
        assertThat(status(r)).isEqualTo(400);
    }
}
