package io.leadhub.console;

import io.leadhub.capture.ImportJobStore;
import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.lead.EventLeadQuery;
import io.leadhub.org.OrgAdmin;
import io.leadhub.org.OrgRepository;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Events: the list (and a new event), one event's leads with their sync state per integration, and
 * capturing there: a CSV upload with its live progress (rows read, imported, rejected, synced, and the
 * rejected rows), one lead typed in, or a badge payload pasted.
 */
@Controller
class EventsPage {
    static final int PAGE = 100;
    private final OrgRepository orgs;
    private final OrgAdmin admin;
    private final EventLeadQuery leads;
    private final IntegrationRepository integrations;
    private final CaptureGateway capture;
    private final ImportJobStore imports;

    EventsPage(
            OrgRepository orgs,
            OrgAdmin admin,
            EventLeadQuery leads,
            IntegrationRepository integrations,
            CaptureGateway capture,
            ImportJobStore imports) {
        this.orgs = orgs;
        this.admin = admin;
        this.leads = leads;
        this.integrations = integrations;
        this.capture = capture;
        this.imports = imports;
    }

    @GetMapping("/console/orgs/{org}/events")
    String list(@PathVariable String org, Model model) {
        List<Map<String, Object>> events = orgs.events(org);
        Map<String, Integer> counts = new LinkedHashMap<>();
        events.forEach(e -> counts.put((String) e.get("id"), leads.count(org, (String) e.get("id"))));
        model.addAttribute("events", events);
        model.addAttribute("counts", counts);
        return "console/events";
    }

    @PostMapping("/console/orgs/{org}/events")
    String create(
            @PathVariable String org,
            @RequestParam String id,
            @RequestParam(defaultValue = "") String name,
            RedirectAttributes ra) {
        admin.createEvent(org, id.trim(), name.trim(), null, null, null);
        ra.addFlashAttribute("notice", "Event '" + id.trim() + "' created.");
        return "redirect:/console/orgs/" + org + "/events/" + id.trim();
    }

    @GetMapping("/console/orgs/{org}/events/{event}")
    String event(
            @PathVariable String org,
            @PathVariable String event,
            @RequestParam(defaultValue = "0") int page,
            Model model) {
        String name = orgs.eventName(org, event).orElseThrow(() -> new ConsoleNotFound("event '" + event + "'"));
        int p = Math.max(0, page);
        model.addAttribute("event", event);
        model.addAttribute("eventName", name);
        model.addAttribute("total", leads.count(org, event));
        model.addAttribute("leads", leads.page(org, event, PAGE, p * PAGE));
        model.addAttribute("page", p);
        model.addAttribute(
                "vendors",
                integrations.forOrg(org).stream().map(Integration::vendor).toList());
        model.addAttribute("qualifiers", orgs.qualifiers(org));
        return "console/event";
    }

    @PostMapping("/console/orgs/{org}/events/{event}/import")
    String upload(
            @PathVariable String org,
            @PathVariable String event,
            @RequestParam("file") MultipartFile file,
            HttpServletRequest req,
            Model model)
            throws IOException {
        String id = capture.csv(org, event, file);
        if (req.getHeader("HX-Request") == null) return "redirect:/console/orgs/" + org + "/imports/" + id;
        return progress(org, id, model);
    }

    /** The import's progress: a page, or (htmx, polled) the progress fragment until every lead settled. */
    @GetMapping("/console/orgs/{org}/imports/{id}")
    String importPage(@PathVariable String org, @PathVariable String id, HttpServletRequest req, Model model) {
        String fragment = progress(org, id, model);
        return req.getHeader("HX-Request") != null ? fragment : "console/import";
    }

    private String progress(String org, String id, Model model) {
        Map<String, Object> job = imports.view(org, id).orElseThrow(() -> new ConsoleNotFound("import '" + id + "'"));
        model.addAttribute("job", job);
        model.addAttribute("progress", ImportProgress.of(job));
        return "console/import-progress :: progress";
    }

    @PostMapping("/console/orgs/{org}/events/{event}/leads")
    String captureLead(
            @PathVariable String org,
            @PathVariable String event,
            @RequestParam Map<String, String> form,
            RedirectAttributes ra)
            throws IOException {
        Map<String, Object> lead = new LinkedHashMap<>();
        for (String f : List.of("firstName", "lastName", "email", "phone", "company", "jobTitle", "notes")) {
            String v = ConnectTab.blankToNull(form.get(f));
            if (v != null) lead.put(f, v);
        }
        Map<String, Object> qualifiers = new LinkedHashMap<>();
        form.forEach((k, v) -> {
            if (k.startsWith("q:") && v != null && !v.isBlank()) qualifiers.put(k.substring(2), v);
        });
        if (!qualifiers.isEmpty()) lead.put("qualifiers", qualifiers);
        Map<String, Object> stored = capture.json(org, event, lead);
        ra.addFlashAttribute("notice", "Lead " + stored.get("id") + " captured.");
        return "redirect:/console/orgs/" + org + "/events/" + event;
    }

    @PostMapping("/console/orgs/{org}/events/{event}/badge")
    String captureBadge(
            @PathVariable String org, @PathVariable String event, @RequestParam String payload, RedirectAttributes ra) {
        Map<String, Object> stored =
                capture.badge(org, event, payload.replace("\r\n", "\n").replace("\n", "\r\n"));
        ra.addFlashAttribute("notice", "Lead " + stored.get("id") + " captured from the badge.");
        return "redirect:/console/orgs/" + org + "/events/" + event;
    }
}
