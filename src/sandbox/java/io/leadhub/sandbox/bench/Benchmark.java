package io.leadhub.sandbox.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark command (run it with {@code src/scripts/benchmark.sh}): starts the demo jar (hub +
 * sandbox) as child processes, a fresh one with an empty database per scenario, drives them only
 * over HTTP (the API, the simulators' endpoints, the actuator) and prints per section the target,
 * the figure on this machine and pass / fail; the same table goes to {@code results.md} in the
 * output directory.
 *
 * <pre>
 * Benchmark [section…] [--quick] [--jar=target/demo/lead-hub-demo.jar] [--out=target/benchmark]
 *           [--settle-minutes=N] [--label=text]
 * sections: calls throughput latency memory startup (default: all)
 * </pre>
 */
public final class Benchmark {
    /** The seeded demo orgs' event. */
    static final String EVENT = "demo-event";
    /** Heap of the hubs of every section but memory. */
    static final String HEAP = "1g";

    /** How long a hub may take to answer healthy (a loaded 2-core machine has needed 5 minutes). */
    static final Duration START_TIMEOUT = Duration.ofMinutes(10);

    /** The pause between a hub answering (orgs seeded) and the first measurement. */
    static final Duration SETTLE_IN = Duration.ofSeconds(10);

    static final List<String> SECTIONS = List.of("calls", "throughput", "latency", "memory", "startup");

    static final String USAGE = """
            benchmark [section…] [--quick] [--settle-minutes=N] [--out=DIR] [--jar=FILE] [--label=TEXT]
              sections: calls throughput latency memory startup (default: all)
              --quick            1,000 leads for throughput, 10,000 rows for memory, 20 s of captures
              --settle-minutes   how long a scenario may take to settle (default 30, quick 10)
              --out              where hubs' logs and results.md go (default target/benchmark)
              --jar              the demo jar (default target/demo/lead-hub-demo.jar)
              --label            a text for the results' header (the script passes the commit)""";

    private Benchmark() {}

    /** What the sections share: the options and a way to start a hub. */
    record Context(Path jar, Path out, boolean quick, Duration settleTimeout) {
        HubProcess startHub(String name, List<String> settings) throws IOException, InterruptedException {
            return startHub(name, HEAP, settings);
        }

        HubProcess startHub(String name, String heap, List<String> settings) throws IOException, InterruptedException {
            progress("starting a hub for " + name + " (-Xmx" + heap + (settings.isEmpty() ? "" : " " + settings)
                    + ") in " + out.resolve("hubs").resolve(name));
            HubProcess hub = HubProcess.start(jar, out.resolve("hubs").resolve(name), heap, settings, START_TIMEOUT);
            try {
                hub.awaitSeeded(CallsBench.ORGS, Duration.ofMinutes(2));
                // start-up work keeps running a few seconds after the hub answers (an import uploaded
                // in that moment has been reported FAILED, then DONE): measure from a hub that has settled in
                Thread.sleep(SETTLE_IN.toMillis());
            } catch (IOException | InterruptedException | RuntimeException e) {
                hub.close();
                throw e;
            }
            progress(String.format(
                    "  healthy after %.1f s on port %d", hub.startedIn().toMillis() / 1000.0, hub.port()));
            return hub;
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> sections = new ArrayList<>();
        boolean quick = false;
        Path jar = Path.of("target/demo/lead-hub-demo.jar");
        Path out = Path.of("target/benchmark");
        Duration settle = null;
        String label = null;
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                System.out.println(USAGE);
                System.exit(0);
            } else if (a.equals("--quick")) quick = true;
            else if (a.startsWith("--jar=")) jar = Path.of(a.substring(6));
            else if (a.startsWith("--out=")) out = Path.of(a.substring(6));
            else if (a.startsWith("--settle-minutes=")) settle = Duration.ofMinutes(Long.parseLong(a.substring(17)));
            else if (a.startsWith("--label=")) label = a.substring(8);
            else if (SECTIONS.contains(a.toLowerCase(Locale.ROOT))) sections.add(a.toLowerCase(Locale.ROOT));
            else {
                System.err.println("unknown argument '" + a + "'\n" + USAGE);
                System.exit(2);
            }
        }
        if (sections.isEmpty()) sections.addAll(SECTIONS);
        if (!Files.isRegularFile(jar)) {
            System.err.println("no demo jar at " + jar + ": build it with mvn -B -q -Pdemo -DskipTests package");
            System.exit(2);
        }
        if (settle == null) settle = Duration.ofMinutes(quick ? 10 : 30);
        Context ctx = new Context(jar, out, quick, settle);

        ResultTable table = new ResultTable();
        table.context("Run "
                + LocalDateTime.now()
                        .format(DateTimeFormatter.ISO_LOCAL_DATE_TIME.withLocale(Locale.ROOT))
                        .substring(0, 16)
                + (label == null ? "" : ", " + label) + ", " + (quick ? "quick" : "full")
                + " mode, sections " + sections);
        table.context(machine("at the start"));
        Map<String, Long> took = new LinkedHashMap<>();
        for (String section : sections) {
            long t0 = System.nanoTime();
            progress("== " + section);
            try {
                run(section, ctx).forEach(table::add);
            } catch (Exception e) {
                table.add(BenchResult.failed(section, "the section", "completes", "did not complete: " + e));
                progress("  " + section + " failed: " + e);
            }
            took.put(section, (System.nanoTime() - t0) / 1_000_000_000);
        }
        table.context(machine("at the end") + "; seconds per section " + took);
        table.print(System.out);
        Path md = out.resolve("results.md");
        table.writeMarkdown(md);
        System.out.println("\nwritten to " + md);
        System.exit(table.allPassed() ? 0 : 1);
    }

    private static List<BenchResult> run(String section, Context ctx) throws IOException, InterruptedException {
        return switch (section) {
            case "calls" -> CallsBench.run(ctx);
            case "throughput" -> ThroughputBench.run(ctx);
            case "latency" -> LatencyBench.run(ctx);
            case "memory" -> MemoryBench.run(ctx);
            case "startup" -> StartupBench.run(ctx);
            default -> throw new IllegalArgumentException(section);
        };
    }

    private static String machine(String when) {
        return String.format(
                "Machine: %d cores, load average %.2f %s, Java %s; hubs -Xmx%s (memory: -Xmx%s)",
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                when,
                System.getProperty("java.version"),
                HEAP,
                MemoryBench.HEAP);
    }

    /** A progress line on stderr (the table goes to stdout). */
    static void progress(String line) {
        System.err.println(LocalDateTime.now().format(DateTimeFormatter.ofPattern("HH:mm:ss")) + " " + line);
    }
}
