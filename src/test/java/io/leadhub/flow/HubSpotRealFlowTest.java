package io.leadhub.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.dataset.LeadDataset;
import io.leadhub.sandbox.dataset.VendorReject;
import org.assertj.core.api.SoftAssertions;

/**
 * HubSpot's real flow: contacts upserted by email in batches of 100, companies found or created by
 * email domain; "Lead type" VIP has no mapping (NO_TAG_MAPPING); the planted lead has a non-ASCII
 * address, which HubSpot refuses per record.
 */
class HubSpotRealFlowTest extends RealFlowTest {
    private static final String UPSERT = "POST /crm/v3/objects/contacts/batch/upsert";

    @Override
    protected String vendor() {
        return "hubspot";
    }

    @Override
    protected LeadDataset dataset() {
        return LeadDataset.builder(1001L)
                .unmapped(LeadDataset.LEAD_TYPE, "VIP")
                .vendorReject(VendorReject.INTERNATIONAL_EMAIL)
                .build();
    }

    @Override
    protected void connect(String org) {
        connectHubSpot(org);
    }

    @Override
    protected String personObject() {
        return "contact";
    }

    @Override
    protected String recordObject() {
        return "contacts";
    }

    @Override
    protected String plantedCategory() {
        return "DATA_VALUE_VALIDATION";
    }

    @Override
    protected JsonNode field(JsonNode record, String vendorField) {
        return record.path("properties").get(vendorField);
    }

    /**
     * Per batch of up to 100: one contact upsert, one company search by domain, at most one company
     * batch create. Measured: 11 upserts for 975 leads sent (10 full batches and one closed early),
     * and no company call: the generated addresses are under the reserved .example domain, which has
     * no registrable company domain, so the hub neither searches nor creates companies.
     */
    @Override
    protected void assertCalls(SoftAssertions soft, Calls calls) {
        int batches = Calls.batches(calls.sent(), 100);
        soft.assertThat(calls.of(UPSERT))
                .as("contact upserts: ceil(%d / 100) batches, +1 when a batch closes early", calls.sent())
                .isBetween(batches, batches + 1);
        soft.assertThat(calls.total()).as("HubSpot calls: at most 3 per batch").isLessThanOrEqualTo(3 * (batches + 1));
    }
}
