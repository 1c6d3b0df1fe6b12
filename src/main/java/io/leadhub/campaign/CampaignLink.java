package io.leadhub.campaign;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collection;
import java.util.Map;

/**
 * An event's link to a vendor campaign or program (SPEC §7.3): the campaign id, a fixed member
 * status or a qualifier whose options choose the status ({@code statusMap}: option -> status), and
 * the lead-scan threshold (0 = every lead).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CampaignLink(
        String campaignId,
        String memberStatus,
        String statusQualifier,
        Map<String, String> statusMap,
        Integer scanThreshold) {
    public CampaignLink {
        if (statusMap == null) statusMap = Map.of();
        if (scanThreshold == null) scanThreshold = 0;
    }

    /** The status for a lead that tapped {@code options} of the status qualifier: the mapped one, else the fixed one. */
    public String statusFor(Collection<String> options) {
        if (statusQualifier != null && options != null) {
            for (String o : options) {
                String s = statusMap.get(o);
                if (s != null) return s;
            }
        }
        return memberStatus;
    }

    public CampaignLink withCampaignId(String id) {
        return new CampaignLink(id, memberStatus, statusQualifier, statusMap, scanThreshold);
    }
}
