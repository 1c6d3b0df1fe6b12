package io.leadhub.console;

import java.util.Map;

/**
 * The progress bar of a CSV import: while rows are read it counts rows (no end known yet); once the
 * file is in, it fills as the imported leads finish syncing (cleared or failed, for every
 * integration). {@code finished}: nothing of the import is still reading, enriching, queued or syncing.
 */
public record ImportProgress(String phase, int value, int max, boolean finished, int failed, int waiting) {
    static ImportProgress of(Map<String, Object> job) {
        String state = String.valueOf(job.get("state"));
        if ("RUNNING".equals(state)) return new ImportProgress("reading", 0, 0, false, 0, 0);
        if ("FAILED".equals(state)) return new ImportProgress("failed", 0, 0, true, 0, 0);
        int done = 0, total = 0, failed = 0, waiting = 0, moving = 0;
        if (job.get("sync") instanceof Map<?, ?> byVendor) {
            for (Object states : byVendor.values()) {
                if (!(states instanceof Map<?, ?> counts)) continue;
                for (var e : counts.entrySet()) {
                    int n = ((Number) e.getValue()).intValue();
                    String s = String.valueOf(e.getKey());
                    total += n;
                    switch (s) {
                        case "cleared" -> done += n;
                        case "failed" -> {
                            done += n;
                            failed += n;
                        }
                        case "frozen", "held" -> waiting += n;
                        default -> moving += n;
                    }
                }
            }
        }
        boolean finished = moving == 0;
        return new ImportProgress(
                finished ? "done" : "syncing", done, Math.max(total - waiting, 0), finished, failed, waiting);
    }

    public int percent() {
        return max == 0 ? (finished ? 100 : 0) : Math.round(100f * value / max);
    }
}
