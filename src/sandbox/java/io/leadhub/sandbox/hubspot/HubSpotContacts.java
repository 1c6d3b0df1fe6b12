package io.leadhub.sandbox.hubspot;

import static io.leadhub.sandbox.hubspot.HubSpotCrm.MAX_BATCH;
import static io.leadhub.sandbox.hubspot.HubSpotPropertyValidation.inputs;
import static io.leadhub.sandbox.hubspot.HubSpotPropertyValidation.normalizeEmail;
import static io.leadhub.sandbox.hubspot.HubSpotPropertyValidation.rejectDuplicates;
import static io.leadhub.sandbox.hubspot.HubSpotPropertyValidation.requireId;
import static io.leadhub.sandbox.hubspot.HubSpotPropertyValidation.requireProperties;
import static io.leadhub.sandbox.hubspot.HubSpotPropertyValidation.validEmail;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.V;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.badRequest;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.notFound;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.objectNotFound404;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.props;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.recordError;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.requestedProperties;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorResponseException;
import io.leadhub.sandbox.SimulatorStore;
import io.leadhub.sandbox.hubspot.HubSpotCatalog.Property;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.ResponseEntity;

/**
 * Contacts (unique by email, upserted in batches) and the per-record calls contacts share with
 * companies: batch update and read, single create, read and update.
 */
final class HubSpotContacts {

    private final HubSpotRecords records;
    private final HubSpotPropertyValidation validation;
    private final HubSpotAssociations associations;
    private final HubSpotCatalog catalog;
    private final SimulatorStore store;
    private final HubSpotSimulator simulator;

    HubSpotContacts(
            HubSpotSimulator simulator,
            HubSpotCatalog catalog,
            HubSpotRecords records,
            HubSpotPropertyValidation validation,
            HubSpotAssociations associations) {
        this.simulator = simulator;
        this.store = simulator.store();
        this.catalog = catalog;
        this.records = records;
        this.validation = validation;
        this.associations = associations;
    }

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
        validation.validateProperties(
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
                String companyId = validation.storedValue(
                        "contacts", "associatedcompanyid", properties.get("associatedcompanyid"));
                if (companyId != null && records.find("companies", companyId).isEmpty()) {
                    errors.add(recordError(
                            "OBJECT_NOT_FOUND",
                            "Company " + companyId + " (associatedcompanyid) does not exist",
                            List.of(rawId)));
                    continue;
                }
                Optional<SimRecord> existing = records.findContactByEmail(email);
                ObjectNode merged = validation.merge(
                        "contacts", existing.map(HubSpotRecords::props).orElse(null), properties);
                merged.put("email", email);
                SimRecord saved = existing.isPresent()
                        ? records.save(existing.get(), merged, email)
                        : records.create("contacts", merged, email);
                if (companyId != null) {
                    associations.associateContactCompany(saved.id(), companyId, true);
                }
                ObjectNode result = view(saved, null);
                result.put("new", existing.isEmpty());
                results.add(result);
            }
            return records.batchAnswer(200, started, results, errors);
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
        validation.validateProperties(
                object, inputs.stream().map(in -> in.get("properties")).toList());

        return store.inTransaction(V, () -> {
            ArrayNode results = SandboxJson.array();
            List<ObjectNode> errors = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                JsonNode in = inputs.get(i);
                boolean byEmail = "email".equals(in.path("idProperty").asText(null));
                Optional<SimRecord> existing =
                        byEmail ? records.findContactByEmail(ids.get(i)) : records.find(object, ids.get(i));
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
            return records.batchAnswer(200, started, results, errors);
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
    SimRecord applyUpdate(SimRecord existing, JsonNode properties) {
        String object = existing.object();
        ObjectNode merged = validation.merge(object, props(existing), properties);
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
                Optional<SimRecord> other = email == null ? Optional.empty() : records.findContactByEmail(email);
                if (other.isPresent() && !other.get().id().equals(existing.id())) {
                    throw new RecordProblem(
                            409,
                            "CONFLICT",
                            "Contact already exists. Existing ID: "
                                    + other.get().id());
                }
            }
            uniqueKey = email;
            companyId =
                    validation.storedValue("contacts", "associatedcompanyid", properties.get("associatedcompanyid"));
            if (companyId != null && records.find("companies", companyId).isEmpty()) {
                throw new RecordProblem(
                        404, "OBJECT_NOT_FOUND", "Company " + companyId + " (associatedcompanyid) does not exist");
            }
        }
        SimRecord saved = records.save(existing, merged, uniqueKey);
        if (companyId != null) {
            associations.associateContactCompany(saved.id(), companyId, true);
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
            Optional<SimRecord> r =
                    "email".equals(idProperty) ? records.findContactByEmail(id) : records.find(object, id);
            if (r.isEmpty()) {
                missing.add(id);
            } else if (returned.add(r.get().id())) {
                results.add(view(r.get(), requested));
            }
        }
        List<ObjectNode> errors = missing.isEmpty() ? List.of() : List.of(notFound(object, missing));
        return records.batchAnswer(200, started, results, errors);
    }

    /** {@code POST /crm/v3/objects/contacts} (201, 409 on an existing email) and {@code /companies}. */
    public ResponseEntity<JsonNode> createOne(String object, JsonNode body) {
        if (body == null || !body.path("properties").isObject()) {
            throw badRequest("Invalid input JSON: \"properties\" is required and must be an object", null);
        }
        JsonNode properties = body.get("properties");
        validation.validateProperties(object, List.of(properties));
        return store.inTransaction(V, () -> {
            ObjectNode merged = validation.merge(object, null, properties);
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
                    Optional<SimRecord> other = records.findContactByEmail(email);
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
                if (companyId != null && records.find("companies", companyId).isEmpty()) {
                    throw new SimulatorResponseException(
                            404,
                            HubSpotSimulator.error(
                                    "Company " + companyId + " (associatedcompanyid) does not exist",
                                    "OBJECT_NOT_FOUND"));
                }
            }
            List<ObjectNode> assocProblems = new ArrayList<>();
            List<ObjectNode> specs = associations.associationSpecs(object, body.get("associations"), assocProblems);
            if (!assocProblems.isEmpty()) {
                throw new SimulatorResponseException(400, assocProblems.get(0));
            }
            SimRecord saved = records.create(object, merged, uniqueKey);
            if (companyId != null) {
                associations.associateContactCompany(saved.id(), companyId, true);
            }
            associations.applyAssociations(object, saved.id(), specs);
            return ResponseEntity.status(201).body(view(saved, null));
        });
    }

    /** {@code GET /crm/v3/objects/{object}/{id}}. */
    public ObjectNode getOne(String object, String id, String idProperty, String properties) {
        Optional<SimRecord> r = "email".equals(idProperty) && object.equals("contacts")
                ? records.findContactByEmail(id)
                : records.find(object, id);
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
        validation.validateProperties(object, List.of(body.get("properties")));
        return store.inTransaction(V, () -> {
            SimRecord existing = records.find(object, id).orElseThrow(() -> objectNotFound404(id));
            try {
                return view(applyUpdate(existing, body.get("properties")), null);
            } catch (RecordProblem p) {
                throw new SimulatorResponseException(p.status, HubSpotSimulator.error(p.getMessage(), p.category));
            }
        });
    }
}
