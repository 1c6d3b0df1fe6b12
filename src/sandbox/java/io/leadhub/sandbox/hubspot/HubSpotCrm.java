package io.leadhub.sandbox.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorResponseException;
import io.leadhub.sandbox.SimulatorStore;
import io.leadhub.sandbox.hubspot.HubSpotCatalog.Property;
import io.leadhub.sandbox.hubspot.HubSpotCatalog.Violation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * HubSpot CRM v3/v4 object behaviour of the simulator: contacts (unique by email), companies,
 * contact–company associations and engagements, with HubSpot's validation and answer shapes.
 */
@Component
@Profile("sandbox")
public class HubSpotCrm {

    public static final int MAX_BATCH = 100;
    public static final int MAX_ASSOCIATION_BATCH = 2000;
    public static final int MAX_SEARCH_LIMIT = 200;
    public static final Set<String> ENGAGEMENTS = Set.of("notes", "calls", "meetings", "emails", "tasks");

    private static final String V = HubSpotSimulator.NAME;
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.[A-Za-z]{2,63}$");
    private static final Map<String, Long> ID_BASE = Map.of(
            "contacts",
            10_000_001L,
            "companies",
            20_000_001L,
            "associations",
            30_000_001L,
            "notes",
            40_000_001L,
            "calls",
            50_000_001L,
            "meetings",
            60_000_001L,
            "emails",
            70_000_001L,
            "tasks",
            80_000_001L);

    /** Allowed HUBSPOT_DEFINED association type ids per direction. */
    private static final Map<String, Set<Integer>> TYPE_IDS = Map.ofEntries(
            Map.entry("contacts->companies", Set.of(1, 279)),
            Map.entry("companies->contacts", Set.of(2, 280)),
            Map.entry("notes->contacts", Set.of(202)),
            Map.entry("notes->companies", Set.of(190)),
            Map.entry("calls->contacts", Set.of(194)),
            Map.entry("calls->companies", Set.of(182)),
            Map.entry("emails->contacts", Set.of(198)),
            Map.entry("emails->companies", Set.of(186)),
            Map.entry("meetings->contacts", Set.of(200)),
            Map.entry("meetings->companies", Set.of(188)),
            Map.entry("tasks->contacts", Set.of(204)),
            Map.entry("tasks->companies", Set.of(192)));

    private final HubSpotSimulator simulator;
    private final SimulatorStore store;
    private final HubSpotCatalog catalog;

    public HubSpotCrm(HubSpotSimulator simulator, HubSpotCatalog catalog) {
        this.simulator = simulator;
        this.store = simulator.store();
        this.catalog = catalog;
    }

    public HubSpotCatalog catalog() {
        return catalog;
    }

    // ================================================================= views

    /** HubSpot object shape; {@code requested} null = every stored property. */
    static ObjectNode view(SimRecord r, Collection<String> requested) {
        ObjectNode out = SandboxJson.object();
        out.put("id", r.id());
        ObjectNode stored = (ObjectNode) r.data().path("properties");
        ObjectNode props = out.putObject("properties");
        if (requested == null) {
            props.setAll(stored.deepCopy());
        } else {
            for (String name : requested) {
                JsonNode v = stored.get(name);
                if (v == null) {
                    props.putNull(name);
                } else {
                    props.set(name, v);
                }
            }
        }
        String created = SandboxJson.iso(r.createdAt());
        String updated = SandboxJson.iso(r.updatedAt());
        switch (r.object()) {
            case "contacts" -> props.put("createdate", created).put("lastmodifieddate", updated);
            case "companies" -> props.put("createdate", created).put("hs_lastmodifieddate", updated);
            default -> props.put("hs_createdate", created).put("hs_lastmodifieddate", updated);
        }
        props.put("hs_object_id", r.id());
        out.put("createdAt", created);
        out.put("updatedAt", updated);
        out.put("archived", false);
        return out;
    }

    private static List<String> defaultRead(String object) {
        return switch (object) {
            case "contacts" -> List.of("email", "firstname", "lastname");
            case "companies" -> List.of("name", "domain");
            default -> List.of("hs_timestamp");
        };
    }

    private static List<String> requestedProperties(JsonNode node, String object) {
        List<String> names = new ArrayList<>();
        if (node != null && node.isArray()) {
            node.forEach(n -> names.add(n.asText()));
        } else if (node != null && node.isTextual() && !node.asText().isBlank()) {
            for (String s : node.asText().split(",")) {
                names.add(s.trim());
            }
        }
        return names.isEmpty() ? defaultRead(object) : names;
    }

    // ================================================================= errors

    static SimulatorResponseException badRequest(String message, ArrayNode errors) {
        ObjectNode body = HubSpotSimulator.error(message, "VALIDATION_ERROR");
        if (errors != null) {
            body.set("errors", errors);
        }
        return new SimulatorResponseException(400, body);
    }

    /**
     * HubSpot's answer to invalid property values of a create, update or upsert: 400
     * VALIDATION_ERROR whose {@code message} embeds the list of problems as a JSON string (one entry
     * per invalid value: {@code isValid}, {@code message}, {@code error} code, property {@code name});
     * there is no {@code errors} array in this answer.
     */
    private static SimulatorResponseException propertyErrors(List<Violation> violations) {
        ArrayNode legacy = SandboxJson.array();
        for (Violation v : violations) {
            legacy.addObject()
                    .put("isValid", false)
                    .put("message", v.message())
                    .put("error", v.code())
                    .put("name", v.propertyName())
                    .put("localizedErrorMessage", v.message());
        }
        return badRequest("Property values were not valid: " + SandboxJson.write(legacy), null);
    }

    private static ObjectNode recordError(String category, String message, Collection<String> ids) {
        ObjectNode e = SandboxJson.object();
        e.put("status", "error");
        e.put("category", category);
        e.put("message", message);
        ArrayNode idArray = e.putObject("context").putArray("ids");
        ids.forEach(idArray::add);
        e.putArray("errors");
        e.putObject("links");
        return e;
    }

    private static ObjectNode notFound(String object, Collection<String> ids) {
        String type = object.toUpperCase(Locale.ROOT).replaceAll("S$", "").replace("COMPANIE", "COMPANY");
        return recordError(
                "OBJECT_NOT_FOUND",
                "Could not get some " + type + " objects, they may be deleted or not exist. Check that ids are valid.",
                ids);
    }

    private static SimulatorResponseException objectNotFound404(String id) {
        ObjectNode body =
                HubSpotSimulator.error("Object not found.  objectId are usually numeric.", "OBJECT_NOT_FOUND");
        body.putObject("context").putArray("id").add(id);
        return new SimulatorResponseException(404, body);
    }

    private ResponseEntity<JsonNode> batchAnswer(
            int okStatus, String startedAt, ArrayNode results, List<ObjectNode> errors) {
        ObjectNode out = SandboxJson.object();
        out.put("status", "COMPLETE");
        out.set("results", results);
        if (!errors.isEmpty()) {
            out.put("numErrors", errors.size());
            out.putArray("errors").addAll(errors);
        }
        out.put("startedAt", startedAt);
        out.put("completedAt", SandboxJson.iso(simulator.now()));
        return ResponseEntity.status(errors.isEmpty() ? okStatus : 207).body(out);
    }

    // ================================================================= validation helpers

    private static List<JsonNode> inputs(JsonNode body, int max) {
        if (body == null || !body.path("inputs").isArray()) {
            throw badRequest("Invalid input JSON on line 1: \"inputs\" must be an array", null);
        }
        List<JsonNode> list = new ArrayList<>();
        body.get("inputs").forEach(list::add);
        if (list.size() > max) {
            throw badRequest(
                    "Batch input size " + list.size() + " exceeds the maximum of " + max + " inputs per request", null);
        }
        for (JsonNode in : list) {
            if (!in.isObject()) {
                throw badRequest("Invalid input JSON: every input must be an object", null);
            }
        }
        return list;
    }

    private static void requireProperties(JsonNode input, int index) {
        if (!input.path("properties").isObject()) {
            throw badRequest(
                    "Invalid input JSON: inputs[" + index + "].properties is required and must be an object", null);
        }
    }

    private static String requireId(JsonNode input, int index) {
        JsonNode id = input.get("id");
        if (id == null || id.isNull() || id.isContainerNode() || id.asText().isBlank()) {
            throw badRequest("Invalid input JSON: inputs[" + index + "].id is required", null);
        }
        return id.asText();
    }

    private static void rejectDuplicates(List<String> ids) {
        Set<String> seen = new HashSet<>();
        Set<String> dups = new LinkedHashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                dups.add(id);
            }
        }
        if (!dups.isEmpty()) {
            throw badRequest("Duplicate IDs found in batch input: " + dups, null);
        }
    }

    private void validateProperties(String object, List<JsonNode> propertyNodes) {
        List<Violation> all = new ArrayList<>();
        for (JsonNode p : propertyNodes) {
            all.addAll(catalog.validate(object, p));
        }
        if (!all.isEmpty()) {
            throw propertyErrors(all);
        }
    }

    static String normalizeEmail(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    static boolean validEmail(String email) {
        return email != null && email.length() <= 254 && EMAIL.matcher(email).matches();
    }

    /** Stored form of a property value; null = clear. */
    private String storedValue(String object, String name, JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.asText();
        if (s.isEmpty()) {
            return null;
        }
        Property p = catalog.property(object, name).orElse(null);
        if (p == null) {
            return s;
        }
        if (name.equals("email")) {
            return normalizeEmail(s);
        }
        if (p.multiSelect()) {
            return Arrays.stream(s.split(";"))
                    .map(String::trim)
                    .filter(x -> !x.isEmpty())
                    .collect(Collectors.joining(";"));
        }
        return switch (p.type()) {
            case "number" -> new BigDecimal(s.trim()).stripTrailingZeros().toPlainString();
            case "bool" -> s.trim().toLowerCase(Locale.ROOT);
            case "datetime" -> SandboxJson.iso(HubSpotCatalog.parseDateTime(s));
            case "date" -> HubSpotCatalog.parseDate(s).toString();
            default -> s;
        };
    }

    /** Merges input properties into stored ones (null / "" removes). */
    private ObjectNode merge(String object, ObjectNode stored, JsonNode input) {
        ObjectNode merged = stored == null ? SandboxJson.object() : stored.deepCopy();
        input.fields().forEachRemaining(e -> {
            String value = storedValue(object, e.getKey(), e.getValue());
            if (value == null) {
                merged.remove(e.getKey());
            } else {
                merged.put(e.getKey(), value);
            }
        });
        return merged;
    }

    private static ObjectNode data(ObjectNode properties) {
        ObjectNode d = SandboxJson.object();
        d.set("properties", properties);
        return d;
    }

    private static ObjectNode props(SimRecord r) {
        return (ObjectNode) r.dataCopy().path("properties");
    }

    private SimRecord create(String object, ObjectNode properties, String uniqueKey) {
        String id = String.valueOf(store.nextId(V, object, ID_BASE.getOrDefault(object, 90_000_001L)));
        if (ID_BASE.containsKey(object) && !"associations".equals(object)) {
            properties.remove("hs_object_id");
        }
        return store.insert(V, object, id, uniqueKey, data(properties));
    }

    private SimRecord save(SimRecord existing, ObjectNode properties, String uniqueKey) {
        return store.update(V, existing.object(), existing.id(), uniqueKey, data(properties))
                .orElseThrow();
    }

    private Optional<SimRecord> find(String object, String id) {
        return id == null ? Optional.empty() : store.findById(V, object, id.trim());
    }

    private Optional<SimRecord> findContactByEmail(String email) {
        return store.findByUniqueKey(V, "contacts", normalizeEmail(email));
    }

    // ================================================================= contacts

    /** {@code POST /crm/v3/objects/contacts/batch/upsert}. */
    public ResponseEntity<JsonNode> upsertContacts(JsonNode body) {
        String started = SandboxJson.iso(simulator.now());
        List<JsonNode> inputs = inputs(body, MAX_BATCH);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode in = inputs.get(i);
            String id = requireId(in, i);
            requireProperties(in, i);
            String idProperty = in.path("idProperty").asText(null);
            if (idProperty == null || idProperty.isBlank()) {
                throw badRequest("inputs[" + i + "].idProperty is required for upsert (use \"email\")", null);
            }
            Property p = catalog.property("contacts", idProperty).orElse(null);
            if (p == null || !p.unique() || p.readOnly()) {
                throw badRequest(
                        "Invalid idProperty \"" + idProperty + "\": it must be a unique-value property such as email",
                        null);
            }
            ids.add(normalizeEmail(id));
        }
        rejectDuplicates(ids);
        validateProperties(
                "contacts", inputs.stream().map(in -> in.get("properties")).toList());

        return store.inTransaction(V, () -> {
            ArrayNode results = SandboxJson.array();
            List<ObjectNode> errors = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                JsonNode in = inputs.get(i);
                String rawId = in.get("id").asText();
                String email = ids.get(i);
                if (!validEmail(email)) {
                    errors.add(
                            recordError("VALIDATION_ERROR", "Email address " + rawId + " is invalid", List.of(rawId)));
                    continue;
                }
                JsonNode properties = in.get("properties");
                String companyId =
                        storedValue("contacts", "associatedcompanyid", properties.get("associatedcompanyid"));
                if (companyId != null && find("companies", companyId).isEmpty()) {
                    errors.add(recordError(
                            "OBJECT_NOT_FOUND",
                            "Company " + companyId + " (associatedcompanyid) does not exist",
                            List.of(rawId)));
                    continue;
                }
                Optional<SimRecord> existing = findContactByEmail(email);
                ObjectNode merged =
                        merge("contacts", existing.map(HubSpotCrm::props).orElse(null), properties);
                merged.put("email", email);
                SimRecord saved =
                        existing.isPresent() ? save(existing.get(), merged, email) : create("contacts", merged, email);
                if (companyId != null) {
                    associateContactCompany(saved.id(), companyId, true);
                }
                ObjectNode result = view(saved, null);
                result.put("new", existing.isEmpty());
                results.add(result);
            }
            return batchAnswer(200, started, results, errors);
        });
    }

    /** {@code POST /crm/v3/objects/{contacts|companies}/batch/update}. */
    public ResponseEntity<JsonNode> batchUpdate(String object, JsonNode body) {
        String started = SandboxJson.iso(simulator.now());
        List<JsonNode> inputs = inputs(body, MAX_BATCH);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode in = inputs.get(i);
            String id = requireId(in, i);
            requireProperties(in, i);
            String idProperty = in.path("idProperty").asText(null);
            if (idProperty != null
                    && !idProperty.equals("hs_object_id")
                    && !(object.equals("contacts") && idProperty.equals("email"))) {
                throw badRequest("Invalid idProperty \"" + idProperty + "\"", null);
            }
            ids.add("email".equals(idProperty) ? normalizeEmail(id) : id.trim());
        }
        rejectDuplicates(ids);
        validateProperties(
                object, inputs.stream().map(in -> in.get("properties")).toList());

        return store.inTransaction(V, () -> {
            ArrayNode results = SandboxJson.array();
            List<ObjectNode> errors = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                JsonNode in = inputs.get(i);
                boolean byEmail = "email".equals(in.path("idProperty").asText(null));
                Optional<SimRecord> existing = byEmail ? findContactByEmail(ids.get(i)) : find(object, ids.get(i));
                if (existing.isEmpty()) {
                    missing.add(in.get("id").asText());
                    continue;
                }
                try {
                    results.add(view(applyUpdate(existing.get(), in.get("properties")), null));
                } catch (RecordProblem p) {
                    errors.add(recordError(
                            p.category, p.getMessage(), List.of(in.get("id").asText())));
                }
            }
            if (!missing.isEmpty()) {
                errors.add(0, notFound(object, missing));
            }
            return batchAnswer(200, started, results, errors);
        });
    }

    /** A per-record problem inside a batch (or the whole answer of a single-record call). */
    private static final class RecordProblem extends RuntimeException {
        final String category;
        final int status;

        RecordProblem(int status, String category, String message) {
            super(message);
            this.status = status;
            this.category = category;
        }
    }

    /** Applies validated properties to an existing contact or company. */
    private SimRecord applyUpdate(SimRecord existing, JsonNode properties) {
        String object = existing.object();
        ObjectNode merged = merge(object, props(existing), properties);
        String uniqueKey = existing.uniqueKey();
        String companyId = null;
        if (object.equals("contacts")) {
            String email = merged.path("email").asText(null);
            if (properties.has("email")) {
                if (email != null && !validEmail(email)) {
                    throw new RecordProblem(
                            400,
                            "VALIDATION_ERROR",
                            "Email address " + properties.get("email").asText() + " is invalid");
                }
                Optional<SimRecord> other = email == null ? Optional.empty() : findContactByEmail(email);
                if (other.isPresent() && !other.get().id().equals(existing.id())) {
                    throw new RecordProblem(
                            409,
                            "CONFLICT",
                            "Contact already exists. Existing ID: "
                                    + other.get().id());
                }
            }
            uniqueKey = email;
            companyId = storedValue("contacts", "associatedcompanyid", properties.get("associatedcompanyid"));
            if (companyId != null && find("companies", companyId).isEmpty()) {
                throw new RecordProblem(
                        404, "OBJECT_NOT_FOUND", "Company " + companyId + " (associatedcompanyid) does not exist");
            }
        }
        SimRecord saved = save(existing, merged, uniqueKey);
        if (companyId != null) {
            associateContactCompany(saved.id(), companyId, true);
        }
        return saved;
    }

    /** {@code POST /crm/v3/objects/{object}/batch/read}. */
    public ResponseEntity<JsonNode> batchRead(String object, JsonNode body) {
        String started = SandboxJson.iso(simulator.now());
        List<JsonNode> inputs = inputs(body, MAX_BATCH);
        String idProperty = body.path("idProperty").asText(null);
        if (idProperty != null
                && !idProperty.equals("hs_object_id")
                && !(object.equals("contacts") && idProperty.equals("email"))) {
            throw badRequest("Invalid idProperty \"" + idProperty + "\": it must be a unique-value property", null);
        }
        List<String> requested = requestedProperties(body.get("properties"), object);
        ArrayNode results = SandboxJson.array();
        List<String> missing = new ArrayList<>();
        Set<String> returned = new HashSet<>();
        for (int i = 0; i < inputs.size(); i++) {
            String id = requireId(inputs.get(i), i);
            Optional<SimRecord> r = "email".equals(idProperty) ? findContactByEmail(id) : find(object, id);
            if (r.isEmpty()) {
                missing.add(id);
            } else if (returned.add(r.get().id())) {
                results.add(view(r.get(), requested));
            }
        }
        List<ObjectNode> errors = missing.isEmpty() ? List.of() : List.of(notFound(object, missing));
        return batchAnswer(200, started, results, errors);
    }

    /** {@code POST /crm/v3/objects/contacts} (201, 409 on an existing email) and {@code /companies}. */
    public ResponseEntity<JsonNode> createOne(String object, JsonNode body) {
        if (body == null || !body.path("properties").isObject()) {
            throw badRequest("Invalid input JSON: \"properties\" is required and must be an object", null);
        }
        JsonNode properties = body.get("properties");
        validateProperties(object, List.of(properties));
        return store.inTransaction(V, () -> {
            ObjectNode merged = merge(object, null, properties);
            String uniqueKey = null;
            String companyId = null;
            if (object.equals("contacts")) {
                String email = merged.path("email").asText(null);
                if (email != null) {
                    if (!validEmail(email)) {
                        ArrayNode errors = SandboxJson.array();
                        errors.addObject()
                                .put(
                                        "message",
                                        "Email address "
                                                + properties.get("email").asText() + " is invalid")
                                .put("code", "INVALID_EMAIL")
                                .putObject("context")
                                .putArray("propertyName")
                                .add("email");
                        throw badRequest(
                                "Property values were not valid: [{\"isValid\":false,\"message\":\"Email address "
                                        + properties.get("email").asText()
                                        + " is invalid\",\"error\":\"INVALID_EMAIL\",\"name\":\"email\"}]",
                                errors);
                    }
                    Optional<SimRecord> other = findContactByEmail(email);
                    if (other.isPresent()) {
                        throw new SimulatorResponseException(
                                409,
                                HubSpotSimulator.error(
                                        "Contact already exists. Existing ID: "
                                                + other.get().id(),
                                        "CONFLICT"));
                    }
                }
                uniqueKey = email;
                companyId = merged.path("associatedcompanyid").asText(null);
                if (companyId != null && find("companies", companyId).isEmpty()) {
                    throw new SimulatorResponseException(
                            404,
                            HubSpotSimulator.error(
                                    "Company " + companyId + " (associatedcompanyid) does not exist",
                                    "OBJECT_NOT_FOUND"));
                }
            }
            List<ObjectNode> assocProblems = new ArrayList<>();
            List<ObjectNode> specs = associationSpecs(object, body.get("associations"), assocProblems);
            if (!assocProblems.isEmpty()) {
                throw new SimulatorResponseException(400, assocProblems.get(0));
            }
            SimRecord saved = create(object, merged, uniqueKey);
            if (companyId != null) {
                associateContactCompany(saved.id(), companyId, true);
            }
            applyAssociations(object, saved.id(), specs);
            return ResponseEntity.status(201).body(view(saved, null));
        });
    }

    /** {@code GET /crm/v3/objects/{object}/{id}}. */
    public ObjectNode getOne(String object, String id, String idProperty, String properties) {
        Optional<SimRecord> r =
                "email".equals(idProperty) && object.equals("contacts") ? findContactByEmail(id) : find(object, id);
        return view(
                r.orElseThrow(() -> objectNotFound404(id)),
                requestedProperties(
                        properties == null
                                ? null
                                : SandboxJson.MAPPER.getNodeFactory().textNode(properties),
                        object));
    }

    /** {@code PATCH /crm/v3/objects/{object}/{id}}. */
    public ObjectNode patchOne(String object, String id, JsonNode body) {
        if (body == null || !body.path("properties").isObject()) {
            throw badRequest("Invalid input JSON: \"properties\" is required and must be an object", null);
        }
        validateProperties(object, List.of(body.get("properties")));
        return store.inTransaction(V, () -> {
            SimRecord existing = find(object, id).orElseThrow(() -> objectNotFound404(id));
            try {
                return view(applyUpdate(existing, body.get("properties")), null);
            } catch (RecordProblem p) {
                throw new SimulatorResponseException(p.status, HubSpotSimulator.error(p.getMessage(), p.category));
            }
        });
    }

    // ================================================================= search

    /** {@code POST /crm/v3/objects/{object}/search}: EQ, NEQ, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY. */
    public ObjectNode search(String object, JsonNode body) {
        int limit = body.path("limit").asInt(10);
        if (limit > MAX_SEARCH_LIMIT || limit < 0) {
            throw badRequest("limit must be between 0 and " + MAX_SEARCH_LIMIT + ", got " + limit, null);
        }
        if (limit == 0) {
            limit = 10;
        }
        int after = 0;
        if (body.hasNonNull("after") && !body.get("after").asText().isEmpty()) {
            try {
                after = Integer.parseInt(body.get("after").asText());
            } catch (NumberFormatException e) {
                throw badRequest("after must be a paging cursor from a previous answer", null);
            }
        }
        JsonNode groups = body.path("filterGroups");
        if (groups.size() > 5) {
            throw badRequest("Too many filter groups: " + groups.size() + " (at most 5)", null);
        }
        List<List<JsonNode>> parsed = new ArrayList<>();
        for (JsonNode g : groups) {
            List<JsonNode> filters = new ArrayList<>();
            g.path("filters").forEach(filters::add);
            if (filters.size() > 6) {
                throw badRequest("Too many filters in a group: " + filters.size() + " (at most 6)", null);
            }
            for (JsonNode f : filters) {
                checkFilter(object, f);
            }
            parsed.add(filters);
        }
        Map<String, SimRecord> matches = new LinkedHashMap<>();
        List<SimRecord> all = null;
        if (parsed.isEmpty()) {
            all = store.list(V, object);
            all.forEach(r -> matches.put(r.id(), r));
        }
        for (List<JsonNode> filters : parsed) {
            List<SimRecord> candidates = emailCandidates(object, filters);
            if (candidates == null) {
                if (all == null) {
                    all = store.list(V, object);
                }
                candidates = all;
            }
            for (SimRecord r : candidates) {
                if (filters.stream().allMatch(f -> matches(r, f))) {
                    matches.put(r.id(), r);
                }
            }
        }
        List<SimRecord> sorted = matches.values().stream()
                .sorted((a, b) -> Long.compare(Long.parseLong(a.id()), Long.parseLong(b.id())))
                .toList();
        List<String> requested = requestedProperties(body.get("properties"), object);
        ObjectNode out = SandboxJson.object();
        out.put("total", sorted.size());
        ArrayNode results = out.putArray("results");
        int end = Math.min(sorted.size(), after + limit);
        for (int i = after; i < end; i++) {
            results.add(view(sorted.get(i), requested));
        }
        if (end < sorted.size()) {
            out.putObject("paging").putObject("next").put("after", String.valueOf(end));
        }
        return out;
    }

    private void checkFilter(String object, JsonNode f) {
        String name = f.path("propertyName").asText("");
        String op = f.path("operator").asText("");
        if (!name.equals("hs_object_id") && catalog.property(object, name).isEmpty()) {
            throw badRequest("Property \"" + name + "\" does not exist", null);
        }
        switch (op) {
            case "EQ", "NEQ" -> {
                if (!f.has("value")) {
                    throw badRequest("Filter " + op + " on " + name + " needs a value", null);
                }
            }
            case "IN", "NOT_IN" -> {
                if (!f.path("values").isArray()) {
                    throw badRequest("Filter " + op + " on " + name + " needs values", null);
                }
            }
            case "HAS_PROPERTY", "NOT_HAS_PROPERTY" -> {
                // no value
            }
            default ->
                throw badRequest(
                        "Unsupported operator \"" + op + "\" (the sandbox supports EQ, NEQ, IN, NOT_IN, "
                                + "HAS_PROPERTY, NOT_HAS_PROPERTY)",
                        null);
        }
    }

    /** Index lookup for email EQ / IN filters on contacts; null when a full scan is needed. */
    private List<SimRecord> emailCandidates(String object, List<JsonNode> filters) {
        if (!object.equals("contacts")) {
            return null;
        }
        for (JsonNode f : filters) {
            if (!f.path("propertyName").asText().equals("email")) {
                continue;
            }
            String op = f.path("operator").asText();
            List<String> values = new ArrayList<>();
            if (op.equals("EQ")) {
                values.add(f.get("value").asText());
            } else if (op.equals("IN")) {
                f.get("values").forEach(v -> values.add(v.asText()));
            } else {
                continue;
            }
            List<SimRecord> found = new ArrayList<>();
            for (String v : values) {
                findContactByEmail(v).ifPresent(found::add);
            }
            return found;
        }
        return null;
    }

    private static boolean matches(SimRecord r, JsonNode f) {
        String name = f.path("propertyName").asText();
        String actual = name.equals("hs_object_id")
                ? r.id()
                : r.data().path("properties").path(name).asText(null);
        String op = f.path("operator").asText();
        return switch (op) {
            case "EQ" -> equalsValue(actual, f.get("value").asText());
            case "NEQ" -> !equalsValue(actual, f.get("value").asText());
            case "IN" -> anyEquals(actual, f.get("values"));
            case "NOT_IN" -> !anyEquals(actual, f.get("values"));
            case "HAS_PROPERTY" -> actual != null;
            case "NOT_HAS_PROPERTY" -> actual == null;
            default -> false;
        };
    }

    private static boolean anyEquals(String actual, JsonNode values) {
        for (JsonNode v : values) {
            if (equalsValue(actual, v.asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean equalsValue(String actual, String expected) {
        return actual != null && actual.trim().equalsIgnoreCase(expected.trim());
    }

    // ================================================================= companies

    /** {@code POST /crm/v3/objects/companies/batch/create} (domain is not unique). */
    public ResponseEntity<JsonNode> createBatch(String object, JsonNode body) {
        String started = SandboxJson.iso(simulator.now());
        List<JsonNode> inputs = inputs(body, MAX_BATCH);
        for (int i = 0; i < inputs.size(); i++) {
            requireProperties(inputs.get(i), i);
        }
        validateProperties(
                object, inputs.stream().map(in -> in.get("properties")).toList());
        if (ENGAGEMENTS.contains(object)) {
            for (int i = 0; i < inputs.size(); i++) {
                JsonNode ts = inputs.get(i).get("properties").get("hs_timestamp");
                if (ts == null || ts.isNull() || ts.asText().isBlank()) {
                    ArrayNode errors = SandboxJson.array();
                    errors.addObject()
                            .put("message", "hs_timestamp is required")
                            .put("code", "REQUIRED_PROPERTY")
                            .putObject("context")
                            .putArray("propertyName")
                            .add("hs_timestamp");
                    throw badRequest(
                            "Property values were not valid: inputs[" + i
                                    + "] is missing the required property hs_timestamp",
                            errors);
                }
            }
        }
        return store.inTransaction(V, () -> {
            ArrayNode results = SandboxJson.array();
            List<ObjectNode> errors = new ArrayList<>();
            for (JsonNode in : inputs) {
                List<ObjectNode> problems = new ArrayList<>();
                List<ObjectNode> specs = associationSpecs(object, in.get("associations"), problems);
                if (!problems.isEmpty()) {
                    errors.addAll(problems);
                    continue;
                }
                ObjectNode merged = merge(object, null, in.get("properties"));
                String uniqueKey = null;
                String companyId = null;
                if (object.equals("contacts")) {
                    uniqueKey = merged.path("email").asText(null);
                    if (uniqueKey != null && findContactByEmail(uniqueKey).isPresent()) {
                        ObjectNode conflict = HubSpotSimulator.error(
                                "Contact already exists. Existing ID: "
                                        + findContactByEmail(uniqueKey).get().id(),
                                "CONFLICT");
                        conflict.putObject("context").putArray("ids").add(uniqueKey);
                        errors.add(conflict);
                        continue;
                    }
                    companyId = merged.path("associatedcompanyid").asText(null);
                    if (companyId != null && find("companies", companyId).isEmpty()) {
                        ObjectNode missing = HubSpotSimulator.error(
                                "Company " + companyId + " (associatedcompanyid) does not exist", "OBJECT_NOT_FOUND");
                        missing.putObject("context").putArray("ids").add(companyId);
                        errors.add(missing);
                        continue;
                    }
                }
                SimRecord saved = create(object, merged, uniqueKey);
                if (companyId != null) associateContactCompany(saved.id(), companyId, true);
                applyAssociations(object, saved.id(), specs);
                ObjectNode v = view(saved, null);
                if (!specs.isEmpty()) {
                    v.set("associations", associationSummary(specs));
                }
                results.add(v);
            }
            return batchAnswer(201, started, results, errors);
        });
    }

    /** Single engagement create {@code POST /crm/v3/objects/{notes|...}}: 201, or 400 like the batch. */
    public ResponseEntity<JsonNode> createEngagement(String object, JsonNode body) {
        ObjectNode wrapper = SandboxJson.object();
        wrapper.putArray("inputs").add(body == null ? SandboxJson.object() : body);
        ResponseEntity<JsonNode> batch = createBatch(object, wrapper);
        JsonNode b = batch.getBody();
        if (batch.getStatusCode().value() == 207) {
            JsonNode err = b.get("errors").get(0);
            ObjectNode out = HubSpotSimulator.error(
                    err.get("message").asText(), err.get("category").asText());
            out.set("context", err.get("context"));
            throw new SimulatorResponseException(400, out);
        }
        return ResponseEntity.status(201).body(b.get("results").get(0));
    }

    // ================================================================= associations

    /**
     * Checks the v3 {@code associations} of one create input; answers the specs to apply or adds
     * per-record errors (unknown target, wrong type id).
     */
    private List<ObjectNode> associationSpecs(String fromObject, JsonNode associations, List<ObjectNode> problems) {
        List<ObjectNode> specs = new ArrayList<>();
        if (associations == null || associations.isNull()) {
            return specs;
        }
        if (!associations.isArray()) {
            throw badRequest("associations must be an array", null);
        }
        for (JsonNode a : associations) {
            String toId = a.path("to").path("id").asText("");
            JsonNode types = a.path("types");
            if (toId.isBlank() || !types.isArray() || types.isEmpty()) {
                throw badRequest("Each association needs to.id and at least one type", null);
            }
            for (JsonNode t : types) {
                String category = t.path("associationCategory").asText();
                int typeId = t.path("associationTypeId").asInt(-1);
                String toObject = targetObject(fromObject, category, typeId);
                if (toObject == null) {
                    problems.add(recordError(
                            "VALIDATION_ERROR",
                            "Association type " + category + "/" + typeId + " is not valid from " + fromObject,
                            List.of(toId)));
                    continue;
                }
                if (find(toObject, toId).isEmpty()) {
                    problems.add(recordError(
                            "OBJECT_NOT_FOUND",
                            "Could not associate with " + toObject + " " + toId + ": the object does not exist",
                            List.of(toId)));
                    continue;
                }
                ObjectNode spec = SandboxJson.object();
                spec.put("toObject", toObject)
                        .put("toId", toId)
                        .put("category", category)
                        .put("typeId", typeId);
                specs.add(spec);
            }
        }
        return specs;
    }

    private static String targetObject(String fromObject, String category, int typeId) {
        if (!"HUBSPOT_DEFINED".equals(category)) {
            return null;
        }
        for (Map.Entry<String, Set<Integer>> e : TYPE_IDS.entrySet()) {
            if (e.getKey().startsWith(fromObject + "->") && e.getValue().contains(typeId)) {
                return e.getKey().substring(fromObject.length() + 2);
            }
        }
        return null;
    }

    private void applyAssociations(String fromObject, String fromId, List<ObjectNode> specs) {
        for (ObjectNode s : specs) {
            String toObject = s.get("toObject").asText();
            String toId = s.get("toId").asText();
            int typeId = s.get("typeId").asInt();
            if (fromObject.equals("contacts") && toObject.equals("companies")) {
                associateContactCompany(fromId, toId, typeId == 1);
            } else if (fromObject.equals("companies") && toObject.equals("contacts")) {
                associateContactCompany(toId, fromId, typeId == 2);
            } else {
                saveAssociation(fromObject, fromId, toObject, toId, List.of(typeId), false);
            }
        }
    }

    private static ArrayNode associationSummary(List<ObjectNode> specs) {
        ArrayNode a = SandboxJson.array();
        for (ObjectNode s : specs) {
            a.addObject()
                    .put("toObjectType", s.get("toObject").asText())
                    .put("toObjectId", s.get("toId").asText())
                    .put("associationTypeId", s.get("typeId").asInt());
        }
        return a;
    }

    private static String singular(String object) {
        return object.equals("companies") ? "company" : object.replaceAll("s$", "");
    }

    /** Records a contact→company association; the first company of a contact (or {@code primary}) becomes its primary one. */
    void associateContactCompany(String contactId, String companyId, boolean primary) {
        SimRecord contact = find("contacts", contactId).orElseThrow();
        ObjectNode properties = props(contact);
        String current = properties.path("associatedcompanyid").asText(null);
        boolean makePrimary = primary || current == null;
        List<Integer> types = makePrimary ? List.of(279, 1) : List.of(279);
        saveAssociation("contacts", contactId, "companies", companyId, types, makePrimary);
        if (makePrimary && !companyId.equals(current)) {
            if (current != null) {
                // the previous primary company stays associated, no longer primary
                store.findByUniqueKey(V, "associations", associationKey("contacts", contactId, "companies", current))
                        .ifPresent(old -> {
                            ObjectNode d = old.dataCopy();
                            d.put("primary", false);
                            ArrayNode t = SandboxJson.array();
                            t.add(typeNode(279));
                            d.set("types", t);
                            store.update(V, "associations", old.id(), old.uniqueKey(), d);
                        });
            }
            properties.put("associatedcompanyid", companyId);
            save(contact, properties, contact.uniqueKey());
        }
    }

    private static String associationKey(String fromObject, String fromId, String toObject, String toId) {
        return fromObject + ":" + fromId + "->" + toObject + ":" + toId;
    }

    private static ObjectNode typeNode(int typeId) {
        ObjectNode t = SandboxJson.object();
        t.put("associationCategory", "HUBSPOT_DEFINED");
        t.put("associationTypeId", typeId);
        if (typeId == 1 || typeId == 2) {
            t.put("label", "Primary");
        } else {
            t.putNull("label");
        }
        return t;
    }

    private SimRecord saveAssociation(
            String fromObject, String fromId, String toObject, String toId, List<Integer> typeIds, boolean primary) {
        String key = associationKey(fromObject, fromId, toObject, toId);
        Optional<SimRecord> existing = store.findByUniqueKey(V, "associations", key);
        Set<Integer> all = new LinkedHashSet<>(typeIds);
        boolean wasPrimary = false;
        if (existing.isPresent()) {
            existing.get()
                    .data()
                    .path("types")
                    .forEach(t -> all.add(t.path("associationTypeId").asInt()));
            wasPrimary = existing.get().data().path("primary").asBoolean();
        }
        ObjectNode d = SandboxJson.object();
        d.putObject("from").put("objectType", fromObject).put("id", fromId);
        d.putObject("to").put("objectType", toObject).put("id", toId);
        d.put("type", singular(fromObject) + "_to_" + singular(toObject));
        d.put("primary", primary || wasPrimary);
        ArrayNode types = d.putArray("types");
        all.forEach(t -> types.add(typeNode(t)));
        if (existing.isPresent()) {
            return store.update(V, "associations", existing.get().id(), key, d).orElseThrow();
        }
        String id = String.valueOf(store.nextId(V, "associations", ID_BASE.get("associations")));
        return store.insert(V, "associations", id, key, d);
    }

    private ObjectNode defaultAssociationResult(String contactId, String companyId) {
        ObjectNode r = SandboxJson.object();
        r.putObject("from").put("id", contactId);
        r.putObject("to").put("id", companyId);
        r.putObject("associationSpec")
                .put("associationCategory", "HUBSPOT_DEFINED")
                .put("associationTypeId", 279);
        return r;
    }

    /** {@code PUT /crm/v4/objects/contacts/{contactId}/associations/default/companies/{companyId}}. */
    public ResponseEntity<JsonNode> associateDefault(String contactId, String companyId) {
        String started = SandboxJson.iso(simulator.now());
        return store.inTransaction(V, () -> {
            List<String> missing = new ArrayList<>();
            if (find("contacts", contactId).isEmpty()) {
                missing.add("contact " + contactId);
            }
            if (find("companies", companyId).isEmpty()) {
                missing.add("company " + companyId);
            }
            if (!missing.isEmpty()) {
                ObjectNode body =
                        HubSpotSimulator.error("Could not find " + String.join(" and ", missing), "OBJECT_NOT_FOUND");
                throw new SimulatorResponseException(404, body);
            }
            associateContactCompany(contactId, companyId, false);
            ArrayNode results = SandboxJson.array();
            results.add(defaultAssociationResult(contactId, companyId));
            ObjectNode reverse = defaultAssociationResult(companyId, contactId);
            ((ObjectNode) reverse.get("associationSpec")).put("associationTypeId", 280);
            results.add(reverse);
            return batchAnswer(200, started, results, List.of());
        });
    }

    /** {@code POST /crm/v4/associations/contacts/companies/batch/associate/default}. */
    public ResponseEntity<JsonNode> associateDefaultBatch(JsonNode body) {
        String started = SandboxJson.iso(simulator.now());
        List<JsonNode> inputs = inputs(body, MAX_ASSOCIATION_BATCH);
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode in = inputs.get(i);
            if (in.path("from").path("id").asText("").isBlank()
                    || in.path("to").path("id").asText("").isBlank()) {
                throw badRequest("Invalid input JSON: inputs[" + i + "] needs from.id and to.id", null);
            }
        }
        return store.inTransaction(V, () -> {
            ArrayNode results = SandboxJson.array();
            List<ObjectNode> errors = new ArrayList<>();
            for (JsonNode in : inputs) {
                String contactId = in.get("from").get("id").asText().trim();
                String companyId = in.get("to").get("id").asText().trim();
                if (find("contacts", contactId).isEmpty()) {
                    errors.add(notFound("contacts", List.of(contactId)));
                    continue;
                }
                if (find("companies", companyId).isEmpty()) {
                    errors.add(notFound("companies", List.of(companyId)));
                    continue;
                }
                associateContactCompany(contactId, companyId, false);
                results.add(defaultAssociationResult(contactId, companyId));
            }
            return batchAnswer(200, started, results, errors);
        });
    }

    /** {@code GET /crm/v4/objects/contacts/{contactId}/associations/companies}. */
    public ObjectNode contactCompanies(String contactId) {
        if (find("contacts", contactId).isEmpty()) {
            throw objectNotFound404(contactId);
        }
        ObjectNode out = SandboxJson.object();
        ArrayNode results = out.putArray("results");
        for (SimRecord a : store.list(V, "associations")) {
            JsonNode d = a.data();
            if (d.path("from").path("objectType").asText().equals("contacts")
                    && d.path("from").path("id").asText().equals(contactId)
                    && d.path("to").path("objectType").asText().equals("companies")) {
                ObjectNode r = results.addObject();
                r.put("toObjectId", Long.parseLong(d.path("to").path("id").asText()));
                r.set("associationTypes", d.path("types").deepCopy());
            }
        }
        return out;
    }

    // ================================================================= properties

    /** {@code GET /crm/v3/properties/{object}}. */
    public ObjectNode properties(String object) {
        ObjectNode out = SandboxJson.object();
        ArrayNode results = out.putArray("results");
        catalog.properties(object).values().forEach(p -> results.add(p.toJson()));
        return out;
    }
}
