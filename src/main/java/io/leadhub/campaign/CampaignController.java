package io.leadhub.campaign;

import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.Vendor;
import io.leadhub.integration.VendorPathParser;
import io.leadhub.org.OrgRepository;
import io.leadhub.platform.ApiException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** An event's campaign / program link per vendor (SPEC §7.3, §13). */
@RestController
class CampaignController {
    private final IntegrationRepository integrations;
    private final OrgRepository orgs;
    private final CampaignLinkRepository links;
    private final Map<Vendor, CampaignLinkValidator> validators;

    CampaignController(
            IntegrationRepository integrations,
            OrgRepository orgs,
            CampaignLinkRepository links,
            List<CampaignLinkValidator> validators) {
        this.integrations = integrations;
        this.orgs = orgs;
        this.links = links;
        this.validators =
                validators.stream().collect(Collectors.toMap(CampaignLinkValidator::vendor, Function.identity()));
    }

    @GetMapping("/api/v1/orgs/{org}/events/{event}/campaigns/{vendor}")
    CampaignLink get(@PathVariable String org, @PathVariable String event, @PathVariable String vendor) {
        Integration i = integration(org, event, vendor);
        return links.find(event, i.id())
                .orElseThrow(() -> ApiException.notFound("campaign link of event '" + event + "' for " + vendor));
    }

    @PutMapping("/api/v1/orgs/{org}/events/{event}/campaigns/{vendor}")
    CampaignLink put(
            @PathVariable String org,
            @PathVariable String event,
            @PathVariable String vendor,
            @RequestBody CampaignLink body) {
        Integration i = integration(org, event, vendor);
        CampaignLinkValidator validator = validators.get(i.vendor());
        if (validator == null) {
            throw ApiException.unprocessable(vendor + " has no campaign object in this product; nothing to link");
        }
        if (body.campaignId() == null || body.campaignId().isBlank())
            throw ApiException.unprocessable("'campaignId' is required");
        if (body.scanThreshold() < 0) throw ApiException.unprocessable("'scanThreshold' must be 0 or more");
        if (body.statusQualifier() != null
                && orgs.qualifiers(org).stream().noneMatch(q -> q.name().equals(body.statusQualifier()))) {
            throw ApiException.unprocessable("unknown qualifier '" + body.statusQualifier() + "'");
        }
        CampaignLink link = validator.validate(i, body);
        links.save(org, event, i.id(), link);
        return link;
    }

    @DeleteMapping("/api/v1/orgs/{org}/events/{event}/campaigns/{vendor}")
    ResponseEntity<Void> delete(@PathVariable String org, @PathVariable String event, @PathVariable String vendor) {
        links.delete(org, event, integration(org, event, vendor).id());
        return ResponseEntity.noContent().build();
    }

    private Integration integration(String org, String event, String vendor) {
        if (!orgs.eventExists(org, event)) throw ApiException.notFound("event '" + event + "'");
        return integrations
                .find(org, VendorPathParser.parse(vendor))
                .orElseThrow(() -> ApiException.notFound("integration '" + vendor + "' of org '" + org + "'"));
    }
}
