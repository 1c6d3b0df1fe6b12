package io.leadhub.connector.pipedrive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * End to end through the real pipeline into the Pipedrive simulator: capture over HTTP, enrichment,
 * batching, the Pipedrive connector; asserts the persons, organizations and notes Pipedrive holds
 * and the reconciliation rows.
 */
class PipedriveSyncTest extends PipedriveTestSupport {

    @BeforeEach
    void resetSimulators() {
        sandbox(HttpMethod.POST, "/pipedrive/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/enrichment/_reset", null);
    }

    @Test
    void sampleCsvGivesOnePersonPerUniqueEmailLinkedToItsOrganization() throws Exception {
        String org = newPipedriveOrg();
        String csv = new String(
                getClass().getResourceAsStream("/sample/leads-sample.csv").readAllBytes(), StandardCharsets.UTF_8);
        assertThat(importCsv(org, csv).getBody().path("imported").asInt()).isEqualTo(13);
        awaitSettled(org);

        JsonNode summary = pdSummary(org);
        assertThat(summary.path("cleared").asInt()).isEqualTo(12);
        assertThat(summary.path("byCategory").path("NO_TAG_MAPPING").asInt())
                .as("Grace Kim: VIP has no mapping")
                .isEqualTo(1);
        Map<String, JsonNode> persons = persons();
        assertThat(persons).hasSize(12).doesNotContainKey("grace.kim@initech.com");

        Map<Long, String> orgNames = new HashMap<>();
        records("organizations")
                .forEach(o -> orgNames.put(o.path("id").asLong(), o.path("name").asText()));
        assertThat(orgNames.values())
                .as("one organization per company name")
                .doesNotHaveDuplicates()
                .contains(
                        "Globex",
                        "Umbrella Labs",
                        "Wayne Enterprises",
                        "Soylent",
                        "Vandelay Industries",
                        "Cyberdyne Systems",
                        "Acme Robotics");
        JsonNode maria = persons.get("maria.garcia@globex.io");
        JsonNode noah = persons.get("noah.levi@globex.io");
        assertThat(orgNames.get(maria.path("org_id").asLong())).isEqualTo("Globex");
        assertThat(noah.path("org_id").asLong())
                .as("same organization, found by name")
                .isEqualTo(maria.path("org_id").asLong());
        assertThat(orgNames.get(
                        persons.get("kenji.tanaka@cyberdyne.ai").path("org_id").asLong()))
                .isEqualTo("Cyberdyne Systems");

        assertThat(maria.path("name").asText()).isEqualToIgnoringCase("Maria Garcia");
        assertThat(maria.path("job_title").asText())
                .as("the second scan merged in")
                .isEqualTo("Head of Procurement");
        assertThat(maria.path("custom_fields").path(LEAD_TYPE).asText())
                .as("Hot -> option 101")
                .isEqualTo("101");
        assertThat(maria.path("custom_fields").path(PRODUCT_INTEREST).asText().split(";"))
                .contains("Robots", "Drones");
        assertThat(maria.path("custom_fields").path(EVENT_FIELD).asText()).isEqualTo("Test Expo");
        assertThat(persons.get("tom.becker@umbrella-labs.de")
                        .path("phones")
                        .path(0)
                        .path("value")
                        .asText())
                .startsWith("+49");

        Map<String, Object> row = syncRow(org, "maria.garcia@globex.io");
        assertThat(row)
                .containsEntry("STATE", "CLEARED")
                .containsEntry("VENDOR_OBJECT", "person")
                .containsEntry("VENDOR_ID", maria.path("id").asText())
                .containsEntry("ACTION", "CREATED")
                .containsEntry("COMPANY_VENDOR_ID", maria.path("org_id").asText());
        assertThat((String) row.get("MATCH_TRACE"))
                .contains("organization: name 'Globex'")
                .contains("not found; created " + maria.path("id").asText());
        JsonNode stats = stats();
        assertThat(stats.path("requests").path("POST /api/v2/persons").asInt())
                .as("one create per person")
                .isEqualTo(12);
        assertThat(stats.path("requests").path("GET /api/v2/persons/search").asInt())
                .as("one email search per person")
                .isEqualTo(12);
        assertThat(config().path("throttled").asInt()).isZero();
    }

    @Test
    void seededDemoPdOrgTakesTheSampleCsv() throws Exception {
        String csv = new String(
                getClass().getResourceAsStream("/sample/leads-sample.csv").readAllBytes(), StandardCharsets.UTF_8);
        // the demo org is shared with other tests of this context: count what this upload adds
        JsonNode before = pdSummary("demo-pd");
        var answer = send(
                HttpMethod.POST,
                api("/orgs/demo-pd/events/demo-event/leads/import"),
                OPERATOR,
                csv,
                MediaType.valueOf("text/csv"));
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        awaitSettled("demo-pd");
        JsonNode summary = pdSummary("demo-pd");
        assertThat(summary.path("cleared").asInt() - before.path("cleared").asInt())
                .isEqualTo(12);
        assertThat(summary.path("byCategory").path("NO_TAG_MAPPING").asInt()
                        - before.path("byCategory").path("NO_TAG_MAPPING").asInt())
                .isEqualTo(1);
        Map<String, JsonNode> persons = persons();
        assertThat(persons).hasSize(12);
        assertThat(persons.get("elena.rossi@vandelay.com")
                        .path("custom_fields")
                        .path(LEAD_TYPE)
                        .asText())
                .isEqualTo("101");
        assertThat(persons.get("elena.rossi@vandelay.com").path("org_id").isNumber())
                .isTrue();
    }

    @Test
    void matchesByEmailThenByStoredIdAndLogsEachActivityOnceAsANote() {
        String org = newPipedriveOrg();
        long existing = existingPerson("Sam Okafor (old)", "Sam@Stark-Industries.com")
                .path("id")
                .asLong();
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "s1",
                        "email",
                        "sam@stark-industries.com",
                        "firstName",
                        "Sam",
                        "lastName",
                        "Okafor",
                        "company",
                        "Stark Industries",
                        "qualifiers",
                        Map.of("Lead type", "Warm"),
                        "activities",
                        List.of(Map.of(
                                "id",
                                "a1",
                                "type",
                                "CALL",
                                "occurredAt",
                                "2026-11-20T11:00:00Z",
                                "subject",
                                "Intro call",
                                "notes",
                                "Wants <pricing>"))));
        awaitSettled(org);
        Map<String, Object> row = syncRow(org, "sam@stark-industries.com");
        assertThat(row)
                .containsEntry("STATE", "CLEARED")
                .containsEntry("ACTION", "UPDATED")
                .containsEntry("VENDOR_ID", String.valueOf(existing));
        assertThat((String) row.get("MATCH_TRACE"))
                .contains("person: email sam@stark-industries.com found " + existing);
        JsonNode sam = persons().get("sam@stark-industries.com");
        assertThat(sam.path("name").asText()).isEqualTo("Sam Okafor");
        assertThat(sam.path("custom_fields").path(LEAD_TYPE).asText()).isEqualTo("102");
        assertThat(records("notes")).singleElement().satisfies(n -> {
            assertThat(n.path("person_id").asLong()).isEqualTo(existing);
            assertThat(n.path("content").asText())
                    .contains("<b>Call: Intro call</b>")
                    .contains("Wants &lt;pricing&gt;");
        });

        // second scan with a new activity: the stored id is updated directly (no search), the old note is not logged
        // again
        int searches = calls("GET /api/v2/persons/search");
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "s1",
                        "email",
                        "sam@stark-industries.com",
                        "jobTitle",
                        "Buyer",
                        "activities",
                        List.of(Map.of(
                                "id",
                                "a2",
                                "type",
                                "MEETING",
                                "occurredAt",
                                "2026-11-21T09:00:00Z",
                                "subject",
                                "Demo"))));
        awaitSettled(org);
        assertThat(calls("GET /api/v2/persons/search")).isEqualTo(searches);
        assertThat((String) syncRow(org, "sam@stark-industries.com").get("MATCH_TRACE"))
                .contains("person: stored id " + existing + " -> updated");
        assertThat(persons().get("sam@stark-industries.com").path("job_title").asText())
                .isEqualTo("Buyer");
        assertThat(records("notes")).hasSize(2);
        assertThat(records("persons")).hasSize(1);
    }

    @Test
    void noteThatFailsIsLoggedOnRetryWithoutRepeatingTheOthers() {
        String org = newPipedriveOrg();
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "n1",
                        "email",
                        "nina@vandelay.com",
                        "lastName",
                        "Nina",
                        "activities",
                        List.of(Map.of(
                                "id",
                                "a1",
                                "type",
                                "NOTE",
                                "occurredAt",
                                "2026-11-20T11:00:00Z",
                                "subject",
                                "First"))));
        awaitSettled(org);
        fault("POST", "/v1/notes", 503, "Service Unavailable", 4, Map.of());
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "n1",
                        "email",
                        "nina@vandelay.com",
                        "activities",
                        List.of(Map.of(
                                "id",
                                "a2",
                                "type",
                                "NOTE",
                                "occurredAt",
                                "2026-11-21T11:00:00Z",
                                "subject",
                                "Second"))));
        awaitSettled(org);
        assertThat(syncRow(org, "nina@vandelay.com"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "VENDOR_UNAVAILABLE");
        assertThat(records("notes")).hasSize(1);

        retryAll(org);
        awaitSettled(org);
        assertThat(syncRow(org, "nina@vandelay.com")).containsEntry("STATE", "CLEARED");
        assertThat(records("notes"))
                .extracting(n -> n.path("content").asText())
                .satisfiesExactlyInAnyOrder(
                        c -> assertThat(c).contains("First"), c -> assertThat(c).contains("Second"));
        assertThat(records("persons")).hasSize(1);
    }

    @Test
    void storedPersonDeletedInPipedriveFallsBackToTheEmail() {
        String org = newPipedriveOrg();
        captureJson(org, Map.of("captureId", "d1", "email", "del@soylent.co", "lastName", "Del"));
        awaitSettled(org);
        String first = (String) syncRow(org, "del@soylent.co").get("VENDOR_ID");
        sandbox(HttpMethod.POST, "/pipedrive/_reset", null);
        captureJson(org, Map.of("captureId", "d1", "email", "del@soylent.co", "jobTitle", "Buyer"));
        awaitSettled(org);
        Map<String, Object> row = syncRow(org, "del@soylent.co");
        assertThat(row).containsEntry("STATE", "CLEARED").containsEntry("ACTION", "CREATED");
        assertThat((String) row.get("MATCH_TRACE")).contains("stored id " + first + " not found");
        assertThat(records("persons"))
                .singleElement()
                .satisfies(p -> assertThat(p.path("job_title").asText()).isEqualTo("Buyer"));
    }

    @Test
    void leadWithoutEmailFailsBeforeAnyCall() {
        String org = newPipedriveOrg();
        var lead = captureJson(
                org, Map.of("captureId", "x1", "firstName", "Nora", "lastName", "Noemail", "phone", "+1 212 555 0100"));
        assertThat(lead.getStatusCode().value()).isEqualTo(201);
        awaitSettled(org);
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT * FROM lead_sync WHERE org_id = :org AND lead_id = :l",
                Map.of("org", org, "l", lead.getBody().path("id").asLong()));
        assertThat(row).containsEntry("STATE", "FAILED").containsEntry("CATEGORY", "MISSING_REQUIRED_FIELD");
        assertThat(stats().path("totalRequests").asInt()).isZero();
    }
}
