package io.leadhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.leadhub.LeadHubApplication;
import io.leadhub.support.Http;
import io.leadhub.support.TestDatabase;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Phased;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestTemplate;

/**
 * Stopping the hub while leads are in enrichment (their provider calls in flight, more leads
 * queued): the queued leads are not worked through, the ones in flight call no further provider
 * and store nothing, Camel's graceful shutdown completes without forcing, the connection pool
 * closes only after Camel has stopped, nothing is logged about a closed pool, every lead is still
 * PENDING enrichment in the database, and the next start enriches them all.
 *
 * <p>The provider is a slow HTTP server outside the hub (the sandbox's own providers stop with
 * the web server, before Camel), so enrichment is really in flight when the context closes.
 */
class ShutdownOrderTest {
    private static final String KEY = "sandbox-admin-key";
    private static final int LEADS = 40;
    private final RestTemplate rest = Http.client();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger providerCalls = new AtomicInteger();
    private HttpServer provider;
    private ExecutorService providerThreads;

    @AfterEach
    void stopProvider() {
        release.countDown();
        if (provider != null) provider.stop(0);
        if (providerThreads != null) providerThreads.shutdownNow();
    }

    /** A people provider that answers a job title once {@link #release} is opened (at most 30 s later). */
    private int startProvider() throws Exception {
        provider = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        providerThreads = Executors.newCachedThreadPool();
        provider.setExecutor(providerThreads);
        provider.createContext("/people", ex -> {
            providerCalls.incrementAndGet();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"title\":\"Procurement Lead\"}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        provider.start();
        return provider.getAddress().getPort();
    }

    @Test
    void leadsInEnrichmentAtShutdownStayPendingAndAreEnrichedAtTheNextStart() throws Exception {
        String id = UUID.randomUUID().toString();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String db = TestDatabase.url("shutdown-" + id);
        String p = "--hub.enrichment.providers[0].";
        String[] args = {
            "--server.port=" + port,
            "--spring.datasource.url=" + db,
            "--hub.sandbox.store-url=jdbc:h2:mem:shutdown-sim-" + id + ";DB_CLOSE_DELAY=-1",
            "--camel.main.shutdown-timeout=20",
            "--logging.level.com.zaxxer.hikari=INFO",
            "--logging.level.org.apache.camel.impl.engine.AbstractCamelContext=INFO",
            p + "name=slow-people",
            p + "order=1",
            p + "url=http://127.0.0.1:" + startProvider() + "/people",
            p + "query=email={email}",
            p + "timeout=PT40S",
            p + "fields.jobTitle=$.title",
            "--hub.enrichment.deadline=PT60S",
            "--hub.enrichment.concurrency=4"
        };
        String base = "http://127.0.0.1:" + port;

        ConfigurableApplicationContext first = new SpringApplicationBuilder(LeadHubApplication.class)
                .profiles("sandbox", "test")
                .run(args);
        call(HttpMethod.POST, base + "/api/v1/orgs", Map.of("id", "stop"), "application/json");
        call(HttpMethod.POST, base + "/api/v1/orgs/stop/events", Map.of("id", "expo"), "application/json");
        StringBuilder csv = new StringBuilder("Email,First Name,Last Name,Company\n");
        for (int i = 0; i < LEADS; i++)
            csv.append("visitor.")
                    .append(i)
                    .append("@shutdown-test.example,Vera,Visitor")
                    .append(i)
                    .append(",Stop AG\n");
        assertThat(call(
                                HttpMethod.POST,
                                base + "/api/v1/orgs/stop/events/expo/leads/import",
                                csv.toString(),
                                "text/csv")
                        .path("imported")
                        .asInt())
                .isEqualTo(LEADS);
        CamelContext camel = first.getBean(CamelContext.class);
        assertThat(first.getBean(InflightGuard.class).getPhase()).isLessThan(((Phased) camel).getPhase());
        // four consumers are blocked in the provider, four more leads wait in the window, the rest in the database
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> providerCalls.get() == 4);

        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(logs);
        try {
            CompletableFuture<Void> closing = CompletableFuture.runAsync(first::close);
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(camel::isStopping);
            release.countDown(); // the calls in flight answer now
            closing.get(30, TimeUnit.SECONDS);
        } finally {
            root.detachAppender(logs);
        }

        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : new ArrayList<>(logs.list)) {
            lines.add(e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage()
                    + (e.getThrowableProxy() == null
                            ? ""
                            : " " + e.getThrowableProxy().getClassName() + ": "
                                    + e.getThrowableProxy().getMessage()));
        }
        assertThat(lines)
                .noneMatch(
                        l -> l.toLowerCase().contains("has been closed") || l.contains("Connection is not available"));
        assertThat(lines)
                .noneMatch(l -> l.contains("Forcing the routes to be shutdown") || l.contains("Forced stopped"));
        assertThat(logs.list).noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR));
        int camelDone = indexOf(lines, "AbstractCamelContext", "shutdown in");
        int poolClosed = indexOf(lines, "com.zaxxer.hikari", "Shutdown completed");
        assertThat(camelDone).as("Camel stopped").isNotNegative();
        assertThat(poolClosed).as("the pool closes after Camel has stopped").isGreaterThan(camelDone);
        assertThat(providerCalls.get())
                .as("no lead was taken from the queue during shutdown")
                .isEqualTo(4);
        assertThat(pending(db)).as("every lead is still PENDING enrichment").isEqualTo(LEADS);

        // the next start on the same database enriches every lead
        ConfigurableApplicationContext second = new SpringApplicationBuilder(LeadHubApplication.class)
                .profiles("sandbox", "test")
                .run(args);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> pending(db) == 0);
            try (Connection c = TestDatabase.connect(db);
                    ResultSet rs = c.createStatement()
                            .executeQuery(
                                    "SELECT COUNT(*) FROM lead WHERE enrichment = 'DONE' AND job_title = 'Procurement Lead'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(LEADS);
            }
        } finally {
            second.close();
        }
    }

    private static int indexOf(List<String> lines, String logger, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(logger) && lines.get(i).contains(text)) return i;
        }
        return -1;
    }

    private static int pending(String db) throws Exception {
        try (Connection c = TestDatabase.connect(db);
                ResultSet rs =
                        c.createStatement().executeQuery("SELECT COUNT(*) FROM lead WHERE enrichment = 'PENDING'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private JsonNode call(HttpMethod method, String url, Object body, String type) {
        return Http.call(rest, KEY, method, url, body, type);
    }
}
