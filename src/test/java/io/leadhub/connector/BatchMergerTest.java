package io.leadhub.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadhub.lead.Lead;
import io.leadhub.lead.LeadDraft;
import io.leadhub.lead.LeadField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The in-batch merge every batch connector sends through: which leads ride on an input, which value wins, write policies. */
class BatchMergerTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void leadsSharingAKeyRideOnOneInputAndTheLaterValueWins() {
        SyncItem first = item(1, "firstname", "Ana", "company", "Initech");
        SyncItem other = item(2, "firstname", "Bo");
        SyncItem second = item(3, "company", "Initech GmbH", "jobtitle", "CTO");
        BatchMerger byEmail = new BatchMerger("contact: same email");

        VendorInput a = byEmail.merge(
                "ana@initech.example", first, first.mapped("contact").values());
        byEmail.merge("bo@initech.example", other, other.mapped("contact").values());
        VendorInput again = byEmail.merge(
                "ana@initech.example", second, second.mapped("contact").values());

        assertThat(again).isSameAs(a);
        assertThat(byEmail.keys()).containsExactly("ana@initech.example", "bo@initech.example");
        assertThat(byEmail.inputs())
                .extracting(VendorInput::key)
                .containsExactly("ana@initech.example", "bo@initech.example");
        assertThat(a.items()).containsExactly(first, second);
        // the first lead's fields in its order, the later lead's value for a field both carry, its new fields after
        assertThat(a.fields())
                .containsExactly(
                        Map.entry("firstname", "Ana"),
                        Map.entry("company", "Initech GmbH"),
                        Map.entry("jobtitle", "CTO"));
        assertThat(second.trace()).containsExactly("contact: same email as lead 1 in this batch; sent once");
        assertThat(first.trace()).isEmpty();
        // the merged input is a copy: the leads' own mappings are untouched
        assertThat(first.mapped("contact").values()).containsEntry("company", "Initech");
    }

    @Test
    void theTraceNamesTheKindOfKeyTheLeadsShare() {
        BatchMerger mixed = new BatchMerger(key -> key.startsWith("id:") ? "same record id" : "same email");
        SyncItem[] items = {item(1), item(2), item(3), item(4)};
        mixed.merge("id:42", items[0], Map.of());
        mixed.merge("email:a@b.example", items[1], Map.of());
        mixed.merge("id:42", items[2], Map.of());
        mixed.merge("email:a@b.example", items[3], Map.of());

        assertThat(mixed.inputs()).hasSize(2);
        assertThat(items[2].trace()).containsExactly("same record id as lead 1 in this batch; sent once");
        assertThat(items[3].trace()).containsExactly("same email as lead 2 in this batch; sent once");
    }

    @Test
    void theVendorsAnswerClearsOrFailsEveryLeadRidingOnTheInput() {
        BatchMerger byId = new BatchMerger("lead: same Lead ID");
        SyncItem first = item(1, "email", "a@b.example");
        SyncItem second = item(2, "email", "a@b.example");
        second.companyVendorId("company-9");
        VendorInput in = byId.merge("7", first, Map.of());
        byId.merge("7", second, Map.of());

        in.clear("lead", "7", false, "lead: stored Lead ID 7 updated");

        assertThat(first.outcome()).isEqualTo(Outcome.cleared("lead", "7", null, false));
        assertThat(second.outcome()).isEqualTo(Outcome.cleared("lead", "7", "company-9", false));
        assertThat(first.trace()).containsExactly("lead: stored Lead ID 7 updated");
        assertThat(second.trace()).endsWith("lead: stored Lead ID 7 updated");

        SyncItem third = item(3);
        SyncItem fourth = item(4);
        VendorInput refused = new BatchMerger("same email").merge("c@d.example", third, Map.of());
        refused.items().add(fourth);
        refused.fail(ErrorCategory.DATA_VALUE_VALIDATION, "1003", "invalid value");
        assertThat(List.of(third, fourth)).allSatisfy(i -> {
            assertThat(i.outcome().cleared()).isFalse();
            assertThat(i.outcome().category()).isEqualTo(ErrorCategory.DATA_VALUE_VALIDATION);
            assertThat(i.outcome().vendorCode()).isEqualTo("1003");
        });
    }

    @Test
    void writePoliciesDecideOnTheMergedInputWithTheFirstLeadsMapping() throws Exception {
        SyncItem first = item(1);
        MappedObject m = first.mapped("contact");
        m.put("firstname", "Ana", WritePolicy.ALWAYS);
        m.put("phone", "+49 30 1234", WritePolicy.IF_EMPTY);
        m.put("leadsource", "Expo", WritePolicy.CREATE_ONLY);
        m.put("city", "Berlin", WritePolicy.IF_EMPTY);
        SyncItem created = item(2);
        MappedObject n = created.mapped("contact");
        n.put("phone", "+49 30 9999", WritePolicy.IF_EMPTY);
        n.put("leadsource", "Expo", WritePolicy.CREATE_ONLY);
        SyncItem unrelated = item(3, "firstname", "Bo");

        BatchMerger byEmail = new BatchMerger("same email");
        byEmail.merge("ana@initech.example", first, m.values());
        byEmail.merge("new@initech.example", created, n.values());
        BatchMerger byId = new BatchMerger("same id");
        byId.merge("5", unrelated, unrelated.mapped("contact").values());

        assertThat(BatchMerger.conditionalFields("contact", byId, byEmail))
                .containsExactly("phone", "leadsource", "city");
        assertThat(BatchMerger.conditionalFields("contact", byId)).isEmpty();

        JsonNode existing = JSON.readTree("""
                {"properties": {"phone": "+1 555 0100", "city": "", "leadsource": "Web"}}""");
        byEmail.applyWritePolicies(
                "contact",
                Map.of("ana@initech.example", existing),
                (r, f) -> r.path("properties").path(f));

        // the record exists: IF_EMPTY fills only the empty city, CREATE_ONLY is kept out, ALWAYS is written
        assertThat(byEmail.inputs().get(0).fields()).containsOnlyKeys("firstname", "city");
        // no record for the key: it is created, so every field is written
        assertThat(byEmail.inputs().get(1).fields()).containsOnlyKeys("phone", "leadsource");
    }

    @Test
    void aLeadGoesByItsStoredIdElseByItsEmailAndRecordsAreReadOnlyForConditionalFields() throws Exception {
        SyncItem stored = lead(1, "7", "ana@initech.example");
        SyncItem byEmail = lead(2, null, "Bo@Initech.example");
        SyncItem sameEmail = lead(3, null, "bo@initech.example");
        SyncItem neither = lead(4, null, null);
        BatchMerger ids = new BatchMerger("same id");
        BatchMerger emails = new BatchMerger("same email");

        assertThat(BatchMerger.mergeByIdOrEmail(ids, emails, stored, Map.of("city", "Berlin")))
                .isTrue();
        assertThat(BatchMerger.mergeByIdOrEmail(ids, emails, byEmail, Map.of("city", "Bonn")))
                .isTrue();
        assertThat(BatchMerger.mergeByIdOrEmail(ids, emails, sameEmail, Map.of("city", "Köln")))
                .isTrue();
        assertThat(BatchMerger.mergeByIdOrEmail(ids, emails, neither, Map.of("city", "Ulm")))
                .isFalse();
        assertThat(ids.keys()).containsExactly("7");
        assertThat(emails.keys()).containsExactly("bo@initech.example");
        assertThat(emails.inputs().get(0).items()).containsExactly(byEmail, sameEmail);

        List<String> reads = new ArrayList<>();
        BatchMerger.RecordReader<JsonNode> reader = (keys, id, fields) -> {
            reads.add((id ? "id " : "email ") + keys + " " + fields);
            return Map.of();
        };
        assertThat(BatchMerger.applyWritePolicies("contact", ids, emails, reader, JsonNode::path))
                .as("only ALWAYS fields: nothing to read")
                .isFalse();
        assertThat(reads).isEmpty();

        stored.mapped("contact").put("city", "Berlin", WritePolicy.IF_EMPTY);
        assertThat(BatchMerger.applyWritePolicies("contact", ids, emails, reader, JsonNode::path))
                .isTrue();
        assertThat(reads).containsExactly("id [7] [city]", "email [bo@initech.example] [city]");
    }

    /** A lead with a stored vendor id and an email (either may be null) and an ALWAYS city in its contact mapping. */
    private static SyncItem lead(long leadId, String storedVendorId, String email) {
        LeadDraft draft = new LeadDraft().set(LeadField.EMAIL, email);
        Lead lead = new Lead(leadId, "org", "event", null, null, null, draft, Map.of(), List.of(), 1, 1, false, null);
        SyncItem item = new SyncItem(leadId, lead, storedVendorId, null, null);
        MappedObject mapped = new MappedObject();
        mapped.put("city", "Somewhere", WritePolicy.ALWAYS);
        item.mapped().put("contact", mapped);
        return item;
    }

    /** A lead of the batch with a contact mapping of ALWAYS fields: field, value, field, value… */
    private static SyncItem item(long leadId, String... contact) {
        Lead lead = new Lead(leadId, "org", "event", null, null, null, null, Map.of(), List.of(), 1, 1, false, null);
        SyncItem item = new SyncItem(leadId, lead, null, null, null);
        MappedObject mapped = new MappedObject();
        for (int i = 0; i < contact.length; i += 2) mapped.put(contact[i], contact[i + 1], WritePolicy.ALWAYS);
        item.mapped().put("contact", mapped);
        return item;
    }
}
