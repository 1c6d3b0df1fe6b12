package io.leadhub.connector.hubspot;

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
import io.leadhub.connector.WritePolicy;
import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import io.leadhub.lead.ActivityType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * HubSpot before the show: the properties of the mapped objects ({@code GET /crm/v3/properties/…}:
 * which exist, which are read-only, the options of enumerations, which HubSpot refuses outside
 * their options), a preview that looks up the company and the contact the way the connector does
 * (search and batch read, no write), and the calls a sync costs in batches of 100. HubSpot does not
 * publish text lengths, nor a daily allowance through OAuth: the hub's ledger is compared with the
 * configured allowance.
 */
@Component
class HubSpotPreflight implements Preflight {
    private static final String SEARCH = "POST /crm/v3/objects/companies/search";

    private final HubSpotConnector connector;
    private final VendorHttp http;
    private final HubSpotPolicy policy;
    private final VendorRecordCache cache;

    HubSpotPreflight(HubSpotConnector connector, VendorHttp http, HubSpotPolicy policy, VendorRecordCache cache) {
        this.connector = connector;
        this.http = http;
        this.policy = policy;
        this.cache = cache;
    }

    @Override
    public Vendor vendor() {
        return Vendor.HUBSPOT;
    }

    @Override
    public List<RemoteObject> describe(Integration integration, Collection<String> objects) {
        List<RemoteObject> out = new ArrayList<>();
        for (String object : objects) {
            String type = objectType(object);
            VendorResponse r = http.call(integration, policy, VendorRequest.get("/crm/v3/properties/" + type, null));
            if (!r.ok()) {
                var c = HubSpotErrorClassifier.classify(r.status(), r.bodyOrEmpty());
                if (c.category() != ErrorCategory.PERMISSION && r.status() != 404 && r.status() != 400) {
                    throw new VendorCallException(
                            c.category(), c.code(), "reading the " + type + " properties failed: " + c.message());
                }
                out.add(RemoteObject.missing(object, type, c.message()));
                continue;
            }
            Map<String, RemoteField> fields = new LinkedHashMap<>();
            for (JsonNode p : r.bodyOrEmpty().path("results")) {
                if (p.path("archived").asBoolean(false)) continue;
                boolean readOnly =
                        p.path("modificationMetadata").path("readOnlyValue").asBoolean(false)
                                || p.path("calculated").asBoolean(false);
                List<String> options = new ArrayList<>();
                p.path("options").forEach(o -> {
                    if (!o.path("hidden").asBoolean(false))
                        options.add(o.path("value").asText());
                });
                String name = p.path("name").asText();
                fields.put(
                        name,
                        new RemoteField(
                                name,
                                p.path("type").asText(),
                                null,
                                !readOnly,
                                !readOnly,
                                false,
                                "enumeration".equals(p.path("type").asText()),
                                options));
            }
            boolean contact = HubSpotConnector.CONTACT.equals(object);
            // matched companies are associated, never overwritten
            out.add(new RemoteObject(object, type, true, null, true, contact, true, true, true, false, fields));
        }
        return out;
    }

    /** HubSpot's object type of a mapping object: contact → contacts, company → companies, others as named. */
    static String objectType(String object) {
        return switch (object) {
            case HubSpotConnector.CONTACT -> "contacts";
            case HubSpotConnector.COMPANY -> "companies";
            default -> object;
        };
    }

    @Override
    public List<PreviewRecord> preview(SyncBatch batch) {
        Integration integration = batch.integration();
        List<PreviewRecord> out = new ArrayList<>();
        for (SyncItem item : batch.pending()) {
            MappedObject contact = item.mapped(HubSpotConnector.CONTACT);
            Object companyId = company(integration, item, out);
            if (contact == null) {
                item.fail(ErrorCategory.MISSING_REQUIRED_FIELD, null, "the integration has no contact mapping");
                continue;
            }
            JsonNode existing = null;
            Set<String> wanted = new LinkedHashSet<>(contact.values().keySet());
            if (item.storedVendorId() != null) {
                existing = connector
                        .read(integration, Set.of(item.storedVendorId()), null, wanted)
                        .get(item.storedVendorId());
                item.trace("contact: stored id " + item.storedVendorId()
                        + (existing != null
                                ? ": found -> update"
                                : ": no longer exists in HubSpot; matching by email"));
            }
            if (existing == null && item.lead().emailNorm() != null) {
                String email = item.lead().emailNorm();
                existing = connector
                        .read(integration, Set.of(email), "email", wanted)
                        .get(email);
                item.trace("contact: email " + email
                        + (existing != null
                                ? ": found " + existing.path("id").asText() + " -> the upsert by email updates it"
                                : ": none -> the upsert by email creates a contact"));
            } else if (existing == null) {
                item.trace("contact: no email and no stored id -> create");
            }
            Map<String, Object> properties =
                    contact.toWrite(existing, (n, f) -> n.path("properties").path(f));
            if (companyId != null) properties.put("associatedcompanyid", companyId);
            out.add(PreviewRecord.write(
                    HubSpotConnector.CONTACT,
                    "contacts",
                    existing == null ? null : existing.path("id").asText(),
                    properties));
            for (var a : item.lead().activities()) {
                out.add(new PreviewRecord(
                        "activity", engagement(a.type()), PreviewRecord.CREATE, null, Map.of("activity", a.id())));
            }
        }
        return out;
    }

    /** The company the contact is associated with (its id, or a placeholder when it would be created), or null. */
    private Object company(Integration integration, SyncItem item, List<PreviewRecord> out) {
        MappedObject company = item.mapped(HubSpotConnector.COMPANY);
        if (company == null || company.values().isEmpty()) return null;
        if (item.storedCompanyId() != null) {
            item.trace("company: stored id " + item.storedCompanyId());
            out.add(new PreviewRecord(
                    HubSpotConnector.COMPANY, "companies", PreviewRecord.ASSOCIATE, item.storedCompanyId(), null));
            return item.storedCompanyId();
        }
        Object domain = company.get("domain");
        if (domain == null) {
            item.trace("company: no domain on the lead (website or company email); no company associated");
            return null;
        }
        String d = domain.toString().toLowerCase(Locale.ROOT);
        String id = cache.companies(integration.id(), List.of(d)).get(d);
        if (id != null) {
            item.trace("company: domain " + d + " -> " + id + " (known)");
        } else {
            VendorResponse r = connector.searchCompanies(integration, List.of(d));
            if (!r.ok()) {
                var c = HubSpotErrorClassifier.classify(r.status(), r.bodyOrEmpty());
                item.fail(c.category(), c.code(), "company search failed: " + c.message());
                return null;
            }
            List<JsonNode> found = HubSpotConnector.companiesByDomain(r).get(d);
            if (found != null) {
                id = found.get(0).path("id").asText();
                item.trace("company: domain " + d + " found " + id);
            }
        }
        if (id != null) {
            out.add(new PreviewRecord(HubSpotConnector.COMPANY, "companies", PreviewRecord.ASSOCIATE, id, null));
            return id;
        }
        item.trace("company: domain " + d + " not found -> create");
        out.add(PreviewRecord.write(HubSpotConnector.COMPANY, "companies", null, company.values()));
        return "(the new company's id)";
    }

    private static String engagement(ActivityType type) {
        return switch (type) {
            case CALL -> "calls";
            case MEETING -> "meetings";
            case EMAIL -> "emails";
            default -> "notes";
        };
    }

    @Override
    public Forecaster forecaster(Integration integration) {
        return new Forecaster() {
            private final CallForecast f = new CallForecast();
            private final Set<String> domains = new HashSet<>();

            @Override
            public void batch(List<SyncItem> all) {
                List<SyncItem> batch = all.stream().filter(SyncItem::pending).toList();
                Set<String> unknown = new LinkedHashSet<>();
                for (SyncItem i : batch) {
                    MappedObject company = i.mapped(HubSpotConnector.COMPANY);
                    if (company == null || company.values().isEmpty() || i.storedCompanyId() != null) continue;
                    Object domain = company.get("domain");
                    if (domain != null) unknown.add(domain.toString().toLowerCase(Locale.ROOT));
                }
                unknown.removeAll(domains);
                unknown.removeAll(cache.companies(integration.id(), unknown).keySet());
                domains.addAll(unknown);
                f.addChunks(SEARCH, unknown.size(), HubSpotConnector.BATCH_MAX);
                f.addChunks("POST /crm/v3/objects/companies/batch/create", unknown.size(), HubSpotConnector.BATCH_MAX);
                List<SyncItem> contacts = batch.stream()
                        .filter(i -> i.mapped(HubSpotConnector.CONTACT) != null)
                        .toList();
                long byId = contacts.stream()
                        .filter(i -> i.storedVendorId() != null)
                        .count();
                long byEmail = contacts.stream()
                        .filter(i -> i.storedVendorId() == null && i.lead().emailNorm() != null)
                        .map(i -> i.lead().emailNorm())
                        .distinct()
                        .count();
                long noKey = contacts.stream()
                        .filter(i -> i.storedVendorId() == null && i.lead().emailNorm() == null)
                        .count();
                boolean conditional = contacts.stream()
                        .anyMatch(i -> i.mapped(HubSpotConnector.CONTACT).values().keySet().stream()
                                .anyMatch(
                                        k -> i.mapped(HubSpotConnector.CONTACT).policy(k) != WritePolicy.ALWAYS));
                if (conditional) {
                    f.addChunks("POST /crm/v3/objects/contacts/batch/read", byId, HubSpotConnector.BATCH_MAX);
                    f.addChunks("POST /crm/v3/objects/contacts/batch/read", byEmail, HubSpotConnector.BATCH_MAX);
                }
                f.addChunks("POST /crm/v3/objects/contacts/batch/update", byId, HubSpotConnector.BATCH_MAX);
                f.addChunks("POST /crm/v3/objects/contacts/batch/upsert", byEmail, HubSpotConnector.BATCH_MAX);
                f.addChunks("POST /crm/v3/objects/contacts/batch/create", noKey, HubSpotConnector.BATCH_MAX);
                Map<String, Long> engagements = new LinkedHashMap<>();
                contacts.forEach(i ->
                        i.lead().activities().forEach(a -> engagements.merge(engagement(a.type()), 1L, Long::sum)));
                engagements.forEach((object, n) ->
                        f.addChunks("POST /crm/v3/objects/" + object + "/batch/create", n, HubSpotConnector.BATCH_MAX));
            }

            @Override
            public CallForecast result() {
                return f.assume(
                        "a company domain the hub has not seen is not at HubSpot yet: one search and one create per 100 new domains");
            }
        };
    }
}
