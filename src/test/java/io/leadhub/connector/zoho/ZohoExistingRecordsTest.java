package io.leadhub.connector.zoho;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;

/**
 * Zoho records that exist before the hub writes: write policies on upserts by email and by stored
 * id (SPEC §7.1: CREATE_ONLY keeps the record's value, IF_EMPTY fills only an empty one, ALWAYS
 * overwrites; the records are read first with one COQL query), and campaign member statuses that
 * only move forward (SPEC §7.3).
 */
class ZohoExistingRecordsTest extends ZohoHubTest {
    private static final String COQL = "POST /crm/v8/coql";
    private static final String MEMBERS_READ = "GET /crm/v8/Campaigns/{id}/{module}";
    private static final String MEMBERS_WRITE = "PUT /crm/v8/Campaigns/{id}/{module}";

    /** A Zoho user's own upsert of a Lead (matched by Email), with their own token. */
    private String userUpsert(Map<String, Object> record) {
        var form = new LinkedMultiValueMap<String, String>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", "sandbox-zoho-refresh");
        form.add("client_id", "sandbox-zoho-client");
        form.add("client_secret", "sandbox-zoho-secret");
        HttpHeaders th = new HttpHeaders();
        th.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        String token = rest.postForEntity(
                        base() + "/sandbox/zoho/oauth/v2/token", new HttpEntity<>(form, th), JsonNode.class)
                .getBody()
                .path("access_token")
                .asText();
        HttpHeaders h = new HttpHeaders();
        h.set("Authorization", "Zoho-oauthtoken " + token);
        h.setContentType(MediaType.APPLICATION_JSON);
        var r = rest.exchange(
                base() + "/sandbox/zoho/crm/v8/Leads/upsert",
                HttpMethod.POST,
                new HttpEntity<>(Map.of("data", List.of(record), "duplicate_check_fields", List.of("Email")), h),
                JsonNode.class);
        assertThat(r.getStatusCode().is2xxSuccessful())
                .as(String.valueOf(r.getBody()))
                .isTrue();
        return r.getBody().path("data").path(0).path("details").path("id").asText();
    }

    private void policies(String org) {
        String url = api("/orgs/" + org + "/integrations/zoho/mappings/lead");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode r : send(HttpMethod.GET, url, OPERATOR, null).getBody()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> row = json.convertValue(r, LinkedHashMap.class);
            switch (r.path("vendorField").asText()) {
                case "Designation", "Description" -> row.put("writePolicy", "IF_EMPTY");
                case "Leadhub_Capture_Source" -> row.put("writePolicy", "CREATE_ONLY");
                default -> {}
            }
            rows.add(row);
        }
        assertThat(send(HttpMethod.PUT, url, OPERATOR, rows).getStatusCode().value())
                .isEqualTo(200);
    }

    private void awaitVersionSynced(String org, String email) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> jdbc.queryForObject(
                                "SELECT COUNT(*) FROM lead_sync s JOIN lead l ON l.id = s.lead_id WHERE s.org_id = :org "
                                        + "AND l.email_norm = :e AND s.state IN ('CLEARED', 'FAILED') AND s.synced_version = l.version",
                                Map.of("org", org, "e", email),
                                Integer.class)
                        == 1);
        awaitSettled(org);
    }

    @Test
    void upsertsHonourWritePoliciesByEmailAndByStoredId() {
        String org = zohoOrg();
        policies(org);
        String email = "zdenka.horakova@existing-records.example";
        String id = userUpsert(Map.of(
                "Last_Name",
                "Horáková",
                "Company",
                "Existing Records s.r.o.",
                "Email",
                email,
                "Designation",
                "Managing Director",
                "Leadhub_Capture_Source",
                "WEBINAR",
                "Leadhub_Event",
                "Spring Summit"));

        Map<String, Object> lead = new LinkedHashMap<>(Map.of(
                "captureId",
                "z-policy-1",
                "email",
                email,
                "firstName",
                "Zdeňka",
                "lastName",
                "Horáková",
                "company",
                "Existing Records s.r.o.",
                "jobTitle",
                "Nákupčí",
                "notes",
                "Wants the drone demo"));
        assertThat(captureJson(org, lead).getStatusCode().value()).isEqualTo(201);
        awaitVersionSynced(org, email);

        assertThat(zohoRow(org, email))
                .containsEntry("STATE", "CLEARED")
                .containsEntry("VENDOR_ID", id)
                .containsEntry("ACTION", "UPDATED");
        JsonNode r = records("Leads").get(email);
        assertThat(r.path("Designation").asText())
                .as("IF_EMPTY keeps the record's value")
                .isEqualTo("Managing Director");
        assertThat(r.path("Leadhub_Capture_Source").asText())
                .as("CREATE_ONLY keeps it")
                .isEqualTo("WEBINAR");
        assertThat(r.path("Description").asText())
                .as("IF_EMPTY fills an empty field")
                .isEqualTo("Wants the drone demo");
        assertThat(r.path("Leadhub_Event").asText()).as("ALWAYS overwrites").isEqualTo("Test Expo");
        assertThat((String) zohoRow(org, email).get("MATCH_TRACE"))
                .contains("exists; kept its values of [Designation, Leadhub_Capture_Source]");
        assertThat(calls(COQL)).isEqualTo(1);

        // a Zoho user empties the title and writes a note; the lead changes and is upserted again by its stored id
        userUpsert(Map.of(
                "Email", email, "Designation", "", "Description", "Own note", "Leadhub_Event", "Changed by a user"));
        lead.put("qualifiers", Map.of("Lead type", List.of("Hot")));
        assertThat(captureJson(org, lead).getStatusCode().value()).isEqualTo(200);
        awaitVersionSynced(org, email);

        assertThat((String) zohoRow(org, email).get("MATCH_TRACE")).contains("upsert by stored id -> updated " + id);
        r = records("Leads").get(email);
        assertThat(r.path("Designation").asText())
                .as("IF_EMPTY fills the emptied field")
                .isEqualTo("Nákupčí");
        assertThat(r.path("Description").asText())
                .as("IF_EMPTY keeps the user's note")
                .isEqualTo("Own note");
        assertThat(r.path("Leadhub_Capture_Source").asText())
                .as("CREATE_ONLY still keeps it")
                .isEqualTo("WEBINAR");
        assertThat(r.path("Leadhub_Event").asText()).as("ALWAYS overwrites").isEqualTo("Test Expo");
        assertThat(r.path("Leadhub_Lead_Type").asText()).isEqualTo("Hot");
        assertThat(calls(COQL)).isEqualTo(2);
        assertThat(records("Leads")).hasSize(1);
    }

    @Test
    void newLeadsWithoutConditionalFieldsAreNotRead() {
        String org = zohoOrg();
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "z-plain",
                        "email",
                        "plain@existing-records.example",
                        "lastName",
                        "Plain",
                        "company",
                        "Acme"));
        awaitSettled(org);
        assertThat(zohoRow(org, "plain@existing-records.example")).containsEntry("STATE", "CLEARED");
        assertThat(calls(COQL)).isZero();
    }

    private String memberStatus(String recordId) {
        for (JsonNode m : sandbox(HttpMethod.GET, "/zoho/_records/CampaignMembers", null)) {
            if (recordId.equals(m.path("recordId").asText())
                    && DEMO_CAMPAIGN.equals(m.path("campaignId").asText())) {
                return m.path("Member_Status").asText();
            }
        }
        return null;
    }

    @Test
    void aMemberStatusMovesForwardButNeverBack() {
        String org = zohoOrg();
        String email = "late.scan@existing-records.example";
        Map<String, Object> lead = new LinkedHashMap<>(
                Map.of("captureId", "z-member", "email", email, "lastName", "Scan", "company", "Acme"));
        assertThat(link(org, Map.of("campaignId", DEMO_CAMPAIGN, "memberStatus", "Received"))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        captureJson(org, lead);
        awaitVersionSynced(org, email);
        String id = (String) zohoRow(org, email).get("VENDOR_ID");
        assertThat(memberStatus(id)).isEqualTo("Received");

        // the show's follow-up: the link now says Responded; the changed lead moves forward
        assertThat(link(org, Map.of("campaignId", DEMO_CAMPAIGN, "memberStatus", "Responded"))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        lead.put("jobTitle", "Buyer");
        captureJson(org, lead);
        awaitVersionSynced(org, email);
        assertThat(memberStatus(id)).isEqualTo("Responded");
        int writes = calls(MEMBERS_WRITE);

        // a late, replayed scan wants Received again: the member keeps Responded, nothing is written
        assertThat(link(org, Map.of("campaignId", DEMO_CAMPAIGN, "memberStatus", "Received"))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        lead.put("notes", "Scanned again on the last day");
        captureJson(org, lead);
        awaitVersionSynced(org, email);

        assertThat(memberStatus(id)).isEqualTo("Responded");
        Map<String, Object> row = zohoRow(org, email);
        assertThat(row).containsEntry("STATE", "CLEARED");
        assertThat((String) row.get("MATCH_TRACE")).contains("keeps status 'Responded'", "never move backwards");
        assertThat(calls(MEMBERS_WRITE)).isEqualTo(writes);
        assertThat(calls(MEMBERS_READ))
                .as("the new lead was no member: read on the updates only")
                .isEqualTo(2);
    }
}
