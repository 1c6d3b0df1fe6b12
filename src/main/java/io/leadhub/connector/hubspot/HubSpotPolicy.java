package io.leadhub.connector.hubspot;

import io.leadhub.connector.QuotaReset;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorPolicySupport;
import io.leadhub.connector.VendorResponse;
import io.leadhub.integration.Integration;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * HubSpot's signals: 401 for expired tokens; 429 for the per-portal 10-second window (wait for
 * Retry-After when given, else the window) or for the daily limit ({@code policyName: DAILY},
 * which is a quota, not a throttle). The daily limit resets at midnight in the HubSpot account's
 * time zone: the integration's {@code timeZone} setting when given, else UTC.
 */
@Component
class HubSpotPolicy extends VendorPolicySupport {
    HubSpotPolicy(@Value("${hub.vendors.hubspot.throttle-wait:PT10S}") Duration windowWait, QuotaReset reset) {
        super("direct:vendor-hubspot-api", "/oauth/v1/token", windowWait, reset);
    }

    @Override
    public Optional<Duration> throttled(VendorResponse r) {
        if (r.status() != 429) return Optional.empty();
        return Optional.of(retryAfter(r).orElse(throttleWait()));
    }

    /** HubSpot's window is per portal and shared with other apps: when it says none remain, wait for the interval. */
    @Override
    public Optional<Duration> pauseAfter(VendorResponse r) {
        if (!"0".equals(r.header("X-HubSpot-RateLimit-Remaining"))) return Optional.empty();
        String interval = r.header("X-HubSpot-RateLimit-Interval-Milliseconds");
        return Optional.of(
                interval != null && interval.matches("\\d+")
                        ? Duration.ofMillis(Long.parseLong(interval))
                        : throttleWait());
    }

    @Override
    public Optional<VendorCallException> quotaExhausted(Integration integration, VendorResponse r) {
        if (r.status() != 429
                || !"DAILY".equals(r.bodyOrEmpty().path("policyName").asText())) return Optional.empty();
        Instant at = accountMidnight(integration);
        return quotaUntil(
                "DAILY",
                "HubSpot daily API limit reached: "
                        + r.bodyOrEmpty().path("message").asText() + " (resets at " + at + ")",
                at);
    }
}
