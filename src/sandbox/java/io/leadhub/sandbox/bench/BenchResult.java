package io.leadhub.sandbox.bench;

/**
 * One line of the benchmark's table: what was measured, its target, the figure on this machine,
 * the verdict and a note (how it was measured, the raw numbers behind the figure).
 */
record BenchResult(String section, String measure, String target, String figure, Verdict verdict, String note) {

    enum Verdict {
        PASS,
        FAIL,
        /** No target: the figure is for information (e.g. a vendor without a batch API). */
        INFO;

        static Verdict of(boolean pass) {
            return pass ? PASS : FAIL;
        }

        String label() {
            return this == INFO ? "info" : name().toLowerCase();
        }
    }

    static BenchResult failed(String section, String measure, String target, String why) {
        return new BenchResult(section, measure, target, "—", Verdict.FAIL, why);
    }
}
