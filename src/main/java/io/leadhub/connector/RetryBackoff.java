package io.leadhub.connector;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How often and how patiently the hub retries a vendor call that failed for a passing reason (5xx,
 * a lock, a dropped connection): {@code hub.vendors.retry.attempts} calls in all, waiting the base
 * delay {@code hub.vendors.retry.backoff} after the first failure and doubling it after each next
 * one (capped at 64 times the base). One rule for every connector, whether it calls through
 * {@link VendorHttp} or through a Camel component of its own.
 */
@Component
public class RetryBackoff {
    /** The delay stops doubling after this many failures, so a long retry chain stays bounded. */
    private static final int MAX_DOUBLINGS = 6;

    private final int attempts;
    private final Duration base;

    public RetryBackoff(
            @Value("${hub.vendors.retry.attempts:4}") int attempts,
            @Value("${hub.vendors.retry.backoff:PT0.5S}") Duration base) {
        this.attempts = attempts;
        this.base = base;
    }

    /** How many calls one request may cost in all. */
    public int attempts() {
        return attempts;
    }

    /** True when {@code attempt} (counted from 1) was the last one allowed. */
    public boolean exhausted(int attempt) {
        return attempt >= attempts;
    }

    /** The wait after failed attempt number {@code attempt} (counted from 1). */
    public Duration delay(int attempt) {
        return base.multipliedBy(1L << Math.min(Math.max(attempt - 1, 0), MAX_DOUBLINGS));
    }

    /**
     * Waits {@link #delay} after failed attempt number {@code attempt}. An interrupt ends the wait
     * and the request: VENDOR_UNAVAILABLE, with the thread's interrupt flag kept.
     */
    public void pause(int attempt) {
        try {
            TimeUnit.MILLISECONDS.sleep(delay(attempt).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VendorCallException(ErrorCategory.VENDOR_UNAVAILABLE, null, "interrupted during backoff");
        }
    }
}
