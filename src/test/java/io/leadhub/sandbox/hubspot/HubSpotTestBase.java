package io.leadhub.sandbox.hubspot;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SandboxTestSupport;
import io.leadhub.sandbox.SandboxTestSupport.MutableClock;
import io.leadhub.sandbox.SimulatorStore;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

abstract class HubSpotTestBase {

    static final String ROOT = "/sandbox/hubspot";

    SimulatorStore store;
    HubSpotSimulator hubspot;
    HubSpotCrm crm;
    MockMvc mvc;
    MutableClock clock = new MutableClock(Instant.parse("2025-03-01T09:00:00Z"));
    String token;

    @BeforeEach
    void setUpSimulator() throws Exception {
        store = SandboxTestSupport.memoryStore();
        store.setClock(clock);
        hubspot = new HubSpotSimulator(store);
        hubspot.setClock(clock);
        crm = new HubSpotCrm(hubspot, new HubSpotCatalog());
        mvc = SandboxTestSupport.mockMvc(
                List.of(hubspot), new HubSpotController(crm), new HubSpotOAuthController(hubspot));
        token = refresh("sandbox-hubspot-refresh").path("access_token").asText();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    JsonNode refresh(String refreshToken) throws Exception {
        MvcResult r = tokenCall(
                "grant_type",
                "refresh_token",
                "client_id",
                "sandbox-hubspot-client",
                "client_secret",
                "sandbox-hubspot-secret",
                "refresh_token",
                refreshToken);
        return json(r);
    }

    MvcResult tokenCall(String... params) throws Exception {
        var req = post(ROOT + "/oauth/v1/token").contentType(MediaType.APPLICATION_FORM_URLENCODED);
        for (int i = 0; i < params.length; i += 2) {
            req.param(params[i], params[i + 1]);
        }
        return mvc.perform(req).andReturn();
    }

    MvcResult api(String method, String path, String body) throws Exception {
        var req = switch (method) {
            case "GET" -> get(ROOT + path);
            case "PATCH" -> patch(ROOT + path);
            case "PUT" -> put(ROOT + path);
            default -> post(ROOT + path);
        };
        req.header("Authorization", "Bearer " + token);
        if (body != null) {
            req.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return mvc.perform(req).andReturn();
    }

    MvcResult postJson(String path, String body) throws Exception {
        return api("POST", path, body);
    }

    MvcResult control(String method, String path, String body) throws Exception {
        var req = "GET".equals(method) ? get(ROOT + path) : post(ROOT + path);
        if (body != null) {
            req.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return mvc.perform(req).andReturn();
    }

    static JsonNode json(MvcResult r) throws Exception {
        String s = r.getResponse().getContentAsString();
        return s.isEmpty() ? SandboxJson.object() : SandboxJson.MAPPER.readTree(s);
    }

    static int status(MvcResult r) {
        return r.getResponse().getStatus();
    }

    /** Single-quoted JSON for readability. */
    static String j(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    JsonNode records(String object) throws Exception {
        return json(control("GET", "/_records/" + object, null));
    }

    String createCompany(String name, String domain) throws Exception {
        MvcResult r = postJson(
                "/crm/v3/objects/companies", j("{'properties':{'name':'" + name + "','domain':'" + domain + "'}}"));
        return json(r).path("id").asText();
    }

    String upsertContact(String email, String propertiesJson) throws Exception {
        MvcResult r = postJson(
                "/crm/v3/objects/contacts/batch/upsert",
                j("{'inputs':[{'id':'" + email + "','idProperty':'email','properties':" + propertiesJson + "}]}"));
        return json(r).path("results").path(0).path("id").asText();
    }
}
