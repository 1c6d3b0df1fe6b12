package io.leadhub.sandbox;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The pending faults of one simulator, consumed in the order they were scripted. */
public class FaultScript {

    private final List<FaultRule> pending = new ArrayList<>();

    public synchronized void add(FaultRule rule) {
        pending.add(rule.copyWithCount(rule.getCount()));
    }

    /** Consumes one use of the first pending fault matching the request; null when none matches. */
    public synchronized FaultRule consume(String method, String path, String template) {
        return consume(method, path, template, null);
    }

    /** As {@link #consume(String, String, String)}, with the request body for rules that match on it (null: not captured). */
    public synchronized FaultRule consume(String method, String path, String template, String body) {
        Iterator<FaultRule> it = pending.iterator();
        while (it.hasNext()) {
            FaultRule rule = it.next();
            if (rule.matches(method, path, template, body)) {
                rule.setCount(rule.getCount() - 1);
                if (rule.getCount() <= 0) {
                    it.remove();
                }
                return rule.copyWithCount(1);
            }
        }
        return null;
    }

    /** Some pending rule matches on request bodies, so bodies must be captured. */
    public synchronized boolean needsBodies() {
        return pending.stream().anyMatch(FaultRule::needsBody);
    }

    public synchronized List<FaultRule> pending() {
        List<FaultRule> copy = new ArrayList<>();
        pending.forEach(r -> copy.add(r.copyWithCount(r.getCount())));
        return copy;
    }

    public synchronized ArrayNode toJson() {
        ArrayNode a = SandboxJson.array();
        pending.forEach(r -> a.add(r.toJson()));
        return a;
    }

    public synchronized void clear() {
        pending.clear();
    }
}
