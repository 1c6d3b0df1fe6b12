package io.leadhub.sandbox.salesforce;

import static io.leadhub.sandbox.salesforce.SalesforceRecordAccess.NAME;
import static io.leadhub.sandbox.salesforce.SalesforceRecordAccess.uniqueKey;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorStore;
import io.leadhub.sandbox.salesforce.SalesforceCatalog.SObject;
import io.leadhub.sandbox.salesforce.SalesforceOrg.SaveError;
import java.util.List;
import java.util.Optional;

/**
 * Campaigns and their members: the standing demo campaign, seeded campaigns, member statuses
 * (one default, ordered, "responded" or not) and the rules a campaign member save must pass.
 */
final class SalesforceCampaigns {

    private final SalesforceRecordAccess access;
    private final SimulatorStore store;

    SalesforceCampaigns(SalesforceRecordAccess access) {
        this.access = access;
        this.store = access.store;
    }

    /**
     * Inserts an active trade-show campaign with member statuses {@code statuses} in that order
     * (SortOrder 1…n): the first is the default; every status after the first counts as responded.
     */
    void insertCampaign(String id, String name, List<String> statuses) {
        String now = access.nowDateTime();
        store.insert(
                NAME,
                "Campaign",
                id,
                null,
                SandboxJson.object()
                        .put("Name", name)
                        .put("IsActive", true)
                        .put("Status", "In Progress")
                        .put("Type", "Trade Show")
                        .put("OwnerId", SalesforceSimulator.USER_ID)
                        .put("IsDeleted", false)
                        .put("CreatedDate", now)
                        .put("LastModifiedDate", now));
        for (int i = 0; i < statuses.size(); i++) {
            insertStatus(id, statuses.get(i), i + 1, i == 0, i > 0);
        }
    }

    /** A member status's label is unique within its campaign, and the default status stays a default. */
    SaveError memberStatusRules(String id, ObjectNode data, SimRecord existing) {
        String campaign = data.path("CampaignId").asText();
        String label = data.path("Label").asText();
        for (SimRecord s : store.list(NAME, "CampaignMemberStatus")) {
            if (!s.id().equals(id)
                    && s.data().path("CampaignId").asText().equals(campaign)
                    && s.data().path("Label").asText().equalsIgnoreCase(label)) {
                return new SaveError(
                        "DUPLICATE_VALUE",
                        "duplicate value found: Label duplicates value on record with id: " + s.id(),
                        List.of("Label"));
            }
        }
        if (existing != null
                && existing.data().path("IsDefault").asBoolean()
                && !data.path("IsDefault").asBoolean()) {
            return new SaveError(
                    "FIELD_INTEGRITY_EXCEPTION", "A campaign must have a default member status", List.of("IsDefault"));
        }
        return null;
    }

    SaveError campaignMemberRules(String id, ObjectNode data) {
        String campaign = data.path("CampaignId").asText();
        String lead = data.path("LeadId").asText(null);
        String contact = data.path("ContactId").asText(null);
        if (lead == null && contact == null) {
            return new SaveError(
                    "REQUIRED_FIELD_MISSING",
                    "Required fields are missing: [LeadId, ContactId]",
                    List.of("LeadId", "ContactId"));
        }
        // members are keyed campaign:lead (or campaign:contact); a converted lead's member also carries its contact
        Optional<SimRecord> same =
                store.findByUniqueKey(NAME, "CampaignMember", uniqueKey(access.object("CampaignMember"), data));
        boolean duplicate = same.isPresent() && !same.get().id().equals(id);
        if (!duplicate && contact != null) {
            duplicate = store.list(NAME, "CampaignMember").stream()
                    .anyMatch(m -> !m.id().equals(id)
                            && m.data().path("CampaignId").asText().equals(campaign)
                            && contact.equals(m.data().path("ContactId").asText(null)));
        }
        if (duplicate) {
            return new SaveError("DUPLICATE_VALUE", "Already a campaign member.", List.of());
        }
        List<SimRecord> statuses = store.list(NAME, "CampaignMemberStatus").stream()
                .filter(s -> s.data().path("CampaignId").asText().equals(campaign))
                .toList();
        String status = data.path("Status").asText(null);
        if (status == null) {
            Optional<SimRecord> def = statuses.stream()
                    .filter(s -> s.data().path("IsDefault").asBoolean())
                    .findFirst();
            if (def.isEmpty()) {
                return new SaveError(
                        "REQUIRED_FIELD_MISSING", "Required fields are missing: [Status]", List.of("Status"));
            }
            data.put("Status", def.get().data().path("Label").asText());
            data.put("HasResponded", def.get().data().path("HasResponded").asBoolean());
        } else {
            Optional<SimRecord> match = statuses.stream()
                    .filter(s -> s.data().path("Label").asText().equalsIgnoreCase(status))
                    .findFirst();
            if (match.isEmpty()) {
                return new SaveError(
                        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                        "Status: bad value for restricted picklist field: " + status,
                        List.of("Status"));
            }
            data.put("Status", match.get().data().path("Label").asText());
            boolean responded = match.get().data().path("HasResponded").asBoolean();
            data.put("HasResponded", responded);
            if (responded && !data.hasNonNull("FirstRespondedDate")) {
                data.put("FirstRespondedDate", access.today());
            }
        }
        return null;
    }

    void afterSave(SObject o, String id, ObjectNode data) {
        if (o.name().equals("CampaignMemberStatus") && data.path("IsDefault").asBoolean()) {
            String campaign = data.path("CampaignId").asText();
            for (SimRecord s : store.list(NAME, "CampaignMemberStatus")) {
                if (!s.id().equals(id)
                        && s.data().path("CampaignId").asText().equals(campaign)
                        && s.data().path("IsDefault").asBoolean()) {
                    store.update(
                            NAME, "CampaignMemberStatus", s.id(), s.dataCopy().put("IsDefault", false));
                }
            }
        }
        if (o.name().equals("Campaign")
                && store.list(NAME, "CampaignMemberStatus").stream()
                        .noneMatch(s -> s.data().path("CampaignId").asText().equals(id))) {
            // Salesforce gives every new campaign the statuses "Sent" (default) and "Responded"
            insertStatus(id, "Sent", 1, true, false);
            insertStatus(id, "Responded", 2, false, true);
        }
    }

    void insertStatus(String campaignId, String label, int sortOrder, boolean isDefault, boolean responded) {
        SObject o = access.object("CampaignMemberStatus");
        String now = access.nowDateTime();
        ObjectNode d = SandboxJson.object()
                .put("CampaignId", campaignId)
                .put("Label", label)
                .put("SortOrder", sortOrder)
                .put("IsDefault", isDefault)
                .put("HasResponded", responded)
                .put("IsDeleted", false)
                .put("CreatedDate", now)
                .put("LastModifiedDate", now);
        store.insert(NAME, o.name(), access.newId(o), null, d);
    }
}
