package io.leadhub.sandbox.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorResponseException;
import io.leadhub.sandbox.SimulatorStore;
import io.leadhub.sandbox.salesforce.SalesforceCatalog.Field;
import io.leadhub.sandbox.salesforce.SalesforceCatalog.SObject;
import io.leadhub.sandbox.salesforce.SalesforceConfig.DuplicateRule;
import io.leadhub.sandbox.salesforce.SalesforceConfig.ValidationRule;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The simulated org's data: sObject records in the {@link SimulatorStore} (one store object per
 * sObject, the record id as key, field values as the payload), the checks Salesforce runs on every
 * write, SOQL, describe, sObject Collections and lead conversion.
 */
@Component
@Profile("sandbox")
public class SalesforceOrg {

    /** sObject Collections accept at most this many records per call. */
    public static final int COLLECTION_MAX = 200;

    static final int URI_MAX = 16_384;
    /** Records per query answer unless {@code Sforce-Query-Options} asks for fewer (Salesforce's default). */
    public static final int DEFAULT_BATCH = 2000;

    private static final String NAME = SalesforceSimulator.NAME;
    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$");
    private static final DateTimeFormatter DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxx").withZone(ZoneOffset.UTC);

    private final SalesforceSimulator simulator;
    private final SalesforceCatalog catalog;
    private final SimulatorStore store;

    public SalesforceOrg(SalesforceSimulator simulator) {
        this.simulator = simulator;
        this.catalog = simulator.catalog();
        this.store = simulator.store();
        simulator.afterReset(this::demoCampaign);
    }

    /** The sandbox org's standing trade-show Campaign (fixed id, so links to it survive a {@code _reset}). */
    public static final String DEMO_CAMPAIGN_ID = SalesforceIds.newId("701", 900_001);

    public static final List<String> DEMO_CAMPAIGN_STATUSES = List.of("Visited Booth", "Talked to Sales", "Demo Given");

    /** Creates the demo Campaign "Demo Expo 2026" with its ordered member statuses unless it exists; answers its id. */
    public String demoCampaign() {
        return store.inTransaction(NAME, () -> {
            if (find("Campaign", DEMO_CAMPAIGN_ID).isEmpty()) {
                String now = nowDateTime();
                store.insert(
                        NAME,
                        "Campaign",
                        DEMO_CAMPAIGN_ID,
                        null,
                        SandboxJson.object()
                                .put("Name", "Demo Expo 2026")
                                .put("IsActive", true)
                                .put("Status", "In Progress")
                                .put("Type", "Trade Show")
                                .put("OwnerId", SalesforceSimulator.USER_ID)
                                .put("IsDeleted", false)
                                .put("CreatedDate", now)
                                .put("LastModifiedDate", now));
                for (int i = 0; i < DEMO_CAMPAIGN_STATUSES.size(); i++) {
                    insertStatus(DEMO_CAMPAIGN_ID, DEMO_CAMPAIGN_STATUSES.get(i), i + 1, i == 0, i > 0);
                }
            }
            return DEMO_CAMPAIGN_ID;
        });
    }

    /** One error of a save: errorCode (statusCode in collections), message, fields, optional extra members. */
    record SaveError(String code, String message, List<String> fields, ObjectNode extra) {

        SaveError(String code, String message, List<String> fields) {
            this(code, message, fields, null);
        }

        /** Single-record form: {@code {"message","errorCode","fields"}}. */
        ObjectNode single() {
            ObjectNode n = SandboxJson.object();
            if (extra != null) {
                n.setAll(extra);
            }
            n.put("message", message).put("errorCode", code);
            fields.forEach(n.withArray("fields")::add);
            return n;
        }

        /** Collections form: {@code {"statusCode","message","fields"}}. */
        ObjectNode collection() {
            ObjectNode n = SandboxJson.object();
            if (extra != null) {
                n.setAll(extra);
            }
            n.put("statusCode", code).put("message", message);
            fields.forEach(n.withArray("fields")::add);
            return n;
        }
    }

    /** Outcome of one record's save. */
    record SaveResult(String id, boolean created, List<SaveError> errors) {

        boolean success() {
            return errors.isEmpty();
        }

        static SaveResult failed(SaveError... errors) {
            return new SaveResult(null, false, List.of(errors));
        }
    }

    /** What the caller of a write allows (Sforce-Duplicate-Rule-Header: allowSave=true). */
    record WriteOptions(boolean allowDuplicateSave, String version, boolean admin, Set<String> savedInThisCall) {
        static final WriteOptions DEFAULT = new WriteOptions(false, "v60.0", false, Set.of());
        static final WriteOptions ADMIN = new WriteOptions(false, "v60.0", true, Set.of());

        static WriteOptions of(String version, String duplicateRuleHeader) {
            boolean allow = duplicateRuleHeader != null
                    && duplicateRuleHeader
                            .replace(" ", "")
                            .toLowerCase(Locale.ROOT)
                            .contains("allowsave=true");
            return new WriteOptions(allow, version, false, Set.of());
        }

        /** The same options for one collection call: duplicate rules do not compare the call's records with each other. */
        WriteOptions forCall() {
            return new WriteOptions(allowDuplicateSave, version, admin, new HashSet<>());
        }
    }

    private static final class Rollback extends RuntimeException {
        final List<SaveResult> results;

        Rollback(List<SaveResult> results) {
            super("all or none", null, false, false);
            this.results = results;
        }
    }

    // ---------------------------------------------------------------- helpers

    static SimulatorResponseException error(int status, String message, String errorCode, String... fields) {
        ArrayNode a = SandboxJson.array();
        ObjectNode e = a.addObject().put("message", message).put("errorCode", errorCode);
        if (fields.length > 0) {
            for (String f : fields) {
                e.withArray("fields").add(f);
            }
        }
        return new SimulatorResponseException(status, a);
    }

    static SimulatorResponseException notFound() {
        return error(404, "The requested resource does not exist", "NOT_FOUND");
    }

    SObject object(String name) {
        return catalog.object(name).orElseThrow(SalesforceOrg::notFound);
    }

    private String nowDateTime() {
        return DATETIME.format(Instant.ofEpochMilli(simulator.now()));
    }

    private String today() {
        return Instant.ofEpochMilli(simulator.now())
                .atZone(ZoneOffset.UTC)
                .toLocalDate()
                .toString();
    }

    static String url(String version, String object, String id) {
        return "/services/data/" + version + "/sobjects/" + object + "/" + id;
    }

    Optional<SimRecord> find(String object, String id) {
        String normalized = SalesforceIds.normalize(id);
        return normalized == null ? Optional.empty() : store.findById(NAME, object, normalized);
    }

    private boolean visible(SObject o, Field f) {
        return !simulator.config.hidden(o.name(), f.name());
    }

    private Optional<Field> visibleField(SObject o, String name) {
        return o.field(name).filter(f -> visible(o, f));
    }

    // ---------------------------------------------------------------- reads

    /** {@code GET /sobjects/{object}/{id}[?fields=a,b]}. */
    public ObjectNode read(String version, String objectName, String id, String fields) {
        SObject o = object(objectName);
        SimRecord r = find(o.name(), id).orElseThrow(SalesforceOrg::notFound);
        List<Field> selected = new ArrayList<>();
        if (fields == null || fields.isBlank()) {
            o.fields().values().stream().filter(f -> visible(o, f)).forEach(selected::add);
        } else {
            for (String name : fields.split(",")) {
                String n = name.trim();
                selected.add(visibleField(o, n)
                        .orElseThrow(() -> error(
                                400,
                                "No such column '" + n + "' on entity '"
                                        + o.name()
                                        + "'. If you are attempting to use a custom field, be sure to append the '__c' after the "
                                        + "custom field name. Please reference your WSDL or the describe call for the appropriate names.",
                                "INVALID_FIELD")));
            }
        }
        return row(version, o, r, selected);
    }

    /** {@code GET /sobjects/{object}/{externalIdField}/{value}}: the record with that external id (300 when several). */
    public ObjectNode readByExternalId(String version, String objectName, String fieldName, String value) {
        SObject o = object(objectName);
        Field f = externalIdField(o, fieldName);
        List<SimRecord> hits = f.unique()
                ? store.findByUniqueKey(NAME, o.name(), value.toLowerCase(Locale.ROOT)).stream()
                        .toList()
                : store.list(NAME, o.name()).stream()
                        .filter(r -> r.data().hasNonNull(f.name())
                                && r.data().get(f.name()).asText().equalsIgnoreCase(value))
                        .toList();
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

    private ObjectNode row(String version, SObject o, SimRecord r, List<Field> fields) {
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

    /** {@code GET /query/?q=}. */
    public ObjectNode query(String version, String soql) {
        return query(version, soql, DEFAULT_BATCH);
    }

    /** {@code batchSize}: 200…2,000 records per answer (header {@code Sforce-Query-Options: batchSize=n}). */
    public ObjectNode query(String version, String soql, int batchSize) {
        if (soql == null || soql.isBlank()) {
            throw error(400, "A query string has to be specified", "MALFORMED_QUERY");
        }
        SoqlParser.Query q;
        try {
            q = SoqlParser.parse(soql);
        } catch (SoqlParser.SoqlException e) {
            throw error(400, e.getMessage(), e.errorCode);
        }
        SObject o = catalog.object(q.object())
                .orElseThrow(() -> error(
                        400,
                        SoqlParser.located(
                                soql,
                                q.objectColumn(),
                                "sObject type '" + q.object()
                                        + "' is not supported. If you are attempting to use a custom object, be sure "
                                        + "to append the '__c' after the entity name. Please reference your WSDL or the describe call for "
                                        + "the appropriate names."),
                        "INVALID_TYPE"));
        Map<String, Field> resolved = new LinkedHashMap<>();
        List<SoqlParser.FieldRef> refs = new ArrayList<>(q.fields());
        refs.addAll(q.filterFields());
        q.orderBy().forEach(ob -> refs.add(ob.field()));
        for (SoqlParser.FieldRef ref : refs) {
            Field f = visibleField(o, ref.name())
                    .orElseThrow(() -> error(
                            400,
                            SoqlParser.located(
                                    soql,
                                    ref.column(),
                                    "No such column '" + ref.name() + "' on entity '" + o.name()
                                            + "'. If you are attempting to use a "
                                            + "custom field, be sure to append the '__c' after the custom field name. Please reference your "
                                            + "WSDL or the describe call for the appropriate names."),
                            "INVALID_FIELD"));
            resolved.put(ref.name().toLowerCase(Locale.ROOT), f);
        }
        List<SimRecord> rows = new ArrayList<>();
        for (SimRecord r : store.list(NAME, o.name())) {
            SoqlParser.Row row = ref -> value(r, resolved.get(ref.name().toLowerCase(Locale.ROOT)));
            if (q.where() == null || q.where().test(row)) {
                rows.add(r);
            }
        }
        if (!q.orderBy().isEmpty()) {
            Comparator<SimRecord> cmp = null;
            for (SoqlParser.Order ob : q.orderBy()) {
                Field f = resolved.get(ob.field().name().toLowerCase(Locale.ROOT));
                Comparator<SimRecord> c = (a, b) -> {
                    JsonNode va = value(a, f);
                    JsonNode vb = value(b, f);
                    boolean na = va == null || va.isNull();
                    boolean nb = vb == null || vb.isNull();
                    if (na || nb) {
                        int nulls = na == nb ? 0 : na ? -1 : 1;
                        return ob.nullsLast() ? -nulls : nulls;
                    }
                    int r = SoqlParser.compare(va, vb);
                    return ob.descending() ? -r : r;
                };
                cmp = cmp == null ? c : cmp.thenComparing(c);
            }
            rows.sort(cmp);
        }
        int from = q.offset() == null ? 0 : Math.min(q.offset(), rows.size());
        int to = q.limit() == null ? rows.size() : Math.min(rows.size(), from + q.limit());
        rows = rows.subList(from, to);
        if (q.count()) {
            ObjectNode out = SandboxJson.object();
            out.put("totalSize", rows.size());
            out.put("done", true);
            out.putArray("records");
            return out;
        }
        List<Field> selected = q.fields().stream()
                .map(ref -> resolved.get(ref.name().toLowerCase(Locale.ROOT)))
                .toList();
        Cursor cursor = new Cursor(o, selected, rows.stream().map(SimRecord::id).toList(), batchSize);
        return page(version, cursor, 0);
    }

    /** The rest of a result set larger than one batch, read through {@code nextRecordsUrl}. */
    private record Cursor(SObject object, List<Field> fields, List<String> ids, int batchSize) {}

    private final Map<String, Cursor> cursors = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cursor> eldest) {
            return size() > 100;
        }
    });

    private ObjectNode page(String version, Cursor cursor, int from) {
        int to = Math.min(cursor.ids().size(), from + cursor.batchSize());
        ObjectNode out = SandboxJson.object();
        out.put("totalSize", cursor.ids().size());
        out.put("done", to >= cursor.ids().size());
        if (to < cursor.ids().size()) {
            String locator = SalesforceIds.newId("01g", store.nextId(NAME, "query-locator", 1))
                    .substring(0, 15);
            cursors.put(locator, cursor);
            out.put("nextRecordsUrl", "/services/data/" + version + "/query/" + locator + "-" + to);
        }
        ArrayNode records = out.putArray("records");
        for (String id : cursor.ids().subList(from, to)) {
            store.findById(NAME, cursor.object().name(), id)
                    .ifPresent(r -> records.add(row(version, cursor.object(), r, cursor.fields())));
        }
        return out;
    }

    /** {@code GET /query/{locator}-{offset}} (queryMore). */
    public ObjectNode queryMore(String version, String locatorAndOffset) {
        int dash = locatorAndOffset.lastIndexOf('-');
        Cursor cursor = dash < 0 ? null : cursors.get(locatorAndOffset.substring(0, dash));
        int from;
        try {
            from = dash < 0 ? -1 : Integer.parseInt(locatorAndOffset.substring(dash + 1));
        } catch (NumberFormatException e) {
            from = -1;
        }
        if (cursor == null || from < 0 || from >= cursor.ids().size()) {
            throw error(400, "invalid query locator", "INVALID_QUERY_LOCATOR");
        }
        return page(version, cursor, from);
    }

    private static JsonNode value(SimRecord r, Field f) {
        if (f.name().equals("Id")) {
            return JsonNodeFactory.instance.textNode(r.id());
        }
        return r.data().get(f.name());
    }

    // ---------------------------------------------------------------- describe

    /** {@code GET /sobjects/} (global describe). */
    public ObjectNode describeGlobal(String version) {
        ObjectNode out = SandboxJson.object();
        out.put("encoding", "UTF-8");
        out.put("maxBatchSize", COLLECTION_MAX);
        ArrayNode list = out.putArray("sobjects");
        for (String name : catalog.objectNames()) {
            SObject o = object(name);
            list.add(basics(version, o));
        }
        return out;
    }

    private ObjectNode basics(String version, SObject o) {
        ObjectNode n = SandboxJson.object();
        n.put("name", o.name());
        n.put("label", o.label());
        n.put("labelPlural", o.label() + "s");
        n.put("keyPrefix", o.keyPrefix());
        n.put("custom", o.name().endsWith("__c"));
        n.put("createable", true);
        n.put("updateable", true);
        n.put("deletable", true);
        n.put("queryable", true);
        n.put("searchable", true);
        n.put("layoutable", true);
        n.putObject("urls")
                .put("sobject", "/services/data/" + version + "/sobjects/" + o.name())
                .put("describe", "/services/data/" + version + "/sobjects/" + o.name() + "/describe")
                .put("rowTemplate", "/services/data/" + version + "/sobjects/" + o.name() + "/{ID}");
        return n;
    }

    /** {@code GET /sobjects/{object}/describe/}: fields hidden by field-level security are left out. */
    public ObjectNode describe(String version, String objectName) {
        SObject o = object(objectName);
        ObjectNode n = basics(version, o);
        ArrayNode fields = n.putArray("fields");
        for (Field f : o.fields().values()) {
            if (!visible(o, f)) {
                continue;
            }
            ObjectNode d = fields.addObject();
            d.put("name", f.name());
            d.put("label", f.label());
            d.put("type", f.type());
            d.put("length", f.text() ? (f.length() == null ? 0 : f.length()) : 0);
            d.put("custom", f.custom());
            d.put("nillable", !f.required() && !f.system() && !f.type().equals("boolean"));
            d.put("createable", f.createable());
            d.put("updateable", f.updateable());
            d.put(
                    "defaultedOnCreate",
                    f.defaultValue() != null || f.system() || f.name().equals("OwnerId"));
            d.put("externalId", f.externalId());
            d.put(
                    "idLookup",
                    f.externalId() || f.name().equals("Id") || f.type().equals("email"));
            d.put("unique", f.unique());
            d.put("restrictedPicklist", f.restricted());
            d.put("filterable", true);
            d.put("sortable", !f.type().equals("textarea") || (f.length() != null && f.length() <= 255));
            d.put("calculated", false);
            if (f.type().equals("boolean")) {
                d.put("defaultValue", Boolean.parseBoolean(f.defaultValue()));
            } else {
                d.putNull("defaultValue");
            }
            ArrayNode refs = d.putArray("referenceTo");
            f.referenceTo().forEach(refs::add);
            if (f.type().equals("reference")) {
                d.put(
                        "relationshipName",
                        f.name().endsWith("Id")
                                ? f.name().substring(0, f.name().length() - 2)
                                : f.name().replace("__c", "__r"));
            } else {
                d.putNull("relationshipName");
            }
            ArrayNode values = d.putArray("picklistValues");
            for (String v : f.values()) {
                values.addObject()
                        .put("active", true)
                        .put("defaultValue", v.equals(f.defaultValue()))
                        .put("label", v)
                        .putNull("validFor")
                        .put("value", v);
            }
            d.put(
                    "soapType",
                    switch (f.type()) {
                        case "id", "reference" -> "tns:ID";
                        case "boolean" -> "xsd:boolean";
                        case "date" -> "xsd:date";
                        case "datetime" -> "xsd:dateTime";
                        case "double", "currency" -> "xsd:double";
                        case "int" -> "xsd:int";
                        default -> "xsd:string";
                    });
        }
        return n;
    }

    // ---------------------------------------------------------------- writes

    /** {@code POST /sobjects/{object}} (one record): the id, or the single-record error answer. */
    public String create(String objectName, JsonNode body, WriteOptions options) {
        SObject o = object(objectName);
        requireObject(body);
        SaveResult r = store.inTransaction(NAME, () -> save(o, null, (ObjectNode) body, options));
        if (!r.success()) {
            throw singleError(r);
        }
        return r.id();
    }

    /** {@code PATCH /sobjects/{object}/{id}}. */
    public void update(String objectName, String id, JsonNode body, WriteOptions options) {
        SObject o = object(objectName);
        requireObject(body);
        SimRecord existing = find(o.name(), id).orElseThrow(SalesforceOrg::notFound);
        SaveResult r = store.inTransaction(NAME, () -> save(o, existing.id(), (ObjectNode) body, options));
        if (!r.success()) {
            throw singleError(r);
        }
    }

    /** {@code PATCH /sobjects/{object}/{externalIdField}/{value}}: answers the save result (created or not). */
    public SaveResult upsert(String objectName, String fieldName, String value, JsonNode body, WriteOptions options) {
        SObject o = object(objectName);
        requireObject(body);
        Field f = externalIdField(o, fieldName);
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

    private Field externalIdField(SObject o, String fieldName) {
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

    private SaveResult upsertOne(SObject o, Field f, String value, ObjectNode body, WriteOptions options) {
        if (f.name().equals("Id")) {
            Optional<SimRecord> hit = find(o.name(), value);
            if (hit.isPresent()) {
                return save(o, hit.get().id(), body, options);
            }
            return SaveResult.failed(new SaveError(
                    "NOT_FOUND",
                    "Provided external ID field does not exist or is not accessible: " + value,
                    List.of()));
        }
        List<SimRecord> hits = f.unique()
                ? store.findByUniqueKey(NAME, o.name(), value.toLowerCase(Locale.ROOT)).stream()
                        .toList()
                : store.list(NAME, o.name()).stream()
                        .filter(r -> r.data().hasNonNull(f.name())
                                && r.data().get(f.name()).asText().equalsIgnoreCase(value))
                        .toList();
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
            return save(o, null, input, options);
        }
        return save(o, hits.get(0).id(), input, options);
    }

    private static void requireObject(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw error(
                    400,
                    "Json Deserialization failed on token 'null' and has left off in the middle of parsing a row. "
                            + "Will go to end of row to begin parsing the next row",
                    "INVALID_FIELD");
        }
    }

    private static SimulatorResponseException singleError(SaveResult r) {
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
        SObject upsertType = upsertObject == null ? null : object(upsertObject);
        Field extField = upsertType == null ? null : externalIdField(upsertType, upsertField);
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

    private SaveResult collectionRecord(
            String mode, JsonNode rec, SObject upsertType, Field extField, WriteOptions options) {
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
                return save(o.get(), null, input, options);
            }
            case "update" -> {
                if (id == null) {
                    return SaveResult.failed(
                            new SaveError("MISSING_ARGUMENT", "Id not specified in an update call", List.of()));
                }
                Optional<SimRecord> existing = find(o.get().name(), id);
                if (existing.isEmpty()) {
                    return SaveResult.failed(new SaveError(
                            SalesforceIds.looksLikeId(id) ? "ENTITY_IS_DELETED" : "MALFORMED_ID",
                            SalesforceIds.looksLikeId(id) ? "entity is deleted" : "malformed id " + id,
                            List.of()));
                }
                ObjectNode withoutId = input.deepCopy();
                withoutId.remove(findKey(input, "Id"));
                return save(o.get(), existing.get().id(), withoutId, options);
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

    private static String findKey(ObjectNode n, String name) {
        var it = n.fieldNames();
        while (it.hasNext()) {
            String k = it.next();
            if (k.equalsIgnoreCase(name)) {
                return k;
            }
        }
        return null;
    }

    /**
     * The whole write pipeline for one record (inside the caller's transaction): field checks,
     * required fields, object rules, validation rules, duplicate rules, then the write.
     * {@code id} null = create.
     */
    SaveResult save(SObject o, String id, ObjectNode input, WriteOptions options) {
        boolean create = id == null;
        SimRecord existing = create ? null : store.findById(NAME, o.name(), id).orElse(null);
        if (!create && existing == null) {
            return SaveResult.failed(new SaveError("ENTITY_IS_DELETED", "entity is deleted", List.of()));
        }
        if (!create && !options.admin() && simulator.config.readOnlyRecords.contains(id)) {
            return SaveResult.failed(new SaveError(
                    "INSUFFICIENT_ACCESS_OR_READONLY", "insufficient access rights on object id", List.of()));
        }
        if (!create
                && o.name().equals("Lead")
                && existing.data().path("IsConverted").asBoolean(false)) {
            return SaveResult.failed(
                    new SaveError("CANNOT_UPDATE_CONVERTED_LEAD", "cannot reference converted lead", List.of()));
        }
        ObjectNode changes = SandboxJson.object();
        List<String> notWritable = new ArrayList<>();
        var it = input.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (e.getKey().equals("attributes")) {
                continue;
            }
            Optional<Field> field = options.admin() ? o.field(e.getKey()) : visibleField(o, e.getKey());
            if (field.isEmpty()) {
                return SaveResult.failed(new SaveError(
                        "INVALID_FIELD",
                        "No such column '" + e.getKey() + "' on sobject of type " + o.name(),
                        List.of()));
            }
            Field f = field.get();
            if (f.name().equals("Id")) {
                return SaveResult.failed(new SaveError(
                        "INVALID_FIELD", "The Id field should not be specified in the sobject data.", List.of()));
            }
            if (create ? !f.createable() : !f.updateable()) {
                notWritable.add(f.name());
                continue;
            }
            SaveError problem = checkValue(f, e.getValue());
            if (problem != null) {
                return SaveResult.failed(problem);
            }
            changes.set(f.name(), normalize(f, e.getValue()));
        }
        if (!notWritable.isEmpty()) {
            return SaveResult.failed(new SaveError(
                    "INVALID_FIELD_FOR_INSERT_UPDATE",
                    "Unable to create/update fields: "
                            + String.join(", ", notWritable)
                            + ". Please check the security settings of this field and verify that "
                            + "it is read/write for your profile or permission set.",
                    notWritable));
        }
        ObjectNode data = create ? SandboxJson.object() : existing.dataCopy();
        if (create) {
            for (Field f : o.fields().values()) {
                if (f.defaultValue() != null && !f.system()) {
                    data.set(
                            f.name(),
                            f.type().equals("boolean")
                                    ? JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(f.defaultValue()))
                                    : JsonNodeFactory.instance.textNode(f.defaultValue()));
                }
            }
            if (o.field("OwnerId").isPresent()) {
                data.put("OwnerId", SalesforceSimulator.USER_ID);
            }
        }
        changes.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                data.remove(e.getKey());
            } else {
                data.set(e.getKey(), e.getValue());
            }
        });
        List<String> missing = new ArrayList<>();
        for (Field f : o.fields().values()) {
            if (f.required() && blank(data.get(f.name()))) {
                missing.add(f.name());
            }
        }
        if (!missing.isEmpty()) {
            return SaveResult.failed(
                    new SaveError("REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing, missing));
        }
        SaveError objectRule = objectRules(o, id, data, existing);
        if (objectRule != null) {
            return SaveResult.failed(objectRule);
        }
        for (ValidationRule rule : options.admin() ? List.<ValidationRule>of() : simulator.config.validationRules) {
            if (rule.object().equals(o.name()) && violates(rule, data.get(rule.field()))) {
                return SaveResult.failed(new SaveError(
                        "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                        rule.message(),
                        rule.errorField() == null ? List.of() : List.of(rule.errorField())));
            }
        }
        SaveError duplicate = duplicates(o, id, data, options);
        if (duplicate != null) {
            return SaveResult.failed(duplicate);
        }
        String now = nowDateTime();
        data.put("IsDeleted", false);
        data.put("LastModifiedDate", now);
        if (create) {
            data.put("CreatedDate", now);
            String newId = SalesforceIds.newId(o.keyPrefix(), store.nextId(NAME, "id-" + o.keyPrefix(), 1));
            store.insert(NAME, o.name(), newId, uniqueKey(o, data), data);
            afterSave(o, newId, data);
            return new SaveResult(newId, true, List.of());
        }
        store.update(NAME, o.name(), id, uniqueKey(o, data), data);
        afterSave(o, id, data);
        return new SaveResult(id, false, List.of());
    }

    /** The object's unique field (its value is the record's unique key in the store), if any. */
    private static Optional<Field> uniqueField(SObject o) {
        return o.fields().values().stream().filter(Field::unique).findFirst();
    }

    /** Store key: campaign:lead-or-contact for members, the lower-cased unique field for others; null when none. */
    private static String uniqueKey(SObject o, ObjectNode data) {
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

    private static boolean blank(JsonNode v) {
        return v == null || v.isNull() || (v.isTextual() && v.asText().isBlank());
    }

    private SaveError checkValue(Field f, JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isContainerNode()) {
            return new SaveError(
                    "JSON_PARSER_ERROR",
                    "Cannot deserialize instance of " + f.type() + " from "
                            + (v.isArray() ? "START_ARRAY" : "START_OBJECT") + " value for field " + f.name(),
                    List.of(f.name()));
        }
        String s = v.asText();
        switch (f.type()) {
            case "boolean" -> {
                if (!v.isBoolean() && !s.equalsIgnoreCase("true") && !s.equalsIgnoreCase("false")) {
                    return typeError(f, s);
                }
                return null;
            }
            case "double", "currency", "int" -> {
                try {
                    BigDecimal d = new BigDecimal(s.trim());
                    if (f.type().equals("int") && d.stripTrailingZeros().scale() > 0) {
                        return typeError(f, s);
                    }
                } catch (NumberFormatException e) {
                    return typeError(f, s);
                }
                return null;
            }
            case "date" -> {
                try {
                    LocalDate.parse(s.length() > 10 && s.charAt(10) == 'T' ? s.substring(0, 10) : s);
                } catch (RuntimeException e) {
                    return typeError(f, s);
                }
                return null;
            }
            case "datetime" -> {
                return SoqlParser.instant(s) == null ? typeError(f, s) : null;
            }
            case "reference" -> {
                if (s.isEmpty()) {
                    return null;
                }
                if (!SalesforceIds.looksLikeId(s)) {
                    return new SaveError(
                            "MALFORMED_ID", f.label() + ": id value of incorrect type: " + s, List.of(f.name()));
                }
                String normalized = SalesforceIds.normalize(s);
                boolean exists = f.referenceTo().stream()
                        .anyMatch(ref -> ref.equals("User")
                                ? normalized.equals(SalesforceSimulator.USER_ID)
                                : store.findById(NAME, ref, normalized).isPresent());
                if (!exists) {
                    return new SaveError(
                            "INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", List.of(f.name()));
                }
                if (normalized.startsWith("00Q")
                        && store.findById(NAME, "Lead", normalized)
                                .map(r -> r.data().path("IsConverted").asBoolean())
                                .orElse(false)) {
                    return new SaveError(
                            "CANNOT_UPDATE_CONVERTED_LEAD", "cannot reference converted lead", List.of(f.name()));
                }
                return null;
            }
            default -> {
                // text types below
            }
        }
        if (s.isEmpty()) {
            return null;
        }
        if (f.length() != null && s.length() > f.length()) {
            return new SaveError(
                    "STRING_TOO_LONG",
                    f.label() + ": data value too large: " + s + " (max length=" + f.length() + ")",
                    List.of(f.name()));
        }
        if (f.type().equals("email") && !EMAIL.matcher(s).matches()) {
            return new SaveError(
                    "INVALID_EMAIL_ADDRESS", f.label() + ": invalid email address: " + s, List.of(f.name()));
        }
        if (f.picklist() && f.restricted()) {
            List<String> values = f.type().equals("multipicklist") ? List.of(s.split(";")) : List.of(s);
            for (String one : values) {
                if (!f.values().contains(one)) {
                    return new SaveError(
                            "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                            f.label() + ": bad value for restricted picklist field: " + one,
                            List.of(f.name()));
                }
            }
        }
        return null;
    }

    private static SaveError typeError(Field f, String s) {
        return new SaveError(
                "INVALID_TYPE_ON_FIELD_IN_RECORD", f.label() + ": value not of required type: " + s, List.of(f.name()));
    }

    private static JsonNode normalize(Field f, JsonNode v) {
        var nf = JsonNodeFactory.instance;
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isEmpty())) {
            return nf.nullNode();
        }
        String s = v.asText();
        return switch (f.type()) {
            case "boolean" -> nf.booleanNode(v.isBoolean() ? v.asBoolean() : Boolean.parseBoolean(s));
            case "double", "currency" -> nf.numberNode(new BigDecimal(s.trim()).doubleValue());
            case "int" -> nf.numberNode(new BigDecimal(s.trim()).intValue());
            case "date" -> nf.textNode(s.length() > 10 ? s.substring(0, 10) : s);
            case "datetime" -> nf.textNode(DATETIME.format(SoqlParser.instant(s)));
            case "reference" -> nf.textNode(SalesforceIds.normalize(s));
            default -> nf.textNode(s);
        };
    }

    private static boolean violates(ValidationRule rule, JsonNode value) {
        String s = blank(value) ? "" : value.asText();
        return switch (rule.condition()) {
            case "blank" -> s.isBlank();
            case "notBlank" -> !s.isBlank();
            case "equals" -> s.equalsIgnoreCase(rule.value());
            case "notEquals" -> !s.equalsIgnoreCase(rule.value());
            case "matches" -> !s.isBlank() && rule.regex().matcher(s).matches();
            default -> !s.isBlank() && !rule.regex().matcher(s).matches();
        };
    }

    /** Campaign members and statuses, unique fields. */
    private SaveError objectRules(SObject o, String id, ObjectNode data, SimRecord existing) {
        Optional<Field> unique = uniqueField(o);
        if (unique.isPresent() && !blank(data.get(unique.get().name()))) {
            Optional<SimRecord> other = store.findByUniqueKey(NAME, o.name(), uniqueKey(o, data));
            if (other.isPresent() && !other.get().id().equals(id)) {
                return new SaveError(
                        "DUPLICATE_VALUE",
                        "duplicate value found: " + unique.get().name() + " duplicates value on record with id: "
                                + other.get().id(),
                        List.of(unique.get().name()));
            }
        }
        if (o.name().equals("CampaignMember")) {
            return campaignMemberRules(id, data);
        }
        if (o.name().equals("CampaignMemberStatus")) {
            String campaign = data.path("CampaignId").asText();
            String label = data.path("Label").asText();
            for (SimRecord s : store.list(NAME, "CampaignMemberStatus")) {
                if (!s.id().equals(id)
                        && s.data().path("CampaignId").asText().equals(campaign)
                        && s.data().path("Label").asText().equalsIgnoreCase(label)) {
                    return new SaveError(
                            "DUPLICATE_VALUE",
                            "duplicate value found: Label duplicates value on record with id: " + s.id(),
                            List.of("Label"));
                }
            }
            if (existing != null
                    && existing.data().path("IsDefault").asBoolean()
                    && !data.path("IsDefault").asBoolean()) {
                return new SaveError(
                        "FIELD_INTEGRITY_EXCEPTION",
                        "A campaign must have a default member status",
                        List.of("IsDefault"));
            }
        }
        return null;
    }

    private SaveError campaignMemberRules(String id, ObjectNode data) {
        String campaign = data.path("CampaignId").asText();
        String lead = data.path("LeadId").asText(null);
        String contact = data.path("ContactId").asText(null);
        if (lead == null && contact == null) {
            return new SaveError(
                    "REQUIRED_FIELD_MISSING",
                    "Required fields are missing: [LeadId, ContactId]",
                    List.of("LeadId", "ContactId"));
        }
        // members are keyed campaign:lead (or campaign:contact); a converted lead's member also carries its contact
        Optional<SimRecord> same =
                store.findByUniqueKey(NAME, "CampaignMember", uniqueKey(object("CampaignMember"), data));
        boolean duplicate = same.isPresent() && !same.get().id().equals(id);
        if (!duplicate && contact != null) {
            duplicate = store.list(NAME, "CampaignMember").stream()
                    .anyMatch(m -> !m.id().equals(id)
                            && m.data().path("CampaignId").asText().equals(campaign)
                            && contact.equals(m.data().path("ContactId").asText(null)));
        }
        if (duplicate) {
            return new SaveError("DUPLICATE_VALUE", "Already a campaign member.", List.of());
        }
        List<SimRecord> statuses = store.list(NAME, "CampaignMemberStatus").stream()
                .filter(s -> s.data().path("CampaignId").asText().equals(campaign))
                .toList();
        String status = data.path("Status").asText(null);
        if (status == null) {
            Optional<SimRecord> def = statuses.stream()
                    .filter(s -> s.data().path("IsDefault").asBoolean())
                    .findFirst();
            if (def.isEmpty()) {
                return new SaveError(
                        "REQUIRED_FIELD_MISSING", "Required fields are missing: [Status]", List.of("Status"));
            }
            data.put("Status", def.get().data().path("Label").asText());
            data.put("HasResponded", def.get().data().path("HasResponded").asBoolean());
        } else {
            Optional<SimRecord> match = statuses.stream()
                    .filter(s -> s.data().path("Label").asText().equalsIgnoreCase(status))
                    .findFirst();
            if (match.isEmpty()) {
                return new SaveError(
                        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                        "Status: bad value for restricted picklist field: " + status,
                        List.of("Status"));
            }
            data.put("Status", match.get().data().path("Label").asText());
            boolean responded = match.get().data().path("HasResponded").asBoolean();
            data.put("HasResponded", responded);
            if (responded && !data.hasNonNull("FirstRespondedDate")) {
                data.put("FirstRespondedDate", today());
            }
        }
        return null;
    }

    private void afterSave(SObject o, String id, ObjectNode data) {
        if (o.name().equals("CampaignMemberStatus") && data.path("IsDefault").asBoolean()) {
            String campaign = data.path("CampaignId").asText();
            for (SimRecord s : store.list(NAME, "CampaignMemberStatus")) {
                if (!s.id().equals(id)
                        && s.data().path("CampaignId").asText().equals(campaign)
                        && s.data().path("IsDefault").asBoolean()) {
                    store.update(
                            NAME, "CampaignMemberStatus", s.id(), s.dataCopy().put("IsDefault", false));
                }
            }
        }
        if (o.name().equals("Campaign")
                && store.list(NAME, "CampaignMemberStatus").stream()
                        .noneMatch(s -> s.data().path("CampaignId").asText().equals(id))) {
            // Salesforce gives every new campaign the statuses "Sent" (default) and "Responded"
            insertStatus(id, "Sent", 1, true, false);
            insertStatus(id, "Responded", 2, false, true);
        }
    }

    private void insertStatus(String campaignId, String label, int sortOrder, boolean isDefault, boolean responded) {
        SObject o = object("CampaignMemberStatus");
        String now = nowDateTime();
        ObjectNode d = SandboxJson.object()
                .put("CampaignId", campaignId)
                .put("Label", label)
                .put("SortOrder", sortOrder)
                .put("IsDefault", isDefault)
                .put("HasResponded", responded)
                .put("IsDeleted", false)
                .put("CreatedDate", now)
                .put("LastModifiedDate", now);
        store.insert(
                NAME,
                o.name(),
                SalesforceIds.newId(o.keyPrefix(), store.nextId(NAME, "id-" + o.keyPrefix(), 1)),
                null,
                d);
    }

    private SaveError duplicates(SObject o, String id, ObjectNode data, WriteOptions options) {
        for (DuplicateRule rule : options.admin() ? List.<DuplicateRule>of() : simulator.config.duplicateRules) {
            if (!rule.object().equals(o.name())) {
                continue;
            }
            if (rule.fields().stream().anyMatch(f -> blank(data.get(f)))) {
                continue;
            }
            ArrayNode matchResults = SandboxJson.array();
            int total = 0;
            List<String> objects = new ArrayList<>();
            objects.add(o.name());
            objects.addAll(rule.alsoMatch());
            for (String other : objects) {
                ArrayNode matchRecords = SandboxJson.array();
                for (SimRecord r : store.list(NAME, other)) {
                    if (r.id().equals(id) || options.savedInThisCall().contains(r.id())) {
                        continue;
                    }
                    boolean all = rule.fields().stream()
                            .allMatch(f -> !blank(r.data().get(f))
                                    && r.data()
                                            .get(f)
                                            .asText()
                                            .equalsIgnoreCase(data.get(f).asText()));
                    if (all) {
                        ObjectNode rec = SandboxJson.object();
                        rec.putObject("attributes")
                                .put("type", other)
                                .put("url", url(options.version(), other, r.id()));
                        rec.put("Id", r.id());
                        matchRecords.addObject().putArray("additionalInformation");
                        ObjectNode mr = (ObjectNode) matchRecords.get(matchRecords.size() - 1);
                        mr.putArray("fieldDiffs");
                        mr.put("matchConfidence", 100.0);
                        mr.set("record", rec);
                    }
                }
                if (!matchRecords.isEmpty()) {
                    total += matchRecords.size();
                    ObjectNode m = matchResults.addObject();
                    m.put("entityType", other);
                    m.putArray("errors");
                    m.put("matchEngine", "ExactMatchEngine");
                    m.set("matchRecords", matchRecords);
                    m.put("rule", rule.name().replace("Duplicate_Rule", "Match_Rule"));
                    m.put("size", matchRecords.size());
                    m.put("success", true);
                }
            }
            if (total == 0) {
                continue;
            }
            boolean allowSave = rule.action().equals("alert");
            if (allowSave && options.allowDuplicateSave()) {
                continue;
            }
            String message = "You're creating a duplicate record. We recommend you use an existing record instead.";
            ObjectNode dr = SandboxJson.object();
            dr.put("allowSave", allowSave);
            dr.put("duplicateRule", rule.name());
            dr.put("duplicateRuleEntityType", o.name());
            dr.put("errorMessage", message);
            dr.set("matchResults", matchResults);
            return new SaveError(
                    "DUPLICATES_DETECTED",
                    message,
                    List.of(),
                    SandboxJson.object().set("duplicateResult", dr));
        }
        return null;
    }

    /** {@code POST /composite/sobjects/{object}} {@code {"ids":[…],"fields":[…]}}: the records in id order, null for unknown ids. */
    public ArrayNode retrieve(String version, String objectName, JsonNode body) {
        SObject o = object(objectName);
        if (body == null || !body.path("ids").isArray() || !body.path("fields").isArray()) {
            throw error(400, "The request body must contain ids and fields arrays", "JSON_PARSER_ERROR");
        }
        if (body.get("ids").size() > 2000) {
            throw error(
                    400, "record limit reached. cannot submit more than 2000 ids into this call", "EXCEEDED_ID_LIMIT");
        }
        List<Field> fields = new ArrayList<>();
        for (JsonNode f : body.get("fields")) {
            fields.add(visibleField(o, f.asText())
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
            Optional<SimRecord> r = find(o.name(), id.asText());
            if (r.isPresent()) {
                out.add(row(version, o, r.get(), fields));
            } else {
                out.addNull();
            }
        }
        return out;
    }

    /** {@code DELETE /sobjects/{object}/{id}}. */
    public void delete(String objectName, String id) {
        SObject o = object(objectName);
        SimRecord r = find(o.name(), id).orElseThrow(SalesforceOrg::notFound);
        if (simulator.config.readOnlyRecords.contains(r.id())) {
            throw error(400, "insufficient access rights on object id", "INSUFFICIENT_ACCESS_OR_READONLY");
        }
        store.delete(NAME, o.name(), r.id());
    }

    // ---------------------------------------------------------------- seeding and conversion (Java + _ controls)

    /**
     * Inserts a record as an admin would (no validation or duplicate rules, no field-level security);
     * answers its id. Reference fields and required fields are still checked.
     */
    public String seedRecord(String objectName, Map<String, ?> fields) {
        SObject o = object(objectName);
        ObjectNode input = SandboxJson.MAPPER.valueToTree(fields);
        SaveResult r = store.inTransaction(NAME, () -> save(o, null, input, WriteOptions.ADMIN));
        if (!r.success()) {
            throw new IllegalArgumentException("cannot seed " + objectName + ": " + r.errors());
        }
        return r.id();
    }

    /**
     * Creates an active campaign whose member statuses are {@code statuses} in that order
     * (SortOrder 1…n): the first is the default; every status after the first counts as responded.
     */
    public String seedCampaign(String name, List<String> statuses) {
        if (statuses.isEmpty()) {
            throw new IllegalArgumentException("a campaign needs at least one member status");
        }
        return store.inTransaction(NAME, () -> {
            SObject o = object("Campaign");
            String now = nowDateTime();
            String id = SalesforceIds.newId(o.keyPrefix(), store.nextId(NAME, "id-" + o.keyPrefix(), 1));
            store.insert(
                    NAME,
                    "Campaign",
                    id,
                    null,
                    SandboxJson.object()
                            .put("Name", name)
                            .put("IsActive", true)
                            .put("Status", "In Progress")
                            .put("Type", "Trade Show")
                            .put("OwnerId", SalesforceSimulator.USER_ID)
                            .put("IsDeleted", false)
                            .put("CreatedDate", now)
                            .put("LastModifiedDate", now));
            for (int i = 0; i < statuses.size(); i++) {
                insertStatus(id, statuses.get(i), i + 1, i == 0, i > 0);
            }
            return id;
        });
    }

    /** Converts a lead into a new contact and a new account; answers {@code leadId}, {@code accountId}, {@code contactId}. */
    public ObjectNode convertLead(String leadId) {
        return convertLead(leadId, null, null);
    }

    /** {@code POST _convert/{leadId}}: converts a lead into a contact and an account (new or given). */
    public ObjectNode convertLead(String leadId, String accountId, String contactId) {
        return store.inTransaction(NAME, () -> {
            SimRecord lead = find("Lead", leadId).orElseThrow(SalesforceOrg::notFound);
            ObjectNode l = lead.dataCopy();
            if (l.path("IsConverted").asBoolean()) {
                throw error(400, "This lead was already converted.", "CANNOT_UPDATE_CONVERTED_LEAD");
            }
            String now = nowDateTime();
            String account;
            if (accountId != null) {
                account = find("Account", accountId)
                        .orElseThrow(() ->
                                error(400, "invalid cross reference id", "INVALID_CROSS_REFERENCE_KEY", "AccountId"))
                        .id();
            } else {
                ObjectNode a =
                        SandboxJson.object().put("Name", l.path("Company").asText("Unknown"));
                copy(
                        l,
                        a,
                        Map.of(
                                "Website",
                                "Website",
                                "Phone",
                                "Phone",
                                "Industry",
                                "Industry",
                                "Street",
                                "BillingStreet",
                                "City",
                                "BillingCity",
                                "State",
                                "BillingState",
                                "PostalCode",
                                "BillingPostalCode",
                                "Country",
                                "BillingCountry"));
                account = insertSystem("Account", a, now);
            }
            String contact;
            if (contactId != null) {
                contact = find("Contact", contactId)
                        .orElseThrow(() ->
                                error(400, "invalid cross reference id", "INVALID_CROSS_REFERENCE_KEY", "ContactId"))
                        .id();
            } else {
                ObjectNode c = SandboxJson.object().put("AccountId", account);
                copy(
                        l,
                        c,
                        Map.ofEntries(
                                Map.entry("FirstName", "FirstName"),
                                Map.entry("LastName", "LastName"),
                                Map.entry("Email", "Email"),
                                Map.entry("Phone", "Phone"),
                                Map.entry("MobilePhone", "MobilePhone"),
                                Map.entry("Title", "Title"),
                                Map.entry("LeadSource", "LeadSource"),
                                Map.entry("Description", "Description"),
                                Map.entry("Street", "MailingStreet"),
                                Map.entry("City", "MailingCity"),
                                Map.entry("State", "MailingState"),
                                Map.entry("PostalCode", "MailingPostalCode"),
                                Map.entry("Country", "MailingCountry"),
                                Map.entry("Badge_Id__c", "Badge_Id__c"),
                                Map.entry("Lead_Type__c", "Lead_Type__c")));
                if (c.hasNonNull("Badge_Id__c")) {
                    // the lead keeps its badge id; a unique field cannot be carried over
                    c.remove("Badge_Id__c");
                }
                contact = insertSystem("Contact", c, now);
            }
            for (SimRecord m : store.list(NAME, "CampaignMember")) {
                if (lead.id().equals(m.data().path("LeadId").asText(null))
                        && !m.data().hasNonNull("ContactId")) {
                    store.update(
                            NAME,
                            "CampaignMember",
                            m.id(),
                            m.dataCopy().put("ContactId", contact).put("LastModifiedDate", now));
                }
            }
            l.put("IsConverted", true)
                    .put("Status", "Closed - Converted")
                    .put("ConvertedContactId", contact)
                    .put("ConvertedAccountId", account)
                    .put("ConvertedDate", today())
                    .put("LastModifiedDate", now);
            store.update(NAME, "Lead", lead.id(), l);
            return SandboxJson.object()
                    .put("leadId", lead.id())
                    .put("accountId", account)
                    .put("contactId", contact);
        });
    }

    private static void copy(ObjectNode from, ObjectNode to, Map<String, String> fields) {
        fields.forEach((src, dst) -> {
            if (from.hasNonNull(src)) {
                to.set(dst, from.get(src));
            }
        });
    }

    private String insertSystem(String objectName, ObjectNode data, String now) {
        SObject o = object(objectName);
        data.put("OwnerId", SalesforceSimulator.USER_ID)
                .put("IsDeleted", false)
                .put("CreatedDate", now)
                .put("LastModifiedDate", now);
        String id = SalesforceIds.newId(o.keyPrefix(), store.nextId(NAME, "id-" + o.keyPrefix(), 1));
        store.insert(NAME, objectName, id, null, data);
        return id;
    }

    /** Field names of an object as the integration user sees them (tests, README). */
    public List<String> visibleFields(String objectName) {
        SObject o = object(objectName);
        return o.fields().values().stream()
                .filter(f -> visible(o, f))
                .map(Field::name)
                .toList();
    }

    static List<String> sorted(Iterable<String> names) {
        TreeSet<String> s = new TreeSet<>();
        names.forEach(s::add);
        return List.copyOf(s);
    }
}
