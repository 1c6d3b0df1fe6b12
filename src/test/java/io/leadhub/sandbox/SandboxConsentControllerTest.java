package io.leadhub.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.hubspot.HubSpotSimulator;
import io.leadhub.sandbox.pipedrive.PipedriveController;
import io.leadhub.sandbox.pipedrive.PipedriveSimulator;
import io.leadhub.sandbox.zoho.ZohoController;
import io.leadhub.sandbox.zoho.ZohoSimulator;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.util.UriComponentsBuilder;

/** The sandbox consent pages and the Zoho / Pipedrive code grant and revoke endpoints (standalone MockMvc). */
class SandboxConsentControllerTest {
    private static final String CB = "http://127.0.0.1:8080/api/v1/oauth/callback";
    private SimulatorStore store;
    private HubSpotSimulator hubspot;
    private ZohoSimulator zoho;
    private PipedriveSimulator pipedrive;
    private MockMvc mvc;

    @BeforeEach
    void setUp() {
        store = SandboxTestSupport.memoryStore();
        hubspot = new HubSpotSimulator(store);
        zoho = new ZohoSimulator(store);
        pipedrive = new PipedriveSimulator(store);
        List<VendorSimulator> sims = List.of(hubspot, zoho, pipedrive);
        mvc = SandboxTestSupport.mockMvc(
                sims,
                new SandboxConsentController(new SimulatorRegistry(sims)),
                new ZohoController(zoho),
                new PipedriveController(pipedrive));
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void getShowsTheConsentFormAndApproveRedirectsWithASingleUseCode() throws Exception {
        String challenge = VendorSimulator.s256("x".repeat(60));
        MvcResult page = mvc.perform(get("/sandbox/hubspot/oauth/authorize")
                        .param("client_id", "sandbox-hubspot-client")
                        .param("redirect_uri", CB)
                        .param("state", "st-1")
                        .param("scope", "oauth crm.objects.contacts.write")
                        .param("code_challenge", challenge)
                        .param("code_challenge_method", "S256"))
                .andReturn();
        assertThat(page.getResponse().getStatus()).isEqualTo(200);
        String html = page.getResponse().getContentAsString();
        assertThat(html)
                .contains(
                        "HubSpot",
                        "sandbox-hubspot-client",
                        "oauth crm.objects.contacts.write",
                        "name=\"state\" value=\"st-1\"",
                        "value=\"approve\"",
                        "value=\"deny\"",
                        "action=\"/sandbox/hubspot/oauth/authorize\"");
        assertThat(hubspot.stats()
                        .toJson(hubspot.recordCounts())
                        .path("totalRequests")
                        .asInt())
                .as("not an API call")
                .isZero();

        MvcResult approved = mvc.perform(post("/sandbox/hubspot/oauth/authorize")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("client_id", "sandbox-hubspot-client")
                        .param("redirect_uri", CB)
                        .param("state", "st-1")
                        .param("code_challenge", challenge)
                        .param("code_challenge_method", "S256")
                        .param("decision", "approve"))
                .andReturn();
        assertThat(approved.getResponse().getStatus()).isEqualTo(302);
        var location = UriComponentsBuilder.fromUriString(approved.getResponse().getHeader("Location"))
                .build();
        assertThat(location.getPath()).isEqualTo("/api/v1/oauth/callback");
        assertThat(location.getQueryParams().getFirst("state")).isEqualTo("st-1");
        assertThat(location.getQueryParams().getFirst("code")).startsWith("code-");
    }

    @Test
    void denyRedirectsWithAccessDenied() throws Exception {
        MvcResult denied = mvc.perform(post("/sandbox/zoho/oauth/v2/auth")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("client_id", "sandbox-zoho-client")
                        .param("redirect_uri", CB)
                        .param("state", "s2")
                        .param("decision", "deny"))
                .andReturn();
        assertThat(denied.getResponse().getStatus()).isEqualTo(302);
        assertThat(denied.getResponse().getHeader("Location"))
                .startsWith(CB + "?error=access_denied")
                .endsWith("state=s2");
    }

    @Test
    void unknownClientsBadPkceAndMissingSimulatorsAre400WithoutRedirect() throws Exception {
        MvcResult unknown = mvc.perform(get("/sandbox/pipedrive/oauth/authorize")
                        .param("client_id", "evil")
                        .param("redirect_uri", CB))
                .andReturn();
        assertThat(unknown.getResponse().getStatus()).isEqualTo(400);
        assertThat(unknown.getResponse().getHeader("Location")).isNull();
        assertThat(unknown.getResponse().getContentAsString()).contains("unknown client_id");

        MvcResult plain = mvc.perform(post("/sandbox/hubspot/oauth/authorize")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("client_id", "sandbox-hubspot-client")
                        .param("redirect_uri", CB)
                        .param("code_challenge", "abc")
                        .param("code_challenge_method", "plain")
                        .param("decision", "approve"))
                .andReturn();
        assertThat(plain.getResponse().getStatus()).isEqualTo(400);
        assertThat(plain.getResponse().getHeader("Location")).isNull();

        MvcResult noSalesforce = mvc.perform(get("/sandbox/salesforce/services/oauth2/authorize")
                        .param("client_id", "x")
                        .param("redirect_uri", CB))
                .andReturn();
        assertThat(noSalesforce.getResponse().getStatus()).isEqualTo(400);
    }

    @Test
    void zohoRedeemsACodeForARefreshTokenAndRevokesIt() throws Exception {
        String code = zoho.issueAuthorizationCode("sandbox-zoho-client", CB, null);
        JsonNode t = readJson(mvc.perform(post("/sandbox/zoho/oauth/v2/token")
                        .param("grant_type", "authorization_code")
                        .param("client_id", "sandbox-zoho-client")
                        .param("client_secret", "sandbox-zoho-secret")
                        .param("code", code)
                        .param("redirect_uri", CB))
                .andReturn()
                .getResponse()
                .getContentAsString());
        String refresh = t.path("refresh_token").asText();
        assertThat(refresh).startsWith("1000.");
        assertThat(t.path("api_domain").asText()).endsWith("/sandbox/zoho");
        assertThat(zohoRefresh(refresh).has("access_token")).isTrue();
        // the code is single use
        JsonNode again = readJson(mvc.perform(post("/sandbox/zoho/oauth/v2/token")
                        .param("grant_type", "authorization_code")
                        .param("client_id", "sandbox-zoho-client")
                        .param("client_secret", "sandbox-zoho-secret")
                        .param("code", code)
                        .param("redirect_uri", CB))
                .andReturn()
                .getResponse()
                .getContentAsString());
        assertThat(again.path("error").asText()).isEqualTo("invalid_code");

        JsonNode revoked =
                readJson(mvc.perform(post("/sandbox/zoho/oauth/v2/token/revoke").param("token", refresh))
                        .andReturn()
                        .getResponse()
                        .getContentAsString());
        assertThat(revoked.path("status").asText()).isEqualTo("success");
        assertThat(zohoRefresh(refresh).path("error").asText()).isEqualTo("invalid_code");
    }

    @Test
    void pipedriveRedeemsACodeWithBasicClientAuthAndRevokesIt() throws Exception {
        String basic = "Basic "
                + Base64.getEncoder().encodeToString("sandbox-pipedrive-client:sandbox-pipedrive-secret".getBytes());
        String verifier = "p".repeat(50);
        String code = pipedrive.issueAuthorizationCode("sandbox-pipedrive-client", CB, VendorSimulator.s256(verifier));
        MvcResult wrong = mvc.perform(post("/sandbox/pipedrive/oauth/token")
                        .header("Authorization", basic)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("grant_type", "authorization_code")
                        .param("code", code)
                        .param("redirect_uri", CB)
                        .param("code_verifier", "q".repeat(50)))
                .andReturn();
        assertThat(wrong.getResponse().getStatus()).isEqualTo(400);
        assertThat(wrong.getResponse().getContentAsString()).contains("invalid_grant");

        String code2 = pipedrive.issueAuthorizationCode("sandbox-pipedrive-client", CB, VendorSimulator.s256(verifier));
        JsonNode t = readJson(mvc.perform(post("/sandbox/pipedrive/oauth/token")
                        .header("Authorization", basic)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("grant_type", "authorization_code")
                        .param("code", code2)
                        .param("redirect_uri", CB)
                        .param("code_verifier", verifier))
                .andReturn()
                .getResponse()
                .getContentAsString());
        String refresh = t.path("refresh_token").asText();
        assertThat(t.path("access_token").asText()).isNotBlank();

        MvcResult noClient = mvc.perform(post("/sandbox/pipedrive/oauth/revoke")
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("token", refresh))
                .andReturn();
        assertThat(noClient.getResponse().getStatus()).isEqualTo(401);
        MvcResult revoked = mvc.perform(post("/sandbox/pipedrive/oauth/revoke")
                        .header("Authorization", basic)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("token", refresh))
                .andReturn();
        assertThat(revoked.getResponse().getStatus()).isEqualTo(200);
        MvcResult refused = mvc.perform(post("/sandbox/pipedrive/oauth/token")
                        .header("Authorization", basic)
                        .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                        .param("grant_type", "refresh_token")
                        .param("refresh_token", refresh))
                .andReturn();
        assertThat(refused.getResponse().getStatus()).isEqualTo(400);
    }

    private JsonNode zohoRefresh(String refresh) throws Exception {
        return readJson(mvc.perform(post("/sandbox/zoho/oauth/v2/token")
                        .param("grant_type", "refresh_token")
                        .param("client_id", "sandbox-zoho-client")
                        .param("client_secret", "sandbox-zoho-secret")
                        .param("refresh_token", refresh))
                .andReturn()
                .getResponse()
                .getContentAsString());
    }

    private static JsonNode readJson(String body) throws Exception {
        return SandboxJson.MAPPER.readTree(body);
    }
}
