package io.leadhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.HubTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * A typed mapping row whose value does not convert fails that lead only: three leads pushed
 * together into HubSpot (one batch), one with the date {@code 12/05}, the others with ISO values.
 */
class MappingValuesTest extends HubTest {

    @Test
    void aNonIsoDateFailsOnlyItsLeadWithDataValueValidation() {
        String org = newOrg(true);
        sandbox(HttpMethod.POST, "/hubspot/_reset", null);
        String contact = api("/orgs/" + org + "/integrations/hubspot/mappings/contact");
        List<Object> rows = new ArrayList<>();
        send(HttpMethod.GET, contact, OPERATOR, null).getBody().forEach(rows::add);
        rows.add(Map.of("hubField", "custom.visitDate", "vendorField", "leadhub_notes", "type", "DATE"));
        assertThat(send(HttpMethod.PUT, contact, OPERATOR, rows).getStatusCode().value())
                .isEqualTo(200);
        send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/hubspot"), OPERATOR, Map.of("syncMode", "MANUAL"));

        var imported = send(
                        HttpMethod.POST,
                        api("/orgs/" + org + "/events/expo/leads/import"),
                        OPERATOR,
                        """
                Email,First Name,Last Name,custom:visitDate
                ana.iso@dates.example,Ana,Iso,2026-05-12
                ben.time@dates.example,Ben,Time,2026-05-13T18:45:00+02:00
                cleo.us@dates.example,Cléo,Slash,12/05
                """,
                        MediaType.valueOf("text/csv;charset=UTF-8"))
                .getBody();
        assertThat(imported.path("imported").asInt()).isEqualTo(3);
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject(
                                "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND state = 'FROZEN'",
                                Map.of("org", org),
                                Integer.class)
                        == 3);
        send(HttpMethod.POST, api("/orgs/" + org + "/integrations/hubspot/sync"), OPERATOR, Map.of());
        awaitSettled(org);

        assertThat(syncRow(org, "ana.iso@dates.example")).containsEntry("STATE", "CLEARED");
        assertThat(syncRow(org, "ben.time@dates.example")).containsEntry("STATE", "CLEARED");
        Map<String, Object> bad = syncRow(org, "cleo.us@dates.example");
        assertThat(bad).containsEntry("STATE", "FAILED").containsEntry("CATEGORY", "DATA_VALUE_VALIDATION");
        assertThat((String) bad.get("MESSAGE")).contains("custom.visitDate", "'12/05'");

        Map<String, JsonNode> contacts = hubspotContacts();
        assertThat(contacts).containsOnlyKeys("ana.iso@dates.example", "ben.time@dates.example");
        assertThat(contacts.get("ana.iso@dates.example")
                        .path("properties")
                        .path("leadhub_notes")
                        .asText())
                .isEqualTo("2026-05-12");
        assertThat(contacts.get("ben.time@dates.example")
                        .path("properties")
                        .path("leadhub_notes")
                        .asText())
                .isEqualTo("2026-05-13");
    }
}
