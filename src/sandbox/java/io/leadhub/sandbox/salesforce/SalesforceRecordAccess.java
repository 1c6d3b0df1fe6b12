package io.leadhub.sandbox.salesforce;

import static io.leadhub.sandbox.salesforce.SalesforceOrg.error;
import static io.leadhub.sandbox.salesforce.SalesforceOrg.url;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorStore;
import io.leadhub.sandbox.salesforce.SalesforceCatalog.Field;
import io.leadhub.sandbox.salesforce.SalesforceCatalog.SObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The org's records as every part of the simulated org reads them: the catalog's sObjects, the
 * store (one store object per sObject, the record id as key), field-level security, the clock in
 * Salesforce's date formats, and the keys a record is found by.
 */
final class SalesforceRecordAccess {

    static final String NAME = SalesforceSimulator.NAME;
    static final DateTimeFormatter DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

    final SalesforceSimulator simulator;
    final SalesforceCatalog catalog;
    final SimulatorStore store;

    SalesforceRecordAccess(SalesforceSimulator simulator) {
        this.simulator = simulator;
        this.catalog = simulator.catalog();
        this.store = simulator.store();
    }

    SObject object(String name) {
        return catalog.object(name).orElseThrow(SalesforceOrg::notFound);
    }

    /** A new record id of the object (its key prefix, then the next number of that prefix). */
    String newId(SObject o) {
        return SalesforceIds.newId(o.keyPrefix(), store.nextId(NAME, "id-" + o.keyPrefix(), 1));
    }

    /** The records whose external-id field {@code f} holds {@code value} (case-insensitive). */
    List<SimRecord> byExternalId(SObject o, Field f, String value) {
        return f.unique()
                ? store.findByUniqueKey(NAME, o.name(), value.toLowerCase(Locale.ROOT)).stream()
                        .toList()
                : store.list(NAME, o.name()).stream()
                        .filter(r -> r.data().hasNonNull(f.name())
                                && r.data().get(f.name()).asText().equalsIgnoreCase(value))
                        .toList();
    }

    String nowDateTime() {
        return DATETIME.format(Instant.ofEpochMilli(simulator.now()));
    }

    String today() {
        return Instant.ofEpochMilli(simulator.now())
                .atZone(ZoneOffset.UTC)
                .toLocalDate()
                .toString();
    }

    Optional<SimRecord> find(String object, String id) {
        String normalized = SalesforceIds.normalize(id);
        return normalized == null ? Optional.empty() : store.findById(NAME, object, normalized);
    }

    boolean visible(SObject o, Field f) {
        return !simulator.config.hidden(o.name(), f.name());
    }

    /** The integration user may set the field on a new record (field-level security can make it read-only). */
    boolean createable(SObject o, Field f) {
        return f.createable() && !simulator.config.readOnly(o.name(), f.name());
    }

    /** The integration user may change the field on an existing record. */
    boolean updateable(SObject o, Field f) {
        return f.updateable() && !simulator.config.readOnly(o.name(), f.name());
    }

    Optional<Field> visibleField(SObject o, String name) {
        return o.field(name).filter(f -> visible(o, f));
    }

    ObjectNode row(String version, SObject o, SimRecord r, List<Field> fields) {
        ObjectNode n = SandboxJson.object();
        n.putObject("attributes").put("type", o.name()).put("url", url(version, o.name(), r.id()));
        for (Field f : fields) {
            if (f.name().equals("Id")) {
                n.put("Id", r.id());
            } else {
                JsonNode v = r.data().get(f.name());
                n.set(f.name(), v == null ? JsonNodeFactory.instance.nullNode() : v.deepCopy());
            }
        }
        return n;
    }

    static JsonNode value(SimRecord r, Field f) {
        if (f.name().equals("Id")) {
            return JsonNodeFactory.instance.textNode(r.id());
        }
        return r.data().get(f.name());
    }

    Field externalIdField(SObject o, String fieldName) {
        Field f = visibleField(o, fieldName)
                .orElseThrow(() -> error(
                        404,
                        "Provided external ID field does not exist or is not " + "accessible: " + fieldName,
                        "NOT_FOUND"));
        if (!f.externalId() && !f.name().equals("Id")) {
            throw error(400, "Field " + f.name() + " is not an external ID field or the Id field", "INVALID_FIELD");
        }
        return f;
    }

    static Optional<Field> uniqueField(SObject o) {
        return o.fields().values().stream().filter(Field::unique).findFirst();
    }

    /** Store key: campaign:lead-or-contact for members, the lower-cased unique field for others; null when none. */
    static String uniqueKey(SObject o, ObjectNode data) {
        if (o.name().equals("CampaignMember")) {
            String who = data.hasNonNull("LeadId")
                    ? data.get("LeadId").asText()
                    : data.path("ContactId").asText(null);
            return who == null ? null : data.path("CampaignId").asText() + ":" + who;
        }
        return uniqueField(o)
                .map(f -> data.get(f.name()))
                .filter(v -> !blank(v))
                .map(v -> v.asText().toLowerCase(Locale.ROOT))
                .orElse(null);
    }

    static boolean blank(JsonNode v) {
        return v == null || v.isNull() || (v.isTextual() && v.asText().isBlank());
    }
}
