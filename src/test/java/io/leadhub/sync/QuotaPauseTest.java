package io.leadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.connector.QuotaPause;
import io.leadhub.connector.QuotaReset;
import io.leadhub.support.HubTest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.http.HttpMethod;

/**
 * A vendor's used-up daily quota (Marketo 607, Pardot 122, Zoho LIMIT_REACHED), end to end: the
 * leads wait as FAILED QUOTA_EXHAUSTED until the vendor's reset, the integration is paused in the
 * database so a later batch makes no vendor call at all, and once the reset has passed (moved into
 * the past here instead of waiting hours) the sweep sends every lead, even one that had used up its
 * automatic attempts, and they clear.
 */
class QuotaPauseTest extends HubTest {
    @Autowired
    SyncRecovery recovery;

    @Autowired
    QuotaPause quotaPause;

    @Autowired
    IntegrationHealthIndicator health;

    @Autowired
    ProducerTemplate producer;

    @Value("${hub.sync.max-attempts:5}")
    int maxAttempts;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"marketo", "pardot", "zoho"})
    void usedUpQuotaPausesTheIntegrationUntilTheVendorsResetThenEveryLeadIsSent(String vendor) {
        sandbox(HttpMethod.POST, "/" + vendor + "/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/enrichment/_reset", null);
        String org = newOrg(false);
        connect(org, vendor);
        long integrationId = jdbc.queryForObject(
                "SELECT id FROM integration WHERE org_id = :org AND vendor = :v",
                Map.of("org", org, "v", vendor),
                Long.class);
        sandbox(HttpMethod.POST, "/" + vendor + "/_config", exhausted(vendor));

        // the first batch meets the used-up quota
        Instant before = Instant.now();
        List<String> first = List.of(
                "ana.quota-" + vendor + "@globex-industries.io",
                "bo.quota-" + vendor + "@globex-industries.io",
                "cy.quota-" + vendor + "@globex-industries.io");
        var imported = importCsv(
                org,
                "First Name,Last Name,Email,Company\n" + "Ana,Alvarez," + first.get(0) + ",Globex\nBo,Berg,"
                        + first.get(1) + ",Globex\nCy,Chen," + first.get(2) + ",Globex\n");
        assertThat(imported.getStatusCode().is2xxSuccessful())
                .as(String.valueOf(imported.getBody()))
                .isTrue();
        await(org, first, "FAILED");
        Instant after = Instant.now();

        Instant reset = storedReset(integrationId);
        assertThat(reset).as("the pause is stored on the integration").isNotNull();
        assertVendorRule(vendor, reset, before, after);
        for (String email : first) {
            Map<String, Object> row = syncRow(org, email);
            assertThat(row).as(email).containsEntry("STATE", "FAILED").containsEntry("CATEGORY", "QUOTA_EXHAUSTED");
            assertThat(instant(row.get("NEXT_ATTEMPT_AT")))
                    .as("retried at the vendor's reset: " + email)
                    .isEqualTo(reset);
            assertThat(row.get("ATTEMPTS"))
                    .as("a quota answer is not an attempt")
                    .isEqualTo(0);
        }
        assertThat(first.stream().map(e -> syncRow(org, e).get("VENDOR_CODE")).toList())
                .as("the vendor's own code is kept")
                .contains(vendorCode(vendor));
        JsonNode view = integrationView(org, vendor);
        assertThat(view.path("quotaResetAt").asText()).isEqualTo(reset.toString());
        assertThat(view.path("quotaReason").asText()).contains(vendorCode(vendor));
        Map<String, Object> details = ((HealthIndicator) health.getContributor(org + "-" + vendor))
                .health()
                .getDetails();
        assertThat(details)
                .containsEntry("quotaResetAt", reset.toString())
                .containsEntry("waiting", 3L)
                .containsEntry("waitingForQuotaReset", 3L)
                .containsEntry("failed24h", 0L);

        // a batch captured while paused is not sent: no vendor call, the lead waits for the same reset
        int callsBefore = totalRequests(vendor);
        String late = "dee.quota-" + vendor + "@globex-industries.io";
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "late-" + vendor,
                        "email",
                        late,
                        "firstName",
                        "Dee",
                        "lastName",
                        "Dorsey",
                        "company",
                        "Globex"));
        await(org, List.of(late), "FAILED");
        Map<String, Object> waiting = syncRow(org, late);
        assertThat(waiting)
                .containsEntry("CATEGORY", "QUOTA_EXHAUSTED")
                .containsEntry("VENDOR_CODE", QuotaPause.PAUSED)
                .containsEntry("ATTEMPTS", 0);
        assertThat(instant(waiting.get("NEXT_ATTEMPT_AT"))).isEqualTo(reset);
        assertThat((String) waiting.get("MESSAGE")).contains("paused until " + reset);
        assertThat(totalRequests(vendor))
                .as("no call to the vendor while paused")
                .isEqualTo(callsBefore);
        JsonNode failedList = send(
                        HttpMethod.GET,
                        api("/orgs/" + org + "/integrations/" + vendor
                                + "/reconciliation?state=FAILED&category=QUOTA_EXHAUSTED&view=lead"),
                        OPERATOR,
                        null)
                .getBody();
        assertThat(failedList.toString()).as("visible in reconciliation").contains(late);

        // the sweep releases nothing before the reset
        assertThat(sweepFor(org, true))
                .as("nothing of the paused integration is due")
                .noneMatch(r -> r.integrationId() == integrationId);
        assertThat(totalRequests(vendor)).isEqualTo(callsBefore);

        // one lead had already used every automatic attempt: the quota retry still takes it
        jdbc.update(
                "UPDATE lead_sync SET attempts = :max WHERE id = :id",
                Map.of(
                        "max",
                        maxAttempts,
                        "id",
                        ((Number) syncRow(org, first.get(0)).get("ID")).longValue()));

        // the vendor's reset passes
        sandbox(HttpMethod.POST, "/" + vendor + "/_config", restored(vendor));
        OffsetDateTime past = OffsetDateTime.now().minusMinutes(1);
        jdbc.update(
                "UPDATE integration SET quota_reset_at = :past WHERE id = :id",
                Map.of("past", past, "id", integrationId));
        jdbc.update(
                "UPDATE lead_sync SET next_attempt_at = :past WHERE integration_id = :id AND category = 'QUOTA_EXHAUSTED'",
                Map.of("past", past, "id", integrationId));
        assertThat(quotaPause.endExpired()).isPositive();
        assertThat(integrationView(org, vendor).has("quotaResetAt"))
                .as("the pause has ended")
                .isFalse();
        List<SyncRepository.DispatchRef> due = sweepFor(org, true);
        assertThat(due.stream().filter(r -> r.integrationId() == integrationId)).hasSize(4);

        List<String> all = List.of(first.get(0), first.get(1), first.get(2), late);
        await(org, all, "CLEARED");
        assertThat(recordEmails(vendor)).containsAll(all);
    }

    private void await(String org, List<String> emails, String state) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() -> {
                    for (String e : emails) {
                        List<String> states = jdbc.queryForList(
                                "SELECT s.state FROM lead_sync s JOIN lead l ON l.id = s.lead_id "
                                        + "WHERE s.org_id = :org AND l.email_norm = :e",
                                Map.of("org", org, "e", e),
                                String.class);
                        assertThat(states).as(e).containsExactly(state);
                    }
                });
    }

    private void assertVendorRule(String vendor, Instant reset, Instant before, Instant after) {
        switch (vendor) {
            case "marketo" ->
                assertThat(reset)
                        .as("12:00 AM US Central")
                        .isIn(midnight(before, QuotaReset.US_CENTRAL), midnight(after, QuotaReset.US_CENTRAL));
            case "pardot" ->
                assertThat(reset)
                        .as("midnight UTC (no account time zone set)")
                        .isIn(midnight(before, ZoneOffset.UTC), midnight(after, ZoneOffset.UTC));
            case "zoho" ->
                assertThat(reset)
                        .as("24 hours after the refused call")
                        .isBetween(before.plus(Duration.ofHours(24)).minusMillis(1), after.plus(Duration.ofHours(24)));
            default -> throw new IllegalArgumentException(vendor);
        }
    }

    private static Instant midnight(Instant at, ZoneId zone) {
        return new QuotaReset(Clock.fixed(at, ZoneOffset.UTC)).nextMidnight(zone);
    }

    private void connect(String org, String vendor) {
        String base = base() + "/sandbox/" + vendor;
        switch (vendor) {
            case "marketo" ->
                put(
                        org,
                        vendor,
                        Map.of(
                                "baseUrl",
                                base,
                                "credentials",
                                Map.of(
                                        "grantType",
                                        "client_credentials",
                                        "clientId",
                                        "sandbox-marketo-client",
                                        "clientSecret",
                                        "sandbox-marketo-secret")),
                        "lead");
            case "pardot" -> {
                put(
                        org,
                        vendor,
                        Map.of(
                                "baseUrl",
                                base,
                                "settings",
                                Map.of("businessUnitId", "0Uv5g000000SandAAA"),
                                "credentials",
                                Map.of(
                                        "refreshToken",
                                        "sandbox-pardot-refresh",
                                        "clientId",
                                        "sandbox-pardot-client",
                                        "clientSecret",
                                        "sandbox-pardot-secret",
                                        "tokenUrl",
                                        base + "/services/oauth2/token")),
                        "prospect");
                assertThat(send(
                                        HttpMethod.PUT,
                                        api("/orgs/" + org + "/events/expo/campaigns/pardot"),
                                        OPERATOR,
                                        Map.of("campaignId", "7001"))
                                .getStatusCode()
                                .value())
                        .isEqualTo(200);
            }
            case "zoho" ->
                put(
                        org,
                        vendor,
                        Map.of(
                                "baseUrl",
                                base,
                                "settings",
                                Map.of("module", "Leads"),
                                "credentials",
                                Map.of(
                                        "refreshToken",
                                        "sandbox-zoho-refresh",
                                        "clientId",
                                        "sandbox-zoho-client",
                                        "clientSecret",
                                        "sandbox-zoho-secret")),
                        "lead");
            default -> throw new IllegalArgumentException(vendor);
        }
    }

    private void put(String org, String vendor, Map<String, Object> body, String object) {
        assertThat(send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/" + vendor), OPERATOR, body)
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        assertThat(send(
                                HttpMethod.POST,
                                api("/orgs/" + org + "/integrations/" + vendor + "/mappings/" + object + "/defaults"),
                                OPERATOR,
                                null)
                        .getStatusCode()
                        .is2xxSuccessful())
                .isTrue();
    }

    /** The simulator's daily allowance set to used up, the way each vendor counts it. */
    private static Map<String, Object> exhausted(String vendor) {
        return switch (vendor) {
            case "marketo" -> Map.of("dailyQuota", 0);
            case "pardot" -> Map.of("dailyLimit", 1, "callsToday", 1);
            case "zoho" -> Map.of("dailyCredits", 0);
            default -> throw new IllegalArgumentException(vendor);
        };
    }

    private static Map<String, Object> restored(String vendor) {
        return switch (vendor) {
            case "marketo" -> Map.of("dailyQuota", 50_000);
            case "pardot" -> Map.of("dailyLimit", 25_000, "callsToday", 0);
            case "zoho" -> Map.of("dailyCredits", 50_000);
            default -> throw new IllegalArgumentException(vendor);
        };
    }

    private static String vendorCode(String vendor) {
        return switch (vendor) {
            case "marketo" -> "607";
            case "pardot" -> "122";
            case "zoho" -> "LIMIT_REACHED";
            default -> throw new IllegalArgumentException(vendor);
        };
    }

    private Set<String> recordEmails(String vendor) {
        String object = switch (vendor) {
            case "marketo" -> "leads";
            case "pardot" -> "prospects";
            default -> "Leads";
        };
        Set<String> out = new HashSet<>();
        sandbox(HttpMethod.GET, "/" + vendor + "/_records/" + object, null)
                .forEach(r -> out.add(r.path(vendor.equals("zoho") ? "Email" : "email")
                        .asText()
                        .toLowerCase()));
        return out;
    }

    private int totalRequests(String vendor) {
        return sandbox(HttpMethod.GET, "/" + vendor + "/_stats", null)
                .path("totalRequests")
                .asInt();
    }

    private JsonNode integrationView(String org, String vendor) {
        for (JsonNode i : send(HttpMethod.GET, api("/orgs/" + org + "/integrations"), OPERATOR, null)
                .getBody()) {
            if (vendor.equals(i.path("vendor").asText())) return i;
        }
        throw new AssertionError("no " + vendor + " integration");
    }

    private Instant storedReset(long integrationId) {
        return instant(
                jdbc.queryForMap("SELECT quota_reset_at FROM integration WHERE id = :id", Map.of("id", integrationId))
                        .get("QUOTA_RESET_AT"));
    }

    private static Instant instant(Object value) {
        if (value == null) return null;
        if (value instanceof Timestamp t) return t.toInstant();
        if (value instanceof OffsetDateTime o) return o.toInstant();
        throw new IllegalArgumentException(value.getClass().getName());
    }
}
