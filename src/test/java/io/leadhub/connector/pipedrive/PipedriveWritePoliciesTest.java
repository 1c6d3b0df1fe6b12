package io.leadhub.connector.pipedrive;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;

/**
 * Write policies against existing Pipedrive persons (SPEC §7.1), on both update paths: a person
 * found by email and a person the hub stored the id of. IF_EMPTY keeps a value the person has and
 * fills an empty one, CREATE_ONLY keeps the person's value, ALWAYS overwrites. The current values
 * come from one batched read ({@code GET /api/v2/persons?ids=}).
 */
class PipedriveWritePoliciesTest extends PipedriveTestSupport {
    private static final String CAPTURE_SOURCE = "7cbbe890a05c53920d18a4236b6c311f8de9389b";
    private static final String NOTES = "ba0028b4c0cedb6fcb2551393a5cd4b02cfc3483";
    private static final String READ = "GET /api/v2/persons";

    @BeforeEach
    void reset() {
        sandbox(HttpMethod.POST, "/pipedrive/_reset", null);
        sandbox(HttpMethod.POST, "/enrichment/_reset", null);
    }

    private String orgWithPolicies() {
        String org = newPipedriveOrg();
        String url = api("/orgs/" + org + "/integrations/pipedrive/mappings/person");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode r : send(HttpMethod.GET, url, OPERATOR, null).getBody()) {
            Map<String, Object> row = json.convertValue(r, LinkedHashMap.class);
            switch (r.path("vendorField").asText()) {
                case "job_title", NOTES -> row.put("writePolicy", "IF_EMPTY");
                case CAPTURE_SOURCE -> row.put("writePolicy", "CREATE_ONLY");
                default -> {}
            }
            rows.add(row);
        }
        assertThat(send(HttpMethod.PUT, url, OPERATOR, rows).getStatusCode().value())
                .isEqualTo(200);
        return org;
    }

    private String token() {
        var form = new LinkedMultiValueMap<String, String>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", "sandbox-pipedrive-refresh");
        HttpHeaders th = new HttpHeaders();
        th.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        th.setBasicAuth("sandbox-pipedrive-client", "sandbox-pipedrive-secret");
        return rest.postForEntity(base() + "/sandbox/pipedrive/oauth/token", new HttpEntity<>(form, th), JsonNode.class)
                .getBody()
                .path("access_token")
                .asText();
    }

    /** A Pipedrive user's own write (v2 API): creates (id null) or changes a person. */
    private JsonNode userWrite(String id, Map<String, Object> body) {
        try {
            var request = HttpRequest.newBuilder(
                            URI.create(base() + "/sandbox/pipedrive/api/v2/persons" + (id == null ? "" : "/" + id)))
                    .header("Authorization", "Bearer " + token())
                    .header("Content-Type", "application/json")
                    .method(
                            id == null ? "POST" : "PATCH",
                            HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)))
                    .build();
            var answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            return json.readTree(answer.body()).path("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode person(String id) {
        for (JsonNode p : records("persons")) {
            if (id.equals(p.path("id").asText())) return p;
        }
        throw new AssertionError("no person " + id);
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
    void policiesAreHonouredForPersonsFoundByEmailAndByStoredId() {
        String org = orgWithPolicies();
        String email = "margarethe.vonhohenberg@policies-gmbh.example";
        String id = userWrite(
                        null,
                        Map.of(
                                "name",
                                "Margarethe von Hohenberg",
                                "job_title",
                                "Chief Executive Officer",
                                "emails",
                                List.of(Map.of("value", email, "primary", true)),
                                "custom_fields",
                                Map.of(CAPTURE_SOURCE, "WEBINAR", EVENT_FIELD, "Spring Summit")))
                .path("id")
                .asText();
        int readsBefore = calls(READ);

        Map<String, Object> lead = new LinkedHashMap<>(Map.of(
                "captureId",
                "pd-policy-1",
                "email",
                email,
                "firstName",
                "Margarethe",
                "lastName",
                "von Hohenberg",
                "jobTitle",
                "Einkäuferin",
                "notes",
                "Interested in the drone line"));
        assertThat(captureJson(org, lead).getStatusCode().value()).isEqualTo(201);
        awaitVersionSynced(org, email);

        assertThat(syncRow(org, email))
                .containsEntry("STATE", "CLEARED")
                .containsEntry("VENDOR_ID", id)
                .containsEntry("ACTION", "UPDATED");
        JsonNode p = person(id);
        assertThat(p.path("job_title").asText())
                .as("IF_EMPTY keeps the person's value")
                .isEqualTo("Chief Executive Officer");
        assertThat(p.path("custom_fields").path(CAPTURE_SOURCE).asText())
                .as("CREATE_ONLY keeps it")
                .isEqualTo("WEBINAR");
        assertThat(p.path("custom_fields").path(NOTES).asText())
                .as("IF_EMPTY fills an empty field")
                .isEqualTo("Interested in the drone line");
        assertThat(p.path("custom_fields").path(EVENT_FIELD).asText())
                .as("ALWAYS overwrites")
                .isEqualTo("Test Expo");
        assertThat(calls(READ) - readsBefore).isEqualTo(1);

        // a Pipedrive user empties the job title and changes the event; the lead changes and is synced again by its
        // stored id
        userWrite(
                id,
                Map.of("job_title", "", "custom_fields", Map.of(EVENT_FIELD, "Changed by a user", NOTES, "Own note")));
        lead.put("qualifiers", Map.of("Lead type", List.of("Hot")));
        lead.put("notes", "Second visit");
        assertThat(captureJson(org, lead).getStatusCode().value()).isEqualTo(200);
        awaitVersionSynced(org, email);

        assertThat(syncRow(org, email)).containsEntry("STATE", "CLEARED").containsEntry("VENDOR_ID", id);
        p = person(id);
        assertThat(p.path("job_title").asText())
                .as("IF_EMPTY fills the emptied field")
                .isEqualTo("Einkäuferin");
        assertThat(p.path("custom_fields").path(NOTES).asText())
                .as("IF_EMPTY keeps the user's note")
                .isEqualTo("Own note");
        assertThat(p.path("custom_fields").path(CAPTURE_SOURCE).asText())
                .as("CREATE_ONLY still keeps it")
                .isEqualTo("WEBINAR");
        assertThat(p.path("custom_fields").path(EVENT_FIELD).asText())
                .as("ALWAYS overwrites")
                .isEqualTo("Test Expo");
        assertThat(p.path("custom_fields").path(LEAD_TYPE).asText()).isEqualTo("101");
        assertThat(calls(READ) - readsBefore).isEqualTo(2);
        assertThat(records("persons")).hasSize(1);
    }

    @Test
    void newPersonsGetEveryFieldAndNoReadWithoutConditionalFields() {
        String org = orgWithPolicies();
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "pd-policy-new",
                        "email",
                        "new.person@policies-gmbh.example",
                        "firstName",
                        "Nele",
                        "lastName",
                        "Neu",
                        "jobTitle",
                        "Buyer",
                        "notes",
                        "First contact"));
        awaitVersionSynced(org, "new.person@policies-gmbh.example");
        JsonNode p = persons().get("new.person@policies-gmbh.example");
        assertThat(p.path("job_title").asText()).isEqualTo("Buyer");
        assertThat(p.path("custom_fields").path(NOTES).asText()).isEqualTo("First contact");
        assertThat(p.path("custom_fields").path(CAPTURE_SOURCE).asText()).isEqualTo("MANUAL");
        assertThat(calls(READ))
                .as("nothing to read: the email search found no person")
                .isZero();
    }

    @Test
    void twoLeadsWithOneEmailInOneBatchMakeOnePerson() {
        String org = orgWithPolicies();
        send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/pipedrive"), OPERATOR, Map.of("syncMode", "MANUAL"));
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "pd-twice-1",
                        "email",
                        "twice@policies-gmbh.example",
                        "firstName",
                        "Tomasz",
                        "lastName",
                        "Twice",
                        "jobTitle",
                        "Buyer"));
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "pd-twice-2",
                        "email",
                        "twice@policies-gmbh.example",
                        "firstName",
                        "Tomasz",
                        "lastName",
                        "Twice",
                        "notes",
                        "Second scan"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject(
                                "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND state = 'FROZEN'",
                                Map.of("org", org),
                                Integer.class)
                        == 2);
        send(HttpMethod.POST, api("/orgs/" + org + "/integrations/pipedrive/sync"), OPERATOR, Map.of());
        awaitSettled(org);

        assertThat(records("persons")).hasSize(1);
        JsonNode p = records("persons").get(0);
        assertThat(p.path("job_title").asText()).isEqualTo("Buyer");
        assertThat(p.path("custom_fields").path(NOTES).asText())
                .as("the second lead fills the empty notes")
                .isEqualTo("Second scan");
        assertThat(jdbc.queryForList(
                        "SELECT action FROM lead_sync WHERE org_id = :org AND state = 'CLEARED' ORDER BY action",
                        Map.of("org", org),
                        String.class))
                .containsExactly("CREATED", "UPDATED");
    }
}
