package io.leadhub.reconciliation;

import io.leadhub.lead.LeadRepository;
import io.leadhub.platform.ApiException;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** A lead's sync history (SPEC §15), as {@link LeadHistory} tells it; another org's lead is 404. */
@RestController
class LeadHistoryController {
    private final LeadRepository leads;
    private final LeadHistory history;

    LeadHistoryController(LeadRepository leads, LeadHistory history) {
        this.leads = leads;
        this.history = history;
    }

    @GetMapping("/api/v1/orgs/{org}/leads/{lead}/history")
    Map<String, Object> history(@PathVariable String org, @PathVariable long lead) {
        leads.findIdInOrg(org, lead).orElseThrow(() -> ApiException.notFound("lead " + lead));
        return history.of(lead);
    }
}
