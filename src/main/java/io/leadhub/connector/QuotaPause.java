package io.leadhub.connector;

import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Stops calls to an integration whose daily vendor quota is used up, until the vendor's reset. A
 * call that another try would only waste (and that would eat into the next day's allowance the
 * moment it resets) is never made: the pause is stored on the integration row, so every node of
 * the hub sees it and a restart keeps it. The shared call layers ({@link VendorHttp}, the
 * Salesforce API) start a pause when a vendor answers QUOTA_EXHAUSTED and refuse to call while one
 * runs; the batch stage parks the leads it claims meanwhile; the sweep ends pauses whose time has
 * come and retries the parked leads.
 */
@Component("quotaPause")
public class QuotaPause {
    private static final Logger LOG = LoggerFactory.getLogger(QuotaPause.class);
    /** Vendor code of a lead the hub did not send because its integration waits for a quota reset. */
    public static final String PAUSED = "HUB_QUOTA_PAUSED";

    private final IntegrationRepository integrations;
    private final QuotaReset reset;

    public QuotaPause(IntegrationRepository integrations, QuotaReset reset) {
        this.integrations = integrations;
        this.reset = reset;
    }

    /** When calls to the integration may start again, if they are paused now. */
    public Optional<Instant> until(long integrationId) {
        Instant now = reset.now();
        return integrations.quotaResetAt(integrationId).filter(t -> t.isAfter(now));
    }

    /** When the paused integration (as loaded) may call again, if it is paused now. */
    public Optional<Instant> until(Integration integration) {
        Instant at = integration.quotaResetAt();
        return at != null && at.isAfter(reset.now()) ? Optional.of(at) : Optional.empty();
    }

    /** Refuses the call when the integration is paused: nothing is sent, the caller's leads wait for the reset. */
    public void requireOpen(Integration integration) {
        Optional<Instant> paused = until(integration.id());
        if (paused.isPresent()) throw notSent(integration, paused.get());
    }

    /**
     * Starts (or keeps) the pause a QUOTA_EXHAUSTED answer calls for, until the exception's retry
     * time. Answers the exception so callers can {@code throw pause.started(...)}.
     */
    public VendorCallException started(Integration integration, VendorCallException quota) {
        if (quota.category() == ErrorCategory.QUOTA_EXHAUSTED
                && quota.retryAt() != null
                && !PAUSED.equals(quota.vendorCode())) {
            integrations.pauseForQuota(
                    integration.id(),
                    quota.retryAt(),
                    (quota.vendorCode() == null ? "" : quota.vendorCode() + ": ") + quota.getMessage());
            LOG.warn(
                    "{} quota of integration {} is used up; no calls until {}",
                    integration.vendor().key(),
                    integration.id(),
                    quota.retryAt());
        }
        return quota;
    }

    /** The plain-language reason stored on a lead that was not sent because of the pause. */
    public static String notSentMessage(String vendor, Instant until) {
        return "not sent: the " + vendor + " API quota is used up; calls are paused until " + until
                + " (the vendor's reset) and the lead is sent then automatically";
    }

    /** Route step of the sweep: pauses whose reset has passed end, so the integration shows as open again. */
    public int endExpired() {
        int n = integrations.endQuotaPauses(reset.now());
        if (n > 0) LOG.info("Quota reset reached for {} integrations; calls resume", n);
        return n;
    }

    private static VendorCallException notSent(Integration integration, Instant until) {
        return new VendorCallException(
                ErrorCategory.QUOTA_EXHAUSTED,
                PAUSED,
                notSentMessage(integration.vendor().key(), until),
                until);
    }
}
