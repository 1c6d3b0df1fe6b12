package io.leadhub.connector.pardot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadhub.connector.ErrorCategory;
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

/** Pardot's daily limit (error 122) as a quota with its reset: midnight of the account's time zone, else UTC. */
class PardotQuotaRuleTest {
    private final PardotPolicy policy = new PardotPolicy(
            Duration.ofSeconds(1), new QuotaReset(Clock.fixed(Instant.parse("2026-05-04T17:45:00Z"), ZoneOffset.UTC)));

    @Test
    void dailyLimitWaitsForMidnightUtcWhenTheAccountZoneIsUnknown() throws Exception {
        assertThat(policy.quotaExhausted(integration(Map.of("businessUnitId", "0Uv5g000000SandAAA")), answer(429, 122)))
                .get()
                .satisfies(e -> {
                    assertThat(e.category()).isEqualTo(ErrorCategory.QUOTA_EXHAUSTED);
                    assertThat(e.vendorCode()).isEqualTo("122");
                    assertThat(e.retryAt()).isEqualTo(Instant.parse("2026-05-05T00:00:00Z"));
                });
    }

    @Test
    void dailyLimitWaitsForMidnightOfTheAccountZone() throws Exception {
        assertThat(policy.quotaExhausted(integration(Map.of("timeZone", "America/Los_Angeles")), answer(429, 122)))
                .get()
                .satisfies(e ->
                        assertThat(e.retryAt()).as("midnight PDT").isEqualTo(Instant.parse("2026-05-05T07:00:00Z")));
    }

    @Test
    void otherAnswersAreNoQuota() throws Exception {
        assertThat(policy.quotaExhausted(integration(Map.of()), answer(429, 66)))
                .isEmpty();
        assertThat(policy.throttled(answer(429, 66))).contains(Duration.ofSeconds(1));
        assertThat(policy.throttled(answer(429, 122)))
                .as("a quota is not a throttle")
                .isEmpty();
    }

    private static VendorResponse answer(int status, int code) throws Exception {
        return new VendorResponse(
                status,
                Map.of(),
                new ObjectMapper().readTree("{\"code\":" + code + ",\"message\":\"Daily API rate limit met\"}"));
    }

    private static Integration integration(Map<String, Object> settings) {
        return new Integration(
                1,
                "org",
                Vendor.byKey("pardot").orElseThrow(),
                Integration.ConnectionState.CONNECTED,
                Integration.SyncMode.AUTOMATIC,
                "https://pi.pardot.com",
                settings,
                null,
                null,
                null,
                null);
    }
}
