package io.leadhub.sandbox.salesforce;

import static io.leadhub.sandbox.salesforce.SalesforceOrg.COLLECTION_MAX;
import static io.leadhub.sandbox.salesforce.SalesforceOrg.error;
import static io.leadhub.sandbox.salesforce.SalesforceOrg.url;
import static io.leadhub.sandbox.salesforce.SalesforceRecordAccess.NAME;
import static io.leadhub.sandbox.salesforce.SalesforceRecordAccess.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorResponseException;
import io.leadhub.sandbox.SimulatorStore;
import io.leadhub.sandbox.salesforce.SalesforceCatalog.Field;
import io.leadhub.sandbox.salesforce.SalesforceCatalog.SObject;
import io.leadhub.sandbox.salesforce.SalesforceOrg.SaveError;
import io.leadhub.sandbox.salesforce.SalesforceOrg.SaveResult;
import io.leadhub.sandbox.salesforce.SalesforceOrg.WriteOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The write calls: single-record create, update and upsert, sObject Collections (with all-or-none
 * rollback) and delete. Each record goes through {@link SalesforceSaves}.
 */
final class SalesforceWrites {

    private final SalesforceRecordAccess access;
    private final SalesforceSaves saves;
    private final SalesforceCatalog catalog;
    private final SimulatorStore store;
    private final SalesforceSimulator simulator;

    SalesforceWrites(SalesforceRecordAccess access, SalesforceSaves saves) {
        this.access = access;
        this.saves = saves;
        this.catalog = access.catalog;
        this.store = access.store;
        this.simulator = access.simulator;
    }

    /** {@code POST /sobjects/{object}} (one record): the id, or the single-record error answer. */
    public String create(String objectName, JsonNode body, WriteOptions options) {
        SObject o = access.object(objectName);
        requireObject(body);
        SaveResult r = store.inTransaction(NAME, () -> saves.save(o, null, (ObjectNode) body, options));
        if (!r.success()) {
            throw singleError(r);
        }
        return r.id();
    }

    /** {@code PATCH /sobjects/{object}/{id}}. */
    public void update(String objectName, String id, JsonNode body, WriteOptions options) {
        SObject o = access.object(objectName);
        requireObject(body);
        SimRecord existing = access.find(o.name(), id).orElseThrow(SalesforceOrg::notFound);
        SaveResult r = store.inTransaction(NAME, () -> saves.save(o, existing.id(), (ObjectNode) body, options));
        if (!r.success()) {
            throw singleError(r);
        }
    }

    /** {@code PATCH /sobjects/{object}/{externalIdField}/{value}}: answers the save result (created or not). */
    public SaveResult upsert(String objectName, String fieldName, String value, JsonNode body, WriteOptions options) {
        SObject o = access.object(objectName);
        requireObject(body);
        Field f = access.externalIdField(o, fieldName);
        SaveResult r = store.inTransaction(NAME, () -> upsertOne(o, f, value, (ObjectNode) body, options));
        if (!r.success()) {
            if (r.errors().get(0).code().equals("MULTIPLE_CHOICES")) {
                throw new SimulatorResponseException(
                        300, r.errors().get(0).extra().get("choices"));
            }
            throw singleError(r);
        }
        return r;
    }

    SaveResult upsertOne(SObject o, Field f, String value, ObjectNode body, WriteOptions options) {
        if (f.name().equals("Id")) {
            Optional<SimRecord> hit = access.find(o.name(), value);
            if (hit.isPresent()) {
                return saves.save(o, hit.get().id(), body, options);
            }
            return SaveResult.failed(new SaveError(
                    "NOT_FOUND",
                    "Provided external ID field does not exist or is not accessible: " + value,
                    List.of()));
        }
        List<SimRecord> hits = access.byExternalId(o, f, value);
        if (hits.size() > 1) {
            ArrayNode choices = SandboxJson.array();
            hits.forEach(h -> choices.add(url(options.version(), o.name(), h.id())));
            return SaveResult.failed(new SaveError(
                    "MULTIPLE_CHOICES",
                    "multiple records",
                    List.of(),
                    SandboxJson.object().set("choices", choices)));
        }
        ObjectNode input = body.deepCopy();
        if (hits.isEmpty()) {
            input.put(f.name(), value);
            return saves.save(o, null, input, options);
        }
        return saves.save(o, hits.get(0).id(), input, options);
    }

    static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw error(
                    400,
                    "Json Deserialization failed on token 'null' and has left off in the middle of parsing a row. "
                            + "Will go to end of row to begin parsing the next row",
                    "INVALID_FIELD");
        }
    }

    static SimulatorResponseException singleError(SaveResult r) {
        ArrayNode a = SandboxJson.array();
        r.errors().forEach(e -> a.add(e.single()));
        return new SimulatorResponseException(400, a);
    }

    /**
     * sObject Collections. {@code mode}: create ({@code POST /composite/sobjects}), update
     * ({@code PATCH /composite/sobjects}) or upsert ({@code PATCH /composite/sobjects/{object}/{field}}).
     * Answers one result per input, in order.
     */
    public ArrayNode collection(
            String mode, JsonNode body, String upsertObject, String upsertField, WriteOptions options) {
        if (body == null || !body.isObject() || !body.path("records").isArray()) {
            throw error(400, "The request body must contain a records array", "JSON_PARSER_ERROR");
        }
        JsonNode records = body.get("records");
        if (records.size() > COLLECTION_MAX) {
            throw error(
                    400,
                    "record limit reached. cannot submit more than " + COLLECTION_MAX + " records into this call",
                    "EXCEEDED_ID_LIMIT");
        }
        boolean allOrNone = body.path("allOrNone").asBoolean(false);
        SObject upsertType = upsertObject == null ? null : access.object(upsertObject);
        Field extField = upsertType == null ? null : access.externalIdField(upsertType, upsertField);
        List<SaveResult> results;
        try {
            WriteOptions call = options.forCall();
            results = store.inTransaction(NAME, () -> {
                List<SaveResult> out = new ArrayList<>();
                for (JsonNode rec : records) {
                    SaveResult r = collectionRecord(mode, rec, upsertType, extField, call);
                    if (r.success()) {
                        call.savedInThisCall().add(r.id());
                    }
                    out.add(r);
                }
                if (allOrNone && out.stream().anyMatch(r -> !r.success())) {
                    throw new Rollback(out);
                }
                return out;
            });
        } catch (Rollback rb) {
            results = rb.results.stream()
                    .map(r -> r.success()
                            ? SaveResult.failed(new SaveError(
                                    "ALL_OR_NONE_OPERATION_ROLLED_BACK",
                                    "Record rolled back because not all records were valid and the "
                                            + "request was using AllOrNone header",
                                    List.of()))
                            : r)
                    .toList();
        }
        ArrayNode out = SandboxJson.array();
        for (SaveResult r : results) {
            ObjectNode n = out.addObject();
            if (r.success()) {
                n.put("id", r.id());
            }
            n.put("success", r.success());
            ArrayNode errs = n.putArray("errors");
            r.errors().forEach(e -> errs.add(e.collection()));
            if (mode.equals("upsert")) {
                n.put("created", r.created());
            }
        }
        return out;
    }

    SaveResult collectionRecord(String mode, JsonNode rec, SObject upsertType, Field extField, WriteOptions options) {
        if (!rec.isObject()) {
            return SaveResult.failed(
                    new SaveError("JSON_PARSER_ERROR", "Each record must be a JSON object", List.of()));
        }
        String type = rec.path("attributes").path("type").asText(null);
        if (type == null) {
            return SaveResult.failed(
                    new SaveError("INVALID_FIELD", "No type was specified in the attributes of the record", List.of()));
        }
        Optional<SObject> o = catalog.object(type);
        if (o.isEmpty()) {
            return SaveResult.failed(
                    new SaveError("INVALID_TYPE", "sObject type '" + type + "' is not supported.", List.of()));
        }
        ObjectNode input = (ObjectNode) rec;
        String id = findKey(input, "Id") == null
                ? null
                : input.get(findKey(input, "Id")).asText(null);
        switch (mode) {
            case "create" -> {
                if (id != null) {
                    return SaveResult.failed(
                            new SaveError("INVALID_FIELD", "cannot specify Id in an insert call", List.of("Id")));
                }
                return saves.save(o.get(), null, input, options);
            }
            case "update" -> {
                if (id == null) {
                    return SaveResult.failed(
                            new SaveError("MISSING_ARGUMENT", "Id not specified in an update call", List.of()));
                }
                Optional<SimRecord> existing = access.find(o.get().name(), id);
                if (existing.isEmpty()) {
                    return SaveResult.failed(new SaveError(
                            SalesforceIds.looksLikeId(id) ? "ENTITY_IS_DELETED" : "MALFORMED_ID",
                            SalesforceIds.looksLikeId(id) ? "entity is deleted" : "malformed id " + id,
                            List.of()));
                }
                ObjectNode withoutId = input.deepCopy();
                withoutId.remove(findKey(input, "Id"));
                return saves.save(o.get(), existing.get().id(), withoutId, options);
            }
            default -> {
                if (!o.get().name().equals(upsertType.name())) {
                    return SaveResult.failed(new SaveError(
                            "INVALID_TYPE",
                            "Only records of type " + upsertType.name() + " can be upserted in this call",
                            List.of()));
                }
                String key = findKey(input, extField.name());
                if (key == null
                        || input.get(key).isNull()
                        || input.get(key).asText().isEmpty()) {
                    return SaveResult.failed(
                            new SaveError("MISSING_ARGUMENT", extField.name() + " not specified", List.of()));
                }
                ObjectNode copy = input.deepCopy();
                String value = copy.remove(key).asText();
                return upsertOne(o.get(), extField, value, copy, options);
            }
        }
    }

    static String findKey(ObjectNode n, String name) {
        var it = n.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (k.equalsIgnoreCase(name)) {
                return k;
            }
        }
        return null;
    }

    /** {@code DELETE /sobjects/{object}/{id}}. */
    public void delete(String objectName, String id) {
        SObject o = access.object(objectName);
        SimRecord r = access.find(o.name(), id).orElseThrow(SalesforceOrg::notFound);
        if (simulator.config.readOnlyRecords.contains(r.id())) {
            throw error(400, "insufficient access rights on object id", "INSUFFICIENT_ACCESS_OR_READONLY");
        }
        store.delete(NAME, o.name(), r.id());
    }

    private static final class Rollback extends RuntimeException {
        final List<SaveResult> results;

        Rollback(List<SaveResult> results) {
            super("all or none", null, false, false);
            this.results = results;
        }
    }
}
