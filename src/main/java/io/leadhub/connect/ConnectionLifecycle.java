package io.leadhub.connect;

import io.leadhub.integration.Integration;
import io.leadhub.integration.Integration.ConnectionState;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.platform.ApiException;
import io.leadhub.sync.ManualSync;
import io.leadhub.sync.SyncRepository;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The connection lifecycle (SPEC §6): disable, enable, disconnect, and what a completed connect or
 * re-auth does to the leads. Leads never leave while an integration is not CONNECTED: the waiting
 * ones are HELD with the reason (DISABLED, DISCONNECTED, NEEDS_REAUTH), a batch already in flight
 * is stopped before its next vendor call ({@code TokenService}) and its leads go back to HELD; on
 * enable / connect the HELD leads are released according to the sync mode.
 */
@Service
public class ConnectionLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLifecycle.class);
    private final IntegrationRepository integrations;
    private final SyncRepository rows;
    private final ManualSync manualSync;
    private final ProducerTemplate producer;
    private final TokenRevoker revoker;

    ConnectionLifecycle(
            IntegrationRepository integrations,
            SyncRepository rows,
            ManualSync manualSync,
            ProducerTemplate producer,
            TokenRevoker revoker) {
        this.integrations = integrations;
        this.rows = rows;
        this.manualSync = manualSync;
        this.producer = producer;
        this.revoker = revoker;
    }

    public Integration disable(Integration i) {
        if (i.state() != ConnectionState.CONNECTED && i.state() != ConnectionState.DISABLED) {
            throw ApiException.conflict("the " + i.vendor().key() + " integration is " + i.state()
                    + "; only a connected integration can be disabled");
        }
        int held = manualSync.pause(i, "disabled by an administrator");
        LOG.info(
                "Integration {} ({} {}) disabled; {} waiting leads HELD",
                i.id(),
                i.orgId(),
                i.vendor().key(),
                held);
        return integrations.byId(i.id()).orElseThrow();
    }

    /** Enables a disabled integration; answers how many HELD leads were released. */
    public int enable(Integration i) {
        return dispatch(manualSync.resume(i));
    }

    /**
     * Disconnects: nothing flows any more (waiting leads HELD), the token is revoked at the vendor
     * where it has an endpoint (a failed revoke is logged, never blocking), and the credentials are
     * removed. Mappings, qualifier mappings and campaign links stay for a later reconnect.
     */
    public Integration disconnect(Integration i) {
        if (i.state() == ConnectionState.DISCONNECTED) return i;
        Map<String, Object> creds = integrations.credentials(i.id());
        integrations.setState(i.id(), ConnectionState.DISCONNECTED, "disconnected by an administrator");
        int held = rows.holdWaiting(i.id(), ConnectionState.DISCONNECTED.name());
        revoker.revoke(i, creds);
        integrations.removeCredentials(i.id());
        LOG.info(
                "Integration {} ({} {}) disconnected; {} waiting leads HELD",
                i.id(),
                i.orgId(),
                i.vendor().key(),
                held);
        return integrations.byId(i.id()).orElseThrow();
    }

    /**
     * After new credentials were stored (connect or re-auth): CONNECTED, then the HELD leads (and the
     * one AUTHENTICATION failure that explained a refused token) are released per the sync mode.
     */
    int connected(long integrationId) {
        integrations.setState(integrationId, ConnectionState.CONNECTED, null);
        return release(integrations.byId(integrationId).orElseThrow());
    }

    /** Releases the HELD leads per the sync mode and dispatches the queued ones; answers how many. */
    private int release(Integration i) {
        return dispatch(manualSync.releaseHeld(i));
    }

    private int dispatch(List<SyncRepository.DispatchRef> released) {
        if (!released.isEmpty()) producer.sendBody("direct:sync-dispatch", released);
        return released.size();
    }
}
