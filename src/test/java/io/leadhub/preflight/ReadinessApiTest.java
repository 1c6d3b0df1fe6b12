package io.leadhub.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.platform.ApiKeyStore;
import io.leadhub.platform.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * GET /orgs/{org}/integrations/{vendor}/readiness against the simulators: clean integrations answer
 * "ready" with what was checked; the "before the show" scenario (VIP unmapped in HubSpot, a mapped
 * Salesforce field the integration user cannot edit, an archived Marketo program linked to the
 * event) names exactly those problems, one per integration, with severity, category and fix; the
 * other problems the check knows are found one by one; nothing is written to any vendor.
 */
class ReadinessApiTest extends PreflightHubTest {
    @Autowired
    ApiKeyStore keys;

    private ResponseEntity<JsonNode> readiness(String org, String vendor, String query, String key) {
        return send(
                HttpMethod.GET,
                api("/orgs/" + org + "/integrations/" + vendor + "/readiness" + (query == null ? "" : "?" + query)),
                key,
                null);
    }

    private JsonNode ready(String org, String vendor, String query) {
        ResponseEntity<JsonNode> r = readiness(org, vendor, query, OPERATOR);
        assertThat(r.getStatusCode().value()).as("%s", r.getBody()).isEqualTo(200);
        return r.getBody();
    }

    /** Each finding as "SEVERITY CATEGORY object.field" for exact comparisons. */
    private static List<String> findings(JsonNode answer) {
        List<String> out = new ArrayList<>();
        answer.path("findings")
                .forEach(f -> out.add(f.path("severity").asText() + " "
                        + f.path("category").asText("-") + " "
                        + f.path("object").asText("-") + "." + f.path("field").asText("-")));
        return out;
    }

    @Test
    void theShowScenarioNamesExactlyItsThreeProblems() {
        String org = newOrg(true); // HubSpot like demo's: Lead type Hot, Warm, Cold mapped, VIP not
        connectMarketo(org, "1004");
        String sfOrg = newOrg(false);
        connectSalesforce(sfOrg);

        // before anything breaks: Marketo and Salesforce are ready, HubSpot has only VIP unmapped
        JsonNode marketo = ready(org, "marketo", "event=expo");
        assertThat(marketo.path("status").asText()).isEqualTo("ready");
        assertThat(findings(marketo)).isEmpty();
        assertThat(marketo.path("checked").toString())
                .contains("connection: marketo answered")
                .contains("lead: 18 of 18 mapped fields exist and are writable by the connected user")
                .contains("campaign: event 'expo' -> 1004 exists");
        JsonNode salesforce = ready(sfOrg, "salesforce", "event=expo");
        assertThat(findings(salesforce)).as("%s", salesforce).isEmpty();
        assertThat(salesforce.path("ready").asBoolean()).isTrue();
        assertThat(salesforce.path("checked").toString())
                .contains("lead: every field salesforce requires on create is mapped")
                .contains("qualifier 'Lead type': all 4 values mapped to options Lead_Type__c has")
                .contains("account: mapped but not written under the integration's settings");

        JsonNode hubspot = ready(org, "hubspot", "event=expo");
        assertThat(findings(hubspot)).containsExactly("ERROR NO_TAG_MAPPING contact.leadhub_lead_type");
        JsonNode vip = hubspot.path("findings").path(0);
        assertThat(vip.path("what").asText())
                .isEqualTo("Qualifier 'Lead type' value 'VIP' has no hubspot mapping: leads tagged 'VIP' fail"
                        + " before any call.");
        assertThat(vip.path("fix").asText()).contains("Map 'VIP' to an option of leadhub_lead_type");
        assertThat(hubspot.path("status").asText()).isEqualTo("not ready");

        // the show's other two problems appear at the vendors
        sandbox(HttpMethod.POST, "/salesforce/_config", Map.of("readOnlyFields", Map.of("Lead", List.of("Title"))));
        sandbox(HttpMethod.POST, "/marketo/_config", Map.of("archivedPrograms", List.of(1004)));

        salesforce = ready(sfOrg, "salesforce", "event=expo");
        assertThat(findings(salesforce)).containsExactly("ERROR PERMISSION lead.Title");
        assertThat(salesforce.path("findings").path(0).path("what").asText())
                .isEqualTo("Lead.Title is read-only for the connected user.");
        marketo = ready(org, "marketo", "event=expo");
        assertThat(findings(marketo)).containsExactly("ERROR CAMPAIGN_ERROR -.-");
        assertThat(marketo.path("findings").path(0).path("what").asText())
                .isEqualTo("Event 'expo': Marketo program 1004 'Roadshow 2026' is archived; archived programs reject"
                        + " members");
        assertThat(findings(ready(org, "hubspot", "event=expo")))
                .containsExactly("ERROR NO_TAG_MAPPING contact.leadhub_lead_type");

        // read-only: the vendors saw metadata reads (and token requests) only
        assertThat(requests("hubspot").keySet())
                .allMatch(k -> k.startsWith("GET /crm/v3/properties/") || k.contains("/oauth/"));
        assertThat(requests("marketo").keySet()).allMatch(k -> k.startsWith("GET ") || k.contains("/oauth/"));
        assertThat(requests("salesforce").keySet()).allMatch(k -> k.startsWith("GET ") || k.contains("/oauth2/"));
        assertThat(stats("hubspot").path("records").path("contacts").asInt()).isZero();
        assertThat(stats("salesforce").path("records").path("Lead").asInt()).isZero();
    }

    @Test
    void theDemoOrgsHubSpotNamesVipAndNothingElse() {
        JsonNode answer = ready("demo", "hubspot", "event=demo-event");
        assertThat(findings(answer)).containsExactly("ERROR NO_TAG_MAPPING contact.leadhub_lead_type");
    }

    @Test
    void everyConnectorChecksItsOwnMetadata() {
        // the seeded orgs leave VIP unmapped for Zoho, Pipedrive and Account Engagement too
        Map<String, String> expected = Map.of(
                "demo-zoho/zoho", "ERROR NO_TAG_MAPPING lead.Leadhub_Lead_Type",
                "demo-pd/pipedrive", "ERROR NO_TAG_MAPPING person.329aad4ff561215110d3a083476f11870577a9e6",
                "demo-sf/pardot", "ERROR NO_TAG_MAPPING prospect.leadhubLeadType__c");
        expected.forEach((orgAndVendor, finding) -> {
            String[] parts = orgAndVendor.split("/");
            JsonNode answer = ready(parts[0], parts[1], "event=demo-event");
            // warnings depend on the leads other tests captured in the seeded orgs: the errors are exact
            assertThat(findings(answer).stream().filter(f -> f.startsWith("ERROR")))
                    .as("%s: %s", orgAndVendor, answer)
                    .containsExactly(finding);
            assertThat(answer.path("checked").toString()).contains("connection: " + parts[1] + " answered");
        });
        JsonNode pardot = ready("demo-sf", "pardot", "event=demo-event");
        assertThat(pardot.path("checked").toString())
                .contains("prospect: pardot publishes no field metadata for prospect")
                .contains("campaign: event 'demo-event' -> ");
        JsonNode zoho = ready("demo-zoho", "zoho", "event=demo-event");
        assertThat(zoho.path("checked").toString())
                .contains("lead: every field zoho requires on create is mapped")
                .contains("qualifier 'Product interest': all 3 values mapped to options Leadhub_Product_Interest has");
        assertThat(requests("zoho").keySet()).allMatch(k -> k.startsWith("GET ") || k.contains("/oauth/"));
        assertThat(requests("pipedrive").keySet()).allMatch(k -> k.startsWith("GET ") || k.contains("/oauth/"));
        assertThat(requests("pardot").keySet()).allMatch(k -> k.startsWith("GET ") || k.contains("/oauth2/"));
    }

    @Test
    void fieldsOptionsRequiredFieldsAndTextLengthsAreCheckedAgainstTheMetadata() {
        String org = newOrg(false);
        connectSalesforce(org);
        // a field Salesforce does not have, an option its restricted picklist lacks, and Company left unmapped
        ok(send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/salesforce/mappings/lead"),
                OPERATOR,
                List.of(
                        Map.of("hubField", "email", "vendorField", "Email", "type", "EMAIL"),
                        Map.of("hubField", "lastName", "vendorField", "LastName"),
                        Map.of("hubField", "notes", "vendorField", "Show_Notes__c"),
                        Map.of("hubField", "jobTitle", "vendorField", "Job_Level__c"))));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String v : List.of("Hot", "Warm", "Cold")) {
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
        rows.add(Map.of(
                "qualifier",
                "Lead type",
                "value",
                "VIP",
                "object",
                "lead",
                "vendorField",
                "Lead_Type__c",
                "vendorValue",
                "V.I.P."));
        ok(send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/salesforce/qualifier-mappings"), OPERATOR, rows));
        // a recent lead whose notes are longer than Show_Notes__c (255)
        ok(send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/salesforce"),
                OPERATOR,
                Map.of("syncMode", "MANUAL")));
        ok(captureJson(org, Map.of("email", "long.notes@example.com", "lastName", "Long", "notes", "n".repeat(300))));

        JsonNode answer = ready(org, "salesforce", null);
        assertThat(findings(answer))
                .containsExactlyInAnyOrder(
                        "ERROR MISSING_REMOTE_FIELD lead.Job_Level__c",
                        "ERROR MISSING_REQUIRED_FIELD lead.Company",
                        "ERROR DATA_VALUE_VALIDATION lead.Lead_Type__c",
                        "WARNING VALUE_TOO_LONG lead.Show_Notes__c");
        JsonNode tooLong = answer.path("findings").findParents("category").stream()
                .filter(f -> f.path("category").asText().equals("VALUE_TOO_LONG"))
                .findFirst()
                .orElseThrow();
        assertThat(tooLong.path("what").asText())
                .isEqualTo("1 of the org's 1 most recent leads have a notes longer than Lead.Show_Notes__c allows"
                        + " (255 characters; the longest has 300): they fail.");
        assertThat(answer.path("status").asText()).isEqualTo("not ready");
    }

    @Test
    void aShortAllowanceAndAStoppedIntegrationAreProblemsToo() {
        String org = newOrg(false);
        connectSalesforce(org);
        sandbox(HttpMethod.POST, "/salesforce/_config", Map.of("dailyApiLimit", 10));
        JsonNode answer = ready(org, "salesforce", "event=expo&expectedLeads=1000");
        assertThat(findings(answer)).containsExactly("ERROR QUOTA_EXHAUSTED -.-");
        assertThat(answer.path("findings").path(0).path("what").asText())
                .startsWith("1000 new leads cost about ")
                .contains("are left today (reported by the vendor)");

        ok(send(HttpMethod.POST, api("/orgs/" + org + "/integrations/salesforce/disable"), OPERATOR, null));
        answer = ready(org, "salesforce", null);
        assertThat(answer.path("findings")).hasSize(1);
        assertThat(answer.path("findings").path(0).path("what").asText())
                .isEqualTo("The integration is disabled: no lead is sent, every lead is held.");
        assertThat(answer.path("ready").asBoolean()).isFalse();
    }

    @Test
    void accessAndBadInput() {
        String org = newOrg(true);
        String other = newOrg(true);
        String admin = keys.issue(org, Role.ADMIN, "readiness admin");
        String capture = keys.issue(org, Role.CAPTURE, "readiness capture");
        assertThat(readiness(org, "hubspot", null, admin).getStatusCode().value())
                .isEqualTo(200);
        assertThat(readiness(other, "hubspot", null, admin).getStatusCode().value())
                .isEqualTo(404);
        assertThat(readiness(org, "hubspot", null, capture).getStatusCode().value())
                .isEqualTo(403);
        assertThat(readiness(org, "salesforce", null, admin).getStatusCode().value())
                .isEqualTo(404);
        assertThat(readiness(org, "acme", null, admin).getStatusCode().value()).isEqualTo(404);
        assertThat(readiness(org, "hubspot", "event=nope", admin)
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
        ResponseEntity<JsonNode> bad = readiness(org, "hubspot", "expectedLeads=-1", admin);
        assertThat(bad.getStatusCode().value()).isEqualTo(400);
        assertThat(bad.getBody().toString()).contains("expectedLeads");
        assertThat(readiness(org, "hubspot", "expectedLeads=many", admin)
                        .getStatusCode()
                        .value())
                .isEqualTo(400);
    }
}
