package io.leadhub.connector.zoho;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.HubTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/** Helpers of the Zoho end-to-end tests: an org connected to the Zoho simulator, its rows and records. */
abstract class ZohoHubTest extends HubTest {
    static final String DEMO_CAMPAIGN = "5725767000000123001";
    static final String UPSERT_LEADS = "POST /crm/v8/{module}/upsert";

    @BeforeEach
    void resetZoho() {
        sandbox(HttpMethod.POST, "/zoho/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/enrichment/_reset", null);
    }

    /** A new org (event "expo", demo qualifiers) with Zoho connected in Leads mode, default lead mapping, qualifiers to picklists. */
    protected String zohoOrg() {
        String org = newOrg(false);
        connectZoho(org, "Leads");
        return org;
    }

    protected void connectZoho(String org, String module) {
        var put = send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/zoho"),
                OPERATOR,
                Map.of(
                        "baseUrl", base() + "/sandbox/zoho",
                        "settings", Map.of("module", module),
                        "credentials",
                                Map.of(
                                        "refreshToken",
                                        "sandbox-zoho-refresh",
                                        "clientId",
                                        "sandbox-zoho-client",
                                        "clientSecret",
                                        "sandbox-zoho-secret")));
        assertThat(put.getStatusCode().value()).isEqualTo(200);
        List<String> objects = module.equals("Leads") ? List.of("lead") : List.of("contact", "account");
        for (String object : objects) {
            assertThat(send(
                                    HttpMethod.POST,
                                    api("/orgs/" + org + "/integrations/zoho/mappings/" + object + "/defaults"),
                                    OPERATOR,
                                    null)
                            .getStatusCode()
                            .is2xxSuccessful())
                    .isTrue();
        }
        String object = objects.get(0);
        var rows = new ArrayList<Map<String, Object>>();
        for (String v : List.of("Hot", "Warm", "Cold")) {
            rows.add(Map.of(
                    "qualifier",
                    "Lead type",
                    "value",
                    v,
                    "object",
                    object,
                    "vendorField",
                    "Leadhub_Lead_Type",
                    "vendorValue",
                    v));
        }
        for (String v : List.of("Robots", "Drones", "Software")) {
            rows.add(Map.of(
                    "qualifier",
                    "Product interest",
                    "value",
                    v,
                    "object",
                    object,
                    "vendorField",
                    "Leadhub_Product_Interest",
                    "vendorValue",
                    v));
        }
        qualifierMappings(org, rows);
    }

    protected void qualifierMappings(String org, List<Map<String, Object>> rows) {
        assertThat(send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/zoho/qualifier-mappings"), OPERATOR, rows)
                        .getStatusCode()
                        .is2xxSuccessful())
                .isTrue();
    }

    protected ResponseEntity<JsonNode> link(String org, Map<String, Object> body) {
        return send(HttpMethod.PUT, api("/orgs/" + org + "/events/expo/campaigns/zoho"), OPERATOR, body);
    }

    protected Map<String, Object> zohoRow(String org, String email) {
        return jdbc.queryForMap(
                "SELECT s.* FROM lead_sync s JOIN lead l ON l.id = s.lead_id WHERE s.org_id = :org "
                        + "AND s.vendor = 'zoho' AND l.email_norm = :e",
                Map.of("org", org, "e", email));
    }

    protected JsonNode zohoSummary(String org) {
        return send(HttpMethod.GET, api("/orgs/" + org + "/integrations/zoho/reconciliation/summary"), OPERATOR, null)
                .getBody();
    }

    /** Records of one simulated module (Leads, Contacts, Accounts, Notes, CampaignMembers), by lower-case Email when they have one. */
    protected Map<String, JsonNode> records(String module) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        sandbox(HttpMethod.GET, "/zoho/_records/" + module, null)
                .forEach(r -> out.put(
                        r.hasNonNull("Email")
                                ? r.path("Email").asText().toLowerCase()
                                : r.path("id").asText(),
                        r));
        return out;
    }

    protected JsonNode zohoStats() {
        return sandbox(HttpMethod.GET, "/zoho/_stats", null);
    }

    protected int calls(String key) {
        return zohoStats().path("requests").path(key).asInt();
    }

    /** Scripts Zoho answers for a path (template) of the simulator. */
    protected void fault(String method, String path, int status, Object body, int count) {
        sandbox(
                HttpMethod.POST,
                "/zoho/_faults",
                Map.of("method", method, "path", path, "status", status, "count", count, "body", body));
    }

    protected void retryAll(String org) {
        assertThat(send(
                                HttpMethod.POST,
                                api("/orgs/" + org + "/integrations/zoho/reconciliation/retry"),
                                OPERATOR,
                                Map.of("all", true))
                        .getStatusCode()
                        .is2xxSuccessful())
                .isTrue();
    }
}
