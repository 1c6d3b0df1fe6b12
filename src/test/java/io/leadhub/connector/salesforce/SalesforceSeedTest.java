package io.leadhub.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** The sandbox quick start: the seeded org demo-sf takes the sample CSV into the Salesforce simulator. */
class SalesforceSeedTest extends SalesforceHubTest {

    @Test
    void demoSfTakesTheSampleCsv() throws IOException {
        JsonNode integrations = send(HttpMethod.GET, api("/orgs/demo-sf/integrations"), OPERATOR, null)
                .getBody();
        JsonNode sf = StreamSupport.stream(integrations.spliterator(), false)
                .filter(i -> i.path("vendor").asText().equals("salesforce"))
                .findFirst()
                .orElseThrow();
        assertThat(sf.path("state").asText()).isEqualTo("CONNECTED");
        assertThat(sf.path("settings").path("strategy").asText()).isEqualTo("LEADS_AND_CONTACTS");
        // the test resets the simulator, which drops the seeded Campaign: seed it again and re-link the event
        String campaign =
                salesforce.seedCampaign("Demo Expo 2026", List.of("Visited Booth", "Talked to Sales", "Demo Given"));
        assertThat(send(
                                HttpMethod.PUT,
                                api("/orgs/demo-sf/events/demo-event/campaigns/salesforce"),
                                OPERATOR,
                                Map.of(
                                        "campaignId",
                                        campaign,
                                        "memberStatus",
                                        "Visited Booth",
                                        "statusQualifier",
                                        "Lead type",
                                        "statusMap",
                                        Map.of("Hot", "Demo Given")))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);

        String csv = new ClassPathResource("sample/leads-sample.csv").getContentAsString(StandardCharsets.UTF_8);
        var answer = send(
                HttpMethod.POST,
                api("/orgs/demo-sf/events/demo-event/leads/import"),
                OPERATOR,
                csv,
                MediaType.valueOf("text/csv"));
        assertThat(answer.getStatusCode().is2xxSuccessful()).isTrue();
        awaitSettled("demo-sf");

        Map<String, JsonNode> leads = records("Lead");
        assertThat(leads)
                .containsKeys("maria.garcia@globex.io", "kenji.tanaka@cyberdyne.ai")
                .doesNotContainKey("grace.kim@initech.com")
                .hasSize(12);
        assertThat(leads.get("maria.garcia@globex.io").path("Lead_Type__c").asText())
                .isEqualTo("Hot");
        assertThat(sfRow("demo-sf", "grace.kim@initech.com"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "NO_TAG_MAPPING");
        Map<String, String> members = new HashMap<>();
        records("CampaignMember")
                .values()
                .forEach(m ->
                        members.put(m.path("LeadId").asText(), m.path("Status").asText()));
        assertThat(members)
                .hasSize(12)
                .containsEntry(leads.get("maria.garcia@globex.io").path("Id").asText(), "Demo Given");
        assertThat(members.values()).contains("Visited Booth");
    }
}
