package io.leadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.LeadHubApplication;
import io.leadhub.support.Http;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.client.RestTemplate;

/**
 * The database is the system of record: a hub stopped with a batch in flight (rows SYNCING, part of
 * the batch already written at HubSpot) and started again on the same databases ends with every lead
 * CLEARED and exactly one HubSpot contact per unique email.
 */
class CrashRestartTest {
    private static final String KEY = "sandbox-admin-key";
    private final RestTemplate rest = Http.client();

    @Test
    void restartAfterCrashClearsEveryLeadWithoutDuplicates() throws Exception {
        String id = UUID.randomUUID().toString();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String[] args = {
            "--server.port=" + port,
            "--spring.datasource.url=jdbc:h2:mem:crash-" + id + ";DB_CLOSE_DELAY=-1",
            "--hub.sandbox.store-url=jdbc:h2:mem:crash-sim-" + id + ";DB_CLOSE_DELAY=-1"
        };
        String base = "http://127.0.0.1:" + port;
        String org = "crash";

        // --- first run: leads captured and enriched, frozen (manual mode)
        ConfigurableApplicationContext first = start(args);
        call(HttpMethod.POST, base + "/api/v1/orgs", Map.of("id", org));
        call(HttpMethod.POST, base + "/api/v1/orgs/" + org + "/events", Map.of("id", "expo"));
        call(
                HttpMethod.PUT,
                base + "/api/v1/orgs/" + org + "/integrations/hubspot",
                Map.of(
                        "baseUrl",
                        base + "/sandbox/hubspot",
                        "syncMode",
                        "MANUAL",
                        "credentials",
                        Map.of(
                                "refreshToken",
                                "sandbox-hubspot-refresh",
                                "clientId",
                                "sandbox-hubspot-client",
                                "clientSecret",
                                "sandbox-hubspot-secret")));
        call(HttpMethod.POST, base + "/api/v1/orgs/" + org + "/integrations/hubspot/mappings/contact/defaults", null);
        StringBuilder csv = new StringBuilder("Email,First Name,Last Name\n");
        Set<String> unique = new HashSet<>();
        for (int i = 0; i < 250; i++) {
            int person = i % 200; // 50 rows repeat an earlier person (merged in-file)
            String email = "person" + person + "@crash-test.example";
            unique.add(email);
            csv.append(i % 2 == 0 ? email : email.toUpperCase())
                    .append(",P")
                    .append(person)
                    .append(",Crash\n");
        }
        JsonNode imported = call(
                HttpMethod.POST,
                base + "/api/v1/orgs/" + org + "/events/expo/leads/import",
                csv.toString(),
                "text/csv");
        assertThat(imported.path("imported").asInt()).isEqualTo(200);
        NamedParameterJdbcTemplate db1 = first.getBean(NamedParameterJdbcTemplate.class);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count(db1, "state = 'FROZEN'", org) == 200);

        // simulate the crash: every row claimed by a batch in flight, and the first 40 already written at HubSpot
        db1.update(
                "UPDATE lead_sync SET state = 'SYNCING', claim_id = 'lost-claim', attempts = 1 WHERE org_id = :org",
                Map.of("org", org));
        db1.update("UPDATE integration SET sync_mode = 'AUTOMATIC' WHERE org_id = :org", Map.of("org", org));
        String token = call(
                        HttpMethod.POST,
                        base + "/sandbox/hubspot/oauth/v1/token",
                        "grant_type=refresh_token&refresh_token=sandbox-hubspot-refresh&client_id=sandbox-hubspot-client&client_secret=sandbox-hubspot-secret",
                        "application/x-www-form-urlencoded")
                .path("access_token")
                .asText();
        List<Map<String, Object>> landed = new ArrayList<>();
        for (int p = 0; p < 40; p++) {
            landed.add(Map.of(
                    "id",
                    "person" + p + "@crash-test.example",
                    "idProperty",
                    "email",
                    "properties",
                    Map.of("lastname", "Crash")));
        }
        HttpHeaders auth = new HttpHeaders();
        auth.setBearerAuth(token);
        auth.setContentType(MediaType.APPLICATION_JSON);
        rest.exchange(
                base + "/sandbox/hubspot/crm/v3/objects/contacts/batch/upsert",
                HttpMethod.POST,
                new HttpEntity<>(Map.of("inputs", landed), auth),
                JsonNode.class);
        first.close();

        // --- second run on the same databases: recovery re-dispatches the stale rows
        ConfigurableApplicationContext second = start(args);
        try {
            NamedParameterJdbcTemplate db2 = second.getBean(NamedParameterJdbcTemplate.class);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> count(db2, "state = 'CLEARED'", org) == 200);
            assertThat(count(db2, "state <> 'CLEARED'", org)).isZero();
            JsonNode contacts = call(HttpMethod.GET, base + "/sandbox/hubspot/_records/contacts", null);
            List<String> emails = new ArrayList<>();
            contacts.forEach(c -> emails.add(c.path("properties").path("email").asText()));
            assertThat(emails)
                    .hasSize(unique.size())
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(unique);
            assertThat(count(db2, "action = 'UPDATED'", org))
                    .as("the 40 written before the crash are matched, not re-created")
                    .isEqualTo(40);
        } finally {
            second.close();
        }
    }

    private static ConfigurableApplicationContext start(String[] args) {
        return new SpringApplicationBuilder(LeadHubApplication.class)
                .profiles("sandbox", "test")
                .run(args);
    }

    private static int count(NamedParameterJdbcTemplate db, String where, String org) {
        Integer n = db.queryForObject(
                "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND " + where, Map.of("org", org), Integer.class);
        return n == null ? 0 : n;
    }

    private JsonNode call(HttpMethod method, String url, Object body) {
        return call(method, url, body, "application/json");
    }

    private JsonNode call(HttpMethod method, String url, Object body, String type) {
        return Http.call(rest, KEY, method, url, body, type);
    }
}
