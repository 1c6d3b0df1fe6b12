package io.leadhub.console;

import io.leadhub.campaign.CampaignLink;
import io.leadhub.campaign.CampaignLinkService;
import io.leadhub.integration.Integration;
import io.leadhub.org.OrgRepository;
import io.leadhub.sync.ManualSync;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An integration's Campaigns tab: which events are linked to a campaign or program, with the member
 * status (fixed, or chosen by a qualifier's options) and the scan threshold; link and unlink through
 * {@link CampaignLinkService}, which checks the campaign and its statuses with the vendor where it can.
 */
@Controller
class CampaignsTab {
    private final CampaignLinkService links;
    private final OrgRepository orgs;
    private final ManualSync manualSync;

    CampaignsTab(CampaignLinkService links, OrgRepository orgs, ManualSync manualSync) {
        this.links = links;
        this.orgs = orgs;
        this.manualSync = manualSync;
    }

    @GetMapping("/console/orgs/{org}/integrations/{vendor}/campaigns")
    String page(@PathVariable String org, @PathVariable String vendor, Model model) {
        Integration i = manualSync.integration(org, VendorDisplay.parse(vendor).key());
        TabModel.integration(model, i.vendor(), i);
        model.addAttribute("supported", links.supported(i.vendor()));
        model.addAttribute("links", links.supported(i.vendor()) ? links.all(org, i) : Map.of());
        model.addAttribute("events", orgs.events(org));
        model.addAttribute("qualifiers", orgs.qualifiers(org));
        return "console/campaigns";
    }

    @PostMapping("/console/orgs/{org}/integrations/{vendor}/campaigns")
    String link(
            @PathVariable String org,
            @PathVariable String vendor,
            @RequestParam String event,
            @RequestParam String campaignId,
            @RequestParam(defaultValue = "") String memberStatus,
            @RequestParam(defaultValue = "") String statusQualifier,
            @RequestParam(defaultValue = "") String statusMap,
            @RequestParam(defaultValue = "0") int scanThreshold,
            RedirectAttributes ra) {
        String v = VendorDisplay.parse(vendor).key();
        CampaignLink saved = links.save(
                org,
                event,
                v,
                new CampaignLink(
                        campaignId.trim(),
                        ConnectTab.blankToNull(memberStatus),
                        ConnectTab.blankToNull(statusQualifier),
                        parseStatusMap(statusMap),
                        scanThreshold));
        ra.addFlashAttribute("notice", "Event '" + event + "' is linked to " + saved.campaignId() + ".");
        return "redirect:/console/orgs/" + org + "/integrations/" + v + "/campaigns";
    }

    @PostMapping("/console/orgs/{org}/integrations/{vendor}/campaigns/{event}/delete")
    String unlink(
            @PathVariable String org, @PathVariable String vendor, @PathVariable String event, RedirectAttributes ra) {
        String v = VendorDisplay.parse(vendor).key();
        links.delete(org, event, v);
        ra.addFlashAttribute("notice", "Event '" + event + "' is no longer linked.");
        return "redirect:/console/orgs/" + org + "/integrations/" + v + "/campaigns";
    }

    /** "option = status" lines, e.g. {@code Hot = Engaged}. */
    static Map<String, String> parseStatusMap(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text.split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0 && !line.substring(eq + 1).isBlank()) {
                out.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return out;
    }
}
