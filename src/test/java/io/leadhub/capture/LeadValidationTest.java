package io.leadhub.capture;

import static io.leadhub.lead.LeadField.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.lead.DomainExtractor;
import io.leadhub.lead.LeadDraft;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LeadValidationTest {

    private final LeadValidation validation = new LeadValidation();

    @Test
    void validDraftIsNormalized() {
        LeadDraft d = new LeadDraft()
                .set(FIRST_NAME, "  Jane ")
                .set(EMAIL, " mailto:Jane.Doe@Acme.com ")
                .set(PHONE, "(415) 555-0100")
                .set(WEBSITE, "www.acme.com/robots")
                .set(LINKEDIN_URL, "linkedin.com/in/jane-doe");

        List<String> problems = validation.validateAndNormalize(d, "US");

        assertThat(problems).isEmpty();
        assertThat(d.get(FIRST_NAME)).isEqualTo("Jane");
        assertThat(d.get(EMAIL)).as("case is kept").isEqualTo("Jane.Doe@Acme.com");
        assertThat(d.get(PHONE)).isEqualTo("+14155550100");
        assertThat(d.get(WEBSITE)).isEqualTo("https://www.acme.com/robots");
        assertThat(d.get(LINKEDIN_URL)).isEqualTo("https://linkedin.com/in/jane-doe");
    }

    @Test
    void phoneNormalization() {
        LeadDraft intl = new LeadDraft().set(PHONE, "+49 (0)211 123456");
        assertThat(validation.validateAndNormalize(intl, null)).isEmpty();
        assertThat(intl.get(PHONE)).isEqualTo("+49211123456");

        LeadDraft noRegion = new LeadDraft().set(PHONE, "0211 123456");
        validation.validateAndNormalize(noRegion, null);
        assertThat(noRegion.get(PHONE)).as("kept as written without a region").isEqualTo("0211 123456");

        LeadDraft german = new LeadDraft().set(PHONE, "0211 123456");
        validation.validateAndNormalize(german, "de");
        assertThat(german.get(PHONE)).isEqualTo("+49211123456");

        LeadDraft junk = new LeadDraft().set(PHONE, "ext. 42 ask for Bob");
        assertThat(validation.validateAndNormalize(junk, "US")).isEmpty();
        assertThat(junk.get(PHONE)).isEqualTo("ext. 42 ask for Bob");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "foo@",
                "@acme.com",
                "jane",
                "jane@acme",
                "jane doe@acme.com",
                "jane@@acme.com",
                "jane@acme.com.",
                "a@b@c.com",
                "jane@ac me.com",
                "jane@.acme.com"
            })
    void invalidEmails(String email) {
        LeadDraft d = new LeadDraft().set(EMAIL, email);
        assertThat(validation.validateAndNormalize(d, null)).containsExactly("invalid email '" + email + "'");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"jane@acme.com", "jane.o'brien+expo@mail.acme.co.uk", "JÖRG@müller.de", "x_y-z@sub.domain.io"})
    void validEmails(String email) {
        assertThat(LeadValidation.isValidEmail(email)).isTrue();
    }

    @Test
    void invalidUrls() {
        LeadDraft d = new LeadDraft().set(WEBSITE, "acme dot com").set(LINKEDIN_URL, "ftp://linkedin.com/in/x");
        assertThat(validation.validateAndNormalize(d, null))
                .containsExactly("invalid website 'acme dot com'", "invalid linkedinUrl 'ftp://linkedin.com/in/x'");
        assertThat(validation.validateAndNormalize(new LeadDraft().set(WEBSITE, "localhost"), null))
                .containsExactly("invalid website 'localhost'");
    }

    @Test
    void maxLengths() {
        LeadDraft d = new LeadDraft()
                .set(COMPANY, "x".repeat(300))
                .set(POSTAL_CODE, "1".repeat(41))
                .set(NOTES, "n".repeat(10_001));
        assertThat(validation.validateAndNormalize(d, null))
                .containsExactly(
                        "'postalCode' is longer than 40 characters", "'notes' is longer than 10000 characters");
    }

    @ParameterizedTest
    @CsvSource(
            nullValues = "NULL",
            value = {
                "https://www.shop.acme.co.uk/x, acme.co.uk",
                "jane@mail.acme.com,            acme.com",
                "Jane@ACME.COM,                 acme.com",
                "www.acme.com,                  acme.com",
                "acme.com/path?q=1,             acme.com",
                "http://user@sub.acme.de:8080/, acme.de",
                "https://192.168.0.1/admin,     NULL",
                "https://localhost,             NULL",
                "co.uk,                         NULL",
                "not a domain,                  NULL",
                "'',                            NULL"
            })
    void domainOf(String input, String expected) {
        assertThat(DomainExtractor.registrableDomain(input)).isEqualTo(expected);
    }

    @Test
    void freeMail() {
        assertThat(DomainExtractor.isFreeMail("gmail.com")).isTrue();
        assertThat(DomainExtractor.isFreeMail("GoogleMail.com")).isTrue();
        assertThat(DomainExtractor.isFreeMail("yahoo.co.uk")).isTrue();
        assertThat(DomainExtractor.isFreeMail("hotmail.fr")).isTrue();
        assertThat(DomainExtractor.isFreeMail("gmx.de")).isTrue();
        assertThat(DomainExtractor.isFreeMail("web.de")).isTrue();
        assertThat(DomainExtractor.isFreeMail("yandex.ru")).isTrue();
        assertThat(DomainExtractor.isFreeMail("proton.me")).isTrue();
        assertThat(DomainExtractor.isFreeMail("mail.ru")).isTrue();
        assertThat(DomainExtractor.isFreeMail("qq.com")).isTrue();
        assertThat(DomainExtractor.isFreeMail("163.com")).isTrue();
        assertThat(DomainExtractor.isFreeMail(DomainExtractor.registrableDomain("bob@icloud.com")))
                .isTrue();
        assertThat(DomainExtractor.isFreeMail("acme.com")).isFalse();
        assertThat(DomainExtractor.isFreeMail("yahooligans-robotics.com")).isFalse();
        assertThat(DomainExtractor.isFreeMail(null)).isFalse();
    }
}
