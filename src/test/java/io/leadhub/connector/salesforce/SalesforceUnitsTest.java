package io.leadhub.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadhub.connector.ErrorCategory;
import io.leadhub.mapping.FieldMapping;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The Salesforce connector's pure parts: error classification, SOQL building and splitting, describe checks. */
class SalesforceUnitsTest {

    @Test
    void errorCodesMapToTheHubsCategories() {
        assertThat(SalesforceErrorClassifier.category("FIELD_CUSTOM_VALIDATION_EXCEPTION", 400))
                .isEqualTo(ErrorCategory.DATA_VALUE_VALIDATION);
        assertThat(SalesforceErrorClassifier.category("INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", 400))
                .isEqualTo(ErrorCategory.DATA_VALUE_VALIDATION);
        assertThat(SalesforceErrorClassifier.category("REQUIRED_FIELD_MISSING", 400))
                .isEqualTo(ErrorCategory.MISSING_REQUIRED_FIELD);
        assertThat(SalesforceErrorClassifier.category("STRING_TOO_LONG", 400)).isEqualTo(ErrorCategory.VALUE_TOO_LONG);
        assertThat(SalesforceErrorClassifier.category("DUPLICATES_DETECTED", 400))
                .isEqualTo(ErrorCategory.DUPLICATE_RECORD);
        assertThat(SalesforceErrorClassifier.category("INSUFFICIENT_ACCESS_OR_READONLY", 400))
                .isEqualTo(ErrorCategory.PERMISSION);
        assertThat(SalesforceErrorClassifier.category("INSUFFICIENT_ACCESS_ON_CROSS_REFERENCE_ENTITY", 400))
                .isEqualTo(ErrorCategory.PERMISSION);
        assertThat(SalesforceErrorClassifier.category("INVALID_FIELD", 400))
                .isEqualTo(ErrorCategory.MISSING_REMOTE_FIELD);
        assertThat(SalesforceErrorClassifier.category("INVALID_SESSION_ID", 401))
                .isEqualTo(ErrorCategory.AUTHENTICATION);
        assertThat(SalesforceErrorClassifier.category("REQUEST_LIMIT_EXCEEDED", 403))
                .isEqualTo(ErrorCategory.QUOTA_EXHAUSTED);
        assertThat(SalesforceErrorClassifier.category("UNABLE_TO_LOCK_ROW", 400))
                .isEqualTo(ErrorCategory.VENDOR_UNAVAILABLE);
        assertThat(SalesforceErrorClassifier.category(null, 503)).isEqualTo(ErrorCategory.VENDOR_UNAVAILABLE);
        assertThat(SalesforceErrorClassifier.transientFailure("UNABLE_TO_LOCK_ROW", 400))
                .isTrue();
        assertThat(SalesforceErrorClassifier.transientFailure("STRING_TOO_LONG", 400))
                .isFalse();
    }

    @Test
    void soqlQuotesLiteralsAndSplitsLongLookups() {
        assertThat(SoqlBuilder.quote("o'brien\\x")).isEqualTo("'o\\'brien\\\\x'");
        List<String> emails = IntStream.range(0, 200)
                .mapToObj(i -> "visitor" + i + "@example-company.com")
                .toList();
        List<String> one = SoqlBuilder.lookups("Id, Email", "Lead", Map.of("Email", emails), null, 15_000);
        assertThat(one).hasSize(1);
        assertThat(one.get(0)).startsWith("SELECT Id, Email FROM Lead WHERE Email IN ('visitor0@example-company.com',");
        List<String> split = SoqlBuilder.lookups("Id, Email", "Lead", Map.of("Email", emails), null, 3_000);
        assertThat(split.size()).isGreaterThan(2);
        assertThat(split).allMatch(q -> SoqlBuilder.encodedLength(q) <= 3_000);
        assertThat(String.join(" ", split)).contains("'visitor199@example-company.com'");
        assertThat(SoqlBuilder.lookups("Id", "Lead", Map.of("Email", List.of()), null, 3_000))
                .isEmpty();
    }

    @Test
    void lookupsAreSplitOnTheEncodedRequestUriNotTheRawSoql() {
        // camel-salesforce sends URLEncoder's output with %20 for spaces: a space costs 3, an 'é' 6, an '@' 3
        assertThat(SalesforceLimits.encodedLength("a b")).isEqualTo(5);
        assertThat(SalesforceLimits.encodedLength("é@x")).isEqualTo(10);
        assertThat(SalesforceLimits.encodedLength("'o\\'brien+tag'"))
                .isEqualTo(URLEncoder.encode("'o\\'brien+tag'", StandardCharsets.UTF_8)
                        .replace("+", "%20")
                        .length());
        // the budget is the URI limit less the query path (the instance URL's host is not part of the request URI)
        assertThat(SalesforceLimits.queryBudget("https://acme.my.salesforce.com", "60.0"))
                .isEqualTo(16_384 - "/services/data/v60.0/query/?q=".length());
        assertThat(SalesforceLimits.queryBudget("http://127.0.0.1:8080/sandbox/salesforce/", "60.0"))
                .isEqualTo(16_384 - "/sandbox/salesforce/services/data/v60.0/query/?q=".length());
        // the client's request buffer holds a request line at the URI limit plus its headers
        assertThat(SalesforceLimits.REQUEST_BUFFER)
                .isGreaterThanOrEqualTo(SalesforceLimits.URI_MAX + "GET  HTTP/1.1\r\n".length() + 4096);

        String instance = "https://acme.my.salesforce.com";
        int budget = SalesforceLimits.queryBudget(instance, "60.0");
        // 200 emails of 60 characters with accented local parts: well under 16,384 raw, over it encoded
        List<String> emails = IntStream.range(0, 200)
                .mapToObj(i -> {
                    String local = "renée.garcía-márquez.o'brien+expo" + i + ".";
                    String domain = "@company" + i + ".example";
                    return local + "x".repeat(60 - local.length() - domain.length()) + domain;
                })
                .toList();
        assertThat(emails).allMatch(e -> e.length() == 60);
        String all = SoqlBuilder.lookups("Id, Email", "Contact", Map.of("Email", emails), null, Integer.MAX_VALUE)
                .get(0);
        assertThat(all.length()).isLessThan(14_000);
        assertThat(SalesforceLimits.encodedLength(all)).isGreaterThan(budget);

        List<String> split = SoqlBuilder.lookups("Id, Email", "Contact", Map.of("Email", emails), null, budget);
        assertThat(split).hasSize(2);
        String prefix = SalesforceLimits.queryPrefix(instance, "60.0");
        assertThat(split)
                .allMatch(q -> prefix.length() + SalesforceLimits.encodedLength(q) <= SalesforceLimits.URI_MAX);
        // each query is as full as the limit allows: it could not take the next email too
        for (int i = 0; i + 1 < split.size(); i++) {
            String next = split.get(i + 1);
            String firstOfNext = next.substring(next.indexOf("IN (") + 4, next.indexOf("',") + 1);
            String grown = split.get(i).substring(0, split.get(i).length() - 1) + "," + firstOfNext + ")";
            assertThat(SalesforceLimits.encodedLength(grown)).isGreaterThan(budget);
        }
        assertThat(String.join(" ", split))
                .contains(SoqlBuilder.quote(emails.get(0)), SoqlBuilder.quote(emails.get(199)));
        assertThat(SalesforceApi.fromObject(split.get(0))).isEqualTo("Contact");
    }

    @Test
    void describeChecksCatchEachProblemAndTruncateWhereTheRowAllows() throws Exception {
        var describe = SalesforceMetadata.parse("Lead", new ObjectMapper().readTree("""
                {"name":"Lead","fields":[
                  {"name":"LastName","type":"string","length":80,"nillable":false,"createable":true,"updateable":true,"defaultedOnCreate":false},
                  {"name":"Company","type":"string","length":255,"nillable":false,"createable":true,"updateable":true},
                  {"name":"Title","type":"string","length":10,"nillable":true,"createable":true,"updateable":true},
                  {"name":"Status","type":"picklist","nillable":false,"createable":true,"updateable":true,"defaultedOnCreate":true,
                   "restrictedPicklist":true,"picklistValues":[{"value":"Open","active":true},{"value":"Old","active":false}]},
                  {"name":"IsConverted","type":"boolean","nillable":false,"createable":false,"updateable":false}]}
                """));
        Map<String, FieldMapping> rows = Map.of("title", new FieldMapping("jobTitle", "Title", null, null, true, null));
        Map<String, Object> ok =
                new LinkedHashMap<>(Map.of("LastName", "Lee", "Company", "Acme", "Title", "Chief Executive"));
        assertThat(FieldCheck.check(describe, ok, true, rows)).isNull();
        assertThat(ok.get("Title")).isEqualTo("Chief Exec");

        assertThat(FieldCheck.check(
                                describe,
                                new LinkedHashMap<>(
                                        Map.of("LastName", "Lee", "Company", "Acme", "Title", "Chief Executive")),
                                true,
                                Map.of())
                        .category())
                .isEqualTo(ErrorCategory.VALUE_TOO_LONG);
        assertThat(FieldCheck.check(
                                describe,
                                new LinkedHashMap<>(Map.of("LastName", "Lee", "Company", "Acme", "Status", "Old")),
                                true,
                                rows)
                        .category())
                .isEqualTo(ErrorCategory.DATA_VALUE_VALIDATION);
        assertThat(FieldCheck.check(
                                describe,
                                new LinkedHashMap<>(Map.of("LastName", "Lee", "Company", "Acme", "Nope__c", "x")),
                                true,
                                rows)
                        .category())
                .isEqualTo(ErrorCategory.MISSING_REMOTE_FIELD);
        assertThat(FieldCheck.check(describe, new LinkedHashMap<>(Map.of("LastName", "Lee")), true, rows)
                        .message())
                .contains("Company");
        assertThat(FieldCheck.check(describe, new LinkedHashMap<>(Map.of("LastName", "Lee")), false, rows))
                .as("updates need no required field")
                .isNull();
        assertThat(FieldCheck.check(
                                describe,
                                new LinkedHashMap<>(Map.of("LastName", "Lee", "Company", "A", "IsConverted", true)),
                                true,
                                rows)
                        .category())
                .isEqualTo(ErrorCategory.PERMISSION);
    }

    @Test
    void theStrategySettingIsParsedLeniently() {
        assertThat(SalesforceStrategy.of(null)).isEqualTo(SalesforceStrategy.LEADS_AND_CONTACTS);
        assertThat(SalesforceStrategy.parse("accounts-and-contacts"))
                .contains(SalesforceStrategy.ACCOUNTS_AND_CONTACTS);
        assertThat(SalesforceStrategy.parse("Leads only")).contains(SalesforceStrategy.LEADS_ONLY);
        assertThat(new SalesforceSettings().problems(Map.of("strategy", "EVERYTHING")))
                .singleElement()
                .asString()
                .contains("EVERYTHING");
        assertThat(new SalesforceSettings().problems(Map.of("strategy", "LEADS_ONLY", "apiVersion", "60.0")))
                .isEmpty();
    }
}
