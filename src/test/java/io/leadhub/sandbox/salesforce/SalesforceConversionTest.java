package io.leadhub.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

class SalesforceConversionTest extends SalesforceTestBase {

    @Test
    void convertingALeadCreatesAccountAndContactAndLocksTheLead() throws Exception {
        String lead = org.seedRecord(
                "Lead",
                Map.of(
                        "FirstName",
                        "Ada",
                        "LastName",
                        "Lovelace",
                        "Company",
                        "Engines",
                        "Email",
                        "ada@engines.example",
                        "Title",
                        "Countess",
                        "City",
                        "London"));
        String campaign = org.seedCampaign("Expo", List.of("Sent", "Visited Booth"));
        String member = create("CampaignMember", "{\"CampaignId\":\"" + campaign + "\",\"LeadId\":\"" + lead + "\"}");
        clock.advanceMillis(86_400_000L);
        token = refresh(REFRESH).path("access_token").asText();

        JsonNode converted = json(control("POST", "/_convert/" + lead, null));
        String contact = converted.path("contactId").asText();
        String account = converted.path("accountId").asText();
        assertThat(contact).startsWith("003");
        assertThat(account).startsWith("001");

        JsonNode l = json(api("GET", "/sobjects/Lead/" + lead, null));
        assertThat(l.path("IsConverted").asBoolean()).isTrue();
        assertThat(l.path("ConvertedContactId").asText()).isEqualTo(contact);
        assertThat(l.path("ConvertedAccountId").asText()).isEqualTo(account);
        assertThat(l.path("ConvertedDate").asText()).isEqualTo("2025-03-02");
        assertThat(l.path("Status").asText()).isEqualTo("Closed - Converted");

        JsonNode c = record("Contact", contact);
        assertThat(c.path("Email").asText()).isEqualTo("ada@engines.example");
        assertThat(c.path("AccountId").asText()).isEqualTo(account);
        assertThat(c.path("MailingCity").asText()).isEqualTo("London");
        assertThat(record("Account", account).path("Name").asText()).isEqualTo("Engines");
        assertThat(record("CampaignMember", member).path("ContactId").asText()).isEqualTo(contact);

        MvcResult update = api("PATCH", "/sobjects/Lead/" + lead, "{\"Title\":\"Other\"}");
        assertThat(status(update)).isEqualTo(400);
        assertThat(json(update).get(0).path("errorCode").asText()).isEqualTo("CANNOT_UPDATE_CONVERTED_LEAD");
        JsonNode viaCollection = json(api(
                "PATCH",
                "/composite/sobjects",
                "{\"records\":[{\"attributes\":{\"type\":\"Lead\"},\"id\":\"" + lead + "\",\"Title\":\"Other\"}]}"));
        assertThat(viaCollection.get(0).path("errors").get(0).path("statusCode").asText())
                .isEqualTo("CANNOT_UPDATE_CONVERTED_LEAD");

        assertThat(queryOk(
                                "SELECT Id, ConvertedContactId FROM Lead WHERE Email = 'ada@engines.example' AND IsConverted = true")
                        .path("records")
                        .get(0)
                        .path("ConvertedContactId")
                        .asText())
                .isEqualTo(contact);
        assertThat(status(control("POST", "/_convert/" + lead, null))).isEqualTo(400);

        MvcResult task = api("POST", "/sobjects/Task", "{\"WhoId\":\"" + lead + "\",\"Subject\":\"Follow-up\"}");
        assertThat(json(task).get(0).path("errorCode").asText()).isEqualTo("CANNOT_UPDATE_CONVERTED_LEAD");
        assertThat(json(task).get(0).path("message").asText()).isEqualTo("cannot reference converted lead");
        assertThat(status(api("POST", "/sobjects/Task", "{\"WhoId\":\"" + contact + "\",\"Subject\":\"Follow-up\"}")))
                .isEqualTo(201);
    }

    @Test
    void conversionCanReuseAnAccount() throws Exception {
        String account = org.seedRecord("Account", Map.of("Name", "Existing Inc"));
        String lead = org.seedRecord("Lead", Map.of("LastName", "Hopper", "Company", "Navy"));
        JsonNode converted = json(control("POST", "/_convert/" + lead, "{\"accountId\":\"" + account + "\"}"));
        assertThat(converted.path("accountId").asText()).isEqualTo(account);
        assertThat(salesforce.records("Account").orElseThrow()).hasSize(1);
        assertThat(org.convertLead(org.seedRecord("Lead", Map.of("LastName", "X", "Company", "Y")))
                        .path("contactId")
                        .asText())
                .startsWith("003");
    }
}
