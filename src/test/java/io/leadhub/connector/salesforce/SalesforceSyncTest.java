package io.leadhub.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Salesforce end to end: CSV and JSON capture to Leads and Contacts over real HTTP against the simulator. */
class SalesforceSyncTest extends SalesforceHubTest {

    @Test
    void newLeadsBecomeSalesforceLeadsInOneCollectionsCall() {
        String org = salesforceOrg(null);
        importCsv(org, """
                First Name,Last Name,Email,Company,Job Title,Phone
                Maria,Garcia,maria.garcia@globex.io,Globex,Buyer,
                Tom,Becker,tom.becker@umbrella-labs.de,Umbrella Labs,,+49 30 1234567
                """);
        awaitSettled(org);

        Map<String, JsonNode> leads = records("Lead");
        assertThat(leads).containsKeys("maria.garcia@globex.io", "tom.becker@umbrella-labs.de");
        JsonNode maria = leads.get("maria.garcia@globex.io");
        assertThat(maria.path("LastName").asText()).isEqualTo("Garcia");
        assertThat(maria.path("Company").asText()).isEqualTo("Globex");
        assertThat(maria.path("Title").asText()).isEqualTo("Buyer");
        Map<String, Object> row = sfRow(org, "maria.garcia@globex.io");
        assertThat(row)
                .containsEntry("STATE", "CLEARED")
                .containsEntry("VENDOR_OBJECT", "lead")
                .containsEntry("ACTION", "CREATED")
                .containsEntry("VENDOR_ID", maria.path("Id").asText());
        assertThat((String) row.get("MATCH_TRACE"))
                .contains(
                        "Contact Email maria.garcia@globex.io: none",
                        "Lead Email maria.garcia@globex.io: none",
                        "no match -> create Lead");
        assertThat(calls(COLLECTIONS_CREATE)).isEqualTo(1);
    }
}
