package io.leadhub.campaign;

import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.Vendor;
import io.leadhub.integration.VendorPathParser;
import io.leadhub.org.OrgRepository;
import io.leadhub.platform.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * An event's campaign / program link per vendor (SPEC §7.3) with its checks, for the API
 * ({@code CampaignController}) and the console's Campaigns tab.
 */
@Service
public class CampaignLinkService {
    private final IntegrationRepository integrations;
    private final OrgRepository orgs;
    private final CampaignLinkRepository links;
    private final Map<Vendor, CampaignLinkValidator> validators;

    CampaignLinkService(
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

    /** Whether the vendor has a campaign or program object in this product (HubSpot and Pipedrive have none). */
    public boolean supported(Vendor vendor) {
        return validators.containsKey(vendor);
    }

    public CampaignLink get(String org, String event, String vendor) {
        Integration i = integration(org, event, vendor);
        return links.find(event, i.id())
                .orElseThrow(() -> ApiException.notFound("campaign link of event '" + event + "' for " + vendor));
    }

    /** Every event of the org that has a link for this integration: event id -> link, in event order. */
    public Map<String, CampaignLink> all(String org, Integration i) {
        List<String> events =
                orgs.events(org).stream().map(e -> (String) e.get("id")).toList();
        Map<String, CampaignLink> found = links.forEvents(i.id(), events);
        Map<String, CampaignLink> out = new LinkedHashMap<>();
        events.stream().filter(found::containsKey).forEach(e -> out.put(e, found.get(e)));
        return out;
    }

    /** Checks the link (and, where the vendor's metadata is known, that the campaign and status exist) and saves it. */
    public CampaignLink save(String org, String event, String vendor, CampaignLink body) {
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

    public void delete(String org, String event, String vendor) {
        links.delete(org, event, integration(org, event, vendor).id());
    }

    private Integration integration(String org, String event, String vendor) {
        if (!orgs.eventExists(org, event)) throw ApiException.notFound("event '" + event + "'");
        return integrations
                .find(org, VendorPathParser.parse(vendor))
                .orElseThrow(() -> ApiException.notFound("integration '" + vendor + "' of org '" + org + "'"));
    }
}
