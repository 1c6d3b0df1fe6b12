package io.leadhub.connector;

import io.leadhub.integration.Integration;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What most {@link VendorPolicy vendor policies} share, so a connector's policy states only its
 * vendor's signals: the API route and token path, the configured throttle wait used when the
 * vendor gives no hint, the vendor's {@code Retry-After} read by {@link RetryHint}, the quota
 * reset rules of {@link QuotaReset}, and the QUOTA_EXHAUSTED exception a used-up quota raises.
 */
public abstract class VendorPolicySupport implements VendorPolicy {
    private final String apiRoute;
    private final String tokenPath;
    private final Duration throttleWait;
    private final QuotaReset reset;

    /**
     * @param apiRoute the YAML route wrapping the vendor's HTTP endpoint
     * @param tokenPath the token endpoint below the base URL, used when the credentials name no tokenUrl
     * @param throttleWait how long a throttle holds the next call when the vendor says nothing more precise
     * @param reset the quota reset rules (and the clock every wait is measured with)
     */
    protected VendorPolicySupport(String apiRoute, String tokenPath, Duration throttleWait, QuotaReset reset) {
        this.apiRoute = apiRoute;
        this.tokenPath = tokenPath;
        this.throttleWait = throttleWait;
        this.reset = reset;
    }

    @Override
    public final String apiRoute() {
        return apiRoute;
    }

    @Override
    public final String tokenPath() {
        return tokenPath;
    }

    /** The configured wait after a throttle that carries no hint of its own. */
    protected final Duration throttleWait() {
        return throttleWait;
    }

    /** The quota reset rules. */
    protected final QuotaReset reset() {
        return reset;
    }

    /** The wait the answer's {@code Retry-After} header asks for (seconds or an HTTP-date), if any. */
    protected final Optional<Duration> retryAfter(VendorResponse r) {
        return RetryHint.retryAfterWait(r.header("Retry-After"), reset.now());
    }

    /** The next midnight of the vendor account's day ({@link QuotaReset#accountZone}, else UTC). */
    protected final Instant accountMidnight(Integration integration) {
        return reset.nextMidnight(QuotaReset.accountZone(integration));
    }

    /** A used-up quota: QUOTA_EXHAUSTED with the vendor's code and explanation, and when calls may resume. */
    protected static Optional<VendorCallException> quotaUntil(String code, String message, Instant at) {
        return Optional.of(new VendorCallException(ErrorCategory.QUOTA_EXHAUSTED, code, message, at));
    }
}
