package io.leadhub.flow;

import io.leadhub.sandbox.dataset.LeadDataset;
import io.leadhub.sandbox.dataset.VendorReject;
import io.leadhub.sandbox.zoho.ZohoSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;

/**
 * Zoho CRM's real flow (module Leads): leads upserted by email in batches of 100 and added to the
 * demo campaign (Hot: Responded, others: Received). Both qualifiers go to the org's picklists
 * (VIP unmapped: NO_TAG_MAPPING); Designation is 100 characters with truncate, so long job titles
 * arrive cut; the planted lead's LinkedIn URL is longer than Leadhub_LinkedIn (255).
 */
class ZohoRealFlowTest extends RealFlowTest {
    static final String UPSERT = "POST /crm/v8/{module}/upsert";

    @Override
    protected String vendor() {
        return "zoho";
    }

    @Override
    protected LeadDataset dataset() {
        return LeadDataset.builder(5005L)
                .unmapped(LeadDataset.LEAD_TYPE, "VIP")
                .vendorReject(VendorReject.LONG_LINKEDIN_URL)
                .build();
    }

    @Override
    protected void connect(String org) {
        putIntegration(
                org,
                Map.of(
                        "baseUrl",
                        base() + "/sandbox/zoho",
                        "settings",
                        Map.of("module", "Leads"),
                        "credentials",
                        Map.of(
                                "refreshToken",
                                "sandbox-zoho-refresh",
                                "clientId",
                                "sandbox-zoho-client",
                                "clientSecret",
                                "sandbox-zoho-secret")),
                "lead");
        List<Map<String, Object>> rows = new ArrayList<>(options(
                LeadDataset.LEAD_TYPE,
                "lead",
                "Leadhub_Lead_Type",
                Map.of("Hot", "Hot", "Warm", "Warm", "Cold", "Cold")));
        rows.addAll(options(
                LeadDataset.PRODUCT_INTEREST,
                "lead",
                "Leadhub_Product_Interest",
                Map.of("Robots", "Robots", "Drones", "Drones", "Software", "Software")));
        qualifierMappings(org, rows);
        linkCampaign(
                org,
                Map.of(
                        "campaignId",
                        ZohoSimulator.DEMO_CAMPAIGN_ID,
                        "memberStatus",
                        "Received",
                        "statusQualifier",
                        LeadDataset.LEAD_TYPE,
                        "statusMap",
                        Map.of("Hot", "Responded")));
    }

    @Override
    protected String personObject() {
        return "lead";
    }

    @Override
    protected String recordObject() {
        return "Leads";
    }

    @Override
    protected String plantedCategory() {
        return "VALUE_TOO_LONG";
    }

    /**
     * Per batch of up to 100: one upsert and one campaign-members call; the field metadata read once.
     * Measured: 10 upserts, 10 campaign calls and 1 metadata read for 971 leads sent.
     */
    @Override
    protected void assertCalls(SoftAssertions soft, Calls calls) {
        int batches = Calls.batches(calls.sent(), 100);
        soft.assertThat(calls.of(UPSERT))
                .as("upserts: ceil(%d / 100) batches, +1 when a batch closes early", calls.sent())
                .isBetween(batches, batches + 1);
        soft.assertThat(calls.total())
                .as("Zoho calls: 2 per batch + metadata")
                .isLessThanOrEqualTo(2 * (batches + 1) + 1);
    }
}
