package io.leadhub.console;

import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.Vendor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/** The Integrations page: a CRM section and a Marketing Automation section, one card per vendor. */
@Controller
class IntegrationsPage {
    private final IntegrationRepository integrations;

    IntegrationsPage(IntegrationRepository integrations) {
        this.integrations = integrations;
    }

    @GetMapping({"/console/orgs/{org}", "/console/orgs/{org}/integrations"})
    String page(@PathVariable String org, Model model) {
        var all = integrations.forOrg(org);
        model.addAttribute("crm", VendorDisplay.cards(Vendor.Category.CRM, all));
        model.addAttribute("ma", VendorDisplay.cards(Vendor.Category.MA, all));
        return "console/integrations";
    }

    @GetMapping("/console/orgs/{org}/integrations/{vendor}")
    String integration(@PathVariable String org, @PathVariable String vendor) {
        return "redirect:/console/orgs/" + org + "/integrations/"
                + VendorDisplay.parse(vendor).key() + "/connect";
    }
}
