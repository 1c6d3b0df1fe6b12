package io.leadhub.sync;

import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.lead.Lead;
import io.leadhub.lead.LeadRepository;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Plans a lead for every integration of its org: QUEUED when the integration is connected and
 * automatic, FROZEN when it is manual, HELD (with the reason) when it is disabled, disconnected
 * or needs re-auth. Answers the QUEUED rows, which the route dispatches. Rows opened at capture
 * ({@link #openEnriching}) wait as ENRICHING until then.
 */
@Component("syncPlanner")
public class SyncPlanner {
    private final LeadRepository leads;
    private final IntegrationRepository integrations;
    private final SyncRepository rows;

    public SyncPlanner(LeadRepository leads, IntegrationRepository integrations, SyncRepository rows) {
        this.leads = leads;
        this.integrations = integrations;
        this.rows = rows;
    }

    @Transactional
    public List<SyncRepository.DispatchRef> plan(long leadId) {
        Lead lead = leads.load(leadId).orElseThrow(() -> new IllegalStateException("lead " + leadId + " vanished"));
        List<SyncRepository.DispatchRef> queued = new ArrayList<>();
        for (Integration integration : integrations.forOrg(lead.orgId())) {
            String state;
            String hold = null;
            if (integration.state() != Integration.ConnectionState.CONNECTED) {
                state = "HELD";
                hold = integration.state().name();
            } else if (integration.syncMode() == Integration.SyncMode.MANUAL) {
                state = "FROZEN";
                hold = "MANUAL";
            } else {
                state = "QUEUED";
            }
            rows.plan(lead, integration, state, hold, strategy(integration))
                    .ifPresent(id -> queued.add(new SyncRepository.DispatchRef(
                            id, integration.id(), integration.vendor().key())));
        }
        return queued;
    }

    /**
     * Makes freshly stored leads visible in reconciliation before enrichment runs: one ENRICHING row
     * per integration of the org (SPEC §3: pre-sync from the moment the lead is stored). Runs in the
     * caller's transaction, so the leads and their rows commit together.
     */
    @Transactional
    public void openEnriching(String orgId, Collection<Long> leadIds) {
        if (leadIds.isEmpty()) return;
        for (Integration integration : integrations.forOrg(orgId)) {
            rows.openEnriching(leadIds, integration, strategy(integration));
        }
    }

    /** Frozen on the row when it opens: a later change of the integration's strategy only affects new leads. */
    private static String strategy(Integration integration) {
        return integration.setting("strategy", integration.vendor().defaultMatchStrategy());
    }
}
