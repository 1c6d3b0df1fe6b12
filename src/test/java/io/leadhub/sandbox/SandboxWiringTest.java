package io.leadhub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.web.SpringJUnitWebConfig;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.context.WebApplicationContext;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/** The sandbox beans wired by Spring (profile "sandbox"), without the rest of the hub. */
@SpringJUnitWebConfig(SandboxWiringTest.Config.class)
@ActiveProfiles("sandbox")
@TestPropertySource(
        properties = {
            "hub.sandbox.store-url=jdbc:h2:mem:sandbox-wiring;DB_CLOSE_DELAY=-1",
            "hub.sandbox.hubspot.rate-limit-per-10s=50"
        })
class SandboxWiringTest {

    @Configuration
    @EnableWebMvc
    @ComponentScan(
            value = "io.leadhub.sandbox",
            excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = ".*SandboxSeeder"))
    static class Config {}

    @Autowired
    WebApplicationContext context;

    @Test
    void simulatorsAreRegisteredAndInterceptorApplies() throws Exception {
        assertThat(context.getBeansOfType(DataSource.class)).isEmpty();
        assertThat(context.getBean(SimulatorRegistry.class).all())
                .extracting(VendorSimulator::name)
                .containsExactly("enrichment", "hubspot", "marketo", "pardot", "pipedrive", "salesforce", "zoho");

        MockMvc mvc = MockMvcBuilders.webAppContextSetup(context).build();
        MvcResult token = mvc.perform(post("/sandbox/hubspot/oauth/v1/token")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("grant_type", "refresh_token")
                        .param("client_id", "sandbox-hubspot-client")
                        .param("client_secret", "sandbox-hubspot-secret")
                        .param("refresh_token", "sandbox-hubspot-refresh"))
                .andReturn();
        String access = SandboxJson.MAPPER
                .readTree(token.getResponse().getContentAsString())
                .path("access_token")
                .asText();

        MvcResult unauthorized =
                mvc.perform(get("/sandbox/hubspot/crm/v3/properties/contacts")).andReturn();
        assertThat(unauthorized.getResponse().getStatus()).isEqualTo(401);
        MvcResult ok = mvc.perform(
                        get("/sandbox/hubspot/crm/v3/properties/contacts").header("Authorization", "Bearer " + access))
                .andReturn();
        assertThat(ok.getResponse().getStatus()).isEqualTo(200);
        assertThat(ok.getResponse().getHeader("X-HubSpot-RateLimit-Max")).isEqualTo("50");

        JsonNode stats = SandboxJson.MAPPER.readTree(mvc.perform(get("/sandbox/hubspot/_stats"))
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(stats.path("totalRequests").asInt()).isEqualTo(2);
        assertThat(stats.path("requests")
                        .path("GET /crm/v3/properties/contacts")
                        .asInt())
                .isEqualTo(2);
        assertThat(stats.path("requests").path("POST /oauth/v1/token").asInt()).isEqualTo(1);
    }
}
