package io.leadhub.vendor.hubspot;

import io.leadhub.reconciliation.ErrorCategory;
import io.leadhub.vendor.VendorCallException;
import io.leadhub.vendor.VendorPolicy;
import io.leadhub.vendor.VendorResponse;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * HubSpot's signals: 401 for expired tokens; 429 for the per-portal 10-second window (wait for
 * Retry-After when given, else the window) or for the daily limit ({@code policyName: DAILY},
 * which is a quota, not a throttle).
 */
@Component
class HubSpotPolicy implements VendorPolicy {
    private final Duration windowWait;

    HubSpotPolicy(@Value("${hub.vendors.hubspot.throttle-wait:PT10S}") Duration windowWait) {
        this.windowWait = windowWait;
    }

    @Override
    public String apiRoute() { return "direct:hubspot-api"; }

    @Override
    public String tokenPath() { return "/oauth/v1/token"; }

    @Override
    public Optional<Duration> throttled(VendorResponse r) {
        if (r.status() != 429) return Optional.empty();
        String retryAfter = r.header("Retry-After");
        if (retryAfter != null && retryAfter.matches("\\d+")) return Optional.of(Duration.ofSeconds(Long.parseLong(retryAfter)));
        return Optional.of(windowWait);
    }

    /** HubSpot's window is per portal and shared with other apps: when it says none remain, wait for the interval. */
    @Override
    public Optional<Duration> pauseAfter(VendorResponse r) {
        if (!"0".equals(r.header("X-HubSpot-RateLimit-Remaining"))) return Optional.empty();
        String interval = r.header("X-HubSpot-RateLimit-Interval-Milliseconds");
        return Optional.of(interval != null && interval.matches("\\d+") ? Duration.ofMillis(Long.parseLong(interval)) : windowWait);
    }

    @Override
    public Optional<VendorCallException> quotaExhausted(VendorResponse r) {
        if (r.status() == 429 && "DAILY".equals(r.bodyOrEmpty().path("policyName").asText())) {
            // HubSpot resets daily limits at midnight in the portal's time zone; the hub does not know it, so it waits for UTC midnight
            java.time.Instant reset = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1)
                    .atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            return Optional.of(new VendorCallException(ErrorCategory.QUOTA_EXHAUSTED, "DAILY",
                    "HubSpot daily API limit reached: " + r.bodyOrEmpty().path("message").asText(), reset));
        }
        return Optional.empty();
    }
}
