package io.leadhub.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.connector.MappedObject;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.VendorCallException;
import io.leadhub.connector.WritePolicy;
import io.leadhub.integration.Integration;
import io.leadhub.lead.LeadField;
import io.leadhub.mapping.FieldMapping;
import io.leadhub.mapping.MappingRepository;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The payload of every planned lead, checked before anything is sent: the values of the object's
 * mapping by write policy (IF_EMPTY fields only where the matched record has none), then
 * {@link FieldCheck} against the object's cached describe, so a lead Salesforce would refuse costs
 * no write call and fails alone. Each object is described once per batch; a describe that fails
 * fails the leads that need it.
 */
@Component
class SalesforcePreCheck {
    private final SalesforceMetadata metadata;
    private final MappingRepository mappings;

    SalesforcePreCheck(SalesforceMetadata metadata, MappingRepository mappings) {
        this.metadata = metadata;
        this.mappings = mappings;
    }

    /**
     * Builds each planned lead's payload and checks it (and the new Account's, if any) against the
     * describe of its object; a lead whose values Salesforce would refuse fails here.
     */
    SyncBatch checkFields(SyncBatch batch) {
        Integration integration = batch.integration();
        Map<String, Map<String, FieldMapping>> rows = FieldCheck.rowsByObject(mappings, integration.id());
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
        for (SalesforcePlan p : SalesforcePlan.of(batch)) {
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
                        String name = company != null && !company.isBlank()
                                ? company
                                : SalesforceMatcher.domain(p.item.lead());
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
    private Map<String, Object> payload(SalesforcePlan p, SalesforceMetadata.Describe describe) {
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
}
