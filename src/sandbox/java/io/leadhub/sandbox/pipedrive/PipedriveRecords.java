package io.leadhub.sandbox.pipedrive;

import static io.leadhub.sandbox.pipedrive.PipedriveSimulator.NAME;
import static io.leadhub.sandbox.pipedrive.PipedriveSimulator.NOTES;
import static io.leadhub.sandbox.pipedrive.PipedriveSimulator.ORGANIZATIONS;
import static io.leadhub.sandbox.pipedrive.PipedriveSimulator.PERSONS;
import static io.leadhub.sandbox.pipedrive.PipedriveSimulator.failure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The records of the simulated Pipedrive company: persons (v2 search by email, phone or name,
 * read by ids, create, update), organizations (v2 search by name, create) and notes (v1), in
 * Pipedrive's {@code {"success":true,"data":…}} answer shape.
 */
final class PipedriveRecords {

    private final SimulatorStore store;
    private final PipedriveCatalog catalog;

    PipedriveRecords(SimulatorStore store, PipedriveCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    /** A stored record as Pipedrive shows it: numeric id, the fields, add and update times. */
    static ObjectNode view(SimRecord r) {
        ObjectNode n = SandboxJson.object();
        n.put("id", Long.parseLong(r.id()));
        n.setAll(r.dataCopy());
        n.put("add_time", SandboxJson.iso(r.createdAt()));
        n.put("update_time", SandboxJson.iso(r.updatedAt()));
        return n;
    }

    static ObjectNode ok(JsonNode data) {
        ObjectNode n = SandboxJson.object();
        n.put("success", true);
        n.set("data", data);
        return n;
    }

    // ---------------------------------------------------------------- persons

    /** {@code GET /api/v2/persons/search?term=&fields=email&exact_match=true}. */
    public ObjectNode searchPersons(String term, String fields, boolean exact) {
        String t = checkTerm(term, exact);
        Set<String> searched = searchFields(fields, Set.of("custom_fields", "email", "notes", "phone", "name"));
        List<SimRecord> hits = new ArrayList<>();
        for (SimRecord r : store.list(NAME, PERSONS)) {
            boolean hit = false;
            if (searched.contains("email"))
                for (JsonNode e : r.data().path("emails"))
                    hit |= matches(e.path("value").asText(), t, exact);
            if (searched.contains("phone"))
                for (JsonNode p : r.data().path("phones"))
                    hit |= matches(p.path("value").asText(), t, exact);
            if (searched.contains("name")) hit |= matches(r.data().path("name").asText(), t, exact);
            if (hit) hits.add(r);
        }
        hits.sort(Comparator.comparingLong(SimRecord::updatedAt).reversed());
        ArrayNode items = SandboxJson.array();
        for (SimRecord r : hits) {
            ObjectNode item = SandboxJson.object();
            item.put("id", Long.parseLong(r.id()));
            item.put("type", "person");
            item.put("name", r.data().path("name").asText());
            ArrayNode emails = item.putArray("emails");
            r.data().path("emails").forEach(e -> emails.add(e.path("value").asText()));
            ArrayNode phones = item.putArray("phones");
            r.data().path("phones").forEach(p -> phones.add(p.path("value").asText()));
            item.put("visible_to", r.data().path("visible_to").asInt(3));
            item.putObject("owner").put("id", 1);
            JsonNode orgId = r.data().path("org_id");
            if (orgId.isNumber()) {
                ObjectNode org = item.putObject("organization");
                org.put("id", orgId.asLong());
                org.put(
                        "name",
                        store.findById(NAME, ORGANIZATIONS, orgId.asText())
                                .map(o -> o.data().path("name").asText())
                                .orElse(null));
                org.putNull("address");
            } else {
                item.putNull("organization");
            }
            addSearchItem(items, item, r);
        }
        return searchAnswer(items);
    }

    /** One hit of a search answer: the item with its (empty) custom fields and notes and its update time. */
    static void addSearchItem(ArrayNode items, ObjectNode item, SimRecord r) {
        item.putArray("custom_fields");
        item.putArray("notes");
        item.put("update_time", SandboxJson.iso(r.updatedAt()));
        items.add(SandboxJson.object().put("result_score", 1.0).set("item", item));
    }

    /** A search answer: the hits, and no further page. */
    ObjectNode searchAnswer(ArrayNode items) {
        ObjectNode out = ok(SandboxJson.object().set("items", items));
        out.putObject("additional_data").putNull("next_cursor");
        return out;
    }

    /**
     * {@code GET /api/v2/persons?ids=1,2,3&limit=100}: the persons with those ids (at most 100 ids;
     * unknown or deleted ids are simply absent), in the v2 shape with {@code custom_fields}. Without
     * {@code ids}: the first {@code limit} persons. No further page ({@code next_cursor} null).
     */
    public ObjectNode persons(String ids, Integer limit) {
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > 500) throw failure(400, "Validation failed: limit: must be between 1 and 500");
        ArrayNode data = SandboxJson.array();
        if (ids != null && !ids.isBlank()) {
            List<String> wanted = Arrays.stream(ids.split(","))
                    .map(String::trim)
                    .filter(x -> !x.isEmpty())
                    .toList();
            if (wanted.size() > 100) throw failure(400, "Validation failed: ids: must contain at most 100 ids");
            for (String id : wanted) store.findById(NAME, PERSONS, id).ifPresent(r -> data.add(personView(r)));
        } else {
            store.list(NAME, PERSONS).stream().limit(max).forEach(r -> data.add(personView(r)));
        }
        ObjectNode out = ok(data);
        out.putObject("additional_data").putNull("next_cursor");
        return out;
    }

    /** {@code POST /api/v2/persons}. */
    public ObjectNode createPerson(JsonNode body) {
        ObjectNode data = personData(body, null);
        if (!data.path("name").isTextual() || data.path("name").asText().isBlank()) {
            throw failure(400, "Validation failed: name: Parameter 'name' is required");
        }
        SimRecord saved = store.inTransaction(
                NAME, () -> store.insert(NAME, PERSONS, String.valueOf(store.nextId(NAME, "person", 1)), null, data));
        return ok(personView(saved));
    }

    /** {@code PATCH /api/v2/persons/{id}}. */
    public ObjectNode updatePerson(String id, JsonNode body) {
        SimRecord saved = store.inTransaction(NAME, () -> {
            SimRecord existing = store.findById(NAME, PERSONS, id).orElseThrow(() -> failure(404, "Person not found"));
            ObjectNode data = personData(body, existing.dataCopy());
            if (data.path("name").asText("").isBlank())
                throw failure(400, "Validation failed: name: Parameter 'name' must not be empty");
            return store.update(NAME, PERSONS, id, data).orElseThrow();
        });
        return ok(personView(saved));
    }

    ObjectNode personData(JsonNode body, ObjectNode base) {
        if (body == null || !body.isObject()) throw failure(400, "Validation failed: body: must be a JSON object");
        ObjectNode data = base != null ? base : SandboxJson.object();
        for (var it = body.fields(); it.hasNext(); ) {
            var e = it.next();
            String f = e.getKey();
            if (f.equals("custom_fields")) {
                ObjectNode customs = data.has("custom_fields")
                        ? (ObjectNode) data.get("custom_fields")
                        : data.putObject("custom_fields");
                e.getValue().fields().forEachRemaining(c -> {
                    catalog.checkCustom("person", c.getKey(), c.getValue()).ifPresent(m -> {
                        throw failure(400, m);
                    });
                    customs.set(c.getKey(), c.getValue());
                });
            } else if (!catalog.isStandard("person", f)) {
                throw failure(400, "Validation failed: " + f + ": unknown property");
            } else if (f.equals("org_id") && !e.getValue().isNull()) {
                if (store.findById(NAME, ORGANIZATIONS, e.getValue().asText()).isEmpty())
                    throw failure(400, "Organization not found");
                data.put("org_id", e.getValue().asLong());
            } else if (f.equals("emails") || f.equals("phones")) {
                if (!e.getValue().isArray()) throw failure(400, "Validation failed: " + f + ": must be array");
                for (JsonNode v : e.getValue()) {
                    if (!v.path("value").isTextual())
                        throw failure(400, "Validation failed: " + f + ": value: Parameter 'value' is required");
                }
                data.set(f, e.getValue());
            } else {
                JsonNode v = e.getValue();
                if (v.isTextual() && v.asText().length() > 255) {
                    throw failure(
                            400, "Validation failed: " + f + ": Value is too long: maximum length is 255 characters");
                }
                data.set(f, v);
            }
        }
        if (!data.has("visible_to")) data.put("visible_to", 3);
        return data;
    }

    ObjectNode personView(SimRecord r) {
        ObjectNode n = view(r);
        if (!n.has("org_id")) n.putNull("org_id");
        if (!n.has("emails")) n.putArray("emails");
        if (!n.has("phones")) n.putArray("phones");
        if (!n.has("custom_fields")) n.putObject("custom_fields");
        n.put("owner_id", 1);
        n.put("is_deleted", false);
        return n;
    }

    // ---------------------------------------------------------------- organizations

    /** {@code GET /api/v2/organizations/search?term=&fields=name&exact_match=true}. */
    public ObjectNode searchOrganizations(String term, String fields, boolean exact) {
        String t = checkTerm(term, exact);
        Set<String> searched = searchFields(fields, Set.of("address", "custom_fields", "notes", "name"));
        List<SimRecord> hits = new ArrayList<>();
        for (SimRecord r : store.list(NAME, ORGANIZATIONS)) {
            if (searched.contains("name") && matches(r.data().path("name").asText(), t, exact)) hits.add(r);
        }
        hits.sort(Comparator.comparingLong(SimRecord::updatedAt).reversed());
        ArrayNode items = SandboxJson.array();
        for (SimRecord r : hits) {
            ObjectNode item = SandboxJson.object();
            item.put("id", Long.parseLong(r.id()));
            item.put("type", "organization");
            item.put("name", r.data().path("name").asText());
            item.putNull("address");
            item.put("visible_to", 3);
            item.putObject("owner").put("id", 1);
            addSearchItem(items, item, r);
        }
        return searchAnswer(items);
    }

    /** {@code POST /api/v2/organizations}. */
    public ObjectNode createOrganization(JsonNode body) {
        if (body == null || !body.isObject()) throw failure(400, "Validation failed: body: must be a JSON object");
        ObjectNode data = SandboxJson.object();
        for (var it = body.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("custom_fields")) {
                ObjectNode customs = data.putObject("custom_fields");
                e.getValue().fields().forEachRemaining(c -> {
                    catalog.checkCustom("organization", c.getKey(), c.getValue())
                            .ifPresent(m -> {
                                throw failure(400, m);
                            });
                    customs.set(c.getKey(), c.getValue());
                });
            } else if (!catalog.isStandard("organization", e.getKey())) {
                throw failure(400, "Validation failed: " + e.getKey() + ": unknown property");
            } else {
                data.set(e.getKey(), e.getValue());
            }
        }
        if (!data.path("name").isTextual() || data.path("name").asText().isBlank()) {
            throw failure(400, "Validation failed: name: Parameter 'name' is required");
        }
        SimRecord saved = store.inTransaction(
                NAME,
                () -> store.insert(
                        NAME, ORGANIZATIONS, String.valueOf(store.nextId(NAME, "organization", 1)), null, data));
        ObjectNode view = view(saved);
        view.put("owner_id", 1);
        view.put("is_deleted", false);
        return ok(view);
    }

    // ---------------------------------------------------------------- notes (v1)

    /** {@code POST /v1/notes}: {@code content} and one of person_id / org_id. */
    public ObjectNode createNote(JsonNode body) {
        if (body == null
                || !body.path("content").isTextual()
                || body.path("content").asText().isBlank()) {
            throw failure(400, "Content is required");
        }
        JsonNode person = body.path("person_id");
        JsonNode org = body.path("org_id");
        if (person.isMissingNode() && org.isMissingNode()) {
            throw failure(400, "Note must be attached to a deal, person, organization, lead or project");
        }
        if (!person.isMissingNode()
                && store.findById(NAME, PERSONS, person.asText()).isEmpty()) throw failure(404, "Person not found");
        if (!org.isMissingNode()
                && store.findById(NAME, ORGANIZATIONS, org.asText()).isEmpty())
            throw failure(404, "Organization not found");
        ObjectNode data = SandboxJson.object();
        data.put("content", body.get("content").asText());
        if (!person.isMissingNode()) data.put("person_id", person.asLong());
        if (!org.isMissingNode()) data.put("org_id", org.asLong());
        SimRecord saved = store.inTransaction(
                NAME, () -> store.insert(NAME, NOTES, String.valueOf(store.nextId(NAME, "note", 1)), null, data));
        ObjectNode view = view(saved);
        view.put("active_flag", true);
        return ok(view);
    }

    // ---------------------------------------------------------------- search helpers

    static String checkTerm(String term, boolean exact) {
        String t = term == null ? "" : term.trim();
        if (t.length() < (exact ? 1 : 2)) {
            throw failure(
                    400,
                    "Validation failed: term: Search term must be at least " + (exact ? 1 : 2) + " characters long");
        }
        return t;
    }

    static Set<String> searchFields(String fields, Set<String> allowed) {
        if (fields == null || fields.isBlank()) return allowed;
        Set<String> out = new HashSet<>();
        for (String f : fields.split(",")) {
            String name = f.trim();
            if (!allowed.contains(name)) throw failure(400, "Validation failed: fields: invalid field '" + name + "'");
            out.add(name);
        }
        return out;
    }

    static boolean matches(String value, String term, boolean exact) {
        if (value == null) return false;
        String v = value.trim().toLowerCase(Locale.ROOT);
        String t = term.toLowerCase(Locale.ROOT);
        return exact ? v.equals(t) : v.contains(t);
    }
}
