package io.leadhub.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.dataset.ExpectedLead;
import io.leadhub.sandbox.dataset.LeadDataset;
import io.leadhub.sandbox.dataset.VendorReject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.springframework.http.HttpMethod;

/**
 * Pipedrive's real flow: per person an exact email search and a create (Pipedrive has no batch
 * write), the organization found or created by exact name. "Lead type" goes to the enum field as
 * option ids 101–103 (VIP unmapped: NO_TAG_MAPPING); the planted lead's value
 * {@value LeadDataset#PLANTED_OPTION} is mapped to option 104, which the field lacks, so Pipedrive
 * refuses that person. The simulator's 2-second window is raised to 400 requests (the budget
 * test's setting) so the run is paced by the hub, not throttled for minutes.
 */
class PipedriveRealFlowTest extends RealFlowTest {
    static final String LEAD_TYPE = "329aad4ff561215110d3a083476f11870577a9e6";
    static final String PRODUCT_INTEREST = "56fb426458882fc8c04d6065282bad8f308bf45d";

    private Map<String, String> organizations;

    @Override
    protected String vendor() {
        return "pipedrive";
    }

    @Override
    protected LeadDataset dataset() {
        return LeadDataset.builder(6006L)
                .unmapped(LeadDataset.LEAD_TYPE, "VIP")
                .vendorReject(VendorReject.UNKNOWN_OPTION)
                .build();
    }

    @Override
    protected void prepareSimulator() {
        sandbox(HttpMethod.POST, "/pipedrive/_config", Map.of("windowLimit", 400, "searchLimit", 400));
    }

    @Override
    protected void connect(String org) {
        putIntegration(
                org,
                Map.of(
                        "baseUrl",
                        base() + "/sandbox/pipedrive",
                        "credentials",
                        Map.of(
                                "refreshToken",
                                "sandbox-pipedrive-refresh",
                                "clientId",
                                "sandbox-pipedrive-client",
                                "clientSecret",
                                "sandbox-pipedrive-secret",
                                "clientAuth",
                                "basic",
                                "tokenUrl",
                                base() + "/sandbox/pipedrive/oauth/token")),
                "person",
                "organization");
        List<Map<String, Object>> rows = new ArrayList<>(options(
                LeadDataset.LEAD_TYPE,
                "person",
                LEAD_TYPE,
                Map.of("Hot", "101", "Warm", "102", "Cold", "103", LeadDataset.PLANTED_OPTION, "104")));
        rows.add(asText(LeadDataset.PRODUCT_INTEREST, "person", PRODUCT_INTEREST));
        qualifierMappings(org, rows);
    }

    @Override
    protected String personObject() {
        return "person";
    }

    @Override
    protected String recordObject() {
        return "persons";
    }

    @Override
    protected String plantedCategory() {
        return "DATA_VALUE_VALIDATION";
    }

    @Override
    protected List<String> plantedMentions() {
        return List.of("104");
    }

    @Override
    protected Duration settleWithin() {
        return Duration.ofSeconds(300);
    }

    /** email / phone are the primary entries of emails[] / phones[]; 40-character keys are custom fields. */
    @Override
    protected JsonNode field(JsonNode record, String vendorField) {
        return switch (vendorField) {
            case "email" -> record.path("emails").path(0).get("value");
            case "phone" -> record.path("phones").path(0).get("value");
            default ->
                vendorField.matches("[0-9a-f]{40}")
                        ? record.path("custom_fields").get(vendorField)
                        : record.get(vendorField);
        };
    }

    /** The person is linked to the organization named like the lead's company. */
    @Override
    protected void assertRecord(SoftAssertions soft, ExpectedLead lead, JsonNode record, List<String> problems) {
        if (organizations == null) {
            organizations = new HashMap<>();
            sandbox(HttpMethod.GET, "/pipedrive/_records/organizations", null)
                    .forEach(o -> organizations.put(
                            o.path("id").asText(), o.path("name").asText()));
        }
        String name = organizations.get(record.path("org_id").asText());
        if (!lead.company().equals(name))
            problems.add(lead.email() + " organization: expected '" + lead.company() + "' but was '" + name + "'");
    }

    /**
     * The floor: per person sent one email search and one create; per organization of those persons
     * one name search and one create. Measured: 2 x 965 + 2 x 40 = 2,010, exactly the floor.
     */
    @Override
    protected void assertCalls(SoftAssertions soft, Calls calls) {
        Set<String> companies =
                calls.sentLeads().stream().map(ExpectedLead::company).collect(Collectors.toSet());
        soft.assertThat(calls.total())
                .as("Pipedrive calls: 2 x %d persons + 2 x %d organizations", calls.sent(), companies.size())
                .isEqualTo(2 * calls.sent() + 2 * companies.size());
    }
}
