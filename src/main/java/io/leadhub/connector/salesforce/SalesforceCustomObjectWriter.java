package io.leadhub.connector.salesforce;

import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.connector.VendorCallException;
import io.leadhub.integration.Integration;
import io.leadhub.mapping.FieldMapping;
import io.leadhub.mapping.MappingRepository;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Custom-object records (a mapping object whose name ends in {@code __c}) for the leads the batch
 * wrote: one record per lead and object, linked to its Lead or Contact by the object's lookup
 * field, created the first time and updated after that ({@link ChildRecordStore} remembers the
 * ids; a record deleted at Salesforce is forgotten so the retry creates it again). The values are
 * checked against the object's describe first; a failure here leaves the lead's own record written.
 */
@Component
class SalesforceCustomObjectWriter {
    private final SalesforceMetadata metadata;
    private final MappingRepository mappings;
    private final ChildRecordStore children;
    private final SalesforceWriter writer;

    SalesforceCustomObjectWriter(
            SalesforceMetadata metadata,
            MappingRepository mappings,
            ChildRecordStore children,
            SalesforceWriter writer) {
        this.metadata = metadata;
        this.mappings = mappings;
        this.children = children;
        this.writer = writer;
    }

    /** A record of a custom object (mapping object ending in __c) per synced lead, linked to its Lead / Contact. */
    SyncBatch writeCustomObjects(SyncBatch batch) {
        Integration integration = batch.integration();
        List<SyncItem> written = batch.written();
        Set<String> objects = new LinkedHashSet<>();
        written.forEach(i -> i.mapped().forEach((k, v) -> {
            if (k.toLowerCase(Locale.ROOT).endsWith("__c") && !v.values().isEmpty()) objects.add(k);
        }));
        Map<String, Map<String, FieldMapping>> rows =
                objects.isEmpty() ? Map.of() : FieldCheck.rowsByObject(mappings, integration.id());
        for (String object : objects) {
            List<SyncItem> items = written.stream()
                    .filter(i -> i.mapped(object) != null
                            && !i.mapped(object).values().isEmpty())
                    .toList();
            try {
                SalesforceMetadata.Describe d = metadata.describe(integration, object);
                Map<Long, String> existing = children.find(
                        integration.id(),
                        object,
                        items.stream().map(i -> i.lead().id()).toList());
                List<Map.Entry<SyncItem, Map<String, Object>>> creates = new ArrayList<>();
                List<Map.Entry<SyncItem, Map<String, Object>>> updates = new ArrayList<>();
                for (SyncItem item : items) {
                    Map<String, Object> values =
                            new LinkedHashMap<>(item.mapped(object).values());
                    String link = d.referenceTo("lead".equals(item.outcome().vendorObject()) ? "Lead" : "Contact");
                    if (link != null) values.put(link, item.outcome().vendorId());
                    String id = existing.get(item.lead().id());
                    FieldCheck.Problem problem = FieldCheck.check(
                            d, values, id == null, rows.getOrDefault(object.toLowerCase(Locale.ROOT), Map.of()));
                    if (problem != null) {
                        item.failAfterWrite(problem.category(), problem.code(), object + ": " + problem.message());
                        continue;
                    }
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("attributes", Map.of("type", d.object()));
                    if (id != null) r.put("id", id);
                    r.putAll(values);
                    (id == null ? creates : updates).add(Map.entry(item, r));
                }
                writeChildren(integration, object, "POST", creates);
                writeChildren(integration, object, "PATCH", updates);
            } catch (VendorCallException e) {
                items.forEach(i ->
                        i.failAfterWrite(e.category(), e.vendorCode(), object + " not written: " + e.getMessage()));
            }
        }
        return batch;
    }

    private void writeChildren(
            Integration integration,
            String object,
            String method,
            List<Map.Entry<SyncItem, Map<String, Object>>> entries) {
        writer.saveFollowUps(
                integration,
                method,
                entries,
                Map.Entry::getValue,
                (e, r) -> {
                    String id = r.path("id").asText(String.valueOf(e.getValue().get("id")));
                    children.remember(integration.id(), e.getKey().lead().id(), object, id);
                    e.getKey().trace(object + ": " + ("POST".equals(method) ? "created " : "updated ") + id);
                },
                (e, f) -> {
                    if ("PATCH".equals(method)
                            && ("ENTITY_IS_DELETED".equals(f.code())
                                    || "INVALID_CROSS_REFERENCE_KEY".equals(f.code())
                                    || "NOT_FOUND".equals(f.code()))) {
                        children.forget(integration.id(), e.getKey().lead().id(), object);
                    }
                    e.getKey().failAfterWrite(f.category(), f.code(), f.message());
                },
                object);
    }
}
