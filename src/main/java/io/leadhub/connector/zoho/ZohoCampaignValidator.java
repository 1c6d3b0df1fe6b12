package io.leadhub.connector.zoho;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.campaign.CampaignLink;
import io.leadhub.campaign.CampaignLinkValidator;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorHttp;
import io.leadhub.connector.VendorRequest;
import io.leadhub.connector.VendorResponse;
import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import io.leadhub.platform.ApiException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Checks an event -> Zoho Campaign link before it is saved (SPEC §7.3): the campaign id is a Zoho
 * record id (digits), the campaign must exist ({@code GET /crm/v8/Campaigns/{id}}), and every
 * status the link can set must be one of Zoho's campaign member statuses, exactly.
 */
@Component
class ZohoCampaignValidator implements CampaignLinkValidator {
    /** Zoho CRM's campaign member statuses, in the order a membership moves through them (first to last). */
    static final List<String> MEMBER_STATUSES =
            List.of("Planned", "Invited", "Sent", "Received", "Opened", "Responded", "Bounced", "Opted Out");

    private final VendorHttp http;
    private final ZohoPolicy policy;

    ZohoCampaignValidator(VendorHttp http, ZohoPolicy policy) {
        this.http = http;
        this.policy = policy;
    }

    @Override
    public Vendor vendor() {
        return Vendor.ZOHO;
    }

    @Override
    public CampaignLink validate(Integration integration, CampaignLink link) {
        String id = link.campaignId() == null ? "" : link.campaignId().trim();
        if (!id.matches("\\d{5,25}")) {
            throw refuse("'" + link.campaignId()
                    + "' is not a Zoho record id: give the campaign's id (the digits in its URL)");
        }
        Set<String> wanted = new LinkedHashSet<>();
        if (link.memberStatus() != null) wanted.add(link.memberStatus());
        wanted.addAll(link.statusMap().values());
        if (wanted.isEmpty())
            throw refuse("a Zoho campaign link needs a 'memberStatus', or a 'statusQualifier' with a 'statusMap'");
        if (!link.statusMap().isEmpty() && link.statusQualifier() == null) {
            throw refuse("'statusMap' needs the 'statusQualifier' whose options it maps");
        }
        for (String s : wanted) {
            if (!MEMBER_STATUSES.contains(s)) {
                throw refuse("'" + s + "' is not a Zoho campaign member status; use one of "
                        + String.join(", ", MEMBER_STATUSES));
            }
        }
        VendorResponse r;
        try {
            r = http.call(integration, policy, VendorRequest.get("/crm/v8/Campaigns/" + id, null));
        } catch (VendorCallException e) {
            throw new ApiException(
                    502, "vendor_error", "Zoho could not be asked about campaign " + id + ": " + e.getMessage());
        }
        JsonNode campaign = r.bodyOrEmpty().path("data").path(0);
        if (r.status() == 204
                || (r.status() == 400 && "INVALID_DATA".equals(ZohoPolicy.code(r)))
                || campaign.isMissingNode()) {
            if (r.ok() || r.status() == 400) throw refuse("Zoho has no campaign " + id);
            throw new ApiException(502, "vendor_error", "Zoho answered HTTP " + r.status() + " for campaign " + id);
        }
        return link.withCampaignId(id);
    }

    private static ApiException refuse(String reason) {
        return new ApiException(422, "invalid_campaign_link", reason);
    }
}
