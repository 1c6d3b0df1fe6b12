package io.leadhub.campaign;

import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;

/**
 * A vendor's check of a campaign link before it is saved: it may normalize the id (a Marketo
 * program URL to its digits) and refuse the link with an {@link io.leadhub.platform.ApiException}
 * (422 and a clear reason) when the campaign or a status does not exist. VendorPathParser without a
 * validator have no campaign object in this product, and linking one is refused.
 */
public interface CampaignLinkValidator {
    Vendor vendor();

    CampaignLink validate(Integration integration, CampaignLink link);
}
