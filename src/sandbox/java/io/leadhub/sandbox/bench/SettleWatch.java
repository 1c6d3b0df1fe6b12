package io.leadhub.sandbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Follows an org's integrations through their reconciliation summaries (for one event): how many
 * leads were settled (CLEARED or FAILED) when the watch began, and then until {@code expected} more
 * are, at every integration, with none waiting or syncing.
 */
final class SettleWatch {
    static final Duration POLL = Duration.ofMillis(250);

    private final HubApi api;
    private final String org;
    private final String event;
    private final Map<String, Integer> baseline;

    /** What the wait saw last: settled or not, when, and the summaries per vendor. */
    record Settled(boolean done, long atNanos, Map<String, JsonNode> summaries) {
        /** cleared / failed (by category) / waiting per vendor, for notes. */
        String describe() {
            return summaries.entrySet().stream()
                    .map(e -> e.getKey() + " " + e.getValue().path("cleared").asInt() + " cleared, "
                            + e.getValue().path("failed").asInt() + " failed"
                            + failures(e.getValue()) + ", "
                            + (e.getValue().path("preSync").asInt()
                                    + e.getValue().path("syncing").asInt()) + " waiting")
                    .collect(Collectors.joining("; "));
        }

        private static String failures(JsonNode summary) {
            JsonNode by = summary.path("byCategory");
            if (by.isEmpty()) return "";
            StringBuilder s = new StringBuilder(" (");
            for (Map.Entry<String, JsonNode> e : by.properties()) {
                if (s.length() > 2) s.append(", ");
                s.append(e.getKey()).append(' ').append(e.getValue().asInt());
            }
            return s.append(')').toString();
        }
    }

    private SettleWatch(HubApi api, String org, String event, Map<String, Integer> baseline) {
        this.api = api;
        this.org = org;
        this.event = event;
        this.baseline = baseline;
    }

    /** Notes how many leads each integration has settled already. */
    static SettleWatch from(HubApi api, String org, String event, List<String> vendors)
            throws IOException, InterruptedException {
        Map<String, Integer> baseline = new LinkedHashMap<>();
        for (String v : vendors) {
            JsonNode s = api.summary(org, v, event);
            baseline.put(v, s.path("cleared").asInt() + s.path("failed").asInt());
        }
        return new SettleWatch(api, org, event, baseline);
    }

    /**
     * Polls the summaries every 250 ms until, at every integration, {@code expected} more leads are
     * CLEARED or FAILED than when the watch began and none is waiting or syncing; or until the timeout.
     */
    Settled await(int expected, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextReport = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            Map<String, JsonNode> summaries = new LinkedHashMap<>();
            boolean done = true;
            for (Map.Entry<String, Integer> b : baseline.entrySet()) {
                JsonNode s = api.summary(org, b.getKey(), event);
                summaries.put(b.getKey(), s);
                int settled = s.path("cleared").asInt() + s.path("failed").asInt() - b.getValue();
                done &= settled >= expected
                        && s.path("preSync").asInt() == 0
                        && s.path("syncing").asInt() == 0;
            }
            long now = System.nanoTime();
            Settled seen = new Settled(done, now, summaries);
            if (done || now > deadline) return seen;
            if (now > nextReport) {
                Benchmark.progress("  " + org + ": " + seen.describe());
                nextReport = now + Duration.ofSeconds(15).toNanos();
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
