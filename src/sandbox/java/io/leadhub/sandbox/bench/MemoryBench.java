package io.leadhub.sandbox.bench;

import io.leadhub.sandbox.dataset.LeadDataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * (d) Memory under a large import: the hub under {@code -Xmx256m}, one generated CSV of 100,000 rows
 * (10,000 quick) into org {@code demo} (HubSpot + Marketo), watched from before the upload until every
 * lead is settled (or the settle timeout). Every 500 ms: a cheap authenticated GET
 * ({@code /api/v1/orgs/demo/events}, 5 s timeout) timed, then the actuator's heap used
 * ({@code jvm.memory.used}, area heap) and live heap after the last collection
 * ({@code jvm.gc.live.data.size}) and direct buffers ({@code jvm.buffer.memory.used}, id direct; they share
 * the heap's size as their limit). Every 30 s the reachable heap: {@code jcmd <pid> GC.class_histogram}, whose
 * full collection leaves only what is still referenced; that decides "flat". At the end: the hub still runs
 * and its log has no OutOfMemoryError.
 */
final class MemoryBench {
    static final String SECTION = "memory";
    static final String ORG = "demo";
    static final String HEAP = "256m";
    static final double HEAP_MB = 256;
    /** "Flat": the live heap after collections stays under this share of the maximum heap. */
    static final double FLAT_SHARE = 0.75;

    private static final Duration PROBE_EVERY = Duration.ofMillis(500);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    /** How often the reachable heap is measured (each measurement is a full collection in the hub). */
    static final Duration LIVE_EVERY = Duration.ofSeconds(30);

    private static final double MB = 1024.0 * 1024.0;

    private MemoryBench() {}

    /** What the sampler gathered. */
    private static final class Samples {
        final List<Long> apiMillis = new ArrayList<>();
        final List<Double> heapUsedMb = new ArrayList<>();
        final List<Double> liveMb = new ArrayList<>();
        final List<Double> afterGcShare = new ArrayList<>();
        final List<Double> directMb = new ArrayList<>();
        /** Reachable heap after a full collection, every {@link #LIVE_EVERY}. */
        final List<Double> reachableMb = new ArrayList<>();

        int probes;
        int unanswered;
        String firstProblem;
    }

    static List<BenchResult> run(Benchmark.Context ctx) throws IOException, InterruptedException {
        int rows = ctx.quick() ? 10_000 : 100_000;
        LeadDataset data = LeadDataset.builder(100_100L).leads(rows).build();
        byte[] csv = data.csv().getBytes(StandardCharsets.UTF_8);
        String during = String.format("%,d-row import, -Xmx%s", data.dataRows(), HEAP);
        try (HubProcess hub = ctx.startHub(SECTION, HEAP, List.of())) {
            HubApi api = hub.api();
            List<String> vendors = api.connectedVendors(ORG).orElseThrow();
            Samples samples = new Samples();
            AtomicBoolean stop = new AtomicBoolean();
            Thread sampler = new Thread(() -> sample(api, samples, stop), "bench-memory-sampler");
            sampler.setDaemon(true);
            sampler.start();
            Thread reachable = new Thread(() -> sampleReachable(hub, samples, stop), "bench-memory-reachable");
            reachable.setDaemon(true);
            reachable.start();
            Thread.sleep(2 * PROBE_EVERY.toMillis());

            Benchmark.progress(String.format(
                    "memory: uploading %,d rows (%.1f MB) into %s %s, hub -Xmx%s",
                    data.dataRows(), csv.length / MB, ORG, vendors, HEAP));
            String outcome;
            try {
                UploadRun run = UploadRun.upload(api, ORG, Benchmark.EVENT, vendors, csv);
                int imported = run.awaitImported(ctx.settleTimeout().multipliedBy(4));
                long importedAt = System.nanoTime();
                SettleWatch.Settled settled = run.awaitSettled(imported, ctx.settleTimeout());
                outcome = String.format(
                        "%,d leads imported %.0f s after the upload was sent (answer %d); %s %s",
                        imported,
                        (importedAt - run.sentNanos()) / 1e9,
                        run.status(),
                        settled.done()
                                ? String.format("all settled %.0f s after that", (settled.atNanos() - importedAt) / 1e9)
                                : "NOT all settled within "
                                        + ctx.settleTimeout().toMinutes() + " min (watched until then)",
                        "— " + settled.describe());
            } catch (IOException e) {
                outcome = "the import did not complete: " + e.getMessage();
            }
            stop.set(true);
            sampler.join(Duration.ofSeconds(30).toMillis());
            reachable.interrupt();
            reachable.join(Duration.ofSeconds(30).toMillis());
            return results(hub, samples, during, outcome);
        }
    }

    private static List<BenchResult> results(HubProcess hub, Samples s, String during, String outcome)
            throws IOException {
        boolean oom = hub.logMentionsOutOfMemory();
        boolean alive = hub.alive();
        List<BenchResult> out = new ArrayList<>();
        out.add(new BenchResult(
                SECTION,
                "OutOfMemoryError during a " + during,
                "none",
                oom ? "OutOfMemoryError" : alive ? "none" : "hub exited",
                BenchResult.Verdict.of(!oom && alive),
                outcome));

        out.add(heap(s));

        Percentiles api = Percentiles.of(s.apiMillis);
        out.add(new BenchResult(
                SECTION,
                "API answer time during the import (GET /orgs/demo/events every 500 ms)",
                "every poll answered 2xx within " + PROBE_TIMEOUT.toSeconds() + " s",
                String.format("p50 %.0f / p99 %.0f / max %.0f ms", api.p50(), api.p99(), api.max()),
                BenchResult.Verdict.of(s.probes > 0 && s.unanswered == 0),
                s.probes + " polls, " + s.unanswered + " unanswered"
                        + (s.firstProblem == null ? "" : " (first: " + s.firstProblem + ")")));
        return out;
    }

    /**
     * Flat heap: the reachable heap, measured after a full collection every {@link #LIVE_EVERY}, stays
     * under the limit. G1's own figures ({@code jvm.gc.live.data.size}, the long-lived pool after the
     * last collection) are reported too but do not decide: after a young collection they still count
     * the old generation's garbage, so they read up to 245 MB while a full collection found 100 MB.
     * Without a reachable-heap figure (no jcmd): G1's live data size; then the long-lived pool; where
     * neither was ever reported, no collection of the long-lived pool was needed, and heap used must
     * have stayed under the maximum.
     */
    private static BenchResult heap(Samples s) {
        Percentiles used = Percentiles.of(s.heapUsedMb);
        Percentiles live = Percentiles.of(s.liveMb);
        Percentiles afterGc = Percentiles.of(s.afterGcShare);
        Percentiles direct = Percentiles.of(s.directMb);
        Percentiles reachable = Percentiles.of(s.reachableMb);
        double limit = FLAT_SHARE * HEAP_MB;
        String figure;
        boolean flat;
        if (reachable.count() > 0) {
            figure = String.format(
                    "reachable after full GC: p50 %.0f MB, max %.0f MB; used max %.0f MB",
                    reachable.p50(), reachable.max(), used.max());
            flat = reachable.max() <= limit;
        } else if (live.count() > 0) {
            figure = String.format("used max %.0f MB; live after GC max %.0f MB", used.max(), live.max());
            flat = live.max() <= limit;
        } else if (afterGc.count() > 0) {
            figure = String.format(
                    "used max %.0f MB; long-lived pool after GC max %.0f %%", used.max(), 100 * afterGc.max());
            flat = afterGc.max() <= FLAT_SHARE;
        } else {
            figure = String.format("used max %.0f MB; no old-generation collection needed", used.max());
            flat = used.count() > 0 && used.max() < HEAP_MB;
        }
        return new BenchResult(
                SECTION,
                "heap during the import",
                String.format("flat: reachable heap ≤ %.0f MB (%.0f %% of %.0f)", limit, 100 * FLAT_SHARE, HEAP_MB),
                figure,
                BenchResult.Verdict.of(flat),
                String.format(
                        "reachable heap after a full GC every %d s (jcmd GC.class_histogram): %d samples, first %s,"
                                + " max %s, last %s; %d samples every %d ms: heap used p50 %.0f MB, max %.0f MB;"
                                + " G1 live data size: first %s, max %s, last %s; long-lived pool after GC max %s;"
                                + " direct buffers p50 %s, max %s",
                        LIVE_EVERY.toSeconds(),
                        reachable.count(),
                        mb(s.reachableMb.isEmpty() ? Double.NaN : s.reachableMb.get(0)),
                        mb(reachable.max()),
                        mb(s.reachableMb.isEmpty() ? Double.NaN : s.reachableMb.get(s.reachableMb.size() - 1)),
                        used.count(),
                        PROBE_EVERY.toMillis(),
                        used.p50(),
                        used.max(),
                        mb(s.liveMb.isEmpty() ? Double.NaN : s.liveMb.get(0)),
                        mb(live.max()),
                        mb(s.liveMb.isEmpty() ? Double.NaN : s.liveMb.get(s.liveMb.size() - 1)),
                        afterGc.count() == 0 ? "none reported" : String.format("%.0f %%", 100 * afterGc.max()),
                        mb(direct.p50()),
                        mb(direct.max())));
    }

    private static String mb(double v) {
        return Double.isNaN(v) ? "none reported" : String.format("%.0f MB", v);
    }

    private static void sample(HubApi api, Samples s, AtomicBoolean stop) {
        long next = System.nanoTime();
        try {
            while (!stop.get()) {
                probe(api, s);
                try {
                    double used = api.metric("jvm.memory.used", "area:heap");
                    double live = api.metric("jvm.gc.live.data.size", null);
                    double afterGc = api.metric("jvm.memory.usage.after.gc", "area:heap");
                    double direct = api.metric("jvm.buffer.memory.used", "id:direct");
                    synchronized (s) {
                        if (!Double.isNaN(used)) s.heapUsedMb.add(used / MB);
                        if (!Double.isNaN(live) && live > 0) s.liveMb.add(live / MB);
                        if (!Double.isNaN(afterGc) && afterGc > 0) s.afterGcShare.add(afterGc);
                        if (!Double.isNaN(direct)) s.directMb.add(direct / MB);
                    }
                } catch (IOException e) {
                    // a metric not answered this time: the API probe has counted what matters
                }
                next += PROBE_EVERY.toNanos();
                long wait = next - System.nanoTime();
                if (wait > 0) Thread.sleep(wait / 1_000_000);
                else next = System.nanoTime();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sampleReachable(HubProcess hub, Samples s, AtomicBoolean stop) {
        try {
            while (!stop.get()) {
                Thread.sleep(LIVE_EVERY.toMillis());
                try {
                    OptionalLong bytes = hub.liveHeapBytes();
                    if (bytes.isPresent()) {
                        synchronized (s) {
                            s.reachableMb.add(bytes.getAsLong() / MB);
                        }
                    }
                } catch (IOException e) {
                    // jcmd not answering this time: the next round measures again
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Times the cheap authenticated GET; a non-2xx answer, a timeout or a refused connection is unanswered. */
    private static void probe(HubApi api, Samples s) throws InterruptedException {
        try {
            HubApi.Answer a = api.get("/api/v1/orgs/" + ORG + "/events", PROBE_TIMEOUT);
            synchronized (s) {
                s.probes++;
                s.apiMillis.add(a.nanos() / 1_000_000);
                if (!a.ok()) problem(s, "status " + a.status());
            }
        } catch (IOException e) {
            synchronized (s) {
                s.probes++;
                problem(s, e.toString());
            }
        }
    }

    private static void problem(Samples s, String what) {
        s.unanswered++;
        if (s.firstProblem == null) s.firstProblem = what;
    }
}
