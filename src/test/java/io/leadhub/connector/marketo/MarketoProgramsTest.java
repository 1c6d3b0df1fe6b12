package io.leadhub.connector.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/**
 * Marketo programs (SPEC §7.3) through the API and the pipeline: program ids in every pasted form,
 * exact-case statuses read from the program's channel, archived and unknown programs, the lead-scan
 * threshold, qualifier-driven statuses, and statuses that never move backwards.
 */
class MarketoProgramsTest extends MarketoHubTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1001",
                " 1001 ",
                "PG1001A1",
                "#PG1001A1",
                "AB1001C1",
                "https://app-ab12.marketo.com/#PG1001A1",
                "https://app-ab12.marketo.com/#/classic/PG1001A1"
            })
    void programIdIsAcceptedAsDigitsAssetIdOrUrl(String given) {
        String org = marketoOrg();
        ResponseEntity<JsonNode> r = link(org, Map.of("campaignId", given, "memberStatus", "Visited Booth"));
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        assertThat(r.getBody().path("campaignId").asText()).isEqualTo("1001");
        assertThat(send(HttpMethod.GET, api("/orgs/" + org + "/events/expo/campaigns/marketo"), OPERATOR, null)
                        .getBody()
                        .path("campaignId")
                        .asText())
                .isEqualTo("1001");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo expo", "PG", "https://app-ab12.marketo.com/", "12ab", "0", "PG1001A1; DROP TABLE"})
    void junkProgramIdIsRefusedWithAClearMessage(String given) {
        String org = marketoOrg();
        ResponseEntity<JsonNode> r = link(org, Map.of("campaignId", given, "memberStatus", "Visited Booth"));
        assertThat(r.getStatusCode().value()).isEqualTo(422);
        assertThat(r.getBody().toString())
                .contains("is not a Marketo program id")
                .contains("PG1234A1");
        assertThat(send(HttpMethod.GET, api("/orgs/" + org + "/events/expo/campaigns/marketo"), OPERATOR, null)
                        .getStatusCode()
                        .value())
                .as("nothing saved")
                .isEqualTo(404);
    }

    @Test
    void statusMustMatchTheChannelsStatusesExactlyCaseIncluded() {
        String org = marketoOrg();
        ResponseEntity<JsonNode> fixed = link(org, Map.of("campaignId", "1001", "memberStatus", "engaged"));
        assertThat(fixed.getStatusCode().value()).isEqualTo(422);
        assertThat(fixed.getBody().toString())
                .contains("'engaged' is not a status of Marketo program 1001")
                .contains("Not in Program, Visited Booth, Engaged, Demo Given");

        ResponseEntity<JsonNode> mapped = link(
                org,
                Map.of(
                        "campaignId",
                        "1001",
                        "statusQualifier",
                        "Lead type",
                        "statusMap",
                        Map.of("Hot", "Engaged", "Cold", "visited booth")));
        assertThat(mapped.getStatusCode().value()).isEqualTo(422);
        assertThat(mapped.getBody().toString()).contains("'visited booth' is not a status");

        assertThat(link(
                                org,
                                Map.of(
                                        "campaignId",
                                        "1001",
                                        "statusQualifier",
                                        "Lead type",
                                        "statusMap",
                                        Map.of("Hot", "Engaged", "Cold", "Visited Booth")))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
    }

    @Test
    void unknownAndArchivedProgramsAreRefused() {
        String org = marketoOrg();
        ResponseEntity<JsonNode> unknown = link(org, Map.of("campaignId", "4242", "memberStatus", "Engaged"));
        assertThat(unknown.getStatusCode().value()).isEqualTo(422);
        assertThat(unknown.getBody().toString()).contains("Marketo has no program 4242");

        ResponseEntity<JsonNode> archived = link(org, Map.of("campaignId", "PG1002A1", "memberStatus", "Engaged"));
        assertThat(archived.getStatusCode().value()).isEqualTo(422);
        assertThat(archived.getBody().toString()).contains("program 1002 'Legacy Expo 2019' is archived");
    }

    @Test
    void qualifierChoosesTheStatusAndThresholdZeroAddsEveryLead() {
        String org = marketoOrg();
        assertThat(link(
                                org,
                                Map.of(
                                        "campaignId",
                                        "1001",
                                        "memberStatus",
                                        "Visited Booth",
                                        "statusQualifier",
                                        "Lead type",
                                        "statusMap",
                                        Map.of("Hot", "Engaged", "Warm", "Visited Booth"),
                                        "scanThreshold",
                                        0))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        importCsv(org, """
                Email,Last Name,Q: Lead type
                hot@globex.io,Hot,Hot
                warm@globex.io,Warm,Warm
                none@globex.io,None,
                """);
        awaitSettled(org);

        Map<String, JsonNode> leads = marketoLeads();
        Map<String, String> members = members(1001);
        assertThat(members)
                .containsEntry(leads.get("hot@globex.io").path("id").asText(), "Engaged")
                .containsEntry(leads.get("warm@globex.io").path("id").asText(), "Visited Booth")
                .containsEntry(leads.get("none@globex.io").path("id").asText(), "Visited Booth")
                .hasSize(3);
        assertThat(marketoRow(org, "hot@globex.io")).containsEntry("STATE", "CLEARED");
        assertThat((String) marketoRow(org, "hot@globex.io").get("MATCH_TRACE"))
                .contains("program 1001: added as 'Engaged'");
        assertThat(calls("POST /rest/v1/programs/{programId}/members/status.json"))
                .as("one call per status")
                .isEqualTo(2);
        assertThat(calls("GET /rest/v1/programs/{programId}/members.json"))
                .as("new leads: nothing to read back")
                .isZero();
        assertThat(calls("GET /rest/asset/v1/program/{id}.json"))
                .as("program read once, when the link was saved")
                .isEqualTo(1);
    }

    @Test
    void thresholdAboveZeroAddsOnlyLeadsScannedOftenEnough() {
        String org = marketoOrg();
        link(org, Map.of("campaignId", "1001", "memberStatus", "Engaged", "scanThreshold", 2));
        importCsv(org, """
                Email,Last Name
                twice@globex.io,Twice
                once@globex.io,Once
                TWICE@globex.io,Twice
                """);
        awaitSettled(org);

        Map<String, JsonNode> leads = marketoLeads();
        assertThat(leads).containsOnlyKeys("twice@globex.io", "once@globex.io");
        assertThat(members(1001))
                .containsOnlyKeys(leads.get("twice@globex.io").path("id").asText());
        Map<String, Object> once = marketoRow(org, "once@globex.io");
        assertThat(once).as("below the threshold the lead still syncs").containsEntry("STATE", "CLEARED");
        assertThat((String) once.get("MATCH_TRACE"))
                .contains("lead scanned 1 time(s) at the event; the link needs 2; not added");
    }

    @Test
    void programArchivedAfterLinkingIsACampaignErrorButTheLeadIsKept() {
        String org = marketoOrg();
        link(org, Map.of("campaignId", "1001", "memberStatus", "Engaged"));
        // the program is archived in Marketo after the link was saved (here: the link now names archived program 1002)
        jdbc.update("UPDATE campaign_link SET campaign_id = '1002' WHERE org_id = :org", Map.of("org", org));
        captureJson(org, Map.of("captureId", "ar1", "email", "late@globex.io", "lastName", "Late"));
        awaitSettled(org);

        Map<String, Object> row = marketoRow(org, "late@globex.io");
        assertThat(row).containsEntry("STATE", "FAILED").containsEntry("CATEGORY", "CAMPAIGN_ERROR");
        assertThat((String) row.get("MESSAGE")).contains("program 1002 'Legacy Expo 2019' is archived");
        assertThat(row.get("VENDOR_ID"))
                .as("the lead was written; a retry updates it by id")
                .isEqualTo(marketoLeads().get("late@globex.io").path("id").asText());
        assertThat(members(1002)).isEmpty();
    }

    @Test
    void statusMovesForwardButNeverBackwards() {
        String org = marketoOrg();
        link(
                org,
                Map.of(
                        "campaignId",
                        "1001",
                        "statusQualifier",
                        "Lead type",
                        "statusMap",
                        Map.of("Hot", "Demo Given", "Warm", "Engaged", "Cold", "Visited Booth")));

        captureJson(
                org,
                Map.of(
                        "captureId",
                        "r1",
                        "email",
                        "rep@globex.io",
                        "lastName",
                        "Rep",
                        "qualifiers",
                        Map.of("Lead type", "Warm")));
        awaitSettled(org);
        String leadId = marketoLeads().get("rep@globex.io").path("id").asText();
        assertThat(members(1001)).containsEntry(leadId, "Engaged");

        // a later scan of the same person, now Hot: forward to Demo Given
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "r2",
                        "email",
                        "rep@globex.io",
                        "lastName",
                        "Rep",
                        "qualifiers",
                        Map.of("Lead type", "Hot")));
        awaitSettled(org);
        assertThat(members(1001)).containsEntry(leadId, "Demo Given");

        // a late (or replayed) scan tapped Cold: Visited Booth would be a downgrade; kept at Demo Given
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "r3",
                        "email",
                        "rep@globex.io",
                        "lastName",
                        "Rep",
                        "qualifiers",
                        Map.of("Lead type", "Cold")));
        awaitSettled(org);
        assertThat(members(1001)).containsEntry(leadId, "Demo Given").hasSize(1);
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT s.state, s.match_trace FROM lead_sync s JOIN lead l ON l.id = s.lead_id "
                        + "WHERE s.org_id = :org AND l.capture_id = 'r3'",
                Map.of("org", org));
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("STATE")).isEqualTo("CLEARED");
        assertThat((String) rows.get(0).get("MATCH_TRACE"))
                .contains("already at 'Demo Given' (step 30); 'Visited Booth' (step 10) would move it backwards; kept");
        assertThat(calls("POST /rest/v1/programs/{programId}/members/status.json"))
                .as("the downgrade was never sent")
                .isEqualTo(2);
    }

    @Test
    void linkNeedsAStatus() {
        String org = marketoOrg();
        ResponseEntity<JsonNode> r = link(org, Map.of("campaignId", "1001"));
        assertThat(r.getStatusCode().value()).isEqualTo(422);
        assertThat(r.getBody().toString()).contains("needs a 'memberStatus'");
    }
}
