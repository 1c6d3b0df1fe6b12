package io.leadhub.sandbox.hubspot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.SandboxTestSupport;
import io.leadhub.sandbox.SimulatorStore;
import io.leadhub.sandbox.VendorSimulator;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

class HubSpotAuthTest extends HubSpotTestBase {

    @Test
    void refreshGrantIssuesBearerTokenThatAuthenticates() throws Exception {
        JsonNode t = refresh("sandbox-hubspot-refresh");
        assertThat(t.path("token_type").asText()).isEqualTo("bearer");
        assertThat(t.path("expires_in").asLong()).isEqualTo(1800);
        assertThat(t.path("refresh_token").asText()).isEqualTo("sandbox-hubspot-refresh");
        assertThat(t.path("access_token").asText()).isNotBlank().isNotEqualTo(token);

        MvcResult r = api("GET", "/crm/v3/properties/contacts", null);
        assertThat(status(r)).isEqualTo(200);
        assertThat(r.getResponse().getHeader("X-HubSpot-RateLimit-Max")).isEqualTo("100");
        assertThat(r.getResponse().getHeader("X-HubSpot-RateLimit-Interval-Milliseconds"))
                .isEqualTo("10000");
    }

    @Test
    void badClientAndBadRefreshTokenAre400() throws Exception {
        MvcResult badClient = tokenCall(
                "grant_type",
                "refresh_token",
                "client_id",
                "nope",
                "client_secret",
                "sandbox-hubspot-secret",
                "refresh_token",
                "sandbox-hubspot-refresh");
        assertThat(status(badClient)).isEqualTo(400);
        assertThat(json(badClient).path("status").asText()).isEqualTo("BAD_CLIENT_ID");

        MvcResult badRefresh = tokenCall(
                "grant_type",
                "refresh_token",
                "client_id",
                "sandbox-hubspot-client",
                "client_secret",
                "sandbox-hubspot-secret",
                "refresh_token",
                "stolen");
        assertThat(status(badRefresh)).isEqualTo(400);
        assertThat(json(badRefresh).path("status").asText()).isEqualTo("BAD_REFRESH_TOKEN");
        assertThat(json(badRefresh).path("message").asText()).isEqualTo("missing or invalid refresh token");
    }

    @Test
    void missingOrUnknownTokenIsInvalidAuthentication() throws Exception {
        MvcResult none = mvc.perform(get(ROOT + "/crm/v3/objects/contacts/1")).andReturn();
        assertThat(status(none)).isEqualTo(401);
        assertThat(json(none).path("category").asText()).isEqualTo("INVALID_AUTHENTICATION");
        assertThat(json(none).path("status").asText()).isEqualTo("error");
        assertThat(json(none).path("correlationId").asText()).hasSize(36);

        token = "made-up";
        assertThat(json(api("GET", "/crm/v3/objects/contacts/1", null))
                        .path("category")
                        .asText())
                .isEqualTo("INVALID_AUTHENTICATION");
    }

    @Test
    void expiredTokenIs401ExpiredAuthentication() throws Exception {
        assertThat(status(api("GET", "/crm/v3/properties/contacts", null))).isEqualTo(200);
        assertThat(json(control("POST", "/_tokens/expire", null))
                        .path("expired")
                        .asInt())
                .isEqualTo(1);

        MvcResult r = api("GET", "/crm/v3/properties/contacts", null);
        assertThat(status(r)).isEqualTo(401);
        assertThat(json(r).path("category").asText()).isEqualTo("EXPIRED_AUTHENTICATION");
        assertThat(json(r).path("message").asText())
                .isEqualTo("The OAuth token used to make this call expired 0 minute(s) ago.");

        token = refresh("sandbox-hubspot-refresh").path("access_token").asText();
        assertThat(status(api("GET", "/crm/v3/properties/contacts", null))).isEqualTo(200);
    }

    @Test
    void tokenExpiresAfterItsTtl() throws Exception {
        clock.advanceMillis(1800_000 + 5 * 60_000);
        MvcResult r = api("GET", "/crm/v3/properties/contacts", null);
        assertThat(status(r)).isEqualTo(401);
        assertThat(json(r).path("message").asText()).contains("expired 5 minute(s) ago");
    }

    @Test
    void configChangesTokenTtl() throws Exception {
        control("POST", "/_config", j("{'tokenTtlSeconds':60}"));
        assertThat(refresh("sandbox-hubspot-refresh").path("expires_in").asLong())
                .isEqualTo(60);
    }

    @Test
    void revokedRefreshTokensNeedReauthUntilResetWithTokens() throws Exception {
        control("POST", "/_tokens/revoke-refresh", null);
        MvcResult r = tokenCall(
                "grant_type",
                "refresh_token",
                "client_id",
                "sandbox-hubspot-client",
                "client_secret",
                "sandbox-hubspot-secret",
                "refresh_token",
                "sandbox-hubspot-refresh");
        assertThat(json(r).path("status").asText()).isEqualTo("BAD_REFRESH_TOKEN");
        // access tokens already issued stay valid
        assertThat(status(api("GET", "/crm/v3/properties/contacts", null))).isEqualTo(200);

        control("POST", "/_reset", null);
        assertThat(refresh("sandbox-hubspot-refresh").path("status").asText()).isEqualTo("BAD_REFRESH_TOKEN");
        assertThat(status(api("GET", "/crm/v3/properties/contacts", null))).isEqualTo(200);

        control("POST", "/_reset?tokens=true", null);
        assertThat(status(api("GET", "/crm/v3/properties/contacts", null))).isEqualTo(401);
        assertThat(refresh("sandbox-hubspot-refresh").path("access_token").asText())
                .isNotBlank();
    }

    @Test
    void authorizationCodeGrantWithPkce() throws Exception {
        String verifier = "a-very-long-code-verifier-0123456789-abcdefghijklmnop";
        String code = hubspot.issueAuthorizationCode(
                "sandbox-hubspot-client", "http://localhost/cb", VendorSimulator.s256(verifier));

        MvcResult wrongVerifier = tokenCall(
                "grant_type",
                "authorization_code",
                "client_id",
                "sandbox-hubspot-client",
                "client_secret",
                "sandbox-hubspot-secret",
                "code",
                code,
                "redirect_uri",
                "http://localhost/cb",
                "code_verifier",
                "wrong");
        assertThat(status(wrongVerifier)).isEqualTo(400);

        String code2 = hubspot.issueAuthorizationCode(
                "sandbox-hubspot-client", "http://localhost/cb", VendorSimulator.s256(verifier));
        MvcResult ok = tokenCall(
                "grant_type",
                "authorization_code",
                "client_id",
                "sandbox-hubspot-client",
                "client_secret",
                "sandbox-hubspot-secret",
                "code",
                code2,
                "redirect_uri",
                "http://localhost/cb",
                "code_verifier",
                verifier);
        assertThat(status(ok)).isEqualTo(200);
        JsonNode t = json(ok);
        assertThat(t.path("refresh_token").asText()).startsWith("rt-");

        // codes are single use; the issued refresh token works
        MvcResult again = tokenCall(
                "grant_type",
                "authorization_code",
                "client_id",
                "sandbox-hubspot-client",
                "client_secret",
                "sandbox-hubspot-secret",
                "code",
                code2,
                "redirect_uri",
                "http://localhost/cb",
                "code_verifier",
                verifier);
        assertThat(json(again).path("status").asText()).isEqualTo("BAD_AUTH_CODE");
        assertThat(refresh(t.path("refresh_token").asText())
                        .path("access_token")
                        .asText())
                .isNotBlank();
    }

    @Test
    void revokingARefreshTokenIs204ThenItAndItsAccessTokensStopWorking() throws Exception {
        String verifier = "v".repeat(50);
        String code = hubspot.issueAuthorizationCode(
                "sandbox-hubspot-client", "http://localhost/cb", VendorSimulator.s256(verifier));
        JsonNode issued = json(tokenCall(
                "grant_type",
                "authorization_code",
                "client_id",
                "sandbox-hubspot-client",
                "client_secret",
                "sandbox-hubspot-secret",
                "code",
                code,
                "redirect_uri",
                "http://localhost/cb",
                "code_verifier",
                verifier));
        String refresh = issued.path("refresh_token").asText();
        token = issued.path("access_token").asText();
        assertThat(status(api("GET", "/crm/v3/properties/contacts", null))).isEqualTo(200);

        MvcResult revoked = mvc.perform(MockMvcRequestBuilders.delete(ROOT + "/oauth/v1/refresh-tokens/" + refresh))
                .andReturn();
        assertThat(status(revoked)).isEqualTo(204);
        assertThat(status(api("GET", "/crm/v3/properties/contacts", null))).isEqualTo(401);
        assertThat(json(tokenCall(
                                "grant_type",
                                "refresh_token",
                                "client_id",
                                "sandbox-hubspot-client",
                                "client_secret",
                                "sandbox-hubspot-secret",
                                "refresh_token",
                                refresh))
                        .path("status")
                        .asText())
                .isEqualTo("BAD_REFRESH_TOKEN");
        MvcResult again = mvc.perform(MockMvcRequestBuilders.delete(ROOT + "/oauth/v1/refresh-tokens/" + refresh))
                .andReturn();
        assertThat(status(again)).isEqualTo(404);
        assertThat(hubspot.statsJson()
                        .path("requests")
                        .path("DELETE /oauth/v1/refresh-tokens/{token}")
                        .asInt())
                .isEqualTo(2);
        assertThat(hubspot.statsJson().path("totalRequests").asInt())
                .as("OAuth calls stay out of the API total")
                .isEqualTo(2);
    }

    @Test
    void rateLimitAnswers429AfterNInTheWindow() throws Exception {
        control("POST", "/_config", j("{'rateLimitPer10s':3}"));
        for (int i = 0; i < 3; i++) {
            MvcResult r = api("GET", "/crm/v3/properties/contacts", null);
            assertThat(status(r)).isEqualTo(200);
            assertThat(r.getResponse().getHeader("X-HubSpot-RateLimit-Remaining"))
                    .isEqualTo(String.valueOf(2 - i));
        }
        MvcResult limited = api("GET", "/crm/v3/properties/contacts", null);
        assertThat(status(limited)).isEqualTo(429);
        assertThat(limited.getResponse().getHeader("Retry-After")).isNull();
        assertThat(limited.getResponse().getHeader("X-HubSpot-RateLimit-Remaining"))
                .isEqualTo("0");
        JsonNode body = json(limited);
        assertThat(body.path("errorType").asText()).isEqualTo("RATE_LIMIT");
        assertThat(body.path("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
        assertThat(body.path("message").asText()).isEqualTo("You have reached your ten_secondly_rolling limit.");

        JsonNode stats = json(control("GET", "/_stats", null));
        assertThat(stats.path("requests")
                        .path("GET /crm/v3/properties/contacts")
                        .asInt())
                .isEqualTo(4);

        clock.advanceMillis(10_000);
        assertThat(status(api("GET", "/crm/v3/properties/contacts", null))).isEqualTo(200);
    }

    @Test
    void tokensSurviveARestartOfTheStore() throws Exception {
        String url = SandboxTestSupport.memoryUrl();
        try (var first = new SimulatorStore(url)) {
            HubSpotSimulator sim = new HubSpotSimulator(first);
            String access = sim.token(Map.of(
                            "grant_type",
                            "refresh_token",
                            "client_id",
                            "sandbox-hubspot-client",
                            "client_secret",
                            "sandbox-hubspot-secret",
                            "refresh_token",
                            "sandbox-hubspot-refresh"))
                    .path("access_token")
                    .asText();
            try (var second = new SimulatorStore(url)) {
                assertThat(second.findById("hubspot", "_access_tokens", access)).isPresent();
            }
        }
    }
}
