package io.leadhub.connector;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Per org + vendor request windows. Every vendor call passes {@link #acquire} (a rolling window of
 * {@code hub.vendors.<vendor>.rate-limit.requests} per {@code ….period}) and {@link #pause} is used
 * when the vendor says to slow down (a 429, or remaining = 0 in its rate headers), so bulk and
 * single calls share one budget per org and vendor.
 */
@Component
public class RateLimiter {
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final Environment env;
    private final Clock clock = Clock.systemUTC();

    public RateLimiter(Environment env) {
        this.env = env;
    }

    /** Blocks until one more call fits in the window of {@code key} (an integration id). */
    public void acquire(String vendor, long integrationId) {
        window(vendor, integrationId).acquire();
    }

    /** No calls for {@code key} until {@code wait} has passed. */
    public void pause(String vendor, long integrationId, Duration wait) {
        window(vendor, integrationId).pauseFor(wait);
    }

    private Window window(String vendor, long integrationId) {
        return windows.computeIfAbsent(
                vendor + ":" + integrationId,
                k -> new Window(
                        env.getProperty("hub.vendors." + vendor + ".rate-limit.requests", Integer.class, 100),
                        env.getProperty(
                                "hub.vendors." + vendor + ".rate-limit.period",
                                Duration.class,
                                Duration.ofSeconds(10))));
    }

    private final class Window {
        private final int capacity;
        private final long periodMillis;
        private final Deque<Long> calls = new ArrayDeque<>();
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition changed = lock.newCondition();
        private long pausedUntil;

        Window(int capacity, Duration period) {
            this.capacity = capacity;
            this.periodMillis = period.toMillis();
        }

        void acquire() {
            lock.lock();
            try {
                while (true) {
                    long now = clock.millis();
                    while (!calls.isEmpty() && calls.peekFirst() <= now - periodMillis) calls.pollFirst();
                    long waitUntil = pausedUntil;
                    if (calls.size() >= capacity) waitUntil = Math.max(waitUntil, calls.peekFirst() + periodMillis);
                    if (waitUntil <= now) {
                        calls.addLast(now);
                        return;
                    }
                    changed.await(waitUntil - now, TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new VendorCallException(
                        ErrorCategory.VENDOR_UNAVAILABLE, null, "interrupted while waiting for the rate window");
            } finally {
                lock.unlock();
            }
        }

        void pauseFor(Duration wait) {
            lock.lock();
            try {
                pausedUntil = Math.max(pausedUntil, clock.millis() + wait.toMillis());
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
