package io.leadhub.enrichment;

import com.google.common.util.concurrent.RateLimiter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.stereotype.Component;

/**
 * How many calls each enrichment provider gets from this instance: at most its
 * {@code max-in-flight} at once (0: as many as the stage runs) and at most {@code rate-per-second}
 * (0: no limit; spread evenly, Guava's smooth rate limiter). A lead waits for a place no longer
 * than its enrichment deadline; the provider is skipped for that lead if none frees up in time.
 */
@Component
class ProviderThrottle {
    private final Map<String, Semaphore> gates = new ConcurrentHashMap<>();
    private final Map<String, RateLimiter> rates = new ConcurrentHashMap<>();

    /** Takes a place for one call to {@code provider}, waiting at most {@code waitMillis}; answers whether it got one. */
    boolean enter(EnrichmentProperties.Provider provider, long waitMillis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, waitMillis));
        Semaphore gate = gate(provider);
        try {
            if (gate != null && !gate.tryAcquire(Math.max(0, waitMillis), TimeUnit.MILLISECONDS)) return false;
            if (provider.getRatePerSecond() <= 0) return true;
            RateLimiter rate =
                    rates.computeIfAbsent(provider.getName(), k -> RateLimiter.create(provider.getRatePerSecond()));
            if (rate.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) return true;
            if (gate != null) gate.release();
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The place taken by {@link #enter}, given back once by {@link Pass#leave}, however the call ended. */
    Pass pass(EnrichmentProperties.Provider provider) {
        return new Pass(gate(provider));
    }

    private Semaphore gate(EnrichmentProperties.Provider provider) {
        if (provider.getMaxInFlight() <= 0) return null;
        return gates.computeIfAbsent(provider.getName(), k -> new Semaphore(provider.getMaxInFlight()));
    }

    /** One call's place at its provider. */
    static final class Pass {
        private final Semaphore gate;
        private final AtomicBoolean left = new AtomicBoolean();

        Pass(Semaphore gate) {
            this.gate = gate;
        }

        void leave() {
            if (gate != null && left.compareAndSet(false, true)) gate.release();
        }
    }
}
