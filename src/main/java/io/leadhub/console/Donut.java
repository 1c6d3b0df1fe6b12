package io.leadhub.console;

import java.util.Locale;

/**
 * The reconciliation donut: the share of cleared and failed leads as two arcs of a circle whose
 * path length is 100 (SVG {@code stroke-dasharray}), so no script draws it.
 */
public record Donut(int cleared, int failed, double clearedPercent) {
    static Donut of(int cleared, int failed) {
        int done = cleared + failed;
        return new Donut(cleared, failed, done == 0 ? 0 : 100.0 * cleared / done);
    }

    /** The cleared arc: its length, then the gap. */
    public String clearedDash() {
        return String.format(Locale.ROOT, "%.2f %.2f", clearedPercent, 100 - clearedPercent);
    }

    /** The failed arc starts where the cleared one ends. */
    public String failedDash() {
        double failedPercent = cleared + failed == 0 ? 0 : 100 - clearedPercent;
        return String.format(Locale.ROOT, "%.2f %.2f", failedPercent, 100 - failedPercent);
    }

    public String failedOffset() {
        return String.format(Locale.ROOT, "%.2f", -clearedPercent);
    }

    public String label() {
        return cleared + failed == 0 ? "no results yet" : Math.round(clearedPercent) + "% cleared";
    }
}
