package io.leadhub.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadhub.connector.QuotaReset;
import io.leadhub.connector.VendorResponse;
import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** HubSpot's daily limit (429, policyName DAILY) resets at midnight of the account's time zone, else UTC. */
class HubSpotQuotaRuleTest {
    private final HubSpotPolicy policy = new HubSpotPolicy(
            Duration.ofSeconds(10), new QuotaReset(Clock.fixed(Instant.parse("2026-05-04T17:45:00Z"), ZoneOffset.UTC)));

    @Test
    void dailyLimitResetsAtMidnightOfTheAccount() throws Exception {
        assertThat(policy.quotaExhausted(integration(Map.of()), answer("DAILY")))
                .get()
                .satisfies(e -> assertThat(e.retryAt()).isEqualTo(Instant.parse("2026-05-05T00:00:00Z")));
        assertThat(policy.quotaExhausted(integration(Map.of("timeZone", "Europe/Berlin")), answer("DAILY")))
                .get()
                .satisfies(e ->
                        assertThat(e.retryAt()).as("midnight CEST").isEqualTo(Instant.parse("2026-05-04T22:00:00Z")));
        assertThat(policy.quotaExhausted(integration(Map.of()), answer("TEN_SECONDLY_ROLLING")))
                .isEmpty();
    }

    private static VendorResponse answer(String policyName) throws Exception {
        return new VendorResponse(
                429,
                Map.of(),
                new ObjectMapper()
                        .readTree("{\"status\":\"error\",\"message\":\"You have reached your "
                                + "daily limit.\",\"errorType\":\"RATE_LIMIT\",\"policyName\":\"" + policyName
                                + "\"}"));
    }

    private static Integration integration(Map<String, Object> settings) {
        return new Integration(
                1,
                "org",
                Vendor.byKey("hubspot").orElseThrow(),
                Integration.ConnectionState.CONNECTED,
                Integration.SyncMode.AUTOMATIC,
                "https://api.hubapi.com",
                settings,
                null,
                null,
                null,
                null);
    }
}
