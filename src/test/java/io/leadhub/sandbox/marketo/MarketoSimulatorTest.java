package io.leadhub.sandbox.marketo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SandboxTestSupport;
import io.leadhub.sandbox.SandboxTestSupport.MutableClock;
import io.leadhub.sandbox.SimulatorStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The Marketo simulator on its own (standalone MockMvc): Marketo's paths, shapes and error conventions. */
class MarketoSimulatorTest {
    static final String ROOT = "/sandbox/marketo";

    SimulatorStore store;
    MarketoSimulator marketo;
    MockMvc mvc;
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    String token;

    @BeforeEach
    void setUp() throws Exception {
        store = SandboxTestSupport.memoryStore();
        store.setClock(clock);
        marketo = new MarketoSimulator(store);
        marketo.setClock(clock);
        MarketoLeadDatabase db = new MarketoLeadDatabase(marketo, new MarketoCatalog());
        mvc = SandboxTestSupport.mockMvc(
                List.of(marketo), new MarketoController(marketo, db), new MarketoIdentityController(marketo));
        token = tokenCall("sandbox-marketo-secret").path("access_token").asText();
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void identityIssuesOneTokenUntilItExpiresAndRefusesBadClients() throws Exception {
        JsonNode first = tokenCall("sandbox-marketo-secret");
        assertThat(first.path("token_type").asText()).isEqualTo("bearer");
        assertThat(first.path("expires_in").asLong()).isEqualTo(3600);
        clock.advanceMillis(600_000);
        JsonNode again = tokenCall("sandbox-marketo-secret");
        assertThat(again.path("access_token").asText())
                .isEqualTo(first.path("access_token").asText());
        assertThat(again.path("expires_in").asLong()).isEqualTo(3000);

        MvcResult bad = mvc.perform(get(ROOT + "/identity/oauth/token")
                        .param("grant_type", "client_credentials")
                        .param("client_id", "sandbox-marketo-client")
                        .param("client_secret", "nope"))
                .andReturn();
        assertThat(bad.getResponse().getStatus()).isEqualTo(401);

        clock.advanceMillis(3_000_001);
        assertThat(call(post(ROOT + "/rest/v1/leads.json"), Map.of("input", List.of(Map.of("email", "a@b.io"))))
                        .toString())
                .contains("\"602\"");
        assertThat(tokenCall("sandbox-marketo-secret").path("access_token").asText())
                .isNotEqualTo(first.path("access_token").asText());
    }

    @Test
    void errorsAreHttp200WithCodesAsStrings() throws Exception {
        MvcResult noToken = mvc.perform(post(ROOT + "/rest/v1/leads.json")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"input\":[]}"))
                .andReturn();
        assertThat(noToken.getResponse().getStatus()).isEqualTo(200);
        JsonNode body = SandboxJson.parseObject(noToken.getResponse().getContentAsString());
        assertThat(body.path("success").asBoolean()).isFalse();
        assertThat(body.path("errors").get(0).path("code").isTextual()).isTrue();
        assertThat(body.path("errors").get(0).path("code").asText()).isEqualTo("600");

        MvcResult invalid = mvc.perform(get(ROOT + "/rest/v1/leads.json")
                        .header("Authorization", "Bearer nope")
                        .param("filterType", "email")
                        .param("filterValues", "a@b.io"))
                .andReturn();
        assertThat(invalid.getResponse().getContentAsString()).contains("\"601\"");
    }

    @Test
    void createOrUpdateAnswersPerRecordInInputOrder() throws Exception {
        JsonNode first = call(
                post(ROOT + "/rest/v1/leads.json"),
                Map.of(
                        "action",
                        "createOrUpdate",
                        "lookupField",
                        "email",
                        "input",
                        List.of(
                                Map.of("email", "Ann@Globex.io", "firstName", "Ann"),
                                Map.of("email", "bob@globex.io", "leadScore", "x"),
                                Map.of("email", "cid@globex.io", "noSuchField", "1"),
                                Map.of("email", "dee@globex.io", "title", "x".repeat(256)))));
        JsonNode r = first.path("result");
        assertThat(r.get(0).path("status").asText()).isEqualTo("created");
        assertThat(r.get(1).path("reasons").get(0).path("code").asText()).isEqualTo("1003");
        assertThat(r.get(2).path("reasons").get(0).path("code").asText()).isEqualTo("1006");
        assertThat(r.get(3).path("reasons").get(0).path("message").asText()).contains("exceeds max length");

        JsonNode second = call(
                post(ROOT + "/rest/v1/leads.json"),
                Map.of("input", List.of(Map.of("email", "ann@GLOBEX.io", "lastName", "Lee"))));
        assertThat(second.path("result").get(0).path("status").asText()).isEqualTo("updated");
        assertThat(second.path("result").get(0).path("id").asLong())
                .isEqualTo(r.get(0).path("id").asLong());

        JsonNode createOnly = call(
                post(ROOT + "/rest/v1/leads.json"),
                Map.of("action", "createOnly", "input", List.of(Map.of("email", "ann@globex.io"))));
        assertThat(createOnly
                        .path("result")
                        .get(0)
                        .path("reasons")
                        .get(0)
                        .path("code")
                        .asText())
                .isEqualTo("1005");
        JsonNode updateOnly = call(
                post(ROOT + "/rest/v1/leads.json"),
                Map.of(
                        "action",
                        "updateOnly",
                        "lookupField",
                        "id",
                        "input",
                        List.of(Map.of("id", 99999, "lastName", "X"))));
        assertThat(updateOnly
                        .path("result")
                        .get(0)
                        .path("reasons")
                        .get(0)
                        .path("code")
                        .asText())
                .isEqualTo("1004");

        call(
                post(ROOT + "/rest/v1/leads.json"),
                Map.of("action", "createDuplicate", "input", List.of(Map.of("email", "ann@globex.io"))));
        JsonNode ambiguous =
                call(post(ROOT + "/rest/v1/leads.json"), Map.of("input", List.of(Map.of("email", "ann@globex.io"))));
        assertThat(ambiguous
                        .path("result")
                        .get(0)
                        .path("reasons")
                        .get(0)
                        .path("code")
                        .asText())
                .isEqualTo("1007");

        JsonNode found = call(
                get(ROOT + "/rest/v1/leads.json")
                        .param("filterType", "email")
                        .param("filterValues", "ANN@globex.io,nobody@x.io")
                        .param("fields", "id,email,lastName"),
                null);
        assertThat(found.path("result")).hasSize(2);
        assertThat(found.path("result").get(0).path("lastName").asText()).isEqualTo("Lee");
    }

    @Test
    void aLeadStoredBeforeEmailsWereKeptAsLookupKeysIsFoundByItsEmail() throws Exception {
        store.insert(
                MarketoSimulator.NAME,
                MarketoLeadDatabase.LEADS,
                "4001",
                null,
                SandboxJson.object().put("email", "Old@Initech.io").put("lastName", "Early"));
        // the lead database opens on a store that holds it without a lookup key
        MarketoLeadDatabase reopened = new MarketoLeadDatabase(marketo, new MarketoCatalog());
        mvc = SandboxTestSupport.mockMvc(
                List.of(marketo), new MarketoController(marketo, reopened), new MarketoIdentityController(marketo));
        JsonNode upsert =
                call(post(ROOT + "/rest/v1/leads.json"), Map.of("input", List.of(Map.of("email", "old@initech.io"))));
        assertThat(upsert.path("result").get(0).path("status").asText()).isEqualTo("updated");
        assertThat(upsert.path("result").get(0).path("id").asLong()).isEqualTo(4001);
    }

    @Test
    void theRequestsKeptForTestsAreBoundedInNumberAndSize() throws Exception {
        List<Map<String, String>> input = new ArrayList<>();
        for (int i = 0; i < 300; i++) input.add(Map.of("email", "bulk" + i + "@initech.io", "title", "x".repeat(200)));
        int calls = 0;
        long lastBody = 0;
        while (calls < 200) {
            call(post(ROOT + "/rest/v1/leads.json"), Map.of("input", input));
            calls++;
            lastBody =
                    marketo.received().get(marketo.received().size() - 1).body().length();
        }
        List<MarketoSimulator.Received> kept = marketo.received();
        long chars = kept.stream()
                .mapToLong(r -> r.body() == null ? 0 : r.body().length())
                .sum();
        assertThat(lastBody * calls).as("what the calls sent").isGreaterThan(MarketoSimulator.MAX_RECEIVED_CHARS);
        assertThat(chars).isLessThanOrEqualTo(MarketoSimulator.MAX_RECEIVED_CHARS);
        assertThat(kept.get(kept.size() - 1).path()).isEqualTo("/rest/v1/leads.json");
        assertThat(kept.size()).isLessThan(calls + 1).isLessThanOrEqualTo(MarketoSimulator.MAX_RECEIVED);
    }

    @Test
    void moreThan300InputsIsARequestError() throws Exception {
        List<Map<String, String>> input = new ArrayList<>();
        for (int i = 0; i < 301; i++) input.add(Map.of("email", "l" + i + "@globex.io"));
        JsonNode answer = call(post(ROOT + "/rest/v1/leads.json"), Map.of("input", input));
        assertThat(answer.path("success").asBoolean()).isFalse();
        assertThat(answer.path("errors").get(0).path("message").asText()).contains("exceeds the maximum of 300");
    }

    @Test
    void programsChannelsAndMembershipThatNeverMovesBackwards() throws Exception {
        JsonNode program = call(get(ROOT + "/rest/asset/v1/program/1001.json"), null)
                .path("result")
                .get(0);
        assertThat(program.path("channel").asText()).isEqualTo("Tradeshow");
        assertThat(call(get(ROOT + "/rest/asset/v1/program/1002.json"), null)
                        .path("result")
                        .get(0)
                        .path("folder")
                        .path("isArchive")
                        .asBoolean())
                .isTrue();
        assertThat(call(get(ROOT + "/rest/asset/v1/program/4242.json"), null)
                        .path("warnings")
                        .get(0)
                        .asText())
                .contains("No assets found");
        JsonNode channel = call(get(ROOT + "/rest/asset/v1/channel/byName.json").param("name", "Tradeshow"), null)
                .path("result")
                .get(0);
        assertThat(channel.path("progressionStatuses").findValuesAsText("name"))
                .containsExactly("Not in Program", "Visited Booth", "Engaged", "Demo Given");

        long lead = call(post(ROOT + "/rest/v1/leads.json"), Map.of("input", List.of(Map.of("email", "m@globex.io"))))
                .path("result")
                .get(0)
                .path("id")
                .asLong();
        String status = ROOT + "/rest/v1/programs/1001/members/status.json";
        assertThat(member(status, "Engaged", lead).path("status").asText()).isEqualTo("created");
        assertThat(member(status, "Demo Given", lead).path("status").asText()).isEqualTo("updated");
        JsonNode backwards = member(status, "Visited Booth", lead);
        assertThat(backwards.path("status").asText()).isEqualTo("skipped");
        assertThat(member(status, "engaged", lead)
                        .path("reasons")
                        .get(0)
                        .path("code")
                        .asText())
                .isEqualTo("1025");
        assertThat(member(status, "Engaged", 424242)
                        .path("reasons")
                        .get(0)
                        .path("code")
                        .asText())
                .isEqualTo("1004");

        JsonNode members = call(
                get(ROOT + "/rest/v1/programs/1001/members.json")
                        .param("filterType", "leadId")
                        .param("filterValues", String.valueOf(lead)),
                null);
        assertThat(members.path("result").get(0).path("progressionStatus").asText())
                .isEqualTo("Demo Given");

        JsonNode archived = call(
                post(ROOT + "/rest/v1/programs/1002/members/status.json"),
                Map.of("statusName", "Engaged", "input", List.of(Map.of("leadId", lead))));
        assertThat(archived.path("success").asBoolean()).isFalse();
        assertThat(archived.path("errors").get(0).path("message").asText()).contains("archived");
    }

    @Test
    void rateWindowDailyQuotaAndConcurrencyLimit() throws Exception {
        marketo.configure(SandboxJson.parseObject("{\"rateLimitPer20s\": 2}"));
        for (int i = 0; i < 2; i++)
            assertThat(call(get(ROOT + "/rest/asset/v1/program/1001.json"), null)
                            .path("success")
                            .asBoolean())
                    .isTrue();
        assertThat(call(get(ROOT + "/rest/asset/v1/program/1001.json"), null)
                        .path("errors")
                        .get(0)
                        .path("code")
                        .asText())
                .isEqualTo("606");
        clock.advanceMillis(20_001);
        assertThat(call(get(ROOT + "/rest/asset/v1/program/1001.json"), null)
                        .path("success")
                        .asBoolean())
                .isTrue();

        marketo.configure(SandboxJson.parseObject("{\"rateLimitPer20s\": 100, \"dailyQuota\": 3}"));
        assertThat(call(get(ROOT + "/rest/asset/v1/program/1001.json"), null)
                        .path("errors")
                        .get(0)
                        .path("code")
                        .asText())
                .isEqualTo("607");

        marketo.configure(SandboxJson.parseObject("{\"dailyQuota\": 50000, \"concurrencyLimit\": 0}"));
        assertThat(call(get(ROOT + "/rest/asset/v1/program/1001.json"), null)
                        .path("errors")
                        .get(0)
                        .path("code")
                        .asText())
                .isEqualTo("615");
        JsonNode stats = SandboxJson.parseObject(
                mvc.perform(get(ROOT + "/_stats")).andReturn().getResponse().getContentAsString());
        assertThat(stats.path("requests")
                        .path("GET /rest/asset/v1/program/{id}.json")
                        .asInt())
                .isEqualTo(6);
        assertThat(stats.path("records").has("leads")).isTrue();
        assertThat(stats.path("records").has("programMembers")).isTrue();
    }

    private JsonNode member(String path, String statusName, long leadId) throws Exception {
        return call(post(path), Map.of("statusName", statusName, "input", List.of(Map.of("leadId", leadId))))
                .path("result")
                .get(0);
    }

    private JsonNode tokenCall(String secret) throws Exception {
        MvcResult r = mvc.perform(get(ROOT + "/identity/oauth/token")
                        .param("grant_type", "client_credentials")
                        .param("client_id", "sandbox-marketo-client")
                        .param("client_secret", secret))
                .andReturn();
        return SandboxJson.parseObject(r.getResponse().getContentAsString());
    }

    private JsonNode call(MockHttpServletRequestBuilder req, Object body) throws Exception {
        req.header("Authorization", "Bearer " + token);
        if (body != null)
            req.contentType(MediaType.APPLICATION_JSON).content(SandboxJson.MAPPER.writeValueAsString(body));
        MvcResult r = mvc.perform(req).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        return SandboxJson.parseObject(r.getResponse().getContentAsString());
    }
}
