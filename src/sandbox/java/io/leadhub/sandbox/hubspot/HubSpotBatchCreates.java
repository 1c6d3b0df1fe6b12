package io.leadhub.sandbox.hubspot;

import static io.leadhub.sandbox.hubspot.HubSpotCrm.ENGAGEMENTS;
import static io.leadhub.sandbox.hubspot.HubSpotCrm.MAX_BATCH;
import static io.leadhub.sandbox.hubspot.HubSpotPropertyValidation.inputs;
import static io.leadhub.sandbox.hubspot.HubSpotPropertyValidation.requireProperties;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.V;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.badRequest;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorResponseException;
import io.leadhub.sandbox.SimulatorStore;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;

/** Batch creates of companies, contacts and engagements (notes, calls, …) with their v3 associations. */
final class HubSpotBatchCreates {

    private final HubSpotRecords records;
    private final HubSpotPropertyValidation validation;
    private final HubSpotAssociations associations;
    private final SimulatorStore store;
    private final HubSpotSimulator simulator;

    HubSpotBatchCreates(
            HubSpotSimulator simulator,
            HubSpotRecords records,
            HubSpotPropertyValidation validation,
            HubSpotAssociations associations) {
        this.simulator = simulator;
        this.store = simulator.store();
        this.records = records;
        this.validation = validation;
        this.associations = associations;
    }

    /** {@code POST /crm/v3/objects/companies/batch/create} (domain is not unique). */
    public ResponseEntity<JsonNode> createBatch(String object, JsonNode body) {
        String started = SandboxJson.iso(simulator.now());
        List<JsonNode> inputs = inputs(body, MAX_BATCH);
        for (int i = 0; i < inputs.size(); i++) {
            requireProperties(inputs.get(i), i);
        }
        validation.validateProperties(
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
                List<ObjectNode> specs = associations.associationSpecs(object, in.get("associations"), problems);
                if (!problems.isEmpty()) {
                    errors.addAll(problems);
                    continue;
                }
                ObjectNode merged = validation.merge(object, null, in.get("properties"));
                String uniqueKey = null;
                String companyId = null;
                if (object.equals("contacts")) {
                    uniqueKey = merged.path("email").asText(null);
                    if (uniqueKey != null
                            && records.findContactByEmail(uniqueKey).isPresent()) {
                        ObjectNode conflict = HubSpotSimulator.error(
                                "Contact already exists. Existing ID: "
                                        + records.findContactByEmail(uniqueKey)
                                                .get()
                                                .id(),
                                "CONFLICT");
                        conflict.putObject("context").putArray("ids").add(uniqueKey);
                        errors.add(conflict);
                        continue;
                    }
                    companyId = merged.path("associatedcompanyid").asText(null);
                    if (companyId != null
                            && records.find("companies", companyId).isEmpty()) {
                        ObjectNode missing = HubSpotSimulator.error(
                                "Company " + companyId + " (associatedcompanyid) does not exist", "OBJECT_NOT_FOUND");
                        missing.putObject("context").putArray("ids").add(companyId);
                        errors.add(missing);
                        continue;
                    }
                }
                SimRecord saved = records.create(object, merged, uniqueKey);
                if (companyId != null) associations.associateContactCompany(saved.id(), companyId, true);
                associations.applyAssociations(object, saved.id(), specs);
                ObjectNode v = view(saved, null);
                if (!specs.isEmpty()) {
                    v.set("associations", associations.associationSummary(specs));
                }
                results.add(v);
            }
            return records.batchAnswer(201, started, results, errors);
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
}
