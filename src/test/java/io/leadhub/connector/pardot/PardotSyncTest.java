package io.leadhub.connector.pardot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

/**
 * End to end through the real pipeline into the Pardot simulator: capture over HTTP, enrichment,
 * batching, the Pardot connector; asserts the prospects Pardot holds and the reconciliation rows.
 */
class PardotSyncTest extends PardotTestSupport {

    @BeforeEach
    void resetSimulators() {
        sandbox(HttpMethod.POST, "/pardot/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/enrichment/_reset", null);
    }

    @Test
    void csvImportUpsertsOneProspectPerEmailAndSetsTheCampaignOnlyOnCreatedProspects() {
        String org = newPardotOrg();
        long existingId =
                existingProspect("li.wei@initech.com", 7002).path("id").asLong();
        var answer = importCsv(org, """
                First Name,Email,Company,Q: Lead type,Q: Product interest
                Maria,maria.garcia@globex.io,,Hot,Robots|Drones
                Li,LI.WEI@initech.com,Initech,Warm,
                Maria,Maria.Garcia@GLOBEX.io,,,Software
                """);
        assertThat(answer.getBody().path("imported").asInt()).isEqualTo(2);
        awaitSettled(org);

        Map<String, JsonNode> prospects = prospects();
        assertThat(prospects).containsOnlyKeys("maria.garcia@globex.io", "li.wei@initech.com");
        JsonNode maria = prospects.get("maria.garcia@globex.io");
        assertThat(maria.path("firstName").asText()).isEqualTo("Maria");
        assertThat(maria.path("lastName").asText())
                .as("filled by the people provider")
                .isEqualTo("Garcia");
        assertThat(maria.path("company").asText()).isEqualTo("Globex");
        assertThat(maria.path("leadhubLeadType__c").asText()).isEqualTo("hot");
        assertThat(maria.path("leadhubProductInterest__c").asText().split(";"))
                .containsExactlyInAnyOrder("Robots", "Drones", "Software");
        assertThat(maria.path("leadhubEvent__c").asText()).isEqualTo("Test Expo");
        assertThat(maria.path("source").asText()).isEqualTo("CSV");
        assertThat(maria.path("leadhubLastTouch__c").asText())
                .as("no activity: the capture time")
                .isNotEmpty();
        assertThat(maria.path("campaignId").asLong())
                .as("created by the hub: the event's campaign")
                .isEqualTo(7001);

        JsonNode li = prospects.get("li.wei@initech.com");
        assertThat(li.path("id").asLong()).isEqualTo(existingId);
        assertThat(li.path("firstName").asText()).isEqualTo("Li");
        assertThat(li.path("campaignId").asLong())
                .as("an existing prospect keeps its campaign")
                .isEqualTo(7002);

        Map<String, Object> row = syncRow(org, "maria.garcia@globex.io");
        assertThat(row)
                .containsEntry("STATE", "CLEARED")
                .containsEntry("VENDOR_OBJECT", "prospect")
                .containsEntry("VENDOR_ID", maria.path("id").asText())
                .containsEntry("ACTION", "CREATED");
        assertThat((String) row.get("MATCH_TRACE"))
                .contains("upsertLatestByEmail maria.garcia@globex.io -> created")
                .contains("campaign 7001");
        assertThat(syncRow(org, "li.wei@initech.com"))
                .containsEntry("STATE", "CLEARED")
                .containsEntry("ACTION", "UPDATED")
                .containsEntry("VENDOR_ID", String.valueOf(existingId));
        assertThat(upsertCalls()).as("one call per lead").isEqualTo(2 + 1);
        assertThat(pardotConfig().path("refusals").has("181"))
                .as("every call carried the business unit")
                .isFalse();
        assertThat(pardotSummary(org).path("cleared").asInt()).isEqualTo(2);
    }

    @Test
    void walkThroughSampleCsvGivesOneProspectPerUniqueEmailInTheEventsCampaign() throws Exception {
        String org = newPardotOrg();
        String csv = new String(
                getClass().getResourceAsStream("/sample/leads-sample.csv").readAllBytes(), StandardCharsets.UTF_8);
        assertThat(importCsv(org, csv).getBody().path("imported").asInt()).isEqualTo(13);
        awaitSettled(org);
        JsonNode summary = pardotSummary(org);
        assertThat(summary.path("cleared").asInt()).isEqualTo(12);
        assertThat(summary.path("byCategory").path("NO_TAG_MAPPING").asInt())
                .as("Grace Kim: VIP has no mapping")
                .isEqualTo(1);
        Map<String, JsonNode> prospects = prospects();
        assertThat(prospects).hasSize(12).doesNotContainKey("grace.kim@initech.com");
        assertThat(prospects.values()).allSatisfy(p -> {
            assertThat(p.path("campaignId").asLong()).isEqualTo(7001);
            assertThat(p.path("leadhubLastTouch__c").asText()).isNotEmpty();
        });
        assertThat(prospects.get("priya.nair@hooli.xyz").path("notes").asText()).contains("Call back after the show.");
    }

    @Test
    void lastTouchIsTheLatestActivityTime() {
        String org = newPardotOrg();
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "t1",
                        "email",
                        "sam@stark-industries.com",
                        "lastName",
                        "Okafor",
                        "activities",
                        List.of(Map.of(
                                "id",
                                "a1",
                                "type",
                                "CALL",
                                "occurredAt",
                                "2026-11-20T11:00:00Z",
                                "subject",
                                "Intro call"))));
        awaitSettled(org);
        assertThat(prospects()
                        .get("sam@stark-industries.com")
                        .path("leadhubLastTouch__c")
                        .asText())
                .isEqualTo("2026-11-20T11:00:00Z");
        assertThat(pardotStats().path("totalRequests").asInt())
                .as("no activity records, only the upsert")
                .isEqualTo(1 + 1);
    }

    @Test
    void leadWithoutEmailFailsBeforeAnyCall() {
        String org = newPardotOrg();
        int before = upsertCalls();
        var lead = captureJson(
                org,
                Map.of(
                        "captureId",
                        "n1",
                        "firstName",
                        "Nora",
                        "lastName",
                        "Noemail",
                        "company",
                        "Vandelay",
                        "phone",
                        "+1 212 555 0100"));
        assertThat(lead.getStatusCode().value()).isEqualTo(201);
        awaitSettled(org);
        Map<String, Object> row = rowOfLead(org, lead.getBody().path("id").asLong());
        assertThat(row).containsEntry("STATE", "FAILED").containsEntry("CATEGORY", "MISSING_REQUIRED_FIELD");
        assertThat((String) row.get("MESSAGE")).contains("no email");
        assertThat(upsertCalls()).isEqualTo(before);
    }

    @Test
    void expiredTokenIs184ThenOneRefreshAndTheCallIsReplayed() {
        String org = newPardotOrg();
        captureJson(org, Map.of("captureId", "e1", "email", "first@globex.io", "lastName", "First"));
        awaitSettled(org);
        int tokens = tokenCalls();
        sandbox(HttpMethod.POST, "/pardot/_tokens/expire", null);

        captureJson(org, Map.of("captureId", "e2", "email", "second@globex.io", "lastName", "Second"));
        awaitSettled(org);
        assertThat(syncRow(org, "second@globex.io")).containsEntry("STATE", "CLEARED");
        assertThat(tokenCalls()).isEqualTo(tokens + 1);
        assertThat(pardotConfig().path("refusals").path("184").asInt()).isEqualTo(1);
        assertThat(prospects()).containsKeys("first@globex.io", "second@globex.io");
    }

    @Test
    void still184AfterRefreshMeansAuthenticationAndNeedsReauth() {
        String org = newPardotOrg();
        fault(401, 184, "access_token is invalid, unknown, or malformed: Inactive token", 2);
        captureJson(org, Map.of("captureId", "a1", "email", "one@globex.io", "lastName", "One"));
        awaitSettled(org);
        assertThat(syncRow(org, "one@globex.io"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "AUTHENTICATION");
        JsonNode integration = send(HttpMethod.GET, api("/orgs/" + org + "/integrations"), OPERATOR, null)
                .getBody()
                .get(0);
        assertThat(integration.path("vendor").asText()).isEqualTo("pardot");
        assertThat(integration.path("state").asText()).isEqualTo("NEEDS_REAUTH");
        assertThat(upsertCalls())
                .as("the call and one replay after the refresh")
                .isEqualTo(2);
        assertThat(prospects()).isEmpty();
    }

    @Test
    void dailyLimit122IsQuotaExhaustedWithARetryTime() {
        String org = newPardotOrg();
        sandbox(HttpMethod.POST, "/pardot/_config", Map.of("dailyLimit", 5, "callsToday", 5));
        captureJson(org, Map.of("captureId", "q1", "email", "quota@globex.io", "lastName", "Quota"));
        awaitSettled(org);
        Map<String, Object> row = syncRow(org, "quota@globex.io");
        assertThat(row)
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "QUOTA_EXHAUSTED")
                .containsEntry("VENDOR_CODE", "122");
        assertThat(row.get("NEXT_ATTEMPT_AT")).as("retried automatically later").isNotNull();
        assertThat(upsertCalls())
                .as("a quota is not retried in a loop: " + row + pardotStats() + pardotConfig())
                .isEqualTo(1);
        assertThat(prospects()).isEmpty();
    }

    @Test
    void concurrencyLimit66IsRetriedAndSucceeds() {
        String org = newPardotOrg();
        fault(429, 66, "You have exceeded your concurrent request limit", 1);
        captureJson(org, Map.of("captureId", "c1", "email", "busy@globex.io", "lastName", "Busy"));
        awaitSettled(org);
        assertThat(syncRow(org, "busy@globex.io")).containsEntry("STATE", "CLEARED");
        assertThat(upsertCalls()).isEqualTo(2);
        assertThat(prospects()).containsOnlyKeys("busy@globex.io");
    }

    @Test
    void refusedValuesFailOnlyTheirLeadWithTheRightCategory() {
        String org = newPardotOrg();
        // "Cold" maps to an option the business unit's dropdown does not have
        send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/pardot/qualifier-mappings"),
                OPERATOR,
                List.of(
                        Map.of(
                                "qualifier",
                                "Lead type",
                                "value",
                                "Hot",
                                "object",
                                "prospect",
                                "vendorField",
                                "leadhubLeadType__c",
                                "vendorValue",
                                "hot"),
                        Map.of(
                                "qualifier",
                                "Lead type",
                                "value",
                                "Cold",
                                "object",
                                "prospect",
                                "vendorField",
                                "leadhubLeadType__c",
                                "vendorValue",
                                "frozen")));
        importCsv(org, "Email,Last Name,Q: Lead type\np1@initech.com,One,Hot\np2@initech.com,Two,Cold\n");
        awaitSettled(org);
        assertThat(syncRow(org, "p1@initech.com")).containsEntry("STATE", "CLEARED");
        Map<String, Object> bad = syncRow(org, "p2@initech.com");
        assertThat(bad)
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "DATA_VALUE_VALIDATION")
                .containsEntry("VENDOR_CODE", "51");
        assertThat((String) bad.get("MESSAGE")).contains("frozen");
        assertThat(prospects()).containsOnlyKeys("p1@initech.com");

        // a mapped field the business unit does not have
        send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/pardot/mappings/prospect"),
                OPERATOR,
                List.of(
                        Map.of("hubField", "email", "vendorField", "email", "type", "EMAIL"),
                        Map.of("hubField", "jobTitle", "vendorField", "shoeSize__c")));
        importCsv(org, "Email,Last Name,Job Title\np3@initech.com,Three,CTO\n");
        awaitSettled(org);
        assertThat(syncRow(org, "p3@initech.com"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "MISSING_REMOTE_FIELD")
                .containsEntry("VENDOR_CODE", "50");
    }

    @Test
    void businessUnitIsARequiredSetting() {
        String org = newOrg(false);
        Map<String, Object> creds = Map.of("refreshToken", "x", "clientId", "y", "clientSecret", "z");
        var missing = send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/pardot"),
                OPERATOR,
                Map.of("baseUrl", base() + "/sandbox/pardot", "credentials", creds));
        assertThat(missing.getStatusCode().value()).isEqualTo(422);
        assertThat(missing.getBody().toString()).contains("businessUnitId");
        var malformed = send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/pardot"),
                OPERATOR,
                Map.of(
                        "baseUrl",
                        base() + "/sandbox/pardot",
                        "settings",
                        Map.of("businessUnitId", "12345"),
                        "credentials",
                        creds));
        assertThat(malformed.getStatusCode().value()).isEqualTo(422);
        assertThat(malformed.getBody().toString()).contains("0Uv");
        assertThat(send(HttpMethod.GET, api("/orgs/" + org + "/integrations"), OPERATOR, null)
                        .getBody())
                .isEmpty();

        String connected = newPardotOrg();
        var cleared = send(
                HttpMethod.PUT,
                api("/orgs/" + connected + "/integrations/pardot"),
                OPERATOR,
                Map.of("settings", Map.of()));
        assertThat(cleared.getStatusCode().value())
                .as("an update cannot drop the business unit")
                .isEqualTo(422);
        assertThat(send(
                                HttpMethod.PUT,
                                api("/orgs/" + connected + "/integrations/pardot"),
                                OPERATOR,
                                Map.of("syncMode", "AUTOMATIC"))
                        .getStatusCode()
                        .value())
                .as("other updates keep the stored business unit")
                .isEqualTo(200);
    }

    @Test
    void campaignLinkMustNameAnExistingCampaign() {
        String org = newPardotOrg();
        String url = api("/orgs/" + org + "/events/expo/campaigns/pardot");
        var unknown = send(HttpMethod.PUT, url, OPERATOR, Map.of("campaignId", "4242"));
        assertThat(unknown.getStatusCode().value()).isEqualTo(422);
        assertThat(unknown.getBody().toString()).contains("4242").contains("does not exist");
        assertThat(send(HttpMethod.PUT, url, OPERATOR, Map.of("campaignId", "webinar"))
                        .getStatusCode()
                        .value())
                .isEqualTo(422);
        assertThat(send(HttpMethod.PUT, url, OPERATOR, Map.of("campaignId", "7002", "memberStatus", "Attended"))
                        .getStatusCode()
                        .value())
                .isEqualTo(422);
        assertThat(send(HttpMethod.PUT, url, OPERATOR, Map.of("campaignId", " 7002 "))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        assertThat(send(HttpMethod.GET, url, OPERATOR, null)
                        .getBody()
                        .path("campaignId")
                        .asText())
                .isEqualTo("7002");
    }

    @Test
    void burstOf200LeadsNeverExceedsFiveConcurrentCalls() {
        String org = newPardotOrg();
        StringBuilder csv = new StringBuilder("Email,Last Name\n");
        for (int i = 0; i < 200; i++)
            csv.append("burst")
                    .append(i)
                    .append("@burst-co.com,Burst")
                    .append(i)
                    .append('\n');
        assertThat(importCsv(org, csv.toString()).getBody().path("imported").asInt())
                .isEqualTo(200);
        Awaitility.await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> pardotSummary(org).path("cleared").asInt() == 200);
        JsonNode config = pardotConfig();
        assertThat(config.path("refusals").has("66")).isFalse();
        assertThat(config.path("peakConcurrent").asInt()).isBetween(1, 5);
        assertThat(upsertCalls()).isEqualTo(200);
        assertThat(prospects()).hasSize(200);
    }

    @Test
    void sandboxSeedsDemoSfWithPardotAndACampaignLink() {
        JsonNode integrations = send(HttpMethod.GET, api("/orgs/demo-sf/integrations"), OPERATOR, null)
                .getBody();
        JsonNode pardot = integrations.get(0);
        assertThat(pardot.path("vendor").asText()).isEqualTo("pardot");
        assertThat(pardot.path("syncMode").asText()).isEqualTo("AUTOMATIC");
        assertThat(pardot.path("settings").path("businessUnitId").asText()).isEqualTo(BU);
        assertThat(send(HttpMethod.GET, api("/orgs/demo-sf/events/demo-event/campaigns/pardot"), OPERATOR, null)
                        .getBody()
                        .path("campaignId")
                        .asText())
                .isEqualTo("7001");
        assertThat(send(HttpMethod.GET, api("/orgs/demo-sf/integrations/pardot/mappings/prospect"), OPERATOR, null)
                        .getBody()
                        .toString())
                .contains("leadhubLastTouch__c");
    }
}
