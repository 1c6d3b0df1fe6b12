package io.leadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.support.HubTest;
import io.leadhub.support.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A running batch's leases are renewed while its outcomes are being recorded: the recorder's
 * transaction holds the rows it has written, and the renewal must not wait for them (waiting while
 * holding the batch's other rows deadlocked with the recorder on PostgreSQL). The renewal extends the
 * rows no one holds and the integration's batch lease, at once.
 */
class LeaseRenewalTest extends HubTest {
    @Autowired
    SyncRepository sync;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void renewalSkipsTheRowsTheRecorderHolds() throws Exception {
        String org = newOrg(true);
        // manual mode: the rows wait FROZEN, out of the dispatcher's reach, until the test claims them
        send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/hubspot"), OPERATOR, Map.of("syncMode", "MANUAL"));
        importCsv(
                org,
                "Email,Last Name\nrenew.1@lease-test.example,One\nrenew.2@lease-test.example,Two\n"
                        + "renew.3@lease-test.example,Three\n");
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject(
                                "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND state = 'FROZEN'",
                                Map.of("org", org),
                                Integer.class)
                        == 3);
        long integration =
                jdbc.queryForObject("SELECT id FROM integration WHERE org_id = :org", Map.of("org", org), Long.class);
        List<Long> rows = jdbc.queryForList(
                "SELECT id FROM lead_sync WHERE org_id = :org ORDER BY id", Map.of("org", org), Long.class);
        String claim = "renew-" + org;
        jdbc.update(
                "UPDATE lead_sync SET state = 'SYNCING', claim_id = :claim, lease_until = :old WHERE org_id = :org",
                Map.of("claim", claim, "org", org, "old", OffsetDateTime.now().plusSeconds(5)));
        jdbc.update(
                "UPDATE integration SET batch_claim = :claim, batch_lease_until = :old WHERE id = :id",
                Map.of(
                        "claim",
                        claim,
                        "id",
                        integration,
                        "old",
                        OffsetDateTime.now().plusSeconds(5)));

        CompletableFuture<Boolean> renewed = new CompletableFuture<>();
        new TransactionTemplate(transactions).executeWithoutResult(recording -> {
            // the recorder has written the first row's outcome and not committed yet
            jdbc.update(
                    "UPDATE lead_sync SET state = 'CLEARED', claim_id = NULL, lease_until = NULL WHERE id = :id",
                    Map.of("id", rows.get(0)));
            CompletableFuture.supplyAsync(() -> sync.renew(integration, claim, Duration.ofMinutes(10)))
                    .whenComplete((ok, e) -> {
                        if (e != null) renewed.completeExceptionally(e);
                        else renewed.complete(ok);
                    });
            Awaitility.await("the renewal returns while the recorder holds a row")
                    .atMost(Duration.ofSeconds(8))
                    .until(renewed::isDone);
        });

        assertThat(renewed.get(1, TimeUnit.SECONDS))
                .as("the batch lease is still this claim's")
                .isTrue();
        Instant soon = Instant.now().plus(Duration.ofMinutes(5));
        for (long id : rows.subList(1, 3)) {
            Object lease = jdbc.queryForObject(
                    "SELECT lease_until FROM lead_sync WHERE id = :id", Map.of("id", id), Object.class);
            assertThat(TestDatabase.instant(lease)).as("lease of row %d", id).isAfter(soon);
        }
        assertThat(jdbc.queryForObject(
                        "SELECT state FROM lead_sync WHERE id = :id", Map.of("id", rows.get(0)), String.class))
                .isEqualTo("CLEARED");
        assertThat(TestDatabase.instant(jdbc.queryForObject(
                        "SELECT batch_lease_until FROM integration WHERE id = :id",
                        Map.of("id", integration),
                        Object.class)))
                .isAfter(soon);
        // give the rows back so the shared context's sweep leaves nothing of this test behind
        jdbc.update(
                "UPDATE lead_sync SET state = 'FROZEN', claim_id = NULL, lease_until = NULL WHERE org_id = :org AND state = 'SYNCING'",
                Map.of("org", org));
        jdbc.update(
                "UPDATE integration SET batch_claim = NULL, batch_lease_until = NULL WHERE id = :id",
                Map.of("id", integration));
    }
}
