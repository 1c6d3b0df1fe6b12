package io.leadhub.connector.marketo;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.connector.QuotaReset;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorPolicySupport;
import io.leadhub.connector.VendorResponse;
import io.leadhub.integration.Integration;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Marketo's signals, which arrive inside HTTP 200 answers ({@code "success": false} with an
 * {@code errors} array whose codes are quoted strings): 600/601/602 empty, invalid or expired
 * token (re-token once and replay); 606 rate window (100 calls per 20 s) and 615 concurrency limit
 * (10) are throttles; 607 is the daily quota, which resets at 12:00 AM US Central time
 * (America/Chicago, so 05:00 or 06:00 UTC depending on daylight saving); 604/608/611/713 (and
 * HTTP 5xx) are transient.
 */
@Component
class MarketoPolicy extends VendorPolicySupport {
    static final Set<String> AUTH = Set.of("600", "601", "602");
    static final Set<String> TRANSIENT = Set.of("604", "608", "611", "713");

    private final Duration concurrencyWait;

    MarketoPolicy(
            @Value("${hub.vendors.marketo.throttle-wait:PT20S}") Duration windowWait,
            @Value("${hub.vendors.marketo.concurrency-wait:PT2S}") Duration concurrencyWait,
            QuotaReset reset) {
        super("direct:vendor-marketo-api", "/identity/oauth/token", windowWait, reset);
        this.concurrencyWait = concurrencyWait;
    }

    @Override
    public boolean authExpired(VendorResponse r) {
        return r.status() == 401 || AUTH.contains(errorCode(r));
    }

    @Override
    public Optional<Duration> throttled(VendorResponse r) {
        return switch (errorCode(r)) {
            case "606" -> Optional.of(throttleWait());
            case "615" -> Optional.of(concurrencyWait);
            default -> Optional.empty();
        };
    }

    @Override
    public Optional<VendorCallException> quotaExhausted(Integration integration, VendorResponse r) {
        if (!"607".equals(errorCode(r))) return Optional.empty();
        Instant at = reset().nextMidnight(QuotaReset.US_CENTRAL);
        return quotaUntil(
                "607",
                "Marketo daily API quota reached: " + errorMessage(r) + " (resets at 12:00 AM US Central, " + at + ")",
                at);
    }

    @Override
    public boolean transientFailure(VendorResponse r) {
        return r.status() >= 500 || TRANSIENT.contains(errorCode(r));
    }

    /** The first error code of a {@code "success": false} answer, or "" when the request succeeded. */
    static String errorCode(VendorResponse r) {
        JsonNode body = r.bodyOrEmpty();
        if (body.path("success").asBoolean(true)) return "";
        return body.path("errors").path(0).path("code").asText("");
    }

    static String errorMessage(VendorResponse r) {
        return r.bodyOrEmpty().path("errors").path(0).path("message").asText("");
    }
}
