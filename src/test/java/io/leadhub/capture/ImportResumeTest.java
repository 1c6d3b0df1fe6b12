package io.leadhub.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.HubTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultExchange;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

/**
 * Background imports live in the database: an import whose node died after some committed steps is
 * resumed by another poller from its last committed row and ends DONE with every row's lead stored
 * once and the counts of one pass over the file; the dead node's late step cannot commit; of pollers
 * claiming one job at once exactly one gets it; a file unreadable halfway stores nothing; an import
 * inside a request whose node died is FAILED (it stored nothing), and so is one that keeps failing.
 */
@TestPropertySource(properties = {"hub.capture.import-commit-rows=40", "hub.capture.import-poll=200"})
class ImportResumeTest extends HubTest {
    private static final String ROUTE = "capture-import-jobs";

    @Autowired
    BackgroundImportRunner background;

    @Autowired
    ImportJobStore jobs;

    @BeforeEach
    void stopThePoller() throws Exception {
        // this test plays the nodes itself until it lets the hub's own poller go on
        camel.getRouteController().stopRoute(ROUTE);
    }

    @AfterEach
    void startThePoller() throws Exception {
        camel.getRouteController().startRoute(ROUTE);
    }

    /**
     * 300 rows: 250 people, 30 later rows repeating one of them (some across the point where the node
     * dies), 10 bad emails and 10 unknown qualifier values.
     */
    private static String csv() {
        StringBuilder b = new StringBuilder("Email,First Name,Last Name,Company,Q: Lead type\n");
        int person = 0;
        for (int row = 0; row < 300; row++) {
            if (row % 30 == 7) b.append("not-an-email-").append(row).append(",Bad,Row,Nowhere,Hot\n");
            else if (row % 30 == 17) b.append("q").append(row).append("@qualifier.example,Q,Row,Q Inc,Lukewarm\n");
            else if (row % 10 == 3) {
                int earlier = (row * 7) % Math.min(person, 200);
                b.append("Person.").append(earlier).append("@Resume-Test.example,,,,Warm\n");
            } else {
                b.append("person.")
                        .append(person)
                        .append("@resume-test.example,Zoë,Ñúñez-")
                        .append(person)
                        .append(",Société ")
                        .append(person % 17)
                        .append(" GmbH,Hot\n");
                person++;
            }
        }
        return b.toString();
    }

    private String upload(String org, Object body) {
        var answer = send(
                HttpMethod.POST,
                api("/orgs/" + org + "/events/expo/leads/import?async=true"),
                OPERATOR,
                body,
                MediaType.valueOf("text/csv;charset=UTF-8"));
        assertThat(answer.getStatusCode().value()).isEqualTo(202);
        return answer.getBody().path("importId").asText();
    }

    private JsonNode progress(String org, String id) {
        return send(HttpMethod.GET, api("/orgs/" + org + "/imports/" + id), OPERATOR, null)
                .getBody();
    }

    private int count(String sql, Map<String, ?> params) {
        Integer n = jdbc.queryForObject(sql, params, Integer.class);
        return n == null ? 0 : n;
    }

    @Test
    void anImportWhoseNodeDiedIsResumedFromItsLastCommittedStepWithEveryLeadOnce() throws Exception {
        String org = newOrg(false);
        String id = upload(org, csv());
        assertThat(count("SELECT COUNT(*) FROM import_upload_chunk WHERE import_id = :id", Map.of("id", id)))
                .as("the upload is in the database")
                .isPositive();

        // the first node: claims the job, checks the file, commits two steps of 40 rows ...
        Exchange dead = new DefaultExchange(camel);
        background.claim(dead);
        assertThat(dead.getProperty(BackgroundImportRunner.MORE, Boolean.class)).isTrue();
        background.check(dead);
        background.step(dead);
        background.step(dead);
        JsonNode half = progress(org, id);
        assertThat(half.path("state").asText()).isEqualTo("RUNNING");
        assertThat(half.path("rowsRead").asInt()).isEqualTo(80);
        int storedBefore = count("SELECT COUNT(*) FROM lead WHERE org_id = :org", Map.of("org", org));
        assertThat(storedBefore).isEqualTo(half.path("imported").asInt());
        // ... and dies: nobody renews its lease, which expires
        jdbc.update(
                "UPDATE import_job SET lease_owner = 'dead-node', lease_until = :past WHERE id = :id",
                Map.of("id", id, "past", OffsetDateTime.now().minusMinutes(5)));

        // any node's poller resumes it
        camel.getRouteController().startRoute(ROUTE);
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .until(() -> "DONE".equals(progress(org, id).path("state").asText()));

        JsonNode done = progress(org, id);
        assertThat(done.path("rowsRead").asInt()).isEqualTo(300);
        assertThat(done.path("imported").asInt()).isEqualTo(250);
        assertThat(done.path("merged").asInt()).isEqualTo(30);
        assertThat(done.path("rejected").asInt()).isEqualTo(20);
        assertThat(done.has("error")).isFalse();
        List<Integer> lines = new ArrayList<>();
        done.path("rejections").forEach(r -> lines.add(r.path("line").asInt()));
        List<Integer> expected = new ArrayList<>();
        for (int row = 0; row < 300; row++) if (row % 30 == 7 || row % 30 == 17) expected.add(row + 2);
        assertThat(lines).isEqualTo(expected);
        assertThat(done.path("rejections").get(1).path("reason").asText()).contains("Lukewarm");

        // every person once, every repeat merged into the first row's lead as another scan
        assertThat(count("SELECT COUNT(*) FROM lead WHERE org_id = :org", Map.of("org", org)))
                .isEqualTo(250);
        assertThat(count(
                        "SELECT COUNT(*) FROM (SELECT email_norm FROM lead WHERE org_id = :org "
                                + "GROUP BY email_norm HAVING COUNT(*) > 1) d",
                        Map.of("org", org)))
                .isZero();
        assertThat(count("SELECT COALESCE(SUM(scan_count), 0) FROM lead WHERE org_id = :org", Map.of("org", org)))
                .as("250 first scans and 30 repeats")
                .isEqualTo(280);
        assertThat(count(
                        "SELECT COUNT(*) FROM lead WHERE org_id = :org AND import_id = :id",
                        Map.of("org", org, "id", id)))
                .isEqualTo(250);
        Map<String, Object> job = jdbc.queryForMap("SELECT * FROM import_job WHERE id = :id", Map.of("id", id));
        assertThat(((Number) job.get("ATTEMPTS")).intValue()).isEqualTo(2);
        assertThat(job.get("LEASE_OWNER")).isNull();
        assertThat(count("SELECT COUNT(*) FROM import_upload_chunk WHERE import_id = :id", Map.of("id", id)))
                .as("the upload is deleted when the import is done")
                .isZero();

        // the dead node wakes up with a step in hand: it no longer holds the job and commits nothing
        dead.setProperty(BackgroundImportRunner.MORE, true);
        background.step(dead);
        assertThat(dead.getProperty(BackgroundImportRunner.MORE, Boolean.class)).isFalse();
        assertThat(progress(org, id).path("rowsRead").asInt()).isEqualTo(300);
        assertThat(count("SELECT COUNT(*) FROM lead WHERE org_id = :org", Map.of("org", org)))
                .isEqualTo(250);
        assertThat(count("SELECT COALESCE(SUM(scan_count), 0) FROM lead WHERE org_id = :org", Map.of("org", org)))
                .as("its merges were rolled back")
                .isEqualTo(280);
    }

    @Test
    void pollersClaimingOneJobAtOnceNeverBothGetItAndTheLoserCannotCommit() throws Exception {
        String org = newOrg(false);
        String id = upload(org, "Email,Last Name\nrace@claim-test.example,Race\n");
        int pollers = 8;
        for (int round = 0; round < 3; round++) {
            ExecutorService pool = Executors.newFixedThreadPool(pollers);
            try {
                CountDownLatch go = new CountDownLatch(1);
                List<CompletableFuture<Optional<ImportJobStore.Job>>> claims = new ArrayList<>();
                for (int i = 0; i < pollers; i++) {
                    String node = "node-" + round + "-" + i;
                    claims.add(CompletableFuture.supplyAsync(
                            () -> {
                                try {
                                    go.await();
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                                return jobs.claim(node, Duration.ofMinutes(2));
                            },
                            pool));
                }
                go.countDown();
                List<String> winners = new ArrayList<>();
                for (var c : claims) c.get(30, TimeUnit.SECONDS).ifPresent(j -> winners.add(j.id()));
                assertThat(winners).as("round " + round).containsExactly(id);
            } finally {
                pool.shutdownNow();
            }
            String owner = jdbc.queryForObject(
                    "SELECT lease_owner FROM import_job WHERE id = :id", Map.of("id", id), String.class);
            assertThat(owner).startsWith("node-" + round + "-");
            // while the lease runs nobody else gets the job
            assertThat(jobs.claim("latecomer", Duration.ofMinutes(2))).isEmpty();
            // a node that is not the owner cannot commit a step
            ImportJobStore.Position p = new ImportJobStore.Position(1, 2, 1, 0, 0);
            assertThat(jobs.commitStep(id, "latecomer", Duration.ofMinutes(2), p, List.of()))
                    .isFalse();
            assertThat(jobs.commitStep(
                            id, owner, Duration.ofMinutes(2), new ImportJobStore.Position(0, 0, 0, 0, 0), List.of()))
                    .isTrue();
            // the owner dies
            jdbc.update(
                    "UPDATE import_job SET lease_until = :past WHERE id = :id",
                    Map.of("id", id, "past", OffsetDateTime.now().minusSeconds(1)));
        }
        jobs.fail(id, "test over");
    }

    @Test
    void aFileUnreadableHalfwayFailsAndStoresNothing() throws Exception {
        String org = newOrg(false);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write("Email,Last Name\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 2000; i++)
            bytes.write(("ok" + i + "@unreadable-test.example,Fine\n").getBytes(StandardCharsets.UTF_8));
        bytes.write(
                new byte[] {'b', 'a', 'd', (byte) 0xE9, '@', 'x', '.', 'i', 'o', ',', 'L', 'a', 't', 'i', 'n', '\n'});
        for (int i = 0; i < 100; i++)
            bytes.write(("late" + i + "@unreadable-test.example,Fine\n").getBytes(StandardCharsets.UTF_8));
        String id = upload(org, bytes.toByteArray());
        camel.getRouteController().startRoute(ROUTE);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> "FAILED".equals(progress(org, id).path("state").asText()));
        JsonNode failed = progress(org, id);
        assertThat(failed.path("error").asText()).contains("not a UTF-8 CSV file");
        assertThat(failed.path("imported").asInt()).isZero();
        assertThat(count("SELECT COUNT(*) FROM lead WHERE org_id = :org", Map.of("org", org)))
                .isZero();
        assertThat(count("SELECT COUNT(*) FROM import_upload_chunk WHERE import_id = :id", Map.of("id", id)))
                .isZero();
    }

    @Test
    void anImportInsideARequestWhoseNodeDiedFailsAndSoDoesOneThatKeepsFailing() throws Exception {
        String org = newOrg(false);
        OffsetDateTime past = OffsetDateTime.now().minusMinutes(10);
        // the request's node died during a small import: its one transaction never committed
        jdbc.update(
                "INSERT INTO import_job (id, org_id, event_id, state, created_at, lease_owner, lease_until) "
                        + "VALUES ('imp-inline-dead', :org, 'expo', 'RUNNING', :past, 'gone', :past)",
                Map.of("org", org, "past", past));
        // a background import that has been taken five times and never finished
        String stuck = upload(org, "Email,Last Name\nstuck@attempts-test.example,Stuck\n");
        jdbc.update(
                "UPDATE import_job SET attempts = 5, lease_owner = 'gone', lease_until = :past, "
                        + "error = 'DataAccessResourceFailureException: connection reset' WHERE id = :id",
                Map.of("id", stuck, "past", past));
        camel.getRouteController().startRoute(ROUTE);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> "FAILED"
                                .equals(progress(org, "imp-inline-dead")
                                        .path("state")
                                        .asText())
                        && "FAILED".equals(progress(org, stuck).path("state").asText()));
        assertThat(progress(org, "imp-inline-dead").path("error").asText())
                .isEqualTo(BackgroundImportRunner.NOTHING_STORED);
        assertThat(progress(org, stuck).path("error").asText())
                .contains("given up after 5 attempts")
                .contains("connection reset");
        assertThat(count("SELECT COUNT(*) FROM lead WHERE org_id = :org", Map.of("org", org)))
                .isZero();
    }
}
