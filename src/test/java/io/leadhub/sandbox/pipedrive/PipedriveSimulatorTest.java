package io.leadhub.sandbox.pipedrive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SandboxTestSupport;
import io.leadhub.sandbox.SandboxTestSupport.MutableClock;
import io.leadhub.sandbox.SimulatorStore;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The Pipedrive simulator: OAuth with Basic client auth, v2 persons / organizations, v1 notes, window and token budget. */
class PipedriveSimulatorTest {
    static final String ROOT = "/sandbox/pipedrive";
    static final String LEAD_TYPE = "329aad4ff561215110d3a083476f11870577a9e6";

    SimulatorStore store;
    PipedriveSimulator sim;
    MockMvc mvc;
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    String token;

    @BeforeEach
    void setUp() throws Exception {
        store = SandboxTestSupport.memoryStore();
        store.setClock(clock);
        sim = new PipedriveSimulator(store);
        sim.setClock(clock);
        mvc = SandboxTestSupport.mockMvc(List.of(sim), new PipedriveController(sim));
        JsonNode t = json(tokenCall("sandbox-pipedrive-secret", "sandbox-pipedrive-refresh"));
        token = t.path("access_token").asText();
    }

    @AfterEach
    void close() {
        store.close();
    }

    MvcResult tokenCall(String secret, String refresh) throws Exception {
        String basic = Base64.getEncoder().encodeToString(("sandbox-pipedrive-client:" + secret).getBytes());
        return mvc.perform(post(ROOT + "/oauth/token")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .header("Authorization", "Basic " + basic)
                        .param("grant_type", "refresh_token")
                        .param("refresh_token", refresh))
                .andReturn();
    }

    MvcResult call(MockHttpServletRequestBuilder req, String body) throws Exception {
        if (token != null) req.header("Authorization", "Bearer " + token);
        if (body != null) req.contentType(MediaType.APPLICATION_JSON).content(body);
        return mvc.perform(req).andReturn();
    }

    static JsonNode json(MvcResult r) throws Exception {
        return SandboxJson.MAPPER.readTree(r.getResponse().getContentAsString());
    }

    @Test
    void tokenEndpointAnswersLikePipedrive() throws Exception {
        JsonNode ok = json(tokenCall("sandbox-pipedrive-secret", "sandbox-pipedrive-refresh"));
        assertThat(ok.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(ok.path("expires_in").asInt()).isEqualTo(3600);
        assertThat(ok.path("refresh_token").asText()).isNotEmpty();
        MvcResult badClient = tokenCall("wrong", "sandbox-pipedrive-refresh");
        assertThat(badClient.getResponse().getStatus()).isEqualTo(401);
        assertThat(json(badClient).path("message").asText()).isEqualTo("Invalid client: client is invalid");
        MvcResult badGrant = tokenCall("sandbox-pipedrive-secret", "nope");
        assertThat(badGrant.getResponse().getStatus()).isEqualTo(400);
        assertThat(json(badGrant).path("message").asText()).isEqualTo("Invalid grant: refresh_token is invalid");
        MvcResult json = mvc.perform(post(ROOT + "/oauth/token")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{}"))
                .andReturn();
        assertThat(json.getResponse().getStatus()).isEqualTo(400);
    }

    @Test
    void personsAreCreatedSearchedByExactEmailAndUpdated() throws Exception {
        MvcResult org = call(post(ROOT + "/api/v2/organizations"), "{\"name\":\"Globex\"}");
        long orgId = json(org).path("data").path("id").asLong();
        MvcResult created = call(
                post(ROOT + "/api/v2/persons"),
                "{\"name\":\"Maria Garcia\",\"emails\":[{\"value\":\"Maria@Globex.io\","
                        + "\"primary\":true}],\"org_id\":" + orgId + ",\"custom_fields\":{\"" + LEAD_TYPE
                        + "\":\"101\"}}");
        assertThat(created.getResponse().getStatus()).isEqualTo(200);
        assertThat(created.getResponse().getHeader("x-ratelimit-limit")).isEqualTo("80");
        assertThat(created.getResponse().getHeader("x-daily-tokens-left")).isNotNull();
        JsonNode person = json(created);
        assertThat(person.path("success").asBoolean()).isTrue();
        long id = person.path("data").path("id").asLong();

        JsonNode found = json(call(
                get(ROOT + "/api/v2/persons/search")
                        .param("term", "maria@globex.io")
                        .param("fields", "email")
                        .param("exact_match", "true"),
                null));
        assertThat(found.path("data").path("items")).singleElement().satisfies(i -> {
            assertThat(i.path("item").path("id").asLong()).isEqualTo(id);
            assertThat(i.path("item").path("organization").path("name").asText())
                    .isEqualTo("Globex");
        });
        JsonNode none = json(call(
                get(ROOT + "/api/v2/persons/search")
                        .param("term", "maria@globex")
                        .param("fields", "email")
                        .param("exact_match", "true"),
                null));
        assertThat(none.path("data").path("items")).isEmpty();

        MvcResult updated = call(patch(ROOT + "/api/v2/persons/" + id), "{\"job_title\":\"CFO\"}");
        assertThat(json(updated).path("data").path("job_title").asText()).isEqualTo("CFO");
        MvcResult missing = call(patch(ROOT + "/api/v2/persons/999"), "{\"job_title\":\"CFO\"}");
        assertThat(missing.getResponse().getStatus()).isEqualTo(404);
        JsonNode error = json(missing);
        assertThat(error.path("success").asBoolean()).isFalse();
        assertThat(error.path("error").asText()).isEqualTo("Person not found");
        assertThat(error.path("error_info").asText()).isEqualTo("Please check developers.pipedrive.com");
        assertThat(error.has("data") && error.get("data").isNull()).isTrue();

        MvcResult note = call(post(ROOT + "/v1/notes"), "{\"content\":\"<b>Call</b>\",\"person_id\":" + id + "}");
        assertThat(json(note).path("data").path("person_id").asLong()).isEqualTo(id);
    }

    @Test
    void validationErrorsUseThePipedriveShape() throws Exception {
        assertThat(json(call(post(ROOT + "/api/v2/persons"), "{\"emails\":[{\"value\":\"x@y.io\"}]}"))
                        .path("error")
                        .asText())
                .contains("'name' is required");
        MvcResult unknown = call(
                post(ROOT + "/api/v2/persons"),
                "{\"name\":\"X\",\"custom_fields\":{\"" + "a".repeat(40) + "\":\"v\"}}");
        assertThat(unknown.getResponse().getStatus()).isEqualTo(400);
        assertThat(json(unknown).path("error").asText()).contains("does not exist");
        MvcResult option = call(
                post(ROOT + "/api/v2/persons"), "{\"name\":\"X\",\"custom_fields\":{\"" + LEAD_TYPE + "\":\"999\"}}");
        assertThat(json(option).path("error").asText()).contains("Option with ID 999 does not exist");
        assertThat(call(post(ROOT + "/api/v2/persons"), "{\"name\":\"X\",\"org_id\":12345}")
                        .getResponse()
                        .getStatus())
                .isEqualTo(400);
        assertThat(call(post(ROOT + "/v1/notes"), "{\"content\":\"x\"}")
                        .getResponse()
                        .getStatus())
                .isEqualTo(400);
        token = "wrong";
        MvcResult unauthorized = call(get(ROOT + "/api/v2/persons/search").param("term", "a@b.io"), null);
        assertThat(unauthorized.getResponse().getStatus()).isEqualTo(401);
        assertThat(json(unauthorized).path("success").asBoolean()).isFalse();
    }

    @Test
    void windowAndDailyBudgetAnswer429WithTheirHeaders() throws Exception {
        sim.configure(SandboxJson.MAPPER.readTree("{\"windowLimit\":3,\"dailyTokens\":100}"));
        for (int i = 0; i < 3; i++) {
            MvcResult r = call(post(ROOT + "/api/v2/organizations"), "{\"name\":\"Org " + i + "\"}");
            assertThat(r.getResponse().getStatus()).isEqualTo(200);
            assertThat(r.getResponse().getHeader("x-ratelimit-remaining")).isEqualTo(String.valueOf(2 - i));
        }
        MvcResult over = call(post(ROOT + "/api/v2/organizations"), "{\"name\":\"Org 4\"}");
        assertThat(over.getResponse().getStatus()).isEqualTo(429);
        assertThat(over.getResponse().getHeader("x-ratelimit-reset")).isEqualTo("2");
        clock.advanceMillis(2000);
        MvcResult again = call(
                get(ROOT + "/api/v2/persons/search").param("term", "a@b.io").param("exact_match", "true"), null);
        assertThat(again.getResponse().getStatus()).isEqualTo(200);
        assertThat(again.getResponse().getHeader("x-daily-tokens-left")).isEqualTo(String.valueOf(100 - 15 - 20));
        sim.configure(SandboxJson.MAPPER.readTree("{\"tokensUsed\":98}"));
        clock.advanceMillis(2000);
        MvcResult budget = call(post(ROOT + "/api/v2/persons"), "{\"name\":\"X\"}");
        assertThat(budget.getResponse().getStatus()).isEqualTo(429);
        assertThat(budget.getResponse().getHeader("x-daily-tokens-left")).isEqualTo("0");
        assertThat(json(budget).path("error").asText()).isEqualTo("Daily token budget exceeded");
        assertThat(sim.config().path("throttled").asInt()).isEqualTo(1);
        assertThat(sim.config().path("overBudget").asInt()).isEqualTo(1);
        clock.advanceMillis(24 * 3600 * 1000L);
        assertThat(call(post(ROOT + "/api/v2/persons"), "{\"name\":\"X\"}")
                        .getResponse()
                        .getStatus())
                .as("the token expired")
                .isEqualTo(401);
        token = json(tokenCall("sandbox-pipedrive-secret", "sandbox-pipedrive-refresh"))
                .path("access_token")
                .asText();
        assertThat(call(post(ROOT + "/api/v2/persons"), "{\"name\":\"X\"}")
                        .getResponse()
                        .getStatus())
                .as("a new UTC day")
                .isEqualTo(200);
    }
}
