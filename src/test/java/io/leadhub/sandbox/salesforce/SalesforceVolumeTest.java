package io.leadhub.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A trade show's worth of writes stays fast: 1,000 leads and 1,000 campaign members in 10 collection calls. */
class SalesforceVolumeTest extends SalesforceTestBase {

    @Test
    void thousandLeadsWithBadgesAndCampaignMembers() throws Exception {
        String campaign = org.seedCampaign("Expo", List.of("Sent", "Visited Booth"));
        long start = System.nanoTime();
        List<String> ids = new ArrayList<>();
        for (int batch = 0; batch < 5; batch++) {
            StringBuilder sb = new StringBuilder("{\"allOrNone\":false,\"records\":[");
            for (int i = 0; i < 200; i++) {
                int n = batch * 200 + i;
                sb.append(i == 0 ? "" : ",")
                        .append("{\"attributes\":{\"type\":\"Lead\"},\"LastName\":\"L")
                        .append(n)
                        .append("\",\"Company\":\"C\",\"Email\":\"v")
                        .append(n)
                        .append("@example.com\",\"Badge_Id__c\":\"B")
                        .append(n)
                        .append("\"}");
            }
            JsonNode out =
                    json(api("POST", "/composite/sobjects", sb.append("]}").toString()));
            out.forEach(r -> ids.add(r.path("id").asText()));
        }
        for (int batch = 0; batch < 5; batch++) {
            StringBuilder sb = new StringBuilder("{\"allOrNone\":false,\"records\":[");
            for (int i = 0; i < 200; i++) {
                sb.append(i == 0 ? "" : ",")
                        .append("{\"attributes\":{\"type\":\"CampaignMember\"},\"CampaignId\":\"")
                        .append(campaign)
                        .append("\",\"LeadId\":\"")
                        .append(ids.get(batch * 200 + i))
                        .append("\",\"Status\":\"Visited Booth\"}");
            }
            JsonNode out =
                    json(api("POST", "/composite/sobjects", sb.append("]}").toString()));
            out.forEach(r ->
                    assertThat(r.path("success").asBoolean()).as(r.toString()).isTrue());
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertThat(salesforce.records("Lead").orElseThrow()).hasSize(1000);
        assertThat(salesforce.records("CampaignMember").orElseThrow()).hasSize(1000);
        LoggerFactory.getLogger(SalesforceVolumeTest.class)
                .info("1000 leads + 1000 campaign members in 10 collection calls: {} ms", ms);
        assertThat(ms).isLessThan(20_000);
    }
}
