package io.leadhub.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.salesforce.SalesforceOrg;
import io.leadhub.support.HubTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * Orgs connected like the sandbox's demo orgs, for the before-the-show tests: HubSpot (through
 * {@link HubTest#newOrg}, "VIP" unmapped), Marketo (qualifiers as text, the event linked to a
 * program) and Salesforce (Leads and Contacts, every "Lead type" value mapped to the restricted
 * picklist Lead_Type__c, the event linked to the demo Campaign). Simulators are reset around each test.
 */
abstract class PreflightHubTest extends HubTest {
    @Autowired
    protected SalesforceOrg salesforceOrg;

    @BeforeEach
    @AfterEach
    void resetSimulators() {
        for (String vendor : List.of("hubspot", "marketo", "salesforce", "zoho", "pipedrive", "pardot")) {
            sandbox(HttpMethod.POST, "/" + vendor + "/_reset?tokens=true", null);
        }
    }

    protected void connectMarketo(String org, String programId) {
        assertThat(send(
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
                                                "sandbox-marketo-secret")))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        defaults(org, "marketo", "lead");
        ok(send(
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
                                "leadhubProductInterest"))));
        if (programId != null) {
            ok(send(
                    HttpMethod.PUT,
                    api("/orgs/" + org + "/events/expo/campaigns/marketo"),
                    OPERATOR,
                    Map.of(
                            "campaignId",
                            programId,
                            "memberStatus",
                            "Visited Booth",
                            "statusQualifier",
                            "Lead type",
                            "statusMap",
                            Map.of("Hot", "Engaged"))));
        }
    }

    protected void connectSalesforce(String org) {
        assertThat(send(
                                HttpMethod.PUT,
                                api("/orgs/" + org + "/integrations/salesforce"),
                                OPERATOR,
                                Map.of(
                                        "baseUrl",
                                        base() + "/sandbox/salesforce",
                                        "settings",
                                        Map.of("strategy", "LEADS_AND_CONTACTS"),
                                        "credentials",
                                        Map.of(
                                                "refreshToken",
                                                "sandbox-salesforce-refresh",
                                                "clientId",
                                                "sandbox-salesforce-client",
                                                "clientSecret",
                                                "sandbox-salesforce-secret")))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        for (String object : List.of("lead", "contact", "account")) defaults(org, "salesforce", object);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String v : List.of("Hot", "Warm", "Cold", "VIP")) {
            rows.add(Map.of(
                    "qualifier",
                    "Lead type",
                    "value",
                    v,
                    "object",
                    "lead",
                    "vendorField",
                    "Lead_Type__c",
                    "vendorValue",
                    v));
        }
        rows.add(Map.of("qualifier", "Product interest", "object", "lead", "vendorField", "Show_Notes__c"));
        ok(send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/salesforce/qualifier-mappings"), OPERATOR, rows));
        ok(send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/events/expo/campaigns/salesforce"),
                OPERATOR,
                Map.of(
                        "campaignId",
                        salesforceOrg.demoCampaign(),
                        "memberStatus",
                        "Visited Booth",
                        "statusQualifier",
                        "Lead type",
                        "statusMap",
                        Map.of("Hot", "Demo Given"))));
    }

    protected void defaults(String org, String vendor, String object) {
        ok(send(
                HttpMethod.POST,
                api("/orgs/" + org + "/integrations/" + vendor + "/mappings/" + object + "/defaults"),
                OPERATOR,
                null));
    }

    protected static void ok(ResponseEntity<JsonNode> r) {
        assertThat(r.getStatusCode().is2xxSuccessful()).as("%s", r.getBody()).isTrue();
    }

    protected JsonNode stats(String vendor) {
        return sandbox(HttpMethod.GET, "/" + vendor + "/_stats", null);
    }

    /** Request counts of a simulator by "METHOD path template", without the _-prefixed controls. */
    protected Map<String, Integer> requests(String vendor) {
        Map<String, Integer> out = new LinkedHashMap<>();
        stats(vendor).path("requests").fields().forEachRemaining(e -> {
            if (!e.getKey().contains("/_")) out.put(e.getKey(), e.getValue().asInt());
        });
        return out;
    }

    protected int count(String table, String org) {
        return jdbc.queryForObject(
                "SELECT COUNT(*) FROM " + table + " WHERE org_id = :org", Map.of("org", org), Integer.class);
    }
}
