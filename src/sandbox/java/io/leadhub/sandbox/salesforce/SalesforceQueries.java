package io.leadhub.sandbox.salesforce;

import static io.leadhub.sandbox.salesforce.SalesforceOrg.error;
import static io.leadhub.sandbox.salesforce.SalesforceRecordAccess.NAME;
import static io.leadhub.sandbox.salesforce.SalesforceRecordAccess.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorStore;
import io.leadhub.sandbox.salesforce.SalesforceCatalog.Field;
import io.leadhub.sandbox.salesforce.SalesforceCatalog.SObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** SOQL: the query answer in batches, and the rest of a large result through {@code nextRecordsUrl}. */
final class SalesforceQueries {

    private final SalesforceRecordAccess access;
    private final SalesforceCatalog catalog;
    private final SimulatorStore store;

    SalesforceQueries(SalesforceRecordAccess access) {
        this.access = access;
        this.catalog = access.catalog;
        this.store = access.store;
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
            Field f = access.visibleField(o, ref.name())
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
    record Cursor(SObject object, List<Field> fields, List<String> ids, int batchSize) {}

    private final Map<String, Cursor> cursors = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Cursor> eldest) {
            return size() > 100;
        }
    });

    ObjectNode page(String version, Cursor cursor, int from) {
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
                    .ifPresent(r -> records.add(access.row(version, cursor.object(), r, cursor.fields())));
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
}
