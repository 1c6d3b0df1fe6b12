package io.leadhub.connector;

import io.leadhub.campaign.CampaignLink;
import io.leadhub.campaign.CampaignLinkValidator;
import io.leadhub.integration.Vendor;
import io.leadhub.platform.ApiException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What every connector's {@link CampaignLinkValidator} checks the same way, so each validator keeps
 * only its vendor's rules and the call that proves the campaign exists: the link's trimmed id in
 * the vendor's format, the statuses a link can set (a fixed {@code memberStatus} and the values of
 * {@code statusMap}, of which there must be at least one, and a map needs its qualifier), and the
 * answers a refused link (422 {@code invalid_campaign_link}) or an unreachable vendor (502
 * {@code vendor_error}) gets.
 */
public abstract class CampaignLinkValidatorSupport implements CampaignLinkValidator {
    private final Vendor vendor;

    protected CampaignLinkValidatorSupport(Vendor vendor) {
        this.vendor = vendor;
    }

    @Override
    public final Vendor vendor() {
        return vendor;
    }

    /**
     * The link's campaign id without surrounding spaces, when it has the vendor's {@code format}
     * (a regular expression); else the link is refused: "'&lt;given id&gt;' is not {@code what}".
     */
    protected static String campaignId(CampaignLink link, String format, String what) {
        String id = link.campaignId() == null ? "" : link.campaignId().trim();
        if (!id.matches(format)) throw refuse("'" + link.campaignId() + "' is not " + what);
        return id;
    }

    /**
     * Every status the link can set, in order: its {@code memberStatus}, then the values of its
     * {@code statusMap}. Refuses a link that sets none ({@code linkName} says what kind of link it
     * is, e.g. "a Zoho campaign link") and a map without the qualifier whose options it maps.
     */
    protected static Set<String> statusesToSet(CampaignLink link, String linkName) {
        Set<String> wanted = new LinkedHashSet<>();
        if (link.memberStatus() != null) wanted.add(link.memberStatus());
        wanted.addAll(link.statusMap().values());
        if (wanted.isEmpty()) {
            throw refuse(linkName + " needs a 'memberStatus', or a 'statusQualifier' with a 'statusMap'");
        }
        if (!link.statusMap().isEmpty() && link.statusQualifier() == null) {
            throw refuse("'statusMap' needs the 'statusQualifier' whose options it maps");
        }
        return wanted;
    }

    /** A link the vendor would not accept: 422 with the reason. */
    protected static ApiException refuse(String reason) {
        return new ApiException(422, "invalid_campaign_link", reason);
    }

    /** The vendor could not be asked ({@code vendorName} about {@code what}, e.g. "campaign 42"): 502. */
    protected static ApiException unreachable(String vendorName, String what, VendorCallException e) {
        return new ApiException(
                502, "vendor_error", vendorName + " could not be asked about " + what + ": " + e.getMessage());
    }
}
