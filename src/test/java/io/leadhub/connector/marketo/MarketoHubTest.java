package io.leadhub.connector.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.HubTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Helpers of the Marketo end-to-end tests: an org connected to the Marketo simulator, its rows and records. */
abstract class MarketoHubTest extends HubTest {

    @BeforeEach
    void resetMarketo() {
        sandbox(HttpMethod.POST, "/marketo/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/hubspot/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/enrichment/_reset", null);
    }

    /** A new org (event "expo", demo qualifiers) with Marketo connected through the API, default mapping, qualifiers as text. */
    protected String marketoOrg() {
        String org = newOrg(false);
        connectMarketo(org);
        return org;
    }

    protected void connectMarketo(String org) {
        var put = send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/marketo"),
                OPERATOR,
                Map.of(
                        "baseUrl",
                        base() + "/sandbox/marketo",
                        "credentials",
                        Map.of(
                                "grantType",
                                "client_credentials",
                                "clientId",
                                "sandbox-marketo-client",
                                "clientSecret",
                                "sandbox-marketo-secret")));
        assertThat(put.getStatusCode().value()).isEqualTo(200);
        assertThat(send(
                                HttpMethod.POST,
                                api("/orgs/" + org + "/integrations/marketo/mappings/lead/defaults"),
                                OPERATOR,
                                null)
                        .getStatusCode()
                        .is2xxSuccessful())
                .isTrue();
        send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/marketo/qualifier-mappings"),
                OPERATOR,
                List.of(
                        Map.of("qualifier", "Lead type", "object", "lead", "vendorField", "leadhubLeadType"),
                        Map.of(
                                "qualifier",
                                "Product interest",
                                "object",
                                "lead",
                                "vendorField",
                                "leadhubProductInterest")));
    }

    protected ResponseEntity<JsonNode> link(String org, Map<String, Object> body) {
        return send(HttpMethod.PUT, api("/orgs/" + org + "/events/expo/campaigns/marketo"), OPERATOR, body);
    }

    /** The org's Marketo reconciliation row of the lead with this (normalized) email. */
    protected Map<String, Object> marketoRow(String org, String email) {
        return jdbc.queryForMap(
                "SELECT s.* FROM lead_sync s JOIN lead l ON l.id = s.lead_id WHERE s.org_id = :org "
                        + "AND s.vendor = 'marketo' AND l.email_norm = :e",
                Map.of("org", org, "e", email));
    }

    protected JsonNode marketoSummary(String org) {
        return send(
                        HttpMethod.GET,
                        api("/orgs/" + org + "/integrations/marketo/reconciliation/summary"),
                        OPERATOR,
                        null)
                .getBody();
    }

    /** Marketo simulator leads, by lower-case email (the last one wins when duplicates exist). */
    protected Map<String, JsonNode> marketoLeads() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        sandbox(HttpMethod.GET, "/marketo/_records/leads", null)
                .forEach(l -> out.put(l.path("email").asText().toLowerCase(), l));
        return out;
    }

    /** Program members of one program: lead id -> progression status. */
    protected Map<String, String> members(long programId) {
        Map<String, String> out = new LinkedHashMap<>();
        sandbox(HttpMethod.GET, "/marketo/_records/programMembers", null).forEach(m -> {
            if (m.path("programId").asLong() == programId)
                out.put(m.path("leadId").asText(), m.path("progressionStatus").asText());
        });
        return out;
    }

    protected JsonNode marketoStats() {
        return sandbox(HttpMethod.GET, "/marketo/_stats", null);
    }

    protected int calls(String key) {
        return marketoStats().path("requests").path(key).asInt();
    }

    /** Scripts one Marketo answer: HTTP 200 with success false and this error code. */
    protected void fault(String method, String path, String code, String message, int count) {
        sandbox(
                HttpMethod.POST,
                "/marketo/_faults",
                Map.of(
                        "method",
                        method,
                        "path",
                        path,
                        "status",
                        200,
                        "count",
                        count,
                        "body",
                        Map.of(
                                "requestId",
                                "e42b#14272d07d78",
                                "success",
                                false,
                                "errors",
                                List.of(Map.of("code", code, "message", message)))));
    }

    /** A REST call to the simulator as a Marketo client would make it (own token). */
    protected JsonNode marketoApi(HttpMethod method, String path, Object body) {
        String token = sandbox(
                        HttpMethod.GET,
                        "/marketo/identity/oauth/token?grant_type=client_credentials"
                                + "&client_id=sandbox-marketo-client&client_secret=sandbox-marketo-secret",
                        null)
                .path("access_token")
                .asText();
        var h = new HttpHeaders();
        h.setBearerAuth(token);
        h.setContentType(MediaType.APPLICATION_JSON);
        return rest.exchange(base() + "/sandbox/marketo" + path, method, new HttpEntity<>(body, h), JsonNode.class)
                .getBody();
    }
}
