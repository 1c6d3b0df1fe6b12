package io.leadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.connector.QuotaPause;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.Vendor;
import io.leadhub.lead.LeadRepository;
import io.leadhub.support.HubTest;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.support.DefaultExchange;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The batch lease across instances. A second {@link SyncDispatcher} on the same database stands for
 * another hub instance: while it holds an integration's batch, this instance sends nothing of that
 * integration; when it finishes, the rest goes. An instance that dies with a batch claimed loses it
 * when the lease runs out, and the sweep (on any instance) queues its rows again: every lead ends
 * CLEARED with one HubSpot contact each.
 */
class BatchLeaseTest extends HubTest {
    @Autowired
    SyncRepository rows;

    @Autowired
    LeadRepository leads;

    @Autowired
    IntegrationRepository integrations;

    @Autowired
    QuotaPause quotaPause;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    SyncRecovery recovery;

    @Test
    void whileAnotherInstanceHoldsTheIntegrationsBatchNothingElseOfItLeaves() {
        String org = newOrg(true);
        long integration = frozenLeads(org, 130);
        SyncDispatcher other = otherInstance(Duration.ofMinutes(1));
        SyncBatch held = claimOn(other, integration);
        assertThat(held.items()).hasSize(100);
        // this instance keeps polling, but the integration's batch is the other instance's
        Awaitility.await()
                .during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .until(() -> count(integration, "QUEUED") == 30 && count(integration, "CLEARED") == 0);

        // the other instance gives its batch back unsent (it stopped): everything leaves from here
        rows.unclaim(held.claimId());
        other.done(held);
        awaitSettled(org);
        assertThat(count(integration, "CLEARED")).isEqualTo(130);
        assertThat(hubspotContacts().keySet().stream().filter(e -> e.endsWith("@" + org + ".example")))
                .as("one contact per lead")
                .hasSize(130);
    }

    @Test
    void aBatchOfADeadInstanceIsQueuedAgainWhenItsLeaseRunsOut() {
        String org = newOrg(true);
        long integration = frozenLeads(org, 40);
        SyncDispatcher dying = otherInstance(Duration.ofSeconds(2));
        SyncBatch lost = claimOn(dying, integration);
        assertThat(lost.items()).hasSize(40);
        assertThat(count(integration, "SYNCING")).isEqualTo(40);

        // nothing comes back before the lease has run out
        assertThat(recovery.expiredLeases()).isZero();
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> recovery.expiredLeases() > 0);
        awaitSettled(org);
        assertThat(count(integration, "CLEARED")).isEqualTo(40);
        assertThat(hubspotContacts().keySet())
                .containsAll(
                        lost.items().stream().map(i -> i.lead().emailNorm()).toList());
        assertThat(jdbc.queryForList(
                        "SELECT attempts FROM lead_sync WHERE integration_id = :i",
                        Map.of("i", integration),
                        Integer.class))
                .as("the lost claim counted as an attempt, the resend as the second")
                .containsOnly(2);
        // the dead instance's late outcome would not be written: its claim is gone
        SyncItem late = lost.items().get(0);
        late.clear("contact", "late", null, true);
        rows.finish(late, lost.claimId(), "", null);
        assertThat(jdbc.queryForObject(
                        "SELECT vendor_id FROM lead_sync WHERE id = :id", Map.of("id", late.syncId()), String.class))
                .isNotEqualTo("late");
    }

    /** Leads of a manual HubSpot integration, FROZEN: nothing leaves until the test queues them. */
    private long frozenLeads(String org, int n) {
        long integration = integrations.find(org, Vendor.HUBSPOT).orElseThrow().id();
        jdbc.update("UPDATE integration SET sync_mode = 'MANUAL' WHERE id = :i", Map.of("i", integration));
        StringBuilder csv = new StringBuilder("Email,Last Name\n");
        for (int i = 0; i < n; i++)
            csv.append("lease.").append(i).append("@").append(org).append(".example,Lease\n");
        assertThat(importCsv(org, csv.toString()).getStatusCode().value()).isEqualTo(200);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> count(integration, "FROZEN") == n);
        return integration;
    }

    private void queueAll(long integration) {
        jdbc.update(
                "UPDATE lead_sync SET state = 'QUEUED', hold_reason = NULL WHERE integration_id = :i AND state = 'FROZEN'",
                Map.of("i", integration));
    }

    /**
     * Claims the integration's next batch on {@code instance}. This instance's own claim route is
     * stopped meanwhile, so the other instance is first.
     */
    private SyncBatch claimOn(SyncDispatcher instance, long integration) {
        try {
            camel.getRouteController().stopRoute("sync-claim");
            try {
                queueAll(integration);
                return instance.claimDue(new DefaultExchange(camel)).stream()
                        .filter(b -> b.integration().id() == integration)
                        .findFirst()
                        .orElseThrow();
            } finally {
                camel.getRouteController().startRoute("sync-claim");
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private SyncDispatcher otherInstance(Duration lease) {
        return new SyncDispatcher(
                rows,
                leads,
                integrations,
                quotaPause,
                tx,
                lease,
                Duration.ZERO,
                Duration.ZERO,
                4,
                "seda:other-instance");
    }

    private int count(long integration, String state) {
        return jdbc.queryForObject(
                "SELECT COUNT(*) FROM lead_sync WHERE integration_id = :i AND state = :s",
                Map.of("i", integration, "s", state),
                Integer.class);
    }
}
