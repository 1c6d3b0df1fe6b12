package io.leadhub.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.LeadHubApplication;
import io.leadhub.support.Http;
import io.leadhub.support.TestDatabase;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.client.RestTemplate;

/**
 * Two hub instances on one database, as in a cluster: a large upload sent to one of them is imported
 * by whichever claims it; when that instance is stopped in the middle of the file it hands the import
 * back between two committed steps, and the other instance finishes it: DONE, every row's lead stored
 * once, the counts of one pass over the file, and the import taken twice without any wait for a lease.
 */
class ImportHandoverTest {
    private static final String KEY = "sandbox-admin-key";
    private static final int ROWS = 3000;
    private final RestTemplate rest = Http.client();
    private final List<ConfigurableApplicationContext> hubs = new ArrayList<>();

    @AfterEach
    void stopHubs() {
        hubs.forEach(ConfigurableApplicationContext::close);
    }

    private ConfigurableApplicationContext start(String db, int port) {
        ConfigurableApplicationContext hub = new SpringApplicationBuilder(LeadHubApplication.class)
                .profiles("sandbox", "test")
                .run(
                        "--server.port=" + port,
                        "--spring.datasource.url=" + db,
                        "--hub.sandbox.store-url=jdbc:h2:mem:handover-sim-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                        "--hub.sync.single-node=false",
                        "--hub.capture.import-commit-rows=20",
                        "--hub.capture.import-poll=100");
        hubs.add(hub);
        return hub;
    }

    @Test
    void anInstanceStoppedMidImportHandsItToTheOtherWhichFinishesIt() throws Exception {
        String db = TestDatabase.url("handover-" + UUID.randomUUID())
                + (TestDatabase.postgres() ? "" : ";LOCK_TIMEOUT=10000");
        int portA = freePort();
        int portB = freePort();
        ConfigurableApplicationContext a = start(db, portA);
        ConfigurableApplicationContext b = start(db, portB);
        String hubA = "http://127.0.0.1:" + portA;
        call(HttpMethod.POST, hubA + "/api/v1/orgs", Map.of("id", "handover"), "application/json");
        call(HttpMethod.POST, hubA + "/api/v1/orgs/handover/events", Map.of("id", "expo"), "application/json");

        StringBuilder csv = new StringBuilder("Email,First Name,Last Name,Company\n");
        for (int i = 0; i < ROWS; i++) {
            int person = i % 2500; // the last 500 rows repeat people of the first rows
            csv.append("visitor.")
                    .append(person)
                    .append("@handover-test.example,Åsa,Öberg-")
                    .append(person)
                    .append(",Handover AB\n");
        }
        String id = call(
                        HttpMethod.POST,
                        hubA + "/api/v1/orgs/handover/events/expo/leads/import?async=true",
                        csv.toString(),
                        "text/csv;charset=UTF-8")
                .path("importId")
                .asText();

        NamedParameterJdbcTemplate jdbc = a.getBean(NamedParameterJdbcTemplate.class);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> rowsRead(jdbc, id) >= 200);
        String owner = jdbc.queryForObject(
                "SELECT lease_owner FROM import_job WHERE id = :id", Map.of("id", id), String.class);
        ConfigurableApplicationContext running =
                a.getBean(ImportNode.class).id().equals(owner) ? a : b;
        ConfigurableApplicationContext survivor = running == a ? b : a;
        assertThat(survivor.getBean(ImportNode.class).id()).isNotEqualTo(owner);

        // the stop begins in the middle of the file; the closing instance hands the import back at its next
        // step, and the other one may well have finished it before close() returns
        int atStop = rowsRead(jdbc, id);
        assertThat(atStop).as("stopped in the middle of the file").isBetween(200, ROWS - 1);
        running.close();

        NamedParameterJdbcTemplate db2 = survivor.getBean(NamedParameterJdbcTemplate.class);
        Awaitility.await()
                .atMost(Duration.ofSeconds(120))
                .until(() -> "DONE"
                        .equals(db2.queryForObject(
                                "SELECT state FROM import_job WHERE id = :id", Map.of("id", id), String.class)));
        Map<String, Object> job = db2.queryForMap("SELECT * FROM import_job WHERE id = :id", Map.of("id", id));
        assertThat(((Number) job.get("ROWS_READ")).intValue()).isEqualTo(ROWS);
        assertThat(((Number) job.get("IMPORTED")).intValue()).isEqualTo(2500);
        assertThat(((Number) job.get("MERGED")).intValue()).isEqualTo(500);
        assertThat(((Number) job.get("REJECTED")).intValue()).isZero();
        assertThat(((Number) job.get("ATTEMPTS")).intValue())
                .as("the stopping instance gave its attempt back")
                .isEqualTo(1);
        assertThat(db2.queryForObject("SELECT COUNT(*) FROM lead WHERE org_id = 'handover'", Map.of(), Integer.class))
                .isEqualTo(2500);
        assertThat(db2.queryForObject(
                        "SELECT COUNT(DISTINCT email_norm) FROM lead WHERE org_id = 'handover'",
                        Map.of(),
                        Integer.class))
                .isEqualTo(2500);
        assertThat(db2.queryForObject(
                        "SELECT COALESCE(SUM(scan_count), 0) FROM lead WHERE org_id = 'handover'",
                        Map.of(),
                        Integer.class))
                .isEqualTo(ROWS);
        // the progress answer from the instance that is left
        JsonNode progress = call(
                HttpMethod.GET,
                "http://127.0.0.1:" + (survivor == a ? portA : portB) + "/api/v1/orgs/handover/imports/" + id,
                null,
                "application/json");
        assertThat(progress.path("state").asText()).isEqualTo("DONE");
        assertThat(progress.path("imported").asInt()).isEqualTo(2500);
    }

    private static int rowsRead(NamedParameterJdbcTemplate jdbc, String id) {
        Integer n =
                jdbc.queryForObject("SELECT rows_read FROM import_job WHERE id = :id", Map.of("id", id), Integer.class);
        return n == null ? 0 : n;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private JsonNode call(HttpMethod method, String url, Object body, String type) {
        return Http.call(rest, KEY, method, url, body, type);
    }
}
