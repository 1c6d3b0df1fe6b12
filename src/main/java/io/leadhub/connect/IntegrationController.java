package io.leadhub.connect;

import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.VendorPathParser;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Integrations of an org: settings and sync mode ({@link IntegrationSettingsService}). Credentials are
 * write-only here (the OAuth connect flow is the normal way to obtain them) and never appear in an answer.
 */
@RestController
class IntegrationController {
    private final IntegrationRepository integrations;
    private final IntegrationSettingsService settings;

    IntegrationController(IntegrationRepository integrations, IntegrationSettingsService settings) {
        this.integrations = integrations;
        this.settings = settings;
    }

    @GetMapping("/api/v1/orgs/{org}/integrations")
    List<Map<String, Object>> list(@PathVariable String org) {
        return integrations.forOrg(org).stream().map(Integration::view).toList();
    }

    @PutMapping("/api/v1/orgs/{org}/integrations/{vendor}")
    Map<String, Object> put(
            @PathVariable String org,
            @PathVariable String vendor,
            @RequestBody IntegrationSettingsService.Update body) {
        return settings.update(org, VendorPathParser.parse(vendor), body).view();
    }
}
