package io.leadhub.reconciliation;

import io.leadhub.lead.LeadRepository;
import io.leadhub.platform.ApiException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * A lead's sync history (SPEC §15): per integration, its reconciliation row as it is now and every
 * attempt kept (time, batch, the batch's vendor calls, the vendor's answer code, the outcome and the
 * match trace), so "why is this lead like this" has one answer.
 */
@RestController
class LeadHistoryController {
    private final LeadRepository leads;
    private final AttemptLog attempts;

    LeadHistoryController(LeadRepository leads, AttemptLog attempts) {
        this.leads = leads;
        this.attempts = attempts;
    }

    @GetMapping("/api/v1/orgs/{org}/leads/{lead}/history")
    Map<String, Object> history(@PathVariable String org, @PathVariable long lead) {
        leads.findIdInOrg(org, lead).orElseThrow(() -> ApiException.notFound("lead " + lead));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("leadId", lead);
        out.put("integrations", attempts.history(lead));
        out.put("kept", "the latest " + AttemptLog.KEEP + " attempts per integration");
        return out;
    }
}
