package io.leadhub.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.VendorSimulator;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

class SalesforceAuthTest extends SalesforceTestBase {

    @Test
    void refreshGrantAnswersWhatCamelSalesforceReads() throws Exception {
        JsonNode t = refresh(REFRESH);
        assertThat(t.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(t.path("instance_url").asText()).isEqualTo("http://localhost/sandbox/salesforce");
        assertThat(t.path("id").asText()).matches("http://localhost/sandbox/salesforce/id/00D\\w{15}/005\\w{15}");
        String id = t.path("id").asText();
        assertThat(id.substring(id.indexOf("id/") + 3, id.indexOf("id/") + 21)).isEqualTo(SalesforceSimulator.ORG_ID);
        assertThat(t.path("issued_at").asText()).isEqualTo(String.valueOf(clock.millis()));
        assertThat(t.path("signature").asText()).isNotBlank();
        assertThat(t.path("scope").asText()).contains("api");
        assertThat(t.has("expires_in")).isFalse();
        assertThat(t.has("refresh_token")).isFalse();
        assertThat(status(api("GET", "/limits/", null))).isEqualTo(200);
    }

    @Test
    void passwordAndClientCredentialsGrants() throws Exception {
        JsonNode p = json(tokenCall(
                "grant_type",
                "password",
                "client_id",
                CLIENT,
                "client_secret",
                SECRET,
                "username",
                "integration@leadhub.sandbox",
                "password",
                "sandbox-salesforce-password"));
        assertThat(p.path("access_token").asText()).startsWith("00D");
        MvcResult bad = tokenCall(
                "grant_type",
                "password",
                "client_id",
                CLIENT,
                "client_secret",
                SECRET,
                "username",
                "integration@leadhub.sandbox",
                "password",
                "wrong");
        assertThat(status(bad)).isEqualTo(400);
        assertThat(json(bad).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(json(bad).path("error_description").asText()).isEqualTo("authentication failure");

        JsonNode cc = json(tokenCall("grant_type", "client_credentials", "client_id", CLIENT, "client_secret", SECRET));
        assertThat(cc.path("access_token").asText()).isNotBlank();
    }

    @Test
    void tokenErrorsAreOAuthShaped() throws Exception {
        MvcResult client = tokenCall(
                "grant_type", "refresh_token", "client_id", "nope", "client_secret", SECRET, "refresh_token", REFRESH);
        assertThat(status(client)).isEqualTo(400);
        assertThat(json(client).path("error").asText()).isEqualTo("invalid_client_id");
        MvcResult secret = tokenCall(
                "grant_type", "refresh_token", "client_id", CLIENT, "client_secret", "nope", "refresh_token", REFRESH);
        assertThat(json(secret).path("error").asText()).isEqualTo("invalid_client");
        MvcResult grant = tokenCall("grant_type", "implicit", "client_id", CLIENT, "client_secret", SECRET);
        assertThat(json(grant).path("error").asText()).isEqualTo("unsupported_grant_type");
        MvcResult refresh = tokenCall(
                "grant_type", "refresh_token", "client_id", CLIENT, "client_secret", SECRET, "refresh_token", "stolen");
        assertThat(status(refresh)).isEqualTo(400);
        assertThat(json(refresh).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void authorizationCodeGrantWithPkceReturnsARefreshToken() throws Exception {
        String verifier = "a-verifier-of-enough-length-0123456789-abcdefghijkl";
        String code = salesforce.issueAuthorizationCode(CLIENT, "http://localhost/cb", VendorSimulator.s256(verifier));
        MvcResult wrong = tokenCall(
                "grant_type",
                "authorization_code",
                "client_id",
                CLIENT,
                "client_secret",
                SECRET,
                "code",
                code,
                "redirect_uri",
                "http://localhost/cb",
                "code_verifier",
                "other");
        assertThat(json(wrong).path("error").asText()).isEqualTo("invalid_grant");

        code = salesforce.issueAuthorizationCode(CLIENT, "http://localhost/cb", VendorSimulator.s256(verifier));
        JsonNode t = json(tokenCall(
                "grant_type",
                "authorization_code",
                "client_id",
                CLIENT,
                "client_secret",
                SECRET,
                "code",
                code,
                "redirect_uri",
                "http://localhost/cb",
                "code_verifier",
                verifier));
        assertThat(t.path("refresh_token").asText()).isNotBlank();
        assertThat(refresh(t.path("refresh_token").asText())
                        .path("access_token")
                        .asText())
                .isNotBlank();
        // single use
        MvcResult again = tokenCall(
                "grant_type",
                "authorization_code",
                "client_id",
                CLIENT,
                "client_secret",
                SECRET,
                "code",
                code,
                "redirect_uri",
                "http://localhost/cb",
                "code_verifier",
                verifier);
        assertThat(json(again).path("error").asText()).isEqualTo("invalid_grant");
        assertThat(salesforce.knowsClient(CLIENT)).isTrue();
        assertThat(salesforce.knowsClient("other")).isFalse();
    }

    @Test
    void missingExpiredAndTimedOutSessionsAre401InvalidSessionId() throws Exception {
        MvcResult none = mvc.perform(get(ROOT + V + "/limits/")).andReturn();
        assertThat(status(none)).isEqualTo(401);
        assertThat(json(none).get(0).path("errorCode").asText()).isEqualTo("INVALID_SESSION_ID");
        assertThat(json(none).get(0).path("message").asText()).isEqualTo("Session expired or invalid");

        assertThat(json(control("POST", "/_tokens/expire", null))
                        .path("expired")
                        .asInt())
                .isEqualTo(1);
        assertThat(status(api("GET", "/limits/", null))).isEqualTo(401);

        control("POST", "/_config", "{\"sessionTimeoutSeconds\": 60}");
        token = refresh(REFRESH).path("access_token").asText();
        assertThat(status(api("GET", "/limits/", null))).isEqualTo(200);
        clock.advanceMillis(40_000);
        assertThat(status(api("GET", "/limits/", null)))
                .isEqualTo(200); // activity in the second half extends the session
        clock.advanceMillis(40_000);
        assertThat(status(api("GET", "/limits/", null))).isEqualTo(200);
        clock.advanceMillis(61_000);
        MvcResult expired = api("GET", "/limits/", null);
        assertThat(status(expired)).isEqualTo(401);
        assertThat(json(expired).get(0).path("errorCode").asText()).isEqualTo("INVALID_SESSION_ID");
    }

    @Test
    void revokeAccessAndRefreshTokens() throws Exception {
        MvcResult r = mvc.perform(get(ROOT + "/services/oauth2/revoke").param("token", token))
                .andReturn();
        assertThat(status(r)).isEqualTo(200);
        assertThat(status(api("GET", "/limits/", null))).isEqualTo(401);

        MvcResult unknown = mvc.perform(get(ROOT + "/services/oauth2/revoke").param("token", "nope"))
                .andReturn();
        assertThat(status(unknown)).isEqualTo(400);
        assertThat(json(unknown).path("error").asText()).isEqualTo("unsupported_token_type");

        token = refresh(REFRESH).path("access_token").asText();
        MvcResult revokeRefresh = mvc.perform(post(ROOT + "/services/oauth2/revoke")
                        .contentType("application/x-www-form-urlencoded")
                        .param("token", REFRESH))
                .andReturn();
        assertThat(status(revokeRefresh)).isEqualTo(200);
        assertThat(status(api("GET", "/limits/", null))).isEqualTo(401);
        assertThat(json(tokenCall(
                                "grant_type",
                                "refresh_token",
                                "client_id",
                                CLIENT,
                                "client_secret",
                                SECRET,
                                "refresh_token",
                                REFRESH))
                        .path("error")
                        .asText())
                .isEqualTo("invalid_grant");

        control("POST", "/_reset?tokens=true", null);
        assertThat(refresh(REFRESH).path("access_token").asText()).isNotBlank();
        assertThat(json(control("POST", "/_tokens/revoke-refresh", null))
                        .path("revoked")
                        .asInt())
                .isEqualTo(1);
        assertThat(json(tokenCall(
                                "grant_type",
                                "refresh_token",
                                "client_id",
                                CLIENT,
                                "client_secret",
                                SECRET,
                                "refresh_token",
                                REFRESH))
                        .path("error")
                        .asText())
                .isEqualTo("invalid_grant");
    }

    @Test
    void versionsNeedNoSession() throws Exception {
        MvcResult r = mvc.perform(get(ROOT + "/services/data/")).andReturn();
        assertThat(status(r)).isEqualTo(200);
        assertThat(json(r).toString()).contains("\"url\":\"/services/data/v60.0\"");
        assertThat(status(
                        mvc.perform(get(ROOT + "/services/data/v6/limits/").header("Authorization", "Bearer " + token))
                                .andReturn()))
                .isEqualTo(404);
    }

    @Test
    void tokenCallsAreCountedApartFromApiCalls() throws Exception {
        api("GET", "/limits/", null);
        JsonNode stats = json(control("GET", "/_stats", null));
        assertThat(stats.path("totalRequests").asInt()).isEqualTo(1);
        assertThat(stats.toString())
                .contains("POST /services/oauth2/token")
                .contains("GET /services/data/{version}/limits");
    }
}
