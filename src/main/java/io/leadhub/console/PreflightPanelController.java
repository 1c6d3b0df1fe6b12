package io.leadhub.console;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.org.OrgRepository;
import io.leadhub.platform.ApiException;
import io.leadhub.preflight.ImportForecast;
import io.leadhub.preflight.PayloadPreview;
import io.leadhub.preflight.ReadinessCheck;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * Before the show, in the console (htmx fragments): the readiness check on the Connect tab, the
 * payload preview on the Mapping tab and the forecast of a CSV on the event's upload form. Each calls
 * the service the API calls and shows its answer as the API would give it; none stores anything.
 */
@Controller
class PreflightPanelController {
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};
    private final IntegrationRepository integrations;
    private final OrgRepository orgs;
    private final ReadinessCheck readiness;
    private final PayloadPreview preview;
    private final ImportForecast forecast;
    private final ObjectMapper json;

    PreflightPanelController(
            IntegrationRepository integrations,
            OrgRepository orgs,
            ReadinessCheck readiness,
            PayloadPreview preview,
            ImportForecast forecast,
            ObjectMapper json) {
        this.integrations = integrations;
        this.orgs = orgs;
        this.readiness = readiness;
        this.preview = preview;
        this.forecast = forecast;
        this.json = json;
    }

    @PostMapping("/console/orgs/{org}/integrations/{vendor}/readiness")
    String readiness(
            @PathVariable String org,
            @PathVariable String vendor,
            @RequestParam(defaultValue = "") String event,
            Model model) {
        Integration i = integration(org, vendor);
        model.addAttribute("readiness", asJson(readiness.check(i, ConnectTab.blankToNull(event), null)));
        return "console/preflight-parts :: readiness";
    }

    @PostMapping("/console/orgs/{org}/integrations/{vendor}/preview")
    String preview(
            @PathVariable String org,
            @PathVariable String vendor,
            @RequestParam Map<String, String> form,
            Model model) {
        Integration i = integration(org, vendor);
        ObjectNode body = json.createObjectNode();
        String leadId = ConnectTab.blankToNull(form.get("leadId"));
        if (leadId != null) {
            try {
                body.put("leadId", Long.parseLong(leadId));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("the lead id must be a number");
            }
        } else {
            for (String f : new String[] {"email", "firstName", "lastName", "company"}) {
                String v = ConnectTab.blankToNull(form.get(f));
                if (v != null) body.put(f, v);
            }
        }
        String event = leadId == null ? ConnectTab.blankToNull(form.get("event")) : null;
        model.addAttribute("preview", asJson(preview.preview(i, event, body)));
        return "console/preflight-parts :: preview";
    }

    @PostMapping("/console/orgs/{org}/events/{event}/import/forecast")
    String forecast(
            @PathVariable String org, @PathVariable String event, @RequestParam("file") MultipartFile file, Model model)
            throws IOException {
        orgs.eventName(org, event).orElseThrow(() -> new ConsoleNotFound("event '" + event + "'"));
        if (file.isEmpty()) throw ApiException.badRequest("choose a CSV file to forecast");
        try (InputStream csv = file.getInputStream()) {
            model.addAttribute("forecast", asJson(forecast.forecast(org, event, csv)));
        }
        return "console/preflight-parts :: forecast";
    }

    private Integration integration(String org, String vendor) {
        return integrations
                .find(org, VendorDisplay.parse(vendor))
                .orElseThrow(() -> new ConsoleNotFound("integration '" + vendor + "'"));
    }

    /** The answer as the API would serialize it (plain maps and lists, for the template). */
    private Map<String, Object> asJson(Map<String, Object> answer) {
        return json.convertValue(answer, MAP);
    }
}
