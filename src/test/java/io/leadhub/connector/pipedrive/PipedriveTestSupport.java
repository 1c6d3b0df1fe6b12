package io.leadhub.connector.pipedrive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.HubTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;

/** Helpers of the Pipedrive end-to-end tests: an org connected to the Pipedrive simulator, and direct simulator calls. */
abstract class PipedriveTestSupport extends HubTest {
    static final String LEAD_TYPE = "329aad4ff561215110d3a083476f11870577a9e6";
    static final String PRODUCT_INTEREST = "56fb426458882fc8c04d6065282bad8f308bf45d";
    static final String EVENT_FIELD = "13e13c5503b06b197fd3ed9a221869a91d6302d5";

    /** A new org (event "expo", demo qualifiers) with Pipedrive connected to the simulator and default mappings. */
    String newPipedriveOrg() {
        String org = newOrg(false);
        var put = send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/pipedrive"),
                OPERATOR,
                Map.of(
                        "baseUrl",
                        base() + "/sandbox/pipedrive",
                        "credentials",
                        Map.of(
                                "refreshToken",
                                "sandbox-pipedrive-refresh",
                                "clientId",
                                "sandbox-pipedrive-client",
                                "clientSecret",
                                "sandbox-pipedrive-secret",
                                "clientAuth",
                                "basic",
                                "tokenUrl",
                                base() + "/sandbox/pipedrive/oauth/token")));
        assertThat(put.getStatusCode().value()).isEqualTo(200);
        for (String object : List.of("person", "organization")) {
            send(
                    HttpMethod.POST,
                    api("/orgs/" + org + "/integrations/pipedrive/mappings/" + object + "/defaults"),
                    OPERATOR,
                    null);
        }
        send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/pipedrive/qualifier-mappings"),
                OPERATOR,
                List.of(
                        Map.of(
                                "qualifier",
                                "Lead type",
                                "value",
                                "Hot",
                                "object",
                                "person",
                                "vendorField",
                                LEAD_TYPE,
                                "vendorValue",
                                "101"),
                        Map.of(
                                "qualifier",
                                "Lead type",
                                "value",
                                "Warm",
                                "object",
                                "person",
                                "vendorField",
                                LEAD_TYPE,
                                "vendorValue",
                                "102"),
                        Map.of(
                                "qualifier",
                                "Lead type",
                                "value",
                                "Cold",
                                "object",
                                "person",
                                "vendorField",
                                LEAD_TYPE,
                                "vendorValue",
                                "103"),
                        Map.of("qualifier", "Product interest", "object", "person", "vendorField", PRODUCT_INTEREST)));
        return org;
    }

    /** Simulator persons by lower-case primary email. */
    Map<String, JsonNode> persons() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        sandbox(HttpMethod.GET, "/pipedrive/_records/persons", null)
                .forEach(p ->
                        out.put(p.path("emails").path(0).path("value").asText().toLowerCase(), p));
        return out;
    }

    List<JsonNode> records(String object) {
        List<JsonNode> out = new ArrayList<>();
        sandbox(HttpMethod.GET, "/pipedrive/_records/" + object, null).forEach(out::add);
        return out;
    }

    JsonNode stats() {
        return sandbox(HttpMethod.GET, "/pipedrive/_stats", null);
    }

    int calls(String key) {
        return stats().path("requests").path(key).asInt();
    }

    JsonNode config() {
        return sandbox(HttpMethod.GET, "/pipedrive/_config", null);
    }

    JsonNode pdSummary(String org) {
        return send(
                        HttpMethod.GET,
                        api("/orgs/" + org + "/integrations/pipedrive/reconciliation/summary"),
                        OPERATOR,
                        null)
                .getBody();
    }

    void retryAll(String org) {
        send(
                HttpMethod.POST,
                api("/orgs/" + org + "/integrations/pipedrive/reconciliation/retry"),
                OPERATOR,
                Map.of("all", true));
    }

    /** A person created in the simulator the way another Pipedrive user would (own token, v2 API). */
    JsonNode existingPerson(String name, String email) {
        var form = new LinkedMultiValueMap<String, String>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", "sandbox-pipedrive-refresh");
        HttpHeaders th = new HttpHeaders();
        th.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        th.setBasicAuth("sandbox-pipedrive-client", "sandbox-pipedrive-secret");
        String token = rest.postForEntity(
                        base() + "/sandbox/pipedrive/oauth/token", new HttpEntity<>(form, th), JsonNode.class)
                .getBody()
                .path("access_token")
                .asText();
        HttpHeaders h = new HttpHeaders();
        h.setBearerAuth(token);
        h.setContentType(MediaType.APPLICATION_JSON);
        var r = rest.exchange(
                base() + "/sandbox/pipedrive/api/v2/persons",
                HttpMethod.POST,
                new HttpEntity<>(Map.of("name", name, "emails", List.of(Map.of("value", email, "primary", true))), h),
                JsonNode.class);
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        return r.getBody().path("data");
    }

    /** Scripts {@code count} answers of Pipedrive's error shape on one path. */
    void fault(String method, String path, int status, String error, int count, Map<String, String> headers) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("error", error);
        body.put("error_info", "Please check developers.pipedrive.com");
        body.put("data", null);
        body.put("additional_data", null);
        sandbox(
                HttpMethod.POST,
                "/pipedrive/_faults",
                Map.of(
                        "method", method, "path", path, "status", status, "count", count, "body", body, "headers",
                        headers));
    }
}
