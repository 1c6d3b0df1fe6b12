package io.leadhub.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the vendor policies share: route and token path, Retry-After on the policy's clock, account midnight, the quota exception. */
class VendorPolicySupportTest {
    private static final Instant NOW = Instant.parse("2026-05-04T17:45:00Z");

    /** A policy that throttles every 429 for its Retry-After, else its configured wait. */
    private static final class Sample extends VendorPolicySupport {
        Sample() {
            super(
                    "direct:vendor-sample-api",
                    "/oauth/token",
                    Duration.ofSeconds(10),
                    new QuotaReset(Clock.fixed(NOW, ZoneOffset.UTC)));
        }

        @Override
        public Optional<Duration> throttled(VendorResponse r) {
            return r.status() == 429 ? Optional.of(retryAfter(r).orElse(throttleWait())) : Optional.empty();
        }

        @Override
        public Optional<VendorCallException> quotaExhausted(Integration integration, VendorResponse r) {
            return r.status() == 403
                    ? quotaUntil("DAILY", "daily limit", accountMidnight(integration))
                    : Optional.empty();
        }
    }

    private final Sample policy = new Sample();

    @Test
    void routeAndTokenPathAreTheGivenOnes() {
        assertThat(policy.apiRoute()).isEqualTo("direct:vendor-sample-api");
        assertThat(policy.tokenPath()).isEqualTo("/oauth/token");
    }

    @Test
    void aThrottleWaitsForRetryAfterInSecondsOrAsADateElseTheConfiguredWait() {
        assertThat(policy.throttled(answer(429, Map.of("retry-after", "3")))).contains(Duration.ofSeconds(3));
        assertThat(policy.throttled(answer(429, Map.of("retry-after", "Mon, 04 May 2026 17:46:00 GMT"))))
                .contains(Duration.ofMinutes(1));
        assertThat(policy.throttled(answer(429, Map.of("retry-after", "later"))))
                .contains(Duration.ofSeconds(10));
        assertThat(policy.throttled(answer(429, Map.of()))).contains(Duration.ofSeconds(10));
        assertThat(policy.throttled(answer(200, Map.of()))).isEmpty();
    }

    @Test
    void aUsedUpQuotaLastsUntilTheAccountsMidnight() {
        assertThat(policy.quotaExhausted(integration(Map.of("timeZone", "Europe/Berlin")), answer(403, Map.of())))
                .get()
                .satisfies(e -> {
                    assertThat(e.category()).isEqualTo(ErrorCategory.QUOTA_EXHAUSTED);
                    assertThat(e.vendorCode()).isEqualTo("DAILY");
                    assertThat(e.getMessage()).isEqualTo("daily limit");
                    assertThat(e.retryAt()).isEqualTo(Instant.parse("2026-05-04T22:00:00Z"));
                });
        assertThat(policy.quotaExhausted(integration(Map.of()), answer(403, Map.of())))
                .get()
                .satisfies(e -> assertThat(e.retryAt()).isEqualTo(Instant.parse("2026-05-05T00:00:00Z")));
    }

    private static VendorResponse answer(int status, Map<String, String> headers) {
        return new VendorResponse(status, headers, null);
    }

    private static Integration integration(Map<String, Object> settings) {
        return new Integration(
                1,
                "org",
                Vendor.HUBSPOT,
                Integration.ConnectionState.CONNECTED,
                Integration.SyncMode.AUTOMATIC,
                "https://vendor.example",
                settings,
                null,
                null,
                null,
                null);
    }
}
