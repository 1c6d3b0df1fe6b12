package io.leadhub.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.support.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;

/**
 * Salesforce error answers to the hub's categories (SPEC §11), replayed through the simulator's
 * _faults with Salesforce's own bodies (collections results with per-record statusCode, single
 * errors with errorCode) and produced by the simulator's rules (validation rule, duplicate rule,
 * daily limit), plus the session: expiry mid-batch (camel-salesforce logs in again) and a refused
 * login (invalid_grant → NEEDS_REAUTH).
 */
class SalesforceErrorsTest extends SalesforceHubTest {
    private static final String COLLECTIONS = "/services/data/{version}/composite/sobjects";

    static Stream<Arguments> codes() {
        return Stream.of(
                Arguments.of(
                        "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                        "Leads from trade shows need a title",
                        "DATA_VALUE_VALIDATION"),
                Arguments.of(
                        "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                        "Lead Source: bad value for restricted picklist field: Expo",
                        "DATA_VALUE_VALIDATION"),
                Arguments.of(
                        "REQUIRED_FIELD_MISSING", "Required fields are missing: [Company]", "MISSING_REQUIRED_FIELD"),
                Arguments.of(
                        "STRING_TOO_LONG", "Title: data value too large: xxxxx (max length=128)", "VALUE_TOO_LONG"),
                Arguments.of("DUPLICATES_DETECTED", "Use one of these records?", "DUPLICATE_RECORD"),
                Arguments.of(
                        "INSUFFICIENT_ACCESS_OR_READONLY", "insufficient access rights on object id", "PERMISSION"),
                Arguments.of(
                        "INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY",
                        "insufficient access rights on cross-reference id",
                        "PERMISSION"),
                Arguments.of(
                        "INVALID_FIELD", "No such column 'Foo__c' on sobject of type Lead", "MISSING_REMOTE_FIELD"));
    }

    private String captureOne(String email) {
        String org = salesforceOrg(null);
        captureJson(org, Map.of("captureId", "c-" + email, "email", email, "lastName", "Tester", "company", "Acme"));
        awaitSettled(org);
        return org;
    }

    @ParameterizedTest(name = "collections statusCode {0} -> {2}")
    @MethodSource("codes")
    void perRecordStatusCodeOfACollectionsAnswer(String code, String message, String category) {
        fault(Map.of(
                "method",
                "POST",
                "path",
                COLLECTIONS,
                "status",
                200,
                "count",
                1,
                "body",
                List.of(Map.of(
                        "success",
                        false,
                        "errors",
                        List.of(Map.of("statusCode", code, "message", message, "fields", List.of()))))));
        String org = captureOne("record@acme.io");

        assertThat(sfRow(org, "record@acme.io"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", category)
                .containsEntry("VENDOR_CODE", code);
        assertThat((String) sfRow(org, "record@acme.io").get("MESSAGE")).contains(message);
        assertThat(records("Lead")).isEmpty();
    }

    @ParameterizedTest(name = "single errorCode {0} -> {2}")
    @MethodSource("codes")
    void singleErrorCodeOfARejectedRequest(String code, String message, String category) {
        fault(Map.of(
                "method",
                "POST",
                "path",
                COLLECTIONS,
                "status",
                400,
                "count",
                1,
                "body",
                List.of(Map.of("message", message, "errorCode", code, "fields", List.of()))));
        String org = captureOne("single@acme.io");

        assertThat(sfRow(org, "single@acme.io"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", category)
                .containsEntry("VENDOR_CODE", code);
    }

    @Test
    void aValidationRuleFailsOnlyItsLeadAndTheBatchMatesAreCreated() {
        configure(Map.of(
                "validationRules",
                List.of(Map.of(
                        "object",
                        "Lead",
                        "name",
                        "No_Interns",
                        "field",
                        "Title",
                        "condition",
                        "equals",
                        "value",
                        "Intern",
                        "message",
                        "Interns are not leads",
                        "errorField",
                        "Title"))));
        String org = salesforceOrg(null);
        importCsv(org, """
                First Name,Last Name,Email,Company,Job Title
                Ina,Intern,intern@acme.io,Acme,Intern
                Bea,Boss,boss@acme.io,Acme,CEO
                """);
        awaitSettled(org);

        assertThat(sfRow(org, "intern@acme.io"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "DATA_VALUE_VALIDATION")
                .containsEntry("VENDOR_CODE", "FIELD_CUSTOM_VALIDATION_EXCEPTION");
        assertThat((String) sfRow(org, "intern@acme.io").get("MESSAGE")).contains("Interns are not leads");
        assertThat(sfRow(org, "boss@acme.io")).containsEntry("STATE", "CLEARED");
        assertThat(records("Lead")).containsOnlyKeys("boss@acme.io");
        assertThat(calls(COLLECTIONS_CREATE)).isEqualTo(1);
    }

    @Test
    void aDuplicateRuleBlocksTheWrite() {
        configure(Map.of(
                "duplicateRules",
                List.of(Map.of(
                        "object",
                        "Lead",
                        "name",
                        "Same_Name_Company",
                        "fields",
                        List.of("LastName", "Company"),
                        "action",
                        "block"))));
        salesforce.seedRecord("Lead", Map.of("LastName", "Tester", "Company", "Acme", "Email", "other@acme.io"));
        String org = captureOne("dupe@acme.io");

        assertThat(sfRow(org, "dupe@acme.io"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "DUPLICATE_RECORD")
                .containsEntry("VENDOR_CODE", "DUPLICATES_DETECTED");
    }

    @Test
    void theDailyLimitIsQuotaExhaustedRetriedWhenTheRolling24HoursHavePassed() {
        configure(Map.of("dailyApiLimit", 1)); // the Contact lookup is the day's last allowed call
        Instant before = Instant.now();
        String org = captureOne("quota@acme.io");
        Instant after = Instant.now();

        Map<String, Object> row = sfRow(org, "quota@acme.io");
        assertThat(row)
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "QUOTA_EXHAUSTED")
                .containsEntry("VENDOR_CODE", "REQUEST_LIMIT_EXCEEDED");
        Instant next = TestDatabase.instant(row.get("NEXT_ATTEMPT_AT"));
        assertThat(next)
                .as("24 hours after the refused call")
                .isBetween(before.plus(Duration.ofHours(24)).minusMillis(1), after.plus(Duration.ofHours(24)));
        OffsetDateTime paused = jdbc.queryForObject(
                "SELECT quota_reset_at FROM integration WHERE org_id = :org AND vendor = 'salesforce'",
                Map.of("org", org),
                OffsetDateTime.class);
        assertThat(paused.toInstant()).as("no Salesforce call before then").isEqualTo(next);
    }

    @Test
    void lockedRowsAndServerErrorsAreRetried() {
        fault(Map.of(
                "method",
                "POST",
                "path",
                COLLECTIONS,
                "status",
                400,
                "count",
                1,
                "body",
                List.of(Map.of(
                        "message",
                        "unable to obtain exclusive access to this record",
                        "errorCode",
                        "UNABLE_TO_LOCK_ROW"))));
        fault(Map.of(
                "method",
                "GET",
                "path",
                "/services/data/{version}/query",
                "status",
                503,
                "count",
                1,
                "body",
                List.of(Map.of("message", "Server unavailable", "errorCode", "SERVER_UNAVAILABLE"))));
        String org = captureOne("retry@acme.io");

        assertThat(sfRow(org, "retry@acme.io"))
                .containsEntry("STATE", "CLEARED")
                .containsEntry("ACTION", "CREATED");
        assertThat(records("Lead")).containsOnlyKeys("retry@acme.io");
        assertThat(calls(COLLECTIONS_CREATE)).isEqualTo(2);
    }

    @Test
    void anExpiredSessionMidBatchIsRenewedByCamelSalesforceAndTheLeadStillClears() {
        String org = captureOne("first@acme.io");
        long tokens = calls("POST /services/oauth2/token");
        // the session ends between the lookups and the write of the next batch
        fault(Map.of(
                "method",
                "POST",
                "path",
                COLLECTIONS,
                "status",
                401,
                "count",
                1,
                "body",
                List.of(Map.of("message", "Session expired or invalid", "errorCode", "INVALID_SESSION_ID"))));
        captureJson(org, Map.of("captureId", "c2", "email", "second@acme.io", "lastName", "Tester", "company", "Acme"));
        awaitSettled(org);
        assertThat(sfRow(org, "second@acme.io")).containsEntry("STATE", "CLEARED");
        assertThat(calls("POST /services/oauth2/token")).isEqualTo(tokens + 1);

        // a real expiry of every access token: the next call is answered 401, camel-salesforce logs in again
        sandbox(HttpMethod.POST, "/salesforce/_tokens/expire", null);
        captureJson(org, Map.of("captureId", "c3", "email", "third@acme.io", "lastName", "Tester", "company", "Acme"));
        awaitSettled(org);
        assertThat(sfRow(org, "third@acme.io")).containsEntry("STATE", "CLEARED");
        assertThat(calls("POST /services/oauth2/token")).isEqualTo(tokens + 2);
        assertThat(records("Lead")).containsOnlyKeys("first@acme.io", "second@acme.io", "third@acme.io");
    }

    @Test
    void aSessionRefusedAfterANewLoginIsAuthentication() {
        fault(Map.of(
                "method",
                "GET",
                "path",
                "/services/data/{version}/query",
                "status",
                401,
                "count",
                10,
                "body",
                List.of(Map.of("message", "Session expired or invalid", "errorCode", "INVALID_SESSION_ID"))));
        String org = captureOne("session@acme.io");

        assertThat(sfRow(org, "session@acme.io"))
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "AUTHENTICATION");
        assertThat(jdbc.queryForObject(
                        "SELECT state FROM integration WHERE org_id = :o AND vendor = 'salesforce'",
                        Map.of("o", org),
                        String.class))
                .isEqualTo("NEEDS_REAUTH");
    }

    @Test
    void aRevokedRefreshTokenMarksTheIntegrationNeedsReauth() {
        String org = captureOne("before@acme.io");
        sandbox(HttpMethod.POST, "/salesforce/_tokens/revoke-refresh", null);
        sandbox(HttpMethod.POST, "/salesforce/_tokens/expire", null);

        captureJson(org, Map.of("captureId", "c2", "email", "after@acme.io", "lastName", "Tester", "company", "Acme"));
        awaitSettled(org);

        Map<String, Object> row = sfRow(org, "after@acme.io");
        assertThat(row)
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "AUTHENTICATION")
                .containsEntry("VENDOR_CODE", "invalid_grant");
        assertThat(jdbc.queryForObject(
                        "SELECT state FROM integration WHERE org_id = :o AND vendor = 'salesforce'",
                        Map.of("o", org),
                        String.class))
                .isEqualTo("NEEDS_REAUTH");
        assertThat(records("Lead")).containsOnlyKeys("before@acme.io");
    }
}
