package io.leadhub.connector.pardot;

import io.leadhub.campaign.CampaignLink;
import io.leadhub.connector.CampaignLinkValidatorSupport;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorHttp;
import io.leadhub.connector.VendorRequest;
import io.leadhub.connector.VendorResponse;
import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import io.leadhub.platform.ApiException;
import org.springframework.stereotype.Component;

/**
 * An event's Pardot campaign (SPEC §7.3): the campaign id must be digits and exist in the
 * business unit ({@code GET /api/v5/objects/campaigns/{id}}). Pardot has no member statuses, so a
 * status, status qualifier or scan threshold is refused rather than silently ignored.
 */
@Component
class PardotCampaignValidator extends CampaignLinkValidatorSupport {
    private final VendorHttp http;
    private final PardotPolicy policy;

    PardotCampaignValidator(VendorHttp http, PardotPolicy policy) {
        super(Vendor.PARDOT);
        this.http = http;
        this.policy = policy;
    }

    @Override
    public CampaignLink validate(Integration integration, CampaignLink link) {
        String id = link.campaignId().trim();
        if (!id.matches("\\d{1,18}")) {
            throw ApiException.unprocessable(
                    "a Pardot campaign id is a number (the id in the campaign's URL); got '" + id + "'");
        }
        if (link.memberStatus() != null
                || link.statusQualifier() != null
                || !link.statusMap().isEmpty()) {
            throw ApiException.unprocessable("Pardot campaigns have no member status; link only 'campaignId'");
        }
        if (link.scanThreshold() > 0) {
            throw ApiException.unprocessable(
                    "Pardot sets the campaign on prospects the hub creates; 'scanThreshold' is not supported");
        }
        String bu = PardotSettings.businessUnit(integration);
        if (bu == null) throw ApiException.unprocessable("the Pardot integration has no valid settings.businessUnitId");
        VendorResponse r;
        try {
            r = http.call(
                    integration,
                    policy,
                    VendorRequest.get("/api/v5/objects/campaigns/" + id, "fields=id,name")
                            .withHeader(PardotConnector.BUSINESS_UNIT_HEADER, bu));
        } catch (VendorCallException e) {
            if (e.category() == ErrorCategory.AUTHENTICATION) {
                throw ApiException.unprocessable("cannot check Pardot campaign " + id
                        + ": Pardot refused the credentials; reconnect the integration");
            }
            throw new ApiException(
                    502,
                    "vendor_unavailable",
                    "cannot check Pardot campaign " + id + " now (" + e.category() + "); try again");
        }
        if (r.status() == 404) {
            throw ApiException.unprocessable("Pardot campaign " + id + " does not exist in business unit " + bu);
        }
        if (!r.ok()) {
            throw ApiException.unprocessable("Pardot refused campaign " + id + ": "
                    + r.bodyOrEmpty().path("message").asText("HTTP " + r.status()));
        }
        return new CampaignLink(id, null, null, null, 0);
    }
}
