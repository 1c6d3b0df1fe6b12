package io.leadhub.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.campaign.CampaignLinkRepository;
import io.leadhub.campaign.MemberStatusOrder;
import io.leadhub.connector.CampaignMembershipRule;
import io.leadhub.connector.CampaignMembershipRule.Wanted;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.connector.VendorCallException;
import io.leadhub.integration.Integration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Campaign membership of the leads the batch wrote, in the Campaign linked to their event
 * ({@link CampaignMembershipRule} decides who joins with which status). The status must be one of
 * the campaign's CampaignMemberStatus values and only moves forward in their SortOrder
 * ({@link MemberStatusOrder}); a refused member fails its lead with CAMPAIGN_ERROR while the
 * lead's own record stays written.
 */
@Component
class SalesforceCampaignMemberWriter {
    private final SalesforceApi api;
    private final SalesforceMetadata metadata;
    private final CampaignLinkRepository links;
    private final SalesforceWriter writer;

    SalesforceCampaignMemberWriter(
            SalesforceApi api, SalesforceMetadata metadata, CampaignLinkRepository links, SalesforceWriter writer) {
        this.api = api;
        this.metadata = metadata;
        this.links = links;
        this.writer = writer;
    }

    /**
     * The event's Campaign: one query for the existing members of the batch, one collections create
     * for the new ones and one collections update for the statuses that move forward. A status is
     * never moved backwards (order: the campaign's CampaignMemberStatus SortOrder).
     */
    SyncBatch writeCampaignMembers(SyncBatch batch) {
        Integration integration = batch.integration();
        List<Wanted> wanted = CampaignMembershipRule.wanted(links, integration.id(), batch.written(), "campaign");
        if (wanted.isEmpty()) return batch;
        try {
            Set<String> campaigns =
                    wanted.stream().map(Wanted::campaignId).collect(Collectors.toCollection(LinkedHashSet::new));
            Map<String, List<String>> statuses = metadata.campaignStatuses(integration, campaigns);
            List<SyncItem> items = wanted.stream().map(Wanted::item).toList();
            Map<String, JsonNode> members = existingMembers(integration, campaigns, items);
            List<Map.Entry<SyncItem, Map<String, Object>>> creates = new ArrayList<>();
            List<Map.Entry<SyncItem, Map<String, Object>>> updates = new ArrayList<>();
            for (Wanted w : wanted) {
                SyncItem item = w.item();
                String campaignId = w.campaignId();
                String status = w.status();
                List<String> order = statuses.get(campaignId);
                if (order == null) {
                    item.failAfterWrite(
                            ErrorCategory.CAMPAIGN_ERROR,
                            null,
                            "campaign " + campaignId
                                    + " has no member statuses (missing or not visible); fix the event's campaign link");
                    continue;
                }
                if (!order.contains(status)) {
                    item.failAfterWrite(
                            ErrorCategory.CAMPAIGN_ERROR,
                            "INVALID_STATUS",
                            "campaign " + campaignId + ": status '" + status + "' is not one of " + order);
                    continue;
                }
                boolean lead = "lead".equals(item.outcome().vendorObject());
                JsonNode member = members.get(campaignId + "/" + item.outcome().vendorId());
                if (member == null) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("attributes", Map.of("type", "CampaignMember"));
                    r.put("CampaignId", campaignId);
                    r.put(lead ? "LeadId" : "ContactId", item.outcome().vendorId());
                    r.put("Status", status);
                    creates.add(Map.entry(item, r));
                    continue;
                }
                String current = member.path("Status").asText("");
                MemberStatusOrder.Move move = new MemberStatusOrder(order).move(current, status);
                if (!move.writes()) {
                    item.trace(
                            MemberStatusOrder.kept(campaignId, member.path("Id").asText(), current, status, move));
                    continue;
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("attributes", Map.of("type", "CampaignMember"));
                r.put("id", member.path("Id").asText());
                r.put("Status", status);
                updates.add(Map.entry(item, r));
            }
            writeMembers(integration, "POST", creates);
            writeMembers(integration, "PATCH", updates);
        } catch (VendorCallException e) {
            wanted.forEach(w -> w.item()
                    .failAfterWrite(
                            e.category(), e.vendorCode(), "campaign membership not written: " + e.getMessage()));
        }
        return batch;
    }

    /**
     * campaignId/leadOrContactId -> the existing CampaignMember (one query for the batch, split only if
     * too long). Records this batch created are no member of anything yet and are not asked about, so
     * a batch of new leads costs no query. (Should an org's own automation add a new record to the
     * campaign at once, the create is refused for that lead with CAMPAIGN_ERROR; its retry finds the
     * member and moves its status.)
     */
    private Map<String, JsonNode> existingMembers(
            Integration integration, Collection<String> campaigns, Collection<SyncItem> written) {
        List<SyncItem> items = written.stream()
                .filter(i -> !"CREATED".equals(i.outcome().action()))
                .toList();
        if (items.isEmpty()) return Map.of();
        List<String> leadIds = items.stream()
                .filter(i -> "lead".equals(i.outcome().vendorObject()))
                .map(i -> i.outcome().vendorId())
                .toList();
        List<String> contactIds = items.stream()
                .filter(i -> !"lead".equals(i.outcome().vendorObject()))
                .map(i -> i.outcome().vendorId())
                .toList();
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("LeadId", leadIds);
        keys.put("ContactId", contactIds);
        String and =
                "CampaignId IN (" + campaigns.stream().map(SoqlBuilder::quote).collect(Collectors.joining(",")) + ")";
        Map<String, JsonNode> out = new HashMap<>();
        for (String soql : SoqlBuilder.lookups(
                "Id, CampaignId, LeadId, ContactId, Status",
                "CampaignMember",
                keys,
                and,
                api.queryBudget(integration))) {
            for (JsonNode m : api.query(integration, soql)) {
                String who = m.hasNonNull("ContactId")
                                && !m.path("ContactId").asText().isEmpty()
                        ? m.path("ContactId").asText()
                        : m.path("LeadId").asText();
                out.put(m.path("CampaignId").asText() + "/" + who, m);
                if (m.hasNonNull("LeadId"))
                    out.putIfAbsent(
                            m.path("CampaignId").asText() + "/"
                                    + m.path("LeadId").asText(),
                            m);
            }
        }
        return out;
    }

    private void writeMembers(
            Integration integration, String method, List<Map.Entry<SyncItem, Map<String, Object>>> entries) {
        writer.saveFollowUps(
                integration,
                method,
                entries,
                Map.Entry::getValue,
                (e, result) -> e.getKey()
                        .trace("campaign " + e.getValue().getOrDefault("CampaignId", "") + ": member "
                                + result.path("id")
                                        .asText(String.valueOf(e.getValue().get("id")))
                                + ("POST".equals(method) ? " added" : " moved") + " with status '"
                                + e.getValue().get("Status") + "'"),
                (e, f) -> {
                    ErrorCategory c = f.category() == ErrorCategory.DATA_VALUE_VALIDATION
                            ? ErrorCategory.CAMPAIGN_ERROR
                            : f.category();
                    e.getKey().failAfterWrite(c, f.code(), f.message());
                },
                "campaign member");
    }
}
