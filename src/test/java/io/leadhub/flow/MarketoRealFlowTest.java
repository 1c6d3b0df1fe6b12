package io.leadhub.flow;

import io.leadhub.sandbox.dataset.LeadDataset;
import io.leadhub.sandbox.dataset.VendorReject;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;

/**
 * Marketo's real flow: leads upserted by email in batches of 300, each made a member of program
 * 1001 (Hot: Engaged, others: Visited Booth). Both qualifiers go to text fields, so no value is
 * unmapped (VIP leads must be synced); the planted lead carries a LinkedIn URL longer than
 * Marketo's 255-character URL field, which Marketo skips (1003).
 */
class MarketoRealFlowTest extends RealFlowTest {
    static final String UPSERT = "POST /rest/v1/leads.json";
    static final String MEMBERS = "POST /rest/v1/programs/{programId}/members/status.json";

    @Override
    protected String vendor() {
        return "marketo";
    }

    @Override
    protected LeadDataset dataset() {
        return LeadDataset.builder(3003L)
                .vendorReject(VendorReject.LONG_LINKEDIN_URL)
                .build();
    }

    @Override
    protected void connect(String org) {
        putIntegration(
                org,
                Map.of(
                        "baseUrl",
                        base() + "/sandbox/marketo",
                        "credentials",
                        Map.of(
                                "grantType",
                                "client_credentials",
                                "clientId",
                                "sandbox-marketo-client",
                                "clientSecret",
                                "sandbox-marketo-secret")),
                "lead");
        qualifierMappings(
                org,
                List.of(
                        asText(LeadDataset.LEAD_TYPE, "lead", "leadhubLeadType"),
                        asText(LeadDataset.PRODUCT_INTEREST, "lead", "leadhubProductInterest")));
        linkCampaign(
                org,
                Map.of(
                        "campaignId",
                        "1001",
                        "memberStatus",
                        "Visited Booth",
                        "statusQualifier",
                        LeadDataset.LEAD_TYPE,
                        "statusMap",
                        Map.of("Hot", "Engaged")));
    }

    @Override
    protected String personObject() {
        return "lead";
    }

    @Override
    protected String recordObject() {
        return "leads";
    }

    @Override
    protected String plantedCategory() {
        return "VALUE_TOO_LONG";
    }

    /**
     * Per batch of up to 300: one lead upsert and one program-member status call per status in the
     * batch (Marketo's status call takes one status: Engaged for Hot leads, Visited Booth for the rest).
     * Measured: 4 upserts and 8 status calls for 1,000 leads.
     */
    @Override
    protected void assertCalls(SoftAssertions soft, Calls calls) {
        int batches = Calls.batches(calls.sent(), 300);
        int upserts = calls.of(UPSERT);
        soft.assertThat(upserts)
                .as("lead upserts: ceil(%d / 300) batches, +1 when a batch closes early", calls.sent())
                .isBetween(batches, batches + 1);
        soft.assertThat(calls.of(MEMBERS))
                .as("program-member calls: one per status per batch")
                .isBetween(upserts, 2 * upserts);
        soft.assertThat(calls.total())
                .as("Marketo calls: upserts + member calls")
                .isEqualTo(upserts + calls.of(MEMBERS));
    }
}
