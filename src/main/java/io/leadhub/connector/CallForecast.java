package io.leadhub.connector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The vendor calls a sync of some leads will cost (token calls excluded), per kind of call
 * ({@code METHOD path}), with the assumptions the count rests on. Built by each connector from its
 * own batching rules, in the order its route makes the calls.
 */
public final class CallForecast {
    private final Map<String, Long> calls = new LinkedHashMap<>();
    private final List<String> assumptions = new ArrayList<>();

    /** Adds {@code n} calls of one kind (nothing when {@code n} is 0). */
    public CallForecast add(String call, long n) {
        if (n > 0) calls.merge(call, n, Long::sum);
        return this;
    }

    /** Adds one call per {@code max} items of {@code items} (a batched call), none when there are none. */
    public CallForecast addChunks(String call, long items, int max) {
        return add(call, chunks(items, max));
    }

    public CallForecast assume(String assumption) {
        if (!assumptions.contains(assumption)) assumptions.add(assumption);
        return this;
    }

    public Map<String, Long> calls() {
        return calls;
    }

    public List<String> assumptions() {
        return assumptions;
    }

    public long total() {
        return calls.values().stream().mapToLong(Long::longValue).sum();
    }

    /** How many calls of at most {@code max} items carry {@code items}. */
    public static long chunks(long items, int max) {
        return items <= 0 ? 0 : (items + max - 1) / max;
    }
}
