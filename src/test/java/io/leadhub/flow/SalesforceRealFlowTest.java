package io.leadhub.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.dataset.LeadDataset;
import io.leadhub.sandbox.dataset.VendorReject;
import io.leadhub.sandbox.salesforce.SalesforceOrg;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;

/**
 * Salesforce's real flow under "Leads and Contacts": batches of 200 looked up by email (Contact,
 * then Lead), created as Leads by sObject Collections, made members of the demo Campaign. "Lead
 * type" goes to the restricted picklist Lead_Type__c (VIP unmapped: NO_TAG_MAPPING), "Product
 * interest" as text to Show_Notes__c; the planted lead has a non-ASCII address, which Salesforce
 * refuses per record (INVALID_EMAIL_ADDRESS).
 */
class SalesforceRealFlowTest extends RealFlowTest {
    static final String QUERY = "GET /services/data/{version}/query";
    static final String CREATE = "POST /services/data/{version}/composite/sobjects";

    @Override
    protected String vendor() {
        return "salesforce";
    }

    @Override
    protected LeadDataset dataset() {
        return LeadDataset.builder(2002L)
                .unmapped(LeadDataset.LEAD_TYPE, "VIP")
                .vendorReject(VendorReject.INTERNATIONAL_EMAIL)
                .build();
    }

    @Override
    protected void connect(String org) {
        putIntegration(
                org,
                Map.of(
                        "baseUrl",
                        base() + "/sandbox/salesforce",
                        "settings",
                        Map.of("strategy", "LEADS_AND_CONTACTS"),
                        "credentials",
                        Map.of(
                                "refreshToken",
                                "sandbox-salesforce-refresh",
                                "clientId",
                                "sandbox-salesforce-client",
                                "clientSecret",
                                "sandbox-salesforce-secret")),
                "lead",
                "contact",
                "account");
        List<Map<String, Object>> rows = new ArrayList<>(options(
                LeadDataset.LEAD_TYPE, "lead", "Lead_Type__c", Map.of("Hot", "Hot", "Warm", "Warm", "Cold", "Cold")));
        rows.add(asText(LeadDataset.PRODUCT_INTEREST, "lead", "Show_Notes__c"));
        qualifierMappings(org, rows);
        linkCampaign(
                org,
                Map.of(
                        "campaignId",
                        SalesforceOrg.DEMO_CAMPAIGN_ID,
                        "memberStatus",
                        "Visited Booth",
                        "statusQualifier",
                        LeadDataset.LEAD_TYPE,
                        "statusMap",
                        Map.of("Hot", "Demo Given")));
    }

    @Override
    protected String personObject() {
        return "lead";
    }

    @Override
    protected String recordObject() {
        return "Lead";
    }

    @Override
    protected String recordId(JsonNode record) {
        return record.path("Id").asText();
    }

    @Override
    protected String plantedCategory() {
        return "DATA_VALUE_VALIDATION";
    }

    /**
     * Per batch of up to 200 new leads: a Contact query and a Lead query by email, one collections
     * create of the Leads and one collections create of the members (new records are no campaign's
     * members yet, so there is no CampaignMember query); plus the Lead describe and the campaign's
     * statuses once.
     */
    @Override
    protected void assertCalls(SoftAssertions soft, Calls calls) {
        int batches = Calls.batches(calls.sent(), 200);
        soft.assertThat(calls.of(CREATE))
                .as(
                        "collections creates (Leads + CampaignMembers): 2 x ceil(%d / 200) batches, "
                                + "+1 batch when one closes early",
                        calls.sent())
                .isBetween(2 * batches, 2 * (batches + 1));
        soft.assertThat(calls.of(QUERY))
                .as("SOQL queries: 2 per batch + the campaign statuses")
                .isBetween(2 * batches, 2 * (batches + 1) + 1);
        soft.assertThat(calls.total())
                .as("Salesforce calls: 4 per batch + 2")
                .isLessThanOrEqualTo(4 * (batches + 1) + 2);
    }
}
