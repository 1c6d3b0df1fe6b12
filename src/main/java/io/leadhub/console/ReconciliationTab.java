package io.leadhub.console;

import io.leadhub.integration.Integration;
import io.leadhub.org.OrgRepository;
import io.leadhub.reconciliation.ReconciliationService;
import io.leadhub.sync.ManualSync;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * An integration's Reconciliation tab: the donut (cleared vs failed) with the Pre-Sync / Failed /
 * Cleared counts, failures by category (description, fix hint, count), views by event and by lead
 * with each lead's match trace, retries (one lead, a category, an event, everything) and the push of
 * frozen leads — all through {@link ReconciliationService}, as the API.
 */
@Controller
class ReconciliationTab {
    static final int PAGE = 50;
    private final ReconciliationService reconciliation;
    private final ManualSync manualSync;
    private final OrgRepository orgs;

    ReconciliationTab(ReconciliationService reconciliation, ManualSync manualSync, OrgRepository orgs) {
        this.reconciliation = reconciliation;
        this.manualSync = manualSync;
        this.orgs = orgs;
    }

    @GetMapping("/console/orgs/{org}/integrations/{vendor}/reconciliation")
    String page(
            @PathVariable String org,
            @PathVariable String vendor,
            @RequestParam(defaultValue = "category") String view,
            @RequestParam(defaultValue = "") String event,
            @RequestParam(defaultValue = "") String state,
            @RequestParam(defaultValue = "") String category,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        Integration i = manualSync.integration(org, VendorDisplay.parse(vendor).key());
        TabModel.integration(model, i.vendor(), i);
        String ev = ConnectTab.blankToNull(event);
        Map<String, Object> summary = reconciliation.summary(org, i.vendor().key(), ev);
        model.addAttribute("summary", summary);
        model.addAttribute("donut", Donut.of((Integer) summary.get("cleared"), (Integer) summary.get("failed")));
        model.addAttribute("events", orgs.events(org));
        model.addAttribute("view", view);
        model.addAttribute("event", event);
        model.addAttribute("state", state);
        model.addAttribute("category", category);
        model.addAttribute("page", Math.max(0, page));
        if ("event".equals(view)) {
            model.addAttribute("rows", reconciliation.list(org, i.vendor().key(), null, null, ev, "event", 1000, 0));
        } else if ("lead".equals(view)) {
            List<Map<String, Object>> rows = reconciliation.list(
                    org,
                    i.vendor().key(),
                    ConnectTab.blankToNull(state),
                    ConnectTab.blankToNull(category),
                    ev,
                    "lead",
                    PAGE + 1,
                    Math.max(0, page) * PAGE);
            model.addAttribute("more", rows.size() > PAGE);
            model.addAttribute("rows", rows.size() > PAGE ? rows.subList(0, PAGE) : rows);
        }
        return "console/reconciliation";
    }

    @PostMapping("/console/orgs/{org}/integrations/{vendor}/retry")
    String retry(
            @PathVariable String org,
            @PathVariable String vendor,
            @RequestParam(required = false) Long leadId,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String event,
            @RequestParam(defaultValue = "false") boolean all,
            HttpServletRequest req,
            RedirectAttributes ra) {
        String v = VendorDisplay.parse(vendor).key();
        var body = new ReconciliationService.RetryBody(
                leadId == null ? null : List.of(leadId),
                ConnectTab.blankToNull(category),
                ConnectTab.blankToNull(event),
                all);
        Object retried = reconciliation.retry(org, v, body).get("retried");
        ra.addFlashAttribute(
                "notice", retried + " failed lead" + ("1".equals(String.valueOf(retried)) ? "" : "s") + " sent again.");
        return "redirect:"
                + ConsoleRedirect.back(req, "/console/orgs/" + org + "/integrations/" + v + "/reconciliation");
    }

    @PostMapping("/console/orgs/{org}/integrations/{vendor}/push")
    String push(
            @PathVariable String org,
            @PathVariable String vendor,
            @RequestParam(defaultValue = "") String event,
            HttpServletRequest req,
            RedirectAttributes ra) {
        String v = VendorDisplay.parse(vendor).key();
        Object pushed = reconciliation
                .push(org, v, ConnectTab.blankToNull(event), "console")
                .get("pushed");
        ra.addFlashAttribute("notice", pushed + " frozen leads pushed.");
        return "redirect:"
                + ConsoleRedirect.back(req, "/console/orgs/" + org + "/integrations/" + v + "/reconciliation");
    }
}
