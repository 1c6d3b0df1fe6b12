package io.leadhub.sandbox.marketo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Marketo's lead database as the simulator holds it: leads ({@code POST|GET /rest/v1/leads.json})
 * and program members ({@code /rest/v1/programs/{programId}/members…}), with Marketo's per-record
 * answers: results in input order, {@code created} / {@code updated} or {@code skipped} with
 * reasons (1003 invalid value, 1004 lead not found, 1005 lead already exists, 1006 field not found,
 * 1007 multiple leads match, 1025 program status not found). Email lookup is case-insensitive;
 * two leads with one email exist only through {@code createDuplicate}. Program statuses never move
 * backwards: a member already at or past the requested step is skipped.
 */
@Component
@Profile("sandbox")
public class MarketoLeadDatabase {

    static final int MAX_BATCH = 300;
    static final String LEADS = "leads";
    static final String MEMBERS = "programMembers";
    static final Set<String> ACTIONS = Set.of("createOrUpdate", "createOnly", "updateOnly", "createDuplicate");

    private final MarketoSimulator simulator;
    private final MarketoCatalog catalog;
    private final SimulatorStore store;

    public MarketoLeadDatabase(MarketoSimulator simulator, MarketoCatalog catalog) {
        this.simulator = simulator;
        this.catalog = catalog;
        this.store = simulator.store();
        // leads stored before the email was kept as their lookup key get it now, once
        for (SimRecord lead : store.withoutMatchKey(MarketoSimulator.NAME, LEADS)) {
            store.setMatchKey(
                    MarketoSimulator.NAME,
                    LEADS,
                    lead.id(),
                    emailKey(lead.data().path("email")));
        }
    }

    /** The leads with these emails (lower-cased), by email: an index lookup, whatever the database holds. */
    private Map<String, List<SimRecord>> leadsByEmail(Collection<String> emails) {
        Map<String, List<SimRecord>> byEmail = new HashMap<>();
        for (SimRecord r : store.findByMatchKeys(MarketoSimulator.NAME, LEADS, emails)) {
            byEmail.computeIfAbsent(emailKey(r.data().path("email")), k -> new ArrayList<>())
                    .add(r);
        }
        return byEmail;
    }

    // ---------------------------------------------------------------- leads

    /** {@code POST /rest/v1/leads.json}. */
    public JsonNode sync(JsonNode body) {
        String action = body.path("action").asText("createOrUpdate");
        if (!ACTIONS.contains(action)) {
            throw MarketoSimulator.error("1003", "Invalid action '" + action + "'");
        }
        String lookupField = body.path("lookupField").asText("email");
        if (!lookupField.equals("email") && !lookupField.equals("id")) {
            throw MarketoSimulator.error(
                    "1003", "Invalid lookupField '" + lookupField + "' (this instance supports email and id)");
        }
        if (lookupField.equals("id") && !action.equals("updateOnly")) {
            throw MarketoSimulator.error("1003", "lookupField 'id' is only allowed with action 'updateOnly'");
        }
        JsonNode input = body.path("input");
        if (!input.isArray() || input.isEmpty()) {
            throw MarketoSimulator.error("1003", "Value for required field 'input' not specified");
        }
        if (input.size() > MAX_BATCH) {
            throw MarketoSimulator.error("1003", "Batch size " + input.size() + " exceeds the maximum of " + MAX_BATCH);
        }
        return store.inTransaction(MarketoSimulator.NAME, () -> {
            Set<String> emails = new HashSet<>();
            input.forEach(record -> emails.add(emailKey(record.path("email"))));
            emails.remove("");
            Map<String, List<SimRecord>> byEmail = leadsByEmail(emails);
            ObjectNode out = MarketoSimulator.success();
            ArrayNode results = out.putArray("result");
            for (JsonNode record : input) {
                results.add(syncOne(action, lookupField, record, byEmail));
            }
            return out;
        });
    }

    private ObjectNode syncOne(
            String action, String lookupField, JsonNode record, Map<String, List<SimRecord>> byEmail) {
        if (!record.isObject()) {
            return skipped("1003", "Invalid lead record");
        }
        ObjectNode fields = SandboxJson.object();
        var it = record.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().equals("id") && lookupField.equals("id")) {
                continue;
            }
            var problem = catalog.check(e.getKey(), e.getValue());
            if (problem.isPresent()) {
                return skipped(problem.get().code(), problem.get().message());
            }
            fields.set(e.getKey(), e.getValue());
        }
        List<SimRecord> matches;
        if (lookupField.equals("id")) {
            JsonNode id = record.path("id");
            if (!id.canConvertToLong() && !id.asText("").matches("\\d+")) {
                return skipped("1003", "Value for lookup field 'id' not specified");
            }
            matches = store.findById(MarketoSimulator.NAME, LEADS, id.asText())
                    .map(List::of)
                    .orElse(List.of());
        } else {
            String email = emailKey(record.path("email"));
            if (email.isEmpty() && !action.equals("createDuplicate")) {
                return skipped("1003", "Value for lookup field 'email' not specified");
            }
            matches = byEmail.getOrDefault(email, List.of());
        }
        boolean create = action.equals("createDuplicate") || (matches.isEmpty() && !action.equals("updateOnly"));
        if (action.equals("createOnly") && !matches.isEmpty()) {
            return skipped("1005", "Lead already exists");
        }
        if (action.equals("updateOnly") && matches.isEmpty()) {
            return skipped("1004", "Lead not found");
        }
        if (!create && matches.size() > 1) {
            return skipped("1007", "Multiple lead match lookup criteria");
        }
        if (create) {
            String id = String.valueOf(store.nextId(MarketoSimulator.NAME, "lead", 5001));
            String email = emailKey(fields.path("email"));
            SimRecord r = store.insert(MarketoSimulator.NAME, LEADS, id, null, email, fields);
            byEmail.computeIfAbsent(email, k -> new ArrayList<>()).add(r);
            return SandboxJson.object().put("id", Long.parseLong(id)).put("status", "created");
        }
        SimRecord existing = matches.get(0);
        ObjectNode data = existing.dataCopy();
        data.setAll(fields);
        store.update(MarketoSimulator.NAME, LEADS, existing.id(), data);
        String email = emailKey(data.path("email"));
        if (!email.equals(emailKey(existing.data().path("email")))) {
            store.setMatchKey(MarketoSimulator.NAME, LEADS, existing.id(), email);
        }
        return SandboxJson.object().put("id", Long.parseLong(existing.id())).put("status", "updated");
    }

    /** {@code GET /rest/v1/leads.json?filterType=email|id&filterValues=a,b&fields=}. */
    public JsonNode get(String filterType, String filterValues, String fields) {
        if (filterType == null || filterValues == null) {
            throw MarketoSimulator.error("1003", "filterType and filterValues are required");
        }
        if (!filterType.equals("email") && !filterType.equals("id")) {
            throw MarketoSimulator.error(
                    "1003", "Invalid filterType '" + filterType + "' (this instance supports email and id)");
        }
        List<String> values = Arrays.stream(filterValues.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        if (values.size() > MAX_BATCH) {
            throw MarketoSimulator.error(
                    "1003", "Too many filter values: " + values.size() + " (maximum " + MAX_BATCH + ")");
        }
        List<String> wanted = fields == null || fields.isBlank()
                ? List.of("id", "email", "firstName", "lastName", "updatedAt", "createdAt")
                : Arrays.stream(fields.split(",")).map(String::trim).toList();
        for (String f : wanted) {
            if (catalog.field(f).isEmpty()) {
                throw MarketoSimulator.error("1006", "Field '" + f + "' not found");
            }
        }
        Set<String> keys = new LinkedHashSet<>();
        values.forEach(v -> keys.add(filterType.equals("email") ? v.toLowerCase(Locale.ROOT) : v));
        ObjectNode out = MarketoSimulator.success();
        ArrayNode result = out.putArray("result");
        List<SimRecord> found = filterType.equals("email")
                ? store.findByMatchKeys(MarketoSimulator.NAME, LEADS, keys)
                : keys.stream()
                        .flatMap(id -> store.findById(MarketoSimulator.NAME, LEADS, id).stream())
                        .sorted(Comparator.comparingLong(SimRecord::createdAt).thenComparing(SimRecord::id))
                        .toList();
        for (SimRecord r : found) {
            ObjectNode lead = result.addObject();
            for (String f : wanted) {
                switch (f) {
                    case "id" -> lead.put("id", Long.parseLong(r.id()));
                    case "createdAt" -> lead.put("createdAt", SandboxJson.iso(r.createdAt()));
                    case "updatedAt" -> lead.put("updatedAt", SandboxJson.iso(r.updatedAt()));
                    default -> lead.set(f, r.data().hasNonNull(f) ? r.data().get(f) : SandboxJson.MAPPER.nullNode());
                }
            }
        }
        return out;
    }

    private static String emailKey(JsonNode email) {
        return email == null || email.isNull() ? "" : email.asText("").trim().toLowerCase(Locale.ROOT);
    }

    private static ObjectNode skipped(String code, String message) {
        ObjectNode n = SandboxJson.object();
        n.put("status", "skipped");
        n.putArray("reasons").addObject().put("code", code).put("message", message);
        return n;
    }

    // ---------------------------------------------------------------- programs (asset API)

    /** A program as the instance has it now: archived when its seed says so or when it was archived since. */
    private Optional<MarketoAssets.Program> asset(long id) {
        return MarketoAssets.program(id).map(p -> simulator.archivedSince(p.id()) ? p.archive() : p);
    }

    /** {@code GET /rest/v1/leads/describe.json}: every lead field with its REST name, type, length and whether it is read-only. */
    public JsonNode describe() {
        ObjectNode out = MarketoSimulator.success();
        var result = out.putArray("result");
        int id = 1;
        for (MarketoCatalog.Field f : catalog.fields().values()) {
            ObjectNode n = result.addObject();
            n.put("id", id++);
            n.put("displayName", f.name());
            n.put("dataType", f.dataType());
            if (f.length() != null) n.put("length", f.length());
            n.putObject("rest").put("name", f.name()).put("readOnly", f.readOnly());
            n.putObject("soap").put("name", f.name()).put("readOnly", f.readOnly());
        }
        return out;
    }

    /** {@code GET /rest/asset/v1/program/{id}.json}: unknown ids answer success with no result and a warning, as Marketo does. */
    public JsonNode program(long id) {
        ObjectNode out = MarketoSimulator.success();
        Optional<MarketoAssets.Program> p = asset(id);
        if (p.isEmpty()) {
            out.putArray("warnings").add("No assets found for the given search criteria.");
            return out;
        }
        out.putArray("errors");
        out.putArray("warnings");
        out.putArray("result").add(MarketoAssets.view(p.get()));
        return out;
    }

    /** {@code GET /rest/asset/v1/channel/byName.json?name=}. */
    public JsonNode channel(String name) {
        if (name == null || name.isBlank()) {
            throw MarketoSimulator.error("701", "'name' cannot be blank");
        }
        ObjectNode out = MarketoSimulator.success();
        MarketoAssets.Channel c = MarketoAssets.CHANNELS.get(name);
        if (c == null) {
            out.putArray("warnings").add("No assets found for the given search criteria.");
            return out;
        }
        out.putArray("errors");
        out.putArray("warnings");
        out.putArray("result").add(MarketoAssets.view(c));
        return out;
    }

    // ---------------------------------------------------------------- program members

    private MarketoAssets.Program memberProgram(long programId) {
        MarketoAssets.Program p = asset(programId)
                .orElseThrow(() -> MarketoSimulator.error("1013", "Program '" + programId + "' not found"));
        if (p.archived()) {
            throw MarketoSimulator.error("1003", "Program '" + programId + "' is archived and cannot accept members");
        }
        return p;
    }

    /** {@code POST /rest/v1/programs/{programId}/members/status.json} {@code {"statusName","input":[{"leadId"}]}}. */
    public JsonNode setStatus(long programId, JsonNode body) {
        MarketoAssets.Program program = memberProgram(programId);
        MarketoAssets.Channel channel = MarketoAssets.channelOf(program);
        String statusName = body.path("statusName").asText("");
        if (statusName.isEmpty()) {
            throw MarketoSimulator.error("1003", "Value for required field 'statusName' not specified");
        }
        JsonNode input = body.path("input");
        if (!input.isArray() || input.isEmpty()) {
            throw MarketoSimulator.error("1003", "Value for required field 'input' not specified");
        }
        if (input.size() > MAX_BATCH) {
            throw MarketoSimulator.error("1003", "Batch size " + input.size() + " exceeds the maximum of " + MAX_BATCH);
        }
        Optional<MarketoAssets.Status> status = channel.status(statusName);
        return store.inTransaction(MarketoSimulator.NAME, () -> {
            ObjectNode out = MarketoSimulator.success();
            ArrayNode results = out.putArray("result");
            int seq = 0;
            for (JsonNode in : input) {
                ObjectNode r = results.addObject();
                r.put("seq", seq++);
                String leadId = in.path("leadId").asText("");
                if (!leadId.isEmpty()) {
                    r.put("leadId", in.path("leadId").asLong());
                }
                if (status.isEmpty()) {
                    skip(r, "1025", "Program status '" + statusName + "' not found");
                    continue;
                }
                if (leadId.isEmpty()
                        || store.findById(MarketoSimulator.NAME, LEADS, leadId).isEmpty()) {
                    skip(r, "1004", "Lead not found");
                    continue;
                }
                String key = programId + ":" + leadId;
                Optional<SimRecord> member = store.findById(MarketoSimulator.NAME, MEMBERS, key);
                if (member.isPresent()) {
                    int step = member.get().data().path("step").asInt();
                    if (step >= status.get().step()) {
                        skip(
                                r,
                                "1003",
                                "Lead is already at or past status '" + statusName + "' (currently '"
                                        + member.get()
                                                .data()
                                                .path("progressionStatus")
                                                .asText() + "')");
                        continue;
                    }
                    store.update(
                            MarketoSimulator.NAME,
                            MEMBERS,
                            key,
                            member(
                                    program,
                                    leadId,
                                    status.get(),
                                    member.get().data().path("membershipDate").asText()));
                    r.put("status", "updated");
                } else {
                    store.insert(
                            MarketoSimulator.NAME,
                            MEMBERS,
                            key,
                            key,
                            member(program, leadId, status.get(), SandboxJson.iso(store.now())));
                    r.put("status", "created");
                }
            }
            return out;
        });
    }

    private static ObjectNode member(
            MarketoAssets.Program program, String leadId, MarketoAssets.Status status, String since) {
        ObjectNode n = SandboxJson.object();
        n.put("programId", program.id());
        n.put("leadId", Long.parseLong(leadId));
        n.put("progressionStatus", status.name());
        n.put("step", status.step());
        n.put("reachedSuccess", status.success());
        n.put("membershipDate", since);
        return n;
    }

    private static void skip(ObjectNode r, String code, String message) {
        r.put("status", "skipped");
        r.putArray("reasons").addObject().put("code", code).put("message", message);
    }

    /** {@code GET /rest/v1/programs/{programId}/members.json?filterType=leadId&filterValues=}. */
    public JsonNode members(long programId, String filterType, String filterValues) {
        asset(programId).orElseThrow(() -> MarketoSimulator.error("1013", "Program '" + programId + "' not found"));
        if (filterType == null || filterValues == null) {
            throw MarketoSimulator.error("1003", "filterType and filterValues are required");
        }
        if (!filterType.equals("leadId")) {
            throw MarketoSimulator.error(
                    "1003", "Invalid filterType '" + filterType + "' (this instance supports leadId)");
        }
        List<String> values = Arrays.stream(filterValues.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        if (values.size() > MAX_BATCH) {
            throw MarketoSimulator.error(
                    "1003", "Too many filter values: " + values.size() + " (maximum " + MAX_BATCH + ")");
        }
        ObjectNode out = MarketoSimulator.success();
        ArrayNode result = out.putArray("result");
        int seq = 0;
        for (String leadId : new LinkedHashSet<>(values)) {
            Optional<SimRecord> m = store.findById(MarketoSimulator.NAME, MEMBERS, programId + ":" + leadId);
            if (m.isEmpty()) {
                continue;
            }
            ObjectNode n = result.addObject();
            n.put("seq", seq++);
            n.put("leadId", m.get().data().path("leadId").asLong());
            n.put("progressionStatus", m.get().data().path("progressionStatus").asText());
            n.put("reachedSuccess", m.get().data().path("reachedSuccess").asBoolean());
            n.put("membershipDate", m.get().data().path("membershipDate").asText());
        }
        return out;
    }

    /** Members of a program by lead id (tests, walk-through). */
    Map<String, String> statuses(long programId) {
        Map<String, String> out = new LinkedHashMap<>();
        for (SimRecord r : store.list(MarketoSimulator.NAME, MEMBERS)) {
            if (r.data().path("programId").asLong() == programId) {
                out.put(
                        r.data().path("leadId").asText(),
                        r.data().path("progressionStatus").asText());
            }
        }
        return out;
    }
}
