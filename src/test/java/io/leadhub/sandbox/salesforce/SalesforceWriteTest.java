package io.leadhub.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

class SalesforceWriteTest extends SalesforceTestBase {

    @Test
    void createReadUpdateKeepDatesAndDefaults() throws Exception {
        MvcResult c = api(
                "POST",
                "/sobjects/Lead",
                "{\"LastName\":\"Lovelace\",\"Company\":\"Engines\",\"Email\":\"ada@engines.example\",\"LeadSource\":\"Trade Show\"}");
        assertThat(status(c)).isEqualTo(201);
        JsonNode body = json(c);
        assertThat(body.path("success").asBoolean()).isTrue();
        assertThat(body.path("errors").isArray()).isTrue();
        String id = body.path("id").asText();
        assertThat(id).hasSize(18).startsWith("00Q");

        JsonNode stored = record("Lead", id);
        assertThat(stored.path("Status").asText()).isEqualTo("Open - Not Contacted");
        assertThat(stored.path("IsConverted").asBoolean()).isFalse();
        assertThat(stored.path("OwnerId").asText()).isEqualTo(SalesforceSimulator.USER_ID);
        assertThat(stored.path("CreatedDate").asText()).isEqualTo("2025-03-01T09:00:00.000+0000");

        clock.advanceMillis(60_000);
        MvcResult u = api("PATCH", "/sobjects/Lead/" + id.substring(0, 15), "{\"Title\":\"Countess\",\"Email\":null}");
        assertThat(status(u)).isEqualTo(204);
        JsonNode read = json(api("GET", "/sobjects/Lead/" + id, null));
        assertThat(read.path("Title").asText()).isEqualTo("Countess");
        assertThat(read.path("Email").isNull()).isTrue();
        assertThat(read.path("LastModifiedDate").asText()).isEqualTo("2025-03-01T09:01:00.000+0000");
        assertThat(read.path("CreatedDate").asText()).isEqualTo("2025-03-01T09:00:00.000+0000");
        assertThat(read.path("attributes").path("type").asText()).isEqualTo("Lead");

        JsonNode some = json(api("GET", "/sobjects/Lead/" + id + "?fields=Title,Company", null));
        assertThat(some.has("Email")).isFalse();
        assertThat(some.path("Company").asText()).isEqualTo("Engines");
    }

    @Test
    void unknownIdAndObjectAre404() throws Exception {
        MvcResult r = api("PATCH", "/sobjects/Lead/00Q5g0000000zzzAAA", "{\"Title\":\"x\"}");
        assertThat(status(r)).isEqualTo(404);
        assertThat(json(r).get(0).path("errorCode").asText()).isEqualTo("NOT_FOUND");
        assertThat(status(api("GET", "/sobjects/Lead/00Q5g0000000zzzAAA", null)))
                .isEqualTo(404);
        assertThat(status(api("POST", "/sobjects/Leads", "{}"))).isEqualTo(404);
    }

    private JsonNode createError(String object, String body) throws Exception {
        MvcResult r = api("POST", "/sobjects/" + object, body);
        assertThat(status(r)).as(body).isEqualTo(400);
        JsonNode e = json(r).get(0);
        assertThat(e.has("errorCode")).isTrue();
        assertThat(r.getResponse().getHeader("Sforce-Limit-Info")).startsWith("api-usage=");
        return e;
    }

    @Test
    void everyFieldCheckAnswersTheSalesforceErrorShape() throws Exception {
        JsonNode missing = createError("Lead", "{\"FirstName\":\"Ada\"}");
        assertThat(missing.path("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(missing.path("message").asText()).isEqualTo("Required fields are missing: [LastName, Company]");
        assertThat(missing.path("fields").toString()).isEqualTo("[\"LastName\",\"Company\"]");

        JsonNode tooLong =
                createError("Lead", "{\"LastName\":\"L\",\"Company\":\"C\",\"Title\":\"" + "x".repeat(129) + "\"}");
        assertThat(tooLong.path("errorCode").asText()).isEqualTo("STRING_TOO_LONG");
        assertThat(tooLong.path("message").asText())
                .startsWith("Title: data value too large: xxx")
                .endsWith("(max length=128)");
        assertThat(tooLong.path("fields").get(0).asText()).isEqualTo("Title");

        JsonNode picklist = createError("Lead", "{\"LastName\":\"L\",\"Company\":\"C\",\"LeadSource\":\"Expo\"}");
        assertThat(picklist.path("errorCode").asText()).isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
        assertThat(picklist.path("message").asText())
                .isEqualTo("Lead Source: bad value for restricted picklist field: Expo");

        JsonNode unknown = createError("Lead", "{\"LastName\":\"L\",\"Company\":\"C\",\"Shoe_Size__c\":\"44\"}");
        assertThat(unknown.path("errorCode").asText()).isEqualTo("INVALID_FIELD");
        assertThat(unknown.path("message").asText()).isEqualTo("No such column 'Shoe_Size__c' on sobject of type Lead");

        JsonNode email = createError("Lead", "{\"LastName\":\"L\",\"Company\":\"C\",\"Email\":\"not-an-email\"}");
        assertThat(email.path("errorCode").asText()).isEqualTo("INVALID_EMAIL_ADDRESS");
        assertThat(email.path("message").asText()).isEqualTo("Email: invalid email address: not-an-email");

        JsonNode readOnly = createError("Lead", "{\"LastName\":\"L\",\"Company\":\"C\",\"IsConverted\":true}");
        assertThat(readOnly.path("errorCode").asText()).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");

        JsonNode withId = createError("Lead", "{\"Id\":\"00Q5g0000000001AAA\",\"LastName\":\"L\",\"Company\":\"C\"}");
        assertThat(withId.path("errorCode").asText()).isEqualTo("INVALID_FIELD");
        assertThat(withId.path("message").asText())
                .isEqualTo("The Id field should not be specified in the sobject data.");

        JsonNode badRef = createError("Task", "{\"Subject\":\"Call\",\"WhoId\":\"00Q5g0000000zzzAAA\"}");
        assertThat(badRef.path("errorCode").asText()).isEqualTo("INVALID_CROSS_REFERENCE_KEY");
        JsonNode malformed = createError("Task", "{\"Subject\":\"Call\",\"WhoId\":\"lead-1\"}");
        assertThat(malformed.path("errorCode").asText()).isEqualTo("MALFORMED_ID");

        JsonNode notJson = json(api("POST", "/sobjects/Lead", "{oops"));
        assertThat(notJson.get(0).path("errorCode").asText()).isEqualTo("JSON_PARSER_ERROR");

        JsonNode clear = json(api(
                "PATCH",
                "/sobjects/Lead/" + create("Lead", "{\"LastName\":\"L\",\"Company\":\"C\"}"),
                "{\"Company\":\"\"}"));
        assertThat(clear.get(0).path("errorCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(salesforce.records("Lead").orElseThrow()).hasSize(1);
    }

    @Test
    void collectionsCreateReportsPerRecordResultsInOrderWithStatusCode() throws Exception {
        MvcResult r = api("POST", "/composite/sobjects", """
                {"allOrNone": false, "records": [
                  {"attributes": {"type": "Lead"}, "LastName": "One", "Company": "C1", "Email": "one@example.com"},
                  {"attributes": {"type": "Lead"}, "LastName": "Two"},
                  {"attributes": {"type": "Contact"}, "LastName": "Three", "Email": "three@example.com"},
                  {"LastName": "No type"}
                ]}""");
        assertThat(status(r)).isEqualTo(200);
        JsonNode out = json(r);
        assertThat(out).hasSize(4);
        assertThat(out.get(0).path("success").asBoolean()).isTrue();
        assertThat(out.get(0).path("id").asText()).startsWith("00Q");
        assertThat(out.get(0).path("errors")).isEmpty();
        assertThat(out.get(1).path("success").asBoolean()).isFalse();
        assertThat(out.get(1).has("id")).isFalse();
        JsonNode err = out.get(1).path("errors").get(0);
        assertThat(err.path("statusCode").asText()).isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(err.has("errorCode")).isFalse();
        assertThat(err.path("message").asText()).isEqualTo("Required fields are missing: [Company]");
        assertThat(err.path("fields").get(0).asText()).isEqualTo("Company");
        assertThat(out.get(2).path("id").asText()).startsWith("003");
        assertThat(out.get(3).path("success").asBoolean()).isFalse();
        assertThat(salesforce.records("Lead").orElseThrow()).hasSize(1);
        assertThat(salesforce.records("Contact").orElseThrow()).hasSize(1);
    }

    @Test
    void allOrNoneRollsBackEverything() throws Exception {
        JsonNode out = json(api("POST", "/composite/sobjects", """
                {"allOrNone": true, "records": [
                  {"attributes": {"type": "Lead"}, "LastName": "One", "Company": "C1"},
                  {"attributes": {"type": "Lead"}, "LastName": "Two", "Company": "C2", "LeadSource": "Expo"}
                ]}"""));
        assertThat(out.get(0).path("success").asBoolean()).isFalse();
        assertThat(out.get(0).path("errors").get(0).path("statusCode").asText())
                .isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(out.get(1).path("errors").get(0).path("statusCode").asText())
                .isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
        assertThat(salesforce.records("Lead").orElseThrow()).isEmpty();
    }

    @Test
    void collectionsUpdateAndUpsert() throws Exception {
        String a = create("Lead", "{\"LastName\":\"A\",\"Company\":\"C\"}");
        String b = create("Lead", "{\"LastName\":\"B\",\"Company\":\"C\"}");
        JsonNode out = json(api("PATCH", "/composite/sobjects", """
                {"allOrNone": false, "records": [
                  {"attributes": {"type": "Lead"}, "id": "%s", "Title": "CTO"},
                  {"attributes": {"type": "Lead"}, "id": "%s", "Title": "%s"},
                  {"attributes": {"type": "Lead"}, "Title": "no id"}
                ]}""".formatted(a, b, "x".repeat(200))));
        assertThat(out.get(0).path("success").asBoolean()).isTrue();
        assertThat(out.get(0).path("id").asText()).isEqualTo(a);
        assertThat(out.get(1).path("errors").get(0).path("statusCode").asText()).isEqualTo("STRING_TOO_LONG");
        assertThat(out.get(2).path("errors").get(0).path("statusCode").asText()).isEqualTo("MISSING_ARGUMENT");
        assertThat(record("Lead", a).path("Title").asText()).isEqualTo("CTO");
        assertThat(record("Lead", b).has("Title")).isFalse();

        JsonNode up = json(api("PATCH", "/composite/sobjects/Lead/Badge_Id__c", """
                {"allOrNone": false, "records": [
                  {"attributes": {"type": "Lead"}, "Badge_Id__c": "B-1", "LastName": "New", "Company": "C"},
                  {"attributes": {"type": "Lead"}, "Badge_Id__c": "B-1", "Title": "Again"}
                ]}"""));
        assertThat(up.get(0).path("created").asBoolean()).isTrue();
        assertThat(up.get(1).path("created").asBoolean()).isFalse();
        assertThat(up.get(1).path("id").asText()).isEqualTo(up.get(0).path("id").asText());
        assertThat(record("Lead", up.get(0).path("id").asText()).path("Title").asText())
                .isEqualTo("Again");

        MvcResult single = api("PATCH", "/sobjects/Lead/Badge_Id__c/B-2", "{\"LastName\":\"S\",\"Company\":\"C\"}");
        assertThat(status(single)).isEqualTo(201);
        assertThat(json(single).path("created").asBoolean()).isTrue();
        assertThat(status(api("PATCH", "/sobjects/Lead/Badge_Id__c/B-2", "{\"Title\":\"T\"}")))
                .isEqualTo(200);
        JsonNode byBadge = json(api("GET", "/sobjects/Lead/Badge_Id__c/b-2", null));
        assertThat(byBadge.path("Title").asText()).isEqualTo("T");
        assertThat(status(api("GET", "/sobjects/Lead/Badge_Id__c/B-404", null))).isEqualTo(404);
        assertThat(status(api("GET", "/sobjects/Lead/Email/x@example.com", null)))
                .isEqualTo(400);
    }

    @Test
    void moreThan200RecordsIsRefusedWhole() throws Exception {
        StringBuilder sb = new StringBuilder("{\"records\":[");
        for (int i = 0; i < 201; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"L")
                    .append(i)
                    .append("\",\"Company\":\"C\"}");
        }
        MvcResult r = api("POST", "/composite/sobjects", sb.append("]}").toString());
        assertThat(status(r)).isEqualTo(400);
        assertThat(json(r).get(0).path("errorCode").asText()).isEqualTo("EXCEEDED_ID_LIMIT");
        assertThat(salesforce.records("Lead").orElseThrow()).isEmpty();
    }

    @Test
    void multiSelectPicklistsCheckEveryValue() throws Exception {
        String id = create("Lead", "{\"LastName\":\"L\",\"Company\":\"C\",\"Interest__c\":\"Robots;Drones\"}");
        assertThat(record("Lead", id).path("Interest__c").asText()).isEqualTo("Robots;Drones");
        MvcResult bad = api(
                "POST", "/sobjects/Lead", "{\"LastName\":\"L\",\"Company\":\"C\",\"Interest__c\":\"Robots;Boats\"}");
        assertThat(json(bad).get(0).path("errorCode").asText()).isEqualTo("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST");
        assertThat(json(bad).get(0).path("message").asText())
                .isEqualTo("Interest: bad value for restricted picklist field: Boats");
    }

    @Test
    void collectionsRetrieveAnswersRecordsInIdOrder() throws Exception {
        String a = create("Lead", "{\"LastName\":\"A\",\"Company\":\"CA\",\"Email\":\"a@example.com\"}");
        String b = create("Lead", "{\"LastName\":\"B\",\"Company\":\"CB\"}");
        JsonNode out = json(api(
                "POST",
                "/composite/sobjects/Lead",
                "{\"ids\":[\"" + b + "\",\"00Q5g0000000zzzAAA\",\"" + a
                        + "\"],\"fields\":[\"Id\",\"Email\",\"Company\"]}"));
        assertThat(out).hasSize(3);
        assertThat(out.get(0).path("Company").asText()).isEqualTo("CB");
        assertThat(out.get(0).path("Email").isNull()).isTrue();
        assertThat(out.get(1).isNull()).isTrue();
        assertThat(out.get(2).path("Email").asText()).isEqualTo("a@example.com");
    }
}
