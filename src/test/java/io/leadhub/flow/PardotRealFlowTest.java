package io.leadhub.flow;

import io.leadhub.sandbox.dataset.LeadDataset;
import io.leadhub.sandbox.dataset.VendorReject;
import io.leadhub.sandbox.pardot.PardotSimulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;

/**
 * Pardot's real flow: one {@code upsertLatestByEmail} per prospect (Pardot has no batch write),
 * new prospects put in campaign 7001. "Lead type" goes to the dropdown leadhubLeadType__c (VIP
 * unmapped: NO_TAG_MAPPING); the planted lead's "Lead type" value {@value LeadDataset#PLANTED_OPTION}
 * is mapped to "partner", an option the dropdown lacks, so Pardot refuses that prospect (51).
 */
class PardotRealFlowTest extends RealFlowTest {
    static final String UPSERT = "POST /api/v5/objects/prospects/do/upsertLatestByEmail";

    @Override
    protected String vendor() {
        return "pardot";
    }

    @Override
    protected LeadDataset dataset() {
        return LeadDataset.builder(4004L)
                .unmapped(LeadDataset.LEAD_TYPE, "VIP")
                .vendorReject(VendorReject.UNKNOWN_OPTION)
                .build();
    }

    @Override
    protected void connect(String org) {
        putIntegration(
                org,
                Map.of(
                        "baseUrl",
                        base() + "/sandbox/pardot",
                        "settings",
                        Map.of("businessUnitId", "0Uv5g000000SandAAA"),
                        "credentials",
                        Map.of(
                                "refreshToken",
                                "sandbox-pardot-refresh",
                                "clientId",
                                "sandbox-pardot-client",
                                "clientSecret",
                                "sandbox-pardot-secret",
                                "tokenUrl",
                                base() + "/sandbox/pardot/services/oauth2/token")),
                "prospect");
        List<Map<String, Object>> rows = new ArrayList<>(options(
                LeadDataset.LEAD_TYPE,
                "prospect",
                "leadhubLeadType__c",
                Map.of("Hot", "hot", "Warm", "warm", "Cold", "cold", LeadDataset.PLANTED_OPTION, "partner")));
        rows.add(asText(LeadDataset.PRODUCT_INTEREST, "prospect", "leadhubProductInterest__c"));
        qualifierMappings(org, rows);
        linkCampaign(org, Map.of("campaignId", String.valueOf(PardotSimulator.DEMO_CAMPAIGN_ID)));
    }

    @Override
    protected String personObject() {
        return "prospect";
    }

    @Override
    protected String recordObject() {
        return "prospects";
    }

    @Override
    protected String plantedCategory() {
        return "DATA_VALUE_VALIDATION";
    }

    @Override
    protected List<String> plantedMentions() {
        return List.of("partner");
    }

    @Override
    protected Duration settleWithin() {
        return Duration.ofSeconds(300);
    }

    /** One upsert per prospect that reaches Pardot, the floor; nothing else. Measured: 964 for 964 leads sent. */
    @Override
    protected void assertCalls(SoftAssertions soft, Calls calls) {
        soft.assertThat(calls.of(UPSERT))
                .as("one upsertLatestByEmail per lead sent (%d)", calls.sent())
                .isEqualTo(calls.sent());
        soft.assertThat(calls.total()).as("Pardot calls").isEqualTo(calls.sent());
    }
}
