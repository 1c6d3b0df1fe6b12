package io.leadhub.console;

import io.leadhub.lead.LeadRepository;
import io.leadhub.lead.LeadView;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** One lead: its fields, who filled them, its qualifiers, and its sync state per integration with the match trace. */
@Controller
class LeadPage {
    private final LeadRepository leads;
    private final LeadView views;

    LeadPage(LeadRepository leads, LeadView views) {
        this.leads = leads;
        this.views = views;
    }

    @GetMapping("/console/orgs/{org}/leads/{lead}")
    String page(@PathVariable String org, @PathVariable long lead, Model model) {
        leads.findIdInOrg(org, lead).orElseThrow(() -> new ConsoleNotFound("lead " + lead));
        model.addAttribute("lead", views.view(org, lead));
        return "console/lead";
    }
}
