package io.leadhub.connector.marketo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.HttpMethod;

/**
 * End to end through the real pipeline and the Marketo simulator: capture, enrichment, batching,
 * the Marketo connector (leads by stored id or email), Marketo's error conventions inside HTTP 200
 * answers, and the reconciliation rows.
 */
class MarketoSyncTest extends MarketoHubTest {

    @Test
    void csvImportUpsertsOneLeadPerEmailWithMappedFieldsAndLastTouch() {
        String org = marketoOrg();
        var answer = importCsv(org, """
                First Name,Email,Company,Q: Lead type,Q: Product interest
                Maria,maria.garcia@globex.io,,Hot,Robots|Drones
                Li,LI.WEI@initech.com,Initech,Warm,
                Maria,Maria.Garcia@GLOBEX.io,,,Software
                """);
        assertThat(answer.getBody().path("imported").asInt()).isEqualTo(2);
        awaitSettled(org);

        Map<String, JsonNode> leads = marketoLeads();
        assertThat(leads).containsOnlyKeys("maria.garcia@globex.io", "li.wei@initech.com");
        JsonNode maria = leads.get("maria.garcia@globex.io");
        assertThat(maria.path("firstName").asText()).isEqualTo("Maria");
        assertThat(maria.path("lastName").asText())
                .as("filled by the people provider")
                .isEqualTo("Garcia");
        assertThat(maria.path("leadhubLeadType").asText()).isEqualTo("Hot");
        assertThat(maria.path("leadhubProductInterest").asText().split(";"))
                .containsExactlyInAnyOrder("Robots", "Drones", "Software");
        assertThat(maria.path("leadhubEvent").asText()).isEqualTo("Test Expo");
        assertThat(maria.path("leadhubLastTouch").asText())
                .as("no activity: the capture time")
                .isNotEmpty();

        Map<String, Object> row = marketoRow(org, "maria.garcia@globex.io");
        assertThat(row)
                .containsEntry("STATE", "CLEARED")
                .containsEntry("VENDOR_OBJECT", "lead")
                .containsEntry("ACTION", "CREATED")
                .containsEntry("VENDOR_ID", maria.path("id").asText());
        assertThat((String) row.get("MATCH_TRACE"))
                .contains("createOrUpdate by email maria.garcia@globex.io -> created");
        assertThat(calls("POST /rest/v1/leads.json")).isEqualTo(1);
        assertThat(marketoSummary(org).path("cleared").asInt()).isEqualTo(2);
    }

    @Test
    void lastTouchIsTheLatestActivityWhenTheLeadHasOne() {
        String org = marketoOrg();
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "act1",
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
        assertThat(marketoRow(org, "sam@stark-industries.com")).containsEntry("STATE", "CLEARED");
        assertThat(marketoLeads()
                        .get("sam@stark-industries.com")
                        .path("leadhubLastTouch")
                        .asText())
                .isEqualTo("2026-11-20T11:00:00Z");
        assertThat(marketoStats().path("requests").fieldNames())
                .toIterable()
                .as("no activity endpoint is called")
                .allMatch(k -> !k.contains("activities"));
    }

    @Test
    void storedLeadIdIsUpdatedByIdAndAVanishedIdFallsBackToTheEmailUpsert() {
        String org = marketoOrg();
        captureJson(org, Map.of("captureId", "s1", "email", "kenji@cyberdyne.ai", "lastName", "Tanaka"));
        awaitSettled(org);
        String firstId = (String) marketoRow(org, "kenji@cyberdyne.ai").get("VENDOR_ID");

        resync(org);
        Map<String, Object> row = marketoRow(org, "kenji@cyberdyne.ai");
        assertThat(row)
                .containsEntry("STATE", "CLEARED")
                .containsEntry("VENDOR_ID", firstId)
                .containsEntry("ACTION", "UPDATED");
        assertThat((String) row.get("MATCH_TRACE")).contains("stored Lead ID " + firstId + " updated");
        assertThat(marketoLeads()).hasSize(1);

        // the lead is deleted in Marketo: updateOnly by id answers 1004, the hub upserts by email instead
        sandbox(HttpMethod.POST, "/marketo/_reset", null);
        resync(org);
        row = marketoRow(org, "kenji@cyberdyne.ai");
        assertThat(row).containsEntry("STATE", "CLEARED").containsEntry("ACTION", "CREATED");
        assertThat(row.get("VENDOR_ID"))
                .isNotEqualTo(firstId)
                .isEqualTo(marketoLeads().get("kenji@cyberdyne.ai").path("id").asText());
        assertThat((String) row.get("MATCH_TRACE")).contains("no longer exists in Marketo (1004); upserting by email");
    }

    @Test
    void skippedRecordsFailOnlyTheirLeadWithTheReasonsCategory() {
        String org = marketoOrg();
        // two leads with one email exist in Marketo (only createDuplicate makes that possible)
        for (int i = 0; i < 2; i++) {
            marketoApi(
                    HttpMethod.POST,
                    "/rest/v1/leads.json",
                    Map.of(
                            "action",
                            "createDuplicate",
                            "input",
                            List.of(Map.of("email", "dup@vandelay.com", "lastName", "Dup" + i))));
        }
        var mapping = send(HttpMethod.GET, api("/orgs/" + org + "/integrations/marketo/mappings/lead"), OPERATOR, null)
                .getBody();
        List<Object> rows = new ArrayList<>(json.convertValue(mapping, List.class));
        rows.add(
                Map.of("hubField", "custom.score", "vendorField", "leadScore")); // integer field: "abc" is invalid data
        rows.add(Map.of("hubField", "custom.legacy", "vendorField", "legacyRating")); // no such field in Marketo
        assertThat(send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/marketo/mappings/lead"), OPERATOR, rows)
                        .getStatusCode()
                        .is2xxSuccessful())
                .isTrue();

        importCsv(org, """
                Email,Last Name,score,legacy
                good@vandelay.com,Good,12,
                bad-score@vandelay.com,Score,abc,
                legacy@vandelay.com,Legacy,,B
                dup@vandelay.com,Dup,,
                """);
        awaitSettled(org);

        assertThat(marketoRow(org, "good@vandelay.com")).containsEntry("STATE", "CLEARED");
        assertThat(marketoRow(org, "bad-score@vandelay.com"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "DATA_VALUE_VALIDATION")
                .containsEntry("VENDOR_CODE", "1003");
        assertThat(marketoRow(org, "legacy@vandelay.com"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "MISSING_REMOTE_FIELD")
                .containsEntry("VENDOR_CODE", "1006");
        assertThat(marketoRow(org, "dup@vandelay.com"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "DUPLICATE_RECORD")
                .containsEntry("VENDOR_CODE", "1007");
        assertThat(marketoLeads())
                .containsKeys("good@vandelay.com")
                .doesNotContainKeys("bad-score@vandelay.com", "legacy@vandelay.com");
        assertThat(calls("POST /rest/v1/leads.json"))
                .as("one call for the batch; nothing re-sent")
                .isEqualTo(3);
    }

    @Test
    void leadAlreadyExistsReasonIsADuplicateRecord() {
        String org = marketoOrg();
        sandbox(
                HttpMethod.POST,
                "/marketo/_faults",
                Map.of(
                        "method",
                        "POST",
                        "path",
                        "/rest/v1/leads.json",
                        "status",
                        200,
                        "count",
                        1,
                        "body",
                        Map.of(
                                "requestId",
                                "a1#b2",
                                "success",
                                true,
                                "result",
                                List.of(Map.of(
                                        "status",
                                        "skipped",
                                        "reasons",
                                        List.of(Map.of("code", "1005", "message", "Lead already exists")))))));
        captureJson(org, Map.of("captureId", "d1", "email", "exists@globex.io", "lastName", "Exists"));
        awaitSettled(org);
        assertThat(marketoRow(org, "exists@globex.io"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "DUPLICATE_RECORD")
                .containsEntry("VENDOR_CODE", "1005");
    }

    @Test
    void aMissingResultIsAFailureNotASuccess() {
        String org = marketoOrg();
        sandbox(
                HttpMethod.POST,
                "/marketo/_faults",
                Map.of(
                        "method",
                        "POST",
                        "path",
                        "/rest/v1/leads.json",
                        "status",
                        200,
                        "count",
                        1,
                        "body",
                        Map.of("requestId", "a1#b2", "success", true, "result", List.of())));
        captureJson(org, Map.of("captureId", "g1", "email", "ghost@globex.io", "lastName", "Ghost"));
        awaitSettled(org);
        assertThat(marketoRow(org, "ghost@globex.io"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "VENDOR_UNAVAILABLE")
                .containsEntry("VENDOR_CODE", "NO_RESULT");
    }

    @ParameterizedTest
    @ValueSource(strings = {"606", "615"})
    void throttleAnswersInside200AreWaitedOutAndRetried(String code) {
        String org = marketoOrg();
        fault(
                "POST",
                "/rest/v1/leads.json",
                code,
                "606".equals(code)
                        ? "Max rate limit '100' exceeded with in '20' secs"
                        : "Concurrent access limit reached",
                1);
        captureJson(org, Map.of("captureId", "t" + code, "email", "rate" + code + "@globex.io", "lastName", "Rate"));
        awaitSettled(org);
        assertThat(marketoRow(org, "rate" + code + "@globex.io")).containsEntry("STATE", "CLEARED");
        assertThat(calls("POST /rest/v1/leads.json")).isEqualTo(2);
        assertThat(marketoLeads()).containsOnlyKeys("rate" + code + "@globex.io");
    }

    @Test
    void dailyQuotaIsQuotaExhaustedAndRetriedLater() {
        String org = marketoOrg();
        sandbox(HttpMethod.POST, "/marketo/_config", Map.of("dailyQuota", 0));
        captureJson(org, Map.of("captureId", "q1", "email", "quota@globex.io", "lastName", "Quota"));
        awaitSettled(org);
        Map<String, Object> row = marketoRow(org, "quota@globex.io");
        assertThat(row)
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "QUOTA_EXHAUSTED")
                .containsEntry("VENDOR_CODE", "607");
        assertThat(row.get("NEXT_ATTEMPT_AT"))
                .as("retried automatically after the reset")
                .isNotNull();
        assertThat(calls("POST /rest/v1/leads.json"))
                .as("a quota answer is not retried in a loop")
                .isEqualTo(1);
    }

    @Test
    void transientCodeIsRetriedWithBackoff() {
        String org = marketoOrg();
        fault("POST", "/rest/v1/leads.json", "611", "System error", 1);
        captureJson(org, Map.of("captureId", "x1", "email", "flaky@globex.io", "lastName", "Flaky"));
        awaitSettled(org);
        assertThat(marketoRow(org, "flaky@globex.io")).containsEntry("STATE", "CLEARED");
        assertThat(calls("POST /rest/v1/leads.json")).isEqualTo(2);
    }

    @Test
    void expiredTokenIn200AnswerIsRenewedOnceAndTheCallReplayed() {
        String org = marketoOrg();
        captureJson(org, Map.of("captureId", "e1", "email", "first@globex.io", "lastName", "First"));
        awaitSettled(org);
        int tokenCalls = calls("GET /identity/oauth/token");
        assertThat(tokenCalls).as("client-credentials token, asked for once").isEqualTo(1);

        sandbox(HttpMethod.POST, "/marketo/_tokens/expire", null);
        captureJson(org, Map.of("captureId", "e2", "email", "second@globex.io", "lastName", "Second"));
        awaitSettled(org);
        assertThat(marketoRow(org, "second@globex.io")).containsEntry("STATE", "CLEARED");
        assertThat(calls("GET /identity/oauth/token")).isEqualTo(tokenCalls + 1);
        assertThat(calls("POST /rest/v1/leads.json"))
                .as("first call answered 602, replayed once")
                .isEqualTo(3);
    }

    @Test
    void invalidTokenIn200AnswerIsRenewedOnceThenAuthenticationFails() {
        String org = marketoOrg();
        fault("POST", "/rest/v1/leads.json", "601", "Access token invalid", 1);
        captureJson(org, Map.of("captureId", "i1", "email", "once@globex.io", "lastName", "Once"));
        awaitSettled(org);
        assertThat(marketoRow(org, "once@globex.io")).containsEntry("STATE", "CLEARED");

        fault("POST", "/rest/v1/leads.json", "601", "Access token invalid", 2);
        captureJson(org, Map.of("captureId", "i2", "email", "twice@globex.io", "lastName", "Twice"));
        awaitSettled(org);
        assertThat(marketoRow(org, "twice@globex.io"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "AUTHENTICATION");
        JsonNode integrations = send(HttpMethod.GET, api("/orgs/" + org + "/integrations"), OPERATOR, null)
                .getBody();
        assertThat(integrations.get(0).path("state").asText()).isEqualTo("NEEDS_REAUTH");
    }

    @Test
    void badClientCredentialsNeedReauth() {
        String org = newOrg(false);
        send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/marketo"),
                OPERATOR,
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
                                "wrong")));
        send(HttpMethod.POST, api("/orgs/" + org + "/integrations/marketo/mappings/lead/defaults"), OPERATOR, null);
        captureJson(org, Map.of("captureId", "b1", "email", "nobody@globex.io", "lastName", "Nobody"));
        awaitSettled(org);
        assertThat(marketoRow(org, "nobody@globex.io"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "AUTHENTICATION");
        assertThat(marketoLeads()).isEmpty();
    }

    @Test
    void leadWithoutEmailFailsWithAClearReason() {
        String org = marketoOrg();
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "n1",
                        "firstName",
                        "No",
                        "lastName",
                        "Mail",
                        "company",
                        "Initech",
                        "phone",
                        "+1 415 555 0100"));
        awaitSettled(org);
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT * FROM lead_sync WHERE org_id = :org AND vendor = 'marketo'", Map.of("org", org));
        assertThat(row).containsEntry("STATE", "FAILED").containsEntry("CATEGORY", "MISSING_REQUIRED_FIELD");
        assertThat((String) row.get("MESSAGE")).contains("no email");
    }

    @Test
    void oneCaptureReachesBothHubSpotAndMarketo() {
        String org = newOrg(true);
        connectMarketo(org);
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "both1",
                        "email",
                        "elena.rossi@vandelay.com",
                        "firstName",
                        "Elena",
                        "lastName",
                        "Rossi",
                        "qualifiers",
                        Map.of("Lead type", "Hot")));
        awaitSettled(org);

        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT vendor, state, vendor_object, vendor_id FROM lead_sync WHERE org_id = :org "
                        + "ORDER BY vendor",
                Map.of("org", org));
        assertThat(rows)
                .extracting(r -> r.get("VENDOR") + ":" + r.get("STATE") + ":" + r.get("VENDOR_OBJECT"))
                .containsExactly("hubspot:CLEARED:contact", "marketo:CLEARED:lead");
        assertThat(hubspotContacts()).containsOnlyKeys("elena.rossi@vandelay.com");
        assertThat(marketoLeads()).containsOnlyKeys("elena.rossi@vandelay.com");
        assertThat(rows.get(0).get("VENDOR_ID"))
                .isEqualTo(hubspotContacts()
                        .get("elena.rossi@vandelay.com")
                        .path("id")
                        .asText());
        assertThat(rows.get(1).get("VENDOR_ID"))
                .isEqualTo(marketoLeads()
                        .get("elena.rossi@vandelay.com")
                        .path("id")
                        .asText());
    }

    /** Sends every Marketo row of the org again (as a retry of everything would). */
    private void resync(String org) {
        jdbc.update(
                "UPDATE lead_sync SET state = 'FAILED', category = 'VENDOR_UNAVAILABLE' WHERE org_id = :org AND vendor = 'marketo'",
                Map.of("org", org));
        var retried = send(
                HttpMethod.POST,
                api("/orgs/" + org + "/integrations/marketo/reconciliation/retry"),
                OPERATOR,
                Map.of("all", true));
        assertThat(retried.getBody().path("retried").asInt()).isPositive();
        awaitSettled(org);
    }
}
