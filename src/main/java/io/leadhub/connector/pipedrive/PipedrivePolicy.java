package io.leadhub.connector.pipedrive;

import io.leadhub.connector.QuotaReset;
import io.leadhub.connector.RetryHint;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorPolicySupport;
import io.leadhub.connector.VendorResponse;
import io.leadhub.integration.Integration;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Pipedrive's signals: 401 for an invalid or expired token; 429 with {@code x-daily-tokens-left: 0}
 * is the daily token budget (a quota: QUOTA_EXHAUSTED; Pipedrive documents that the budget resets
 * "at the start of the next day" without naming the zone, so the hub waits for the next midnight in
 * the company's time zone — the integration's {@code timeZone} setting — or UTC); any other 429 is
 * the 2-second window (wait {@code x-ratelimit-reset} seconds). A successful answer with
 * {@code x-ratelimit-remaining: 0} holds the next call until the window resets, so a burst slows
 * down before it is throttled. The token path is used only when the credentials carry no tokenUrl
 * (the sandbox serves it beside the API).
 */
@Component
class PipedrivePolicy extends VendorPolicySupport {
    PipedrivePolicy(@Value("${hub.vendors.pipedrive.throttle-wait:PT2S}") Duration windowWait, QuotaReset quotaReset) {
        super("direct:vendor-pipedrive-api", "/oauth/token", windowWait, quotaReset);
    }

    @Override
    public Optional<VendorCallException> quotaExhausted(Integration integration, VendorResponse r) {
        if (r.status() != 429 || !"0".equals(r.header("x-daily-tokens-left"))) return Optional.empty();
        return quotaUntil(
                "429",
                "Pipedrive daily token budget used up: "
                        + r.bodyOrEmpty().path("error").asText("Too Many Requests")
                        + "; retried after the budget resets",
                accountMidnight(integration));
    }

    @Override
    public Optional<Duration> throttled(VendorResponse r) {
        if (r.status() != 429) return Optional.empty();
        return Optional.of(untilWindowResets(r));
    }

    @Override
    public Optional<Duration> pauseAfter(VendorResponse r) {
        if (!"0".equals(r.header("x-ratelimit-remaining"))) return Optional.empty();
        return Optional.of(untilWindowResets(r));
    }

    /** The {@code x-ratelimit-reset} seconds (at least one), else the configured window. */
    private Duration untilWindowResets(VendorResponse r) {
        return RetryHint.seconds(r.header("x-ratelimit-reset"))
                .map(d -> d.isZero() ? Duration.ofSeconds(1) : d)
                .orElse(throttleWait());
    }
}
