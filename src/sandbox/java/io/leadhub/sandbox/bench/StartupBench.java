package io.leadhub.sandbox.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * (e) Start-up: the demo jar started in an empty directory (empty H2), from starting the process to
 * the first healthy answer of {@code /actuator/health}, and on to the seeded demo orgs answering.
 * A simple stand-alone measure, kept apart so a dedicated start-up script can replace it.
 */
final class StartupBench {
    static final String SECTION = "startup";

    private StartupBench() {}

    static List<BenchResult> run(Benchmark.Context ctx) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        try (HubProcess hub = ctx.startHub(SECTION, List.of())) {
            Duration seeded = Duration.ofNanos(System.nanoTime() - t0);
            return List.of(new BenchResult(
                    SECTION,
                    "process start → first healthy /actuator/health (sandbox, empty H2, -Xmx" + Benchmark.HEAP + ")",
                    "— (no target set)",
                    String.format("%.1f s", hub.startedIn().toMillis() / 1000.0),
                    BenchResult.Verdict.INFO,
                    String.format(
                            "demo orgs seeded and connected %.1f s after the process started",
                            seeded.toMillis() / 1000.0)));
        }
    }
}
