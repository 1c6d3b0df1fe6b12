package io.leadhub.sandbox.hubspot;

import static io.leadhub.sandbox.hubspot.HubSpotCrm.MAX_ASSOCIATION_BATCH;
import static io.leadhub.sandbox.hubspot.HubSpotPropertyValidation.inputs;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.V;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.badRequest;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.notFound;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.objectNotFound404;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.props;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.recordError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorResponseException;
import io.leadhub.sandbox.SimulatorStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.ResponseEntity;

/**
 * Associations: contact–company (primary company, v4 default associations) and the v3
 * {@code associations} of a create (engagements to contacts and companies), with HubSpot's type ids.
 */
final class HubSpotAssociations {

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

    private final HubSpotRecords records;
    private final SimulatorStore store;
    private final HubSpotSimulator simulator;

    HubSpotAssociations(HubSpotSimulator simulator, HubSpotRecords records) {
        this.simulator = simulator;
        this.store = simulator.store();
        this.records = records;
    }

    /**
     * Checks the v3 {@code associations} of one create input; answers the specs to apply or adds
     * per-record errors (unknown target, wrong type id).
     */
    List<ObjectNode> associationSpecs(String fromObject, JsonNode associations, List<ObjectNode> problems) {
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
                if (records.find(toObject, toId).isEmpty()) {
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

    static String targetObject(String fromObject, String category, int typeId) {
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

    void applyAssociations(String fromObject, String fromId, List<ObjectNode> specs) {
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

    static ArrayNode associationSummary(List<ObjectNode> specs) {
        ArrayNode a = SandboxJson.array();
        for (ObjectNode s : specs) {
            a.addObject()
                    .put("toObjectType", s.get("toObject").asText())
                    .put("toObjectId", s.get("toId").asText())
                    .put("associationTypeId", s.get("typeId").asInt());
        }
        return a;
    }

    static String singular(String object) {
        return object.equals("companies") ? "company" : object.replaceAll("s$", "");
    }

    /** Records a contact→company association; the first company of a contact (or {@code primary}) becomes its primary one. */
    void associateContactCompany(String contactId, String companyId, boolean primary) {
        SimRecord contact = records.find("contacts", contactId).orElseThrow();
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
            records.save(contact, properties, contact.uniqueKey());
        }
    }

    static String associationKey(String fromObject, String fromId, String toObject, String toId) {
        return fromObject + ":" + fromId + "->" + toObject + ":" + toId;
    }

    static ObjectNode typeNode(int typeId) {
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

    SimRecord saveAssociation(
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
        String id = records.nextAssociationId();
        return store.insert(V, "associations", id, key, d);
    }

    ObjectNode defaultAssociationResult(String contactId, String companyId) {
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
            if (records.find("contacts", contactId).isEmpty()) {
                missing.add("contact " + contactId);
            }
            if (records.find("companies", companyId).isEmpty()) {
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
            return records.batchAnswer(200, started, results, List.of());
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
                if (records.find("contacts", contactId).isEmpty()) {
                    errors.add(notFound("contacts", List.of(contactId)));
                    continue;
                }
                if (records.find("companies", companyId).isEmpty()) {
                    errors.add(notFound("companies", List.of(companyId)));
                    continue;
                }
                associateContactCompany(contactId, companyId, false);
                results.add(defaultAssociationResult(contactId, companyId));
            }
            return records.batchAnswer(200, started, results, errors);
        });
    }

    /** {@code GET /crm/v4/objects/contacts/{contactId}/associations/companies}. */
    public ObjectNode contactCompanies(String contactId) {
        if (records.find("contacts", contactId).isEmpty()) {
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
}
