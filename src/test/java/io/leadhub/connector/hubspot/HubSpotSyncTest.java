package io.leadhub.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.HubTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * End to end through the real pipeline: capture over HTTP, enrichment by the simulated providers,
 * batching, the HubSpot connector, and the HubSpot simulator; asserts the records HubSpot holds and
 * the reconciliation rows.
 */
class HubSpotSyncTest extends HubTest {

    @BeforeEach
    void resetSimulators() {
        sandbox(HttpMethod.POST, "/hubspot/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/enrichment/_reset", null);
    }

    @Test
    void csvImportEnrichesAndSyncsOneContactPerEmail() {
        String org = newOrg(true);
        var answer = importCsv(org, """
                First Name,Email,Company,Q: Lead type,Q: Product interest
                Maria,maria.garcia@globex.io,,Hot,Robots|Drones
                Li,LI.WEI@initech.com,Initech,Warm,
                Maria,Maria.Garcia@GLOBEX.io,,,Software
                """);
        assertThat(answer.getBody().path("imported").asInt()).isEqualTo(2);
        assertThat(answer.getBody().path("merged").asInt()).isEqualTo(1);
        awaitSettled(org);

        Map<String, JsonNode> contacts = hubspotContacts();
        assertThat(contacts).containsOnlyKeys("maria.garcia@globex.io", "li.wei@initech.com");
        JsonNode maria = contacts.get("maria.garcia@globex.io").path("properties");
        assertThat(maria.path("firstname").asText()).isEqualTo("Maria");
        assertThat(maria.path("lastname").asText())
                .as("filled by the people provider")
                .isEqualTo("Garcia");
        assertThat(maria.path("company").asText()).isEqualTo("Globex");
        assertThat(maria.path("leadhub_lead_type").asText()).isEqualTo("hot");
        assertThat(maria.path("leadhub_product_interest").asText().split(";"))
                .containsExactlyInAnyOrder("robots", "drones", "software");
        assertThat(maria.path("associatedcompanyid").asText()).isNotEmpty();

        Map<String, Object> row = syncRow(org, "maria.garcia@globex.io");
        assertThat(row.get("STATE")).isEqualTo("CLEARED");
        assertThat(row.get("VENDOR_OBJECT")).isEqualTo("contact");
        assertThat(row.get("VENDOR_ID"))
                .isEqualTo(contacts.get("maria.garcia@globex.io").path("id").asText());
        assertThat(row.get("ACTION")).isEqualTo("CREATED");
        assertThat(row.get("COMPANY_VENDOR_ID"))
                .isEqualTo(maria.path("associatedcompanyid").asText());
        assertThat((String) row.get("MATCH_TRACE")).contains("upsert by email maria.garcia@globex.io -> created");

        JsonNode lead = send(HttpMethod.GET, api("/orgs/" + org + "/leads/" + row.get("LEAD_ID")), OPERATOR, null)
                .getBody();
        assertThat(lead.path("provenance").path("lastName").asText()).isEqualTo("sandbox-people");
        assertThat(lead.path("fields").path("firstName").asText())
                .as("captured value kept")
                .isEqualTo("Maria");

        JsonNode s = summary(org);
        assertThat(s.path("cleared").asInt()).isEqualTo(2);
        assertThat(s.path("failed").asInt()).isZero();
        JsonNode stats = sandbox(HttpMethod.GET, "/hubspot/_stats", null);
        assertThat(stats.path("requests")
                        .path("POST /crm/v3/objects/contacts/batch/upsert")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void partialFailureIn207FailsOnlyThatLead() {
        String org = newOrg(true);
        sandbox(
                HttpMethod.POST,
                "/hubspot/_faults",
                Map.of(
                        "method",
                        "POST",
                        "path",
                        "/crm/v3/objects/contacts/batch/upsert",
                        "status",
                        207,
                        "count",
                        1,
                        "body",
                        Map.of(
                                "status",
                                "COMPLETE",
                                "numErrors",
                                1,
                                "results",
                                List.of(
                                        Map.of(
                                                "id",
                                                "501",
                                                "new",
                                                true,
                                                "properties",
                                                Map.of("email", "a@vandelay.com")),
                                        Map.of(
                                                "id",
                                                "502",
                                                "new",
                                                false,
                                                "properties",
                                                Map.of("email", "b@vandelay.com"))),
                                "errors",
                                List.of(Map.of(
                                        "status",
                                        "error",
                                        "category",
                                        "VALIDATION_ERROR",
                                        "message",
                                        "Property values were not valid",
                                        "errors",
                                        List.of(Map.of(
                                                "code",
                                                "INVALID_OPTION",
                                                "message",
                                                "lukewarm was not one of the allowed options")),
                                        "context",
                                        Map.of("ids", List.of("c@vandelay.com")))))));
        importCsv(
                org, "Email,First Name,Last Name\na@vandelay.com,Ann,A\nb@vandelay.com,Bob,B\nc@vandelay.com,Cid,C\n");
        awaitSettled(org);

        assertThat(syncRow(org, "a@vandelay.com"))
                .containsEntry("STATE", "CLEARED")
                .containsEntry("VENDOR_ID", "501")
                .containsEntry("ACTION", "CREATED");
        assertThat(syncRow(org, "b@vandelay.com"))
                .containsEntry("STATE", "CLEARED")
                .containsEntry("ACTION", "UPDATED");
        assertThat(syncRow(org, "c@vandelay.com"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "DATA_VALUE_VALIDATION")
                .containsEntry("VENDOR_CODE", "INVALID_OPTION");
    }

    @Test
    void resultMissingForAnInputIsAFailureNotASuccess() {
        String org = newOrg(true);
        sandbox(
                HttpMethod.POST,
                "/hubspot/_faults",
                Map.of(
                        "method",
                        "POST",
                        "path",
                        "/crm/v3/objects/contacts/batch/upsert",
                        "status",
                        200,
                        "count",
                        1,
                        "body",
                        Map.of("status", "COMPLETE", "results", List.of())));
        captureJson(org, Map.of("captureId", "x1", "email", "ghost@vandelay.com", "lastName", "Ghost"));
        awaitSettled(org);
        assertThat(syncRow(org, "ghost@vandelay.com"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "VENDOR_UNAVAILABLE")
                .containsEntry("VENDOR_CODE", "NO_RESULT");
    }

    @Test
    void wholeBatchRejectionIsSplitToIsolateTheBadRecord() {
        String org = newOrg(true);
        // "Cold" maps to an option the portal does not have: HubSpot rejects the whole batch with 400
        send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/hubspot/qualifier-mappings"),
                OPERATOR,
                List.of(
                        Map.of(
                                "qualifier",
                                "Lead type",
                                "value",
                                "Hot",
                                "object",
                                "contact",
                                "vendorField",
                                "leadhub_lead_type",
                                "vendorValue",
                                "hot"),
                        Map.of(
                                "qualifier",
                                "Lead type",
                                "value",
                                "Cold",
                                "object",
                                "contact",
                                "vendorField",
                                "leadhub_lead_type",
                                "vendorValue",
                                "frozen")));
        importCsv(org, """
                Email,Last Name,Q: Lead type
                p1@initech.com,One,Hot
                p2@initech.com,Two,Hot
                p3@initech.com,Three,Cold
                p4@initech.com,Four,Hot
                """);
        awaitSettled(org);

        assertThat(syncRow(org, "p3@initech.com"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "DATA_VALUE_VALIDATION")
                .containsEntry("VENDOR_CODE", "INVALID_OPTION");
        for (String ok : List.of("p1@initech.com", "p2@initech.com", "p4@initech.com")) {
            assertThat(syncRow(org, ok)).containsEntry("STATE", "CLEARED");
        }
        assertThat(hubspotContacts()).containsOnlyKeys("p1@initech.com", "p2@initech.com", "p4@initech.com");
        assertThat((String) syncRow(org, "p3@initech.com").get("MATCH_TRACE"))
                .contains("splitting to isolate the bad record");
    }

    @Test
    void throttledCallHonoursRetryAfterAndSucceeds() {
        String org = newOrg(true);
        sandbox(
                HttpMethod.POST,
                "/hubspot/_faults",
                Map.of(
                        "method",
                        "POST",
                        "path",
                        "/crm/v3/objects/contacts/batch/upsert",
                        "status",
                        429,
                        "count",
                        1,
                        "headers",
                        Map.of("Retry-After", "1"),
                        "body",
                        Map.of(
                                "status",
                                "error",
                                "message",
                                "You have reached your ten_secondly_rolling limit.",
                                "errorType",
                                "RATE_LIMIT",
                                "policyName",
                                "TEN_SECONDLY_ROLLING")));
        captureJson(org, Map.of("captureId", "r1", "email", "rate@globex.io", "lastName", "Rate"));
        awaitSettled(org);
        assertThat(syncRow(org, "rate@globex.io")).containsEntry("STATE", "CLEARED");
        JsonNode stats = sandbox(HttpMethod.GET, "/hubspot/_stats", null);
        assertThat(stats.path("requests")
                        .path("POST /crm/v3/objects/contacts/batch/upsert")
                        .asInt())
                .isEqualTo(2);
        assertThat(hubspotContacts()).containsOnlyKeys("rate@globex.io");
    }

    @Test
    void expiredTokenIsRefreshedOnceAndTheCallReplayed() {
        String org = newOrg(true);
        captureJson(org, Map.of("captureId", "e1", "email", "first@globex.io", "lastName", "First"));
        awaitSettled(org);
        int tokenCalls = sandbox(HttpMethod.GET, "/hubspot/_stats", null)
                .path("requests")
                .path("POST /oauth/v1/token")
                .asInt();

        sandbox(HttpMethod.POST, "/hubspot/_tokens/expire", null);
        captureJson(org, Map.of("captureId", "e2", "email", "second@globex.io", "lastName", "Second"));
        awaitSettled(org);

        assertThat(syncRow(org, "second@globex.io")).containsEntry("STATE", "CLEARED");
        assertThat(sandbox(HttpMethod.GET, "/hubspot/_stats", null)
                        .path("requests")
                        .path("POST /oauth/v1/token")
                        .asInt())
                .isEqualTo(tokenCalls + 1);
    }

    @Test
    void refusedRefreshMeansAuthenticationAndNeedsReauth() {
        String org = newOrg(true);
        captureJson(org, Map.of("captureId", "a1", "email", "one@globex.io", "lastName", "One"));
        awaitSettled(org);
        sandbox(HttpMethod.POST, "/hubspot/_tokens/expire", null);
        sandbox(HttpMethod.POST, "/hubspot/_tokens/revoke-refresh", null);

        captureJson(org, Map.of("captureId", "a2", "email", "two@globex.io", "lastName", "Two"));
        awaitSettled(org);
        assertThat(syncRow(org, "two@globex.io"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "AUTHENTICATION");
        JsonNode integrations = send(HttpMethod.GET, api("/orgs/" + org + "/integrations"), OPERATOR, null)
                .getBody();
        assertThat(integrations.get(0).path("state").asText()).isEqualTo("NEEDS_REAUTH");

        captureJson(org, Map.of("captureId", "a3", "email", "three@globex.io", "lastName", "Three"));
        awaitSettled(org);
        assertThat(syncRow(org, "three@globex.io"))
                .containsEntry("STATE", "HELD")
                .containsEntry("HOLD_REASON", "NEEDS_REAUTH");
    }

    @Test
    void unmappedQualifierFailsBeforeAnyVendorCallAndRetrySucceedsWithoutDuplicate() {
        String org = newOrg(true);
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "v1",
                        "email",
                        "vip@hooli.xyz",
                        "lastName",
                        "Vip",
                        "qualifiers",
                        Map.of("Lead type", "VIP")));
        awaitSettled(org);
        assertThat(syncRow(org, "vip@hooli.xyz"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "NO_TAG_MAPPING");
        assertThat(sandbox(HttpMethod.GET, "/hubspot/_stats", null)
                        .path("requests")
                        .has("POST /crm/v3/objects/contacts/batch/upsert"))
                .isFalse();
        assertThat(summary(org).path("byCategory").path("NO_TAG_MAPPING").asInt())
                .isEqualTo(1);

        // map the value and retry the category
        var mappings = send(
                        HttpMethod.GET,
                        api("/orgs/" + org + "/integrations/hubspot/qualifier-mappings"),
                        OPERATOR,
                        null)
                .getBody();
        List<Object> rows = new ArrayList<>(json.convertValue(mappings, List.class));
        rows.add(Map.of(
                "qualifier",
                "Lead type",
                "value",
                "VIP",
                "object",
                "contact",
                "vendorField",
                "leadhub_lead_type",
                "vendorValue",
                "hot"));
        send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/hubspot/qualifier-mappings"), OPERATOR, rows);
        var retried = send(
                HttpMethod.POST,
                api("/orgs/" + org + "/integrations/hubspot/reconciliation/retry"),
                OPERATOR,
                Map.of("category", "NO_TAG_MAPPING"));
        assertThat(retried.getBody().path("retried").asInt()).isEqualTo(1);
        awaitSettled(org);
        assertThat(syncRow(org, "vip@hooli.xyz")).containsEntry("STATE", "CLEARED");

        // retrying everything again upserts the same contact: still one record
        jdbc.update(
                "UPDATE lead_sync SET state = 'FAILED', category = 'VENDOR_UNAVAILABLE' WHERE org_id = :org",
                Map.of("org", org));
        send(
                HttpMethod.POST,
                api("/orgs/" + org + "/integrations/hubspot/reconciliation/retry"),
                OPERATOR,
                Map.of("all", true));
        awaitSettled(org);
        assertThat(hubspotContacts()).containsOnlyKeys("vip@hooli.xyz");
    }

    @Test
    void changedLeadIsSyncedAgainAsAnUpdateOfTheStoredRecord() {
        String org = newOrg(true);
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "c1",
                        "email",
                        "repeat@soylent.co",
                        "lastName",
                        "Repeat",
                        "qualifiers",
                        Map.of("Lead type", "Warm")));
        awaitSettled(org);
        String id = (String) syncRow(org, "repeat@soylent.co").get("VENDOR_ID");

        var again = captureJson(
                org,
                Map.of(
                        "captureId",
                        "c1",
                        "email",
                        "repeat@soylent.co",
                        "jobTitle",
                        "Buyer",
                        "activities",
                        List.of(Map.of(
                                "id",
                                "m1",
                                "type",
                                "MEETING",
                                "occurredAt",
                                "2026-11-20T10:00:00Z",
                                "subject",
                                "Booth demo"))));
        assertThat(again.getStatusCode().value()).isEqualTo(200);
        awaitSettled(org);

        Map<String, Object> row = syncRow(org, "repeat@soylent.co");
        assertThat(row)
                .containsEntry("STATE", "CLEARED")
                .containsEntry("VENDOR_ID", id)
                .containsEntry("ACTION", "UPDATED");
        assertThat((String) row.get("MATCH_TRACE"))
                .contains("stored id " + id + " updated")
                .contains("logged as meetings");
        assertThat(hubspotContacts()
                        .get("repeat@soylent.co")
                        .path("properties")
                        .path("jobtitle")
                        .asText())
                .isEqualTo("Buyer");
        assertThat(sandbox(HttpMethod.GET, "/hubspot/_records/meetings", null)).hasSize(1);
    }

    @Test
    void serverErrorsAreRetriedWithBackoffThenVendorUnavailable() {
        String org = newOrg(true);
        sandbox(
                HttpMethod.POST,
                "/hubspot/_faults",
                Map.of(
                        "method",
                        "POST",
                        "path",
                        "/crm/v3/objects/contacts/batch/upsert",
                        "status",
                        503,
                        "count",
                        1,
                        "body",
                        Map.of(
                                "status",
                                "error",
                                "message",
                                "Service Unavailable",
                                "category",
                                "SERVICE_UNAVAILABLE")));
        captureJson(org, Map.of("captureId", "s1", "email", "once@globex.io", "lastName", "Once"));
        awaitSettled(org);
        assertThat(syncRow(org, "once@globex.io")).as("one 503, then success").containsEntry("STATE", "CLEARED");

        sandbox(
                HttpMethod.POST,
                "/hubspot/_faults",
                Map.of(
                        "method",
                        "POST",
                        "path",
                        "/crm/v3/objects/contacts/batch/upsert",
                        "status",
                        503,
                        "count",
                        10,
                        "body",
                        Map.of(
                                "status",
                                "error",
                                "message",
                                "Service Unavailable",
                                "category",
                                "SERVICE_UNAVAILABLE")));
        captureJson(org, Map.of("captureId", "s2", "email", "down@globex.io", "lastName", "Down"));
        awaitSettled(org);
        Map<String, Object> row = syncRow(org, "down@globex.io");
        assertThat(row)
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "VENDOR_UNAVAILABLE")
                .containsEntry("VENDOR_CODE", "503");
        assertThat(row.get("NEXT_ATTEMPT_AT"))
                .as("transient: scheduled for an automatic retry")
                .isNotNull();
        assertThat(hubspotContacts()).containsOnlyKeys("once@globex.io");
        sandbox(HttpMethod.DELETE, "/hubspot/_faults", null);
    }

    @Test
    void writePoliciesKeepVendorValuesWhereAsked() {
        String org = newOrg(true);
        send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/hubspot/mappings/contact"),
                OPERATOR,
                List.of(
                        Map.of("hubField", "email", "vendorField", "email", "type", "EMAIL"),
                        Map.of("hubField", "firstName", "vendorField", "firstname"),
                        Map.of("hubField", "jobTitle", "vendorField", "jobtitle", "writePolicy", "IF_EMPTY"),
                        Map.of(
                                "hubField",
                                "captureSource",
                                "vendorField",
                                "leadhub_capture_source",
                                "writePolicy",
                                "CREATE_ONLY")));
        // the contact exists in HubSpot already, with a job title and a capture source set by someone else
        String token = send(
                        HttpMethod.POST,
                        base() + "/sandbox/hubspot/oauth/v1/token",
                        null,
                        "grant_type=refresh_token&refresh_token=sandbox-hubspot-refresh&client_id=sandbox-hubspot-client&client_secret=sandbox-hubspot-secret",
                        MediaType.APPLICATION_FORM_URLENCODED)
                .getBody()
                .path("access_token")
                .asText();
        var h = new HttpHeaders();
        h.setBearerAuth(token);
        h.setContentType(MediaType.APPLICATION_JSON);
        rest.exchange(
                base() + "/sandbox/hubspot/crm/v3/objects/contacts/batch/upsert",
                HttpMethod.POST,
                new HttpEntity<>(
                        Map.of(
                                "inputs",
                                List.of(Map.of(
                                        "id",
                                        "known@hooli.xyz",
                                        "idProperty",
                                        "email",
                                        "properties",
                                        Map.of(
                                                "jobtitle",
                                                "CEO",
                                                "firstname",
                                                "Old",
                                                "leadhub_capture_source",
                                                "WEBINAR")))),
                        h),
                JsonNode.class);

        captureJson(
                org, Map.of("captureId", "w1", "email", "known@hooli.xyz", "firstName", "New", "jobTitle", "Intern"));
        captureJson(
                org, Map.of("captureId", "w2", "email", "fresh@hooli.xyz", "firstName", "Fresh", "jobTitle", "Intern"));
        awaitSettled(org);

        JsonNode known = hubspotContacts().get("known@hooli.xyz").path("properties");
        assertThat(known.path("firstname").asText()).as("ALWAYS").isEqualTo("New");
        assertThat(known.path("jobtitle").asText())
                .as("IF_EMPTY keeps a vendor value")
                .isEqualTo("CEO");
        assertThat(known.path("leadhub_capture_source").asText())
                .as("CREATE_ONLY leaves existing records")
                .isEqualTo("WEBINAR");
        JsonNode fresh = hubspotContacts().get("fresh@hooli.xyz").path("properties");
        assertThat(fresh.path("jobtitle").asText()).isEqualTo("Intern");
        assertThat(fresh.path("leadhub_capture_source").asText()).isEqualTo("MANUAL");
    }
}
