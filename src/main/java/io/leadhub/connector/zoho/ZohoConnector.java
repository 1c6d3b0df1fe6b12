package io.leadhub.connector.zoho;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.campaign.CampaignLinkRepository;
import io.leadhub.campaign.MemberStatusOrder;
import io.leadhub.connector.BatchIsolation;
import io.leadhub.connector.BatchIsolation.Rejection;
import io.leadhub.connector.BatchMerger;
import io.leadhub.connector.CampaignMembershipRule;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.MappedObject;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorHttp;
import io.leadhub.connector.VendorInput;
import io.leadhub.connector.VendorRecordCache;
import io.leadhub.connector.VendorRequest;
import io.leadhub.connector.VendorResponse;
import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import io.leadhub.lead.Lead;
import io.leadhub.lead.LeadField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Zoho CRM, batch-first (SPEC §7.3, §9, §10). Steps, each called by name from
 * {@code routes/connectors/zoho.camel.yaml}:
 * <ol>
 * <li>{@link #writeRecords}: the integration's module ({@code settings.module}: {@code Leads} by
 * default, or {@code Contacts}, whose Accounts are upserted first by {@code Account_Name}) gets one
 * upsert per 100 leads with {@code duplicate_check_fields: ["Email"]}; a lead with a stored record
 * id carries it as {@code id}, a stored id Zoho no longer knows falls back to the email. Leads with
 * CREATE_ONLY or IF_EMPTY fields have their existing record read first ({@link ZohoReader}, one COQL
 * query per 100 leads, by stored id or email) and those fields are written per their policy. Before
 * anything is sent, every mapped field is checked against the module's cached field metadata: a
 * field the module lacks is MISSING_REMOTE_FIELD and a value that is not one of a strict
 * picklist's options is DATA_VALUE_VALIDATION, without a call. Results come in input order; an
 * error result fails only its lead (MANDATORY_NOT_FOUND, INVALID_DATA by its details,
 * DUPLICATE_DATA, NO_PERMISSION). A request refused as a whole goes through {@link BatchIsolation}:
 * a record's value is isolated by halving; INVALID_MODULE, NO_PERMISSION, OAUTH_SCOPE_MISMATCH and
 * an unknown field fail the leads at once.</li>
 * <li>{@link #logNotes}: activities as Notes on the record (type as title), 100 per call, each
 * remembered once written so retries never log it twice.</li>
 * <li>{@link #writeCampaignMembers}: leads of events linked to a Zoho Campaign become its members
 * with the link's status, 100 per call; members' current statuses are read first and a status
 * only moves forward in Zoho's member-status order ({@link MemberStatusOrder}).</li>
 * </ol>
 */
@Component("zohoConnector")
public class ZohoConnector {
    static final int BATCH_MAX = Vendor.ZOHO.batchMax();
    static final String LEAD = "lead";
    static final String CONTACT = "contact";
    static final String ACCOUNT = "account";

    private final VendorHttp http;
    private final ZohoPolicy policy;
    private final ZohoFieldMetadata fields;
    private final VendorRecordCache cache;
    private final CampaignLinkRepository links;
    private final ZohoReader reads;

    ZohoConnector(
            VendorHttp http,
            ZohoPolicy policy,
            ZohoFieldMetadata fields,
            VendorRecordCache cache,
            CampaignLinkRepository links,
            ZohoReader reads) {
        this.http = http;
        this.policy = policy;
        this.fields = fields;
        this.cache = cache;
        this.links = links;
        this.reads = reads;
    }

    /** Leads or Contacts, with the hub object their mapping is stored under. */
    record Target(String module, String object) {
        static Target of(Integration integration) {
            return ZohoSettings.contactsMode(integration) ? new Target("Contacts", CONTACT) : new Target("Leads", LEAD);
        }
    }

    /** Key prefixes of the records sent: by stored record id, else by email. */
    private static final String BY_ID = "id:";

    private static final String BY_EMAIL = "email:";

    /** Merges the leads sharing a stored record id or an email; both kinds go in one upsert, in batch order. */
    private static BatchMerger merger() {
        return new BatchMerger(key -> key.startsWith(BY_ID) ? "same record id" : "same email");
    }

    // ---------------------------------------------------------------- records

    public SyncBatch writeRecords(SyncBatch batch) {
        Integration integration = batch.integration();
        Target target = Target.of(integration);
        List<SyncItem> candidates = new ArrayList<>();
        for (SyncItem item : batch.pending()) {
            if (item.mapped(target.object()) == null) {
                item.fail(
                        ErrorCategory.MISSING_REQUIRED_FIELD,
                        null,
                        "the integration has no Zoho " + target.object() + " mapping");
            } else if (item.storedVendorId() == null && item.lead().emailNorm() == null) {
                item.fail(
                        ErrorCategory.MISSING_REQUIRED_FIELD,
                        null,
                        "the lead has no email: Zoho " + target.module()
                                + " are matched by Email (duplicate check field); add one and retry");
            } else {
                candidates.add(item);
            }
        }
        if (candidates.isEmpty()) return batch;
        Map<String, ZohoFieldMetadata.Field> meta;
        try {
            meta = fields.of(integration, target.module());
        } catch (VendorCallException e) {
            candidates.forEach(i -> i.fail(e.category(), e.vendorCode(), e.getMessage(), e.retryAt()));
            return batch;
        }
        Map<SyncItem, JsonNode> existing;
        try {
            existing = reads.existingRecords(integration, target.module(), target.object(), candidates, meta);
        } catch (VendorCallException e) {
            candidates.forEach(i -> i.fail(e.category(), e.vendorCode(), e.getMessage(), e.retryAt()));
            return batch;
        }
        Map<SyncItem, Map<String, Object>> records = new LinkedHashMap<>();
        for (SyncItem item : candidates) {
            Map<String, Object> values =
                    checked(item, item.mapped(target.object()), target.module(), meta, existing.get(item));
            if (values != null) records.put(item, values);
        }
        try {
            write(integration, target, records);
        } catch (VendorCallException e) {
            // credentials, throttling or quota ended the batch: the leads not answered yet fail with it
            records.keySet().forEach(i -> i.fail(e.category(), e.vendorCode(), e.getMessage(), e.retryAt()));
        }
        return batch;
    }

    private void write(Integration integration, Target target, Map<SyncItem, Map<String, Object>> records) {
        BatchIsolation isolation = new BatchIsolation(BATCH_MAX);
        if (target.object().equals(CONTACT)) resolveAccounts(integration, isolation, records);

        BatchMerger inputs = merger();
        records.forEach((item, values) -> {
            if (item.pending()) {
                if (item.storedVendorId() != null) inputs.merge(BY_ID + item.storedVendorId(), item, values);
                else inputs.merge(BY_EMAIL + item.lead().emailNorm(), item, values);
            }
        });
        List<VendorInput> stale = upsert(integration, isolation, target, inputs.inputs());
        if (!stale.isEmpty()) {
            BatchMerger retry = merger();
            for (VendorInput in : stale) {
                for (SyncItem item : in.items()) {
                    item.trace(target.module() + ": stored record id " + storedId(in)
                            + " no longer exists in Zoho; upserting by Email");
                    if (item.lead().emailNorm() == null) {
                        item.fail(
                                ErrorCategory.DATA_VALUE_VALIDATION,
                                "INVALID_DATA",
                                "stored Zoho record id " + storedId(in)
                                        + " is gone and the lead has no email to match by");
                    } else {
                        retry.merge(BY_EMAIL + item.lead().emailNorm(), item, records.get(item));
                    }
                }
            }
            upsert(integration, isolation, target, retry.inputs());
        }
    }

    /**
     * The values Zoho will accept for the lead, or null after failing it: every field must exist in
     * the module, picklist values must be options, multi-select values are sent as arrays. Fields
     * are written per their write policy against {@code existing}, the record the upsert will
     * update (read first when the lead has conditional fields; null when it will create one).
     */
    Map<String, Object> checked(
            SyncItem item,
            MappedObject mapped,
            String module,
            Map<String, ZohoFieldMetadata.Field> meta,
            JsonNode existing) {
        Map<String, Object> writable = mapped.toWrite(existing, JsonNode::path);
        List<String> kept = mapped.values().keySet().stream()
                .filter(f -> !writable.containsKey(f))
                .toList();
        if (!kept.isEmpty())
            item.trace(module + ": record " + existing.path("id").asText() + " exists; kept its values of " + kept);
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : writable.entrySet()) {
            String name = e.getKey();
            ZohoFieldMetadata.Field f = meta.get(name);
            if (f == null) {
                item.fail(
                        ErrorCategory.MISSING_REMOTE_FIELD,
                        null,
                        "Zoho module " + module + " has no field '" + name
                                + "' (API name); create it or fix the mapping");
                return null;
            }
            Object value = e.getValue();
            if (f.picklist() || f.multiSelect()) {
                List<String> options = f.multiSelect()
                        ? Arrays.stream(value.toString().split(";"))
                                .map(String::trim)
                                .filter(s -> !s.isEmpty())
                                .toList()
                        : List.of(value.toString());
                for (String o : options) {
                    if (!f.pickListValues().contains(o)) {
                        item.fail(
                                ErrorCategory.DATA_VALUE_VALIDATION,
                                "INVALID_DATA",
                                "'" + o + "' is not an option of the Zoho picklist "
                                        + module + "." + name + " (options: " + String.join(", ", f.pickListValues())
                                        + "); fix the qualifier mapping or add the option in Zoho. Not sent.");
                        return null;
                    }
                }
                value = f.multiSelect() ? options : options.get(0);
            }
            out.put(name, value);
        }
        if (!out.containsKey("Email") && item.lead().get(LeadField.EMAIL) != null)
            out.put("Email", item.lead().get(LeadField.EMAIL));
        return out;
    }

    /** The stored record id an input is sent with, null when it is sent by email. */
    private static String storedId(VendorInput in) {
        return in.key().startsWith(BY_ID) ? in.key().substring(BY_ID.length()) : null;
    }

    /** Upserts the inputs, 100 per call; answers the inputs whose stored id Zoho did not know. */
    private List<VendorInput> upsert(
            Integration integration, BatchIsolation isolation, Target target, List<VendorInput> inputs) {
        List<VendorInput> stale = new ArrayList<>();
        isolation.send(inputs, VendorInput::items, chunk -> {
            List<Map<String, Object>> data = new ArrayList<>();
            for (VendorInput in : chunk) {
                Map<String, Object> record = new LinkedHashMap<>();
                if (storedId(in) != null) record.put("id", storedId(in));
                record.putAll(in.fields());
                data.add(record);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("data", data);
            body.put("duplicate_check_fields", List.of("Email"));
            Answer answer =
                    call(integration, "/crm/v8/" + target.module() + "/upsert", body, target.module() + " upsert");
            if (answer.refused() != null) return answer.refused();
            List<JsonNode> results = answer.results();
            for (int i = 0; i < chunk.size(); i++) {
                VendorInput in = chunk.get(i);
                JsonNode result = i < results.size() ? results.get(i) : null;
                if (result == null) {
                    in.fail(
                            ErrorCategory.VENDOR_UNAVAILABLE,
                            "NO_RESULT",
                            "Zoho answered " + results.size() + " results for " + chunk.size()
                                    + " records; none for this one");
                } else if ("success".equals(result.path("status").asText())) {
                    String id = result.path("details").path("id").asText();
                    boolean created = "insert".equals(result.path("action").asText());
                    in.clear(
                            target.object(),
                            id,
                            created,
                            target.module() + ": upsert " + (storedId(in) != null ? "by stored id " : "by Email ")
                                    + (created ? "-> inserted " : "-> updated ") + id
                                    + (result.hasNonNull("duplicate_field")
                                            ? " (matched on "
                                                    + result.get("duplicate_field")
                                                            .asText() + ")"
                                            : ""));
                } else {
                    String code = result.path("code").asText("");
                    if (storedId(in) != null
                            && "INVALID_DATA".equals(code)
                            && "id"
                                    .equals(result.path("details")
                                            .path("api_name")
                                            .asText())) {
                        stale.add(in);
                        continue;
                    }
                    ErrorCategory category = ZohoErrorClassifier.recordCategory(code, result.path("details"));
                    String message = "Zoho refused the record: " + ZohoErrorClassifier.describe(result)
                            + (code.isEmpty() ? "" : " (" + code + ")");
                    in.fail(category, code.isEmpty() ? null : code, message);
                }
            }
            return null;
        });
        return stale;
    }

    /** A write call's per-record results, or why Zoho refused the request as a whole. */
    private record Answer(List<JsonNode> results, Rejection refused) {}

    /** One write call answering per-record results ({@code data[]}, also in a 400 when every record failed). */
    private Answer call(Integration integration, String path, Object body, String what) {
        VendorResponse r = http.call(integration, policy, VendorRequest.post(path, body));
        JsonNode answer = r.bodyOrEmpty();
        if (answer.path("data").isArray() && (r.ok() || r.status() == 400)) {
            List<JsonNode> results = new ArrayList<>();
            answer.path("data").forEach(results::add);
            return new Answer(results, null);
        }
        String code = answer.path("code").asText("HTTP_" + r.status());
        ErrorCategory category = answer.has("code")
                ? ZohoErrorClassifier.requestCategory(
                        code, answer.path("details"), answer.path("message").asText(""))
                : r.status() >= 500 ? ErrorCategory.VENDOR_UNAVAILABLE : ErrorCategory.DATA_VALUE_VALIDATION;
        String reason = answer.has("code") ? ZohoErrorClassifier.describe(answer) : "HTTP " + r.status();
        return new Answer(
                List.of(),
                Rejection.of(category, code, "Zoho refused the " + what + ": " + reason + " (" + code + ")"));
    }

    // ---------------------------------------------------------------- accounts (Contacts mode)

    private void resolveAccounts(
            Integration integration, BatchIsolation isolation, Map<SyncItem, Map<String, Object>> records) {
        Map<String, List<SyncItem>> byName = new LinkedHashMap<>();
        Map<String, Map<String, Object>> values = new LinkedHashMap<>();
        for (SyncItem item : records.keySet()) {
            if (!item.pending()) continue;
            if (item.storedCompanyId() != null) {
                setAccount(
                        item,
                        records.get(item),
                        item.storedCompanyId(),
                        "Account: stored id " + item.storedCompanyId());
                continue;
            }
            MappedObject account = item.mapped(ACCOUNT);
            Object name = account == null ? null : account.get("Account_Name");
            if (name == null || name.toString().isBlank()) {
                item.trace("Account: no company on the lead; the contact has no account");
                continue;
            }
            String key = name.toString().trim().toLowerCase(Locale.ROOT);
            byName.computeIfAbsent(key, k -> new ArrayList<>()).add(item);
            values.computeIfAbsent(key, k -> new LinkedHashMap<>()).putAll(account.values());
        }
        if (byName.isEmpty()) return;
        cache.companies(integration.id(), byName.keySet())
                .forEach((key, id) -> byName.remove(key)
                        .forEach(i ->
                                setAccount(i, records.get(i), id, "Account: '" + key + "' -> " + id + " (known)")));
        List<String> keys = new ArrayList<>(byName.keySet());
        isolation.send(keys, byName::get, chunk -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("data", chunk.stream().map(values::get).toList());
            body.put("duplicate_check_fields", List.of("Account_Name"));
            Answer answer = call(integration, "/crm/v8/Accounts/upsert", body, "Accounts upsert");
            if (answer.refused() != null) return answer.refused();
            List<JsonNode> results = answer.results();
            for (int i = 0; i < chunk.size(); i++) {
                String key = chunk.get(i);
                JsonNode result = i < results.size() ? results.get(i) : null;
                if (result != null && "success".equals(result.path("status").asText())) {
                    String id = result.path("details").path("id").asText();
                    cache.rememberCompany(integration.id(), key, id);
                    byName.get(key)
                            .forEach(item -> setAccount(
                                    item,
                                    records.get(item),
                                    id,
                                    "Account: upsert by Account_Name '" + key + "' -> "
                                            + result.path("action").asText() + " " + id));
                } else {
                    String code =
                            result == null ? "NO_RESULT" : result.path("code").asText("");
                    ErrorCategory category = result == null
                            ? ErrorCategory.VENDOR_UNAVAILABLE
                            : ZohoErrorClassifier.recordCategory(code, result.path("details"));
                    String message = "Zoho refused the account of this lead: "
                            + (result == null ? "no result" : ZohoErrorClassifier.describe(result)) + " (" + code + ")";
                    byName.get(key).forEach(item -> item.fail(category, code, message));
                }
            }
            return null;
        });
    }

    private static void setAccount(SyncItem item, Map<String, Object> record, String accountId, String trace) {
        item.trace(trace);
        item.companyVendorId(accountId);
        record.put("Account_Name", Map.of("id", accountId));
    }

    // ---------------------------------------------------------------- notes

    /** A note to write and the lead it belongs to. */
    private record Note(Lead.Activity activity, SyncItem item, Map<String, Object> body) {}

    public SyncBatch logNotes(SyncBatch batch) {
        Integration integration = batch.integration();
        Target target = Target.of(integration);
        List<SyncItem> done = batch.written(target.object());
        if (done.stream().allMatch(i -> i.lead().activities().isEmpty())) return batch;
        Set<Long> logged = cache.loggedActivitiesOf(integration.id(), done);
        List<Note> notes = new ArrayList<>();
        for (SyncItem item : done) {
            for (Lead.Activity a : item.lead().activities()) {
                if (logged.contains(a.id())) {
                    item.trace("note: activity " + a.id() + " already logged");
                    continue;
                }
                Map<String, Object> note = new LinkedHashMap<>();
                note.put("Note_Title", a.type().title());
                note.put("Note_Content", content(a));
                note.put(
                        "Parent_Id",
                        Map.of(
                                "module",
                                Map.of("api_name", target.module()),
                                "id",
                                item.outcome().vendorId()));
                notes.add(new Note(a, item, note));
            }
        }
        for (List<Note> chunk : BatchIsolation.chunks(notes, BATCH_MAX)) {
            List<JsonNode> results;
            try {
                VendorResponse r = http.call(
                        integration,
                        policy,
                        VendorRequest.post(
                                "/crm/v8/Notes",
                                Map.of("data", chunk.stream().map(Note::body).toList())));
                JsonNode answer = r.bodyOrEmpty();
                if (!answer.path("data").isArray()) {
                    String code = answer.path("code").asText("HTTP_" + r.status());
                    chunk.forEach(n -> n.item()
                            .failAfterWrite(
                                    ZohoErrorClassifier.recordCategory(code, answer.path("details")),
                                    code,
                                    "Zoho refused the notes: "
                                            + answer.path("message").asText("HTTP " + r.status())));
                    continue;
                }
                results = new ArrayList<>();
                answer.path("data").forEach(results::add);
            } catch (VendorCallException e) {
                chunk.forEach(n ->
                        n.item().failAfterWrite(e.category(), e.vendorCode(), "notes not written: " + e.getMessage()));
                continue;
            }
            for (int i = 0; i < chunk.size(); i++) {
                Note n = chunk.get(i);
                JsonNode result = i < results.size() ? results.get(i) : null;
                if (result != null && "success".equals(result.path("status").asText())) {
                    String id = result.path("details").path("id").asText();
                    cache.activityLogged(integration.id(), n.activity().id(), id);
                    n.item()
                            .trace("note: " + n.activity().type() + " activity "
                                    + n.activity().id() + " -> Note " + id);
                } else {
                    String code =
                            result == null ? "NO_RESULT" : result.path("code").asText("");
                    n.item()
                            .failAfterWrite(
                                    result == null
                                            ? ErrorCategory.VENDOR_UNAVAILABLE
                                            : ZohoErrorClassifier.recordCategory(code, result.path("details")),
                                    code,
                                    "note for activity " + n.activity().id() + " refused: "
                                            + (result == null ? "no result" : ZohoErrorClassifier.describe(result)));
                }
            }
        }
        return batch;
    }

    private static String content(Lead.Activity a) {
        StringBuilder s = new StringBuilder();
        if (a.subject() != null && !a.subject().isBlank()) s.append(a.subject()).append('\n');
        if (a.notes() != null && !a.notes().isBlank()) s.append(a.notes()).append('\n');
        s.append(a.origin());
        return s.toString();
    }

    // ---------------------------------------------------------------- campaign members

    public SyncBatch writeCampaignMembers(SyncBatch batch) {
        Integration integration = batch.integration();
        Target target = Target.of(integration);
        List<SyncItem> written = batch.written(target.object());
        Map<String, Map<SyncItem, String>> byCampaign = CampaignMembershipRule.byCampaign(
                CampaignMembershipRule.wanted(links, integration.id(), written, "campaign"));
        byCampaign.forEach((campaignId, wanted) -> {
            List<Map.Entry<SyncItem, String>> members =
                    forward(integration, target, campaignId, new ArrayList<>(wanted.entrySet()));
            for (var chunk : BatchIsolation.chunks(members, BATCH_MAX)) {
                List<Map<String, Object>> data = chunk.stream()
                        .map(e -> Map.<String, Object>of(
                                "id", e.getKey().outcome().vendorId(), "Member_Status", e.getValue()))
                        .toList();
                List<SyncItem> items = chunk.stream().map(Map.Entry::getKey).toList();
                VendorResponse r;
                try {
                    r = http.call(
                            integration,
                            policy,
                            new VendorRequest(
                                    "PUT",
                                    "/crm/v8/Campaigns/" + campaignId + "/" + target.module(),
                                    null,
                                    Map.of("data", data),
                                    Map.of()));
                } catch (VendorCallException e) {
                    items.forEach(i -> i.failAfterWrite(
                            e.category(), e.vendorCode(), "campaign membership not written: " + e.getMessage()));
                    continue;
                }
                JsonNode answer = r.bodyOrEmpty();
                if (!answer.path("data").isArray()) {
                    String code = answer.path("code").asText("HTTP_" + r.status());
                    items.forEach(i -> i.failAfterWrite(
                            ErrorCategory.CAMPAIGN_ERROR,
                            code,
                            "Zoho refused members of campaign " + campaignId + ": "
                                    + answer.path("message").asText("HTTP " + r.status())
                                    + "; fix the event's campaign link"));
                    continue;
                }
                for (int i = 0; i < chunk.size(); i++) {
                    SyncItem item = chunk.get(i).getKey();
                    JsonNode result = answer.path("data").path(i);
                    if ("success".equals(result.path("status").asText())) {
                        item.trace("campaign " + campaignId + ": member with status '"
                                + chunk.get(i).getValue() + "'");
                    } else {
                        item.failAfterWrite(
                                ErrorCategory.CAMPAIGN_ERROR,
                                result.path("code").asText(null),
                                "campaign " + campaignId + " refused the member: "
                                        + ZohoErrorClassifier.describe(result));
                    }
                }
            }
        });
        return batch;
    }

    /**
     * The memberships that must be written: new members and members whose status moves forward in
     * Zoho's member-status order; the others keep their status (SPEC §7.3). The current statuses
     * of records that existed before this batch are read first, 100 per call (a record the batch
     * created is no member yet).
     */
    private List<Map.Entry<SyncItem, String>> forward(
            Integration integration, Target target, String campaignId, List<Map.Entry<SyncItem, String>> wanted) {
        List<String> existing = wanted.stream()
                .filter(e -> !"CREATED".equals(e.getKey().outcome().action()))
                .map(e -> e.getKey().outcome().vendorId())
                .toList();
        Map<String, String> current;
        try {
            current = existing.isEmpty()
                    ? Map.of()
                    : reads.memberStatuses(integration, campaignId, target.module(), existing);
        } catch (VendorCallException e) {
            wanted.forEach(w -> w.getKey()
                    .failAfterWrite(
                            e.category(), e.vendorCode(), "campaign membership not written: " + e.getMessage()));
            return List.of();
        }
        MemberStatusOrder order = new MemberStatusOrder(ZohoCampaignValidator.MEMBER_STATUSES);
        List<Map.Entry<SyncItem, String>> out = new ArrayList<>();
        for (var w : wanted) {
            String id = w.getKey().outcome().vendorId();
            MemberStatusOrder.Move move = order.move(current.get(id), w.getValue());
            if (move.writes()) out.add(w);
            else w.getKey().trace(MemberStatusOrder.kept(campaignId, id, current.get(id), w.getValue(), move));
        }
        return out;
    }
}
