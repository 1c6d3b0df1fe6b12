package io.leadhub.connector.pipedrive;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.connector.CallForecast;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.MappedObject;
import io.leadhub.connector.Preflight;
import io.leadhub.connector.PreviewRecord;
import io.leadhub.connector.RemoteField;
import io.leadhub.connector.RemoteObject;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorHttp;
import io.leadhub.connector.VendorRecordCache;
import io.leadhub.connector.VendorRequest;
import io.leadhub.connector.VendorResponse;
import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Pipedrive before the show: the person and organization fields ({@code GET /v1/personFields},
 * {@code /v1/organizationFields}: which exist, which the user may edit, the options of enum fields,
 * whose values are option ids), a preview that searches the organization and the person the way
 * the connector does, and the calls a sync costs: Pipedrive writes one record per call.
 */
@Component
class PipedrivePreflight implements Preflight {
    private final PipedriveConnector connector;
    private final VendorHttp http;
    private final PipedrivePolicy policy;
    private final VendorRecordCache cache;

    PipedrivePreflight(PipedriveConnector connector, VendorHttp http, PipedrivePolicy policy, VendorRecordCache cache) {
        this.connector = connector;
        this.http = http;
        this.policy = policy;
        this.cache = cache;
    }

    @Override
    public Vendor vendor() {
        return Vendor.PIPEDRIVE;
    }

    @Override
    public List<RemoteObject> describe(Integration integration, Collection<String> objects) {
        List<RemoteObject> out = new ArrayList<>();
        for (String object : objects) {
            String path = switch (object) {
                case PipedriveConnector.PERSON -> "/v1/personFields";
                case PipedriveConnector.ORGANIZATION -> "/v1/organizationFields";
                default -> null;
            };
            if (path == null) {
                out.add(RemoteObject.missing(
                        object, object, "the hub writes only Pipedrive persons and organizations"));
                continue;
            }
            VendorResponse r = http.call(integration, policy, VendorRequest.get(path, "limit=500"));
            if (!r.ok()) {
                var c = PipedriveErrorClassifier.classify(r.status(), r.bodyOrEmpty());
                if (c.category() != ErrorCategory.PERMISSION)
                    throw new VendorCallException(c.category(), c.code(), c.message());
                out.add(RemoteObject.missing(object, object, c.message()));
                continue;
            }
            Map<String, RemoteField> fields = new LinkedHashMap<>();
            for (JsonNode f : r.bodyOrEmpty().path("data")) {
                String key = f.path("key").asText();
                List<String> options = new ArrayList<>();
                f.path("options").forEach(o -> options.add(o.path("id").asText()));
                String type = f.path("field_type").asText();
                fields.put(
                        key,
                        new RemoteField(
                                key,
                                type,
                                f.hasNonNull("max_length") ? f.get("max_length").asInt() : null,
                                // edit_flag tells whether the field's definition may be edited, not its
                                // values: every field Pipedrive lists takes values from the API user
                                true,
                                true,
                                f.path("mandatory_flag").asBoolean(false) && !"name".equals(key),
                                "enum".equals(type) || "set".equals(type),
                                options));
            }
            boolean person = PipedriveConnector.PERSON.equals(object);
            // matched organizations are linked, never overwritten
            out.add(new RemoteObject(object, object, true, null, true, person, true, true, true, false, fields));
        }
        return out;
    }

    @Override
    public List<PreviewRecord> preview(SyncBatch batch) {
        Integration integration = batch.integration();
        connector.checkLeads(batch);
        List<PreviewRecord> out = new ArrayList<>();
        for (SyncItem item : batch.pending()) {
            try {
                organization(integration, item, out);
                if (!item.pending()) continue;
                MappedObject mapped = item.mapped(PipedriveConnector.PERSON);
                JsonNode existing = null;
                String id = item.storedVendorId();
                if (id != null) {
                    existing = person(integration, "ids=" + id + "&limit=1");
                    item.trace("person: stored id " + id
                            + (existing != null ? ": found -> update" : ": not found (deleted in Pipedrive)"));
                    if (existing == null) id = null;
                }
                if (id == null && item.lead().emailNorm() != null) {
                    VendorResponse r = http.call(
                            integration,
                            policy,
                            VendorRequest.get(
                                    PipedriveConnector.PERSONS + "/search",
                                    "term=" + PipedriveConnector.enc(item.lead().emailNorm())
                                            + "&fields=email&exact_match=true"));
                    if (!r.ok()) {
                        var c = PipedriveErrorClassifier.classify(r.status(), r.bodyOrEmpty());
                        item.fail(c.category(), c.code(), "person search: " + c.message());
                        continue;
                    }
                    JsonNode hits = r.bodyOrEmpty().path("data").path("items");
                    if (hits.size() > 0) {
                        id = hits.get(0).path("item").path("id").asText();
                        existing = person(integration, "ids=" + id + "&limit=1");
                    }
                    item.trace("person: email " + item.lead().emailNorm()
                            + (id != null ? " found " + id + " -> update" : " not found -> create"));
                }
                List<String> phones = new ArrayList<>();
                if (existing != null)
                    existing.path("phones")
                            .forEach(p -> phones.add(p.path("value").asText(p.asText())));
                Map<String, Object> body = connector.personBody(
                        item,
                        mapped,
                        id == null ? null : existing == null ? PipedriveConnector.UNREAD : existing,
                        phones);
                out.add(PreviewRecord.write(PipedriveConnector.PERSON, "persons", id, body));
                for (var a : item.lead().activities()) {
                    out.add(new PreviewRecord(
                            "activity", "notes", PreviewRecord.CREATE, null, Map.of("activity", a.id())));
                }
            } catch (VendorCallException e) {
                item.fail(e.category(), e.vendorCode(), e.getMessage(), e.retryAt());
            }
        }
        return out;
    }

    private JsonNode person(Integration integration, String query) {
        VendorResponse r = http.call(integration, policy, VendorRequest.get(PipedriveConnector.PERSONS, query));
        if (!r.ok()) {
            var c = PipedriveErrorClassifier.classify(r.status(), r.bodyOrEmpty());
            throw new VendorCallException(c.category(), c.code(), "person read: " + c.message());
        }
        JsonNode first = r.bodyOrEmpty().path("data").path(0);
        return first.isMissingNode() ? null : first;
    }

    private void organization(Integration integration, SyncItem item, List<PreviewRecord> out) {
        if (item.storedCompanyId() != null) {
            item.companyVendorId(item.storedCompanyId());
            item.trace("organization: stored id " + item.storedCompanyId());
            out.add(new PreviewRecord(
                    PipedriveConnector.ORGANIZATION,
                    "organizations",
                    PreviewRecord.ASSOCIATE,
                    item.storedCompanyId(),
                    null));
            return;
        }
        MappedObject org = item.mapped(PipedriveConnector.ORGANIZATION);
        Object name = org == null ? null : org.get("name");
        if (name == null || name.toString().isBlank()) {
            item.trace("organization: no company name on the lead; no organization linked");
            return;
        }
        String key = name.toString().trim().toLowerCase(Locale.ROOT);
        String id = cache.companies(integration.id(), List.of(PipedriveConnector.ORG_KEY_PREFIX + key))
                .get(PipedriveConnector.ORG_KEY_PREFIX + key);
        if (id == null) {
            VendorResponse r = http.call(
                    integration,
                    policy,
                    VendorRequest.get(
                            PipedriveConnector.ORGANIZATIONS + "/search",
                            "term=" + PipedriveConnector.enc(name.toString().trim())
                                    + "&fields=name&exact_match=true"));
            if (!r.ok()) {
                var c = PipedriveErrorClassifier.classify(r.status(), r.bodyOrEmpty());
                item.fail(c.category(), c.code(), "organization search: " + c.message());
                return;
            }
            JsonNode hits = r.bodyOrEmpty().path("data").path("items");
            if (hits.size() > 0) id = hits.get(0).path("item").path("id").asText();
        }
        if (id != null) {
            item.companyVendorId(id);
            item.trace("organization: name '" + name + "' found " + id);
            out.add(new PreviewRecord(
                    PipedriveConnector.ORGANIZATION, "organizations", PreviewRecord.ASSOCIATE, id, null));
        } else {
            item.trace("organization: name '" + name + "' not found -> create");
            out.add(PreviewRecord.write(
                    PipedriveConnector.ORGANIZATION, "organizations", null, PipedriveConnector.fields(org)));
        }
    }

    @Override
    public Forecaster forecaster(Integration integration) {
        return new Forecaster() {
            private final CallForecast f = new CallForecast();
            private final Set<String> organizations = new HashSet<>();

            @Override
            public void batch(List<SyncItem> all) {
                List<SyncItem> batch = all.stream()
                        .filter(i -> i.pending() && i.mapped(PipedriveConnector.PERSON) != null)
                        .filter(i -> i.storedVendorId() != null || i.lead().emailNorm() != null)
                        .toList();
                List<String> names = new ArrayList<>();
                for (SyncItem i : batch) {
                    MappedObject org = i.mapped(PipedriveConnector.ORGANIZATION);
                    Object name = org == null ? null : org.get("name");
                    if (i.storedCompanyId() != null
                            || name == null
                            || name.toString().isBlank()) continue;
                    String key = PipedriveConnector.ORG_KEY_PREFIX
                            + name.toString().trim().toLowerCase(Locale.ROOT);
                    if (organizations.add(key)) names.add(key);
                }
                names.removeAll(cache.companies(integration.id(), names).keySet());
                f.add("GET /api/v2/organizations/search", names.size());
                f.add("POST /api/v2/organizations", names.size());
                Set<String> emails = new HashSet<>();
                long searches = batch.stream()
                        .filter(i -> i.storedVendorId() == null
                                && emails.add(i.lead().emailNorm()))
                        .count();
                f.add("GET /api/v2/persons/search", searches);
                f.add("POST /api/v2/persons", searches);
                f.add("PATCH /api/v2/persons/{id}", batch.size() - searches);
                f.add(
                        "POST /v1/notes",
                        batch.stream()
                                .mapToLong(i -> i.lead().activities().size())
                                .sum());
            }

            @Override
            public CallForecast result() {
                return f.assume("a person the hub has not synced is searched by email, not found and created;"
                        + " a company name the hub has not seen is searched and created");
            }
        };
    }
}
