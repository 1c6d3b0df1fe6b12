package io.leadhub.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.env.Environment;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The hub's Micrometer metrics (exported at /actuator/prometheus):
 * <ul>
 * <li>{@code leadhub_leads_captured_total{org,source}}, {@code leadhub_leads_enriched_total{result}}</li>
 * <li>{@code leadhub_sync_outcomes_total{vendor,outcome,category}}, {@code leadhub_sync_batch_size{vendor}}</li>
 * <li>{@code leadhub_vendor_calls_total{org,vendor,status}} and the quota ledger
 * {@code leadhub_vendor_calls_today{org,vendor}} vs {@code leadhub_vendor_daily_allowance{org,vendor}}
 * (calls are also counted per UTC day in vendor_call_ledger, so the ledger survives restarts)</li>
 * <li>{@code leadhub_sync_latency_seconds_bucket{vendor,le}}: capture to cleared as a histogram (seconds to a day), and
 * {@code leadhub_sync_latency_percentiles_seconds{vendor,quantile="0.5"|"0.99"}}: this instance's p50 / p99</li>
 * </ul>
 */
@Component
public class HubMetrics {
    private final MeterRegistry registry;
    private final NamedParameterJdbcTemplate jdbc;
    private final Environment env;
    private final Map<String, AtomicLong> today = new ConcurrentHashMap<>();

    public HubMetrics(MeterRegistry registry, NamedParameterJdbcTemplate jdbc, Environment env) {
        this.registry = registry;
        this.jdbc = jdbc;
        this.env = env;
    }

    public void captured(String org, String source, int leads) {
        if (leads > 0)
            Counter.builder("leadhub.leads.captured")
                    .tag("org", org)
                    .tag("source", source)
                    .register(registry)
                    .increment(leads);
    }

    public void enriched(boolean filled) {
        Counter.builder("leadhub.leads.enriched")
                .tag("result", filled ? "filled" : "nothing-found")
                .register(registry)
                .increment();
    }

    public void outcome(String vendor, boolean cleared, String category, Duration sinceCapture) {
        Counter.builder("leadhub.sync.outcomes")
                .tag("vendor", vendor)
                .tag("outcome", cleared ? "cleared" : "failed")
                .tag("category", category == null ? "none" : category)
                .register(registry)
                .increment();
        if (cleared && sinceCapture != null) {
            // buckets for histogram_quantile() across instances, and this instance's own p50 / p99 beside them
            Timer.builder("leadhub.sync.latency.percentiles")
                    .description("capture to cleared, client-side percentiles")
                    .tag("vendor", vendor)
                    .publishPercentiles(0.5, 0.99)
                    .register(registry)
                    .record(sinceCapture);
            Timer.builder("leadhub.sync.latency")
                    .description("capture to cleared")
                    .tag("vendor", vendor)
                    .serviceLevelObjectives(
                            Duration.ofSeconds(1),
                            Duration.ofSeconds(5),
                            Duration.ofSeconds(15),
                            Duration.ofSeconds(30),
                            Duration.ofMinutes(1),
                            Duration.ofMinutes(5),
                            Duration.ofMinutes(15),
                            Duration.ofHours(1),
                            Duration.ofHours(6),
                            Duration.ofDays(1))
                    .register(registry)
                    .record(sinceCapture);
        }
    }

    public void batch(String vendor, int size) {
        DistributionSummary.builder("leadhub.sync.batch.size")
                .tag("vendor", vendor)
                .register(registry)
                .record(size);
    }

    /** One vendor API call (token calls excluded): counted in the metrics and in today's ledger row. */
    public void vendorCall(String org, String vendor, int status) {
        Counter.builder("leadhub.vendor.calls")
                .tag("org", org)
                .tag("vendor", vendor)
                .tag("status", statusClass(status))
                .register(registry)
                .increment();
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        var p = Map.of("org", org, "v", vendor, "d", day);
        if (jdbc.update(
                        "UPDATE vendor_call_ledger SET calls = calls + 1 WHERE org_id = :org AND vendor = :v AND call_day = :d",
                        p)
                == 0) {
            try {
                jdbc.update(
                        "INSERT INTO vendor_call_ledger (org_id, vendor, call_day, calls) VALUES (:org, :v, :d, 1)", p);
            } catch (DuplicateKeyException race) {
                jdbc.update(
                        "UPDATE vendor_call_ledger SET calls = calls + 1 WHERE org_id = :org AND vendor = :v AND call_day = :d",
                        p);
            }
        }
        counterOfToday(org, vendor).incrementAndGet();
    }

    /** Calls made today for an org and vendor (the ledger). */
    public long callsToday(String org, String vendor) {
        return counterOfToday(org, vendor).get();
    }

    private AtomicLong counterOfToday(String org, String vendor) {
        LocalDate day = LocalDate.now(ZoneOffset.UTC);
        String key = org + "|" + vendor + "|" + day;
        return today.computeIfAbsent(key, k -> {
            today.keySet().removeIf(old -> old.startsWith(org + "|" + vendor + "|") && !old.equals(k));
            Long stored = jdbc
                    .queryForList(
                            "SELECT calls FROM vendor_call_ledger WHERE org_id = :org AND vendor = :v AND call_day = :d",
                            Map.of("org", org, "v", vendor, "d", day),
                            Long.class)
                    .stream()
                    .findFirst()
                    .orElse(0L);
            Gauge.builder("leadhub.vendor.calls.today", this, m -> m.callsToday(org, vendor))
                    .tag("org", org)
                    .tag("vendor", vendor)
                    .description("vendor API calls since 00:00 UTC")
                    .register(registry);
            Gauge.builder(
                            "leadhub.vendor.daily.allowance",
                            () -> env.getProperty("hub.vendors." + vendor + ".daily-allowance", Long.class, 0L))
                    .tag("org", org)
                    .tag("vendor", vendor)
                    .description("configured daily API allowance")
                    .register(registry);
            return new AtomicLong(stored);
        });
    }

    private static String statusClass(int status) {
        return status == 0 ? "error" : (status / 100) + "xx";
    }
}
