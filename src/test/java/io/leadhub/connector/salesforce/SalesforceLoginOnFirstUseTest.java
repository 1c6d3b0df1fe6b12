package io.leadhub.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.SimulatorRegistry;
import io.leadhub.sandbox.VendorSimulator;
import io.leadhub.support.HubTest;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;

/**
 * Start-up contacts no vendor: the sandbox seeds org {@code demo-sf} with a connected Salesforce integration
 * (refresh token stored) while the hub boots, and no simulator (Salesforce's token endpoint included) sees a
 * request until the hub has work. The first lead synced to Salesforce logs the integration in, once.
 */
// a context of its own: the seeded integration must be new, and no other test may have used it yet
@TestPropertySource(properties = "hub.test.context=salesforce-login-on-first-use")
class SalesforceLoginOnFirstUseTest extends HubTest {
    private static final String TOKEN = "POST /services/oauth2/token";

    @Autowired
    private SimulatorRegistry simulators;

    @Autowired
    private SalesforceComponentRegistry components;

    @Test
    void noVendorIsCalledAtStartUpAndSalesforceLogsInOnFirstUse() {
        long sf = jdbc.queryForObject(
                "SELECT id FROM integration WHERE org_id = 'demo-sf' AND vendor = 'salesforce' AND state = 'CONNECTED'",
                Map.of(),
                Long.class);
        assertThat(jdbc.queryForObject(
                        "SELECT credentials_enc FROM integration WHERE id = :i", Map.of("i", sf), String.class))
                .as("the seeded integration has its (sealed) refresh token")
                .isNotBlank();

        // the hub is up (routes running, recovery timer fired); nothing reaches a simulator, now or a moment later
        Awaitility.await()
                .during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(requestsOfEverySimulator()).isEmpty());
        assertThat(components.active(sf))
                .as("no Salesforce component before first use")
                .isFalse();

        var captured = send(
                HttpMethod.POST,
                api("/orgs/demo-sf/events/demo-event/leads"),
                OPERATOR,
                Map.of("email", "ada.first@globex.io", "firstName", "Ada", "lastName", "First", "company", "Globex"));
        assertThat(captured.getStatusCode().value()).isEqualTo(201);
        awaitSettled("demo-sf");

        assertThat(syncRow("demo-sf", "ada.first@globex.io", "salesforce")).containsEntry("STATE", "CLEARED");
        assertThat(salesforceStats().path("requests").path(TOKEN).asLong())
                .as("one login, by the first batch")
                .isEqualTo(1);
        assertThat(components.active(sf)).isTrue();
    }

    /** Requests each simulator has answered since the context started, by simulator and request. */
    private Map<String, Long> requestsOfEverySimulator() {
        Map<String, Long> all = new TreeMap<>();
        for (VendorSimulator s : simulators.all()) {
            s.stats().requests().forEach((request, n) -> all.put(s.name() + " " + request, n));
        }
        return all;
    }

    private JsonNode salesforceStats() {
        return sandbox(HttpMethod.GET, "/salesforce/_stats", null);
    }

    private Map<String, Object> syncRow(String org, String email, String vendor) {
        return jdbc.queryForMap(
                "SELECT s.* FROM lead_sync s JOIN lead l ON l.id = s.lead_id WHERE s.org_id = :org "
                        + "AND s.vendor = :v AND l.email_norm = :e",
                Map.of("org", org, "v", vendor, "e", email));
    }
}
