package io.leadhub.sandbox.bench;

import io.leadhub.sandbox.dataset.ExpectedLead;
import io.leadhub.sandbox.dataset.LeadDataset;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * (c) Capture → cleared latency under a steady trickle: single JSON captures into org {@code demo}
 * (HubSpot + Marketo) at 50 per second for 60 s (20 s quick), after a warm-up at the same rate. A
 * lead's latency runs from the moment the client sent its capture to the later of its two
 * reconciliation rows' {@code updatedAt} once CLEARED (the API has no separate cleared-at field;
 * client and hub share this machine's clock). Generated leads, without "VIP" (which demo's HubSpot
 * does not map), so every lead must clear.
 */
final class LatencyBench {
    static final String SECTION = "latency";
    static final String ORG = "demo";
    static final int RATE = 50;
    static final long TARGET_P99_MS = 1000;

    private LatencyBench() {}

    /** How long a capture's answer is waited for (a lead whose answer is lost is still followed by its email). */
    static final Duration ANSWER_TIMEOUT = Duration.ofMinutes(2);

    /** One capture: the lead's email, when the client sent it, and the hub's answer (null when none came). */
    private record Capture(String email, Instant sentAt, HubApi.Answer answer) {
        boolean accepted() {
            return answer != null && answer.ok();
        }
    }

    static List<BenchResult> run(Benchmark.Context ctx) throws IOException, InterruptedException {
        int seconds = ctx.quick() ? 20 : 60;
        int warmUp = RATE * (ctx.quick() ? 5 : 10);
        int measured = RATE * seconds;
        LeadDataset data = LeadDataset.builder(5050L)
                .leads((warmUp + measured) * 11 / 10 + 100)
                .duplicates(0)
                .invalidEmails(0)
                .withoutIdentity(0)
                .build();
        List<ExpectedLead> leads = data.leads().stream()
                .filter(l -> !"VIP".equals(l.leadType()))
                .limit(warmUp + measured)
                .toList();
        try (HubProcess hub = ctx.startHub(SECTION, List.of())) {
            HubApi api = hub.api();
            List<String> vendors = api.connectedVendors(ORG).orElseThrow();
            Benchmark.progress("latency: warm-up, " + warmUp + " captures at " + RATE + "/s");
            SettleWatch warm = SettleWatch.from(api, ORG, Benchmark.EVENT, vendors);
            send(api, leads.subList(0, warmUp));
            warm.await(warmUp, ctx.settleTimeout());

            Benchmark.progress("latency: " + measured + " captures at " + RATE + "/s into " + ORG + " " + vendors);
            SettleWatch watch = SettleWatch.from(api, ORG, Benchmark.EVENT, vendors);
            Sent sent = send(api, leads.subList(warmUp, leads.size()));
            List<Capture> captures = sent.captures();
            double achieved = Percentiles.perSecond(captures.size() - 1L, sent.spanNanos());
            int accepted = (int) captures.stream().filter(Capture::accepted).count();
            SettleWatch.Settled settled = watch.await(captures.size(), ctx.settleTimeout());

            Map<String, Instant> clearedAt = new HashMap<>();
            Map<String, Integer> clearedAtVendors = new HashMap<>();
            for (String v : vendors) {
                api.clearedAt(ORG, v, Benchmark.EVENT).forEach((lead, at) -> {
                    clearedAt.merge(lead, at, (a, b) -> a.isAfter(b) ? a : b);
                    clearedAtVendors.merge(lead, 1, Integer::sum);
                });
            }
            List<Long> latencies = new ArrayList<>();
            List<Long> answers = new ArrayList<>();
            int notCleared = 0;
            for (Capture c : captures) {
                if (c.answer() != null) answers.add(c.answer().nanos() / 1_000_000);
                String email = c.email().toLowerCase(Locale.ROOT);
                if (clearedAtVendors.getOrDefault(email, 0) == vendors.size()) {
                    latencies.add(
                            Duration.between(c.sentAt(), clearedAt.get(email)).toMillis());
                } else {
                    notCleared++;
                }
            }
            Percentiles lat = Percentiles.of(latencies);
            Percentiles ans = Percentiles.of(answers);
            String note = String.format(
                    "%d captures sent at %.1f/s (at worst %.0f ms behind schedule), %d answered 2xx (capture answer"
                            + " p50 %.0f ms, p99 %.0f ms, max %.0f ms);"
                            + " %d cleared at every integration, %d not; latency max %.0f ms; %s",
                    captures.size(),
                    achieved,
                    sent.maxLagNanos() / 1e6,
                    accepted,
                    ans.p50(),
                    ans.p99(),
                    ans.max(),
                    lat.count(),
                    notCleared,
                    lat.max(),
                    settled.describe() + (settled.done() ? "" : " — NOT SETTLED within the timeout"));
            boolean complete = notCleared == 0 && settled.done();
            return List.of(
                    new BenchResult(
                            SECTION,
                            "capture → cleared p50 at " + RATE + " captures/s",
                            "—",
                            String.format("%.0f ms", lat.p50()),
                            BenchResult.Verdict.INFO,
                            ""),
                    new BenchResult(
                            SECTION,
                            "capture → cleared p99 at " + RATE + " captures/s",
                            "≤ " + TARGET_P99_MS + " ms, every lead cleared",
                            String.format("%.0f ms", lat.p99()),
                            BenchResult.Verdict.of(complete && lat.p99() <= TARGET_P99_MS),
                            note));
        }
    }

    /** The captures of one phase, how far the sending fell behind its schedule at worst, and its span. */
    private record Sent(List<Capture> captures, long maxLagNanos, long spanNanos) {}

    /** Sends one capture per lead, {@link #RATE} per second on schedule (not waiting for answers), then collects the answers. */
    private static Sent send(HubApi api, List<ExpectedLead> leads) throws IOException, InterruptedException {
        String path = "/api/v1/orgs/" + ORG + "/events/" + Benchmark.EVENT + "/leads";
        long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
        long t0 = System.nanoTime();
        List<Instant> sent = new ArrayList<>();
        List<CompletableFuture<HubApi.Answer>> answers = new ArrayList<>();
        long maxLag = 0;
        long last = t0;
        for (int i = 0; i < leads.size(); i++) {
            long due = t0 + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
            last = System.nanoTime();
            maxLag = Math.max(maxLag, last - due);
            sent.add(Instant.now());
            answers.add(api.postJsonAsync(path, body(leads.get(i)), ANSWER_TIMEOUT));
        }
        List<Capture> captures = new ArrayList<>();
        for (int i = 0; i < leads.size(); i++) {
            HubApi.Answer a;
            try {
                a = answers.get(i).get(ANSWER_TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                a = null;
            }
            captures.add(new Capture(leads.get(i).email(), sent.get(i), a));
        }
        return new Sent(captures, maxLag, last - t0);
    }

    /** The capture body of a generated lead (JSON capture format, qualifiers by name). */
    static Map<String, Object> body(ExpectedLead lead) {
        Map<String, Object> b = new LinkedHashMap<>();
        put(b, "email", lead.email());
        put(b, "firstName", lead.firstName());
        put(b, "lastName", lead.lastName());
        put(b, "company", lead.company());
        put(b, "jobTitle", lead.jobTitle());
        put(b, "phone", lead.phone());
        put(b, "linkedinUrl", lead.linkedinUrl());
        put(b, "notes", lead.notes());
        Map<String, Object> qualifiers = new LinkedHashMap<>();
        if (lead.leadType() != null) qualifiers.put(LeadDataset.LEAD_TYPE, lead.leadType());
        if (!lead.productInterest().isEmpty()) qualifiers.put(LeadDataset.PRODUCT_INTEREST, lead.productInterest());
        if (!qualifiers.isEmpty()) b.put("qualifiers", qualifiers);
        return b;
    }

    private static void put(Map<String, Object> b, String k, String v) {
        if (v != null) b.put(k, v);
    }
}
