package io.leadhub.connector.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.connector.SyncBatch;
import io.leadhub.connector.SyncItem;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What the connector decided for one lead: which record to update (or create) and the payload.
 * The match step attaches it to the lead's {@link SyncItem}; the check and write steps read it
 * from there, so it lives exactly as long as the batch.
 */
final class SalesforcePlan {
    final SyncItem item;
    final SalesforceStrategy strategy;
    String sObject; // Lead or Contact
    String id; // matched record, null = create
    JsonNode matched; // the matched record's values (IF_EMPTY), when read
    String accountId; // Accounts and Contacts: the Contact's Account
    String accountKey; // Accounts and Contacts: domain or company name of an Account to create
    Map<String, Object> record;
    Map<String, Object> accountRecord;
    /** A lookup of this lead's batch was answered, so Salesforce is up (evidence for the isolation). */
    boolean lookupsAnswered;

    private SalesforcePlan(SyncItem item) {
        this.item = item;
        this.strategy = SalesforceStrategy.of(item.matchStrategy());
    }

    /** A new plan for {@code item}, attached to it. */
    static SalesforcePlan attach(SyncItem item) {
        SalesforcePlan plan = new SalesforcePlan(item);
        item.plan(plan);
        return plan;
    }

    /** The plans of the batch's items, in the batch's order (items the match step did not see have none). */
    static List<SalesforcePlan> of(SyncBatch batch) {
        return batch.items().stream()
                .map(i -> i.plan(SalesforcePlan.class))
                .filter(Objects::nonNull)
                .toList();
    }

    String mappingObject() {
        return sObject.toLowerCase(Locale.ROOT);
    }
}
