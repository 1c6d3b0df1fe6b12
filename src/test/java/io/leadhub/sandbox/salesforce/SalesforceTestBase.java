package io.leadhub.sandbox.salesforce;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.patch;
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
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

abstract class SalesforceTestBase {

    static final String ROOT = "/sandbox/salesforce";
    static final String V = "/services/data/v60.0";
    static final String CLIENT = "sandbox-salesforce-client";
    static final String SECRET = "sandbox-salesforce-secret";
    static final String REFRESH = "sandbox-salesforce-refresh";

    SimulatorStore store;
    SalesforceSimulator salesforce;
    SalesforceOrg org;
    MockMvc mvc;
    MutableClock clock = new MutableClock(Instant.parse("2025-03-01T09:00:00Z"));
    String token;

    @BeforeEach
    void setUpSimulator() throws Exception {
        store = SandboxTestSupport.memoryStore();
        store.setClock(clock);
        salesforce = new SalesforceSimulator(store);
        salesforce.setClock(clock);
        org = new SalesforceOrg(salesforce);
        mvc = SandboxTestSupport.mockMvc(List.of(salesforce), new SalesforceController(salesforce, org));
        token = refresh(REFRESH).path("access_token").asText();
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    JsonNode refresh(String refreshToken) throws Exception {
        return json(tokenCall(
                "grant_type",
                "refresh_token",
                "client_id",
                CLIENT,
                "client_secret",
                SECRET,
                "refresh_token",
                refreshToken,
                "format",
                "json"));
    }

    MvcResult tokenCall(String... params) throws Exception {
        var req = post(ROOT + "/services/oauth2/token").contentType(MediaType.APPLICATION_FORM_URLENCODED);
        for (int i = 0; i < params.length; i += 2) {
            req.param(params[i], params[i + 1]);
        }
        return mvc.perform(req).andReturn();
    }

    MvcResult api(String method, String path, String body, String... headers) throws Exception {
        MockHttpServletRequestBuilder req = switch (method) {
            case "GET" -> get(ROOT + V + path);
            case "PATCH" -> patch(ROOT + V + path);
            case "DELETE" -> delete(ROOT + V + path);
            default -> post(ROOT + V + path);
        };
        req.header("Authorization", "Bearer " + token);
        for (int i = 0; i < headers.length; i += 2) {
            req.header(headers[i], headers[i + 1]);
        }
        if (body != null) {
            req.contentType("application/json;charset=utf-8").content(body);
        }
        return mvc.perform(req).andReturn();
    }

    /** {@code GET /query/?q=} the way camel-salesforce sends it (trailing slash, %20 for spaces). */
    MvcResult query(String soql) throws Exception {
        return mvc.perform(get(ROOT + V + "/query/").queryParam("q", soql).header("Authorization", "Bearer " + token))
                .andReturn();
    }

    JsonNode queryOk(String soql) throws Exception {
        MvcResult r = query(soql);
        if (status(r) != 200) {
            throw new AssertionError(
                    "query failed " + status(r) + ": " + r.getResponse().getContentAsString());
        }
        return json(r);
    }

    String create(String object, String body) throws Exception {
        MvcResult r = api("POST", "/sobjects/" + object, body);
        if (status(r) != 201) {
            throw new AssertionError(
                    "create failed " + status(r) + ": " + r.getResponse().getContentAsString());
        }
        return json(r).path("id").asText();
    }

    MvcResult control(String method, String path, String body) throws Exception {
        MockHttpServletRequestBuilder req = method.equals("GET") ? get(ROOT + path) : post(ROOT + path);
        if (body != null) {
            req.contentType(MediaType.APPLICATION_JSON).content(body);
        }
        return mvc.perform(req).andReturn();
    }

    JsonNode record(String object, String id) {
        return salesforce.records(object).orElseThrow().stream()
                .filter(r -> r.path("Id").asText().equals(id))
                .findFirst()
                .orElseThrow();
    }

    static int status(MvcResult r) {
        return r.getResponse().getStatus();
    }

    static JsonNode json(MvcResult r) throws Exception {
        return SandboxJson.MAPPER.readTree(r.getResponse().getContentAsString());
    }
}
