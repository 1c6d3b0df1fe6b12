package io.leadhub.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.HubTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * The enrichment waterfall (SPEC §5) against the two sandbox providers: "sandbox-people" (by email)
 * and then "sandbox-companies" (by the company domain). Orgs have no integration, so only
 * enrichment runs on a captured lead.
 */
class EnrichmentTest extends HubTest {

    private static final String PEOPLE = "sandbox-people";
    private static final String COMPANIES = "sandbox-companies";

    @BeforeEach
    void resetSimulators() {
        sandbox(HttpMethod.POST, "/enrichment/_reset", null);
    }

    @AfterEach
    void clearFaults() {
        sandbox(HttpMethod.POST, "/enrichment/_reset", null);
    }

    @Test
    void emailOnlyLeadIsFilledByBothProvidersWithProvenancePerField() {
        String org = newOrg(false);
        long id = capture(org, Map.of("captureId", "e1", "email", "li.wei@initech.com"));
        JsonNode lead = awaitEnriched(org, id, Duration.ofSeconds(10));

        JsonNode fields = lead.path("fields");
        assertThat(fields.path("email").asText()).isEqualTo("li.wei@initech.com");
        assertThat(fields.path("firstName").asText()).isEqualTo("Li");
        assertThat(fields.path("lastName").asText()).isEqualTo("Wei");
        assertThat(fields.path("jobTitle").asText()).isEqualTo("CTO");
        assertThat(fields.path("linkedinUrl").asText()).isEqualTo("https://www.linkedin.com/in/li-wei");
        assertThat(fields.path("company").asText()).isEqualTo("Initech");
        assertThat(fields.path("website").asText()).isEqualTo("https://www.initech.com");
        assertThat(fields.path("city").asText()).isEqualTo("Austin");
        assertThat(fields.path("region").asText()).isEqualTo("TX");
        assertThat(fields.path("country").asText()).isEqualTo("United States");

        JsonNode provenance = lead.path("provenance");
        for (String f : List.of("firstName", "lastName", "jobTitle", "linkedinUrl", "phone", "company")) {
            assertThat(provenance.path(f).asText()).as("provenance of %s", f).isEqualTo(PEOPLE);
        }
        for (String f : List.of("website", "city", "region", "country")) {
            assertThat(provenance.path(f).asText()).as("provenance of %s", f).isEqualTo(COMPANIES);
        }
        assertThat(provenance.has("email")).as("captured, not enriched").isFalse();

        JsonNode requests = stats().path("requests");
        assertThat(requests.path("GET /people").asInt()).isEqualTo(1);
        assertThat(requests.path("GET /companies").asInt()).isEqualTo(1);
    }

    @Test
    void capturedValuesAreNeverOverwrittenAndHaveNoProvenance() {
        String org = newOrg(false);
        long id = capture(
                org,
                Map.of(
                        "captureId",
                        "e2",
                        "email",
                        "li.wei@initech.com",
                        "firstName",
                        "Lee",
                        "jobTitle",
                        "Chief Widget Officer",
                        "address",
                        Map.of("city", "Round Rock")));
        JsonNode lead = awaitEnriched(org, id, Duration.ofSeconds(10));

        JsonNode fields = lead.path("fields");
        assertThat(fields.path("firstName").asText()).isEqualTo("Lee");
        assertThat(fields.path("jobTitle").asText()).isEqualTo("Chief Widget Officer");
        assertThat(fields.path("city").asText()).isEqualTo("Round Rock");
        assertThat(fields.path("lastName").asText())
                .as("still empty, so filled")
                .isEqualTo("Wei");
        assertThat(fields.path("country").asText()).isEqualTo("United States");

        JsonNode provenance = lead.path("provenance");
        assertThat(provenance.has("firstName")).isFalse();
        assertThat(provenance.has("jobTitle")).isFalse();
        assertThat(provenance.has("city")).isFalse();
        assertThat(provenance.path("lastName").asText()).isEqualTo(PEOPLE);
        assertThat(provenance.path("country").asText()).isEqualTo(COMPANIES);
    }

    @Test
    void failingProviderIsSkippedAndTheNextStillFills() {
        String org = newOrg(false);
        fault(Map.of(
                "method",
                "GET",
                "path",
                "/people",
                "status",
                500,
                "count",
                100,
                "body",
                Map.of("error", "internal error")));
        long id = capture(org, Map.of("captureId", "e3", "email", "li.wei@initech.com"));
        JsonNode lead = awaitEnriched(org, id, Duration.ofSeconds(10));

        JsonNode fields = lead.path("fields");
        assertThat(fields.has("lastName")).as("the people provider failed").isFalse();
        assertThat(fields.has("jobTitle")).isFalse();
        assertThat(fields.has("linkedinUrl")).isFalse();
        assertThat(fields.path("company").asText()).isEqualTo("Initech");
        assertThat(fields.path("website").asText()).isEqualTo("https://www.initech.com");
        assertThat(fields.path("city").asText()).isEqualTo("Austin");
        JsonNode provenance = lead.path("provenance");
        assertThat(provenance.path("company").asText()).isEqualTo(COMPANIES);
        assertThat(provenance.path("city").asText()).isEqualTo(COMPANIES);
        assertThat(provenance.toString()).doesNotContain(PEOPLE);

        JsonNode requests = stats().path("requests");
        assertThat(requests.path("GET /people").asInt()).as("called, failed").isEqualTo(1);
        assertThat(requests.path("GET /companies").asInt()).isEqualTo(1);
    }

    @Test
    void slowProviderIsSkippedAfterItsTimeoutAndTheLeadStillFinishes() {
        String org = newOrg(false);
        // the provider timeout is 2 s; the company provider answers only after 4 s
        fault(Map.of("method", "GET", "path", "/companies", "delayMs", 4000, "count", 1));
        long started = System.nanoTime();
        long id = capture(org, Map.of("captureId", "e4", "email", "li.wei@initech.com"));
        long answeredMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(answeredMs)
                .as("the capture answer does not wait for enrichment")
                .isLessThan(1500);
        JsonNode lead = awaitEnriched(org, id, Duration.ofMillis(3600 - answeredMs));
        long tookMs = (System.nanoTime() - started) / 1_000_000;
        assertThat(tookMs)
                .as("skipped at the provider timeout, not after the 4 s answer")
                .isLessThan(3600);

        JsonNode fields = lead.path("fields");
        assertThat(fields.path("lastName").asText()).isEqualTo("Wei");
        assertThat(fields.path("company").asText()).isEqualTo("Initech");
        assertThat(fields.has("website")).as("the slow provider filled nothing").isFalse();
        assertThat(fields.has("city")).isFalse();
        assertThat(fields.has("country")).isFalse();
        assertThat(lead.path("provenance").toString()).doesNotContain(COMPANIES);
        assertThat(stats().path("requests").path("GET /companies").asInt())
                .as("it was called")
                .isEqualTo(1);
    }

    @Test
    void leadUnknownToEveryProviderFinishesWithNothingFilled() {
        String org = newOrg(false);
        long id = capture(org, Map.of("captureId", "e5", "email", "nobody@nowhere-industries.com"));
        JsonNode lead = awaitEnriched(org, id, Duration.ofSeconds(10));

        assertThat(names(lead.path("fields"))).containsExactly("email");
        assertThat(lead.path("provenance").isEmpty()).isTrue();
        JsonNode requests = stats().path("requests");
        assertThat(requests.path("GET /people").asInt())
                .as("asked, answered 404")
                .isEqualTo(1);
        assertThat(requests.path("GET /companies").asInt())
                .as("asked, answered 404")
                .isEqualTo(1);
    }

    @Test
    void providerIsNotCalledWhenEveryFieldItSuppliesIsFilled() {
        String org = newOrg(false);
        long person = capture(
                org,
                Map.of(
                        "captureId",
                        "e6",
                        "email",
                        "li.wei@initech.com",
                        "firstName",
                        "Li",
                        "lastName",
                        "Wei",
                        "jobTitle",
                        "CTO",
                        "phone",
                        "+1 512 555 0102",
                        "linkedinUrl",
                        "https://www.linkedin.com/in/li-wei",
                        "company",
                        "Initech"));
        JsonNode lead = awaitEnriched(org, person, Duration.ofSeconds(10));
        JsonNode requests = stats().path("requests");
        assertThat(requests.path("GET /people").asInt())
                .as("everything the people provider supplies is filled")
                .isZero();
        assertThat(requests.path("GET /companies").asInt())
                .as("website and location still empty")
                .isEqualTo(1);
        assertThat(lead.path("fields").path("city").asText()).isEqualTo("Austin");
        assertThat(lead.path("provenance").toString()).doesNotContain(PEOPLE);

        sandbox(HttpMethod.POST, "/enrichment/_reset", null);
        long complete = capture(
                org,
                Map.of(
                        "captureId",
                        "e7",
                        "email",
                        "priya.nair@hooli.xyz",
                        "firstName",
                        "Priya",
                        "lastName",
                        "Nair",
                        "jobTitle",
                        "PM",
                        "phone",
                        "+1 650 555 0112",
                        "linkedinUrl",
                        "https://www.linkedin.com/in/priya-nair",
                        "company",
                        "Hooli",
                        "website",
                        "https://www.hooli.xyz",
                        "address",
                        Map.of("city", "Palo Alto", "region", "CA", "country", "United States")));
        JsonNode done = awaitEnriched(org, complete, Duration.ofSeconds(10));
        assertThat(stats().path("totalRequests").asInt())
                .as("no provider had anything to fill")
                .isZero();
        assertThat(done.path("provenance").isEmpty()).isTrue();
        assertThat(done.path("fields").path("jobTitle").asText()).isEqualTo("PM");
    }

    // ---------------------------------------------------------------- helpers

    private long capture(String org, Map<String, Object> lead) {
        ResponseEntity<JsonNode> r = captureJson(org, lead);
        assertThat(r.getStatusCode().value())
                .as("capture answer %s", r.getBody())
                .isEqualTo(201);
        return r.getBody().path("id").asLong();
    }

    private JsonNode awaitEnriched(String org, long id, Duration atMost) {
        Awaitility.await()
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> "DONE"
                        .equals(jdbc.queryForObject(
                                "SELECT enrichment FROM lead WHERE id = :id", Map.of("id", id), String.class)));
        JsonNode lead = send(HttpMethod.GET, api("/orgs/" + org + "/leads/" + id), OPERATOR, null)
                .getBody();
        assertThat(lead.path("enrichment").asText()).isEqualTo("DONE");
        return lead;
    }

    private void fault(Map<String, Object> rule) {
        ResponseEntity<JsonNode> r = send(HttpMethod.POST, base() + "/sandbox/enrichment/_faults", null, rule);
        assertThat(r.getStatusCode().value())
                .as("fault scripted: %s", r.getBody())
                .isEqualTo(201);
    }

    private JsonNode stats() {
        return sandbox(HttpMethod.GET, "/enrichment/_stats", null);
    }

    private static List<String> names(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
