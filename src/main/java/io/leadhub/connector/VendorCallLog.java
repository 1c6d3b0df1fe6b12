package io.leadhub.connector;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vendor calls made on the current thread since {@link #start}: a sync batch runs on one thread
 * from its claim to its recorded outcomes (the routes between are {@code direct:}), and so does a
 * readiness check or a preview request. {@link VendorHttp} and the Salesforce API record every call
 * they send (method and path, never the query or body, and the vendor's HTTP status); calls made
 * while no log is started are not kept. Identical calls are counted, so the log stays small.
 */
public final class VendorCallLog {
    private static final int MAX_KINDS = 100;
    private static final ThreadLocal<Map<String, Integer>> CURRENT = new ThreadLocal<>();

    private VendorCallLog() {}

    /** Starts (or restarts) the log of the current thread. */
    public static void start() {
        CURRENT.set(new LinkedHashMap<>());
    }

    /** One call sent: {@code call} is its method and path, {@code status} the vendor's HTTP status (0: no answer). */
    public static void record(String call, int status) {
        Map<String, Integer> log = CURRENT.get();
        if (log == null) return;
        String key = call + " -> " + (status == 0 ? "no answer" : String.valueOf(status));
        if (log.size() < MAX_KINDS || log.containsKey(key)) log.merge(key, 1, Integer::sum);
    }

    /** The calls so far (call -> times), without ending the log. */
    public static Map<String, Integer> current() {
        Map<String, Integer> log = CURRENT.get();
        return log == null ? Map.of() : Map.copyOf(log);
    }

    /** Ends the log of the current thread and answers its calls (call -> times, in the order first made). */
    public static Map<String, Integer> stop() {
        Map<String, Integer> log = CURRENT.get();
        CURRENT.remove();
        return log == null ? Map.of() : log;
    }

    /** How many calls the log holds. */
    public static int count(Map<String, Integer> log) {
        return log.values().stream().mapToInt(Integer::intValue).sum();
    }
}
