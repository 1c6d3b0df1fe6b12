package io.leadhub.connector;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What a connector read from its vendor about one integration (a module's field metadata, an
 * sObject's describe, a program and its statuses), kept per integration and key for a time to
 * live, so the batches after the read (and a sync after a check that read it) call nothing. A
 * value is read again once it expires or is forgotten: after the vendor refused what it promised,
 * or when a check wants the vendor's current answer. A read that fails keeps nothing. Each node
 * keeps its own copy; the vendor's data, not the hub's, is the source of truth.
 *
 * @param <V> the value kept per integration and key
 */
public final class IntegrationCache<V> {
    private record Key(long integrationId, String key) {}

    private record Entry<V>(V value, Instant until) {}

    private final Duration ttl;
    private final Clock clock;
    private final Map<Key, Entry<V>> entries = new ConcurrentHashMap<>();

    /** {@code ttl}: how long a value is used after it was read. */
    public IntegrationCache(Duration ttl) {
        this(ttl, Clock.systemUTC());
    }

    public IntegrationCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /**
     * The value kept for the integration and key while it is fresh, else {@code load}'s answer,
     * kept for the time to live (nothing is kept when {@code load} throws). Two threads missing the
     * same key at once may both load it; the later answer is kept.
     */
    public V get(long integrationId, String key, Supplier<V> load) {
        Entry<V> e = entries.get(new Key(integrationId, key));
        if (e != null && fresh(e)) return e.value();
        return put(integrationId, key, load.get());
    }

    /** Keeps {@code value}, read just now, for the time to live; answers it. */
    public V put(long integrationId, String key, V value) {
        entries.put(
                new Key(integrationId, key), new Entry<>(value, clock.instant().plus(ttl)));
        return value;
    }

    /** The value kept for the integration and key, when there is one and it is fresh. */
    public Optional<V> fresh(long integrationId, String key) {
        Entry<V> e = entries.get(new Key(integrationId, key));
        return e != null && fresh(e) ? Optional.ofNullable(e.value()) : Optional.empty();
    }

    /** A fresh value is kept for the integration and key, so reading it calls nothing. */
    public boolean cached(long integrationId, String key) {
        Entry<V> e = entries.get(new Key(integrationId, key));
        return e != null && fresh(e);
    }

    /** The value of the key is read again on its next use. */
    public void forget(long integrationId, String key) {
        entries.remove(new Key(integrationId, key));
    }

    /** Every value of the integration is read again on its next use. */
    public void forget(long integrationId) {
        entries.keySet().removeIf(k -> k.integrationId() == integrationId);
    }

    private boolean fresh(Entry<V> e) {
        return e.until().isAfter(clock.instant());
    }
}
