package io.leadhub.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadhub.sync.SyncRecovery;
import io.leadhub.sync.SyncRepository;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.awaitility.Awaitility;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.web.client.RestTemplate;

/**
 * Base of the tests that run the whole hub: real HTTP on a random port, the sandbox simulators,
 * and an in-memory database per Spring context. Each test creates its own org (unique id) through
 * the API, so tests own their data and pass in any order.
 */
@CamelSpringBootTest
@AutoConfigureObservability
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"sandbox", "test"})
public abstract class HubTest {
    protected static final String OPERATOR = "sandbox-admin-key";
    private static final AtomicInteger SEQ = new AtomicInteger();

    @LocalServerPort
    protected int port;

    @Autowired
    protected CamelContext camel;

    @Autowired
    protected NamedParameterJdbcTemplate jdbc;

    @Autowired
    protected ObjectMapper json;

    protected final RestTemplate rest = Http.client();

    protected String base() {
        return "http://127.0.0.1:" + port;
    }

    protected String api(String path) {
        return base() + "/api/v1" + path;
    }

    /** A new org with event "expo", the demo qualifiers and, optionally, HubSpot connected to the simulator with default mappings. */
    protected String newOrg(boolean hubspot) {
        String org = "t" + SEQ.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100000, 36);
        assertThat(send(HttpMethod.POST, api("/orgs"), OPERATOR, Map.of("id", org, "name", "Test " + org))
                        .getStatusCode()
                        .value())
                .isEqualTo(201);
        send(HttpMethod.POST, api("/orgs/" + org + "/events"), OPERATOR, Map.of("id", "expo", "name", "Test Expo"));
        send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/qualifiers"),
                OPERATOR,
                List.of(
                        Map.of("name", "Lead type", "values", List.of("Hot", "Warm", "Cold", "VIP")),
                        Map.of(
                                "name",
                                "Product interest",
                                "values",
                                List.of("Robots", "Drones", "Software"),
                                "multiSelect",
                                true)));
        if (hubspot) connectHubSpot(org);
        return org;
    }

    protected void connectHubSpot(String org) {
        var put = send(
                HttpMethod.PUT, api("/orgs/" + org + "/integrations/hubspot"), OPERATOR, Http.sandboxHubSpot(base()));
        assertThat(put.getStatusCode().value()).isEqualTo(200);
        for (String object : List.of("contact", "company")) {
            send(
                    HttpMethod.POST,
                    api("/orgs/" + org + "/integrations/hubspot/mappings/" + object + "/defaults"),
                    OPERATOR,
                    null);
        }
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
                                "Warm",
                                "object",
                                "contact",
                                "vendorField",
                                "leadhub_lead_type",
                                "vendorValue",
                                "warm"),
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
                                "cold"),
                        Map.of(
                                "qualifier",
                                "Product interest",
                                "value",
                                "Robots",
                                "object",
                                "contact",
                                "vendorField",
                                "leadhub_product_interest",
                                "vendorValue",
                                "robots"),
                        Map.of(
                                "qualifier",
                                "Product interest",
                                "value",
                                "Drones",
                                "object",
                                "contact",
                                "vendorField",
                                "leadhub_product_interest",
                                "vendorValue",
                                "drones"),
                        Map.of(
                                "qualifier",
                                "Product interest",
                                "value",
                                "Software",
                                "object",
                                "contact",
                                "vendorField",
                                "leadhub_product_interest",
                                "vendorValue",
                                "software")));
    }

    protected ResponseEntity<JsonNode> send(HttpMethod method, String url, String key, Object body) {
        return send(method, url, key, body, MediaType.APPLICATION_JSON);
    }

    protected ResponseEntity<JsonNode> send(HttpMethod method, String url, String key, Object body, MediaType type) {
        HttpHeaders h = new HttpHeaders();
        if (key != null) h.setBearerAuth(key);
        h.setContentType(type);
        h.setAccept(List.of(MediaType.APPLICATION_JSON));
        return rest.exchange(url, method, new HttpEntity<>(body, h), JsonNode.class);
    }

    protected ResponseEntity<JsonNode> importCsv(String org, String csv) {
        return send(
                HttpMethod.POST,
                api("/orgs/" + org + "/events/expo/leads/import"),
                OPERATOR,
                csv,
                MediaType.valueOf("text/csv;charset=UTF-8"));
    }

    protected ResponseEntity<JsonNode> captureJson(String org, Object lead) {
        return send(HttpMethod.POST, api("/orgs/" + org + "/events/expo/leads"), OPERATOR, lead);
    }

    protected JsonNode summary(String org) {
        return send(
                        HttpMethod.GET,
                        api("/orgs/" + org + "/integrations/hubspot/reconciliation/summary"),
                        OPERATOR,
                        null)
                .getBody();
    }

    /** Waits until no lead of the org is waiting or in flight for any integration. */
    protected void awaitSettled(String org) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Integer open = jdbc.queryForObject(
                            "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND state IN ('ENRICHING', 'QUEUED', 'SYNCING')",
                            Map.of("org", org),
                            Integer.class);
                    Integer pending = jdbc.queryForObject(
                            "SELECT COUNT(*) FROM lead WHERE org_id = :org AND enrichment = 'PENDING'",
                            Map.of("org", org),
                            Integer.class);
                    return open == 0 && pending == 0;
                });
    }

    /**
     * Runs the automatic-retry sweep and answers (and dispatches, when {@code dispatch}) only the rows
     * of this org: the sweep is global, and other tests sharing the Spring context may have rows that
     * are due too.
     */
    public List<SyncRepository.DispatchRef> sweepFor(String org, boolean dispatch) {
        SyncRecovery recovery = camel.getRegistry().lookupByNameAndType("syncRecovery", SyncRecovery.class);
        List<Long> integrations =
                jdbc.queryForList("SELECT id FROM integration WHERE org_id = :org", Map.of("org", org), Long.class);
        List<SyncRepository.DispatchRef> due = recovery.sweep().stream()
                .filter(r -> integrations.contains(r.integrationId()))
                .toList();
        if (dispatch && !due.isEmpty()) camel.createProducerTemplate().sendBody("direct:sync-dispatch", due);
        return due;
    }

    protected Map<String, Object> syncRow(String org, String email) {
        return jdbc.queryForMap(
                "SELECT s.* FROM lead_sync s JOIN lead l ON l.id = s.lead_id WHERE s.org_id = :org AND l.email_norm = :e",
                Map.of("org", org, "e", email));
    }

    protected JsonNode sandbox(HttpMethod method, String path, Object body) {
        return send(method, base() + "/sandbox" + path, null, body).getBody();
    }

    /** HubSpot simulator contacts, by lower-case email. */
    protected Map<String, JsonNode> hubspotContacts() {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        sandbox(HttpMethod.GET, "/hubspot/_records/contacts", null)
                .forEach(c -> out.put(c.path("properties").path("email").asText(), c));
        return out;
    }
}
