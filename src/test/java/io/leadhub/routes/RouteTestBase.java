package io.leadhub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.Vendor;
import io.leadhub.support.HubTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.spring.junit5.UseAdviceWith;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Base of the route tests in the AdviceWith shape: the hub runs (database, API, simulators), but its
 * CamelContext is started only after the routes are advised ({@code @UseAdviceWith}). Every class
 * derived from this one has the same configuration, so they share one Spring context, separate from
 * the one of the other hub tests (the property below is what makes the configuration distinct:
 * {@code @UseAdviceWith} itself is not part of Spring's context cache key, and a shared context must
 * never receive an un-started or advised CamelContext).
 *
 * <p>The advice all classes share: the claim round's output ({@code to-batch-queue}) goes to
 * {@code mock:batch-queue} instead of the batch queue (the integration's batch lease is given back at
 * once), and the six vendor steps of the content-based router ({@code to-vendor-<vendor>}) go to
 * {@code mock:vendor-<vendor>}. A test therefore takes the batch the dispatcher claimed and hands it
 * to {@code sync-batch} itself ({@link #sendToSyncBatch}),
 * with whatever routing headers the case needs. A class may advise more by overriding
 * {@link #advise()}; since the context is shared, each class's advice is (re)applied before its first
 * test when another class advised the routes in between, and the replaced steps keep their ids.
 *
 * <p>Live route reloading is on in this context, watching a scratch directory of its own
 * ({@link #RELOAD_DIRECTORY}), for {@code RouteReloadTest}.
 */
@UseAdviceWith
@TestPropertySource(
        properties = {
            "hub.test.context=route-tests",
            // a partial batch waits a second: captures of one test arrive within it on a busy machine
            "hub.sync.batch-wait=PT1S"
        })
abstract class RouteTestBase extends HubTest {
    static final List<Vendor> VENDORS = List.of(Vendor.values());
    /** The directory Camel's route reloading watches in this context (created once per test JVM). */
    static final Path RELOAD_DIRECTORY = scratchDirectory();

    private static final String ADVISED_FOR = "leadhub.test.advisedFor";

    @DynamicPropertySource
    static void routeReloading(DynamicPropertyRegistry registry) {
        registry.add("camel.main.routes-reload-enabled", () -> "true");
        registry.add("camel.main.routes-reload-directory", RELOAD_DIRECTORY::toString);
        registry.add("camel.main.routes-reload-pattern", () -> "*.camel.yaml");
    }

    private static Path scratchDirectory() {
        try {
            Path dir = Files.createTempDirectory("leadhub-route-reload");
            dir.toFile().deleteOnExit(); // RouteReloadTest removes its files
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Autowired
    protected ProducerTemplate producer;

    @Autowired
    protected IntegrationRepository integrations;

    @BeforeEach
    void adviseAndStart() throws Exception {
        synchronized (camel) {
            String owner = getClass().getName();
            if (!owner.equals(camel.getGlobalOption(ADVISED_FOR))) {
                advise();
                camel.getGlobalOptions().put(ADVISED_FOR, owner);
            }
            if (!camel.getStatus().isStarted()) camel.start();
        }
        MockEndpoint.resetMocks(camel);
    }

    /** The routes as this class needs them; overriders call this first. */
    protected void advise() throws Exception {
        // the claimed batch goes to the mock, and its integration is free again at once (as when a batch
        // ends), so the dispatcher keeps forming the integration's next batches
        AdviceWith.adviceWith(
                camel,
                "sync-claim-round",
                a -> a.weaveById("to-batch-queue")
                        .replace()
                        .pipeline()
                        .id("to-batch-queue")
                        .to("mock:batch-queue")
                        .bean("syncDispatcher", "done")
                        .end());
        AdviceWith.adviceWith(camel, "sync-batch", a -> {
            for (Vendor v : VENDORS) {
                a.weaveById("to-vendor-" + v.key())
                        .replace()
                        .to(vendorMockUri(v))
                        .id("to-vendor-" + v.key());
            }
        });
    }

    protected static String vendorMockUri(Vendor vendor) {
        return "mock:vendor-" + vendor.key();
    }

    protected MockEndpoint vendorMock(Vendor vendor) {
        return camel.getEndpoint(vendorMockUri(vendor), MockEndpoint.class);
    }

    protected MockEndpoint batchQueue() {
        return camel.getEndpoint("mock:batch-queue", MockEndpoint.class);
    }

    /** An integration of the org for the vendor, connected, without credentials (no vendor is called). */
    protected long connect(String org, Vendor vendor) {
        return integrations.upsert(
                org,
                vendor,
                Integration.SyncMode.AUTOMATIC,
                "http://127.0.0.1:9/route-test",
                Map.of(),
                Integration.ConnectionState.CONNECTED);
    }

    /** Captures leads for the org through the API (201 each): enrichment plans them and the dispatch stage batches them. */
    protected void capture(String org, String... emails) {
        for (String email : emails) {
            assertThat(captureJson(org, Map.of("email", email, "lastName", "Route"))
                            .getStatusCode()
                            .value())
                    .isEqualTo(201);
        }
    }

    /**
     * The batch the dispatcher claimed for the integration, once all of its {@code expected} rows have
     * been claimed. On a slow machine a partial batch can ship before the last capture is enriched;
     * such batches are joined into the first one (their rows moved to its claim), so the test gets the
     * rows it captured in one batch either way.
     */
    protected Exchange awaitBatch(long integrationId, int expected) {
        List<Exchange> batches = Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> batchesOf(integrationId),
                        b -> b.stream().mapToInt(e -> batchOf(e).items().size()).sum() >= expected);
        if (batches.size() == 1) return batches.get(0);
        Exchange joined = batches.get(0).copy();
        SyncBatch first = batchOf(joined);
        List<SyncItem> items = new ArrayList<>();
        for (Exchange e : batches) {
            SyncBatch b = batchOf(e);
            items.addAll(b.items());
            jdbc.update(
                    "UPDATE lead_sync SET claim_id = :first WHERE claim_id = :other",
                    Map.of("first", first.claimId(), "other", b.claimId()));
        }
        joined.getMessage().setBody(new SyncBatch(first.integration(), first.claimId(), items));
        return joined;
    }

    protected static SyncBatch batchOf(Exchange exchange) {
        return exchange.getMessage().getBody(SyncBatch.class);
    }

    protected List<Exchange> batchesOf(long integrationId) {
        return batchQueue().getReceivedExchanges().stream()
                .filter(e -> Long.valueOf(integrationId).equals(e.getMessage().getHeader("integrationId", Long.class)))
                .toList();
    }

    /** Hands a batch to the sync-batch route, as the batch queue would, with the given vendor header. */
    protected void sendToSyncBatch(Exchange batch, String vendor) {
        Map<String, Object> headers = new HashMap<>(batch.getMessage().getHeaders());
        headers.put("vendor", vendor);
        producer.sendBodyAndHeaders("{{hub.endpoints.batches}}", batchOf(batch), headers);
    }

    /** The integration's lead_sync rows, by id. */
    protected Map<Long, Map<String, Object>> rows(long integrationId) {
        Map<Long, Map<String, Object>> out = new TreeMap<>();
        jdbc.queryForList("SELECT * FROM lead_sync WHERE integration_id = :i", Map.of("i", integrationId))
                .forEach(r -> out.put(((Number) r.get("ID")).longValue(), r));
        return out;
    }

    protected List<Long> rowIds(long integrationId, String state) {
        return jdbc.queryForList(
                "SELECT id FROM lead_sync WHERE integration_id = :i AND state = :s ORDER BY id",
                Map.of("i", integrationId, "s", state),
                Long.class);
    }
}
