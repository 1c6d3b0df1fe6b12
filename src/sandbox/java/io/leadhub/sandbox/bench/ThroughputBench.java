package io.leadhub.sandbox.bench;

import io.leadhub.sandbox.dataset.LeadDataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * (b) End-to-end leads per second: one generated upload (5,000 leads; 1,000 quick) into org
 * {@code demo} (HubSpot + Marketo), from the upload's answer until every lead is settled at both
 * integrations (summary polled every 250 ms). Twice, each on a fresh hub: enrichment providers
 * answering at once, then after 300 ms ({@code hub.sandbox.enrichment.delay}).
 */
final class ThroughputBench {
    static final String SECTION = "throughput";
    static final String ORG = "demo";

    private ThroughputBench() {}

    static List<BenchResult> run(Benchmark.Context ctx) throws IOException, InterruptedException {
        int leads = ctx.quick() ? 1000 : 5000;
        LeadDataset data = LeadDataset.builder(5005L).leads(leads).build();
        byte[] csv = data.csv().getBytes(StandardCharsets.UTF_8);
        List<BenchResult> results = new ArrayList<>();
        for (Duration delay : List.of(Duration.ZERO, Duration.ofMillis(300))) {
            double target = delay.isZero() ? 1000 : 200;
            try {
                results.add(once(ctx, csv, data.dataRows(), leads, delay, target));
            } catch (IOException e) {
                results.add(BenchResult.failed(
                        SECTION, measure(leads, delay), String.format("≥ %,.0f", target), "did not complete: " + e));
            }
        }
        return results;
    }

    private static String measure(int leads, Duration delay) {
        return String.format(
                "leads/s for %,d leads, enrichment answering %s",
                leads, delay.isZero() ? "at once" : "after " + delay.toMillis() + " ms");
    }

    private static BenchResult once(
            Benchmark.Context ctx, byte[] csv, int rows, int leads, Duration delay, double target)
            throws IOException, InterruptedException {
        String measure = measure(leads, delay);
        String targetText = String.format("≥ %,.0f", target);
        List<String> settings =
                delay.isZero() ? List.of() : List.of("--hub.sandbox.enrichment.delay=" + delay.toMillis() + "ms");
        try (HubProcess hub = ctx.startHub(SECTION + "-" + delay.toMillis() + "ms", settings)) {
            HubApi api = hub.api();
            List<String> vendors = api.connectedVendors(ORG).orElseThrow();
            Benchmark.progress("throughput: uploading " + rows + " rows (" + leads + " leads) into " + ORG + " "
                    + vendors + ", enrichment delay " + delay.toMillis() + " ms");
            UploadRun run = UploadRun.upload(api, ORG, Benchmark.EVENT, vendors, csv);
            int imported = run.awaitImported(ctx.settleTimeout());
            SettleWatch.Settled settled = run.awaitSettled(imported, ctx.settleTimeout());
            long window = settled.atNanos() - run.answeredNanos();
            double rate = Percentiles.perSecond(imported, window);
            double fromSent = Percentiles.perSecond(imported, settled.atNanos() - run.sentNanos());
            String note = String.format(
                    "%,d leads imported; upload answered %d after %.1f s, all settled %.1f s after the answer"
                            + " (%.0f leads/s from sending the upload); %s",
                    imported,
                    run.status(),
                    (run.answeredNanos() - run.sentNanos()) / 1e9,
                    window / 1e9,
                    fromSent,
                    settled.describe());
            if (!settled.done()) {
                return new BenchResult(
                        SECTION,
                        measure,
                        targetText,
                        String.format("< %.1f", rate),
                        BenchResult.Verdict.FAIL,
                        "NOT SETTLED within " + ctx.settleTimeout().toMinutes() + " min; " + note);
            }
            return new BenchResult(
                    SECTION,
                    measure,
                    targetText,
                    String.format("%.1f", rate),
                    BenchResult.Verdict.of(rate >= target),
                    note);
        }
    }
}
