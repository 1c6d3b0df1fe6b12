package io.leadhub.connector;

import io.leadhub.integration.Integration;
import java.time.Duration;
import java.util.Optional;

/**
 * How one vendor signals the conditions the shared HTTP layer handles: expired credentials,
 * throttling, exhausted quota and transient failures. Each connector supplies one.
 */
public interface VendorPolicy {
    /** The Camel route that wraps the vendor's HTTP endpoint, e.g. {@code direct:vendor-hubspot-api}. */
    String apiRoute();

    /** The Authorization header value for an access token. */
    default String authorization(String accessToken) {
        return "Bearer " + accessToken;
    }

    /** Token endpoint path below the integration's base URL (used unless settings name a tokenUrl). */
    String tokenPath();

    /** The answer says the access token is expired or invalid. */
    default boolean authExpired(VendorResponse r) {
        return r.status() == 401;
    }

    /** The answer is a throttle; how long to wait before the next call. */
    Optional<Duration> throttled(VendorResponse r);

    /**
     * The answer says the daily quota is used up: a QUOTA_EXHAUSTED exception whose {@code retryAt}
     * is the vendor's reset by its own rule ({@link QuotaReset}). The integration is given for the
     * rules that depend on the vendor account (its time zone).
     */
    default Optional<VendorCallException> quotaExhausted(Integration integration, VendorResponse r) {
        return Optional.empty();
    }

    /**
     * A successful answer can still say the window is used up (e.g. remaining = 0 in the vendor's
     * rate headers): how long to hold the next call, so the hub slows down before it is throttled.
     */
    default Optional<Duration> pauseAfter(VendorResponse r) {
        return Optional.empty();
    }

    /** The answer is a transient server failure worth retrying. */
    default boolean transientFailure(VendorResponse r) {
        return r.status() >= 500;
    }
}
