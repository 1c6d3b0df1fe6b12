package io.leadhub.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.connector.BatchIsolation;
import io.leadhub.connector.BatchIsolation.Rejection;
import io.leadhub.connector.BatchMerger;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.MappedObject;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.connector.VendorHttp;
import io.leadhub.connector.VendorInput;
import io.leadhub.connector.VendorRecordCache;
import io.leadhub.connector.VendorRequest;
import io.leadhub.connector.VendorResponse;
import io.leadhub.connector.WritePolicy;
import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import io.leadhub.lead.ActivityType;
import io.leadhub.lead.Lead;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * HubSpot CRM v3, batch-first (SPEC §9, §10). Steps, each called by name from
 * {@code routes/connectors/hubspot.camel.yaml}:
 * <ol>
 * <li>{@link #resolveCompanies}: Company by stored id, else by domain (remembered domains, then one
 * search with {@code IN} per batch, then one batch create for the domains still missing); the company
 * id is set as the contact's {@code associatedcompanyid}, which makes the association.</li>
 * <li>{@link #writeContacts}: Contact by stored id ({@code batch/update}), else by email
 * ({@code batch/upsert} with {@code idProperty=email}), up to 100 inputs per call, de-duplicated
 * inside the batch. Per-record results of 200/207 answers are counted against the inputs (a missing
 * result is a failure); a call refused as a whole goes through {@link BatchIsolation}: a record's
 * bad value is isolated by halving, a property HubSpot does not have (PROPERTY_DOESNT_EXIST) fails
 * the leads carrying it at once, a missing scope (403) fails the call's leads naming the scope.</li>
 * <li>{@link #logActivities}: calls, meetings, emails and notes as engagements associated with the
 * contact, each logged once (remembered in activity_sync).</li>
 * </ol>
 * Matched companies are only associated, never overwritten: a company record is shared by many
 * contacts and a badge scan is not a source of truth for it.
 */
@Component("hubspotConnector")
public class HubSpotConnector {
    static final int BATCH_MAX = Vendor.HUBSPOT.batchMax();
    static final String CONTACT = "contact";
    static final String COMPANY = "company";

    private final VendorHttp http;
    private final HubSpotPolicy policy;
    private final VendorRecordCache cache;

    HubSpotConnector(VendorHttp http, HubSpotPolicy policy, VendorRecordCache cache) {
        this.http = http;
        this.policy = policy;
        this.cache = cache;
    }

    // ---------------------------------------------------------------- companies

    public SyncBatch resolveCompanies(SyncBatch batch) {
        Integration integration = batch.integration();
        Map<String, List<SyncItem>> byDomain = new LinkedHashMap<>();
        for (SyncItem item : batch.pending()) {
            MappedObject company = item.mapped(COMPANY);
            if (company == null || company.values().isEmpty()) continue;
            if (item.storedCompanyId() != null) {
                associate(item, item.storedCompanyId(), "company: stored id " + item.storedCompanyId());
                continue;
            }
            Object domain = company.get("domain");
            if (domain == null) {
                item.trace("company: no domain on the lead (website or company email); no company associated");
                continue;
            }
            byDomain.computeIfAbsent(domain.toString().toLowerCase(Locale.ROOT), d -> new ArrayList<>())
                    .add(item);
        }
        if (byDomain.isEmpty()) return batch;

        Map<String, String> known = cache.companies(integration.id(), byDomain.keySet());
        known.forEach((domain, id) -> byDomain.remove(domain)
                .forEach(i -> associate(i, id, "company: domain " + domain + " -> " + id + " (known)")));
        if (byDomain.isEmpty()) return batch;

        BatchIsolation isolation = new BatchIsolation(BATCH_MAX);
        for (List<String> chunk : BatchIsolation.chunks(new ArrayList<>(byDomain.keySet()), BATCH_MAX)) {
            VendorResponse r = searchCompanies(integration, chunk);
            if (!r.ok()) {
                failAll(chunk.stream().flatMap(d -> byDomain.get(d).stream()).toList(), r, "company search");
                chunk.forEach(byDomain::remove);
                continue;
            }
            isolation.vendorAnswered();
            Map<String, List<JsonNode>> found = companiesByDomain(r);
            for (String domain : chunk) {
                List<JsonNode> matches = found.get(domain);
                if (matches == null) continue;
                String id = matches.get(0).path("id").asText();
                String note = matches.size() > 1
                        ? " (" + matches.size() + " companies have this domain; took the most recently modified)"
                        : "";
                cache.rememberCompany(integration.id(), domain, id);
                byDomain.remove(domain)
                        .forEach(i -> associate(i, id, "company: domain " + domain + " found " + id + note));
            }
        }
        if (byDomain.isEmpty()) return batch;

        List<VendorInput> creates = new ArrayList<>();
        byDomain.forEach((domain, items) -> creates.add(new VendorInput(
                domain, new LinkedHashMap<>(items.get(0).mapped(COMPANY).values()), items)));
        send(
                integration,
                isolation,
                creates,
                chunk -> VendorRequest.post(
                        "/crm/v3/objects/companies/batch/create",
                        Map.of(
                                "inputs",
                                chunk.stream()
                                        .map(in -> Map.of("properties", in.fields()))
                                        .toList())),
                result -> result.path("properties").path("domain").asText("").toLowerCase(Locale.ROOT),
                (input, result) -> {
                    String id = result.path("id").asText();
                    cache.rememberCompany(integration.id(), input.key(), id);
                    input.items()
                            .forEach(i ->
                                    associate(i, id, "company: domain " + input.key() + " not found; created " + id));
                });
        return batch;
    }

    /** One company search by domain ({@code IN}, at most 100 domains), most recently modified first. */
    VendorResponse searchCompanies(Integration integration, List<String> domains) {
        return http.call(
                integration,
                policy,
                VendorRequest.post(
                        "/crm/v3/objects/companies/search",
                        Map.of(
                                "filterGroups",
                                        List.of(Map.of(
                                                "filters",
                                                List.of(Map.of(
                                                        "propertyName",
                                                        "domain",
                                                        "operator",
                                                        "IN",
                                                        "values",
                                                        domains)))),
                                "properties", List.of("domain", "name", "hs_lastmodifieddate"),
                                "sorts",
                                        List.of(Map.of(
                                                "propertyName", "hs_lastmodifieddate", "direction", "DESCENDING")),
                                "limit", 200)));
    }

    /** The companies of a search answer by lower-case domain, in the answer's order. */
    static Map<String, List<JsonNode>> companiesByDomain(VendorResponse r) {
        Map<String, List<JsonNode>> found = new HashMap<>();
        for (JsonNode c : r.bodyOrEmpty().path("results")) {
            found.computeIfAbsent(
                            c.path("properties").path("domain").asText("").toLowerCase(Locale.ROOT),
                            k -> new ArrayList<>())
                    .add(c);
        }
        return found;
    }

    private void associate(SyncItem item, String companyId, String trace) {
        item.trace(trace);
        item.companyVendorId(companyId);
        MappedObject contact = item.mapped(CONTACT);
        if (contact != null) contact.put("associatedcompanyid", companyId, WritePolicy.ALWAYS);
    }

    // ---------------------------------------------------------------- contacts

    public SyncBatch writeContacts(SyncBatch batch) {
        Integration integration = batch.integration();
        BatchMerger byId = new BatchMerger("contact: same id");
        BatchMerger byEmail = new BatchMerger("contact: same email");
        // without a key HubSpot answers creates in input order: the key is the position
        List<VendorInput> noKey = new ArrayList<>();
        for (SyncItem item : batch.pending()) {
            MappedObject contact = item.mapped(CONTACT);
            if (contact == null) {
                item.fail(ErrorCategory.MISSING_REQUIRED_FIELD, null, "the integration has no contact mapping");
            } else if (!BatchMerger.mergeByIdOrEmail(byId, byEmail, item, contact.values())) {
                noKey.add(VendorInput.of("#" + noKey.size(), contact.values(), item));
            }
        }
        BatchIsolation isolation = new BatchIsolation(BATCH_MAX);
        // IF_EMPTY and CREATE_ONLY fields need the current values: one batch read per key kind
        boolean read = BatchMerger.applyWritePolicies(
                CONTACT,
                byId,
                byEmail,
                (keys, id, fields) -> read(integration, keys, id ? null : "email", fields),
                (record, field) -> record.path("properties").path(field));
        if (read) isolation.vendorAnswered();

        List<VendorInput> staleIds = new ArrayList<>();
        send(
                integration,
                isolation,
                byId.inputs(),
                chunk -> VendorRequest.post(
                        "/crm/v3/objects/contacts/batch/update",
                        Map.of(
                                "inputs",
                                chunk.stream()
                                        .map(in -> Map.of("id", in.key(), "properties", in.fields()))
                                        .toList())),
                result -> result.path("id").asText(),
                (input, result) -> input.clear(
                        CONTACT, result.path("id").asText(), false, "contact: stored id " + input.key() + " updated"),
                (input, error) -> {
                    if ("OBJECT_NOT_FOUND".equals(error.path("category").asText())) {
                        staleIds.add(input);
                        return true;
                    }
                    return false;
                });
        for (VendorInput stale : staleIds) {
            for (SyncItem item : stale.items()) {
                item.trace("contact: stored id " + stale.key() + " no longer exists in HubSpot; matching by email");
                Map<String, Object> values = item.mapped(CONTACT).values();
                if (item.lead().emailNorm() != null) byEmail.merge(item.lead().emailNorm(), item, values);
                else noKey.add(VendorInput.of("#" + noKey.size(), values, item));
            }
        }

        send(
                integration,
                isolation,
                byEmail.inputs(),
                chunk -> VendorRequest.post(
                        "/crm/v3/objects/contacts/batch/upsert",
                        Map.of(
                                "inputs",
                                chunk.stream()
                                        .map(in -> Map.of(
                                                "id", in.key(), "idProperty", "email", "properties", in.fields()))
                                        .toList())),
                result -> result.path("properties")
                        .path("email")
                        .asText("")
                        .trim()
                        .toLowerCase(Locale.ROOT),
                (input, result) -> {
                    boolean created = result.path("new").asBoolean(false);
                    input.clear(
                            CONTACT,
                            result.path("id").asText(),
                            created,
                            "contact: upsert by email " + input.key() + " -> "
                                    + (created ? "created " : "matched and updated ")
                                    + result.path("id").asText());
                });

        send(
                integration,
                isolation,
                noKey,
                chunk -> VendorRequest.post(
                        "/crm/v3/objects/contacts/batch/create",
                        Map.of(
                                "inputs",
                                chunk.stream()
                                        .map(in -> Map.of("properties", in.fields()))
                                        .toList())),
                null,
                (input, result) -> input.clear(
                        CONTACT,
                        result.path("id").asText(),
                        true,
                        "contact: no email and no stored id; created "
                                + result.path("id").asText()));
        return batch;
    }

    /** Contacts by id ({@code idProperty} null) or by email, with {@code properties}: one batch read per 100 keys. */
    Map<String, JsonNode> read(Integration integration, Set<String> keys, String idProperty, Set<String> properties) {
        Map<String, JsonNode> out = new HashMap<>();
        for (List<String> chunk : BatchIsolation.chunks(new ArrayList<>(keys), BATCH_MAX)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("properties", new ArrayList<>(properties) {
                {
                    add("email");
                }
            });
            if (idProperty != null) body.put("idProperty", idProperty);
            body.put("inputs", chunk.stream().map(k -> Map.of("id", k)).toList());
            VendorResponse r =
                    http.call(integration, policy, VendorRequest.post("/crm/v3/objects/contacts/batch/read", body));
            for (JsonNode c : r.bodyOrEmpty().path("results")) {
                String key = idProperty == null
                        ? c.path("id").asText()
                        : c.path("properties").path("email").asText("").toLowerCase(Locale.ROOT);
                out.put(key, c);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- activities

    /** Engagement object and its default association type to a contact, per activity type. */
    private static final Map<ActivityType, String[]> ENGAGEMENTS = Map.of(
            ActivityType.CALL, new String[] {"calls", "194"},
            ActivityType.MEETING, new String[] {"meetings", "200"},
            ActivityType.EMAIL, new String[] {"emails", "198"});

    public SyncBatch logActivities(SyncBatch batch) {
        Integration integration = batch.integration();
        List<SyncItem> done = batch.written();
        Set<Long> logged = cache.loggedActivitiesOf(integration.id(), done);
        Map<String, List<VendorInput>> byObject = new LinkedHashMap<>();
        for (SyncItem item : done) {
            for (Lead.Activity a : item.lead().activities()) {
                if (logged.contains(a.id())) continue;
                String[] kind = ENGAGEMENTS.getOrDefault(a.type(), new String[] {"notes", "202"});
                byObject.computeIfAbsent(kind[0], k -> new ArrayList<>())
                        .add(new VendorInput(
                                String.valueOf(a.id()),
                                engagement(kind[0], a, item.outcome().vendorId(), kind[1]),
                                new ArrayList<>(List.of(item))));
            }
        }
        BatchIsolation isolation = new BatchIsolation(BATCH_MAX);
        byObject.forEach((object, inputs) -> send(
                integration,
                isolation,
                inputs,
                chunk -> VendorRequest.post(
                        "/crm/v3/objects/" + object + "/batch/create",
                        Map.of("inputs", chunk.stream().map(VendorInput::fields).toList())),
                null,
                (input, result) -> {
                    cache.activityLogged(
                            integration.id(),
                            Long.parseLong(input.key()),
                            result.path("id").asText());
                    input.items()
                            .forEach(i -> i.trace("activity " + input.key() + ": logged as " + object + " "
                                    + result.path("id").asText()));
                }));
        return batch;
    }

    private static Map<String, Object> engagement(
            String object, Lead.Activity a, String contactId, String associationType) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("hs_timestamp", a.occurredAt().toString());
        String subject = a.subject() == null
                ? a.type().name().charAt(0) + a.type().name().substring(1).toLowerCase(Locale.ROOT)
                : a.subject();
        String notes = a.notes() == null ? "" : a.notes();
        switch (object) {
            case "calls" -> {
                props.put("hs_call_title", subject);
                props.put("hs_call_body", notes);
                props.put("hs_call_status", "COMPLETED");
            }
            case "meetings" -> {
                props.put("hs_meeting_title", subject);
                props.put("hs_meeting_body", notes);
                props.put("hs_meeting_start_time", a.occurredAt().toString());
                props.put("hs_meeting_outcome", "COMPLETED");
            }
            case "emails" -> {
                props.put("hs_email_subject", subject);
                props.put("hs_email_text", notes);
                props.put("hs_email_direction", "EMAIL");
            }
            default ->
                props.put("hs_note_body", "[" + a.type() + "] " + subject + (notes.isEmpty() ? "" : "\n" + notes));
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("properties", props);
        input.put(
                "associations",
                List.of(Map.of(
                        "to",
                        Map.of("id", contactId),
                        "types",
                        List.of(Map.of(
                                "associationCategory",
                                "HUBSPOT_DEFINED",
                                "associationTypeId",
                                Integer.parseInt(associationType))))));
        return input;
    }

    // ---------------------------------------------------------------- batch sending

    private interface ResultHandler {
        void accept(VendorInput input, JsonNode result);
    }

    private interface ErrorHandler {
        boolean handled(VendorInput input, JsonNode error);
    }

    private void send(
            Integration integration,
            BatchIsolation isolation,
            List<VendorInput> inputs,
            Function<List<VendorInput>, VendorRequest> request,
            Function<JsonNode, String> resultKey,
            ResultHandler onResult) {
        send(integration, isolation, inputs, request, resultKey, onResult, (in, e) -> false);
    }

    /** Sends the inputs, 100 per call; per-record answers are read here, a call refused as a whole is left to the isolation. */
    private void send(
            Integration integration,
            BatchIsolation isolation,
            List<VendorInput> inputs,
            Function<List<VendorInput>, VendorRequest> request,
            Function<JsonNode, String> resultKey,
            ResultHandler onResult,
            ErrorHandler onError) {
        isolation.send(inputs, VendorInput::items, chunk -> {
            VendorResponse r = http.call(integration, policy, request.apply(chunk));
            if (r.status() == 200 || r.status() == 201 || r.status() == 207) {
                readResults(chunk, r.bodyOrEmpty(), resultKey, onResult, onError);
                return null;
            }
            var c = HubSpotErrorClassifier.classify(r.status(), r.bodyOrEmpty());
            Rejection why = Rejection.of(c.category(), c.code(), c.message());
            List<String> missing = c.missingProperties();
            // a property HubSpot does not have fails only the records carrying it; the others are sent again
            List<VendorInput> carrying = chunk.stream()
                    .filter(in -> missing.stream().anyMatch(in.fields()::containsKey))
                    .toList();
            return carrying.isEmpty() ? why : why.onlyFor(carrying);
        });
    }

    private void readResults(
            List<VendorInput> chunk,
            JsonNode body,
            Function<JsonNode, String> resultKey,
            ResultHandler onResult,
            ErrorHandler onError) {
        Map<String, VendorInput> byKey = new LinkedHashMap<>();
        chunk.forEach(in -> byKey.put(in.key(), in));
        Set<VendorInput> answered = new HashSet<>();
        List<JsonNode> results = new ArrayList<>();
        body.path("results").forEach(results::add);
        for (int i = 0; i < results.size(); i++) {
            JsonNode result = results.get(i);
            // without a key in the answer (creates), results follow the input order
            VendorInput in =
                    resultKey == null ? (i < chunk.size() ? chunk.get(i) : null) : byKey.get(resultKey.apply(result));
            if (in != null && answered.add(in)) onResult.accept(in, result);
        }
        for (JsonNode error : body.path("errors")) {
            for (JsonNode id : error.path("context").path("ids")) {
                VendorInput in = byKey.get(
                        resultKey == null ? id.asText() : id.asText().trim().toLowerCase(Locale.ROOT));
                if (in == null) in = byKey.get(id.asText());
                if (in == null || !answered.add(in)) continue;
                if (onError.handled(in, error)) continue;
                var c = HubSpotErrorClassifier.classify(207, error);
                in.fail(c.category(), c.code(), c.message());
            }
        }
        for (VendorInput in : chunk) {
            if (!answered.contains(in)) {
                in.fail(
                        ErrorCategory.VENDOR_UNAVAILABLE,
                        "NO_RESULT",
                        "HubSpot answered "
                                + (body.has("status") ? body.path("status").asText() : "2xx")
                                + " without a result or error for this record");
            }
        }
    }

    private void failAll(List<SyncItem> items, VendorResponse r, String step) {
        var c = HubSpotErrorClassifier.classify(r.status(), r.bodyOrEmpty());
        String message = step == null ? c.message() : step + " failed: " + c.message();
        items.forEach(item -> item.fail(c.category(), c.code(), message));
    }
}
