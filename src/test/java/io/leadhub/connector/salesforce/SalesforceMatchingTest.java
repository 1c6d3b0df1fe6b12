package io.leadhub.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Match-or-create per strategy (SPEC §9), end to end against the Salesforce simulator. */
class SalesforceMatchingTest extends SalesforceHubTest {

    private static Map<String, Object> lead(String captureId, String email) {
        return Map.of(
                "captureId",
                captureId,
                "email",
                email,
                "firstName",
                "Ada",
                "lastName",
                "Lovelace",
                "company",
                "Analytical Engines");
    }

    // ------------------------------------------------------------ Leads and Contacts

    @Test
    void leadsAndContactsUpdatesTheContactFoundByEmailIgnoringCase() {
        String contact =
                salesforce.seedRecord("Contact", Map.of("LastName", "Lovelace", "Email", "Ada.Lovelace@Engines.io"));
        String org = salesforceOrg("LEADS_AND_CONTACTS");
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "c1",
                        "email",
                        "  ada.lovelace@engines.io ",
                        "lastName",
                        "Lovelace",
                        "jobTitle",
                        "Engineer"));
        awaitSettled(org);

        Map<String, Object> row = sfRow(org, "ada.lovelace@engines.io");
        assertThat(row)
                .containsEntry("STATE", "CLEARED")
                .containsEntry("VENDOR_OBJECT", "contact")
                .containsEntry("VENDOR_ID", contact)
                .containsEntry("ACTION", "UPDATED")
                .containsEntry("MATCH_STRATEGY", "LEADS_AND_CONTACTS");
        assertThat((String) row.get("MATCH_TRACE")).contains("Contact Email ada.lovelace@engines.io: found " + contact);
        assertThat(records("Contact")
                        .get("ada.lovelace@engines.io")
                        .path("Title")
                        .asText())
                .isEqualTo("Engineer");
        assertThat(records("Lead")).isEmpty();
    }

    @Test
    void twoLeadsWithOneEmailMakeOneSalesforceLead() {
        String org = salesforceOrg(null);
        // two captures (different capture ids) of the same person, close enough to share a batch
        captureJson(org, lead("d1", "twice@engines.io"));
        captureJson(
                org,
                Map.of(
                        "captureId",
                        "d2",
                        "email",
                        " Twice@Engines.io",
                        "lastName",
                        "Lovelace",
                        "company",
                        "Analytical Engines",
                        "jobTitle",
                        "Countess"));
        awaitSettled(org);

        var rows = jdbc.queryForList(
                "SELECT s.state, s.vendor_id, s.match_trace FROM lead_sync s JOIN lead l ON l.id = s.lead_id "
                        + "WHERE s.org_id = :org AND l.email_norm = 'twice@engines.io'",
                Map.of("org", org));
        assertThat(rows).hasSize(2).allSatisfy(r -> assertThat(r.get("STATE")).isEqualTo("CLEARED"));
        assertThat(rows.get(0).get("VENDOR_ID"))
                .isNotNull()
                .isEqualTo(rows.get(1).get("VENDOR_ID"));
        assertThat(records("Lead")).as("one Lead, not a duplicate per capture").hasSize(1);
        assertThat(records("Lead").get("twice@engines.io").path("Title").asText())
                .isEqualTo("Countess");
    }

    @Test
    void leadsAndContactsPrefersTheContactOverALeadWithTheSameEmail() {
        salesforce.seedRecord("Lead", Map.of("LastName", "Old", "Company", "X", "Email", "both@engines.io"));
        String contact = salesforce.seedRecord("Contact", Map.of("LastName", "Lovelace", "Email", "both@engines.io"));
        String org = salesforceOrg(null);
        captureJson(org, lead("c1", "both@engines.io"));
        awaitSettled(org);

        assertThat(sfRow(org, "both@engines.io"))
                .containsEntry("VENDOR_ID", contact)
                .containsEntry("VENDOR_OBJECT", "contact");
        assertThat(records("Lead").get("both@engines.io").path("Title").isMissingNode())
                .isTrue();
    }

    @Test
    void leadsAndContactsUpdatesTheLeadFoundByEmailWhenNoContactHasIt() {
        String existing = salesforce.seedRecord(
                "Lead", Map.of("LastName", "Lovelace", "Company", "AE", "Email", "lead@engines.io"));
        String org = salesforceOrg(null);
        captureJson(org, lead("c1", "lead@engines.io"));
        awaitSettled(org);

        Map<String, Object> row = sfRow(org, "lead@engines.io");
        assertThat(row)
                .containsEntry("VENDOR_OBJECT", "lead")
                .containsEntry("VENDOR_ID", existing)
                .containsEntry("ACTION", "UPDATED");
        assertThat((String) row.get("MATCH_TRACE"))
                .contains("Contact Email lead@engines.io: none", "Lead Email lead@engines.io: found " + existing);
        assertThat(records("Lead")).hasSize(1);
        assertThat(records("Lead").get("lead@engines.io").path("Company").asText())
                .isEqualTo("Analytical Engines");
    }

    @Test
    void storedIdsComeBeforeEmailsAndAChangedLeadUpdatesItsRecord() {
        String org = salesforceOrg(null);
        captureJson(org, lead("c1", "first@engines.io"));
        awaitSettled(org);
        String leadId = (String) sfRow(org, "first@engines.io").get("VENDOR_ID");
        // in Salesforce the Lead's email is changed, and another, newer Lead now has the hub lead's email
        patchRecord("Lead", leadId, Map.of("Email", "renamed@engines.io"));
        String other =
                salesforce.seedRecord("Lead", Map.of("LastName", "Other", "Company", "X", "Email", "first@engines.io"));

        captureJson(org, Map.of("captureId", "c1", "email", "first@engines.io", "jobTitle", "Chief Engineer"));
        awaitSynced(org, "first@engines.io");

        Map<String, Object> row = sfRow(org, "first@engines.io");
        assertThat(row).containsEntry("VENDOR_ID", leadId).containsEntry("ACTION", "UPDATED");
        assertThat((String) row.get("MATCH_TRACE")).contains("Lead ID " + leadId + ": found");
        assertThat(record("Lead", leadId).path("Title").asText()).isEqualTo("Chief Engineer");
        assertThat(record("Lead", other).path("Title").isMissingNode())
                .as("the newer Lead with the email is left alone")
                .isTrue();

        // a Contact with the email now wins over the stored Lead ID (Contact Email comes first)
        String contact = salesforce.seedRecord("Contact", Map.of("LastName", "Lovelace", "Email", "first@engines.io"));
        captureJson(
                org, Map.of("captureId", "c1", "email", "first@engines.io", "address", Map.of("region", "Bavaria")));
        awaitSynced(org, "first@engines.io");
        assertThat(sfRow(org, "first@engines.io"))
                .containsEntry("VENDOR_ID", contact)
                .containsEntry("VENDOR_OBJECT", "contact");

        // and the stored Contact ID wins over a newer Contact with the email
        patchRecord("Contact", contact, Map.of("Email", "moved@engines.io"));
        salesforce.seedRecord("Contact", Map.of("LastName", "Newer", "Email", "first@engines.io"));
        captureJson(
                org,
                Map.of("captureId", "c1", "email", "first@engines.io", "address", Map.of("street", "Main Street 1")));
        awaitSynced(org, "first@engines.io");
        Map<String, Object> again = sfRow(org, "first@engines.io");
        assertThat(again).containsEntry("VENDOR_ID", contact);
        assertThat((String) again.get("MATCH_TRACE")).contains("Contact ID " + contact + ": found");
        assertThat(record("Contact", contact).path("MailingStreet").asText()).isEqualTo("Main Street 1");
    }

    @Test
    void ambiguousEmailUpdatesTheMostRecentlyModifiedRecordAndSaysSo() {
        String older = seedAt(
                Instant.parse("2026-01-05T10:00:00Z"),
                "Contact",
                Map.of("LastName", "Old", "Email", "twin@engines.io"));
        String newer = seedAt(
                Instant.parse("2026-03-05T10:00:00Z"),
                "Contact",
                Map.of("LastName", "New", "Email", "twin@engines.io"));
        String org = salesforceOrg(null);
        captureJson(org, lead("c1", "twin@engines.io"));
        awaitSettled(org);

        Map<String, Object> row = sfRow(org, "twin@engines.io");
        assertThat(row).containsEntry("VENDOR_ID", newer);
        assertThat((String) row.get("MATCH_TRACE"))
                .contains(
                        "Contact Email twin@engines.io: ambiguous, 2 records",
                        older,
                        newer,
                        "chose the most recently modified " + newer);
    }

    @Test
    void aConvertedLeadIsFollowedToItsContact() {
        String org = salesforceOrg("LEADS_ONLY");
        captureJson(org, lead("c1", "convert@engines.io"));
        awaitSettled(org);
        String leadId = (String) sfRow(org, "convert@engines.io").get("VENDOR_ID");
        String contactId = salesforce.convertLead(leadId).path("contactId").asText();

        captureJson(org, Map.of("captureId", "c1", "email", "convert@engines.io", "jobTitle", "Head of Research"));
        awaitSynced(org, "convert@engines.io");

        Map<String, Object> row = sfRow(org, "convert@engines.io");
        assertThat(row)
                .containsEntry("STATE", "CLEARED")
                .containsEntry("VENDOR_OBJECT", "contact")
                .containsEntry("VENDOR_ID", contactId);
        assertThat((String) row.get("MATCH_TRACE"))
                .contains("Lead " + leadId + " was converted -> following to Contact " + contactId);
        assertThat(records("Contact").get("convert@engines.io").path("Title").asText())
                .isEqualTo("Head of Research");
    }

    // ------------------------------------------------------------ Leads only

    @Test
    void leadsOnlyIgnoresContactsAndCreatesALead() {
        salesforce.seedRecord("Contact", Map.of("LastName", "Lovelace", "Email", "only@engines.io"));
        String org = salesforceOrg("LEADS_ONLY");
        captureJson(org, lead("c1", "only@engines.io"));
        awaitSettled(org);

        Map<String, Object> row = sfRow(org, "only@engines.io");
        assertThat(row)
                .containsEntry("VENDOR_OBJECT", "lead")
                .containsEntry("ACTION", "CREATED")
                .containsEntry("MATCH_STRATEGY", "LEADS_ONLY");
        assertThat((String) row.get("MATCH_TRACE")).doesNotContain("Contact Email");
        assertThat(records("Lead")).containsKey("only@engines.io");
    }

    // ------------------------------------------------------------ Accounts and Contacts

    @Test
    void accountsAndContactsFindsTheAccountByWebsiteDomainOrNameOrCreatesIt() {
        String byDomain = salesforce.seedRecord(
                "Account", Map.of("Name", "Globex Corporation", "Website", "https://www.globex.io"));
        String byName = salesforce.seedRecord("Account", Map.of("Name", "Initech"));
        String existing = salesforce.seedRecord("Contact", Map.of("LastName", "Known", "Email", "known@soylent.co"));
        String org = salesforceOrg("ACCOUNTS_AND_CONTACTS");
        importCsv(org, """
                First Name,Last Name,Email,Company,Website
                Maria,Garcia,maria@globex.io,Globex,
                Peter,Gibbons,peter@gmail.com,Initech,
                Kenji,Tanaka,kenji@cyberdyne.ai,Cyberdyne Systems,https://cyberdyne.ai
                Sam,Known,known@soylent.co,Soylent,
                """);
        awaitSettled(org);

        Map<String, JsonNode> contacts = records("Contact");
        assertThat(contacts.get("maria@globex.io").path("AccountId").asText()).isEqualTo(byDomain);
        assertThat(contacts.get("peter@gmail.com").path("AccountId").asText()).isEqualTo(byName);
        String created = contacts.get("kenji@cyberdyne.ai").path("AccountId").asText();
        assertThat(records("Account").get(created).path("Name").asText()).isEqualTo("Cyberdyne Systems");
        assertThat(sfRow(org, "kenji@cyberdyne.ai"))
                .containsEntry("VENDOR_OBJECT", "contact")
                .containsEntry("ACTION", "CREATED")
                .containsEntry("COMPANY_VENDOR_ID", created);
        assertThat((String) sfRow(org, "maria@globex.io").get("MATCH_TRACE"))
                .contains("Account by website domain globex.io: " + byDomain);
        assertThat((String) sfRow(org, "peter@gmail.com").get("MATCH_TRACE"))
                .contains("Account by company name 'Initech': " + byName);
        assertThat(sfRow(org, "known@soylent.co"))
                .containsEntry("VENDOR_ID", existing)
                .containsEntry("ACTION", "UPDATED");
        assertThat(records("Lead")).isEmpty();
    }

    // ------------------------------------------------------------ the strategy setting

    @Test
    void theStrategyIsValidatedAndFrozenPerLead() {
        String org = salesforceOrg(null);
        assertThat(setStrategy(org, "EVERYTHING").getStatusCode().value()).isEqualTo(422);

        salesforce.seedRecord("Contact", Map.of("LastName", "Lovelace", "Email", "early@engines.io"));
        salesforce.seedRecord("Contact", Map.of("LastName", "Lovelace", "Email", "late@engines.io"));
        var integration = jdbc.queryForMap(
                "SELECT state FROM integration WHERE org_id = :o AND vendor = 'salesforce'", Map.of("o", org));
        assertThat(integration).containsEntry("STATE", "CONNECTED");
        // the first lead is planned under the default strategy, then the strategy changes
        captureJson(org, lead("c1", "early@engines.io"));
        awaitSettled(org);
        assertThat(setStrategy(org, "LEADS_ONLY").getStatusCode().value()).isEqualTo(200);
        captureJson(org, lead("c2", "late@engines.io"));
        awaitSettled(org);

        assertThat(sfRow(org, "early@engines.io"))
                .containsEntry("VENDOR_OBJECT", "contact")
                .containsEntry("STATE", "CLEARED");
        assertThat(sfRow(org, "late@engines.io"))
                .containsEntry("VENDOR_OBJECT", "lead")
                .containsEntry("MATCH_STRATEGY", "LEADS_ONLY");
    }
}
