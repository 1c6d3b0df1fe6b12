package io.leadhub.connector.zoho;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** The sandbox quick start: the seeded org demo-zoho takes the sample CSV into the Zoho simulator. */
class ZohoSeedTest extends ZohoHubTest {

    @Test
    void demoZohoTakesTheSampleCsv() throws IOException {
        JsonNode integrations = send(HttpMethod.GET, api("/orgs/demo-zoho/integrations"), OPERATOR, null)
                .getBody();
        assertThat(integrations.get(0).path("vendor").asText()).isEqualTo("zoho");
        assertThat(integrations.get(0).path("settings").path("module").asText()).isEqualTo("Leads");
        assertThat(send(HttpMethod.GET, api("/orgs/demo-zoho/events/demo-event/campaigns/zoho"), OPERATOR, null)
                        .getBody()
                        .path("campaignId")
                        .asText())
                .isEqualTo(DEMO_CAMPAIGN);

        String csv = new ClassPathResource("sample/leads-sample.csv").getContentAsString(StandardCharsets.UTF_8);
        var answer = send(
                HttpMethod.POST,
                api("/orgs/demo-zoho/events/demo-event/leads/import"),
                OPERATOR,
                csv,
                MediaType.valueOf("text/csv"));
        assertThat(answer.getStatusCode().is2xxSuccessful()).isTrue();
        awaitSettled("demo-zoho");

        Map<String, JsonNode> leads = records("Leads");
        assertThat(leads)
                .containsKeys(
                        "maria.garcia@globex.io",
                        "li.wei@initech.com",
                        "kenji.tanaka@cyberdyne.ai",
                        "omar.haddad@gmail.com")
                .doesNotContainKey("grace.kim@initech.com")
                .hasSize(12);
        assertThat(leads.get("maria.garcia@globex.io").path("Leadhub_Product_Interest"))
                .extracting(JsonNode::asText)
                .contains("Robots", "Drones");
        assertThat(leads.get("li.wei@initech.com").path("Company").asText())
                .as("filled by enrichment")
                .isNotBlank();
        assertThat(zohoRow("demo-zoho", "grace.kim@initech.com"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "NO_TAG_MAPPING");

        Map<String, String> members = new HashMap<>();
        sandbox(HttpMethod.GET, "/zoho/_records/CampaignMembers", null)
                .forEach(m -> members.put(
                        m.path("recordId").asText(), m.path("Member_Status").asText()));
        assertThat(members)
                .hasSize(12)
                .containsEntry(leads.get("kenji.tanaka@cyberdyne.ai").path("id").asText(), "Responded")
                .containsEntry(
                        leads.get("tom.becker@umbrella-labs.de").path("id").asText(), "Received");
        assertThat(records("Notes")).isEmpty();
    }
}
