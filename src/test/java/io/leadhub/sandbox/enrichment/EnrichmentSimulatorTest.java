package io.leadhub.sandbox.enrichment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SandboxTestSupport;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

class EnrichmentSimulatorTest {

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        EnrichmentSimulator sim = new EnrichmentSimulator();
        mvc = SandboxTestSupport.mockMvc(List.of(sim), new EnrichmentController(sim));
    }

    /** Performs the request and, for an asynchronous answer, its second dispatch (what a servlet container does). */
    private MvcResult perform(MockHttpServletRequestBuilder req) throws Exception {
        return perform(mvc, req);
    }

    private static MvcResult perform(MockMvc mvc, MockHttpServletRequestBuilder req) throws Exception {
        MvcResult r = mvc.perform(req).andReturn();
        if (!r.getRequest().isAsyncStarted()) return r;
        r.getAsyncResult(10_000);
        return mvc.perform(asyncDispatch(r)).andReturn();
    }

    private static JsonNode json(MvcResult r) throws Exception {
        return SandboxJson.MAPPER.readTree(r.getResponse().getContentAsString());
    }

    @Test
    void companyProviderFindsByDomain() throws Exception {
        MvcResult r = perform(get("/sandbox/enrichment/companies")
                .param("domain", "https://www.Acme-Robotics.com/about")
                .header("X-Api-Key", "sandbox-company-key"));
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        JsonNode c = json(r);
        assertThat(c.path("name").asText()).isEqualTo("Acme Robotics");
        assertThat(c.path("domain").asText()).isEqualTo("acme-robotics.com");
        assertThat(c.path("location").path("country").asText()).isEqualTo("United States");
        assertThat(c.path("employees").asInt()).isPositive();

        for (String domain : List.of(
                "globex.io",
                "initech.com",
                "umbrella-labs.de",
                "hooli.xyz",
                "stark-industries.com",
                "wayne-ent.com",
                "soylent.co",
                "vandelay.com",
                "cyberdyne.ai")) {
            assertThat(perform(get("/sandbox/enrichment/companies")
                                    .param("domain", domain)
                                    .header("X-Api-Key", "sandbox-company-key"))
                            .getResponse()
                            .getStatus())
                    .as(domain)
                    .isEqualTo(200);
        }
    }

    @Test
    void companyProviderAnswers404AndRejectsBadKeys() throws Exception {
        MvcResult missing = perform(get("/sandbox/enrichment/companies")
                .param("domain", "unknown.example")
                .header("X-Api-Key", "sandbox-company-key"));
        assertThat(missing.getResponse().getStatus()).isEqualTo(404);
        assertThat(json(missing).path("error").asText()).isEqualTo("company not found");

        MvcResult badKey = perform(get("/sandbox/enrichment/companies")
                .param("domain", "globex.io")
                .header("X-Api-Key", "nope"));
        assertThat(badKey.getResponse().getStatus()).isEqualTo(401);
        assertThat(json(badKey).path("error").asText()).isEqualTo("invalid api key");
        assertThat(perform(get("/sandbox/enrichment/companies").param("domain", "globex.io"))
                        .getResponse()
                        .getStatus())
                .isEqualTo(401);
    }

    @Test
    void personProviderFindsByEmailWithBearerKey() throws Exception {
        MvcResult r = perform(get("/sandbox/enrichment/people")
                .param("email", "Maria.Garcia@globex.io")
                .header("Authorization", "Bearer sandbox-people-key"));
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        JsonNode p = json(r).path("person");
        assertThat(p.path("name").path("first").asText()).isEqualTo("Maria");
        assertThat(p.path("title").asText()).isNotBlank();
        assertThat(p.path("linkedin").asText()).startsWith("https://www.linkedin.com/in/");
        assertThat(p.path("employment").path("domain").asText()).isEqualTo("globex.io");

        assertThat(perform(get("/sandbox/enrichment/people")
                                .param("email", "nobody@globex.io")
                                .header("Authorization", "Bearer sandbox-people-key"))
                        .getResponse()
                        .getStatus())
                .isEqualTo(404);
        assertThat(perform(get("/sandbox/enrichment/people")
                                .param("email", "li.wei@initech.com")
                                .header("Authorization", "Bearer wrong"))
                        .getResponse()
                        .getStatus())
                .isEqualTo(401);
    }

    @Test
    void sharedControlEndpointsWork() throws Exception {
        mvc.perform(post("/sandbox/enrichment/_faults")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"path\":\"/people\",\"status\":503,\"count\":1}"));
        assertThat(perform(get("/sandbox/enrichment/people")
                                .param("email", "li.wei@initech.com")
                                .header("Authorization", "Bearer sandbox-people-key"))
                        .getResponse()
                        .getStatus())
                .isEqualTo(503);
        assertThat(perform(get("/sandbox/enrichment/people")
                                .param("email", "li.wei@initech.com")
                                .header("Authorization", "Bearer sandbox-people-key"))
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);
        perform(get("/sandbox/enrichment/companies")
                .param("domain", "hooli.xyz")
                .header("X-Api-Key", "sandbox-company-key"));

        JsonNode stats = json(perform(get("/sandbox/enrichment/_stats")));
        assertThat(stats.path("totalRequests").asInt()).isEqualTo(3);
        assertThat(stats.path("requests").path("GET /people").asInt()).isEqualTo(2);
        assertThat(stats.path("requests").path("GET /companies").asInt()).isEqualTo(1);
        assertThat(stats.path("records").path("companies").asInt()).isGreaterThanOrEqualTo(15);
        assertThat(json(perform(get("/sandbox/enrichment/_records/people"))).size())
                .isGreaterThanOrEqualTo(15);

        perform(post("/sandbox/enrichment/_reset"));
        assertThat(json(perform(get("/sandbox/enrichment/_stats")))
                        .path("totalRequests")
                        .asInt())
                .isZero();
    }

    @Test
    void delayedProvidersAnswerTheSameAfterTheDelayAndCountEachRequestOnce() throws Exception {
        EnrichmentSimulator slow =
                new EnrichmentSimulator("sandbox-company-key", "sandbox-people-key", Duration.ofMillis(300));
        MockMvc slowMvc = SandboxTestSupport.mockMvc(List.of(slow), new EnrichmentController(slow));
        try {
            assertThat(slow.delay()).isEqualTo(Duration.ofMillis(300));
            assertThat(new EnrichmentSimulator().delay()).isZero();

            long start = System.nanoTime();
            MvcResult first = slowMvc.perform(get("/sandbox/enrichment/people")
                            .param("email", "Maria.Garcia@globex.io")
                            .header("Authorization", "Bearer sandbox-people-key"))
                    .andReturn();
            assertThat(first.getRequest().isAsyncStarted())
                    .as("the answer is pending, no thread waits for it")
                    .isTrue();
            first.getAsyncResult(10_000);
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            MvcResult person = slowMvc.perform(asyncDispatch(first)).andReturn();
            assertThat(waitedMs).as("answered after the delay").isGreaterThanOrEqualTo(300);
            assertThat(person.getResponse().getStatus()).isEqualTo(200);
            assertThat(json(person).path("person").path("name").path("first").asText())
                    .isEqualTo("Maria");

            MvcResult missing = perform(
                    slowMvc,
                    get("/sandbox/enrichment/companies")
                            .param("domain", "unknown.example")
                            .header("X-Api-Key", "sandbox-company-key"));
            assertThat(missing.getResponse().getStatus())
                    .as("a 404 is delayed too")
                    .isEqualTo(404);

            JsonNode stats = json(perform(slowMvc, get("/sandbox/enrichment/_stats")));
            assertThat(stats.path("totalRequests").asInt())
                    .as("each request counted once, not again on its second dispatch")
                    .isEqualTo(2);
        } finally {
            slow.close();
        }
    }
}
