package io.leadhub.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Salesforce's daily API allocation is the scarce resource. 1,000 leads under "Leads and
 * Contacts", counted through the simulator's _stats totalRequests (token calls are not API
 * calls): all new (per 200-lead batch one Contact query, one Lead query and one collections
 * create, plus the Lead describe once) and all matching existing Contacts (one Contact query and
 * one collections update per batch, plus the Contact describe once). Target: at most 20 each.
 * The figures are logged.
 */
class SalesforceCallBudgetTest extends SalesforceHubTest {
    private static final String QUERY = "GET /services/data/{version}/query";
    private static final Logger LOG = LoggerFactory.getLogger(SalesforceCallBudgetTest.class);

    private static String csv(String domain) {
        StringBuilder csv = new StringBuilder("Email,First Name,Last Name,Company,Job Title\n");
        for (int i = 0; i < 1000; i++) {
            csv.append("visitor")
                    .append(i)
                    .append("@")
                    .append(domain)
                    .append(i % 40)
                    .append("-expo.com,Visitor,No")
                    .append(i)
                    .append(",Company ")
                    .append(i % 40)
                    .append(",Buyer\n");
        }
        return csv.toString();
    }

    private long measure(String org, String csv) {
        long before = totalRequests();
        assertThat(importCsv(org, csv).getBody().path("imported").asInt()).isEqualTo(1000);
        Awaitility.await()
                .atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> jdbc.queryForObject(
                                "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND state = 'CLEARED'",
                                Map.of("org", org),
                                Integer.class)
                        == 1000);
        awaitSettled(org);
        return totalRequests() - before;
    }

    @Test
    void thousandNewLeadsCostAtMostTwentyCalls() {
        String org = salesforceOrg("LEADS_AND_CONTACTS");
        long calls = measure(org, csv("new"));

        JsonNode stats = stats();
        LOG.info("1,000 new leads (Leads and Contacts): {} Salesforce API calls {}", calls, stats.path("requests"));
        assertThat(calls).isLessThanOrEqualTo(20);
        // batches of up to 200 (how many depends on how fast the rows arrive): two lookups and one create each
        long creates = stats.path("requests").path(COLLECTIONS_CREATE).asLong();
        assertThat(creates).isBetween(5L, 6L);
        assertThat(stats.path("requests").path(QUERY).asLong()).isEqualTo(2 * creates);
        assertThat(records("Lead")).hasSize(1000);
        assertThat(records("Lead")
                        .get("visitor7@new7-expo.com")
                        .path("LastName")
                        .asText())
                .isEqualTo("No7");
    }

    @Test
    void thousandLeadsMatchingExistingContactsCostAtMostTwentyCalls() {
        Map<String, String> contacts = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            String email = "visitor" + i + "@known" + (i % 40) + "-expo.com";
            contacts.put(email, salesforce.seedRecord("Contact", Map.of("LastName", "Known" + i, "Email", email)));
        }
        String org = salesforceOrg("LEADS_AND_CONTACTS");
        long calls = measure(org, csv("known"));

        JsonNode stats = stats();
        LOG.info(
                "1,000 leads matching existing Contacts (Leads and Contacts): {} Salesforce API calls {}",
                calls,
                stats.path("requests"));
        assertThat(calls).isLessThanOrEqualTo(20);
        // batches of up to 200 (how many depends on how fast the rows arrive): one Contact lookup and one update each
        long updates = stats.path("requests").path(COLLECTIONS_UPDATE).asLong();
        assertThat(updates).isBetween(5L, 6L);
        assertThat(stats.path("requests").path(QUERY).asLong()).isEqualTo(updates);
        assertThat(records("Lead")).isEmpty();
        assertThat(sfRow(org, "visitor7@known7-expo.com"))
                .containsEntry("VENDOR_ID", contacts.get("visitor7@known7-expo.com"))
                .containsEntry("ACTION", "UPDATED")
                .containsEntry("VENDOR_OBJECT", "contact");
        assertThat(records("Contact")
                        .get("visitor7@known7-expo.com")
                        .path("Title")
                        .asText())
                .isEqualTo("Buyer");
    }
}
