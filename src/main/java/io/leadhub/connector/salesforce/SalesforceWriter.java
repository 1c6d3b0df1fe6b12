package io.leadhub.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.connector.BatchIsolation;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.Outcome;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorRecordCache;
import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * Every write of the connector goes through here: sObject Collections create (POST) or update
 * (PATCH), 200 records per call, allOrNone=false, so a per-record error fails only its lead. A call
 * refused as a whole goes through {@link BatchIsolation}: a record's bad value is isolated by
 * halving; INVALID_FIELD, INVALID_TYPE and INSUFFICIENT_ACCESS fail the call's leads at once (and
 * an INVALID_FIELD drops the cached describe). The batch's own Leads, Contacts and new Accounts are
 * written by {@link #writeRecords}; two leads with one email make one record.
 */
@Component
class SalesforceWriter {
    static final int BATCH_MAX = Vendor.SALESFORCE.batchMax();

    private final SalesforceApi api;
    private final SalesforceMetadata metadata;
    private final VendorRecordCache cache;

    SalesforceWriter(SalesforceApi api, SalesforceMetadata metadata, VendorRecordCache cache) {
        this.api = api;
        this.metadata = metadata;
        this.cache = cache;
    }

    /** Creates (Accounts first) and updates the checked records of the batch and clears their leads. */
    SyncBatch writeRecords(SyncBatch batch) {
        Integration integration = batch.integration();
        List<SalesforcePlan> ready = SalesforcePlan.of(batch).stream()
                .filter(p -> p.item.pending() && p.record != null)
                .toList();
        BatchIsolation isolation = new BatchIsolation(BATCH_MAX);
        if (ready.stream().anyMatch(p -> p.lookupsAnswered)) isolation.vendorAnswered();
        try {
            createAccounts(integration, isolation, ready);
            // two leads of one batch with the same email make one record: the first creates it, the others update it
            Map<String, SalesforcePlan> creators = new LinkedHashMap<>();
            Map<SalesforcePlan, SalesforcePlan> sameEmail = new LinkedHashMap<>();
            for (SalesforcePlan p : ready) {
                if (!p.item.pending() || p.id != null) continue;
                Object email = p.record.get("Email");
                String key = email == null || email.toString().isBlank()
                        ? "lead:" + p.item.syncId()
                        : p.sObject + ":" + email.toString().trim().toLowerCase(Locale.ROOT);
                SalesforcePlan first = creators.putIfAbsent(key, p);
                if (first != null) sameEmail.put(p, first);
            }
            List<SalesforcePlan> creates = List.copyOf(creators.values());
            save(
                    integration,
                    isolation,
                    "POST",
                    creates,
                    p -> List.of(p.item),
                    p -> {
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("attributes", Map.of("type", p.sObject));
                        r.putAll(p.record);
                        if (r.containsKey("AccountId")) r.put("AccountId", p.accountId);
                        return r;
                    },
                    (p, result) -> {
                        String id = result.path("id").asText();
                        p.item.trace("created " + p.sObject + " " + id);
                        p.item.clear(p.mappingObject(), id, p.accountId, true);
                    },
                    (p, f) -> p.item.fail(f.category(), f.code(), f.message()),
                    "create " + "record");
            sameEmail.forEach((p, first) -> {
                Outcome o = first.item.outcome();
                if (o != null && o.cleared()) {
                    p.id = o.vendorId();
                    p.item.trace("same email as lead " + first.item.lead().id() + " in this batch -> update the "
                            + p.sObject + " it created");
                } else if (o != null) {
                    p.item.fail(
                            o.category(),
                            o.vendorCode(),
                            "not written: lead " + first.item.lead().id()
                                    + " with the same email could not be created (" + o.message() + ")");
                }
            });
            List<SalesforcePlan> updates =
                    ready.stream().filter(p -> p.item.pending() && p.id != null).toList();
            save(
                    integration,
                    isolation,
                    "PATCH",
                    updates,
                    p -> List.of(p.item),
                    p -> {
                        Map<String, Object> r = new LinkedHashMap<>();
                        r.put("attributes", Map.of("type", p.sObject));
                        r.put("id", p.id);
                        r.putAll(p.record);
                        return r;
                    },
                    (p, result) -> {
                        p.item.trace("updated " + p.sObject + " " + p.id);
                        p.item.clear(p.mappingObject(), p.id, p.accountId, false);
                    },
                    (p, f) -> p.item.fail(f.category(), f.code(), f.message()),
                    "update record");
        } catch (VendorCallException e) {
            for (SalesforcePlan p : ready)
                p.item.fail(e.category(), e.vendorCode(), "write failed: " + e.getMessage(), e.retryAt());
        }
        return batch;
    }

    /** Accounts and Contacts: one Account per new company key, created before the Contacts that go under it. */
    private void createAccounts(Integration integration, BatchIsolation isolation, List<SalesforcePlan> ready) {
        Map<String, List<SalesforcePlan>> byKey = new LinkedHashMap<>();
        ready.stream()
                .filter(p -> p.accountKey != null && p.item.pending())
                .forEach(p -> byKey.computeIfAbsent(p.accountKey, k -> new ArrayList<>())
                        .add(p));
        if (byKey.isEmpty()) return;
        List<SalesforcePlan> firsts =
                byKey.values().stream().map(ps -> ps.get(0)).toList();
        save(
                integration,
                isolation,
                "POST",
                firsts,
                first -> byKey.get(first.accountKey).stream().map(p -> p.item).toList(),
                p -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("attributes", Map.of("type", "Account"));
                    r.putAll(p.accountRecord);
                    return r;
                },
                (first, result) -> {
                    String id = result.path("id").asText();
                    cache.rememberCompany(integration.id(), first.accountKey, id);
                    for (SalesforcePlan p : byKey.get(first.accountKey)) {
                        p.accountId = id;
                        p.item.trace("created Account " + id);
                    }
                },
                (first, failure) -> byKey.get(first.accountKey)
                        .forEach(p -> p.item.fail(
                                failure.category(),
                                failure.code(),
                                "the Account could not be created: " + failure.message())),
                "create Account");
    }

    /** A refused record: its category, Salesforce statusCode and message. */
    record Failure(ErrorCategory category, String code, String message) {}

    /**
     * sObject Collections calls for {@code entries} (200 per call): each record's SaveResult goes to
     * {@code saved} or, refused, to {@code refused}; a call refused as a whole is narrowed by the
     * isolation and its answer becomes the refusal of the record(s) it is about.
     */
    private <E> void save(
            Integration integration,
            BatchIsolation isolation,
            String method,
            List<E> entries,
            Function<E, List<SyncItem>> leads,
            Function<E, Map<String, Object>> body,
            BiConsumer<E, JsonNode> saved,
            BiConsumer<E, Failure> refused,
            String what) {
        isolation.send(
                entries,
                leads,
                chunk -> {
                    List<JsonNode> results = new ArrayList<>();
                    api.collections(
                                    integration,
                                    method,
                                    chunk.stream().map(body).toList())
                            .forEach(results::add);
                    for (int i = 0; i < chunk.size(); i++) {
                        JsonNode r = i < results.size() ? results.get(i) : null;
                        if (r != null && r.path("success").asBoolean(false)) saved.accept(chunk.get(i), r);
                        else refused.accept(chunk.get(i), failure(integration, r, what));
                    }
                    return null;
                },
                (entry, why) -> {
                    if ("INVALID_FIELD".equals(why.code()) || "INVALID_TYPE".equals(why.code()))
                        metadata.invalidate(integration.id());
                    refused.accept(
                            entry,
                            new Failure(
                                    why.category(),
                                    why.code(),
                                    what + " refused" + (why.code() == null ? "" : " (" + why.code() + ")") + ": "
                                            + why.message()));
                });
    }

    /**
     * Follow-up records (custom-object records, Tasks, campaign members) of leads whose Lead or
     * Contact this batch wrote, so Salesforce has answered it: one record per entry, keyed by its lead.
     */
    <V> void saveFollowUps(
            Integration integration,
            String method,
            List<Map.Entry<SyncItem, V>> entries,
            Function<Map.Entry<SyncItem, V>, Map<String, Object>> body,
            BiConsumer<Map.Entry<SyncItem, V>, JsonNode> saved,
            BiConsumer<Map.Entry<SyncItem, V>, Failure> refused,
            String what) {
        save(
                integration,
                new BatchIsolation(BATCH_MAX).vendorAnswered(),
                method,
                entries,
                e -> List.of(e.getKey()),
                body,
                saved,
                refused,
                what);
    }

    private Failure failure(Integration integration, JsonNode result, String what) {
        if (result == null) {
            return new Failure(
                    ErrorCategory.VENDOR_UNAVAILABLE,
                    "NO_RESULT",
                    what + ": Salesforce answered no result for this record");
        }
        JsonNode error = result.path("errors").path(0);
        String code = error.path("statusCode").asText(error.path("errorCode").asText("UNKNOWN"));
        if ("INVALID_FIELD".equals(code)) metadata.invalidate(integration.id());
        String fields = error.path("fields").isArray() && !error.path("fields").isEmpty()
                ? ", fields " + error.path("fields")
                : "";
        return new Failure(
                SalesforceErrorClassifier.category(code, 400),
                code,
                what + ": " + error.path("message").asText(code) + " (" + code + fields + ")");
    }
}
