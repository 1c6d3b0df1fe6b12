package io.leadhub.sandbox.salesforce;

import static io.leadhub.sandbox.salesforce.SalesforceOrg.error;
import static io.leadhub.sandbox.salesforce.SalesforceOrg.notFound;
import static io.leadhub.sandbox.salesforce.SalesforceOrg.url;
import static io.leadhub.sandbox.salesforce.SalesforceRecordAccess.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorResponseException;
import io.leadhub.sandbox.salesforce.SalesforceCatalog.Field;
import io.leadhub.sandbox.salesforce.SalesforceCatalog.SObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading records by id, by external id, and many at once by ids (sObject Collections retrieve). */
final class SalesforceReads {

    private final SalesforceRecordAccess access;

    SalesforceReads(SalesforceRecordAccess access) {
        this.access = access;
    }

    /** {@code GET /sobjects/{object}/{id}[?fields=a,b]}. */
    public ObjectNode read(String version, String objectName, String id, String fields) {
        SObject o = access.object(objectName);
        SimRecord r = access.find(o.name(), id).orElseThrow(SalesforceOrg::notFound);
        List<Field> selected = new ArrayList<>();
        if (fields == null || fields.isBlank()) {
            o.fields().values().stream().filter(f -> access.visible(o, f)).forEach(selected::add);
        } else {
            for (String name : fields.split(",")) {
                String n = name.trim();
                selected.add(access.visibleField(o, n)
                        .orElseThrow(() -> error(
                                400,
                                "No such column '" + n + "' on entity '"
                                        + o.name()
                                        + "'. If you are attempting to use a custom field, be sure to append the '__c' after the "
                                        + "custom field name. Please reference your WSDL or the describe call for the appropriate names.",
                                "INVALID_FIELD")));
            }
        }
        return access.row(version, o, r, selected);
    }

    /** {@code GET /sobjects/{object}/{externalIdField}/{value}}: the record with that external id (300 when several). */
    public ObjectNode readByExternalId(String version, String objectName, String fieldName, String value) {
        SObject o = access.object(objectName);
        Field f = access.externalIdField(o, fieldName);
        List<SimRecord> hits = access.byExternalId(o, f, value);
        if (hits.isEmpty()) {
            throw notFound();
        }
        if (hits.size() > 1) {
            ArrayNode choices = SandboxJson.array();
            hits.forEach(h -> choices.add(url(version, o.name(), h.id())));
            throw new SimulatorResponseException(300, choices);
        }
        return read(version, o.name(), hits.get(0).id(), null);
    }

    /** {@code POST /composite/sobjects/{object}} {@code {"ids":[…],"fields":[…]}}: the records in id order, null for unknown ids. */
    public ArrayNode retrieve(String version, String objectName, JsonNode body) {
        SObject o = access.object(objectName);
        if (body == null || !body.path("ids").isArray() || !body.path("fields").isArray()) {
            throw error(400, "The request body must contain ids and fields arrays", "JSON_PARSER_ERROR");
        }
        if (body.get("ids").size() > 2000) {
            throw error(
                    400, "record limit reached. cannot submit more than 2000 ids into this call", "EXCEEDED_ID_LIMIT");
        }
        List<Field> fields = new ArrayList<>();
        for (JsonNode f : body.get("fields")) {
            fields.add(access.visibleField(o, f.asText())
                    .orElseThrow(() -> error(
                            400,
                            "No such column '" + f.asText() + "' on entity '"
                                    + o.name()
                                    + "'. If you are attempting to use a custom field, be sure to append the '__c' after the custom "
                                    + "field name. Please reference your WSDL or the describe call for the appropriate names.",
                            "INVALID_FIELD")));
        }
        ArrayNode out = SandboxJson.array();
        for (JsonNode id : body.get("ids")) {
            Optional<SimRecord> r = access.find(o.name(), id.asText());
            if (r.isPresent()) {
                out.add(access.row(version, o, r.get(), fields));
            } else {
                out.addNull();
            }
        }
        return out;
    }
}
