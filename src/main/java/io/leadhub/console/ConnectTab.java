package io.leadhub.console;

import io.leadhub.connect.ConnectService;
import io.leadhub.connect.ConnectionLifecycle;
import io.leadhub.connect.IntegrationSettingsService;
import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.Vendor;
import io.leadhub.org.OrgRepository;
import io.leadhub.sync.ManualSync;
import io.leadhub.sync.ScheduleService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
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
 * An integration's Connect tab: connect or re-authenticate (the vendor's consent page in its own
 * window; Marketo with client credentials), disable / enable / disconnect, vendor settings and sync
 * mode, and manual-sync schedules. Everything goes through the services the API uses.
 */
@Controller
class ConnectTab {
    private final IntegrationRepository integrations;
    private final ConnectService connect;
    private final ConnectionLifecycle lifecycle;
    private final IntegrationSettingsService settings;
    private final ScheduleService schedules;
    private final ManualSync manualSync;
    private final OrgRepository orgs;

    ConnectTab(
            IntegrationRepository integrations,
            ConnectService connect,
            ConnectionLifecycle lifecycle,
            IntegrationSettingsService settings,
            ScheduleService schedules,
            ManualSync manualSync,
            OrgRepository orgs) {
        this.integrations = integrations;
        this.connect = connect;
        this.lifecycle = lifecycle;
        this.settings = settings;
        this.schedules = schedules;
        this.manualSync = manualSync;
        this.orgs = orgs;
    }

    @GetMapping("/console/orgs/{org}/integrations/{vendor}/connect")
    String page(@PathVariable String org, @PathVariable String vendor, Model model) {
        Vendor v = VendorDisplay.parse(vendor);
        Integration i = integrations.find(org, v).orElse(null);
        TabModel.integration(model, v, i);
        model.addAttribute("settingFields", VendorSettings.fields(v));
        model.addAttribute("otherActive", integrations.activeInCategory(org, v).orElse(null));
        model.addAttribute("events", orgs.events(org));
        if (i != null) {
            model.addAttribute("schedules", schedules.list(i));
            model.addAttribute("counts", manualSync.counts(i));
        }
        return "console/connect";
    }

    /** The state badge, polled while a consent window is open; reloads the page once the state changed. */
    @GetMapping("/console/orgs/{org}/integrations/{vendor}/connect/state")
    String state(
            @PathVariable String org,
            @PathVariable String vendor,
            @RequestParam(defaultValue = "") String was,
            HttpServletResponse res,
            Model model) {
        Integration i = integrations.find(org, VendorDisplay.parse(vendor)).orElse(null);
        String now = i == null ? "NONE" : i.state().name() + "@" + i.tokenExpiresAt();
        if (!now.equals(was)) res.setHeader("HX-Refresh", "true");
        model.addAttribute("integration", i);
        model.addAttribute("was", was);
        model.addAttribute("vendorKey", vendor);
        return "console/connect-parts :: waiting";
    }

    @PostMapping("/console/orgs/{org}/integrations/{vendor}/connect")
    String start(
            @PathVariable String org,
            @PathVariable String vendor,
            @RequestParam Map<String, String> form,
            HttpServletRequest req,
            HttpServletResponse res,
            Model model,
            RedirectAttributes ra) {
        Vendor v = VendorDisplay.parse(vendor);
        Integration before = integrations.find(org, v).orElse(null);
        Map<String, Object> given = VendorSettings.read(v, form);
        Map<String, Object> merged = new LinkedHashMap<>(before == null ? Map.of() : before.settings());
        merged.putAll(given);
        Integration.SyncMode mode =
                form.containsKey("syncMode") ? Integration.SyncMode.valueOf(form.get("syncMode")) : null;
        var body = new ConnectService.ConnectBody(
                blankToNull(form.get("baseUrl")),
                merged.isEmpty() ? null : merged,
                mode,
                blankToNull(form.get("clientId")),
                blankToNull(form.get("clientSecret")));
        Map<String, Object> answer = connect.connect(org, v, body);
        String tab = "/console/orgs/" + org + "/integrations/" + v.key() + "/connect";
        if (!(answer.get("authorizationUrl") instanceof String url)) {
            ra.addFlashAttribute("notice", VendorDisplay.name(v) + " is connected.");
            return "redirect:" + tab;
        }
        if (req.getHeader("HX-Request") == null) return "redirect:" + url;
        res.setHeader("HX-Trigger", "{\"leadhub:open-consent\":{\"url\":" + JsonText.quote(url) + "}}");
        model.addAttribute("consentUrl", url);
        model.addAttribute("integration", before);
        model.addAttribute("was", before == null ? "NONE" : before.state().name() + "@" + before.tokenExpiresAt());
        model.addAttribute("vendorKey", v.key());
        model.addAttribute("vendorName", VendorDisplay.name(v));
        return "console/connect-parts :: consent";
    }

    @PostMapping("/console/orgs/{org}/integrations/{vendor}/{action:disable|enable|disconnect}")
    String lifecycle(
            @PathVariable String org, @PathVariable String vendor, @PathVariable String action, RedirectAttributes ra) {
        Integration i = manualSync.integration(org, VendorDisplay.parse(vendor).key());
        String name = VendorDisplay.name(i.vendor());
        String notice = switch (action) {
            case "disable" -> {
                lifecycle.disable(i);
                yield name + " is disabled: nothing is sent and new leads are held.";
            }
            case "enable" -> name + " is enabled again; " + lifecycle.enable(i) + " held leads were released.";
            default -> {
                lifecycle.disconnect(i);
                yield name + " is disconnected. Its mappings are kept for a later reconnect.";
            }
        };
        ra.addFlashAttribute("notice", notice);
        return "redirect:/console/orgs/" + org + "/integrations/" + i.vendor().key() + "/connect";
    }

    @PostMapping("/console/orgs/{org}/integrations/{vendor}/settings")
    String saveSettings(
            @PathVariable String org,
            @PathVariable String vendor,
            @RequestParam Map<String, String> form,
            RedirectAttributes ra) {
        Integration i = manualSync.integration(org, VendorDisplay.parse(vendor).key());
        Map<String, Object> merged = new LinkedHashMap<>(i.settings());
        merged.putAll(VendorSettings.read(i.vendor(), form));
        Integration.SyncMode mode = Integration.SyncMode.valueOf(
                form.getOrDefault("syncMode", i.syncMode().name()));
        settings.update(org, i.vendor(), new IntegrationSettingsService.Update(mode, null, merged, null, null));
        ra.addFlashAttribute(
                "notice",
                "Settings saved"
                        + (mode != i.syncMode()
                                ? "; sync mode is now " + (mode == Integration.SyncMode.MANUAL ? "Manual" : "Automatic")
                                : "")
                        + ".");
        return "redirect:/console/orgs/" + org + "/integrations/" + i.vendor().key() + "/connect";
    }

    @PostMapping("/console/orgs/{org}/integrations/{vendor}/schedules")
    String addSchedule(
            @PathVariable String org,
            @PathVariable String vendor,
            @RequestParam String cron,
            @RequestParam(defaultValue = "UTC") String timeZone,
            @RequestParam(defaultValue = "") String event,
            RedirectAttributes ra) {
        Integration i = manualSync.integration(org, VendorDisplay.parse(vendor).key());
        var s = schedules.create(i, cron.trim(), timeZone.trim(), blankToNull(event));
        ra.addFlashAttribute("notice", "Schedule added; next push " + s.nextFireTime() + ".");
        return "redirect:/console/orgs/" + org + "/integrations/" + i.vendor().key() + "/connect#schedules";
    }

    @PostMapping("/console/orgs/{org}/integrations/{vendor}/schedules/{id}/delete")
    String deleteSchedule(
            @PathVariable String org, @PathVariable String vendor, @PathVariable String id, RedirectAttributes ra) {
        Integration i = manualSync.integration(org, VendorDisplay.parse(vendor).key());
        ra.addFlashAttribute(
                "notice", schedules.delete(i, id) ? "Schedule removed." : "That schedule was gone already.");
        return "redirect:/console/orgs/" + org + "/integrations/" + i.vendor().key() + "/connect#schedules";
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
