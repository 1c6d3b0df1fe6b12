package io.leadhub.connector.pardot;

import io.leadhub.connector.QuotaReset;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorPolicySupport;
import io.leadhub.connector.VendorResponse;
import io.leadhub.integration.Integration;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Pardot v5 signals, read from the error body {@code {"code": n, "message": "…"}}: 184 (or a 401)
 * is an invalid or expired Salesforce session (refresh once and replay); 66 is the concurrency
 * limit (wait briefly and retry); 122 is the daily call limit (a quota, not a throttle). The token
 * comes from the Salesforce token endpoint named by the credentials' {@code tokenUrl}.
 * <p>
 * Pardot does not document when its daily limit resets, nor does it send a reset header. The hub
 * assumes it resets at 00:00 in the account's time zone: the integration's {@code timeZone} setting
 * (IANA id, e.g. {@code America/New_York}) when given, else UTC.
 */
@Component
class PardotPolicy extends VendorPolicySupport {
    static final int INVALID_TOKEN = 184;
    static final int CONCURRENCY = 66;
    static final int DAILY_LIMIT = 122;

    /** The token path is used only when the credentials carry no tokenUrl: the simulator serves it beside the API. */
    PardotPolicy(@Value("${hub.vendors.pardot.throttle-wait:PT1S}") Duration concurrencyWait, QuotaReset reset) {
        super("direct:vendor-pardot-api", "/services/oauth2/token", concurrencyWait, reset);
    }

    @Override
    public boolean authExpired(VendorResponse r) {
        return r.status() == 401 || code(r) == INVALID_TOKEN;
    }

    @Override
    public Optional<Duration> throttled(VendorResponse r) {
        return code(r) == CONCURRENCY ? Optional.of(throttleWait()) : Optional.empty();
    }

    @Override
    public Optional<VendorCallException> quotaExhausted(Integration integration, VendorResponse r) {
        if (code(r) != DAILY_LIMIT) return Optional.empty();
        ZoneId zone = QuotaReset.accountZone(integration);
        Instant at = reset().nextMidnight(zone);
        return quotaUntil(
                String.valueOf(DAILY_LIMIT),
                "Pardot daily API limit reached: "
                        + r.bodyOrEmpty().path("message").asText("Daily API rate limit met") + " (resets at midnight "
                        + zone.getId() + ", " + at + ")",
                at);
    }

    static int code(VendorResponse r) {
        return r.ok() ? 0 : r.bodyOrEmpty().path("code").asInt(0);
    }
}
