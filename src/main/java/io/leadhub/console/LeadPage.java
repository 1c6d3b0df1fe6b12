package io.leadhub.console;

import io.leadhub.lead.LeadRepository;
import io.leadhub.lead.LeadView;
import io.leadhub.reconciliation.LeadHistory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * One lead: its fields, who filled them, its qualifiers, its sync state per integration with the match
 * trace, and its history: every attempt kept per integration.
 */
@Controller
class LeadPage {
    private final LeadRepository leads;
    private final LeadView views;
    private final LeadHistory history;

    LeadPage(LeadRepository leads, LeadView views, LeadHistory history) {
        this.leads = leads;
        this.views = views;
        this.history = history;
    }

    @GetMapping("/console/orgs/{org}/leads/{lead}")
    String page(@PathVariable String org, @PathVariable long lead, Model model) {
        leads.findIdInOrg(org, lead).orElseThrow(() -> new ConsoleNotFound("lead " + lead));
        model.addAttribute("lead", views.view(org, lead));
        model.addAttribute("history", history.of(lead).get("integrations"));
        return "console/lead";
    }
}
