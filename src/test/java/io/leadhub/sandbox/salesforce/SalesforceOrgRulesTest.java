package io.leadhub.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

class SalesforceOrgRulesTest extends SalesforceTestBase {

    @Test
    void validationRulesRefuseWritesWithTheirMessage() throws Exception {
        MvcResult cfg = control("POST", "/_config", """
                {"validationRules": [
                  {"object": "Lead", "name": "Phone_Required", "field": "Phone", "condition": "blank",
                   "message": "Trade-show leads need a phone number", "errorField": "Phone"},
                  {"object": "Lead", "field": "Email", "condition": "matches", "value": ".*@competitor\\\\.example",
                   "message": "No competitors"}
                ]}""");
        assertThat(status(cfg)).isEqualTo(200);
        assertThat(json(cfg).path("validationRules")).hasSize(2);

        MvcResult r = api("POST", "/sobjects/Lead", "{\"LastName\":\"L\",\"Company\":\"C\"}");
        assertThat(status(r)).isEqualTo(400);
        JsonNode e = json(r).get(0);
        assertThat(e.path("errorCode").asText()).isEqualTo("FIELD_CUSTOM_VALIDATION_EXCEPTION");
        assertThat(e.path("message").asText()).isEqualTo("Trade-show leads need a phone number");
        assertThat(e.path("fields").get(0).asText()).isEqualTo("Phone");

        MvcResult competitor = api(
                "POST",
                "/sobjects/Lead",
                "{\"LastName\":\"L\",\"Company\":\"C\",\"Phone\":\"1\",\"Email\":\"spy@competitor.example\"}");
        assertThat(json(competitor).get(0).path("message").asText()).isEqualTo("No competitors");
        assertThat(json(competitor).get(0).path("fields")).isEmpty();

        String ok = create("Lead", "{\"LastName\":\"L\",\"Company\":\"C\",\"Phone\":\"+1 555 0100\"}");
        JsonNode upd = json(api(
                "PATCH",
                "/composite/sobjects",
                "{\"records\":[{\"attributes\":{\"type\":\"Lead\"},\"id\":\"" + ok + "\",\"Phone\":null}]}"));
        assertThat(upd.get(0).path("errors").get(0).path("statusCode").asText())
                .isEqualTo("FIELD_CUSTOM_VALIDATION_EXCEPTION");
        assertThat(record("Lead", ok).path("Phone").asText()).isEqualTo("+1 555 0100");

        MvcResult badRule =
                control("POST", "/_config", "{\"validationRules\":[{\"object\":\"Lead\",\"field\":\"Nope\"}]}");
        assertThat(status(badRule)).isEqualTo(400);
    }

    @Test
    void duplicateRulesBlockOrAlert() throws Exception {
        org.seedRecord("Lead", Map.of("LastName", "First", "Company", "C", "Email", "ada@engines.example"));
        String contact = org.seedRecord("Contact", Map.of("LastName", "Contact", "Email", "grace@navy.example"));
        control("POST", "/_config", """
                {"duplicateRules": [
                  {"object": "Lead", "name": "Lead_Email_Duplicate_Rule", "fields": ["Email"], "action": "block", "alsoMatch": ["Contact"]},
                  {"object": "Contact", "fields": ["Email"], "action": "alert"}
                ]}""");
        MvcResult dup = api(
                "POST",
                "/sobjects/Lead",
                "{\"LastName\":\"Again\",\"Company\":\"C\",\"Email\":\"ADA@engines.example\"}");
        assertThat(status(dup)).isEqualTo(400);
        JsonNode e = json(dup).get(0);
        assertThat(e.path("errorCode").asText()).isEqualTo("DUPLICATES_DETECTED");
        JsonNode result = e.path("duplicateResult");
        assertThat(result.path("allowSave").asBoolean()).isFalse();
        assertThat(result.path("duplicateRule").asText()).isEqualTo("Lead_Email_Duplicate_Rule");
        assertThat(result.path("duplicateRuleEntityType").asText()).isEqualTo("Lead");
        assertThat(result.path("matchResults").get(0).path("entityType").asText())
                .isEqualTo("Lead");
        assertThat(result.path("matchResults").get(0).path("size").asInt()).isEqualTo(1);
        assertThat(result.path("matchResults")
                        .get(0)
                        .path("matchRecords")
                        .get(0)
                        .path("record")
                        .path("Id")
                        .asText())
                .startsWith("00Q");

        MvcResult crossObject = api(
                "POST", "/sobjects/Lead", "{\"LastName\":\"G\",\"Company\":\"C\",\"Email\":\"grace@navy.example\"}");
        assertThat(json(crossObject)
                        .get(0)
                        .path("duplicateResult")
                        .path("matchResults")
                        .get(0)
                        .path("matchRecords")
                        .get(0)
                        .path("record")
                        .path("Id")
                        .asText())
                .isEqualTo(contact);

        MvcResult alert = api("POST", "/sobjects/Contact", "{\"LastName\":\"Twin\",\"Email\":\"grace@navy.example\"}");
        assertThat(json(alert).get(0).path("duplicateResult").path("allowSave").asBoolean())
                .isTrue();
        MvcResult allowed = api(
                "POST",
                "/sobjects/Contact",
                "{\"LastName\":\"Twin\",\"Email\":\"grace@navy.example\"}",
                "Sforce-Duplicate-Rule-Header",
                "allowSave=true");
        assertThat(status(allowed)).isEqualTo(201);
        MvcResult blockedAnyway = api(
                "POST",
                "/sobjects/Lead",
                "{\"LastName\":\"Again\",\"Company\":\"C\",\"Email\":\"ada@engines.example\"}",
                "Sforce-Duplicate-Rule-Header",
                "allowSave=true");
        assertThat(status(blockedAnyway)).isEqualTo(400);

        JsonNode sameCall = json(api("POST", "/composite/sobjects", """
                {"records":[{"attributes":{"type":"Lead"},"LastName":"X","Company":"C","Email":"new@twins.example"},
                            {"attributes":{"type":"Lead"},"LastName":"Y","Company":"C","Email":"new@twins.example"}]}"""));
        assertThat(sameCall.get(0).path("success").asBoolean()).isTrue();
        assertThat(sameCall.get(1).path("success").asBoolean())
                .as("records of one call are not matched to each other")
                .isTrue();

        JsonNode inCollection = json(
                api(
                        "POST",
                        "/composite/sobjects",
                        "{\"records\":[{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"X\",\"Company\":\"C\",\"Email\":\"ada@engines.example\"}]}"));
        JsonNode err = inCollection.get(0).path("errors").get(0);
        assertThat(err.path("statusCode").asText()).isEqualTo("DUPLICATES_DETECTED");
        assertThat(err.path("duplicateResult").path("duplicateRule").asText()).isEqualTo("Lead_Email_Duplicate_Rule");
    }

    @Test
    void fieldLevelSecurityHidesFieldsFromDescribeAndWrites() throws Exception {
        control("POST", "/_config", "{\"hiddenFields\": {\"Lead\": [\"Show_Notes__c\", \"Rating\"]}}");
        JsonNode describe = json(api("GET", "/sobjects/Lead/describe/", null));
        assertThat(describe.path("fields"))
                .extracting(f -> f.path("name").asText())
                .doesNotContain("Show_Notes__c", "Rating")
                .contains("Badge_Id__c");
        MvcResult write =
                api("POST", "/sobjects/Lead", "{\"LastName\":\"L\",\"Company\":\"C\",\"Show_Notes__c\":\"x\"}");
        assertThat(json(write).get(0).path("errorCode").asText()).isEqualTo("INVALID_FIELD");
        assertThat(json(write).get(0).path("message").asText())
                .isEqualTo("No such column 'Show_Notes__c' on sobject of type Lead");
        assertThat(json(control("GET", "/_config", null)).path("hiddenFields").path("Lead"))
                .hasSize(2);
    }

    @Test
    void readOnlyRecordsRefuseUpdates() throws Exception {
        String lead = org.seedRecord("Lead", Map.of("LastName", "L", "Company", "C"));
        control("POST", "/_config", "{\"readOnlyRecords\": [\"" + lead.substring(0, 15) + "\"]}");
        MvcResult r = api("PATCH", "/sobjects/Lead/" + lead, "{\"Title\":\"x\"}");
        assertThat(status(r)).isEqualTo(400);
        assertThat(json(r).get(0).path("errorCode").asText()).isEqualTo("INSUFFICIENT_ACCESS_OR_READONLY");
        assertThat(status(api("GET", "/sobjects/Lead/" + lead, null))).isEqualTo(200);
    }

    @Test
    void dailyLimitAnswers403UntilMidnightUtc() throws Exception {
        control("POST", "/_config", "{\"dailyApiLimit\": 2}");
        assertThat(api("GET", "/limits/", null).getResponse().getHeader("Sforce-Limit-Info"))
                .isEqualTo("api-usage=1/2");
        JsonNode limits = json(api("GET", "/limits/", null));
        assertThat(limits.path("DailyApiRequests").path("Max").asInt()).isEqualTo(2);
        assertThat(limits.path("DailyApiRequests").path("Remaining").asInt()).isEqualTo(0);
        MvcResult over = query("SELECT Id FROM Lead");
        assertThat(status(over)).isEqualTo(403);
        assertThat(json(over).get(0).path("errorCode").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        assertThat(json(over).get(0).path("message").asText()).isEqualTo("TotalRequests Limit exceeded.");
        assertThat(over.getResponse().getHeader("Sforce-Limit-Info")).isEqualTo("api-usage=2/2");
        // token calls are not API requests
        assertThat(refresh(REFRESH).path("access_token").asText()).isNotBlank();

        clock.advanceMillis(15 * 3_600_000L); // 2025-03-02T00:00Z
        token = refresh(REFRESH).path("access_token").asText();
        MvcResult nextDay = query("SELECT Id FROM Lead");
        assertThat(status(nextDay)).isEqualTo(200);
        assertThat(nextDay.getResponse().getHeader("Sforce-Limit-Info")).isEqualTo("api-usage=1/2");
    }

    @Test
    void configRejectsUnknownSettingsAndResetRestoresDefaults() throws Exception {
        assertThat(status(control("POST", "/_config", "{\"rateLimit\": 5}"))).isEqualTo(400);
        control("POST", "/_config", "{\"dailyApiLimit\": 5, \"sessionTimeoutSeconds\": 10}");
        control("POST", "/_reset", null);
        JsonNode cfg = json(control("GET", "/_config", null));
        assertThat(cfg.path("dailyApiLimit").asLong()).isEqualTo(100_000);
        assertThat(cfg.path("sessionTimeoutSeconds").asLong()).isEqualTo(7200);
    }

    @Test
    void recordsControlShowsRecordsAsTheApiDoes() throws Exception {
        String lead = create("Lead", "{\"LastName\":\"L\",\"Company\":\"C\"}");
        JsonNode records = json(control("GET", "/_records/Lead", null));
        assertThat(records.get(0).path("Id").asText()).isEqualTo(lead);
        assertThat(records.get(0).path("LastName").asText()).isEqualTo("L");
        JsonNode stats = json(control("GET", "/_stats", null));
        assertThat(stats.toString()).contains("POST /services/data/{version}/sobjects/{object}");
    }
}
