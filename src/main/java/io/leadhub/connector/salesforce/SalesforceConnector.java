package io.leadhub.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.campaign.CampaignLink;
import io.leadhub.campaign.CampaignLinkRepository;
import io.leadhub.campaign.MemberStatusOrder;
import io.leadhub.connector.BatchIsolation;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.connector.MappedObject;
import io.leadhub.connector.Outcome;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorRecordCache;
import io.leadhub.connector.WritePolicy;
import io.leadhub.integration.Integration;
import io.leadhub.lead.DomainExtractor;
import io.leadhub.lead.Lead;
import io.leadhub.lead.LeadField;
import io.leadhub.mapping.FieldMapping;
import io.leadhub.mapping.MappingRepository;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The Salesforce connector's steps (route {@code vendor-salesforce}). Every lead is matched with
 * the strategy frozen on its row (SPEC §9) by batched SOQL lookups (stored id and email in one
 * {@code IN} query per object), checked against the describe metadata, and written with sObject
 * Collections (200 records per call, allOrNone=false): per-record errors fail only their lead, a
 * call refused as a whole goes through {@link BatchIsolation} (a record's bad value is isolated by
 * halving; INVALID_FIELD, INVALID_TYPE and INSUFFICIENT_ACCESS fail the call's leads at once). Then
 * custom-object records, Tasks for activities (once each) and Campaign membership (status never
 * moves backwards). Failure messages name the object and the Salesforce code, never the SOQL.
 */
@Component("salesforceConnector")
public class SalesforceConnector {
    static final String PLANS = "salesforcePlans";
    /** Exchange property: a lookup of this batch was answered, so Salesforce is up (evidence for the isolation). */
    static final String ANSWERED = "salesforceAnswered";

    static final int BATCH_MAX = 200;

    private final SalesforceApi api;
    private final SalesforceMetadata metadata;
    private final MappingRepository mappings;
    private final CampaignLinkRepository links;
    private final VendorRecordCache cache;
    private final ChildRecordStore children;

    SalesforceConnector(
            SalesforceApi api,
            SalesforceMetadata metadata,
            MappingRepository mappings,
            CampaignLinkRepository links,
            VendorRecordCache cache,
            ChildRecordStore children) {
        this.api = api;
        this.metadata = metadata;
        this.mappings = mappings;
        this.links = links;
        this.cache = cache;
        this.children = children;
    }

    /** What the connector decided for one lead: which record to update (or create) and the payload. */
    static final class Plan {
        final SyncItem item;
        final SalesforceStrategy strategy;
        String sObject; // Lead or Contact
        String id; // matched record, null = create
        JsonNode matched; // the matched record's values (IF_EMPTY), when read
        String accountId; // Accounts and Contacts: the Contact's Account
        String accountKey; // Accounts and Contacts: domain or company name of an Account to create
        Map<String, Object> record;
        Map<String, Object> accountRecord;

        Plan(SyncItem item) {
            this.item = item;
            this.strategy = SalesforceStrategy.of(item.matchStrategy());
        }

        String mappingObject() {
            return sObject.toLowerCase(Locale.ROOT);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<SyncItem, Plan> plans(Exchange exchange) {
        Map<SyncItem, Plan> plans = exchange.getProperty(PLANS, Map.class);
        if (plans == null) {
            plans = new LinkedHashMap<>();
            exchange.setProperty(PLANS, plans);
        }
        return plans;
    }

    // ---------------------------------------------------------------- match

    public SyncBatch matchRecords(SyncBatch batch, Exchange exchange) {
        Integration integration = batch.integration();
        Map<SyncItem, Plan> plans = plans(exchange);
        for (SyncItem item : batch.pending()) {
            Plan p = new Plan(item);
            plans.put(item, p);
            item.trace("strategy " + p.strategy);
        }
        try {
            matchContacts(
                    integration,
                    plans.values().stream()
                            .filter(p -> p.strategy.contactsFirst())
                            .toList());
            matchLeads(
                    integration,
                    plans.values().stream()
                            .filter(p -> p.strategy.leads() && p.sObject == null)
                            .toList());
            matchAccounts(
                    integration,
                    plans.values().stream()
                            .filter(p -> p.strategy == SalesforceStrategy.ACCOUNTS_AND_CONTACTS && p.sObject == null)
                            .toList());
            if (plans.values().stream()
                    .anyMatch(p ->
                            p.item.storedVendorId() != null || p.item.lead().emailNorm() != null)) {
                exchange.setProperty(ANSWERED, true);
            }
        } catch (VendorCallException e) {
            for (Plan p : plans.values()) p.item.fail(e.category(), e.vendorCode(), e.getMessage(), e.retryAt());
        }
        for (Plan p : plans.values()) {
            if (p.sObject == null && p.item.pending()) {
                p.sObject = p.strategy == SalesforceStrategy.ACCOUNTS_AND_CONTACTS ? "Contact" : "Lead";
                p.item.trace("no match -> create " + p.sObject
                        + (p.accountKey != null
                                ? " with a new Account"
                                : p.accountId != null ? " under Account " + p.accountId : ""));
            }
        }
        return batch;
    }

    private void matchContacts(Integration integration, List<Plan> plans) {
        if (plans.isEmpty()) return;
        List<JsonNode> found = lookup(
                integration, "Contact", select("Id, Email, AccountId, LastModifiedDate", plans, "contact"), plans);
        Map<String, JsonNode> byId = index(found);
        Map<String, List<JsonNode>> byEmail = byEmail(found);
        for (Plan p : plans) {
            JsonNode hit = p.item.storedVendorId() == null ? null : byId.get(p.item.storedVendorId());
            if (hit != null) {
                p.item.trace("Contact ID " + p.item.storedVendorId() + ": found");
                use(p, "Contact", hit);
                continue;
            }
            if (p.item.storedVendorId() != null)
                p.item.trace("Contact ID " + p.item.storedVendorId() + ": not a Contact");
            String email = p.item.lead().emailNorm();
            if (email == null) {
                p.item.trace("Contact Email: lead has no email");
                continue;
            }
            JsonNode best = mostRecent(p, "Contact", email, byEmail.get(email));
            if (best != null) use(p, "Contact", best);
            else p.item.trace("Contact Email " + email + ": none");
        }
    }

    private void matchLeads(Integration integration, List<Plan> plans) {
        if (plans.isEmpty()) return;
        List<JsonNode> found = lookup(
                integration,
                "Lead",
                select("Id, Email, IsConverted, ConvertedContactId, LastModifiedDate", plans, "lead"),
                plans);
        Map<String, JsonNode> byId = index(found);
        Map<String, List<JsonNode>> byEmail = byEmail(found);
        for (Plan p : plans) {
            JsonNode hit = p.item.storedVendorId() == null ? null : byId.get(p.item.storedVendorId());
            if (hit != null) {
                p.item.trace("Lead ID " + p.item.storedVendorId() + ": found");
                useLead(p, hit);
                continue;
            }
            if (p.item.storedVendorId() != null) p.item.trace("Lead ID " + p.item.storedVendorId() + ": not a Lead");
            String email = p.item.lead().emailNorm();
            if (email == null) {
                p.item.trace("Lead Email: lead has no email");
                continue;
            }
            JsonNode best = mostRecent(p, "Lead", email, byEmail.get(email));
            if (best != null) useLead(p, best);
            else p.item.trace("Lead Email " + email + ": none");
        }
    }

    /** A converted Lead is followed to its Contact (Salesforce refuses updates of converted Leads). */
    private static void useLead(Plan p, JsonNode lead) {
        if (lead.path("IsConverted").asBoolean(false)) {
            String contact = lead.path("ConvertedContactId").asText(null);
            if (contact != null && !contact.isBlank()) {
                p.item.trace("Lead " + lead.path("Id").asText() + " was converted -> following to Contact " + contact);
                p.sObject = "Contact";
                p.id = contact;
                p.matched = null;
                return;
            }
            p.item.trace("Lead " + lead.path("Id").asText() + " was converted without a Contact; ignored");
            return;
        }
        use(p, "Lead", lead);
    }

    private static void use(Plan p, String sObject, JsonNode record) {
        p.sObject = sObject;
        p.id = record.path("Id").asText();
        p.matched = record;
        if (record.hasNonNull("AccountId"))
            p.accountId = record.path("AccountId").asText();
        p.item.trace("-> update " + sObject + " " + p.id);
    }

    /** The most recently modified record among several with the email; the choice is traced. */
    private static JsonNode mostRecent(Plan p, String sObject, String email, List<JsonNode> candidates) {
        if (candidates == null || candidates.isEmpty()) return null;
        if (candidates.size() == 1) {
            p.item.trace(sObject + " Email " + email + ": found "
                    + candidates.get(0).path("Id").asText());
            return candidates.get(0);
        }
        List<JsonNode> sorted = candidates.stream()
                .sorted(Comparator.comparing(
                                (JsonNode r) -> r.path("LastModifiedDate").asText(""))
                        .reversed())
                .toList();
        JsonNode best = sorted.get(0);
        p.item.trace(sObject + " Email " + email + ": ambiguous, " + candidates.size() + " records ("
                + sorted.stream()
                        .map(r -> r.path("Id").asText() + " modified "
                                + r.path("LastModifiedDate").asText())
                        .collect(Collectors.joining(", "))
                + "); chose the most recently modified " + best.path("Id").asText());
        return best;
    }

    private void matchAccounts(Integration integration, List<Plan> plans) {
        Map<String, List<Plan>> byKey = new LinkedHashMap<>();
        for (Plan p : plans) {
            if (p.accountId != null) continue;
            String key = accountKey(p.item.lead());
            if (key == null) {
                p.item.trace("Account: lead has no company or domain; Contact without Account");
                continue;
            }
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(p);
        }
        if (byKey.isEmpty()) return;
        Map<String, String> known = cache.companies(integration.id(), byKey.keySet());
        Map<String, List<Plan>> unknown = new LinkedHashMap<>();
        byKey.forEach((key, ps) -> {
            String id = known.get(key);
            if (id != null)
                ps.forEach(p -> {
                    p.accountId = id;
                    p.item.trace("Account " + key + ": " + id + " (known)");
                });
            else unknown.put(key, ps);
        });
        List<String> keys = new ArrayList<>(unknown.keySet());
        for (int from = 0; from < keys.size(); from += 40) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + 40));
            Set<String> names = new LinkedHashSet<>();
            Set<String> domains = new LinkedHashSet<>();
            for (String key : chunk) {
                for (Plan p : unknown.get(key)) {
                    String company = p.item.lead().get(LeadField.COMPANY);
                    if (company != null && !company.isBlank()) names.add(company.trim());
                    String domain = domain(p.item.lead());
                    if (domain != null) domains.add(domain);
                }
            }
            List<String> where = new ArrayList<>();
            if (!names.isEmpty())
                where.add("Name IN (" + names.stream().map(SoqlBuilder::quote).collect(Collectors.joining(",")) + ")");
            domains.forEach(d -> where.add("Website LIKE " + SoqlBuilder.quote("%" + d + "%")));
            List<JsonNode> accounts = query(
                    integration,
                    "SELECT Id, Name, Website, LastModifiedDate FROM Account WHERE " + String.join(" OR ", where),
                    "Account lookup by company name and website");
            for (String key : chunk) {
                List<Plan> ps = unknown.get(key);
                Lead lead = ps.get(0).item.lead();
                String domain = domain(lead);
                String company = lead.get(LeadField.COMPANY);
                List<JsonNode> byDomain = domain == null
                        ? List.of()
                        : accounts.stream()
                                .filter(a -> domain.equals(DomainExtractor.registrableDomain(
                                        a.path("Website").asText(""))))
                                .toList();
                List<JsonNode> byName = company == null
                        ? List.of()
                        : accounts.stream()
                                .filter(a -> a.path("Name").asText("").trim().equalsIgnoreCase(company.trim()))
                                .toList();
                String how = !byDomain.isEmpty() ? "website domain " + domain : "company name '" + company + "'";
                List<JsonNode> candidates = !byDomain.isEmpty() ? byDomain : byName;
                if (candidates.isEmpty()) {
                    ps.forEach(p -> {
                        p.accountKey = key;
                        p.item.trace("Account by " + (domain != null ? "website domain " + domain + " or " : "")
                                + "company name '" + company + "': none");
                    });
                    continue;
                }
                JsonNode best = candidates.stream()
                        .max(Comparator.comparing(
                                (JsonNode a) -> a.path("LastModifiedDate").asText("")))
                        .get();
                String note = candidates.size() > 1
                        ? " (ambiguous, " + candidates.size() + " Accounts; chose the most recently modified)"
                        : "";
                String id = best.path("Id").asText();
                cache.rememberCompany(integration.id(), key, id);
                ps.forEach(p -> {
                    p.accountId = id;
                    p.item.trace("Account by " + how + ": " + id + note);
                });
            }
        }
    }

    private static String domain(Lead lead) {
        return DomainExtractor.companyDomain(lead.get(LeadField.WEBSITE), lead.get(LeadField.EMAIL));
    }

    static String accountKey(Lead lead) {
        String domain = domain(lead);
        if (domain != null) return "domain:" + domain;
        String company = lead.get(LeadField.COMPANY);
        return company == null || company.isBlank()
                ? null
                : "name:" + company.trim().toLowerCase(Locale.ROOT);
    }

    /** The SELECT list: the fixed fields plus the IF_EMPTY fields of the mapping (their current values decide). */
    private static String select(String fixed, List<Plan> plans, String mappingObject) {
        Set<String> fields = new LinkedHashSet<>(List.of(fixed.split(",\\s*")));
        Set<String> lower =
                fields.stream().map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(HashSet::new));
        for (Plan p : plans) {
            MappedObject m = p.item.mapped(mappingObject);
            if (m == null) continue;
            for (String f : m.values().keySet()) {
                if (m.policy(f) == WritePolicy.IF_EMPTY && lower.add(f.toLowerCase(Locale.ROOT))) fields.add(f);
            }
        }
        return String.join(", ", fields);
    }

    /** Records of {@code sObject} whose Id is a stored id or whose Email is a lead's, in as few queries as fit. */
    private List<JsonNode> lookup(Integration integration, String sObject, String select, List<Plan> plans) {
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put(
                "Id",
                plans.stream()
                        .map(p -> p.item.storedVendorId())
                        .filter(Objects::nonNull)
                        .distinct()
                        .toList());
        keys.put(
                "Email",
                plans.stream()
                        .map(p -> p.item.lead().emailNorm())
                        .filter(Objects::nonNull)
                        .distinct()
                        .toList());
        List<JsonNode> out = new ArrayList<>();
        for (String soql : SoqlBuilder.lookups(select, sObject, keys, null, api.queryBudget(integration))) {
            out.addAll(query(integration, soql, sObject + " lookup by id and email"));
        }
        return out;
    }

    /**
     * A lookup query whose failure names what was looked up and the Salesforce code, never the query:
     * the SOQL lists every email of the batch and the message goes to each lead's row.
     */
    private List<JsonNode> query(Integration integration, String soql, String purpose) {
        try {
            return api.query(integration, soql);
        } catch (VendorCallException e) {
            throw new VendorCallException(
                    e.category(),
                    e.vendorCode(),
                    purpose + " failed" + (e.vendorCode() == null ? "" : " (" + e.vendorCode() + ")") + ": "
                            + e.getMessage(),
                    e.retryAt());
        }
    }

    private static Map<String, JsonNode> index(List<JsonNode> records) {
        Map<String, JsonNode> out = new HashMap<>();
        records.forEach(r -> out.put(r.path("Id").asText(), r));
        return out;
    }

    private static Map<String, List<JsonNode>> byEmail(List<JsonNode> records) {
        Map<String, List<JsonNode>> out = new HashMap<>();
        for (JsonNode r : records) {
            String e = r.path("Email").asText("").trim().toLowerCase(Locale.ROOT);
            if (!e.isEmpty()) out.computeIfAbsent(e, k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    // ---------------------------------------------------------------- pre-send checks

    public SyncBatch checkFields(SyncBatch batch, Exchange exchange) {
        Integration integration = batch.integration();
        Map<String, Map<String, FieldMapping>> rows = rowsByField(integration.id());
        Map<String, SalesforceMetadata.Describe> described = new HashMap<>();
        Map<String, VendorCallException> failedDescribe = new HashMap<>();
        Function<String, SalesforceMetadata.Describe> describe = object -> {
            if (failedDescribe.containsKey(object)) throw failedDescribe.get(object);
            return described.computeIfAbsent(object, o -> {
                try {
                    return metadata.describe(integration, o);
                } catch (VendorCallException e) {
                    failedDescribe.put(o, e);
                    throw e;
                }
            });
        };
        for (Plan p : plans(exchange).values()) {
            if (!p.item.pending() || p.sObject == null) continue;
            try {
                p.record = payload(p, describe.apply(p.sObject));
                boolean create = p.id == null;
                if (create && "Contact".equals(p.sObject) && (p.accountId != null || p.accountKey != null)) {
                    p.record.put("AccountId", p.accountId != null ? p.accountId : "(new Account)");
                }
                FieldCheck.Problem problem = FieldCheck.check(
                        describe.apply(p.sObject), p.record, create, rows.getOrDefault(p.mappingObject(), Map.of()));
                if (problem == null && p.accountKey != null) {
                    MappedObject account = p.item.mapped("account");
                    p.accountRecord = new LinkedHashMap<>(account == null ? Map.of() : account.values());
                    if (!p.accountRecord.containsKey("Name")) {
                        // an Account needs a Name: the company, else the domain it was looked up by
                        String company = p.item.lead().get(LeadField.COMPANY);
                        String name = company != null && !company.isBlank() ? company : domain(p.item.lead());
                        if (name != null) p.accountRecord.put("Name", name);
                    }
                    problem = FieldCheck.check(
                            describe.apply("Account"), p.accountRecord, true, rows.getOrDefault("account", Map.of()));
                }
                if (problem != null) {
                    p.item.trace("pre-check against the " + p.sObject + " describe: " + problem.code());
                    p.item.fail(problem.category(), problem.code(), problem.message());
                }
            } catch (VendorCallException e) {
                p.item.fail(e.category(), e.vendorCode(), "describe failed: " + e.getMessage(), e.retryAt());
            }
        }
        return batch;
    }

    /** The values to send: the object's mapping (Contacts fall back to the Lead mapping's fields a Contact has), by write policy. */
    private Map<String, Object> payload(Plan p, SalesforceMetadata.Describe describe) {
        MappedObject m = p.item.mapped(p.mappingObject());
        boolean fallback = false;
        if ((m == null || m.values().isEmpty()) && "Contact".equals(p.sObject)) {
            m = p.item.mapped("lead");
            fallback = true;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        if (m == null) return values;
        for (var e : m.values().entrySet()) {
            String field = e.getKey();
            if (fallback && describe.field(field) == null) continue;
            WritePolicy policy = m.policy(field);
            JsonNode current = p.matched == null ? null : p.matched.get(field);
            // a matched record whose values were not read (a converted Lead's Contact) keeps its IF_EMPTY fields
            if (p.id != null && policy == WritePolicy.IF_EMPTY && current == null) continue;
            if (!policy.writes(p.id != null, current)) continue;
            values.put(field, e.getValue());
        }
        if (fallback) p.item.trace("no contact mapping: the lead mapping's Contact fields are used");
        return values;
    }

    private Map<String, Map<String, FieldMapping>> rowsByField(long integrationId) {
        Map<String, Map<String, FieldMapping>> out = new HashMap<>();
        mappings.allFields(integrationId).forEach((object, list) -> {
            Map<String, FieldMapping> byField = new HashMap<>();
            list.forEach(r -> byField.put(r.vendorField().toLowerCase(Locale.ROOT), r));
            out.put(object.toLowerCase(Locale.ROOT), byField);
        });
        return out;
    }

    // ---------------------------------------------------------------- write

    public SyncBatch writeRecords(SyncBatch batch, Exchange exchange) {
        Integration integration = batch.integration();
        List<Plan> ready = plans(exchange).values().stream()
                .filter(p -> p.item.pending() && p.record != null)
                .toList();
        BatchIsolation isolation = new BatchIsolation(BATCH_MAX);
        if (Boolean.TRUE.equals(exchange.getProperty(ANSWERED, Boolean.class))) isolation.vendorAnswered();
        try {
            createAccounts(integration, isolation, ready);
            // two leads of one batch with the same email make one record: the first creates it, the others update it
            Map<String, Plan> creators = new LinkedHashMap<>();
            Map<Plan, Plan> sameEmail = new LinkedHashMap<>();
            for (Plan p : ready) {
                if (!p.item.pending() || p.id != null) continue;
                Object email = p.record.get("Email");
                String key = email == null || email.toString().isBlank()
                        ? "lead:" + p.item.syncId()
                        : p.sObject + ":" + email.toString().trim().toLowerCase(Locale.ROOT);
                Plan first = creators.putIfAbsent(key, p);
                if (first != null) sameEmail.put(p, first);
            }
            List<Plan> creates = List.copyOf(creators.values());
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
            List<Plan> updates =
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
            for (Plan p : ready)
                p.item.fail(e.category(), e.vendorCode(), "write failed: " + e.getMessage(), e.retryAt());
        }
        return batch;
    }

    /** Accounts and Contacts: one Account per new company key, created before the Contacts that go under it. */
    private void createAccounts(Integration integration, BatchIsolation isolation, List<Plan> ready) {
        Map<String, List<Plan>> byKey = new LinkedHashMap<>();
        ready.stream()
                .filter(p -> p.accountKey != null && p.item.pending())
                .forEach(p -> byKey.computeIfAbsent(p.accountKey, k -> new ArrayList<>())
                        .add(p));
        if (byKey.isEmpty()) return;
        List<Plan> firsts = byKey.values().stream().map(ps -> ps.get(0)).toList();
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
                    for (Plan p : byKey.get(first.accountKey)) {
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

    // ---------------------------------------------------------------- custom objects

    /** Items whose Lead or Contact is written in this batch. */
    private static List<SyncItem> written(SyncBatch batch) {
        return batch.items().stream()
                .filter(i -> !i.pending() && i.outcome().cleared())
                .toList();
    }

    /** A record of a custom object (mapping object ending in __c) per synced lead, linked to its Lead / Contact. */
    public SyncBatch writeCustomObjects(SyncBatch batch) {
        Integration integration = batch.integration();
        List<SyncItem> written = written(batch);
        Set<String> objects = new LinkedHashSet<>();
        written.forEach(i -> i.mapped().forEach((k, v) -> {
            if (k.toLowerCase(Locale.ROOT).endsWith("__c") && !v.values().isEmpty()) objects.add(k);
        }));
        Map<String, Map<String, FieldMapping>> rows = objects.isEmpty() ? Map.of() : rowsByField(integration.id());
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
        save(
                integration,
                new BatchIsolation(BATCH_MAX).vendorAnswered(),
                method,
                entries,
                e -> List.of(e.getKey()),
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

    // ---------------------------------------------------------------- tasks

    /** A Task per activity on the matched Lead/Contact, once each (activity_sync), in collections of 200. */
    public SyncBatch logTasks(SyncBatch batch) {
        Integration integration = batch.integration();
        List<SyncItem> written = written(batch);
        List<Long> ids = written.stream()
                .flatMap(i -> i.lead().activities().stream())
                .map(Lead.Activity::id)
                .toList();
        if (ids.isEmpty()) return batch;
        Set<Long> logged = new HashSet<>(cache.loggedActivities(integration.id(), ids));
        List<Map.Entry<SyncItem, Lead.Activity>> todo = new ArrayList<>();
        for (SyncItem item : written) {
            for (Lead.Activity a : item.lead().activities()) {
                if (logged.contains(a.id())) item.trace("task: activity " + a.id() + " already logged");
                else todo.add(Map.entry(item, a));
            }
        }
        Set<Map.Entry<SyncItem, Lead.Activity>> handled = new HashSet<>();
        try {
            save(
                    integration,
                    new BatchIsolation(BATCH_MAX).vendorAnswered(),
                    "POST",
                    todo,
                    e -> List.of(e.getKey()),
                    e -> task(e.getKey(), e.getValue()),
                    (e, r) -> {
                        handled.add(e);
                        cache.activityLogged(
                                integration.id(),
                                e.getValue().id(),
                                r.path("id").asText());
                        e.getKey()
                                .trace("task: " + e.getValue().type() + " activity "
                                        + e.getValue().id() + " -> Task "
                                        + r.path("id").asText());
                    },
                    (e, f) -> {
                        handled.add(e);
                        e.getKey()
                                .failAfterWrite(
                                        f.category(),
                                        f.code(),
                                        "activity " + e.getValue().id() + ": " + f.message());
                    },
                    "Task");
        } catch (VendorCallException ex) {
            todo.stream()
                    .filter(e -> !handled.contains(e))
                    .forEach(e -> e.getKey()
                            .failAfterWrite(ex.category(), ex.vendorCode(), "tasks not written: " + ex.getMessage()));
        }
        return batch;
    }

    static Map<String, Object> task(SyncItem item, Lead.Activity a) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("attributes", Map.of("type", "Task"));
        t.put("WhoId", item.outcome().vendorId());
        String subject = title(a) + (a.subject() == null || a.subject().isBlank() ? "" : ": " + a.subject());
        t.put("Subject", subject.length() > 255 ? subject.substring(0, 255) : subject);
        StringBuilder d = new StringBuilder();
        if (a.notes() != null && !a.notes().isBlank()) d.append(a.notes()).append("\n");
        d.append("(").append(title(a)).append(" on ").append(a.occurredAt()).append(", logged by the lead hub)");
        t.put("Description", d.toString());
        t.put(
                "ActivityDate",
                a.occurredAt() == null
                        ? null
                        : a.occurredAt().atZone(ZoneOffset.UTC).toLocalDate().toString());
        t.put("Status", "Completed");
        return t;
    }

    static String title(Lead.Activity a) {
        return switch (a.type()) {
            case EMAIL -> "Email";
            case CALL -> "Call";
            case MEETING -> "Meeting";
            case LINKEDIN -> "LinkedIn";
            case SMS -> "SMS";
            case NOTE -> "Note";
        };
    }

    // ---------------------------------------------------------------- campaign members

    /**
     * The event's Campaign: one query for the existing members of the batch, one collections create
     * for the new ones and one collections update for the statuses that move forward. A status is
     * never moved backwards (order: the campaign's CampaignMemberStatus SortOrder).
     */
    public SyncBatch writeCampaignMembers(SyncBatch batch) {
        Integration integration = batch.integration();
        List<SyncItem> written = written(batch);
        if (written.isEmpty()) return batch;
        Map<String, CampaignLink> linked = links.forEvents(
                integration.id(), written.stream().map(i -> i.lead().eventId()).collect(Collectors.toSet()));
        if (linked.isEmpty()) return batch;
        Map<SyncItem, String[]> wanted = new LinkedHashMap<>(); // item -> {campaignId, status}
        for (SyncItem item : written) {
            CampaignLink link = linked.get(item.lead().eventId());
            if (link == null) continue;
            if (link.scanThreshold() > 0 && item.lead().scanCount() < link.scanThreshold()) {
                item.trace("campaign " + link.campaignId() + ": scanned "
                        + item.lead().scanCount() + " time(s), the link needs " + link.scanThreshold() + "; not added");
                continue;
            }
            String status = link.statusFor(
                    link.statusQualifier() == null
                            ? null
                            : item.lead().data().qualifiers().get(link.statusQualifier()));
            if (status == null) {
                item.failAfterWrite(
                        ErrorCategory.CAMPAIGN_ERROR,
                        null,
                        "campaign " + link.campaignId() + ": no member status for this lead");
                continue;
            }
            wanted.put(item, new String[] {link.campaignId(), status});
        }
        if (wanted.isEmpty()) return batch;
        try {
            Set<String> campaigns =
                    wanted.values().stream().map(v -> v[0]).collect(Collectors.toCollection(LinkedHashSet::new));
            Map<String, List<String>> statuses = metadata.campaignStatuses(integration, campaigns);
            Map<String, JsonNode> members = existingMembers(integration, campaigns, wanted.keySet());
            List<Map.Entry<SyncItem, Map<String, Object>>> creates = new ArrayList<>();
            List<Map.Entry<SyncItem, Map<String, Object>>> updates = new ArrayList<>();
            for (var e : wanted.entrySet()) {
                SyncItem item = e.getKey();
                String campaignId = e.getValue()[0];
                String status = e.getValue()[1];
                List<String> order = statuses.get(campaignId);
                if (order == null) {
                    item.failAfterWrite(
                            ErrorCategory.CAMPAIGN_ERROR,
                            null,
                            "campaign " + campaignId
                                    + " has no member statuses (missing or not visible); fix the event's campaign link");
                    continue;
                }
                if (!order.contains(status)) {
                    item.failAfterWrite(
                            ErrorCategory.CAMPAIGN_ERROR,
                            "INVALID_STATUS",
                            "campaign " + campaignId + ": status '" + status + "' is not one of " + order);
                    continue;
                }
                boolean lead = "lead".equals(item.outcome().vendorObject());
                JsonNode member = members.get(campaignId + "/" + item.outcome().vendorId());
                if (member == null) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("attributes", Map.of("type", "CampaignMember"));
                    r.put("CampaignId", campaignId);
                    r.put(lead ? "LeadId" : "ContactId", item.outcome().vendorId());
                    r.put("Status", status);
                    creates.add(Map.entry(item, r));
                    continue;
                }
                String current = member.path("Status").asText("");
                MemberStatusOrder.Move move = new MemberStatusOrder(order).move(current, status);
                if (!move.writes()) {
                    item.trace(
                            MemberStatusOrder.kept(campaignId, member.path("Id").asText(), current, status, move));
                    continue;
                }
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("attributes", Map.of("type", "CampaignMember"));
                r.put("id", member.path("Id").asText());
                r.put("Status", status);
                updates.add(Map.entry(item, r));
            }
            writeMembers(integration, "POST", creates);
            writeMembers(integration, "PATCH", updates);
        } catch (VendorCallException e) {
            wanted.keySet()
                    .forEach(i -> i.failAfterWrite(
                            e.category(), e.vendorCode(), "campaign membership not written: " + e.getMessage()));
        }
        return batch;
    }

    /** campaignId/leadOrContactId -> the existing CampaignMember (one query for the batch, split only if too long). */
    private Map<String, JsonNode> existingMembers(
            Integration integration, Collection<String> campaigns, Collection<SyncItem> items) {
        List<String> leadIds = items.stream()
                .filter(i -> "lead".equals(i.outcome().vendorObject()))
                .map(i -> i.outcome().vendorId())
                .toList();
        List<String> contactIds = items.stream()
                .filter(i -> !"lead".equals(i.outcome().vendorObject()))
                .map(i -> i.outcome().vendorId())
                .toList();
        Map<String, List<String>> keys = new LinkedHashMap<>();
        keys.put("LeadId", leadIds);
        keys.put("ContactId", contactIds);
        String and =
                "CampaignId IN (" + campaigns.stream().map(SoqlBuilder::quote).collect(Collectors.joining(",")) + ")";
        Map<String, JsonNode> out = new HashMap<>();
        for (String soql : SoqlBuilder.lookups(
                "Id, CampaignId, LeadId, ContactId, Status",
                "CampaignMember",
                keys,
                and,
                api.queryBudget(integration))) {
            for (JsonNode m : api.query(integration, soql)) {
                String who = m.hasNonNull("ContactId")
                                && !m.path("ContactId").asText().isEmpty()
                        ? m.path("ContactId").asText()
                        : m.path("LeadId").asText();
                out.put(m.path("CampaignId").asText() + "/" + who, m);
                if (m.hasNonNull("LeadId"))
                    out.putIfAbsent(
                            m.path("CampaignId").asText() + "/"
                                    + m.path("LeadId").asText(),
                            m);
            }
        }
        return out;
    }

    private void writeMembers(
            Integration integration, String method, List<Map.Entry<SyncItem, Map<String, Object>>> entries) {
        save(
                integration,
                new BatchIsolation(BATCH_MAX).vendorAnswered(),
                method,
                entries,
                e -> List.of(e.getKey()),
                Map.Entry::getValue,
                (e, result) -> e.getKey()
                        .trace("campaign " + e.getValue().getOrDefault("CampaignId", "") + ": member "
                                + result.path("id")
                                        .asText(String.valueOf(e.getValue().get("id")))
                                + ("POST".equals(method) ? " added" : " moved") + " with status '"
                                + e.getValue().get("Status") + "'"),
                (e, f) -> {
                    ErrorCategory c = f.category() == ErrorCategory.DATA_VALUE_VALIDATION
                            ? ErrorCategory.CAMPAIGN_ERROR
                            : f.category();
                    e.getKey().failAfterWrite(c, f.code(), f.message());
                },
                "campaign member");
    }
}
