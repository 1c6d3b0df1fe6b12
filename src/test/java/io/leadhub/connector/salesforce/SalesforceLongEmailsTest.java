package io.leadhub.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * Full Salesforce batches with real-world email addresses. 200 leads whose emails are 35 to 80
 * characters long (accented names, plus tags, apostrophes) make SOQL lookups far longer than the
 * 8 KB camel-salesforce sends by default: every lead must still clear, and the lookups are split
 * only where Salesforce's 16,384-character request URI requires it. The leads are frozen (manual
 * mode) and pushed together, so the 200 form one batch and the number of query calls is exact.
 */
class SalesforceLongEmailsTest extends SalesforceHubTest {
    private static final String QUERY = "GET /services/data/{version}/query";
    private static final String[] FIRST = {
        "José", "Zoë", "François", "Ångström", "Siobhán", "Björn", "Renée", "Łukasz", "Dvořák", "Nuño", "Chloé", "Søren"
    };
    private static final String[] LAST = {
        "García-Márquez",
        "O'Brien",
        "Müller-Lüdenscheidt",
        "Nguyễn",
        "Þórsdóttir",
        "Kowalczyk",
        "Van der Berg",
        "Fitzgerald-Montgomery",
        "Papadopoulos",
        "Ibáñez"
    };

    /** {@code firstname.lastname@companyname.example}, exactly {@code length} characters; unique per {@code i}. */
    static String email(int i, int length) {
        String local =
                ascii(FIRST[i % FIRST.length]) + "." + ascii(LAST[i % LAST.length]) + (i % 7 == 0 ? "+expo" : "");
        String tld = ".example";
        String shortest = "c" + i;
        int maxLocal = length - 1 - shortest.length() - tld.length();
        if (local.length() > maxLocal) local = local.substring(0, maxLocal).replaceAll("[.+'-]+$", "x");
        String company = shortest + "worldwideholdings".repeat(6);
        return local + "@" + company.substring(0, length - local.length() - 1 - tld.length()) + tld;
    }

    private static String ascii(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "")
                .replace("Ł", "L")
                .replace("ł", "l")
                .replace("Þ", "Th")
                .replace("ð", "d")
                .replace("ø", "o")
                .replace("Ø", "O")
                .replace(" ", "")
                .toLowerCase(Locale.ROOT);
    }

    private Map<String, String> upload(String org, int from, int to) {
        Map<String, String> emails = new LinkedHashMap<>();
        StringBuilder csv = new StringBuilder("First Name,Last Name,Email,Company,Job Title\n");
        for (int i = 0; i < 200; i++) {
            int length = from + (i * (to - from + 1) / 200);
            String email = email(i, length);
            assertThat(email).hasSize(length);
            emails.put(email.toLowerCase(Locale.ROOT), LAST[i % LAST.length]);
            csv.append(FIRST[i % FIRST.length])
                    .append(',')
                    .append(LAST[i % LAST.length])
                    .append(',')
                    .append(email)
                    .append(",Company ")
                    .append(i % 23)
                    .append(" Worldwide,Head of Procurement\n");
        }
        var answer = send(
                        HttpMethod.POST,
                        api("/orgs/" + org + "/events/expo/leads/import"),
                        OPERATOR,
                        csv.toString(),
                        MediaType.valueOf("text/csv;charset=UTF-8"))
                .getBody();
        assertThat(answer.path("imported").asInt()).as(answer.toString()).isEqualTo(200);
        return emails;
    }

    private void pushAndAwait(String org) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> jdbc.queryForObject(
                                "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND state = 'FROZEN'",
                                Map.of("org", org),
                                Integer.class)
                        == 200);
        assertThat(send(HttpMethod.POST, api("/orgs/" + org + "/integrations/salesforce/sync"), OPERATOR, Map.of())
                        .getStatusCode()
                        .is2xxSuccessful())
                .isTrue();
        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> jdbc.queryForObject(
                                "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND state IN ('CLEARED', 'FAILED')",
                                Map.of("org", org),
                                Integer.class)
                        == 200);
    }

    private String manualOrg() {
        String org = salesforceOrg("LEADS_AND_CONTACTS");
        assertThat(send(
                                HttpMethod.PUT,
                                api("/orgs/" + org + "/integrations/salesforce"),
                                OPERATOR,
                                Map.of("syncMode", "MANUAL"))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        return org;
    }

    private void assertAllCleared(String org, Map<String, String> emails) {
        List<Map<String, Object>> failed = jdbc.queryForList(
                "SELECT l.email_norm, s.category, s.message FROM lead_sync s "
                        + "JOIN lead l ON l.id = s.lead_id WHERE s.org_id = :org AND s.state <> 'CLEARED'",
                Map.of("org", org));
        assertThat(failed).isEmpty();
        var leads = records("Lead");
        assertThat(leads).hasSize(200).containsOnlyKeys(emails.keySet());
        emails.forEach((email, last) ->
                assertThat(leads.get(email).path("LastName").asText()).as(email).isEqualTo(last));
    }

    @Test
    void twoHundredLeadsWithEmailsOf35To80CharactersClearWithOneLookupPerObject() {
        String org = manualOrg();
        long queriesBefore = calls(QUERY);
        Map<String, String> emails = upload(org, 35, 80);
        pushAndAwait(org);

        assertAllCleared(org, emails);
        // one batch of 200: the Contact and the Lead lookups each fit one request URI of Salesforce
        assertThat(calls(QUERY) - queriesBefore).isEqualTo(2);
        assertThat(calls(COLLECTIONS_CREATE)).isEqualTo(1);
        assertThat(records("Lead")
                        .get(emails.keySet().iterator().next())
                        .path("FirstName")
                        .asText())
                .isEqualTo("José");
    }

    @Test
    void twoHundredEightyCharacterEmailsSplitEachLookupInTwo() {
        String org = manualOrg();
        long queriesBefore = calls(QUERY);
        Map<String, String> emails = upload(org, 80, 80);
        pushAndAwait(org);

        assertAllCleared(org, emails);
        // 200 x 80 characters encode to about 18,000 characters: each lookup needs two requests, no more
        List<String> sorted = new ArrayList<>(emails.keySet());
        assertThat(SoqlBuilder.lookups(
                        "Id, Email",
                        "Lead",
                        Map.of("Email", sorted),
                        null,
                        SalesforceLimits.queryBudget(base() + "/sandbox/salesforce", "60.0")))
                .hasSize(2);
        assertThat(calls(QUERY) - queriesBefore).isEqualTo(4);
        assertThat(calls(COLLECTIONS_CREATE)).isEqualTo(1);
    }

    @Test
    void aFailedLookupNamesTheQueriedObjectNeverTheQuery() {
        String org = salesforceOrg("LEADS_AND_CONTACTS");
        fault(Map.of("method", "GET", "path", "/services/data/{version}/query", "status", 503, "count", 100));
        List<String> emails = List.of(email(1, 45), email(2, 50), email(3, 60));
        emails.forEach(e -> captureJson(org, Map.of("email", e, "lastName", "Lookup", "company", "Acme")));
        awaitSettled(org);

        for (String e : emails) {
            Map<String, Object> row = sfRow(org, e);
            assertThat(row).containsEntry("STATE", "FAILED").containsEntry("CATEGORY", "VENDOR_UNAVAILABLE");
            assertThat((String) row.get("MESSAGE"))
                    .contains("SOQL query on Contact", "503")
                    .doesNotContain("@", "SELECT", "%40");
        }
    }
}
