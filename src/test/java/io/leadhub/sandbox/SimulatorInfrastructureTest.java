package io.leadhub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.hubspot.HubSpotCatalog;
import io.leadhub.sandbox.hubspot.HubSpotController;
import io.leadhub.sandbox.hubspot.HubSpotCrm;
import io.leadhub.sandbox.hubspot.HubSpotOAuthController;
import io.leadhub.sandbox.hubspot.HubSpotSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

class SimulatorInfrastructureTest {

    private static final String UPSERT = "/sandbox/hubspot/crm/v3/objects/contacts/batch/upsert";

    SimulatorStore store;
    MockMvc mvc;
    String token;

    @BeforeEach
    void setUp() throws Exception {
        store = SandboxTestSupport.memoryStore();
        HubSpotSimulator hubspot = new HubSpotSimulator(store);
        HubSpotCrm crm = new HubSpotCrm(hubspot, new HubSpotCatalog());
        mvc = SandboxTestSupport.mockMvc(
                List.of(hubspot), new HubSpotController(crm), new HubSpotOAuthController(hubspot));
        token = freshToken();
    }

    @AfterEach
    void tearDown() {
        store.close();
    }

    private String freshToken() throws Exception {
        MvcResult r = mvc.perform(post("/sandbox/hubspot/oauth/v1/token")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("grant_type", "refresh_token")
                        .param("client_id", "sandbox-hubspot-client")
                        .param("client_secret", "sandbox-hubspot-secret")
                        .param("refresh_token", "sandbox-hubspot-refresh"))
                .andReturn();
        return json(r).path("access_token").asText();
    }

    private MvcResult perform(MockHttpServletRequestBuilder req) throws Exception {
        return mvc.perform(req).andReturn();
    }

    private MvcResult upsert(String email) throws Exception {
        return perform(post(UPSERT)
                .header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"inputs\":[{\"id\":\"" + email + "\",\"idProperty\":\"email\",\"properties\":{}}]}"));
    }

    private MvcResult fault(String json) throws Exception {
        return perform(post("/sandbox/hubspot/_faults")
                .contentType(MediaType.APPLICATION_JSON)
                .content(json.replace('\'', '"')));
    }

    private static JsonNode json(MvcResult r) throws Exception {
        return SandboxJson.MAPPER.readTree(r.getResponse().getContentAsString());
    }

    @Test
    void faultsAreConsumedExactlyCountTimes() throws Exception {
        MvcResult added = fault("{'method':'POST','path':'/crm/v3/objects/contacts/batch/upsert','status':429,"
                + "'headers':{'Retry-After':'1'},'body':{'status':'error','errorType':'RATE_LIMIT'},'count':2}");
        assertThat(added.getResponse().getStatus()).isEqualTo(201);
        assertThat(json(perform(get("/sandbox/hubspot/_faults")))
                        .get(0)
                        .path("count")
                        .asInt())
                .isEqualTo(2);

        for (int i = 0; i < 2; i++) {
            MvcResult r = upsert("a@example.com");
            assertThat(r.getResponse().getStatus()).isEqualTo(429);
            assertThat(r.getResponse().getHeader("Retry-After")).isEqualTo("1");
            assertThat(json(r).path("errorType").asText()).isEqualTo("RATE_LIMIT");
        }
        assertThat(upsert("a@example.com").getResponse().getStatus()).isEqualTo(200);
        assertThat(json(perform(get("/sandbox/hubspot/_faults")))).isEmpty();
        JsonNode stats = json(perform(get("/sandbox/hubspot/_stats")));
        assertThat(stats.path("requests")
                        .path("POST /crm/v3/objects/contacts/batch/upsert")
                        .asInt())
                .isEqualTo(3);
        assertThat(stats.path("records").path("contacts").asInt()).isEqualTo(1);
    }

    @Test
    void faultsMatchTemplatesOrExactPathsAndCanBeCleared() throws Exception {
        fault("{'path':'/crm/v3/objects/contacts/{id}','status':500,'body':{'message':'boom'}}");
        MvcResult r =
                perform(get("/sandbox/hubspot/crm/v3/objects/contacts/42").header("Authorization", "Bearer " + token));
        assertThat(r.getResponse().getStatus()).isEqualTo(500);

        fault("{'method':'GET','path':'/crm/v3/objects/contacts/43','status':503}");
        assertThat(perform(get("/sandbox/hubspot/crm/v3/objects/contacts/42")
                                .header("Authorization", "Bearer " + token))
                        .getResponse()
                        .getStatus())
                .isEqualTo(404);
        fault("{'method':'GET','path':'/crm/v3/objects/contacts/44','status':503}");
        assertThat(json(perform(get("/sandbox/hubspot/_faults")))).hasSize(2);
        perform(delete("/sandbox/hubspot/_faults"));
        assertThat(json(perform(get("/sandbox/hubspot/_faults")))).isEmpty();

        assertThat(fault("{'path':'/x','count':1}").getResponse().getStatus()).isEqualTo(400);
    }

    @Test
    void delayOnlyFaultSlowsTheNormalAnswer() throws Exception {
        fault("{'path':'/crm/v3/objects/contacts/batch/upsert','delayMs':150}");
        long start = System.nanoTime();
        MvcResult r = upsert("slow@example.com");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(150);
    }

    @Test
    void statsCountTemplatesAndLeaveTokenAndControlCallsOutOfTheTotal() throws Exception {
        upsert("a@example.com");
        upsert("b@example.com");
        perform(get("/sandbox/hubspot/crm/v3/objects/contacts/1").header("Authorization", "Bearer " + token));
        perform(get("/sandbox/hubspot/crm/v3/objects/contacts/2").header("Authorization", "Bearer " + token));
        perform(get("/sandbox/hubspot/_records/contacts"));
        perform(post("/sandbox/hubspot/_config")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{}"));

        JsonNode stats = json(perform(get("/sandbox/hubspot/_stats")));
        assertThat(stats.path("totalRequests").asInt()).isEqualTo(4);
        assertThat(stats.path("requests").path("POST /oauth/v1/token").asInt()).isEqualTo(1);
        assertThat(stats.path("requests")
                        .path("POST /crm/v3/objects/contacts/batch/upsert")
                        .asInt())
                .isEqualTo(2);
        assertThat(stats.path("requests")
                        .path("GET /crm/v3/objects/contacts/{id}")
                        .asInt())
                .isEqualTo(2);
        assertThat(stats.path("requests").fieldNames()).toIterable().noneMatch(k -> k.contains("/_"));
        assertThat(stats.path("records").path("contacts").asInt()).isEqualTo(2);
        assertThat(stats.path("records").path("companies").asInt()).isZero();
        assertThat(stats.path("records").has("_access_tokens")).isFalse();
    }

    @Test
    void recordsAndResetClearRecordsStatsAndFaults() throws Exception {
        upsert("a@example.com");
        fault("{'path':'/crm/v3/objects/contacts/batch/upsert','status':500}");
        JsonNode records = json(perform(get("/sandbox/hubspot/_records/contacts")));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).path("properties").path("email").asText()).isEqualTo("a@example.com");
        assertThat(records.get(0).has("createdAt")).isTrue();
        assertThat(perform(get("/sandbox/hubspot/_records/widgets"))
                        .getResponse()
                        .getStatus())
                .isEqualTo(404);
        assertThat(perform(get("/sandbox/nosuchvendor/_stats")).getResponse().getStatus())
                .isEqualTo(404);

        JsonNode after = json(perform(post("/sandbox/hubspot/_reset")));
        assertThat(after.path("totalRequests").asInt()).isZero();
        assertThat(after.path("records").path("contacts").asInt()).isZero();
        assertThat(json(perform(get("/sandbox/hubspot/_faults")))).isEmpty();
        // the token is still valid after a plain reset
        assertThat(upsert("b@example.com").getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void storePersistsAcrossInstancesOnTheSameDatabase(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("vendors").toAbsolutePath() + ";AUTO_SERVER=FALSE";
        String id;
        try (SimulatorStore first = new SimulatorStore(url)) {
            id = String.valueOf(first.nextId("acme", "contacts", 100));
            first.insert(
                    "acme",
                    "contacts",
                    id,
                    "a@example.com",
                    SandboxJson.object().put("name", "A"));
            assertThat(first.nextId("acme", "contacts", 100)).isEqualTo(101);
        }
        assertThat(Files.list(dir).count()).isPositive();
        try (SimulatorStore second = new SimulatorStore(url)) {
            assertThat(second.findByUniqueKey("acme", "contacts", "a@example.com"))
                    .get()
                    .extracting(r -> r.data().path("name").asText())
                    .isEqualTo("A");
            assertThat(second.findById("acme", "contacts", id)).isPresent();
            assertThat(second.nextId("acme", "contacts", 100)).isEqualTo(102);
            assertThat(second.countPerObject("acme")).containsEntry("contacts", 1L);
            second.deleteAll("acme", false);
            assertThat(second.list("acme", "contacts")).isEmpty();
        }
    }

    @Test
    void storeEnforcesUniqueKeysPerObject() {
        store.insert("v", "contacts", "1", "k", SandboxJson.object());
        store.insert("v", "companies", "1", "k", SandboxJson.object());
        store.insert("w", "contacts", "1", "k", SandboxJson.object());
        Assertions.assertThatThrownBy(() -> store.insert("v", "contacts", "2", "k", SandboxJson.object()))
                .isInstanceOf(DataIntegrityViolationException.class);
        store.insert("v", "contacts", "3", null, SandboxJson.object());
        store.insert("v", "contacts", "4", null, SandboxJson.object());
        assertThat(store.count("v", "contacts")).isEqualTo(3);
    }
}
