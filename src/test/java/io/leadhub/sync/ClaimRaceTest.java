package io.leadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.support.HubTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims of the same rows by several dispatchers at once (other threads standing in for other
 * instances, each in a transaction of its own): every row goes to exactly one claim, and the
 * attempt is counted once. Runs on H2 and, under -Ppostgresql, on PostgreSQL, whose row locking under
 * READ COMMITTED is what several instances rely on.
 */
class ClaimRaceTest extends HubTest {
    private static final int CLAIMERS = 6;

    @Autowired
    SyncRepository sync;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void everyQueuedRowIsClaimedByExactlyOneOfSeveralConcurrentClaims() throws Exception {
        String org = newOrg(true);
        List<Long> ids = queuedRowsHeldFromThisHub(org, 120);
        long integration = integrationOf(org);

        ExecutorService pool = Executors.newFixedThreadPool(CLAIMERS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Long>>> claims = new ArrayList<>();
        for (int c = 0; c < CLAIMERS; c++) {
            String claimId = "race-" + c;
            claims.add(pool.submit(() -> {
                go.await();
                // each claimer takes batches of 20 in capture order until nothing is left to it
                List<Long> mine = new ArrayList<>();
                List<Long> batch;
                int n = 0;
                do {
                    String batchClaim = claimId + "-" + n++;
                    batch = new TransactionTemplate(transactions)
                            .execute(s -> sync.claimNext(integration, 20, batchClaim, Duration.ofMinutes(5)).stream()
                                    .map(SyncRepository.ClaimedRow::syncId)
                                    .toList());
                    mine.addAll(batch);
                } while (!batch.isEmpty());
                return mine;
            }));
        }
        go.countDown();
        Set<Long> claimed = new HashSet<>();
        int total = 0;
        for (Future<List<Long>> f : claims) {
            List<Long> mine = f.get(30, TimeUnit.SECONDS);
            total += mine.size();
            claimed.addAll(mine);
        }
        pool.shutdown();

        assertThat(total).as("rows handed out, counting every claim").isEqualTo(ids.size());
        assertThat(claimed).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(count(org, "SYNCING")).isEqualTo(ids.size());
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND attempts <> 1",
                        Map.of("org", org),
                        Integer.class))
                .as("one attempt per row")
                .isZero();
    }

    /**
     * A claim locks the rows it takes and no others, however many wait: while one claim's transaction
     * is open, the integration's later QUEUED rows stay free for another instance.
     */
    @Test
    void aClaimLocksOnlyTheRowsItTakes() throws Exception {
        String org = newOrg(true);
        List<Long> ids = queuedRowsHeldFromThisHub(org, 120);
        long integration = integrationOf(org);
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        ExecutorService claimer = Executors.newSingleThreadExecutor();
        Future<List<Long>> claim = claimer.submit(() -> new TransactionTemplate(transactions).execute(s -> {
            List<Long> taken = sync.claimNext(integration, 20, "lock-test", Duration.ofMinutes(5)).stream()
                    .map(SyncRepository.ClaimedRow::syncId)
                    .toList();
            claimed.countDown();
            try {
                // the transaction, and its locks, stay open until the other "instance" has looked
                checked.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return taken;
        }));
        assertThat(claimed.await(30, TimeUnit.SECONDS)).isTrue();
        List<Long> freeLater;
        List<Long> freeFirst;
        try {
            freeLater = lockable(ids.subList(20, ids.size()));
            freeFirst = lockable(ids.subList(0, 20));
        } finally {
            checked.countDown();
        }
        assertThat(claim.get(30, TimeUnit.SECONDS)).containsExactlyElementsOf(ids.subList(0, 20));
        claimer.shutdown();
        assertThat(freeLater)
                .as("rows the claim did not take are not locked")
                .containsExactlyInAnyOrderElementsOf(ids.subList(20, ids.size()));
        assertThat(freeFirst)
                .as("the claimed rows are locked until the claim commits")
                .isEmpty();
    }

    /** The rows among {@code ids} another transaction can lock right now. */
    private List<Long> lockable(List<Long> ids) {
        return new TransactionTemplate(transactions)
                .execute(s -> jdbc.queryForList(
                        "SELECT id FROM lead_sync WHERE id IN (:ids) ORDER BY id FOR UPDATE SKIP LOCKED",
                        Map.of("ids", ids),
                        Long.class));
    }

    /**
     * {@code rows} leads imported into the org and QUEUED at its HubSpot integration, in capture order,
     * whose batch lease "another instance" (the test) holds, so this hub's dispatcher leaves them alone.
     */
    private List<Long> queuedRowsHeldFromThisHub(String org, int rows) {
        // manual mode: the rows wait FROZEN, out of the dispatcher's reach, until the test queues them
        send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/hubspot"), OPERATOR, Map.of("syncMode", "MANUAL"));
        StringBuilder csv = new StringBuilder("Email,Last Name\n");
        for (int i = 0; i < rows; i++)
            csv.append("claim.")
                    .append(i)
                    .append("@race-test.example,Racer")
                    .append(i)
                    .append('\n');
        importCsv(org, csv.toString());
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count(org, "FROZEN") == rows);
        assertThat(sync.takeBatchLease(integrationOf(org), "race-test", Duration.ofMinutes(5)))
                .isTrue();
        jdbc.update("UPDATE lead_sync SET state = 'QUEUED' WHERE org_id = :org", Map.of("org", org));
        return jdbc.queryForList(
                "SELECT s.id FROM lead_sync s WHERE s.org_id = :org ORDER BY s.lead_id, s.id",
                Map.of("org", org),
                Long.class);
    }

    private long integrationOf(String org) {
        return jdbc.queryForObject("SELECT id FROM integration WHERE org_id = :org", Map.of("org", org), Long.class);
    }

    private int count(String org, String state) {
        return jdbc.queryForObject(
                "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND state = :s",
                Map.of("org", org, "s", state),
                Integer.class);
    }
}
