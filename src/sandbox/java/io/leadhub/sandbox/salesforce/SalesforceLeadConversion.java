package io.leadhub.sandbox.salesforce;

import static io.leadhub.sandbox.salesforce.SalesforceOrg.error;
import static io.leadhub.sandbox.salesforce.SalesforceRecordAccess.NAME;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorStore;
import io.leadhub.sandbox.salesforce.SalesforceCatalog.SObject;
import java.util.Map;

/** Lead conversion: a lead becomes a contact and an account (new or given), and its campaign members follow. */
final class SalesforceLeadConversion {

    private final SalesforceRecordAccess access;
    private final SimulatorStore store;

    SalesforceLeadConversion(SalesforceRecordAccess access) {
        this.access = access;
        this.store = access.store;
    }

    /** {@code POST _convert/{leadId}}: converts a lead into a contact and an account (new or given). */
    public ObjectNode convertLead(String leadId, String accountId, String contactId) {
        return store.inTransaction(NAME, () -> {
            SimRecord lead = access.find("Lead", leadId).orElseThrow(SalesforceOrg::notFound);
            ObjectNode l = lead.dataCopy();
            if (l.path("IsConverted").asBoolean()) {
                throw error(400, "This lead was already converted.", "CANNOT_UPDATE_CONVERTED_LEAD");
            }
            String now = access.nowDateTime();
            String account;
            if (accountId != null) {
                account = access.find("Account", accountId)
                        .orElseThrow(() ->
                                error(400, "invalid cross reference id", "INVALID_CROSS_REFERENCE_KEY", "AccountId"))
                        .id();
            } else {
                ObjectNode a =
                        SandboxJson.object().put("Name", l.path("Company").asText("Unknown"));
                copy(
                        l,
                        a,
                        Map.of(
                                "Website",
                                "Website",
                                "Phone",
                                "Phone",
                                "Industry",
                                "Industry",
                                "Street",
                                "BillingStreet",
                                "City",
                                "BillingCity",
                                "State",
                                "BillingState",
                                "PostalCode",
                                "BillingPostalCode",
                                "Country",
                                "BillingCountry"));
                account = insertSystem("Account", a, now);
            }
            String contact;
            if (contactId != null) {
                contact = access.find("Contact", contactId)
                        .orElseThrow(() ->
                                error(400, "invalid cross reference id", "INVALID_CROSS_REFERENCE_KEY", "ContactId"))
                        .id();
            } else {
                ObjectNode c = SandboxJson.object().put("AccountId", account);
                copy(
                        l,
                        c,
                        Map.ofEntries(
                                Map.entry("FirstName", "FirstName"),
                                Map.entry("LastName", "LastName"),
                                Map.entry("Email", "Email"),
                                Map.entry("Phone", "Phone"),
                                Map.entry("MobilePhone", "MobilePhone"),
                                Map.entry("Title", "Title"),
                                Map.entry("LeadSource", "LeadSource"),
                                Map.entry("Description", "Description"),
                                Map.entry("Street", "MailingStreet"),
                                Map.entry("City", "MailingCity"),
                                Map.entry("State", "MailingState"),
                                Map.entry("PostalCode", "MailingPostalCode"),
                                Map.entry("Country", "MailingCountry"),
                                Map.entry("Badge_Id__c", "Badge_Id__c"),
                                Map.entry("Lead_Type__c", "Lead_Type__c")));
                if (c.hasNonNull("Badge_Id__c")) {
                    // the lead keeps its badge id; a unique field cannot be carried over
                    c.remove("Badge_Id__c");
                }
                contact = insertSystem("Contact", c, now);
            }
            for (SimRecord m : store.list(NAME, "CampaignMember")) {
                if (lead.id().equals(m.data().path("LeadId").asText(null))
                        && !m.data().hasNonNull("ContactId")) {
                    store.update(
                            NAME,
                            "CampaignMember",
                            m.id(),
                            m.dataCopy().put("ContactId", contact).put("LastModifiedDate", now));
                }
            }
            l.put("IsConverted", true)
                    .put("Status", "Closed - Converted")
                    .put("ConvertedContactId", contact)
                    .put("ConvertedAccountId", account)
                    .put("ConvertedDate", access.today())
                    .put("LastModifiedDate", now);
            store.update(NAME, "Lead", lead.id(), l);
            return SandboxJson.object()
                    .put("leadId", lead.id())
                    .put("accountId", account)
                    .put("contactId", contact);
        });
    }

    static void copy(ObjectNode from, ObjectNode to, Map<String, String> fields) {
        fields.forEach((src, dst) -> {
            if (from.hasNonNull(src)) {
                to.set(dst, from.get(src));
            }
        });
    }

    String insertSystem(String objectName, ObjectNode data, String now) {
        SObject o = access.object(objectName);
        data.put("OwnerId", SalesforceSimulator.USER_ID)
                .put("IsDeleted", false)
                .put("CreatedDate", now)
                .put("LastModifiedDate", now);
        String id = access.newId(o);
        store.insert(NAME, objectName, id, null, data);
        return id;
    }
}
