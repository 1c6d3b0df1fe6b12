package io.leadhub.sandbox.hubspot;

import static io.leadhub.sandbox.hubspot.HubSpotPropertyValidation.normalizeEmail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorResponseException;
import io.leadhub.sandbox.SimulatorStore;
import io.leadhub.sandbox.hubspot.HubSpotCatalog.Violation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.ResponseEntity;

/**
 * The CRM's records as every part of the HubSpot simulator reads and writes them: the store
 * (properties under {@code properties}, numeric ids per object type), the object view HubSpot
 * answers with, and HubSpot's error and batch answer shapes.
 */
final class HubSpotRecords {

    static final String V = HubSpotSimulator.NAME;
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

    private final HubSpotSimulator simulator;
    private final SimulatorStore store;

    HubSpotRecords(HubSpotSimulator simulator) {
        this.simulator = simulator;
        this.store = simulator.store();
    }

    /** A new association record id. */
    String nextAssociationId() {
        return String.valueOf(store.nextId(V, "associations", ID_BASE.get("associations")));
    }

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

    static List<String> defaultRead(String object) {
        return switch (object) {
            case "contacts" -> List.of("email", "firstname", "lastname");
            case "companies" -> List.of("name", "domain");
            default -> List.of("hs_timestamp");
        };
    }

    static List<String> requestedProperties(JsonNode node, String object) {
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
    static SimulatorResponseException propertyErrors(List<Violation> violations) {
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

    static ObjectNode recordError(String category, String message, Collection<String> ids) {
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

    static ObjectNode notFound(String object, Collection<String> ids) {
        String type = object.toUpperCase(Locale.ROOT).replaceAll("S$", "").replace("COMPANIE", "COMPANY");
        return recordError(
                "OBJECT_NOT_FOUND",
                "Could not get some " + type + " objects, they may be deleted or not exist. Check that ids are valid.",
                ids);
    }

    static SimulatorResponseException objectNotFound404(String id) {
        ObjectNode body =
                HubSpotSimulator.error("Object not found.  objectId are usually numeric.", "OBJECT_NOT_FOUND");
        body.putObject("context").putArray("id").add(id);
        return new SimulatorResponseException(404, body);
    }

    ResponseEntity<JsonNode> batchAnswer(int okStatus, String startedAt, ArrayNode results, List<ObjectNode> errors) {
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

    static ObjectNode data(ObjectNode properties) {
        ObjectNode d = SandboxJson.object();
        d.set("properties", properties);
        return d;
    }

    static ObjectNode props(SimRecord r) {
        return (ObjectNode) r.dataCopy().path("properties");
    }

    SimRecord create(String object, ObjectNode properties, String uniqueKey) {
        String id = String.valueOf(store.nextId(V, object, ID_BASE.getOrDefault(object, 90_000_001L)));
        if (ID_BASE.containsKey(object) && !"associations".equals(object)) {
            properties.remove("hs_object_id");
        }
        return store.insert(V, object, id, uniqueKey, data(properties));
    }

    SimRecord save(SimRecord existing, ObjectNode properties, String uniqueKey) {
        return store.update(V, existing.object(), existing.id(), uniqueKey, data(properties))
                .orElseThrow();
    }

    Optional<SimRecord> find(String object, String id) {
        return id == null ? Optional.empty() : store.findById(V, object, id.trim());
    }

    Optional<SimRecord> findContactByEmail(String email) {
        return store.findByUniqueKey(V, "contacts", normalizeEmail(email));
    }
}
