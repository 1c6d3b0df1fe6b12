package io.leadhub.sandbox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.dataset.LeadDataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * (a) Vendor API calls per 1,000 new leads: one generated upload of 1,000 unique leads into each
 * seeded demo org in turn (demo: HubSpot + Marketo; demo-sf: Salesforce + Pardot; demo-zoho;
 * demo-pd), through enrichment, until every lead is settled; the calls are the difference of each
 * simulator's {@code _stats} {@code totalRequests} (token calls are not counted).
 */
final class CallsBench {
    static final String SECTION = "calls";
    static final int LEADS = 1000;
    /** The seeded orgs, in upload order. */
    static final List<String> ORGS = List.of("demo", "demo-sf", "demo-zoho", "demo-pd");
    /** Call targets per 1,000 new leads (vendors with a batch API). */
    static final Map<String, Integer> TARGETS = Map.of("salesforce", 18, "hubspot", 12, "marketo", 8, "zoho", 12);

    private CallsBench() {}

    static List<BenchResult> run(Benchmark.Context ctx) throws IOException, InterruptedException {
        List<BenchResult> results = new ArrayList<>();
        LeadDataset data = LeadDataset.builder(1001L).leads(LEADS).build();
        byte[] csv = data.csv().getBytes(StandardCharsets.UTF_8);
        try (HubProcess hub = ctx.startHub(SECTION, List.of())) {
            HubApi api = hub.api();
            for (String org : ORGS) {
                List<String> vendors = api.connectedVendors(org).orElseThrow();
                Map<String, JsonNode> before = new LinkedHashMap<>();
                for (String v : vendors) before.put(v, api.simulatorStats(v));
                Benchmark.progress("calls: uploading " + data.dataRows() + " rows (" + LEADS + " leads) into " + org
                        + " " + vendors);
                UploadRun run = UploadRun.upload(api, org, Benchmark.EVENT, vendors, csv);
                int imported = run.awaitImported(Duration.ofMinutes(5));
                SettleWatch.Settled settled = run.awaitSettled(imported, ctx.settleTimeout());
                for (String v : vendors) {
                    JsonNode after = api.simulatorStats(v);
                    results.add(result(v, imported, settled, before.get(v), after));
                }
            }
        }
        return results;
    }

    private static BenchResult result(
            String vendor, int imported, SettleWatch.Settled settled, JsonNode before, JsonNode after) {
        long calls = after.path("totalRequests").asLong()
                - before.path("totalRequests").asLong();
        double per1000 = Percentiles.scaled(calls, imported, 1000);
        String measure = name(vendor) + " calls per 1,000 new leads";
        String note = calls + " calls for " + imported + " leads imported; " + settled.describe()
                + (settled.done() ? "" : " — NOT SETTLED within the timeout")
                + "; by call (token calls listed, not counted): " + byCall(before, after);
        Integer target = TARGETS.get(vendor);
        String figure = String.format("%.0f", per1000);
        if (target != null) {
            return new BenchResult(
                    SECTION,
                    measure,
                    "≤ " + target,
                    figure,
                    BenchResult.Verdict.of(settled.done() && per1000 <= target),
                    note);
        }
        return new BenchResult(SECTION, measure, floor(vendor, before, after), figure, BenchResult.Verdict.INFO, note);
    }

    /** The per-lead floor of a vendor without a batch API, with its value for this upload. */
    private static String floor(String vendor, JsonNode before, JsonNode after) {
        return switch (vendor) {
            case "pardot" -> "no batch API; floor 1 per prospect = " + created(before, after, "prospects");
            case "pipedrive" ->
                "no batch API; floor 2 per person + 2 per new organization = "
                        + (2 * created(before, after, "persons") + 2 * created(before, after, "organizations"));
            default -> "no target";
        };
    }

    private static long created(JsonNode before, JsonNode after, String object) {
        return after.path("records").path(object).asLong()
                - before.path("records").path(object).asLong();
    }

    private static String byCall(JsonNode before, JsonNode after) {
        Map<String, Long> diff = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : after.path("requests").properties()) {
            long n = e.getValue().asLong()
                    - before.path("requests").path(e.getKey()).asLong();
            if (n > 0) diff.put(e.getKey(), n);
        }
        return diff.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    static String name(String vendor) {
        return switch (vendor) {
            case "hubspot" -> "HubSpot";
            case "salesforce" -> "Salesforce";
            case "marketo" -> "Marketo";
            case "pardot" -> "Pardot";
            case "zoho" -> "Zoho";
            case "pipedrive" -> "Pipedrive";
            default -> vendor;
        };
    }
}
