package io.leadhub.sync;

import java.time.OffsetDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.stereotype.Component;

/**
 * The periodic sweep, safe on every instance at once: SYNCING rows whose lease ran out (their
 * instance died) go back to QUEUED, and transient failures whose retry time has come are queued
 * again, up to {@code hub.sync.max-attempts}. Leads waiting for a vendor's quota reset
 * (QUOTA_EXHAUSTED) are retried at the reset whatever their attempt count, and nothing of an
 * integration is released while its quota pause still runs. Queued rows need no message: the
 * dispatcher claims them from the database.
 */
@Component("syncRecovery")
public class SyncRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(SyncRecovery.class);
    private final SyncRepository rows;
    private final int maxAttempts;

    public SyncRecovery(SyncRepository rows, @Value("${hub.sync.max-attempts:5}") int maxAttempts) {
        this.rows = rows;
        this.maxAttempts = maxAttempts;
    }

    /** Rows whose instance died mid-batch (their lease ran out) are queued again. */
    public int expiredLeases() {
        int expired = rows.requeueExpired();
        if (expired > 0) LOG.info("Sweep: {} rows of a batch whose lease ran out queued again", expired);
        return expired;
    }

    /** Periodic sweep: expired leases and due automatic retries; answers the rows queued for a retry. */
    public List<SyncRepository.DispatchRef> sweep() {
        expiredLeases();
        var p = new MapSqlParameterSource()
                .addValue("due", OffsetDateTime.now())
                .addValue("max", maxAttempts);
        List<SyncRepository.DispatchRef> due = rows.requeue(
                "state = 'FAILED' AND next_attempt_at IS NOT NULL AND next_attempt_at <= :due "
                        + "AND (attempts < :max OR category = 'QUOTA_EXHAUSTED') AND integration_id IN (SELECT id FROM integration "
                        + "WHERE state = 'CONNECTED' AND (quota_reset_at IS NULL OR quota_reset_at <= :due))",
                p);
        if (!due.isEmpty()) LOG.info("Automatic retry of {} transient failures", due.size());
        return due;
    }
}
