package io.leadhub.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.Vendor;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriComponentsBuilder;

/** The OAuth connect flow end to end through real HTTP: consent page, state and PKCE checks, Marketo, the one-CRM rule. */
class ConnectFlowTest extends ConnectTestSupport {
    @Autowired
    OAuthStateStore states;

    @Autowired
    IntegrationRepository integrations;

    @BeforeEach
    void reset() {
        sandbox(HttpMethod.POST, "/hubspot/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/zoho/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/pipedrive/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/enrichment/_reset", null);
    }

    @AfterEach
    void realClock() {
        states.setClock(Clock.systemUTC());
    }

    @Test
    void hubSpotFromScratchThroughTheConsentPageThenALeadSyncs() {
        String org = newOrg(false);
        JsonNode started = startConnect(org, "hubspot", Map.of("syncMode", "AUTOMATIC"));
        String url = started.path("authorizationUrl").asText();
        var q = UriComponentsBuilder.fromUriString(url).build().getQueryParams();
        assertThat(url).startsWith(base() + "/sandbox/hubspot/oauth/authorize?");
        assertThat(q.getFirst("client_id")).isEqualTo("sandbox-hubspot-client");
        assertThat(q.getFirst("code_challenge_method")).isEqualTo("S256");
        assertThat(q.getFirst("code_challenge")).hasSize(43);
        assertThat(q.getFirst("state")).isEqualTo(started.path("state").asText());
        assertThat(started.path("expiresAt").asText()).isNotBlank();
        assertThat(integrations.find(org, Vendor.HUBSPOT))
                .as("nothing stored before the callback")
                .isEmpty();

        ResponseEntity<String> page = consentPage(url);
        assertThat(page.getStatusCode().value()).isEqualTo(200);
        assertThat(page.getHeaders().getContentType().toString()).startsWith("text/html");
        assertThat(page.getBody())
                .contains(
                        "HubSpot",
                        "sandbox-hubspot-client",
                        "crm.objects.contacts.write",
                        "Approve",
                        "Deny",
                        "method=\"post\"");

        URI back = decide(url, "approve");
        assertThat(back.toString()).startsWith(base() + "/api/v1/oauth/callback?code=");
        ResponseEntity<JsonNode> done = callback(back);
        assertThat(done.getStatusCode().value()).isEqualTo(200);
        assertThat(done.getBody().path("state").asText()).isEqualTo("CONNECTED");
        assertThat(done.getBody().toString()).doesNotContain("accessToken", "refreshToken", "clientSecret");

        Map<String, Object> row = integrationRow(org, "hubspot");
        String sealed = (String) row.get("CREDENTIALS_ENC");
        Map<String, Object> creds = integrations.credentials(((Number) row.get("ID")).longValue());
        assertThat(sealed).startsWith("v2:").doesNotContain((String) creds.get("accessToken"), (String)
                creds.get("refreshToken"));
        assertThat(creds)
                .containsKeys("accessToken", "refreshToken", "tokenUrl")
                .containsEntry("clientId", "sandbox-hubspot-client");
        assertThat(requests("hubspot", "POST /oauth/v1/token"))
                .as("one code exchange")
                .isEqualTo(1);

        captureJson(
                org, Map.of("captureId", "c1", "email", "ada@initech.io", "firstName", "Ada", "lastName", "Lovelace"));
        awaitLead(org, "ada@initech.io");
        assertThat(syncRow(org, "ada@initech.io")).containsEntry("STATE", "CLEARED");
        assertThat(hubspotContacts()
                        .get("ada@initech.io")
                        .path("properties")
                        .path("lastname")
                        .asText())
                .isEqualTo("Lovelace");

        // the callback answers a page to a browser
        HttpHeaders h = new HttpHeaders();
        h.setAccept(List.of(MediaType.TEXT_HTML));
        ResponseEntity<String> again = rest.exchange(back, HttpMethod.GET, new HttpEntity<>(h), String.class);
        assertThat(again.getStatusCode().value()).as("the state was used").isEqualTo(400);
        assertThat(again.getBody()).contains("already used");
    }

    @Test
    void denyAtTheConsentPageChangesNothing() {
        String org = newOrg(false);
        JsonNode started = startConnect(org, "hubspot", null);
        URI back = decide(started.path("authorizationUrl").asText(), "deny");
        assertThat(back.getQuery())
                .contains("error=access_denied")
                .contains("state=" + started.path("state").asText());
        ResponseEntity<JsonNode> r = callback(back);
        assertThat(r.getStatusCode().value()).isEqualTo(400);
        assertThat(r.getBody().toString()).contains("denied access");
        assertThat(integrations.find(org, Vendor.HUBSPOT)).isEmpty();
        assertThat(requests("hubspot", "POST /oauth/v1/token")).isZero();
    }

    @Test
    void reusedUnknownAndExpiredStatesAreRefusedAndNothingIsStored() {
        String org = newOrg(false);
        JsonNode started = startConnect(org, "hubspot", null);
        URI back = decide(started.path("authorizationUrl").asText(), "approve");
        String code =
                UriComponentsBuilder.fromUri(back).build().getQueryParams().getFirst("code");

        ResponseEntity<JsonNode> unknown = callback(URI.create(api("/oauth/callback?code=" + code + "&state=forged")));
        assertThat(unknown.getStatusCode().value()).isEqualTo(400);
        assertThat(unknown.getBody().toString()).contains("unknown state");

        // expired: ten minutes later by the states' clock
        states.setClock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10).plusSeconds(1)));
        ResponseEntity<JsonNode> expired = callback(back);
        assertThat(expired.getStatusCode().value()).isEqualTo(400);
        assertThat(expired.getBody().toString()).contains("expired");
        states.setClock(Clock.systemUTC());
        assertThat(integrations.find(org, Vendor.HUBSPOT)).isEmpty();
        assertThat(requests("hubspot", "POST /oauth/v1/token"))
                .as("no code exchange for a refused state")
                .isZero();

        // a fresh connect works once, then its state is spent
        JsonNode second = startConnect(org, "hubspot", null);
        URI ok = decide(second.path("authorizationUrl").asText(), "approve");
        assertThat(callback(ok).getStatusCode().value()).isEqualTo(200);
        ResponseEntity<JsonNode> reused = callback(ok);
        assertThat(reused.getStatusCode().value()).isEqualTo(400);
        assertThat(reused.getBody().toString()).contains("already used");
        assertThat(requests("hubspot", "POST /oauth/v1/token")).isEqualTo(1);
    }

    @Test
    void aCodeFromAnotherOrgsFlowFailsThePkceCheckAndNothingIsStored() {
        String victim = newOrg(false);
        String attacker = newOrg(false);
        JsonNode victimStart = startConnect(victim, "hubspot", null);
        JsonNode attackerStart = startConnect(attacker, "hubspot", null);
        URI attackerBack = decide(attackerStart.path("authorizationUrl").asText(), "approve");
        String attackerCode = UriComponentsBuilder.fromUri(attackerBack)
                .build()
                .getQueryParams()
                .getFirst("code");

        // the attacker's code presented with the victim's state: the victim's verifier does not match the attacker's
        // challenge
        ResponseEntity<JsonNode> r = callback(URI.create(api("/oauth/callback?code=" + attackerCode + "&state="
                + victimStart.path("state").asText())));
        assertThat(r.getStatusCode().value()).isEqualTo(400);
        assertThat(r.getBody().toString())
                .contains("hubspot refused the authorization code")
                .contains("code_verifier");
        assertThat(integrations.find(victim, Vendor.HUBSPOT)).isEmpty();
        assertThat(integrations.find(attacker, Vendor.HUBSPOT)).isEmpty();
    }

    @Test
    void aStateOfAnotherVendorDoesNotRedeemItsCode() {
        String org = newOrg(false);
        JsonNode zoho = startConnect(org, "zoho", null);
        JsonNode hub = startConnect(org, "hubspot", null);
        URI hubBack = decide(hub.path("authorizationUrl").asText(), "approve");
        String hubCode =
                UriComponentsBuilder.fromUri(hubBack).build().getQueryParams().getFirst("code");
        ResponseEntity<JsonNode> r = callback(URI.create(api("/oauth/callback?code=" + hubCode + "&state="
                + zoho.path("state").asText())));
        assertThat(r.getStatusCode().value()).isEqualTo(400);
        assertThat(r.getBody().toString()).contains("zoho refused the authorization code");
        assertThat(integrationsOf(org)).isZero();
    }

    @Test
    void consentPageRefusesUnknownClientsAndPlainPkceWithoutRedirecting() {
        String org = newOrg(false);
        String url = startConnect(org, "hubspot", null).path("authorizationUrl").asText();
        ResponseEntity<String> badClient =
                consentPage(url.replace("client_id=sandbox-hubspot-client", "client_id=evil"));
        assertThat(badClient.getStatusCode().value()).isEqualTo(400);
        assertThat(badClient.getBody()).contains("unknown client_id");
        ResponseEntity<String> plain =
                consentPage(url.replace("code_challenge_method=S256", "code_challenge_method=plain"));
        assertThat(plain.getStatusCode().value()).isEqualTo(400);
        assertThat(plain.getHeaders().getLocation()).isNull();
    }

    @Test
    void zohoAndPipedriveConnectThroughTheirConsentPages() {
        String zohoOrg = newOrg(false);
        JsonNode z = connectThroughConsent(zohoOrg, "zoho", null);
        assertThat(z.path("state").asText()).isEqualTo("CONNECTED");
        assertThat(z.path("baseUrl").asText()).isEqualTo(base() + "/sandbox/zoho");
        captureJson(
                zohoOrg, Map.of("captureId", "z1", "email", "zed@initech.io", "lastName", "Zed", "company", "Initech"));
        awaitLead(zohoOrg, "zed@initech.io");
        assertThat(syncRow(zohoOrg, "zed@initech.io")).containsEntry("STATE", "CLEARED");

        String pdOrg = newOrg(false);
        JsonNode p = connectThroughConsent(pdOrg, "pipedrive", null);
        assertThat(p.path("state").asText()).isEqualTo("CONNECTED");
        long id = ((Number) integrationRow(pdOrg, "pipedrive").get("ID")).longValue();
        assertThat(integrations.credentials(id))
                .containsEntry("clientAuth", "basic")
                .containsKey("refreshToken");
    }

    @Test
    void marketoConnectsWithClientCredentialsAtOnce() {
        String org = newOrg(false);
        ResponseEntity<JsonNode> bad = send(
                HttpMethod.POST,
                api("/orgs/" + org + "/integrations/marketo/connect"),
                OPERATOR,
                Map.of(
                        "clientId",
                        "sandbox-marketo-client",
                        "clientSecret",
                        "wrong",
                        "baseUrl",
                        base() + "/sandbox/marketo"));
        assertThat(bad.getStatusCode().value()).isEqualTo(422);
        assertThat(integrations.find(org, Vendor.MARKETO)).isEmpty();

        ResponseEntity<JsonNode> ok = send(
                HttpMethod.POST,
                api("/orgs/" + org + "/integrations/marketo/connect"),
                OPERATOR,
                Map.of(
                        "clientId",
                        "sandbox-marketo-client",
                        "clientSecret",
                        "sandbox-marketo-secret",
                        "baseUrl",
                        base() + "/sandbox/marketo"));
        assertThat(ok.getStatusCode().value()).isEqualTo(200);
        assertThat(ok.getBody().path("state").asText()).isEqualTo("CONNECTED");
        assertThat(ok.getBody().toString()).doesNotContain("sandbox-marketo-secret");
    }

    @Test
    void pardotNeedsABusinessUnitAndSignsInThroughSalesforce() {
        String org = newOrg(false);
        ResponseEntity<JsonNode> missing =
                send(HttpMethod.POST, api("/orgs/" + org + "/integrations/pardot/connect"), OPERATOR, Map.of());
        assertThat(missing.getStatusCode().value()).isEqualTo(422);
        assertThat(missing.getBody().toString()).contains("businessUnitId");
        JsonNode started =
                startConnect(org, "pardot", Map.of("settings", Map.of("businessUnitId", "0Uv5g000000SandAAA")));
        assertThat(started.path("authorizationUrl").asText())
                .startsWith(base() + "/sandbox/salesforce/services/oauth2/authorize?")
                .contains("scope=pardot_api");
    }

    @Test
    void salesforceFromScratchThroughTheConsentPageThenALeadBecomesASalesforceLead() {
        sandbox(HttpMethod.POST, "/salesforce/_reset?tokens=true", null);
        String org = newOrg(false);
        JsonNode started = startConnect(org, "salesforce", null);
        assertThat(started.path("authorizationUrl").asText())
                .startsWith(base() + "/sandbox/salesforce/services/oauth2/authorize?")
                .contains("code_challenge_method=S256");
        JsonNode sf = connectThroughConsent(org, "salesforce", null);
        assertThat(sf.path("state").asText()).isEqualTo("CONNECTED");
        assertThat(sf.path("baseUrl").asText())
                .as("the token answer's instance_url")
                .isEqualTo(base() + "/sandbox/salesforce");

        captureJson(
                org,
                Map.of(
                        "captureId",
                        "s1",
                        "email",
                        "sal@initech.io",
                        "firstName",
                        "Sal",
                        "lastName",
                        "Force",
                        "company",
                        "Initech"));
        awaitLead(org, "sal@initech.io");
        assertThat(syncRow(org, "sal@initech.io"))
                .containsEntry("STATE", "CLEARED")
                .containsEntry("VENDOR_OBJECT", "lead")
                .containsEntry("MATCH_STRATEGY", "LEADS_AND_CONTACTS");
        JsonNode leads = sandbox(HttpMethod.GET, "/salesforce/_records/Lead", null);
        assertThat(leads.toString()).contains("sal@initech.io", "Initech");

        // disconnect revokes the token at Salesforce; the integration's camel-salesforce component goes with it
        send(HttpMethod.POST, api("/orgs/" + org + "/integrations/salesforce/disconnect"), OPERATOR, null);
        assertThat(requests("salesforce", "POST /services/oauth2/revoke")).isGreaterThanOrEqualTo(1);
        captureJson(
                org, Map.of("captureId", "s2", "email", "held@initech.io", "lastName", "Held", "company", "Initech"));
        awaitLead(org, "held@initech.io");
        assertThat(syncRow(org, "held@initech.io")).containsEntry("STATE", "HELD");
    }

    @Test
    void pardotConnectedThroughTheSalesforceConsentPageSyncsProspects() {
        sandbox(HttpMethod.POST, "/salesforce/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/pardot/_reset?tokens=true", null);
        String org = newOrg(false);
        JsonNode p = connectThroughConsent(
                org, "pardot", Map.of("settings", Map.of("businessUnitId", "0Uv5g000000SandAAA")));
        assertThat(p.path("state").asText()).isEqualTo("CONNECTED");
        assertThat(p.path("baseUrl").asText()).isEqualTo(base() + "/sandbox/pardot");
        assertThat(requests("salesforce", "POST /services/oauth2/token"))
                .as("the code is exchanged at the Salesforce login")
                .isEqualTo(1);

        captureJson(
                org,
                Map.of(
                        "captureId",
                        "p1",
                        "email",
                        "pat@initech.io",
                        "firstName",
                        "Pat",
                        "lastName",
                        "Lee",
                        "company",
                        "Initech"));
        awaitLead(org, "pat@initech.io");
        assertThat(syncRow(org, "pat@initech.io")).containsEntry("STATE", "CLEARED");
        JsonNode prospects = sandbox(HttpMethod.GET, "/pardot/_records/prospects", null);
        assertThat(prospects.toString()).contains("pat@initech.io");
    }

    @Test
    void oneActiveCrmPerOrgOnConnectAndOnPut() {
        String org = newOrg(false);
        connectThroughConsent(org, "hubspot", null);
        ResponseEntity<JsonNode> second =
                send(HttpMethod.POST, api("/orgs/" + org + "/integrations/zoho/connect"), OPERATOR, null);
        assertThat(second.getStatusCode().value()).isEqualTo(409);
        assertThat(second.getBody().toString()).contains("hubspot");
        ResponseEntity<JsonNode> put = send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/pipedrive"),
                OPERATOR,
                Map.of("baseUrl", base() + "/sandbox/pipedrive", "credentials", Map.of("refreshToken", "x")));
        assertThat(put.getStatusCode().value()).isEqualTo(409);
        assertThat(put.getBody().toString()).contains("hubspot");
        // an MA integration is another category
        ResponseEntity<JsonNode> ma = send(
                HttpMethod.POST,
                api("/orgs/" + org + "/integrations/marketo/connect"),
                OPERATOR,
                Map.of(
                        "clientId",
                        "sandbox-marketo-client",
                        "clientSecret",
                        "sandbox-marketo-secret",
                        "baseUrl",
                        base() + "/sandbox/marketo"));
        assertThat(ma.getStatusCode().value()).isEqualTo(200);
        // once HubSpot is disconnected, another CRM may connect
        send(HttpMethod.POST, api("/orgs/" + org + "/integrations/hubspot/disconnect"), OPERATOR, null);
        assertThat(startConnect(org, "zoho", null).path("authorizationUrl").asText())
                .contains("/sandbox/zoho/oauth/v2/auth");
    }

    @Test
    void theCallbackIsTheOnlyApiPathWithoutAKey() {
        assertThat(send(HttpMethod.GET, api("/oauth/callback?state=x&code=y"), null, null)
                        .getStatusCode()
                        .value())
                .isEqualTo(400);
        assertThat(send(HttpMethod.GET, api("/oauth/other"), null, null)
                        .getStatusCode()
                        .value())
                .isEqualTo(401);
    }

    private int integrationsOf(String org) {
        return count("SELECT COUNT(*) FROM integration WHERE org_id = :org", Map.of("org", org));
    }
}
