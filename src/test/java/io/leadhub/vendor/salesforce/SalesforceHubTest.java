package io.leadhub.vendor.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.salesforce.SalesforceOrg;
import io.leadhub.support.HubTest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/** Helpers of the Salesforce end-to-end tests: an org connected to the Salesforce simulator, its rows and records. */
abstract class SalesforceHubTest extends HubTest {
    static final String COLLECTIONS_CREATE = "POST /services/data/{version}/composite/sobjects";
    static final String COLLECTIONS_UPDATE = "PATCH /services/data/{version}/composite/sobjects";

    @Autowired
    protected SalesforceOrg salesforce;

    @BeforeEach
    void resetSalesforce() {
        sandbox(HttpMethod.POST, "/salesforce/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/enrichment/_reset", null);
    }

    /** A new org (event "expo", demo qualifiers) with Salesforce connected with {@code strategy} (null: not set) and default mappings. */
    protected String salesforceOrg(String strategy) {
        String org = newOrg(false);
        connectSalesforce(org, strategy);
        return org;
    }

    protected void connectSalesforce(String org, String strategy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("baseUrl", base() + "/sandbox/salesforce");
        body.put("settings", strategy == null ? Map.of() : Map.of("strategy", strategy));
        body.put("credentials", Map.of("refreshToken", "sandbox-salesforce-refresh", "clientId", "sandbox-salesforce-client",
                "clientSecret", "sandbox-salesforce-secret"));
        var put = send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/salesforce"), OPERATOR, body);
        assertThat(put.getStatusCode().value()).isEqualTo(200);
        for (String object : List.of("lead", "contact", "account")) {
            assertThat(send(HttpMethod.POST, api("/orgs/" + org + "/integrations/salesforce/mappings/" + object + "/defaults"), OPERATOR, null)
                    .getStatusCode().is2xxSuccessful()).isTrue();
        }
    }

    protected ResponseEntity<JsonNode> setStrategy(String org, String strategy) {
        return send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/salesforce"), OPERATOR, Map.of("settings", Map.of("strategy", strategy)));
    }

    protected void qualifierMappings(String org, List<Map<String, Object>> rows) {
        assertThat(send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/salesforce/qualifier-mappings"), OPERATOR, rows)
                .getStatusCode().is2xxSuccessful()).isTrue();
    }

    protected ResponseEntity<JsonNode> link(String org, Map<String, Object> body) {
        return send(HttpMethod.PUT, api("/orgs/" + org + "/events/expo/campaigns/salesforce"), OPERATOR, body);
    }

    protected Map<String, Object> sfRow(String org, String email) {
        return jdbc.queryForMap("SELECT s.* FROM lead_sync s JOIN lead l ON l.id = s.lead_id WHERE s.org_id = :org "
                + "AND s.vendor = 'salesforce' AND l.email_norm = :e", Map.of("org", org, "e", email));
    }

    protected long integrationId(String org) {
        return jdbc.queryForObject("SELECT id FROM integration WHERE org_id = :org AND vendor = 'salesforce'", Map.of("org", org), Long.class);
    }

    /** Records of one simulated sObject, by lower-case Email when they have one, else by Id. */
    protected Map<String, JsonNode> records(String object) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        sandbox(HttpMethod.GET, "/salesforce/_records/" + object, null).forEach(r ->
                out.put(r.hasNonNull("Email") ? r.path("Email").asText().toLowerCase() : r.path("Id").asText(), r));
        return out;
    }

    protected JsonNode stats() {
        return sandbox(HttpMethod.GET, "/salesforce/_stats", null);
    }

    protected long calls(String key) {
        return stats().path("requests").path(key).asLong(0);
    }

    protected long totalRequests() {
        return stats().path("totalRequests").asLong();
    }

    protected void fault(Map<String, Object> rule) {
        sandbox(HttpMethod.POST, "/salesforce/_faults", rule);
    }

    protected void configure(Map<String, Object> config) {
        sandbox(HttpMethod.POST, "/salesforce/_config", config);
    }
}
