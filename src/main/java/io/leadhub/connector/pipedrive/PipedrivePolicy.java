package io.leadhub.connector.pipedrive;

import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.QuotaReset;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorPolicy;
import io.leadhub.connector.VendorResponse;
import io.leadhub.integration.Integration;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Pipedrive's signals: 401 for an invalid or expired token; 429 with {@code x-daily-tokens-left: 0}
 * is the daily token budget (a quota: QUOTA_EXHAUSTED; Pipedrive documents that the budget resets
 * "at the start of the next day" without naming the zone, so the hub waits for the next midnight in
 * the company's time zone — the integration's {@code timeZone} setting — or UTC); any other 429 is the 2-second window (wait {@code x-ratelimit-reset} seconds). A
 * successful answer with {@code x-ratelimit-remaining: 0} holds the next call until the window
 * resets, so a burst slows down before it is throttled.
 */
@Component
class PipedrivePolicy implements VendorPolicy {
    private final Duration windowWait;
    private final QuotaReset quotaReset;

    PipedrivePolicy(@Value("${hub.vendors.pipedrive.throttle-wait:PT2S}") Duration windowWait, QuotaReset quotaReset) {
        this.windowWait = windowWait;
        this.quotaReset = quotaReset;
    }

    @Override
    public String apiRoute() {
        return "direct:vendor-pipedrive-api";
    }

    /** Used only when the credentials carry no tokenUrl (the sandbox serves it beside the API). */
    @Override
    public String tokenPath() {
        return "/oauth/token";
    }

    @Override
    public Optional<VendorCallException> quotaExhausted(Integration integration, VendorResponse r) {
        if (r.status() != 429 || !"0".equals(r.header("x-daily-tokens-left"))) return Optional.empty();
        Instant reset = quotaReset.nextMidnight(QuotaReset.accountZone(integration));
        return Optional.of(new VendorCallException(
                ErrorCategory.QUOTA_EXHAUSTED,
                "429",
                "Pipedrive daily token budget used up: "
                        + r.bodyOrEmpty().path("error").asText("Too Many Requests")
                        + "; retried after the budget resets",
                reset));
    }

    @Override
    public Optional<Duration> throttled(VendorResponse r) {
        if (r.status() != 429) return Optional.empty();
        return Optional.of(reset(r).orElse(windowWait));
    }

    @Override
    public Optional<Duration> pauseAfter(VendorResponse r) {
        if (!"0".equals(r.header("x-ratelimit-remaining"))) return Optional.empty();
        return Optional.of(reset(r).orElse(windowWait));
    }

    private static Optional<Duration> reset(VendorResponse r) {
        String reset = r.header("x-ratelimit-reset");
        if (reset == null || !reset.trim().matches("\\d+")) return Optional.empty();
        return Optional.of(Duration.ofSeconds(Math.max(1, Long.parseLong(reset.trim()))));
    }
}
