package io.leadhub.reconciliation;

import com.google.common.base.Suppliers;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorCallLog;
import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.platform.HubMetrics;
import io.leadhub.sync.SyncRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writes every lead's outcome of a batch into lead_sync. A lead that reaches this step without an
 * outcome is recorded as an INTERNAL failure, so no lead is ever silently dropped. Failures from
 * the dead-letter channel are written in their own transaction, outside whatever failed.
 */
@Component("reconciliationRecorder")
public class ReconciliationRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(ReconciliationRecorder.class);
    private final SyncRepository rows;
    private final IntegrationRepository integrations;
    private final Duration retryBase;
    private final HubMetrics metrics;
    private final AttemptLog attempts;

    public ReconciliationRecorder(
            SyncRepository rows,
            IntegrationRepository integrations,
            HubMetrics metrics,
            AttemptLog attempts,
            @Value("${hub.sync.retry-backoff:PT1M}") Duration retryBase) {
        this.attempts = attempts;
        this.rows = rows;
        this.integrations = integrations;
        this.metrics = metrics;
        this.retryBase = retryBase;
    }

    /**
     * Records the batch's outcomes. Two cases do not become failures: a lead the hub did not send
     * because the integration stopped while the batch was in flight goes back to HELD; and when the
     * vendor refused the credentials (AUTHENTICATION), only the first lead carries the one
     * AUTHENTICATION entry that explains it, the integration becomes NEEDS_REAUTH and every other
     * lead of the batch and of the integration that waits to be sent is HELD until it is connected again.
     * A QUOTA_EXHAUSTED lead is retried at the vendor's reset (its own retry time, else the
     * integration's quota pause) and that try does not count towards the automatic-retry limit.
     * Every lead's attempt is also kept in its history ({@link AttemptLog}), with the vendor calls
     * the batch made ({@link VendorCallLog}, started when the batch was claimed).
     */
    @Transactional
    public SyncBatch record(SyncBatch batch) {
        Map<String, Integer> calls = VendorCallLog.stop();
        List<AttemptLog.Attempt> tried = new ArrayList<>();
        boolean authFailed = false;
        long integrationId = batch.integration().id();
        metrics.batch(batch.vendor(), batch.items().size());
        // read at most once per batch, and only when a lead needs it
        Supplier<String> integrationState = Suppliers.memoize(() ->
                integrations.byId(integrationId).map(i -> i.state().name()).orElse("DISCONNECTED"));
        Supplier<Instant> quotaPause = Suppliers.memoize(() -> integrations
                .quotaResetAt(integrationId)
                .filter(t -> t.isAfter(Instant.now()))
                .orElse(null));
        for (SyncItem item : batch.items()) {
            if (item.pending()) {
                item.fail(ErrorCategory.INTERNAL, null, "the vendor route finished without an outcome for this lead");
            }
            ErrorCategory category = item.outcome().category();
            String trace = String.join("\n", item.trace());
            if (!item.outcome().cleared()
                    && VendorCallException.INTEGRATION_INACTIVE.equals(
                            item.outcome().vendorCode())) {
                String state = integrationState.get();
                if (state.equals(Integration.ConnectionState.CONNECTED.name())) {
                    // disabled and enabled again while this batch was in flight: the automatic retry sends it soon
                    rows.retryClaimedSoon(item.syncId(), batch.claimId(), trace);
                } else {
                    rows.holdClaimed(item.syncId(), batch.claimId(), state, trace);
                }
                tried.add(new AttemptLog.Attempt(item, "HELD", trace));
                continue;
            }
            if (category == ErrorCategory.AUTHENTICATION && authFailed) {
                rows.holdClaimed(
                        item.syncId(), batch.claimId(), Integration.ConnectionState.NEEDS_REAUTH.name(), trace);
                tried.add(new AttemptLog.Attempt(item, "HELD", trace));
                continue;
            }
            OffsetDateTime next = null;
            if (item.outcome().retryAt() != null) {
                next = item.outcome().retryAt().atOffset(ZoneOffset.UTC);
            } else if (category == ErrorCategory.QUOTA_EXHAUSTED && quotaPause.get() != null) {
                next = quotaPause.get().atOffset(ZoneOffset.UTC);
            } else if (category != null && category.retriedAutomatically()) {
                next = OffsetDateTime.now().plus(backoff(item.attempts()));
            }
            authFailed |= category == ErrorCategory.AUTHENTICATION;
            rows.finish(item, batch.claimId(), trace, next);
            tried.add(new AttemptLog.Attempt(item, item.outcome().cleared() ? "CLEARED" : "FAILED", trace));
            Instant stored = item.lead().storedAt();
            metrics.outcome(
                    batch.vendor(),
                    item.outcome().cleared(),
                    category == null ? null : category.name(),
                    stored == null ? null : Duration.between(stored, Instant.now()));
        }
        attempts.record(batch, tried, calls);
        if (authFailed) {
            Integration now = integrations.byId(integrationId).orElse(batch.integration());
            if (now.state() == Integration.ConnectionState.CONNECTED) {
                integrations.setState(
                        integrationId, Integration.ConnectionState.NEEDS_REAUTH, "the vendor rejected the credentials");
            }
            int held = rows.holdWaiting(integrationId, Integration.ConnectionState.NEEDS_REAUTH.name());
            LOG.warn("Integration {} needs re-authorization; {} waiting leads are now HELD", integrationId, held);
        }
        return batch;
    }

    /** Automatic retry delay: the base, doubled per attempt, at most 6 hours. */
    Duration backoff(int attempts) {
        Duration d = retryBase.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 10));
        return d.compareTo(Duration.ofHours(6)) > 0 ? Duration.ofHours(6) : d;
    }

    /** Dead-letter channel: whatever escaped a sync route fails the batch's leads that have no outcome yet. */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public void recordEscaped(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Object body = exchange.getMessage().getBody();
        if (body instanceof SyncBatch batch) {
            ErrorCategory category = ErrorCategory.INTERNAL;
            String code = null;
            Instant retryAt = null;
            if (cause instanceof VendorCallException v) {
                category = v.category();
                code = v.vendorCode();
                retryAt = v.retryAt();
            }
            String message = cause instanceof VendorCallException
                    ? cause.getMessage()
                    : cause == null ? "unknown failure" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
            for (SyncItem item : batch.pending()) item.fail(category, code, message, retryAt);
            record(batch);
            LOG.error(
                    "Batch {} of integration {} failed: {}",
                    batch.claimId(),
                    batch.integration().id(),
                    message,
                    cause);
        } else {
            LOG.error(
                    "Exchange {} failed outside a batch (body {}); its rows stay queued for recovery",
                    exchange.getExchangeId(),
                    body == null ? "null" : body.getClass().getSimpleName(),
                    cause);
        }
    }
}
