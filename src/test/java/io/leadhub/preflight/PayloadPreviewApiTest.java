package io.leadhub.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.platform.ApiKeyStore;
import io.leadhub.platform.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * POST /orgs/{org}/integrations/{vendor}/preview: the exact records a sync would send per vendor
 * object and the match decision, for a stored lead or a capture body, or the category it would fail
 * with; reads from the simulators only (their request counts show no write) and nothing stored in
 * the hub (row counts unchanged).
 */
class PayloadPreviewApiTest extends PreflightHubTest {
    @Autowired
    ApiKeyStore keys;

    private ResponseEntity<JsonNode> preview(String org, String vendor, String query, Object body, String key) {
        return send(
                HttpMethod.POST,
                api("/orgs/" + org + "/integrations/" + vendor + "/preview" + (query == null ? "" : "?" + query)),
                key,
                body);
    }

    private JsonNode ok(String org, String vendor, String query, Object body) {
        ResponseEntity<JsonNode> r = preview(org, vendor, query, body, OPERATOR);
        assertThat(r.getStatusCode().value()).as("%s", r.getBody()).isEqualTo(200);
        return r.getBody();
    }

    private Map<String, Integer> hubRows(String org) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (String table : List.of("lead", "lead_sync", "lead_sync_attempt")) out.put(table, count(table, org));
        out.put("vendor_company", jdbc.queryForObject("SELECT COUNT(*) FROM vendor_company", Map.of(), Integer.class));
        return out;
    }

    @Test
    void hubspotRecordsAndMatchForAStoredLeadAndANewOneWithoutWriting() {
        String org = newOrg(true);
        long stored = captureJson(
                        org,
                        Map.of(
                                "captureId", "p1",
                                "email", "ada.lovelace@analytical-engines.com",
                                "firstName", "Ada",
                                "lastName", "Lovelace",
                                "company", "Analytical Engines"))
                .getBody()
                .path("id")
                .asLong();
        awaitSettled(org);
        JsonNode contact = hubspotContacts().get("ada.lovelace@analytical-engines.com");
        String companyId =
                contact.path("properties").path("associatedcompanyid").asText();
        Map<String, Integer> rowsBefore = hubRows(org);
        Map<String, Integer> callsBefore = requests("hubspot");

        JsonNode again = ok(org, "hubspot", null, Map.of("leadId", stored));
        assertThat(again.path("storedVendorId").asText())
                .isEqualTo(contact.path("id").asText());
        JsonNode records = again.path("records");
        assertThat(records).hasSize(2);
        assertThat(records.path(0).path("object").asText()).isEqualTo("company");
        assertThat(records.path(0).path("action").asText()).isEqualTo("ASSOCIATE");
        assertThat(records.path(0).path("vendorId").asText()).isEqualTo(companyId);
        assertThat(records.path(1).path("action").asText()).isEqualTo("UPDATE");
        assertThat(records.path(1).path("vendorId").asText())
                .isEqualTo(contact.path("id").asText());
        assertThat(again.path("match").toString())
                .contains("contact: stored id " + contact.path("id").asText() + ": found -> update");
        assertThat(again.path("written").asBoolean()).isFalse();

        JsonNode fresh = ok(
                org,
                "hubspot",
                "event=expo",
                Map.of(
                        "email", "grace.hopper@analytical-engines.com",
                        "firstName", "Grace",
                        "lastName", "Hopper",
                        "company", "Analytical Engines",
                        "jobTitle", "Rear Admiral",
                        "qualifiers",
                                Map.of("Lead type", List.of("Hot"), "Product interest", List.of("Robots", "Drones"))));
        assertThat(fresh.has("wouldFail")).isFalse();
        JsonNode company = fresh.path("records").path(0);
        assertThat(company.path("action").asText()).isEqualTo("ASSOCIATE");
        assertThat(company.path("vendorId").asText()).isEqualTo(companyId);
        JsonNode newContact = fresh.path("records").path(1);
        assertThat(newContact.path("action").asText()).isEqualTo("CREATE");
        assertThat(newContact.has("vendorId")).isFalse();
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("email", "grace.hopper@analytical-engines.com");
        expected.put("firstname", "Grace");
        expected.put("lastname", "Hopper");
        expected.put("company", "Analytical Engines");
        expected.put("jobtitle", "Rear Admiral");
        expected.put("leadhub_event", "Test Expo");
        expected.put("leadhub_capture_source", "MANUAL");
        expected.put("leadhub_lead_type", "hot");
        expected.put("leadhub_product_interest", "robots;drones");
        expected.put("associatedcompanyid", companyId);
        assertThat(json.convertValue(newContact.path("fields"), Map.class)).isEqualTo(expected);
        assertThat(fresh.path("match").toString())
                .contains("company: domain analytical-engines.com -> " + companyId + " (known)")
                .contains(
                        "contact: email grace.hopper@analytical-engines.com: none -> the upsert by email creates a contact");

        // the stored lead's email in a new capture: HubSpot's contact is found and would be updated
        JsonNode sameEmail = ok(
                org, "hubspot", "event=expo", Map.of("email", "ada.lovelace@analytical-engines.com", "lastName", "L."));
        assertThat(sameEmail.path("records").path(1).path("action").asText()).isEqualTo("UPDATE");
        assertThat(sameEmail.path("records").path(1).path("vendorId").asText())
                .isEqualTo(contact.path("id").asText());

        // nothing written: no vendor write call, no hub row
        Map<String, Integer> callsAfter = requests("hubspot");
        callsAfter.forEach((call, n) -> {
            if (n > callsBefore.getOrDefault(call, 0))
                assertThat(call)
                        .as("a call the previews made")
                        .isIn("POST /crm/v3/objects/contacts/batch/read", "POST /oauth/v1/token");
        });
        assertThat(hubRows(org)).isEqualTo(rowsBefore);
        assertThat(stats("hubspot").path("records").path("contacts").asInt()).isEqualTo(1);
    }

    @Test
    void aLeadThatWouldFailSaysWhyBeforeAnyCall() {
        String org = newOrg(true);
        JsonNode vip = ok(
                org,
                "hubspot",
                "event=expo",
                Map.of(
                        "email",
                        "vip@analytical-engines.com",
                        "lastName",
                        "Vip",
                        "qualifiers",
                        Map.of("Lead type", List.of("VIP"))));
        assertThat(vip.path("records")).isEmpty();
        assertThat(vip.path("wouldFail").path("category").asText()).isEqualTo("NO_TAG_MAPPING");
        assertThat(vip.path("wouldFail").path("message").asText())
                .isEqualTo("qualifier 'Lead type' value 'VIP' has no mapping for hubspot");
        assertThat(vip.path("vendorCalls")).isEmpty();
        assertThat(count("lead", org)).isZero();
    }

    @Test
    void salesforceAndMarketoRecordsAndTheirProblems() {
        String sfOrg = newOrg(false);
        connectSalesforce(sfOrg);
        Map<String, Object> lead = Map.of(
                "email", "marie.curie@radium-institute.fr",
                "firstName", "Marie",
                "lastName", "Curie",
                "company", "Radium Institute",
                "jobTitle", "Director",
                "qualifiers", Map.of("Lead type", List.of("Hot")));
        JsonNode sf = ok(sfOrg, "salesforce", "event=expo", lead);
        assertThat(sf.has("wouldFail")).as("%s", sf).isFalse();
        JsonNode sfLead = sf.path("records").path(0);
        assertThat(sfLead.path("vendorObject").asText()).isEqualTo("Lead");
        assertThat(sfLead.path("action").asText()).isEqualTo("CREATE");
        assertThat(json.convertValue(sfLead.path("fields"), Map.class))
                .isEqualTo(Map.of(
                        "Email", "marie.curie@radium-institute.fr",
                        "FirstName", "Marie",
                        "LastName", "Curie",
                        "Company", "Radium Institute",
                        "Title", "Director",
                        "Lead_Type__c", "Hot"));
        JsonNode member = sf.path("records").path(1);
        assertThat(member.path("vendorObject").asText()).isEqualTo("CampaignMember");
        assertThat(member.path("fields").path("status").asText()).isEqualTo("Demo Given");
        assertThat(sf.path("match").toString())
                .contains("Contact Email marie.curie@radium-institute.fr: none")
                .contains("Lead Email marie.curie@radium-institute.fr: none")
                .contains("no match -> create Lead");

        sandbox(HttpMethod.POST, "/salesforce/_config", Map.of("readOnlyFields", Map.of("Lead", List.of("Title"))));
        JsonNode readOnly = ok(sfOrg, "salesforce", "event=expo", lead);
        assertThat(readOnly.path("wouldFail").path("category").asText()).isEqualTo("PERMISSION");
        assertThat(readOnly.path("wouldFail").path("vendorCode").asText()).isEqualTo("INVALID_FIELD_FOR_INSERT_UPDATE");
        assertThat(requests("salesforce").keySet())
                .noneMatch(k -> k.startsWith("POST /services/data") || k.startsWith("PATCH"));

        String maOrg = newOrg(false);
        connectMarketo(maOrg, "1004");
        sandbox(HttpMethod.POST, "/marketo/_config", Map.of("archivedPrograms", List.of(1004)));
        JsonNode ma = ok(maOrg, "marketo", "event=expo", lead);
        assertThat(ma.path("records").path(0).path("action").asText()).isEqualTo("CREATE");
        assertThat(ma.path("records").path(0).path("fields").path("email").asText())
                .isEqualTo("marie.curie@radium-institute.fr");
        assertThat(ma.path("wouldFail").path("category").asText()).isEqualTo("CAMPAIGN_ERROR");
        assertThat(ma.path("wouldFail").path("message").asText()).contains("is archived and rejects members");
        assertThat(requests("marketo").keySet()).allMatch(k -> k.startsWith("GET ") || k.contains("/oauth/"));
        assertThat(count("lead", sfOrg) + count("lead", maOrg)).isZero();
    }

    @Test
    void zohoPipedriveAndAccountEngagementPreviewTheirRecords() {
        Map<String, Object> lead = Map.of(
                "email", "rosalind.franklin@kings-college.example.com",
                "firstName", "Rosalind",
                "lastName", "Franklin",
                "company", "King's College",
                "qualifiers", Map.of("Lead type", List.of("Warm")));
        Map<String, Integer> leadsBefore = Map.of(
                "demo-zoho",
                count("lead", "demo-zoho"),
                "demo-pd",
                count("lead", "demo-pd"),
                "demo-sf",
                count("lead", "demo-sf"));

        JsonNode zoho = ok("demo-zoho", "zoho", "event=demo-event", lead);
        assertThat(zoho.has("wouldFail")).as("%s", zoho).isFalse();
        JsonNode zohoLead = zoho.path("records").path(0);
        assertThat(zohoLead.path("vendorObject").asText()).isEqualTo("Leads");
        assertThat(zohoLead.path("action").asText()).isEqualTo("CREATE");
        assertThat(zohoLead.path("fields").path("Last_Name").asText()).isEqualTo("Franklin");
        assertThat(zohoLead.path("fields").path("Leadhub_Lead_Type").asText()).isEqualTo("Warm");
        assertThat(zoho.path("records").path(1).path("fields").path("status").asText())
                .isEqualTo("Received");

        JsonNode pipedrive = ok("demo-pd", "pipedrive", "event=demo-event", lead);
        assertThat(pipedrive.has("wouldFail")).as("%s", pipedrive).isFalse();
        JsonNode organization = pipedrive.path("records").path(0);
        assertThat(organization.path("vendorObject").asText()).isEqualTo("organizations");
        assertThat(organization.path("action").asText()).isEqualTo("CREATE");
        JsonNode person = pipedrive.path("records").path(1);
        assertThat(person.path("action").asText()).isEqualTo("CREATE");
        assertThat(person.path("fields").path("name").asText()).isEqualTo("Rosalind Franklin");
        assertThat(person.path("fields").path("emails").path(0).path("value").asText())
                .isEqualTo("rosalind.franklin@kings-college.example.com");
        assertThat(person.path("fields")
                        .path("custom_fields")
                        .path("329aad4ff561215110d3a083476f11870577a9e6")
                        .asText())
                .isEqualTo("102");

        JsonNode pardot = ok("demo-sf", "pardot", "event=demo-event", lead);
        assertThat(pardot.has("wouldFail")).as("%s", pardot).isFalse();
        JsonNode prospect = pardot.path("records").path(0);
        assertThat(prospect.path("action").asText()).isEqualTo("CREATE");
        assertThat(prospect.path("fields").path("email").asText())
                .isEqualTo("rosalind.franklin@kings-college.example.com");
        assertThat(prospect.path("fields").has("campaignId")).isTrue();

        assertThat(requests("zoho").keySet())
                .allMatch(k -> k.startsWith("GET ") || k.equals("POST /crm/v8/coql") || k.contains("/oauth/"));
        assertThat(requests("pipedrive").keySet()).allMatch(k -> k.startsWith("GET ") || k.contains("/oauth/"));
        assertThat(requests("pardot").keySet()).allMatch(k -> k.startsWith("GET ") || k.contains("/oauth2/"));
        leadsBefore.forEach((org, n) -> assertThat(count("lead", org)).isEqualTo(n));
    }

    @Test
    void accessAndBadInput() {
        String org = newOrg(true);
        String other = newOrg(true);
        long lead = captureJson(org, Map.of("email", "mine@analytical-engines.com", "lastName", "Mine"))
                .getBody()
                .path("id")
                .asLong();
        // synced before the test ends, so no background batch of it meets another test's scripted faults
        awaitSettled(org);
        String otherAdmin = keys.issue(other, Role.ADMIN, "preview other admin");
        String capture = keys.issue(org, Role.CAPTURE, "preview capture");
        assertThat(preview(other, "hubspot", null, Map.of("leadId", lead), otherAdmin)
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
        assertThat(preview(org, "hubspot", null, Map.of("leadId", lead), otherAdmin)
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
        assertThat(preview(org, "hubspot", null, Map.of("leadId", lead), capture)
                        .getStatusCode()
                        .value())
                .isEqualTo(403);
        assertThat(preview(org, "salesforce", null, Map.of("leadId", lead), OPERATOR)
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
        assertThat(preview(org, "hubspot", null, Map.of("email", "a@b.com"), OPERATOR)
                        .getStatusCode()
                        .value())
                .as("a capture body needs ?event=")
                .isEqualTo(400);
        assertThat(preview(org, "hubspot", "event=nope", Map.of("email", "a@b.com"), OPERATOR)
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
        ResponseEntity<JsonNode> invalid =
                preview(org, "hubspot", "event=expo", Map.of("email", "not-an-email", "lastName", "X"), OPERATOR);
        assertThat(invalid.getStatusCode().value()).isEqualTo(422);
        assertThat(invalid.getBody().toString()).contains("invalid email");
        assertThat(preview(org, "hubspot", "event=expo", Map.of("colour", "blue"), OPERATOR)
                        .getStatusCode()
                        .value())
                .isEqualTo(400);
        assertThat(preview(org, "hubspot", null, Map.of("leadId", "x"), OPERATOR)
                        .getStatusCode()
                        .value())
                .isEqualTo(400);
        assertThat(preview(org, "hubspot", null, List.of(1), OPERATOR)
                        .getStatusCode()
                        .value())
                .isEqualTo(400);
        assertThat(preview(org, "hubspot", null, null, OPERATOR).getStatusCode().value())
                .isEqualTo(400);
    }
}
