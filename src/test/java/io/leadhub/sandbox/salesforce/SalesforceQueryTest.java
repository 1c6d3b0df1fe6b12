package io.leadhub.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

class SalesforceQueryTest extends SalesforceTestBase {

    String ada;
    String bob;
    String cy;

    @BeforeEach
    void seed() {
        ada = org.seedRecord(
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
                        "Rating",
                        "Hot"));
        clock.advanceMillis(1000);
        bob = org.seedRecord(
                "Lead",
                Map.of("LastName", "O'Brien", "Company", "Pubs", "Email", "Bob@Pubs.example", "Rating", "Warm"));
        clock.advanceMillis(1000);
        cy = org.seedRecord("Lead", Map.of("LastName", "Cy", "Company", "Cycles", "Rating", "Cold"));
    }

    static List<String> ids(JsonNode result) {
        List<String> ids = new ArrayList<>();
        result.path("records").forEach(r -> ids.add(r.path("Id").asText()));
        return ids;
    }

    @Test
    void selectWithInAnswersRecordsWithAttributesAndNulls() throws Exception {
        JsonNode r = queryOk(
                "SELECT Id, Email, FirstName FROM Lead WHERE Email IN ('ADA@engines.example', 'bob@pubs.example')");
        assertThat(r.path("totalSize").asInt()).isEqualTo(2);
        assertThat(r.path("done").asBoolean()).isTrue();
        JsonNode first = r.path("records").get(0);
        assertThat(first.path("attributes").path("type").asText()).isEqualTo("Lead");
        assertThat(first.path("attributes").path("url").asText())
                .isEqualTo("/services/data/v60.0/sobjects/Lead/" + ada);
        assertThat(first.path("Email").asText()).isEqualTo("ada@engines.example");
        assertThat(r.path("records").get(1).path("FirstName").isNull()).isTrue();
        assertThat(r.path("records").get(1).has("Company")).isFalse();
        assertThat(ada).hasSize(18).startsWith("00Q");
    }

    @Test
    void equalityIsCaseInsensitiveAndEscapesWork() throws Exception {
        assertThat(ids(queryOk("SELECT Id FROM Lead WHERE LastName = 'o\\'brien'")))
                .containsExactly(bob);
        assertThat(ids(queryOk("select id from lead where email != null"))).containsExactly(ada, bob);
        assertThat(ids(queryOk("SELECT Id FROM Lead WHERE Email = null"))).containsExactly(cy);
        assertThat(ids(queryOk("SELECT Id FROM Lead WHERE IsConverted = false AND Rating NOT IN ('Hot')")))
                .containsExactly(bob, cy);
    }

    @Test
    void andOrParenthesesLikeOrderLimit() throws Exception {
        assertThat(ids(queryOk(
                        "SELECT Id FROM Lead WHERE (Rating = 'Hot' OR Rating = 'Cold') AND Company LIKE 'eng%'")))
                .containsExactly(ada);
        assertThat(ids(queryOk("SELECT Id FROM Lead WHERE Rating = 'Hot' OR Rating = 'Cold' AND Company LIKE 'eng%'")))
                .containsExactly(ada);
        assertThat(ids(queryOk("SELECT Id, LastName FROM Lead ORDER BY LastName DESC")))
                .containsExactly(bob, ada, cy);
        assertThat(ids(queryOk("SELECT Id FROM Lead ORDER BY CreatedDate DESC LIMIT 2")))
                .containsExactly(cy, bob);
        assertThat(ids(queryOk("SELECT Id FROM Lead WHERE CreatedDate > 2025-03-01T09:00:00Z")))
                .containsExactly(bob, cy);
        assertThat(queryOk("SELECT COUNT() FROM Lead WHERE Email != null")
                        .path("totalSize")
                        .asInt())
                .isEqualTo(2);
        assertThat(ids(queryOk("SELECT Id FROM Lead WHERE NOT Rating = 'Hot' ORDER BY Email NULLS LAST")))
                .containsExactly(bob, cy);
    }

    @Test
    void unknownFieldObjectAndSyntaxErrors() throws Exception {
        MvcResult field = query("SELECT Id, Foo FROM Lead");
        assertThat(status(field)).isEqualTo(400);
        assertThat(json(field).get(0).path("errorCode").asText()).isEqualTo("INVALID_FIELD");
        assertThat(json(field).get(0).path("message").asText())
                .contains("No such column 'Foo' on entity 'Lead'")
                .contains("ERROR at Row:1:Column:12");

        MvcResult type = query("SELECT Id FROM Leads");
        assertThat(json(type).get(0).path("errorCode").asText()).isEqualTo("INVALID_TYPE");
        assertThat(json(type).get(0).path("message").asText()).contains("sObject type 'Leads' is not supported");

        for (String bad : List.of(
                "SELECT Id FORM Lead",
                "SELECT FROM Lead",
                "SELECT Id FROM Lead WHERE Email = 'x",
                "SELECT Id FROM Lead WHERE (Email = 'x'",
                "SELECT Id FROM Lead LIMIT x",
                "SELECT Id FROM Lead WHERE Email IN ()")) {
            MvcResult r = query(bad);
            assertThat(status(r)).as(bad).isEqualTo(400);
            assertThat(json(r).get(0).path("errorCode").asText()).as(bad).isEqualTo("MALFORMED_QUERY");
        }
    }

    @Test
    void hiddenFieldsAreUnknownToSoql() throws Exception {
        control("POST", "/_config", "{\"hiddenFields\": {\"Lead\": [\"Rating\"]}}");
        MvcResult r = query("SELECT Id, Rating FROM Lead");
        assertThat(json(r).get(0).path("errorCode").asText()).isEqualTo("INVALID_FIELD");
    }

    @Test
    void queriesOverTheUriLimitAreRefused() throws Exception {
        StringBuilder in = new StringBuilder();
        for (int i = 0; i < 800; i++) {
            in.append(i == 0 ? "" : ",").append("'person").append(i).append("@example.com'");
        }
        MvcResult r = query("SELECT Id FROM Lead WHERE Email IN (" + in + ")");
        assertThat(status(r)).isEqualTo(414);
    }

    @Test
    void limitHeaderCountsEveryApiCall() throws Exception {
        MvcResult r1 = query("SELECT Id FROM Lead");
        MvcResult r2 = query("SELECT Id FROM Lead");
        assertThat(r1.getResponse().getHeader("Sforce-Limit-Info")).isEqualTo("api-usage=1/100000");
        assertThat(r2.getResponse().getHeader("Sforce-Limit-Info")).isEqualTo("api-usage=2/100000");
        JsonNode stats = json(control("GET", "/_stats", null));
        assertThat(stats.path("requests")
                        .path("GET /services/data/{version}/query")
                        .asInt())
                .isEqualTo(2);
        assertThat(stats.path("requests").has("GET /services/data/{version}/query/"))
                .isFalse();
        assertThat(stats.path("records").path("Lead").asInt()).isEqualTo(3);
    }

    @Test
    void largeResultsArePagedThroughNextRecordsUrl() throws Exception {
        StringBuilder sb = new StringBuilder("{\"records\":[");
        for (int i = 0; i < 200; i++) {
            sb.append(i == 0 ? "" : ",")
                    .append("{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"L")
                    .append(i)
                    .append("\",\"Company\":\"Bulk\"}");
        }
        api("POST", "/composite/sobjects", sb.append("]}").toString());
        api("POST", "/composite/sobjects", sb.toString());
        MvcResult first = mvc.perform(get(ROOT + V + "/query/")
                        .queryParam("q", "SELECT Id FROM Lead WHERE Company = 'Bulk'")
                        .header("Authorization", "Bearer " + token)
                        .header("Sforce-Query-Options", "batchSize=300"))
                .andReturn();
        JsonNode page1 = json(first);
        assertThat(page1.path("totalSize").asInt()).isEqualTo(400);
        assertThat(page1.path("done").asBoolean()).isFalse();
        assertThat(page1.path("records")).hasSize(300);
        String next = page1.path("nextRecordsUrl").asText();
        assertThat(next).matches("/services/data/v60.0/query/01g\\w{12}-300");
        JsonNode page2 = json(mvc.perform(get(ROOT + next).header("Authorization", "Bearer " + token))
                .andReturn());
        assertThat(page2.path("done").asBoolean()).isTrue();
        assertThat(page2.path("records")).hasSize(100);
        assertThat(page2.has("nextRecordsUrl")).isFalse();
        MvcResult bad = api("GET", "/query/01gNOPE-300", null);
        assertThat(json(bad).get(0).path("errorCode").asText()).isEqualTo("INVALID_QUERY_LOCATOR");
    }
}
