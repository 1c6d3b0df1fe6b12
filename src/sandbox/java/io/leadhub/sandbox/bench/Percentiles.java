package io.leadhub.sandbox.bench;

import java.util.Collection;

/**
 * Count, p50, p99 and max of a set of samples (nearest-rank percentiles: the smallest sample with at
 * least p % of the samples at or below it). No samples: count 0 and NaN figures.
 */
record Percentiles(int count, double p50, double p99, double max) {

    static Percentiles of(Collection<? extends Number> samples) {
        double[] sorted =
                samples.stream().mapToDouble(Number::doubleValue).sorted().toArray();
        if (sorted.length == 0) return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN);
        return new Percentiles(sorted.length, rank(sorted, 50), rank(sorted, 99), sorted[sorted.length - 1]);
    }

    /** The nearest-rank percentile {@code p} (0 < p ≤ 100) of ascending samples. */
    static double rank(double[] sorted, double p) {
        if (sorted.length == 0) return Double.NaN;
        if (p <= 0 || p > 100) throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** Items per second over {@code nanos}; NaN for no time. */
    static double perSecond(long items, long nanos) {
        return nanos <= 0 ? Double.NaN : items * 1e9 / nanos;
    }

    /** {@code calls} scaled to {@code per} leads out of {@code leads}; NaN without leads. */
    static double scaled(long calls, long leads, long per) {
        return leads <= 0 ? Double.NaN : (double) calls * per / leads;
    }
}
