package io.leadhub.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.connector.MappedObject;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.VendorRecordCache;
import io.leadhub.connector.WritePolicy;
import io.leadhub.integration.Integration;
import io.leadhub.lead.DomainExtractor;
import io.leadhub.lead.Lead;
import io.leadhub.lead.LeadField;
import java.util.ArrayList;
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
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Finds the Salesforce record each lead of a batch stands for, with the matching strategy frozen on
 * its row (SPEC §9): Contacts and then Leads by stored id and email (one SOQL {@code IN} query per
 * object, split only when too long), a converted Lead followed to its Contact, several records with
 * one email resolved to the most recently modified (the choice is traced), and for Accounts and
 * Contacts the Account by website domain or company name. Failure messages name the object and the
 * Salesforce code, never the SOQL (it lists every email of the batch).
 */
@Component
class SalesforceMatcher {
    private final SalesforceApi api;
    private final VendorRecordCache cache;

    SalesforceMatcher(SalesforceApi api, VendorRecordCache cache) {
        this.api = api;
        this.cache = cache;
    }

    /**
     * Attaches a plan to every pending lead and fills it in: the record to update, else what to
     * create (and under which Account). A lookup that fails fails the leads it was for.
     */
    SyncBatch matchRecords(SyncBatch batch) {
        return matchRecords(batch, true);
    }

    /**
     * As {@link #matchRecords(SyncBatch)}; {@code remember}: Accounts found by domain or name are
     * remembered for later batches (false for a preview, which writes nothing).
     */
    SyncBatch matchRecords(SyncBatch batch, boolean remember) {
        Integration integration = batch.integration();
        List<SalesforcePlan> plans =
                batch.pending().stream().map(SalesforcePlan::attach).toList();
        plans.forEach(p -> p.item.trace("strategy " + p.strategy));
        try {
            matchContacts(
                    integration,
                    plans.stream().filter(p -> p.strategy.contactsFirst()).toList());
            matchLeads(
                    integration,
                    plans.stream()
                            .filter(p -> p.strategy.leads() && p.sObject == null)
                            .toList());
            matchAccounts(
                    integration,
                    remember,
                    plans.stream()
                            .filter(p -> p.strategy == SalesforceStrategy.ACCOUNTS_AND_CONTACTS && p.sObject == null)
                            .toList());
            if (plans.stream()
                    .anyMatch(p ->
                            p.item.storedVendorId() != null || p.item.lead().emailNorm() != null)) {
                plans.forEach(p -> p.lookupsAnswered = true);
            }
        } catch (VendorCallException e) {
            for (SalesforcePlan p : plans) p.item.fail(e.category(), e.vendorCode(), e.getMessage(), e.retryAt());
        }
        for (SalesforcePlan p : plans) {
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

    private void matchContacts(Integration integration, List<SalesforcePlan> plans) {
        if (plans.isEmpty()) return;
        List<JsonNode> found = lookup(
                integration, "Contact", select("Id, Email, AccountId, LastModifiedDate", plans, "contact"), plans);
        Map<String, JsonNode> byId = index(found);
        Map<String, List<JsonNode>> byEmail = byEmail(found);
        for (SalesforcePlan p : plans) {
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

    private void matchLeads(Integration integration, List<SalesforcePlan> plans) {
        if (plans.isEmpty()) return;
        List<JsonNode> found = lookup(
                integration,
                "Lead",
                select("Id, Email, IsConverted, ConvertedContactId, LastModifiedDate", plans, "lead"),
                plans);
        Map<String, JsonNode> byId = index(found);
        Map<String, List<JsonNode>> byEmail = byEmail(found);
        for (SalesforcePlan p : plans) {
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
    private static void useLead(SalesforcePlan p, JsonNode lead) {
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

    private static void use(SalesforcePlan p, String sObject, JsonNode record) {
        p.sObject = sObject;
        p.id = record.path("Id").asText();
        p.matched = record;
        if (record.hasNonNull("AccountId"))
            p.accountId = record.path("AccountId").asText();
        p.item.trace("-> update " + sObject + " " + p.id);
    }

    /** The most recently modified record among several with the email; the choice is traced. */
    private static JsonNode mostRecent(SalesforcePlan p, String sObject, String email, List<JsonNode> candidates) {
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

    private void matchAccounts(Integration integration, boolean remember, List<SalesforcePlan> plans) {
        Map<String, List<SalesforcePlan>> byKey = new LinkedHashMap<>();
        for (SalesforcePlan p : plans) {
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
        Map<String, List<SalesforcePlan>> unknown = new LinkedHashMap<>();
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
                for (SalesforcePlan p : unknown.get(key)) {
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
                List<SalesforcePlan> ps = unknown.get(key);
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
                if (remember) cache.rememberCompany(integration.id(), key, id);
                ps.forEach(p -> {
                    p.accountId = id;
                    p.item.trace("Account by " + how + ": " + id + note);
                });
            }
        }
    }

    /** The registrable domain of the lead's company: its website's, else its email's. */
    static String domain(Lead lead) {
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
    private static String select(String fixed, List<SalesforcePlan> plans, String mappingObject) {
        Set<String> fields = new LinkedHashSet<>(List.of(fixed.split(",\\s*")));
        Set<String> lower =
                fields.stream().map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toCollection(HashSet::new));
        for (SalesforcePlan p : plans) {
            MappedObject m = p.item.mapped(mappingObject);
            if (m == null) continue;
            for (String f : m.values().keySet()) {
                if (m.policy(f) == WritePolicy.IF_EMPTY && lower.add(f.toLowerCase(Locale.ROOT))) fields.add(f);
            }
        }
        return String.join(", ", fields);
    }

    /** Records of {@code sObject} whose Id is a stored id or whose Email is a lead's, in as few queries as fit. */
    private List<JsonNode> lookup(Integration integration, String sObject, String select, List<SalesforcePlan> plans) {
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
}
