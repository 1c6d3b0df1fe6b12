package io.leadhub.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.salesforce.SalesforceOrg;
import io.leadhub.sandbox.salesforce.SalesforceSimulator;
import io.leadhub.support.HubTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;

/** Helpers of the Salesforce end-to-end tests: an org connected to the Salesforce simulator, its rows and records. */
abstract class SalesforceHubTest extends HubTest {
    static final String COLLECTIONS_CREATE = "POST /services/data/{version}/composite/sobjects";
    static final String COLLECTIONS_UPDATE = "PATCH /services/data/{version}/composite/sobjects";

    @Autowired
    protected SalesforceOrg salesforce;

    @Autowired
    protected SalesforceSimulator simulator;

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
        body.put(
                "credentials",
                Map.of(
                        "refreshToken",
                        "sandbox-salesforce-refresh",
                        "clientId",
                        "sandbox-salesforce-client",
                        "clientSecret",
                        "sandbox-salesforce-secret"));
        var put = send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/salesforce"), OPERATOR, body);
        assertThat(put.getStatusCode().value()).isEqualTo(200);
        for (String object : List.of("lead", "contact", "account")) {
            assertThat(send(
                                    HttpMethod.POST,
                                    api("/orgs/" + org + "/integrations/salesforce/mappings/" + object + "/defaults"),
                                    OPERATOR,
                                    null)
                            .getStatusCode()
                            .is2xxSuccessful())
                    .isTrue();
        }
    }

    protected ResponseEntity<JsonNode> setStrategy(String org, String strategy) {
        return send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/salesforce"),
                OPERATOR,
                Map.of("settings", Map.of("strategy", strategy)));
    }

    protected void qualifierMappings(String org, List<Map<String, Object>> rows) {
        assertThat(send(
                                HttpMethod.PUT,
                                api("/orgs/" + org + "/integrations/salesforce/qualifier-mappings"),
                                OPERATOR,
                                rows)
                        .getStatusCode()
                        .is2xxSuccessful())
                .isTrue();
    }

    protected ResponseEntity<JsonNode> link(String org, Map<String, Object> body) {
        return send(HttpMethod.PUT, api("/orgs/" + org + "/events/expo/campaigns/salesforce"), OPERATOR, body);
    }

    protected Map<String, Object> sfRow(String org, String email) {
        return jdbc.queryForMap(
                "SELECT s.* FROM lead_sync s JOIN lead l ON l.id = s.lead_id WHERE s.org_id = :org "
                        + "AND s.vendor = 'salesforce' AND l.email_norm = :e",
                Map.of("org", org, "e", email));
    }

    /**
     * Waits until the lead's current version is synced (a repeated capture merges into the lead
     * and is planned again after enrichment, so awaitSettled alone can return before that).
     */
    protected Map<String, Object> awaitSynced(String org, String email) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> jdbc.queryForObject(
                                "SELECT COUNT(*) FROM lead_sync s JOIN lead l ON l.id = s.lead_id WHERE s.org_id = :org "
                                        + "AND s.vendor = 'salesforce' AND l.email_norm = :e AND s.state IN ('CLEARED', 'FAILED') "
                                        + "AND s.synced_version = l.version",
                                Map.of("org", org, "e", email),
                                Integer.class)
                        == 1);
        awaitSettled(org);
        return sfRow(org, email);
    }

    protected long integrationId(String org) {
        return jdbc.queryForObject(
                "SELECT id FROM integration WHERE org_id = :org AND vendor = 'salesforce'",
                Map.of("org", org),
                Long.class);
    }

    /** Records of one simulated sObject, by lower-case Email when they have one, else by Id. */
    protected Map<String, JsonNode> records(String object) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        sandbox(HttpMethod.GET, "/salesforce/_records/" + object, null)
                .forEach(r -> out.put(
                        r.hasNonNull("Email")
                                ? r.path("Email").asText().toLowerCase()
                                : r.path("Id").asText(),
                        r));
        return out;
    }

    /** One simulated record by its Id. */
    protected JsonNode record(String object, String id) {
        for (JsonNode r : sandbox(HttpMethod.GET, "/salesforce/_records/" + object, null)) {
            if (id.equals(r.path("Id").asText())) return r;
        }
        throw new AssertionError(object + " " + id + " not found");
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

    /** An access token of the simulated org (the token call is not counted in totalRequests). */
    protected String accessToken() {
        var h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        var form = new LinkedMultiValueMap<String, String>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", "sandbox-salesforce-refresh");
        form.add("client_id", "sandbox-salesforce-client");
        form.add("client_secret", "sandbox-salesforce-secret");
        return rest.exchange(
                        base() + "/sandbox/salesforce/services/oauth2/token",
                        HttpMethod.POST,
                        new HttpEntity<>(form, h),
                        JsonNode.class)
                .getBody()
                .path("access_token")
                .asText();
    }

    /** Changes a record as a Salesforce user would (PATCH /sobjects/{object}/{id}). */
    protected void patchRecord(String object, String id, Map<String, Object> fields) {
        try {
            var request = HttpRequest.newBuilder(URI.create(
                            base() + "/sandbox/salesforce/services/data/v60.0/sobjects/" + object + "/" + id))
                    .header("Authorization", "Bearer " + accessToken())
                    .header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(json.writeValueAsString(fields)))
                    .build();
            var answer = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(204);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Seeds a record with a given LastModifiedDate (the simulator's clock is moved for the insert). */
    protected String seedAt(Instant at, String object, Map<String, ?> fields) {
        simulator.setClock(Clock.fixed(at, ZoneOffset.UTC));
        try {
            return salesforce.seedRecord(object, fields);
        } finally {
            simulator.setClock(Clock.systemUTC());
        }
    }

    protected void configure(Map<String, Object> config) {
        sandbox(HttpMethod.POST, "/salesforce/_config", config);
    }
}
