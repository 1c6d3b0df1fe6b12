package io.leadhub.connector.pipedrive;

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

/** Pipedrive's daily token budget (429 with x-daily-tokens-left: 0) comes back at the start of the company's next day. */
class PipedriveQuotaRuleTest {
    private final PipedrivePolicy policy = new PipedrivePolicy(
            Duration.ofSeconds(2), new QuotaReset(Clock.fixed(Instant.parse("2026-05-04T17:45:00Z"), ZoneOffset.UTC)));

    @Test
    void budgetResetsAtTheNextMidnight() throws Exception {
        assertThat(policy.quotaExhausted(integration(Map.of()), answer("0")))
                .get()
                .satisfies(e -> assertThat(e.retryAt()).isEqualTo(Instant.parse("2026-05-05T00:00:00Z")));
        assertThat(policy.quotaExhausted(integration(Map.of("timeZone", "Europe/Tallinn")), answer("0")))
                .get()
                .satisfies(e ->
                        assertThat(e.retryAt()).as("midnight EEST").isEqualTo(Instant.parse("2026-05-04T21:00:00Z")));
        assertThat(policy.quotaExhausted(integration(Map.of()), answer("5000")))
                .as("the 2-second window")
                .isEmpty();
    }

    private static VendorResponse answer(String tokensLeft) throws Exception {
        return new VendorResponse(
                429,
                Map.of("x-daily-tokens-left", tokensLeft),
                new ObjectMapper().readTree("{\"success\":false,\"error\":\"Too Many Requests\",\"data\":null}"));
    }

    private static Integration integration(Map<String, Object> settings) {
        return new Integration(
                1,
                "org",
                Vendor.byKey("pipedrive").orElseThrow(),
                Integration.ConnectionState.CONNECTED,
                Integration.SyncMode.AUTOMATIC,
                "https://api.pipedrive.com",
                settings,
                null,
                null,
                null,
                null);
    }
}
