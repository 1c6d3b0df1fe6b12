package io.leadhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.leadhub.support.TestDatabase;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.mock.env.MockEnvironment;

/**
 * The vendor rate windows held in the database (H2 by default, PostgreSQL with -Ppostgresql). Two
 * RateLimiter objects, each with its own connection pool on one database, stand for two hub
 * instances: together they never let more than {@code requests} calls of an integration start within
 * any period, together they still get the whole budget, a pause written through one holds the other's
 * calls, and integrations do not share a window.
 */
class RateWindowsTest {
    private static final int REQUESTS = 10;
    private static final long PERIOD = 500;
    private static final AtomicInteger ORGS = new AtomicInteger();

    private static HikariDataSource poolA;
    private static HikariDataSource poolB;
    private static RateLimiter a;
    private static RateLimiter b;

    @BeforeAll
    static void twoInstancesOnOneDatabase() {
        String url = TestDatabase.fresh("rate-windows");
        String user = TestDatabase.postgres() ? TestDatabase.USER : "sa";
        Flyway.configure()
                .dataSource(url, user, "")
                .locations("classpath:db/migration")
                .placeholders(Map.of("binaryType", TestDatabase.postgres() ? "BYTEA" : "BLOB"))
                .load()
                .migrate();
        poolA = pool(url, user);
        poolB = pool(url, user);
        a = limiter(poolA);
        b = limiter(poolB);
    }

    @AfterAll
    static void closePools() {
        poolA.close();
        poolB.close();
    }

    private static HikariDataSource pool(String url, String user) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(user);
        pool.setPassword("");
        pool.setMaximumPoolSize(6);
        return pool;
    }

    private static RateLimiter limiter(HikariDataSource pool) {
        MockEnvironment env = new MockEnvironment()
                .withProperty("hub.vendors.hubspot.rate-limit.requests", String.valueOf(REQUESTS))
                .withProperty("hub.vendors.hubspot.rate-limit.period", "PT" + PERIOD / 1000.0 + "S")
                .withProperty("hub.vendors.zoho.rate-limit.requests", "3")
                .withProperty("hub.vendors.zoho.rate-limit.period", "PT2S")
                .withProperty("hub.vendors.pipedrive.rate-limit.requests", "480")
                .withProperty("hub.vendors.pipedrive.rate-limit.period", "PT2S");
        env.setConversionService(new ApplicationConversionService());
        return new RateLimiter(env, new JdbcTemplate(pool), new JdbcTransactionManager(pool));
    }

    /** A new org with one integration of the vendor; answers the integration's id. */
    private static long integration(String vendor) {
        JdbcTemplate jdbc = new JdbcTemplate(poolA);
        String org = "rates-" + ORGS.incrementAndGet();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("INSERT INTO org (id, name, created_at) VALUES (?, ?, ?)", org, org, now);
        jdbc.update(
                "INSERT INTO integration (org_id, vendor, category, state, created_at, updated_at) "
                        + "VALUES (?, ?, 'CRM', 'CONNECTED', ?, ?)",
                org,
                vendor,
                now,
                now);
        return jdbc.queryForObject("SELECT id FROM integration WHERE org_id = ?", Long.class, org);
    }

    @Test
    void twoInstancesTogetherNeverExceedTheWindowAndStillUseAllOfIt() throws Exception {
        long id = integration("hubspot");
        int total = 6 * REQUESTS;
        AtomicInteger left = new AtomicInteger(total);
        ConcurrentLinkedQueue<long[]> grants = new ConcurrentLinkedQueue<>(); // {time, instance}
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int instance = t % 2;
                RateLimiter limiter = instance == 0 ? a : b;
                running.add(threads.submit(() -> {
                    while (left.getAndDecrement() > 0) grants.add(new long[] {limiter.grant("hubspot", id), instance});
                }));
            }
            for (Future<?> f : running) f.get(60, TimeUnit.SECONDS);
        } finally {
            threads.shutdownNow();
        }

        List<Long> times = new ArrayList<>();
        grants.forEach(g -> times.add(g[0]));
        Collections.sort(times);
        assertThat(times).hasSize(total);
        for (int k = 0; k + REQUESTS < times.size(); k++) {
            assertThat(times.get(k + REQUESTS) - times.get(k))
                    .as(
                            "call %d starts a full period after call %d: at most %d in any %d ms",
                            k + REQUESTS, k, REQUESTS, PERIOD)
                    .isGreaterThanOrEqualTo(PERIOD);
        }
        // six windows' worth: the first ten at once, each later ten one period after the ten before
        assertThat(times.get(total - 1) - times.get(0))
                .as("the whole budget is used: about five periods from the first call to the last")
                .isLessThan(5 * PERIOD + PERIOD);
        long byA = grants.stream().filter(g -> g[1] == 0).count();
        System.out.printf(
                "%d calls in %d ms (%d per %d ms allowed), %d through instance A, %d through B%n",
                total, times.get(total - 1) - times.get(0), REQUESTS, PERIOD, byA, total - byA);
        assertThat(byA).as("calls let through on instance A").isBetween(total / 10L, total - total / 10L);
    }

    @Test
    void aPauseWrittenByOneInstanceHoldsTheOthersNextCall() {
        long id = integration("hubspot");
        b.acquire("hubspot", id); // B has just written the row: its image of it is current

        long pausedAt = System.currentTimeMillis();
        a.pause("hubspot", id, Duration.ofMillis(800));
        CompletableFuture<Long> next = CompletableFuture.supplyAsync(() -> b.grant("hubspot", id));

        await().atMost(Duration.ofSeconds(10)).until(next::isDone);
        assertThat(next.join()).as("B's call starts after A's pause").isGreaterThanOrEqualTo(pausedAt + 800);
    }

    @Test
    void aPauseWrittenByOneInstanceHoldsACallTheOtherIsAlreadyWaitingFor() {
        long id = integration("hubspot");
        long first = b.grant("hubspot", id);
        for (int i = 1; i < REQUESTS; i++) b.acquire("hubspot", id);
        // the window is full: this call waits for it to roll (first + PERIOD)…
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> b.grant("hubspot", id));
        // …and a throttle answer on the other instance pauses the integration beyond that
        long pausedAt = System.currentTimeMillis();
        a.pause("hubspot", id, Duration.ofMillis(PERIOD + 700));

        await().atMost(Duration.ofSeconds(10)).until(waiting::isDone);
        assertThat(waiting.join())
                .isGreaterThanOrEqualTo(first + PERIOD)
                .as("held by the pause written meanwhile")
                .isGreaterThanOrEqualTo(pausedAt + PERIOD + 700);
    }

    @Test
    void integrationsDoNotShareAWindow() {
        long one = integration("zoho");
        long two = integration("zoho");
        long first = a.grant("zoho", one);
        a.acquire("zoho", one);
        a.acquire("zoho", one);
        List<Long> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) others.add(b.grant("zoho", two));
        CompletableFuture<Long> fourth = CompletableFuture.supplyAsync(() -> a.grant("zoho", one));

        await().atMost(Duration.ofSeconds(10)).until(fourth::isDone);
        assertThat(others)
                .as("the other integration's calls did not wait for the full window")
                .allSatisfy(t -> assertThat(t).isLessThan(first + 2000));
        assertThat(fourth.join()).as("the fourth call of a 3-per-2-s window").isGreaterThanOrEqualTo(first + 2000);
    }

    @Test
    void anInterruptEndsTheWaitAsVendorUnavailable() {
        long id = integration("hubspot");
        a.pause("hubspot", id, Duration.ofMinutes(5));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread waiter = new Thread(() -> {
            try {
                b.acquire("hubspot", id);
            } catch (RuntimeException e) {
                failure.set(e);
            }
        });
        waiter.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> waiter.getState() == Thread.State.TIMED_WAITING);
        waiter.interrupt();

        await().atMost(Duration.ofSeconds(10)).until(() -> failure.get() != null);
        assertThat(failure.get())
                .isInstanceOfSatisfying(
                        VendorCallException.class,
                        e -> assertThat(e.category()).isEqualTo(ErrorCategory.VENDOR_UNAVAILABLE));
    }

    @Test
    void theWindowIsStoredCompactly() {
        long[] starts = {1_733_150_000_123L, 1_733_150_000_123L, 1_733_150_000_130L, 1_733_150_001_999L};
        assertThat(RateLimiter.encode(starts)).isEqualTo("1733150000123,0,7,1869");
        assertThat(RateLimiter.decode(RateLimiter.encode(starts))).containsExactly(starts);
        assertThat(RateLimiter.decode("")).isEmpty();
    }

    /**
     * Not a target (those live in the benchmark): logs what the window costs per call on this
     * database, one instance, once warmed up: with a long log (a 480-per-2-s window filling up to 400
     * starts in the row) and a short one (10 per 500 ms).
     */
    @Test
    void costOfOneCall() {
        for (int round = 0; round < 2; round++) {
            long shortWindow = integration("pipedrive");
            long start = System.nanoTime();
            for (int i = 0; i < 400; i++) a.acquire("pipedrive", shortWindow);
            long longLog = (System.nanoTime() - start) / 1000 / 400;
            if (round == 1) {
                System.out.printf(
                        "rate window on %s: %d µs per call on average while the row fills up to 400 starts%n",
                        TestDatabase.postgres() ? "PostgreSQL" : "H2", longLog);
            }
        }
        long id = integration("hubspot");
        a.acquire("hubspot", id); // the row is created
        long start = System.nanoTime();
        for (int i = 1; i < REQUESTS; i++) a.acquire("hubspot", id);
        System.out.printf(
                "rate window on %s: %d µs per call with up to %d starts in the row%n",
                TestDatabase.postgres() ? "PostgreSQL" : "H2",
                (System.nanoTime() - start) / 1000 / (REQUESTS - 1),
                REQUESTS);
        String stored = new JdbcTemplate(poolB)
                .queryForObject("SELECT starts FROM rate_window WHERE integration_id = ?", String.class, id);
        assertThat(RateLimiter.decode(stored))
                .as("the calls of the window, in the row")
                .hasSize(REQUESTS);
    }
}
