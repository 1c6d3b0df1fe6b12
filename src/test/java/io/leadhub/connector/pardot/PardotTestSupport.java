package io.leadhub.connector.pardot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.HubTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;

/** Helpers of the Pardot end-to-end tests: an org connected to the Pardot simulator, and direct simulator calls. */
abstract class PardotTestSupport extends HubTest {
    static final String BU = "0Uv5g000000SandAAA";

    /** A new org (event "expo", demo qualifiers) with Pardot connected to the simulator, default mappings, expo -> campaign 7001. */
    String newPardotOrg() {
        String org = newOrg(false);
        var put = send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/pardot"),
                OPERATOR,
                Map.of(
                        "baseUrl", base() + "/sandbox/pardot",
                        "settings", Map.of("businessUnitId", BU),
                        "credentials",
                                Map.of(
                                        "refreshToken",
                                        "sandbox-pardot-refresh",
                                        "clientId",
                                        "sandbox-pardot-client",
                                        "clientSecret",
                                        "sandbox-pardot-secret",
                                        "tokenUrl",
                                        base() + "/sandbox/pardot/services/oauth2/token")));
        assertThat(put.getStatusCode().value()).isEqualTo(200);
        send(HttpMethod.POST, api("/orgs/" + org + "/integrations/pardot/mappings/prospect/defaults"), OPERATOR, null);
        send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/pardot/qualifier-mappings"),
                OPERATOR,
                List.of(
                        Map.of(
                                "qualifier",
                                "Lead type",
                                "value",
                                "Hot",
                                "object",
                                "prospect",
                                "vendorField",
                                "leadhubLeadType__c",
                                "vendorValue",
                                "hot"),
                        Map.of(
                                "qualifier",
                                "Lead type",
                                "value",
                                "Warm",
                                "object",
                                "prospect",
                                "vendorField",
                                "leadhubLeadType__c",
                                "vendorValue",
                                "warm"),
                        Map.of(
                                "qualifier",
                                "Lead type",
                                "value",
                                "Cold",
                                "object",
                                "prospect",
                                "vendorField",
                                "leadhubLeadType__c",
                                "vendorValue",
                                "cold"),
                        Map.of(
                                "qualifier",
                                "Product interest",
                                "object",
                                "prospect",
                                "vendorField",
                                "leadhubProductInterest__c")));
        var link = send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/events/expo/campaigns/pardot"),
                OPERATOR,
                Map.of("campaignId", "7001"));
        assertThat(link.getStatusCode().value()).isEqualTo(200);
        return org;
    }

    /** Simulator prospects by lower-case email. */
    Map<String, JsonNode> prospects() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        sandbox(HttpMethod.GET, "/pardot/_records/prospects", null)
                .forEach(p -> out.put(p.path("email").asText().toLowerCase(), p));
        return out;
    }

    JsonNode pardotStats() {
        return sandbox(HttpMethod.GET, "/pardot/_stats", null);
    }

    int upsertCalls() {
        return pardotStats()
                .path("requests")
                .path("POST /api/v5/objects/prospects/do/upsertLatestByEmail")
                .asInt();
    }

    int tokenCalls() {
        return pardotStats()
                .path("requests")
                .path("POST /services/oauth2/token")
                .asInt();
    }

    JsonNode pardotConfig() {
        return sandbox(HttpMethod.GET, "/pardot/_config", null);
    }

    JsonNode pardotSummary(String org) {
        return send(HttpMethod.GET, api("/orgs/" + org + "/integrations/pardot/reconciliation/summary"), OPERATOR, null)
                .getBody();
    }

    Map<String, Object> rowOfLead(String org, long leadId) {
        return jdbc.queryForMap(
                "SELECT * FROM lead_sync WHERE org_id = :org AND lead_id = :l", Map.of("org", org, "l", leadId));
    }

    /** Creates a prospect in the simulator the way another Pardot user would (token + business unit header). */
    JsonNode existingProspect(String email, long campaignId) {
        var form = new LinkedMultiValueMap<String, String>();
        form.add("grant_type", "refresh_token");
        form.add("client_id", "sandbox-pardot-client");
        form.add("client_secret", "sandbox-pardot-secret");
        form.add("refresh_token", "sandbox-pardot-refresh");
        HttpHeaders th = new HttpHeaders();
        th.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        String token = rest.postForEntity(
                        base() + "/sandbox/pardot/services/oauth2/token", new HttpEntity<>(form, th), JsonNode.class)
                .getBody()
                .path("access_token")
                .asText();
        HttpHeaders h = new HttpHeaders();
        h.setBearerAuth(token);
        h.set("Pardot-Business-Unit-Id", BU);
        h.setContentType(MediaType.APPLICATION_JSON);
        var body = Map.of(
                "matchEmail",
                email,
                "prospect",
                Map.of("email", email, "firstName", "Old", "campaignId", campaignId),
                "fields",
                List.of("id", "email", "campaignId"));
        var r = rest.exchange(
                base() + "/sandbox/pardot/api/v5/objects/prospects/do/upsertLatestByEmail",
                HttpMethod.POST,
                new HttpEntity<>(body, h),
                JsonNode.class);
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        return r.getBody();
    }

    void fault(int status, int code, String message, int count) {
        sandbox(
                HttpMethod.POST,
                "/pardot/_faults",
                Map.of(
                        "method",
                        "POST",
                        "path",
                        "/api/v5/objects/prospects/do/upsertLatestByEmail",
                        "status",
                        status,
                        "count",
                        count,
                        "body",
                        Map.of("code", code, "message", message)));
    }
}
