package io.leadhub.connector;

import io.leadhub.campaign.CampaignLink;
import io.leadhub.campaign.CampaignLinkRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Which campaign (or program) memberships the written leads of a batch ask for (SPEC §7.3). The
 * rule is the same for every connector with campaigns: the lead's event must be linked to one of
 * the integration's campaigns, the lead must have been scanned at least the link's threshold, and
 * the link must choose a member status for it (its status qualifier's mapped option, else the
 * fixed status). A lead without a status fails with CAMPAIGN_ERROR; a lead under the threshold is
 * traced and left out. How the memberships are then written is each vendor's business.
 */
public final class CampaignMembershipRule {
    private CampaignMembershipRule() {}

    /** One lead's membership: the campaign (or program) and the status the hub wants for it. */
    public record Wanted(SyncItem item, String campaignId, String status) {}

    /**
     * The wanted memberships of {@code written}, in their order, after one look-up of the links of
     * their events.
     *
     * @param noun what the vendor calls a campaign in trace lines and messages ("campaign", "program")
     */
    public static List<Wanted> wanted(
            CampaignLinkRepository links, long integrationId, List<SyncItem> written, String noun) {
        if (written.isEmpty()) return List.of();
        Map<String, CampaignLink> linked = links.forEvents(
                integrationId, written.stream().map(i -> i.lead().eventId()).collect(Collectors.toSet()));
        if (linked.isEmpty()) return List.of();
        List<Wanted> out = new ArrayList<>();
        for (SyncItem item : written) {
            CampaignLink link = linked.get(item.lead().eventId());
            if (link == null) continue;
            String campaign = noun + " " + link.campaignId();
            if (link.scanThreshold() > 0 && item.lead().scanCount() < link.scanThreshold()) {
                item.trace(campaign + ": lead scanned " + item.lead().scanCount()
                        + " time(s) at the event; the link needs " + link.scanThreshold() + "; not added");
                continue;
            }
            String status = link.statusFor(
                    link.statusQualifier() == null
                            ? null
                            : item.lead().data().qualifiers().get(link.statusQualifier()));
            if (status == null) {
                item.failAfterWrite(
                        ErrorCategory.CAMPAIGN_ERROR,
                        null,
                        campaign + ": no member status for this lead (" + why(link) + ")");
                continue;
            }
            out.add(new Wanted(item, link.campaignId(), status));
        }
        return out;
    }

    /** The same memberships by campaign (campaign id -> lead -> status), campaigns and leads in their order. */
    public static Map<String, Map<SyncItem, String>> byCampaign(List<Wanted> wanted) {
        Map<String, Map<SyncItem, String>> out = new LinkedHashMap<>();
        wanted.forEach(w ->
                out.computeIfAbsent(w.campaignId(), k -> new LinkedHashMap<>()).put(w.item(), w.status()));
        return out;
    }

    /**
     * For a preview: the membership a sync of {@code item} would write, as a record (the campaign,
     * the status). A lead whose record is created cannot be a member yet (CREATE); an existing
     * record's current status is read at sync time and never moved backwards (CREATE_OR_UPDATE). A
     * lead the link gives no status fails as the sync would fail it (CAMPAIGN_ERROR).
     *
     * @param vendorObject the vendor's membership object (CampaignMember, programMember…)
     * @param newRecord the lead's own record would be created
     */
    public static List<PreviewRecord> preview(
            CampaignLinkRepository links,
            long integrationId,
            SyncItem item,
            String noun,
            String vendorObject,
            boolean newRecord) {
        List<PreviewRecord> out = new ArrayList<>();
        for (Wanted w : wanted(links, integrationId, List.of(item), noun)) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put(noun, w.campaignId());
            fields.put("status", w.status());
            out.add(new PreviewRecord(
                    "campaignMember", vendorObject, newRecord ? PreviewRecord.CREATE : CREATE_OR_UPDATE, null, fields));
            if (!newRecord) {
                item.trace(noun + " " + w.campaignId() + ": status '" + w.status()
                        + "' unless the record's current status is further along (read at sync time)");
            }
        }
        return out;
    }

    /** A membership that is created, or moved forward when the record already is a member. */
    public static final String CREATE_OR_UPDATE = "CREATE_OR_UPDATE";

    private static String why(CampaignLink link) {
        return link.statusQualifier() == null
                ? "the link has neither a status qualifier nor a fixed memberStatus"
                : "qualifier '" + link.statusQualifier()
                        + "' has no mapped option on the lead and the link has no fixed memberStatus";
    }
}
