package io.leadhub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.dataset.ExpectedLead;
import io.leadhub.sandbox.dataset.LeadDataset;
import io.leadhub.support.Http;
import io.leadhub.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.web.client.RestTemplate;

/**
 * Many instances, demonstrated (src/docs/operations.md "Several instances"): three hub JVMs on one
 * PostgreSQL database share one simulators JVM. A 10,000-row generated upload goes to instance 1;
 * once some leads are cleared and many still wait, instance 2 is killed with SIGKILL, and nothing
 * is restarted. The other two finish the work: the dead instance's enrichment and batch leases run
 * out and its rows are claimed again. Then every good lead is CLEARED with exactly one successful
 * write in its attempt history, the HubSpot simulator holds exactly one contact per good lead's
 * email, it saw no request beyond the org's rate budget in any ten seconds, and a manual-sync
 * schedule due while instance 2 was dead fired once.
 *
 * <p>Heavy (four JVMs, about five minutes on 2 cores): only in the PostgreSQL suite,
 * {@code mvn -B test -Ppostgresql -Dtest=ClusterKillTest}. Options (system properties):
 * {@code cluster.leads} (10,000), {@code cluster.rate-budget} (HubSpot calls per 10 s for the org,
 * hub and simulator alike; 20, so the budget and not the machine sets the pace),
 * {@code cluster.settle-minutes} (10), {@code cluster.start-minutes} (10, per start). Logs of the
 * children: {@code target/cluster/<name>.log}.
 */
@EnabledIfSystemProperty(named = TestDatabase.PROPERTY, matches = "postgresql")
class ClusterKillTest {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterKillTest.class);
    private static final String KEY = "sandbox-admin-key";
    private static final String ORG = "cluster";
    private static final int LEADS = Integer.getInteger("cluster.leads", 10_000);
    private static final int BUDGET = Integer.getInteger("cluster.rate-budget", 20);
    private static final Duration SETTLE = Duration.ofMinutes(Long.getLong("cluster.settle-minutes", 10));
    private static final Duration START = Duration.ofMinutes(Long.getLong("cluster.start-minutes", 10));

    private static HubCluster cluster;
    private static HubCluster.Node simulators;
    private static final List<HubCluster.Node> hubs = new ArrayList<>();
    private static NamedParameterJdbcTemplate db;

    private final RestTemplate rest = Http.client();

    @BeforeAll
    static void startCluster() {
        String url = TestDatabase.fresh("cluster");
        db = new NamedParameterJdbcTemplate(new DriverManagerDataSource(url, TestDatabase.USER, ""));
        cluster = new HubCluster(Path.of("target", "cluster"), "384m");
        try {
            simulators = cluster.startSimulators();
            cluster.awaitLog(simulators, "Simulators ready", START);
            // instance 1 migrates the empty database and seeds it; 2 and 3 start together once it is up
            hubs.add(cluster.startHub("hub-1", hubArgs(url, true)));
            cluster.awaitLog(hubs.get(0), "Sandbox ready", START);
            hubs.add(cluster.startHub("hub-2", hubArgs(url, false)));
            hubs.add(cluster.startHub("hub-3", hubArgs(url, false)));
            for (HubCluster.Node hub : hubs.subList(1, 3)) cluster.awaitLog(hub, "Sandbox ready", START);
        } catch (RuntimeException | Error e) {
            LOG.error("The cluster did not start:{}", cluster.tails(60));
            throw e;
        }
    }

    /**
     * A hub of the cluster: its database, the shared simulators, seeding on one instance only, no
     * JMX connector or route reloading (four JVMs on one machine), short leases so the dead
     * instance's work returns within seconds, and the org's HubSpot budget.
     */
    private static List<String> hubArgs(String url, boolean seed) {
        return List.of(
                "--spring.profiles.active=sandbox",
                "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + TestDatabase.USER,
                "--spring.datasource.password=",
                "--hub.sandbox.simulators-url=" + simulators.url(),
                "--hub.sandbox.seed=" + seed,
                "--hub.sandbox.store-url=jdbc:h2:mem:own-simulators;DB_CLOSE_DELAY=-1",
                "--hub.jmx.remote.port=0",
                "--camel.main.routes-reload-enabled=false",
                "--hub.sync.lease=PT15S",
                "--hub.sync.renew-period=5000",
                "--hub.sync.sweep-period=5000",
                "--hub.sync.retry-backoff=PT5S",
                // a lead refused for the rate (429) is retried until it clears: the refusals are counted at the
                // simulator
                "--hub.sync.max-attempts=50",
                "--hub.enrichment.lease=PT20S",
                "--hub.vendors.hubspot.rate-limit.requests=" + BUDGET);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) cluster.close();
    }

    @Test
    void threeInstancesOneKilledMidSyncEveryLeadClearedOnce() {
        try {
            run();
        } catch (RuntimeException | Error e) {
            cluster.note("Failed: " + e.getMessage());
            LOG.error("Cluster test failed:{}", cluster.tails(40));
            throw e;
        }
    }

    private void run() {
        HubCluster.Node hub1 = hubs.get(0), hub2 = hubs.get(1), hub3 = hubs.get(2);
        LeadDataset data = LeadDataset.builder(20_261_202L)
                .leads(LEADS)
                .unmapped(LeadDataset.LEAD_TYPE, "VIP")
                .build();
        Set<String> good = data.good().stream().map(ExpectedLead::emailNorm).collect(Collectors.toSet());
        Set<String> failing =
                data.expectedFailures().stream().map(ExpectedLead::emailNorm).collect(Collectors.toSet());
        setUpOrg(hub1.url(), data);
        call(HttpMethod.POST, simulators.url() + "/sandbox/hubspot/_config", Map.of("rateLimitPer10s", BUDGET));

        long t0 = System.nanoTime();
        ResponseEntity<JsonNode> upload = send(
                HttpMethod.POST,
                hub1.url() + "/api/v1/orgs/" + ORG + "/events/expo/leads/import?async=true",
                data.csv().getBytes(StandardCharsets.UTF_8),
                MediaType.valueOf("text/csv"));
        assertThat(upload.getStatusCode().value())
                .as("upload: %s", upload.getBody())
                .isEqualTo(202);
        String importId = upload.getBody().path("importId").asText();

        // mid-sync: some leads cleared, many still to go
        Awaitility.await("some leads cleared, many still waiting")
                .atMost(SETTLE)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    int cleared = count("state = 'CLEARED'");
                    return cleared >= good.size() / 10 && good.size() - cleared >= good.size() / 3;
                });
        // a manual-sync schedule due once, after the kill: the two Quartz nodes left fire it once
        ZonedDateTime fireAt = ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(25).truncatedTo(ChronoUnit.SECONDS);
        String scheduleId = call(
                        HttpMethod.POST,
                        hub1.url() + "/api/v1/orgs/" + ORG + "/integrations/hubspot/schedules",
                        Map.of("cron", cronOnce(fireAt), "timeZone", "UTC"))
                .path("id")
                .asText();
        boolean batchInFlight = awaitBatchInFlight(hub2);
        long killedAt = System.nanoTime();
        int exit = cluster.kill9(hub2);
        Map<String, Integer> atKill = states();
        int pendingAtKill = pendingEnrichment();
        LOG.info(
                "Killed hub-2 (pid {}, exit {}) {} s after the upload, a batch in flight there: {}; just after: rows {}, "
                        + "leads waiting for enrichment {}",
                hub2.pid(),
                exit,
                (killedAt - t0) / 1_000_000_000,
                batchInFlight,
                atKill,
                pendingAtKill);

        String notSettled = null;
        try {
            Awaitility.await("every good lead CLEARED by the two instances left")
                    .atMost(SETTLE)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> count("state = 'CLEARED'") >= good.size()
                            && count("state = 'FAILED'") >= failing.size()
                            && runs(scheduleId) >= 1);
        } catch (ConditionTimeoutException e) {
            notSettled = "not settled: rows " + states() + ", waiting for enrichment " + pendingEnrichment()
                    + ", schedule runs " + runs(scheduleId);
        }
        long settled = System.nanoTime();

        Map<String, String> stateByEmail = new HashMap<>();
        db.query(
                "SELECT l.email_norm, s.state FROM lead_sync s JOIN lead l ON l.id = s.lead_id WHERE s.org_id = :org",
                Map.of("org", ORG),
                rs -> {
                    stateByEmail.put(rs.getString(1), rs.getString(2));
                });
        List<String> twiceCleared = db.queryForList(
                // a lead scanned again after its first sync changed, and is rightly written again (an update);
                // a lead captured once must have been written once
                "SELECT l.email_norm FROM lead_sync_attempt a JOIN lead l ON l.id = a.lead_id WHERE a.org_id = :org "
                        + "AND a.outcome = 'CLEARED' AND l.scan_count = 1 GROUP BY l.email_norm HAVING COUNT(*) > 1",
                Map.of("org", ORG),
                String.class);
        Map<String, Integer> clearedAttempts = new HashMap<>();
        db.query(
                "SELECT l.email_norm, COUNT(*) FROM lead_sync_attempt a JOIN lead l ON l.id = a.lead_id "
                        + "WHERE a.org_id = :org AND a.outcome = 'CLEARED' GROUP BY l.email_norm",
                Map.of("org", ORG),
                rs -> {
                    clearedAttempts.put(rs.getString(1), rs.getInt(2));
                });
        int resent = count("state = 'CLEARED' AND attempts > 1");
        Map<String, Integer> contactsByEmail = new HashMap<>();
        call(HttpMethod.GET, simulators.url() + "/sandbox/hubspot/_records/contacts", null)
                .forEach(c -> contactsByEmail.merge(
                        c.path("properties").path("email").asText().strip().toLowerCase(Locale.ROOT), 1, Integer::sum));
        JsonNode stats = call(HttpMethod.GET, simulators.url() + "/sandbox/hubspot/_stats", null);
        JsonNode window = stats.path("rateWindow");
        List<String> fired = cluster.grep("Manual sync by schedule: " + ORG + " ");
        JsonNode importJob = call(HttpMethod.GET, hub1.url() + "/api/v1/orgs/" + ORG + "/imports/" + importId, null);
        double seconds = (settled - t0) / 1e9;

        Map<String, Object> times = db.queryForMap(
                "SELECT (SELECT created_at FROM import_job WHERE id = :imp) AS uploaded, "
                        + "(SELECT finished_at FROM import_job WHERE id = :imp) AS imported, "
                        + "MIN(cleared_at) AS first_cleared, MAX(cleared_at) AS last_cleared "
                        + "FROM lead_sync WHERE org_id = :org AND state = 'CLEARED'",
                Map.of("imp", importId, "org", ORG));
        double importSeconds = between(times.get("uploaded"), times.get("imported"));
        double syncSeconds = between(times.get("first_cleared"), times.get("last_cleared"));
        String figures = String.format(
                Locale.ROOT,
                "Cluster figures: %d data rows, %d leads (%d good), 3 instances, hub-2 killed %d s after the upload "
                        + "(a batch in flight there: %s; just after: %s, %d leads waiting for enrichment); upload to all "
                        + "settled %.0f s (%.0f good leads/s); import %.0f s; first to last clear %.0f s (%.0f leads/s); "
                        + "kill to settled %d s; %d leads cleared on a second attempt; HubSpot calls %d %s; rate window %s "
                        + "(budget %d per 10 s); schedule fired %d time(s): %s",
                data.dataRows(),
                data.imported(),
                good.size(),
                (killedAt - t0) / 1_000_000_000,
                batchInFlight,
                atKill,
                pendingAtKill,
                seconds,
                good.size() / seconds,
                importSeconds,
                syncSeconds,
                good.size() / Math.max(syncSeconds, 1),
                (settled - killedAt) / 1_000_000_000,
                resent,
                stats.path("totalRequests").asInt(),
                stats.path("requests"),
                window,
                BUDGET,
                fired.size(),
                fired);
        LOG.info(figures);
        cluster.note(figures);

        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(exit).as("hub-2 ended by SIGKILL (exit 128 + 9)").isEqualTo(137);
        soft.assertThat(notSettled).as("settled within %s", SETTLE).isNull();
        soft.assertThat(hub1.process().isAlive() && hub3.process().isAlive())
                .as("hub-1 and hub-3 still run")
                .isTrue();
        soft.assertThat(importJob.path("state").asText())
                .as("import %s", importJob)
                .isEqualTo("DONE");
        soft.assertThat(stateByEmail).as("one sync row per lead").hasSize(data.imported());
        soft.assertThat(good.stream()
                        .filter(e -> !"CLEARED".equals(stateByEmail.get(e)))
                        .limit(10)
                        .map(e -> e + " " + stateByEmail.get(e))
                        .toList())
                .as("every good lead CLEARED (first ones that are not)")
                .isEmpty();
        soft.assertThat(failing.stream()
                        .filter(e -> !"FAILED".equals(stateByEmail.get(e)))
                        .limit(10)
                        .toList())
                .as("every lead with an unmapped qualifier value FAILED (first ones that are not)")
                .isEmpty();
        soft.assertThat(twiceCleared)
                .as("leads captured once with two successful writes in their attempts")
                .isEmpty();
        soft.assertThat(good.stream()
                        .filter(e -> clearedAttempts.getOrDefault(e, 0) < 1)
                        .limit(10)
                        .toList())
                .as("every good lead has a CLEARED attempt (first ones that do not)")
                .isEmpty();
        soft.assertThat(contactsByEmail.keySet())
                .as("HubSpot contacts: the good leads' emails")
                .isEqualTo(good);
        soft.assertThat(new TreeMap<>(contactsByEmail)
                        .entrySet().stream()
                                .filter(e -> e.getValue() > 1)
                                .limit(10)
                                .toList())
                .as("one HubSpot contact per email")
                .isEmpty();
        soft.assertThat(window.path("refused").asInt())
                .as("requests HubSpot refused with 429 (beyond the org's budget of %d per 10 s)", BUDGET)
                .isZero();
        soft.assertThat(window.path("peak").asInt())
                .as("most requests in any 10 s (budget %d)", BUDGET)
                .isLessThanOrEqualTo(BUDGET);
        soft.assertThat(runs(scheduleId))
                .as("manual_sync_run rows of the schedule")
                .isEqualTo(1);
        soft.assertThat(fired).as("instances that ran the schedule's firing").hasSize(1);
        soft.assertThat(cluster.grep("manual sync failed")).as("failed firings").isEmpty();
        soft.assertThat(cluster.grep("manual_sync_run_once"))
                .as("second runs of the firing refused")
                .isEmpty();
        soft.assertAll();
    }

    /**
     * Waits up to 20 s for hub-2 to run a batch (its sync-batch route has an exchange in flight), so
     * that the kill cuts one off; answers whether it did.
     */
    private boolean awaitBatchInFlight(HubCluster.Node hub) {
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        ResponseEntity<JsonNode> detail = send(
                                HttpMethod.GET,
                                hub.url() + "/actuator/camelroutes/sync-batch/detail",
                                null,
                                MediaType.APPLICATION_JSON);
                        return detail.getStatusCode().is2xxSuccessful()
                                && detail.getBody()
                                                .path("details")
                                                .path("exchangesInflight")
                                                .asInt()
                                        > 0;
                    });
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private static double between(Object from, Object to) {
        if (from == null || to == null) return 0;
        return Duration.between(TestDatabase.instant(from), TestDatabase.instant(to))
                        .toMillis()
                / 1000.0;
    }

    /** A Quartz cron expression that fires once, at {@code at} (UTC). */
    private static String cronOnce(ZonedDateTime at) {
        return String.format(
                Locale.ROOT,
                "%d %d %d %d %d ? %d",
                at.getSecond(),
                at.getMinute(),
                at.getHour(),
                at.getDayOfMonth(),
                at.getMonthValue(),
                at.getYear());
    }

    /** Org {@value #ORG} with event expo, the upload's qualifiers, and HubSpot on the shared simulator (default mappings). */
    private void setUpOrg(String hub, LeadDataset data) {
        String api = hub + "/api/v1/orgs";
        call(HttpMethod.POST, api, Map.of("id", ORG, "name", "Cluster Robotics"));
        call(HttpMethod.POST, api + "/" + ORG + "/events", Map.of("id", "expo", "name", "Cluster Expo"));
        call(HttpMethod.PUT, api + "/" + ORG + "/qualifiers", data.qualifiers());
        call(HttpMethod.PUT, api + "/" + ORG + "/integrations/hubspot", Http.sandboxHubSpot(simulators.url()));
        for (String object : List.of("contact", "company"))
            call(HttpMethod.POST, api + "/" + ORG + "/integrations/hubspot/mappings/" + object + "/defaults", null);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String v : List.of("Hot", "Warm", "Cold"))
            rows.add(qualifierRow(LeadDataset.LEAD_TYPE, v, "leadhub_lead_type"));
        for (String v : LeadDataset.PRODUCTS)
            rows.add(qualifierRow(LeadDataset.PRODUCT_INTEREST, v, "leadhub_product_interest"));
        call(HttpMethod.PUT, api + "/" + ORG + "/integrations/hubspot/qualifier-mappings", rows);
    }

    private static Map<String, Object> qualifierRow(String qualifier, String value, String field) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("qualifier", qualifier);
        row.put("value", value);
        row.put("object", "contact");
        row.put("vendorField", field);
        row.put("vendorValue", value.toLowerCase(Locale.ROOT));
        return row;
    }

    // ------------------------------------------------------------------ database and HTTP

    private static int count(String where) {
        Integer n = db.queryForObject(
                "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND " + where, Map.of("org", ORG), Integer.class);
        return n == null ? 0 : n;
    }

    private static int pendingEnrichment() {
        Integer n = db.queryForObject(
                "SELECT COUNT(*) FROM lead WHERE org_id = :org AND enrichment = 'PENDING'",
                Map.of("org", ORG),
                Integer.class);
        return n == null ? 0 : n;
    }

    private static Map<String, Integer> states() {
        Map<String, Integer> out = new TreeMap<>();
        db.query("SELECT state, COUNT(*) FROM lead_sync WHERE org_id = :org GROUP BY state", Map.of("org", ORG), rs -> {
            out.put(rs.getString(1), rs.getInt(2));
        });
        return out;
    }

    private static int runs(String scheduleId) {
        Integer n = db.queryForObject(
                "SELECT COUNT(*) FROM manual_sync_run WHERE schedule_id = :s", Map.of("s", scheduleId), Integer.class);
        return n == null ? 0 : n;
    }

    /** A JSON call with the operator key that must succeed; answers the body. */
    private JsonNode call(HttpMethod method, String url, Object body) {
        ResponseEntity<JsonNode> answer = send(method, url, body, MediaType.APPLICATION_JSON);
        assertThat(answer.getStatusCode().is2xxSuccessful())
                .as("%s %s: %s %s", method, url, answer.getStatusCode(), answer.getBody())
                .isTrue();
        return answer.getBody();
    }

    private ResponseEntity<JsonNode> send(HttpMethod method, String url, Object body, MediaType type) {
        HttpHeaders h = new HttpHeaders();
        h.setBearerAuth(KEY);
        h.setContentType(type);
        h.setAccept(List.of(MediaType.APPLICATION_JSON));
        return rest.exchange(url, method, new HttpEntity<>(body, h), JsonNode.class);
    }
}
