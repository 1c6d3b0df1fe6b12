package io.leadhub.sandbox.pardot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SandboxTestSupport;
import io.leadhub.sandbox.SandboxTestSupport.MutableClock;
import io.leadhub.sandbox.SimulatorStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The Pardot simulator speaks v5: Salesforce token, business unit header, prospects by email, 66 / 122 / 184. */
class PardotSimulatorTest {
    static final String ROOT = "/sandbox/pardot";
    static final String BU = "0Uv5g000000SandAAA";

    SimulatorStore store;
    PardotSimulator pardot;
    MockMvc mvc;
    MutableClock clock = new MutableClock(Instant.parse("2026-03-01T09:00:00Z"));
    String token;

    @BeforeEach
    void setUp() throws Exception {
        store = SandboxTestSupport.memoryStore();
        store.setClock(clock);
        pardot = new PardotSimulator(store);
        pardot.setClock(clock);
        mvc = SandboxTestSupport.mockMvc(List.of(pardot), new PardotController(pardot));
        JsonNode t = json(tokenCall("sandbox-pardot-refresh"));
        token = t.path("access_token").asText();
    }

    @AfterEach
    void close() {
        store.close();
    }

    MvcResult tokenCall(String refreshToken) throws Exception {
        return mvc.perform(post(ROOT + "/services/oauth2/token")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("grant_type", "refresh_token")
                        .param("client_id", "sandbox-pardot-client")
                        .param("client_secret", "sandbox-pardot-secret")
                        .param("refresh_token", refreshToken))
                .andReturn();
    }

    MvcResult call(MockHttpServletRequestBuilder req, String bu, String body) throws Exception {
        if (token != null) req.header("Authorization", "Bearer " + token);
        if (bu != null) req.header("Pardot-Business-Unit-Id", bu);
        if (body != null) req.contentType(MediaType.APPLICATION_JSON).content(body);
        return mvc.perform(req).andReturn();
    }

    MvcResult upsert(String body) throws Exception {
        return call(post(ROOT + "/api/v5/objects/prospects/do/upsertLatestByEmail"), BU, body);
    }

    static JsonNode json(MvcResult r) throws Exception {
        return SandboxJson.MAPPER.readTree(r.getResponse().getContentAsString());
    }

    @Test
    void tokenAnswerIsSalesforceShapedWithoutExpiresIn() throws Exception {
        JsonNode t = json(tokenCall("sandbox-pardot-refresh"));
        assertThat(t.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(t.path("id").asText()).matches("https://login\\.salesforce\\.com/id/00D\\w+/005\\w+");
        assertThat(t.has("instance_url")).isTrue();
        assertThat(t.path("issued_at").asText()).matches("\\d+");
        assertThat(t.has("signature")).isTrue();
        assertThat(t.has("expires_in")).isFalse();

        MvcResult bad = tokenCall("not-a-refresh-token");
        assertThat(bad.getResponse().getStatus()).isEqualTo(400);
        assertThat(json(bad).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(json(bad).path("error_description").asText()).isEqualTo("expired access/refresh token");

        pardot.revokeRefreshTokens();
        assertThat(json(tokenCall("sandbox-pardot-refresh")).path("error").asText())
                .isEqualTo("invalid_grant");
    }

    @Test
    void upsertCreatesThenUpdatesTheSameProspectByEmailCaseInsensitively() throws Exception {
        MvcResult first = upsert("""
                {"matchEmail":"Ann@Globex.io","prospect":{"email":"Ann@Globex.io","firstName":"Ann","campaignId":7001},
                 "fields":["id","email","firstName","campaignId","createdAt","updatedAt"],"secondaryDeletedSearch":true}""");
        assertThat(first.getResponse().getStatus()).isEqualTo(200);
        JsonNode created = json(first);
        assertThat(created.path("id").isNumber()).isTrue();
        assertThat(created.path("campaignId").asLong()).isEqualTo(7001);
        assertThat(created.path("createdAt").asText())
                .isEqualTo(created.path("updatedAt").asText());

        clock.advanceMillis(5000);
        JsonNode updated = json(upsert("""
                {"matchEmail":"ann@globex.io","prospect":{"lastName":"Smith","campaignId":7002},
                 "fields":["id","firstName","lastName","campaignId","createdAt","updatedAt"]}"""));
        assertThat(updated.path("id").asLong()).isEqualTo(created.path("id").asLong());
        assertThat(updated.path("firstName").asText()).isEqualTo("Ann");
        assertThat(updated.path("lastName").asText()).isEqualTo("Smith");
        assertThat(updated.path("campaignId").asLong())
                .as("an existing prospect keeps its campaign")
                .isEqualTo(7001);
        assertThat(updated.path("createdAt").asText())
                .isNotEqualTo(updated.path("updatedAt").asText());
        assertThat(pardot.records("prospects").orElseThrow()).hasSize(1);

        JsonNode query = json(call(
                get(ROOT + "/api/v5/objects/prospects")
                        .param("fields", "id,email,lastName")
                        .param("email", "ANN@globex.io"),
                BU,
                null));
        assertThat(query.path("values").get(0).path("lastName").asText()).isEqualTo("Smith");
    }

    @Test
    void everyCallNeedsTheBusinessUnitHeaderOfThisBusinessUnit() throws Exception {
        String body = "{\"matchEmail\":\"a@b.io\",\"prospect\":{},\"fields\":[\"id\"]}";
        MvcResult missing = call(post(ROOT + "/api/v5/objects/prospects/do/upsertLatestByEmail"), null, body);
        assertThat(missing.getResponse().getStatus()).isEqualTo(400);
        assertThat(json(missing).path("code").asInt()).isEqualTo(181);
        MvcResult other = call(
                post(ROOT + "/api/v5/objects/prospects/do/upsertLatestByEmail"),
                "0Uv5g000000OtherAAA".substring(0, 18),
                body);
        assertThat(other.getResponse().getStatus()).isEqualTo(400);
        assertThat(json(other).path("message").asText()).contains("Pardot-Business-Unit-Id");
        assertThat(pardot.records("prospects").orElseThrow()).isEmpty();
        assertThat(upsert(body).getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void invalidOrExpiredTokenAnswers184With401() throws Exception {
        pardot.expireAccessTokens();
        MvcResult r = upsert("{\"matchEmail\":\"a@b.io\",\"prospect\":{},\"fields\":[\"id\"]}");
        assertThat(r.getResponse().getStatus()).isEqualTo(401);
        assertThat(json(r).path("code").asInt()).isEqualTo(184);
        assertThat(json(r).path("message").asText())
                .isEqualTo("access_token is invalid, unknown, or malformed: Inactive token");
        token = "forged";
        assertThat(json(upsert("{}")).path("code").asInt()).isEqualTo(184);
    }

    @Test
    void validationErrorsAreV5Bodies() throws Exception {
        MvcResult unknown =
                upsert("{\"matchEmail\":\"a@b.io\",\"prospect\":{\"shoeSize\":\"42\"},\"fields\":[\"id\"]}");
        assertThat(unknown.getResponse().getStatus()).isEqualTo(400);
        assertThat(json(unknown).path("code").asInt()).isEqualTo(50);
        MvcResult email = upsert("{\"matchEmail\":\"not-an-email\",\"prospect\":{},\"fields\":[\"id\"]}");
        assertThat(json(email).path("code").asInt()).isEqualTo(4);
        MvcResult option = upsert(
                "{\"matchEmail\":\"a@b.io\",\"prospect\":{\"leadhubLeadType__c\":\"lukewarm\"},\"fields\":[\"id\"]}");
        assertThat(json(option).path("code").asInt()).isEqualTo(51);
        MvcResult campaign =
                upsert("{\"matchEmail\":\"a@b.io\",\"prospect\":{\"campaignId\":999},\"fields\":[\"id\"]}");
        assertThat(json(campaign).path("code").asInt()).isEqualTo(10);
        MvcResult noFields = upsert("{\"matchEmail\":\"a@b.io\",\"prospect\":{}}");
        assertThat(noFields.getResponse().getStatus()).isEqualTo(400);
        assertThat(pardot.records("prospects").orElseThrow()).isEmpty();
    }

    @Test
    void campaignsCanBeReadAndAnUnknownOneIs404() throws Exception {
        JsonNode c = json(call(get(ROOT + "/api/v5/objects/campaigns/7001").param("fields", "id,name"), BU, null));
        assertThat(c.path("name").asText()).isEqualTo("Demo Expo 2026");
        MvcResult missing = call(get(ROOT + "/api/v5/objects/campaigns/4242").param("fields", "id,name"), BU, null);
        assertThat(missing.getResponse().getStatus()).isEqualTo(404);
        assertThat(json(missing).path("code").asInt()).isEqualTo(10);
    }

    @Test
    void sixthConcurrentRequestAnswers66() throws Exception {
        pardot.occupySlots(5);
        try {
            MvcResult r = upsert("{\"matchEmail\":\"a@b.io\",\"prospect\":{},\"fields\":[\"id\"]}");
            assertThat(r.getResponse().getStatus()).isEqualTo(429);
            assertThat(json(r).path("code").asInt()).isEqualTo(66);
            assertThat(json(r).path("message").asText()).isEqualTo("You have exceeded your concurrent request limit");
        } finally {
            pardot.occupySlots(-5);
        }
        assertThat(upsert("{\"matchEmail\":\"a@b.io\",\"prospect\":{},\"fields\":[\"id\"]}")
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);
        assertThat(pardot.config().path("refusals").path("66").asInt()).isEqualTo(1);
    }

    @Test
    void dailyLimitAnswers122UntilTheNextDay() throws Exception {
        pardot.configure(SandboxJson.object().put("dailyLimit", 2));
        String body = "{\"matchEmail\":\"a@b.io\",\"prospect\":{},\"fields\":[\"id\"]}";
        assertThat(upsert(body).getResponse().getStatus()).isEqualTo(200);
        assertThat(upsert(body).getResponse().getStatus()).isEqualTo(200);
        MvcResult over = upsert(body);
        assertThat(over.getResponse().getStatus()).isEqualTo(429);
        assertThat(json(over).path("code").asInt()).isEqualTo(122);
        assertThat(json(over).path("message").asText()).isEqualTo("Daily API rate limit met");
        clock.advanceMillis(24L * 3600 * 1000);
        token = json(tokenCall("sandbox-pardot-refresh"))
                .path("access_token")
                .asText(); // the session timed out overnight
        assertThat(upsert(body).getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void statsCountCallsAndLeaveTheTokenOutOfTheTotal() throws Exception {
        upsert("{\"matchEmail\":\"a@b.io\",\"prospect\":{},\"fields\":[\"id\"]}");
        JsonNode stats = pardot.statsJson();
        assertThat(stats.path("totalRequests").asInt()).isEqualTo(1);
        assertThat(stats.path("requests").path("POST /services/oauth2/token").asInt())
                .isEqualTo(1);
        assertThat(stats.path("requests")
                        .path("POST /api/v5/objects/prospects/do/upsertLatestByEmail")
                        .asInt())
                .isEqualTo(1);
        assertThat(stats.path("records").path("prospects").asInt()).isEqualTo(1);
    }
}
