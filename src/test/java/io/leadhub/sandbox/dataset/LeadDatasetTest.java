package io.leadhub.sandbox.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.capture.CsvLeadReader;
import io.leadhub.capture.CsvRowHandler;
import io.leadhub.capture.LeadValidation;
import io.leadhub.lead.LeadDraft;
import io.leadhub.lead.LeadField;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The generated upload is what it claims to be: deterministic per seed, realistic (long addresses on
 * reserved domains, accents, long notes with CSV specials), and its expectations agree with what the
 * hub's own CSV reader makes of the file (rejected lines, one lead per normalized email).
 */
class LeadDatasetTest {

    private static final LeadDataset DATA = LeadDataset.builder(7L)
            .unmapped("Lead type", "VIP")
            .vendorReject(VendorReject.INTERNATIONAL_EMAIL)
            .build();

    @Test
    void sameSeedSameFileOtherSeedOtherFile() {
        LeadDataset again = LeadDataset.builder(7L)
                .unmapped("Lead type", "VIP")
                .vendorReject(VendorReject.INTERNATIONAL_EMAIL)
                .build();
        assertThat(again.csv()).isEqualTo(DATA.csv());
        assertThat(again.leads()).isEqualTo(DATA.leads());
        assertThat(LeadDataset.builder(8L).build().csv()).isNotEqualTo(DATA.csv());
    }

    @Test
    void emailsAreLongValidAndOnReservedDomains() {
        assertThat(DATA.leads()).hasSize(1000).allSatisfy(l -> {
            assertThat(l.email().length()).as(l.email()).isBetween(30, 60);
            assertThat(l.email()).endsWith(".example");
            assertThat(LeadValidation.isValidEmail(l.email())).as(l.email()).isTrue();
        });
        assertThat(DATA.byEmail()).hasSize(1000);
    }

    @Test
    void contentIsRealistic() {
        List<ExpectedLead> leads = DATA.leads();
        assertThat(leads)
                .anySatisfy(l -> assertThat(l.firstName() + l.lastName()).containsAnyOf("ø", "Ø", "ł", "Ł", "ë", "é"));
        assertThat(leads.stream()
                        .filter(l -> l.notes() != null && l.notes().length() > 255)
                        .count())
                .isGreaterThan(200);
        assertThat(leads)
                .anySatisfy(l -> assertThat(l.notes())
                        .isNotNull()
                        .hasSizeGreaterThan(255)
                        .contains("\n", ",", "\""));
        assertThat(leads).anySatisfy(l -> assertThat(l.company()).contains(","));
        assertThat(leads).anySatisfy(l -> assertThat(l.company()).contains("\""));
        assertThat(leads.stream()
                        .map(ExpectedLead::phone)
                        .filter(p -> p != null)
                        .map(p -> p.replaceAll("\\d", "9"))
                        .distinct()
                        .count())
                .as("phone formats")
                .isGreaterThanOrEqualTo(5);
        assertThat(leads).anySatisfy(l -> assertThat(l.jobTitle()).isNotNull().hasSizeBetween(101, 127));
        assertThat(leads).anySatisfy(l -> assertThat(l.productInterest()).hasSizeGreaterThan(1));
    }

    @Test
    void expectationsNameEachFailureAndItsReason() {
        List<ExpectedLead> failures = DATA.expectedFailures();
        assertThat(failures)
                .filteredOn(l -> l.failure().kind() == ExpectedFailure.Kind.UNMAPPED_QUALIFIER)
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l.leadType()).isEqualTo("VIP"));
        ExpectedLead planted = failures.stream()
                .filter(l -> l.failure().kind() == ExpectedFailure.Kind.VENDOR_REJECT)
                .findFirst()
                .orElseThrow();
        assertThat(planted.email()).startsWith("zoë.ødegaard@");
        assertThat(planted.failure().mentions()).containsExactly("email");
        assertThat(DATA.good()).hasSize(1000 - failures.size()).noneMatch(l -> "VIP".equals(l.leadType()));
        assertThat(DATA.rejections()).hasSize(5);
        assertThat(DATA.merged()).isEqualTo(20);
        assertThat(DATA.dataRows()).isEqualTo(1025);
    }

    @Test
    void theHubsCsvReaderAgreesWithTheExpectations() {
        Map<Integer, String> rejected = new LinkedHashMap<>();
        Map<String, List<Integer>> linesByEmail = new LinkedHashMap<>();
        Map<String, LeadDraft> firstDraft = new LinkedHashMap<>();
        new CsvLeadReader("US")
                .read(new ByteArrayInputStream(DATA.csv().getBytes(StandardCharsets.UTF_8)), new CsvRowHandler() {
                    @Override
                    public void row(int line, LeadDraft draft) {
                        linesByEmail
                                .computeIfAbsent(draft.emailNorm(), k -> new ArrayList<>())
                                .add(line);
                        firstDraft.putIfAbsent(draft.emailNorm(), draft);
                    }

                    @Override
                    public void rejected(int line, String reason) {
                        rejected.put(line, reason);
                    }
                });
        assertThat(rejected).hasSize(DATA.rejections().size());
        DATA.rejections()
                .forEach(r -> assertThat(rejected.get(r.line()))
                        .as("line " + r.line())
                        .contains(r.reasonContains()));
        assertThat(linesByEmail).hasSize(DATA.imported());
        for (ExpectedLead l : DATA.leads()) {
            assertThat(linesByEmail.get(l.emailNorm())).as(l.email()).isEqualTo(l.lines());
            LeadDraft d = firstDraft.get(l.emailNorm());
            assertThat(d.get(LeadField.FIRST_NAME)).isEqualTo(l.firstName());
            assertThat(d.get(LeadField.LAST_NAME)).isEqualTo(l.lastName());
            assertThat(d.get(LeadField.COMPANY)).isEqualTo(l.company());
            assertThat(d.get(LeadField.NOTES)).isEqualTo(l.notes());
        }
    }

    @Test
    void otherTraitsArePlanted() {
        LeadDataset linkedin = LeadDataset.builder(3L)
                .leads(50)
                .vendorReject(VendorReject.LONG_LINKEDIN_URL)
                .build();
        ExpectedLead planted = linkedin.expectedFailures().get(0);
        assertThat(planted.linkedinUrl()).hasSizeBetween(256, 500).doesNotContain(" ");
        LeadDataset option = LeadDataset.builder(3L)
                .leads(50)
                .vendorReject(VendorReject.UNKNOWN_OPTION)
                .build();
        assertThat(option.expectedFailures())
                .singleElement()
                .satisfies(l -> assertThat(l.leadType()).isEqualTo(LeadDataset.PLANTED_OPTION));
        assertThat(option.qualifiers().get(0).get("values").toString()).contains(LeadDataset.PLANTED_OPTION);
    }
}
