package io.leadhub.sandbox.zoho;

import static io.leadhub.sandbox.zoho.ZohoRecords.data;
import static io.leadhub.sandbox.zoho.ZohoRecords.failure;
import static io.leadhub.sandbox.zoho.ZohoSimulator.BATCH_MAX;
import static io.leadhub.sandbox.zoho.ZohoSimulator.MEMBER_STATUSES;
import static io.leadhub.sandbox.zoho.ZohoSimulator.NAME;
import static io.leadhub.sandbox.zoho.ZohoSimulator.requestError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorStore;
import io.leadhub.sandbox.zoho.ZohoSimulator.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Campaign members: written with a member status, and read back as the campaign's related records. */
final class ZohoCampaignMembers {

    private final SimulatorStore store;

    ZohoCampaignMembers(SimulatorStore store) {
        this.store = store;
    }

    /** The related list must be Leads or Contacts, and the campaign must exist. */
    private void checkRelatedList(String campaignId, String module) {
        if (!Set.of("Leads", "Contacts").contains(module)) {
            throw requestError(
                    400,
                    "INVALID_DATA",
                    "the related list name given seems to be invalid",
                    SandboxJson.object().put("resource_path_index", 2));
        }
        if (store.findById(NAME, "Campaigns", campaignId).isEmpty()) {
            throw requestError(
                    400,
                    "INVALID_DATA",
                    "the id given seems to be invalid",
                    SandboxJson.object().put("resource_path_index", 1));
        }
    }

    /**
     * {@code PUT /crm/v8/Campaigns/{id}/{Leads|Contacts}}: {@code {"data":[{"id": recordId, "Member_Status": "…"}]}}
     * (≤100) adds or updates the records as members of the campaign.
     */
    public ResultSet members(String campaignId, String module, JsonNode body) {
        checkRelatedList(campaignId, module);
        List<JsonNode> records = data(body);
        return store.inTransaction(NAME, () -> {
            ResultSet results = new ResultSet();
            for (int i = 0; i < records.size(); i++) {
                JsonNode m = records.get(i);
                String path = "$.data[" + i + "]";
                String id = m.path("id").asText("");
                String status = m.path("Member_Status").asText("");
                if (id.isEmpty() || store.findById(NAME, module, id).isEmpty()) {
                    results.add(failure(
                            "INVALID_DATA",
                            "the related id given seems to be invalid",
                            ZohoCatalog.details("id", path + ".id")));
                } else if (!status.isEmpty() && !MEMBER_STATUSES.contains(status)) {
                    ObjectNode d = ZohoCatalog.details("Member_Status", path + ".Member_Status");
                    MEMBER_STATUSES.forEach(d.putArray("supported_values")::add);
                    results.add(failure("INVALID_DATA", "invalid data", d));
                } else {
                    String key = campaignId + ":" + id;
                    ObjectNode data = SandboxJson.object()
                            .put("campaignId", campaignId)
                            .put("module", module)
                            .put("recordId", id)
                            .put("Member_Status", status.isEmpty() ? "Planned" : status);
                    if (store.update(NAME, "CampaignMembers", key, data).isEmpty()) {
                        store.insert(NAME, "CampaignMembers", key, null, data);
                    }
                    results.add(SandboxJson.object()
                            .put("code", "SUCCESS")
                            .set("details", SandboxJson.object().put("id", id)));
                    ((ObjectNode) results.last())
                            .put("message", "relation updated successfully")
                            .put("status", "success");
                }
            }
            return results;
        });
    }

    /**
     * {@code GET /crm/v8/Campaigns/{id}/{Leads|Contacts}?fields=Member_Status&ids=…} (related
     * records; {@code ids}: at most 100, the members to answer; without it every member, paged by
     * {@code page} / {@code per_page} ≤ 200): each member's id, Member_Status and the requested
     * fields of its record; null (HTTP 204) when none.
     */
    public JsonNode relatedMembers(
            String campaignId, String module, String fields, String ids, Integer page, Integer perPage) {
        checkRelatedList(campaignId, module);
        if (fields == null || fields.isBlank()) {
            throw requestError(
                    400,
                    "REQUIRED_PARAM_MISSING",
                    "One of the expected parameter is missing",
                    SandboxJson.object().put("param_name", "fields"));
        }
        List<String> wanted = ids == null || ids.isBlank()
                ? null
                : Arrays.stream(ids.split(","))
                        .map(String::trim)
                        .filter(x -> !x.isEmpty())
                        .toList();
        if (wanted != null && wanted.size() > BATCH_MAX) {
            throw requestError(
                    400,
                    "LIMIT_EXCEEDED",
                    "the number of ids exceeds the limit",
                    SandboxJson.object().put("limit", BATCH_MAX));
        }
        int size = perPage == null ? 200 : Math.max(1, Math.min(200, perPage));
        int from = ((page == null ? 1 : Math.max(1, page)) - 1) * size;
        List<SimRecord> members = store.list(NAME, "CampaignMembers").stream()
                .filter(m -> campaignId.equals(m.data().path("campaignId").asText())
                        && module.equals(m.data().path("module").asText()))
                .filter(m -> wanted == null
                        || wanted.contains(m.data().path("recordId").asText()))
                .toList();
        ArrayNode data = SandboxJson.array();
        members.stream().skip(from).limit(size).forEach(m -> {
            String recordId = m.data().path("recordId").asText();
            ObjectNode row = data.addObject();
            JsonNode record =
                    store.findById(NAME, module, recordId).map(SimRecord::data).orElse(SandboxJson.object());
            for (String f : fields.split(",")) {
                String name = f.trim();
                if (!name.isEmpty() && !name.equals("Member_Status") && !name.equals("id") && record.has(name))
                    row.set(name, record.get(name));
            }
            row.put("Member_Status", m.data().path("Member_Status").asText());
            row.put("id", recordId);
        });
        if (data.isEmpty()) return null;
        ObjectNode out = SandboxJson.object();
        out.set("data", data);
        out.putObject("info")
                .put("per_page", size)
                .put("count", data.size())
                .put("page", from / size + 1)
                .put("more_records", from + size < members.size());
        return out;
    }
}
