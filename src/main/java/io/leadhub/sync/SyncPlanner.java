package io.leadhub.sync;

import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.lead.Lead;
import io.leadhub.lead.LeadRepository;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Plans a lead for every integration of its org: QUEUED when the integration is connected and
 * automatic, FROZEN when it is manual, HELD (with the reason) when it is disabled, disconnected
 * or needs re-auth. Answers the QUEUED rows, which the route dispatches.
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
            // frozen on the row: a later change of the integration's strategy only affects new leads
            String strategy = integration.setting("strategy", integration.vendor().defaultMatchStrategy());
            rows.plan(lead, integration, state, hold, strategy)
                    .ifPresent(id -> queued.add(new SyncRepository.DispatchRef(id, integration.id(), integration.vendor().key())));
        }
        return queued;
    }
}
