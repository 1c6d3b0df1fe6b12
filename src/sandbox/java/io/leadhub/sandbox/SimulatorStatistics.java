package io.leadhub.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** In-memory request counters of one simulator, keyed by {@code "<METHOD> <path template>"}. */
public class SimulatorStatistics {

    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();

    /** Counts one request; {@code inTotal} is false for token endpoints. */
    public void count(String key, boolean inTotal) {
        requests.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
        if (inTotal) {
            total.incrementAndGet();
        }
    }

    public long totalRequests() {
        return total.get();
    }

    public long requests(String key) {
        AtomicLong n = requests.get(key);
        return n == null ? 0 : n.get();
    }

    public Map<String, Long> requests() {
        Map<String, Long> copy = new TreeMap<>();
        requests.forEach((k, v) -> copy.put(k, v.get()));
        return copy;
    }

    public void reset() {
        requests.clear();
        total.set(0);
    }

    /** {@code {"totalRequests": n, "requests": {...}, "records": {...}}}. */
    public ObjectNode toJson(Map<String, Long> recordCounts) {
        ObjectNode out = SandboxJson.object();
        out.put("totalRequests", total.get());
        ObjectNode req = out.putObject("requests");
        requests().forEach(req::put);
        ObjectNode rec = out.putObject("records");
        recordCounts.forEach(rec::put);
        return out;
    }
}
