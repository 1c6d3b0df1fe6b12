package io.leadhub.sandbox.zoho;

import static io.leadhub.sandbox.zoho.ZohoSimulator.BATCH_MAX;
import static io.leadhub.sandbox.zoho.ZohoSimulator.MODULES;
import static io.leadhub.sandbox.zoho.ZohoSimulator.NAME;
import static io.leadhub.sandbox.zoho.ZohoSimulator.USER_ID;
import static io.leadhub.sandbox.zoho.ZohoSimulator.error;
import static io.leadhub.sandbox.zoho.ZohoSimulator.requestError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorStore;
import io.leadhub.sandbox.zoho.ZohoSimulator.ResultSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The record API of the simulated Zoho org: upsert by duplicate check fields, Notes on a lead,
 * contact or account, and COQL reads, each answered per record in Zoho's result shape.
 */
final class ZohoRecords {

    private final SimulatorStore store;
    private final ZohoCatalog catalog;

    ZohoRecords(SimulatorStore store, ZohoCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    String module(String module) {
        if (!MODULES.contains(module)) {
            throw requestError(
                    400,
                    "INVALID_MODULE",
                    "the module name given seems to be invalid",
                    SandboxJson.object().put("resource_path_index", 0));
        }
        return module;
    }

    static List<JsonNode> data(JsonNode body) {
        JsonNode data = body == null ? null : body.get("data");
        if (data == null || !data.isArray() || data.isEmpty()) {
            throw requestError(
                    400, "MANDATORY_NOT_FOUND", "required field not found", ZohoCatalog.details("data", "$.data"));
        }
        if (data.size() > BATCH_MAX) {
            throw requestError(
                    400,
                    "LIMIT_EXCEEDED",
                    "the number of records exceeds the limit",
                    SandboxJson.object().put("limit", BATCH_MAX).put("api_name", "data"));
        }
        List<JsonNode> out = new ArrayList<>();
        data.forEach(out::add);
        return out;
    }

    public String fieldsModule(String module) {
        if (module == null || module.isBlank()) {
            throw requestError(
                    400,
                    "REQUIRED_PARAM_MISSING",
                    "One of the expected parameter is missing",
                    SandboxJson.object().put("param_name", "module"));
        }
        if (!catalog.hasModule(module)) {
            throw requestError(
                    400,
                    "INVALID_DATA",
                    "the given module is not supported in api",
                    SandboxJson.object().put("param_name", "module"));
        }
        return module;
    }

    /** {@code POST /crm/v8/{module}/upsert}. */
    public ResultSet upsert(String module, JsonNode body) {
        module(module);
        List<JsonNode> records = data(body);
        List<String> dupFields = new ArrayList<>();
        body.path("duplicate_check_fields").forEach(f -> dupFields.add(f.asText()));
        String unique = catalog.uniqueField(module);
        if (dupFields.isEmpty() && unique != null) dupFields.add(unique);
        for (String f : dupFields) {
            if (!catalog.fields(module).containsKey(f)) {
                throw requestError(
                        400, "INVALID_DATA", "invalid data", ZohoCatalog.details(f, "$.duplicate_check_fields"));
            }
        }
        return store.inTransaction(NAME, () -> {
            ResultSet results = new ResultSet();
            for (int i = 0; i < records.size(); i++) {
                results.add(upsertOne(module, records.get(i), i, dupFields, unique));
            }
            return results;
        });
    }

    ObjectNode upsertOne(String module, JsonNode rec, int index, List<String> dupFields, String unique) {
        String path = "$.data[" + index + "]";
        if (!rec.isObject()) return failure("INVALID_DATA", "invalid data", ZohoCatalog.details("data", path));
        SimRecord target = null;
        String duplicateField = null;
        if (rec.hasNonNull("id")) {
            target = store.findById(NAME, module, rec.get("id").asText()).orElse(null);
            if (target == null) {
                return failure(
                        "INVALID_DATA", "the id given seems to be invalid", ZohoCatalog.details("id", path + ".id"));
            }
        } else {
            for (String f : dupFields) {
                String v = text(rec.get(f));
                if (v == null) continue;
                Optional<SimRecord> hit = f.equals(unique)
                        ? store.findByUniqueKey(NAME, module, norm(v))
                        : store.list(NAME, module).stream()
                                .filter(r -> v.equalsIgnoreCase(r.data().path(f).asText()))
                                .findFirst();
                if (hit.isPresent()) {
                    target = hit.get();
                    duplicateField = f;
                    break;
                }
            }
        }
        // values
        for (Iterator<Map.Entry<String, JsonNode>> it = rec.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("id") || e.getKey().startsWith("$")) continue;
            var problem = catalog.check(module, e.getKey(), e.getValue(), path + "." + e.getKey());
            if (problem.isPresent())
                return failure(
                        problem.get().code(),
                        problem.get().message(),
                        problem.get().details());
            if (module.equals("Contacts")
                    && e.getKey().equals("Account_Name")
                    && store.findById(NAME, "Accounts", e.getValue().path("id").asText())
                            .isEmpty()) {
                return failure(
                        "INVALID_DATA", "invalid data", ZohoCatalog.details("Account_Name", path + ".Account_Name.id"));
            }
        }
        for (ZohoCatalog.Field f : catalog.fields(module).values()) {
            if (!f.mandatory()) continue;
            boolean present = text(rec.get(f.apiName())) != null;
            boolean blanked = rec.has(f.apiName()) && !present;
            if ((target == null && !present) || blanked) {
                return failure(
                        "MANDATORY_NOT_FOUND",
                        "required field not found",
                        ZohoCatalog.details(f.apiName(), path + "." + f.apiName()));
            }
        }
        // a unique value that belongs to another record
        if (unique != null && text(rec.get(unique)) != null) {
            Optional<SimRecord> owner = store.findByUniqueKey(NAME, module, norm(text(rec.get(unique))));
            if (owner.isPresent() && (target == null || !owner.get().id().equals(target.id()))) {
                ObjectNode d = ZohoCatalog.details(unique, path + "." + unique);
                d.put("more_records", false);
                ObjectNode dup = d.putObject("duplicate_record");
                dup.put("id", owner.get().id());
                dup.putObject("Owner").put("name", "Sandbox User").put("id", USER_ID);
                dup.putObject("module").put("api_name", module);
                return failure("DUPLICATE_DATA", "duplicate data", d);
            }
        }
        ObjectNode values = rec.deepCopy();
        values.remove("id");
        boolean insert = target == null;
        SimRecord saved;
        if (insert) {
            String id = String.valueOf(store.nextId(NAME, "record", 5725767000000400001L));
            String key =
                    unique == null ? null : text(values.get(unique)) == null ? null : norm(text(values.get(unique)));
            saved = store.insert(NAME, module, id, key, values);
        } else {
            ObjectNode merged = target.dataCopy();
            merged.setAll(values);
            String key = unique == null
                    ? target.uniqueKey()
                    : text(merged.get(unique)) == null ? null : norm(text(merged.get(unique)));
            saved = store.update(NAME, module, target.id(), key, merged).orElseThrow();
        }
        ObjectNode ok = SandboxJson.object();
        ok.put("code", "SUCCESS");
        if (duplicateField != null) ok.put("duplicate_field", duplicateField);
        else ok.putNull("duplicate_field");
        ok.put("action", insert ? "insert" : "update");
        ok.set("details", recordDetails(saved));
        ok.put("message", insert ? "record added" : "record updated");
        ok.put("status", "success");
        return ok;
    }

    /** {@code POST /crm/v8/Notes}: each note needs Note_Content and a Parent_Id of an existing Lead / Contact / Account. */
    public ResultSet notes(JsonNode body) {
        List<JsonNode> records = data(body);
        return store.inTransaction(NAME, () -> {
            ResultSet results = new ResultSet();
            for (int i = 0; i < records.size(); i++) {
                JsonNode n = records.get(i);
                String path = "$.data[" + i + "]";
                String parentModule = n.path("Parent_Id")
                        .path("module")
                        .path("api_name")
                        .asText(n.path("$se_module").asText(""));
                String parentId = n.path("Parent_Id").path("id").asText("");
                if (text(n.get("Note_Content")) == null) {
                    results.add(failure(
                            "MANDATORY_NOT_FOUND",
                            "required field not found",
                            ZohoCatalog.details("Note_Content", path + ".Note_Content")));
                } else if (parentId.isEmpty()) {
                    results.add(failure(
                            "MANDATORY_NOT_FOUND",
                            "required field not found",
                            ZohoCatalog.details("Parent_Id", path + ".Parent_Id")));
                } else if (!MODULES.contains(parentModule)
                        || store.findById(NAME, parentModule, parentId).isEmpty()) {
                    results.add(failure(
                            "INVALID_DATA", "invalid data", ZohoCatalog.details("Parent_Id", path + ".Parent_Id")));
                } else {
                    ObjectNode data = SandboxJson.object();
                    data.put("Note_Title", n.path("Note_Title").asText(""));
                    data.put("Note_Content", n.path("Note_Content").asText());
                    data.putObject("Parent_Id")
                            .put("id", parentId)
                            .putObject("module")
                            .put("api_name", parentModule);
                    SimRecord saved = store.insert(
                            NAME,
                            "Notes",
                            String.valueOf(store.nextId(NAME, "record", 5725767000000400001L)),
                            null,
                            data);
                    ObjectNode ok = SandboxJson.object();
                    ok.put("code", "SUCCESS");
                    ok.set("details", recordDetails(saved));
                    ok.put("message", "record added");
                    ok.put("status", "success");
                    results.add(ok);
                }
            }
            return results;
        });
    }

    /** {@code GET /crm/v8/Campaigns/{id}}: the campaign, or null (204) when there is none. */

    /**
     * {@code POST /crm/v8/coql} {@code {"select_query": "select Email, Title from Leads where Email in ('a@x.io') or id in ('1') limit 200"}}:
     * the matching records with the selected fields and their id; null (HTTP 204) when none.
     * The subset of COQL understood is {@link ZohoQuery}'s.
     */
    public JsonNode coql(JsonNode body) {
        ZohoQuery.Parsed q;
        try {
            q = ZohoQuery.parse(body == null ? null : body.path("select_query").asText(null));
        } catch (ZohoQuery.Invalid e) {
            throw requestError(400, e.code, e.getMessage(), SandboxJson.object());
        }
        module(q.module());
        for (String f : concat(q.fields(), q.anyOf().keySet())) {
            if (!f.equals("id") && !catalog.fields(q.module()).containsKey(f)) {
                throw requestError(
                        400,
                        "INVALID_QUERY",
                        "invalid column given",
                        SandboxJson.object().put("column_name", f));
            }
        }
        ArrayNode data = SandboxJson.array();
        for (SimRecord r : store.list(NAME, q.module())) {
            boolean hit = q.anyOf().entrySet().stream()
                    .anyMatch(c -> ZohoQuery.matches(
                            c.getKey().equals("id") ? r.id() : text(r.data().get(c.getKey())), c.getValue()));
            if (!hit) continue;
            if (data.size() == q.limit()) break;
            ObjectNode row = data.addObject();
            for (String f : q.fields()) {
                if (!f.equals("id")) row.set(f, r.data().has(f) ? r.data().get(f) : NullNode.getInstance());
            }
            row.put("id", r.id());
        }
        if (data.isEmpty()) return null;
        ObjectNode out = SandboxJson.object();
        out.set("data", data);
        out.putObject("info").put("count", data.size()).put("more_records", false);
        return out;
    }

    static List<String> concat(Collection<String> a, Collection<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    static ObjectNode recordDetails(SimRecord r) {
        ObjectNode d = SandboxJson.object();
        d.put("Modified_Time", SandboxJson.iso(r.updatedAt()));
        d.putObject("Modified_By").put("name", "Sandbox User").put("id", USER_ID);
        d.put("Created_Time", SandboxJson.iso(r.createdAt()));
        d.put("id", r.id());
        d.putObject("Created_By").put("name", "Sandbox User").put("id", USER_ID);
        return d;
    }

    static ObjectNode failure(String code, String message, ObjectNode details) {
        return error(code, message, details);
    }

    static String text(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (v.isArray() || v.isObject()) return v.isEmpty() ? null : v.toString();
        String s = v.asText().trim();
        return s.isEmpty() ? null : s;
    }

    static String norm(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }
}
