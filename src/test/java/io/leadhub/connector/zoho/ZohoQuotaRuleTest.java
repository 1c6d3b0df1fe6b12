package io.leadhub.connector.zoho;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.QuotaReset;
import io.leadhub.connector.VendorResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Zoho's exhausted API credits (429 LIMIT_REACHED) as a quota: a rolling 24 hours, or what the answer's headers say. */
class ZohoQuotaRuleTest {
    private static final Instant NOW = Instant.parse("2026-05-04T17:45:00Z");
    private final ZohoPolicy policy =
            new ZohoPolicy(Duration.ofSeconds(10), new QuotaReset(Clock.fixed(NOW, ZoneOffset.UTC)));

    @Test
    void creditsComeBackTwentyFourHoursAfterTheRefusedCall() throws Exception {
        assertThat(policy.quotaExhausted(null, answer("LIMIT_REACHED", Map.of())))
                .get()
                .satisfies(e -> {
                    assertThat(e.category()).isEqualTo(ErrorCategory.QUOTA_EXHAUSTED);
                    assertThat(e.vendorCode()).isEqualTo("LIMIT_REACHED");
                    assertThat(e.retryAt()).isEqualTo(Instant.parse("2026-05-05T17:45:00Z"));
                });
        assertThat(policy.throttled(answer("LIMIT_REACHED", Map.of())))
                .as("a quota is not a throttle")
                .isEmpty();
    }

    @Test
    void aResetHeaderWins() throws Exception {
        long reset = Instant.parse("2026-05-05T03:00:00Z").toEpochMilli();
        assertThat(policy.quotaExhausted(
                        null, answer("LIMIT_REACHED", Map.of("x-ratelimit-reset", String.valueOf(reset)))))
                .get()
                .satisfies(e -> assertThat(e.retryAt()).isEqualTo(Instant.parse("2026-05-05T03:00:00Z")));
    }

    @Test
    void concurrencyThrottleIsNoQuota() throws Exception {
        assertThat(policy.quotaExhausted(null, answer("TOO_MANY_REQUESTS", Map.of())))
                .isEmpty();
        assertThat(policy.throttled(answer("TOO_MANY_REQUESTS", Map.of()))).contains(Duration.ofSeconds(10));
    }

    private static VendorResponse answer(String code, Map<String, String> headers) throws Exception {
        return new VendorResponse(
                429,
                headers,
                new ObjectMapper()
                        .readTree("{\"code\":\"" + code
                                + "\",\"details\":{},\"message\":\"API credits exhausted\",\"status\":\"error\"}"));
    }
}
