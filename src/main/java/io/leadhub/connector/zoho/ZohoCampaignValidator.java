package io.leadhub.connector.zoho;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.campaign.CampaignLink;
import io.leadhub.connector.CampaignLinkValidatorSupport;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorHttp;
import io.leadhub.connector.VendorRequest;
import io.leadhub.connector.VendorResponse;
import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import io.leadhub.platform.ApiException;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Checks an event -> Zoho Campaign link before it is saved (SPEC §7.3): the campaign id is a Zoho
 * record id (digits), the campaign must exist ({@code GET /crm/v8/Campaigns/{id}}), and every
 * status the link can set must be one of Zoho's campaign member statuses, exactly.
 */
@Component
class ZohoCampaignValidator extends CampaignLinkValidatorSupport {
    /** Zoho CRM's campaign member statuses, in the order a membership moves through them (first to last). */
    static final List<String> MEMBER_STATUSES =
            List.of("Planned", "Invited", "Sent", "Received", "Opened", "Responded", "Bounced", "Opted Out");

    private final VendorHttp http;
    private final ZohoPolicy policy;

    ZohoCampaignValidator(VendorHttp http, ZohoPolicy policy) {
        super(Vendor.ZOHO);
        this.http = http;
        this.policy = policy;
    }

    @Override
    public CampaignLink validate(Integration integration, CampaignLink link) {
        String id = campaignId(link, "\\d{5,25}", "a Zoho record id: give the campaign's id (the digits in its URL)");
        for (String s : statusesToSet(link, "a Zoho campaign link")) {
            if (!MEMBER_STATUSES.contains(s)) {
                throw refuse("'" + s + "' is not a Zoho campaign member status; use one of "
                        + String.join(", ", MEMBER_STATUSES));
            }
        }
        VendorResponse r;
        try {
            r = http.call(integration, policy, VendorRequest.get("/crm/v8/Campaigns/" + id, null));
        } catch (VendorCallException e) {
            throw unreachable("Zoho", "campaign " + id, e);
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
}
