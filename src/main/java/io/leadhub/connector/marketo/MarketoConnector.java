package io.leadhub.connector.marketo;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.campaign.CampaignLinkRepository;
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
import io.leadhub.connector.VendorRequest;
import io.leadhub.connector.VendorResponse;
import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import io.leadhub.lead.LeadField;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Marketo Engage lead database, batch-first (SPEC §7.3, §9, §10). Steps, each called by name from
 * {@code routes/connectors/marketo.camel.yaml}:
 * <ol>
 * <li>{@link #writeLeads}: a lead with a stored Lead ID is updated by id ({@code updateOnly},
 * {@code lookupField=id}); a stored id Marketo no longer knows (skipped 1004) falls back to the
 * email upsert. Every other lead is upserted by email ({@code createOrUpdate},
 * {@code lookupField=email}), de-duplicated inside the batch, up to 300 per call. Results come in
 * input order; a skipped record fails only its lead, with the category of its reason code; a
 * missing result is a failure, never a success. A request refused as a whole goes through
 * {@link BatchIsolation}: a value one record carries (e.g. 609 invalid JSON, 413 too large) is
 * isolated by halving; 1006 field not found and 603 access denied fail the leads at once.</li>
 * <li>{@link #writeProgramMembers}: once the lead write is confirmed, the leads of events linked
 * to a program (and scanned at least the link's threshold) get their status, 300 per call,
 * grouped by status. Leads Marketo already had are checked first: a status is never moved
 * backwards. An archived or unknown program, or a status it does not have, is CAMPAIGN_ERROR.</li>
 * </ol>
 * Marketo has no activity records in this product: the last-touch timestamp is a mapped field.
 */
@Component("marketoConnector")
public class MarketoConnector {
    static final int BATCH_MAX = Vendor.MARKETO.batchMax();
    static final String LEAD = "lead";

    private final VendorHttp http;
    private final MarketoPolicy policy;
    private final MarketoProgramCache programs;
    private final CampaignLinkRepository links;

    MarketoConnector(
            VendorHttp http, MarketoPolicy policy, MarketoProgramCache programs, CampaignLinkRepository links) {
        this.http = http;
        this.policy = policy;
        this.programs = programs;
        this.links = links;
    }

    // ---------------------------------------------------------------- leads

    public SyncBatch writeLeads(SyncBatch batch) {
        Integration integration = batch.integration();
        BatchMerger byId = new BatchMerger("lead: same Lead ID");
        BatchMerger byEmail = new BatchMerger("lead: same email");
        for (SyncItem item : batch.pending()) {
            MappedObject lead = item.mapped(LEAD);
            if (lead == null) {
                item.fail(ErrorCategory.MISSING_REQUIRED_FIELD, null, "the integration has no Marketo lead mapping");
            } else if (!BatchMerger.mergeByIdOrEmail(byId, byEmail, item, lead.values())) {
                item.fail(
                        ErrorCategory.MISSING_REQUIRED_FIELD,
                        null,
                        "the lead has no email: Marketo leads are matched and upserted by email; add one and retry");
            }
        }
        BatchIsolation isolation = new BatchIsolation(BATCH_MAX);
        // IF_EMPTY and CREATE_ONLY fields need the current values: one read per 300 keys and key kind
        boolean read = BatchMerger.applyWritePolicies(
                LEAD,
                byId,
                byEmail,
                (keys, id, fields) -> read(integration, keys, id ? "id" : "email", fields),
                JsonNode::path);
        if (read) isolation.vendorAnswered();

        List<VendorInput> stale = new ArrayList<>();
        send(
                integration,
                isolation,
                byId.inputs(),
                chunk -> upsert("updateOnly", "id", chunk),
                (input, result) -> input.clear(
                        LEAD,
                        result.path("id").asText(input.key()),
                        false,
                        "lead: stored Lead ID " + input.key() + " updated"),
                (input, code, message) -> {
                    if (!"1004".equals(code)) return false;
                    stale.add(input);
                    return true;
                });
        for (VendorInput in : stale) {
            for (SyncItem item : in.items()) {
                item.trace(
                        "lead: stored Lead ID " + in.key() + " no longer exists in Marketo (1004); upserting by email");
                if (item.lead().emailNorm() != null)
                    byEmail.merge(
                            item.lead().emailNorm(), item, item.mapped(LEAD).values());
                else
                    item.fail(
                            ErrorCategory.MISSING_REQUIRED_FIELD,
                            "1004",
                            "stored Lead ID " + in.key()
                                    + " is gone from Marketo and the lead has no email to match by");
            }
        }

        send(
                integration,
                isolation,
                byEmail.inputs(),
                chunk -> upsert("createOrUpdate", "email", chunk),
                (input, result) -> {
                    boolean created = "created".equals(result.path("status").asText());
                    String id = result.path("id").asText();
                    input.clear(
                            LEAD,
                            id,
                            created,
                            "lead: createOrUpdate by email " + input.key() + " -> "
                                    + (created ? "created " : "matched and updated ") + id);
                },
                (input, code, message) -> false);
        return batch;
    }

    private VendorRequest upsert(String action, String lookupField, List<VendorInput> chunk) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("action", action);
        body.put("lookupField", lookupField);
        body.put("asyncProcessing", false);
        body.put(
                "input",
                chunk.stream()
                        .map(in -> {
                            Map<String, Object> record = new LinkedHashMap<>();
                            if ("id".equals(lookupField)) record.put("id", Long.parseLong(in.key()));
                            record.putAll(in.fields());
                            if ("email".equals(lookupField) && !record.containsKey("email")) {
                                record.put("email", in.items().get(0).lead().get(LeadField.EMAIL));
                            }
                            return record;
                        })
                        .toList());
        return VendorRequest.post("/rest/v1/leads.json", body);
    }

    /** Marketo leads by id or email ({@code filterType}), with {@code fields}: one read per 300 keys. */
    Map<String, JsonNode> read(Integration integration, Set<String> keys, String filterType, Set<String> fields) {
        Map<String, JsonNode> out = new HashMap<>();
        Set<String> wanted = new LinkedHashSet<>(List.of("id", "email"));
        wanted.addAll(fields);
        for (List<String> chunk : BatchIsolation.chunks(new ArrayList<>(keys), BATCH_MAX)) {
            VendorResponse r = http.call(
                    integration,
                    policy,
                    VendorRequest.get(
                            "/rest/v1/leads.json",
                            "filterType=" + filterType + "&filterValues=" + encode(String.join(",", chunk)) + "&fields="
                                    + encode(String.join(",", wanted))));
            if (!r.bodyOrEmpty().path("success").asBoolean(false)) {
                String code = MarketoPolicy.errorCode(r);
                throw new VendorCallException(
                        MarketoErrorClassifier.requestCategory(code, MarketoPolicy.errorMessage(r)),
                        code,
                        "reading Marketo leads failed: " + MarketoPolicy.errorMessage(r));
            }
            for (JsonNode lead : r.bodyOrEmpty().path("result")) {
                String key = "id".equals(filterType)
                        ? lead.path("id").asText()
                        : lead.path("email").asText("").trim().toLowerCase(Locale.ROOT);
                out.put(key, lead);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- program membership

    /** A Marketo lead's wanted status in one program, and the hub leads that stand for it. */
    private record Target(String leadId, MarketoProgramCache.Status status, List<SyncItem> items, boolean existed) {}

    public SyncBatch writeProgramMembers(SyncBatch batch) {
        Integration integration = batch.integration();
        List<SyncItem> written = batch.written(LEAD);
        Map<String, Map<SyncItem, String>> wantedByProgram = CampaignMembershipRule.byCampaign(
                CampaignMembershipRule.wanted(links, integration.id(), written, "program"));
        wantedByProgram.forEach((programId, wanted) -> writeMembers(integration, programId, wanted));
        return batch;
    }

    private void writeMembers(Integration integration, String programId, Map<SyncItem, String> wanted) {
        MarketoProgramCache.Program program;
        try {
            program = programs.program(integration, programId).orElse(null);
        } catch (VendorCallException e) {
            wanted.keySet().forEach(i -> i.failAfterWrite(e.category(), e.vendorCode(), e.getMessage()));
            return;
        }
        if (program == null || program.archived()) {
            String why = program == null
                    ? "Marketo has no program " + programId
                    : "Marketo program " + programId + " '" + program.name() + "' is archived and rejects members";
            wanted.keySet()
                    .forEach(i -> i.failAfterWrite(
                            ErrorCategory.CAMPAIGN_ERROR, null, why + "; fix the event's program link"));
            return;
        }
        // one target per Marketo lead: the furthest status any of its hub leads asks for
        Map<String, Target> targets = new LinkedHashMap<>();
        for (var e : wanted.entrySet()) {
            SyncItem item = e.getKey();
            MarketoProgramCache.Status status = program.status(e.getValue()).orElse(null);
            if (status == null) {
                item.failAfterWrite(
                        ErrorCategory.CAMPAIGN_ERROR,
                        "1025",
                        "'" + e.getValue() + "' is not a status of Marketo program " + programId + " (channel '"
                                + program.channel() + "'): " + String.join(", ", program.statusNames()));
                continue;
            }
            String leadId = item.outcome().vendorId();
            boolean existed = "UPDATED".equals(item.outcome().action());
            Target t = targets.get(leadId);
            if (t == null) {
                targets.put(leadId, new Target(leadId, status, new ArrayList<>(List.of(item)), existed));
            } else {
                t.items().add(item);
                if (status.step() > t.status().step())
                    targets.put(leadId, new Target(leadId, status, t.items(), t.existed() || existed));
            }
        }
        // leads Marketo already had may be further along: read their membership and never move them back
        List<String> known = targets.values().stream()
                .filter(Target::existed)
                .map(Target::leadId)
                .toList();
        Map<String, String> current;
        try {
            current = currentStatuses(integration, programId, known);
        } catch (VendorCallException e) {
            targets.values()
                    .forEach(t ->
                            t.items().forEach(i -> i.failAfterWrite(e.category(), e.vendorCode(), e.getMessage())));
            return;
        }
        Map<String, List<Target>> byStatus = new LinkedHashMap<>();
        for (Target t : targets.values()) {
            String now = current.get(t.leadId());
            int nowStep = now == null
                    ? -1
                    : program.status(now).map(MarketoProgramCache.Status::step).orElse(-1);
            if (now != null && nowStep >= t.status().step()) {
                String why = now.equals(t.status().name())
                        ? "already at '" + now + "'; nothing to change"
                        : "already at '" + now + "' (step " + nowStep + "); '"
                                + t.status().name() + "' (step " + t.status().step()
                                + ") would move it backwards; kept";
                t.items().forEach(i -> i.trace("program " + programId + ": " + why));
                continue;
            }
            byStatus.computeIfAbsent(t.status().name(), k -> new ArrayList<>()).add(t);
        }
        byStatus.forEach((status, list) -> {
            for (List<Target> chunk : BatchIsolation.chunks(list, BATCH_MAX))
                sendMembers(integration, programId, status, chunk);
        });
    }

    private Map<String, String> currentStatuses(Integration integration, String programId, List<String> leadIds) {
        Map<String, String> out = new HashMap<>();
        for (List<String> chunk : BatchIsolation.chunks(leadIds, BATCH_MAX)) {
            VendorResponse r = http.call(
                    integration,
                    policy,
                    VendorRequest.get(
                            "/rest/v1/programs/" + programId + "/members.json",
                            "filterType=leadId&filterValues=" + encode(String.join(",", chunk)) + "&fields="
                                    + encode("leadId,progressionStatus")));
            if (!r.bodyOrEmpty().path("success").asBoolean(false)) {
                String code = MarketoPolicy.errorCode(r);
                if ("702".equals(code)) continue; // no data: none of them is a member yet
                throw new VendorCallException(
                        memberCategory(code),
                        code,
                        "reading members of Marketo program " + programId + " failed: "
                                + MarketoPolicy.errorMessage(r));
            }
            for (JsonNode m : r.bodyOrEmpty().path("result")) {
                out.put(m.path("leadId").asText(), m.path("progressionStatus").asText(null));
            }
        }
        return out;
    }

    private void sendMembers(Integration integration, String programId, String status, List<Target> chunk) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("statusName", status);
        body.put(
                "input",
                chunk.stream()
                        .map(t -> Map.of("leadId", Long.parseLong(t.leadId())))
                        .toList());
        VendorResponse r;
        try {
            r = http.call(
                    integration,
                    policy,
                    VendorRequest.post("/rest/v1/programs/" + programId + "/members/status.json", body));
        } catch (VendorCallException e) {
            chunk.forEach(t -> t.items().forEach(i -> i.failAfterWrite(e.category(), e.vendorCode(), e.getMessage())));
            return;
        }
        JsonNode answer = r.bodyOrEmpty();
        if (r.status() != 200 || !answer.path("success").asBoolean(false)) {
            String code = r.status() != 200 ? "HTTP_" + r.status() : MarketoPolicy.errorCode(r);
            programs.forget(integration, programId);
            String message =
                    "Marketo refused the members of program " + programId + ": " + MarketoPolicy.errorMessage(r);
            chunk.forEach(t -> t.items().forEach(i -> i.failAfterWrite(memberCategory(code), code, message)));
            return;
        }
        List<JsonNode> results = new ArrayList<>();
        answer.path("result").forEach(results::add);
        for (int i = 0; i < chunk.size(); i++) {
            Target t = chunk.get(i);
            JsonNode result = i < results.size() ? results.get(i) : null;
            if (result == null) {
                t.items()
                        .forEach(it -> it.failAfterWrite(
                                ErrorCategory.VENDOR_UNAVAILABLE,
                                "NO_RESULT",
                                "Marketo answered without a result for this program member"));
                continue;
            }
            String outcome = result.path("status").asText();
            JsonNode reason = result.path("reasons").path(0);
            String code = reason.path("code").asText("");
            switch (outcome) {
                case "created" ->
                    t.items().forEach(it -> it.trace("program " + programId + ": added as '" + status + "'"));
                case "updated" ->
                    t.items()
                            .forEach(it ->
                                    it.trace("program " + programId + ": status moved forward to '" + status + "'"));
                case "skipped" -> {
                    if ("1025".equals(code) || "1004".equals(code) || "1013".equals(code)) {
                        t.items()
                                .forEach(it -> it.failAfterWrite(
                                        ErrorCategory.CAMPAIGN_ERROR,
                                        code,
                                        "program " + programId + ": "
                                                + reason.path("message").asText()));
                    } else {
                        t.items()
                                .forEach(it -> it.trace("program " + programId + ": Marketo kept the current status ("
                                        + code + " " + reason.path("message").asText()
                                        + "); statuses never move backwards"));
                    }
                }
                default ->
                    t.items()
                            .forEach(it -> it.failAfterWrite(
                                    ErrorCategory.VENDOR_UNAVAILABLE,
                                    "NO_RESULT",
                                    "Marketo answered '" + outcome + "' for this program member"));
            }
        }
    }

    /** A failed membership call: throttles, quota and outages keep their category; anything else is the program's fault. */
    private static ErrorCategory memberCategory(String code) {
        ErrorCategory c = MarketoErrorClassifier.requestCategory(code, "");
        return c.retriedAutomatically() || c == ErrorCategory.AUTHENTICATION || c == ErrorCategory.PERMISSION
                ? c
                : ErrorCategory.CAMPAIGN_ERROR;
    }

    // ---------------------------------------------------------------- batch sending

    private interface ResultHandler {
        void accept(VendorInput input, JsonNode result);
    }

    private interface SkipHandler {
        boolean handled(VendorInput input, String code, String message);
    }

    private void send(
            Integration integration,
            BatchIsolation isolation,
            List<VendorInput> inputs,
            Function<List<VendorInput>, VendorRequest> request,
            ResultHandler onResult,
            SkipHandler onSkip) {
        isolation.send(inputs, VendorInput::items, chunk -> sendChunk(integration, chunk, request, onResult, onSkip));
    }

    /** One call: the per-record results are recorded and null answered, or the whole-request refusal answered. */
    private Rejection sendChunk(
            Integration integration,
            List<VendorInput> chunk,
            Function<List<VendorInput>, VendorRequest> request,
            ResultHandler onResult,
            SkipHandler onSkip) {
        VendorResponse r = http.call(integration, policy, request.apply(chunk));
        JsonNode body = r.bodyOrEmpty();
        if (r.status() != 200 || !body.path("success").asBoolean(false)) return refusal(r);
        List<JsonNode> results = new ArrayList<>();
        body.path("result").forEach(results::add);
        for (int i = 0; i < chunk.size(); i++) {
            VendorInput in = chunk.get(i);
            JsonNode result = i < results.size() ? results.get(i) : null;
            String status = result == null ? "" : result.path("status").asText();
            switch (status) {
                case "created", "updated" -> onResult.accept(in, result);
                case "skipped" -> {
                    JsonNode reason = result.path("reasons").path(0);
                    String code = reason.path("code").asText("");
                    String message = reason.path("message").asText("skipped without a reason");
                    if (onSkip.handled(in, code, message)) continue;
                    ErrorCategory category = MarketoErrorClassifier.recordCategory(code, message);
                    in.fail(
                            category,
                            code.isEmpty() ? null : code,
                            "Marketo skipped the lead: " + message + (code.isEmpty() ? "" : " (" + code + ")"));
                }
                default ->
                    in.fail(
                            ErrorCategory.VENDOR_UNAVAILABLE,
                            "NO_RESULT",
                            "Marketo answered " + results.size() + " results for " + chunk.size()
                                    + " leads; none for this one");
            }
        }
        return null;
    }

    /**
     * A request Marketo refused as a whole: an HTTP error (413 body too large, another 4xx) or
     * {@code success: false} with a request-level code (1006 field not found and 603 access denied
     * are every record's problem; the others are a record's value, isolated by halving).
     */
    private static Rejection refusal(VendorResponse r) {
        if (r.status() != 200) {
            String code = "HTTP_" + r.status();
            ErrorCategory category = r.status() == 403
                    ? ErrorCategory.PERMISSION
                    : r.status() == 400 || r.status() == 413
                            ? ErrorCategory.DATA_VALUE_VALIDATION
                            : ErrorCategory.VENDOR_UNAVAILABLE;
            return Rejection.of(
                    category,
                    code,
                    "Marketo refused the request with HTTP " + r.status()
                            + (r.status() == 413 ? " (body over Marketo's 1 MB limit)" : ""));
        }
        String code = MarketoPolicy.errorCode(r);
        String text = MarketoPolicy.errorMessage(r);
        ErrorCategory category = MarketoErrorClassifier.requestCategory(code, text);
        String message = switch (category) {
            case MISSING_REMOTE_FIELD ->
                "Marketo has no such lead field: " + text + " (" + code + "); create it or fix the mapping";
            case PERMISSION ->
                "Marketo denied access: " + text + " (" + code + "); check the API user's role and partition";
            default ->
                "Marketo refused the request: " + (text.isBlank() ? "no reason given" : text)
                        + (code.isEmpty() ? "" : " (" + code + ")");
        };
        return Rejection.of(category, code.isEmpty() ? null : code, message);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
