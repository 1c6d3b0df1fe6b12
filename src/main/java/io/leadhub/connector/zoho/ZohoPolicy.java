package io.leadhub.connector.zoho;

import io.leadhub.connector.QuotaReset;
import io.leadhub.connector.RetryHint;
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
 * Zoho CRM's signals: the token travels as {@code Authorization: Zoho-oauthtoken <token>}; 401
 * {@code INVALID_TOKEN} means refresh once and replay (401 {@code OAUTH_SCOPE_MISMATCH} is a
 * permission problem, not an expired token); 429 {@code TOO_MANY_REQUESTS} is a throttle (wait for
 * Retry-After or {@code details.retry_after} when given, else the configured wait); 429
 * {@code LIMIT_REACHED} means the org's API credits for the rolling 24 hours are used up (calls
 * resume when the answer's {@code Retry-After} / {@code X-RateLimit-Reset} header says, else 24
 * hours after the refused call, when the whole window has rolled over); 5xx is transient. The
 * token path serves the sandbox, beside the API domain; production credentials name the data
 * centre's accounts server in {@code tokenUrl}.
 */
@Component
class ZohoPolicy extends VendorPolicySupport {
    ZohoPolicy(@Value("${hub.vendors.zoho.throttle-wait:PT10S}") Duration throttleWait, QuotaReset reset) {
        super("direct:vendor-zoho-api", "/oauth/v2/token", throttleWait, reset);
    }

    @Override
    public String authorization(String accessToken) {
        return "Zoho-oauthtoken " + accessToken;
    }

    @Override
    public boolean authExpired(VendorResponse r) {
        return r.status() == 401 && !"OAUTH_SCOPE_MISMATCH".equals(code(r));
    }

    @Override
    public Optional<Duration> throttled(VendorResponse r) {
        if (r.status() != 429 || "LIMIT_REACHED".equals(code(r))) return Optional.empty();
        return Optional.of(retryAfter(r)
                .or(() -> RetryHint.seconds(r.bodyOrEmpty().path("details").path("retry_after")))
                .orElse(throttleWait()));
    }

    @Override
    public Optional<VendorCallException> quotaExhausted(Integration integration, VendorResponse r) {
        if (r.status() != 429 || !"LIMIT_REACHED".equals(code(r))) return Optional.empty();
        Instant at = reset().fromHeaders(r).orElseGet(reset()::rolling24h);
        return quotaUntil(
                "LIMIT_REACHED",
                "Zoho CRM API credits used up: "
                        + r.bodyOrEmpty().path("message").asText()
                        + " (credits are counted over a rolling 24 hours; calls resume at " + at + ")",
                at);
    }

    static String code(VendorResponse r) {
        return r.bodyOrEmpty().path("code").asText("");
    }
}
