package io.leadhub.capture;

import static io.leadhub.lead.LeadField.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadhub.lead.LeadDraft;
import io.leadhub.lead.LeadField;
import io.leadhub.lead.LeadSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BadgeParserTest {

    private final BadgeParser parser = new BadgeParser();

    static String fixture(String name) throws IOException {
        try (InputStream in = BadgeParserTest.class.getResourceAsStream("/capture/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void vcard21QuotedPrintableUtf8WithSoftLineBreaks() throws IOException {
        LeadDraft d = parser.parse(fixture("badge-v21-qp.vcf"));

        assertThat(d.source()).isEqualTo(LeadSource.BADGE_SCAN);
        assertThat(d.get(FIRST_NAME)).isEqualTo("Jürgen");
        assertThat(d.get(LAST_NAME)).isEqualTo("Müller");
        assertThat(d.get(COMPANY)).isEqualTo("Stahlwerk Düsseldorf GmbH");
        assertThat(d.get(JOB_TITLE)).isEqualTo("Head of Sales");
        assertThat(d.get(PHONE)).as("WORK beats CELL").isEqualTo("+49 211 123456");
        assertThat(d.get(EMAIL)).isEqualTo("j.mueller@stahlwerk-duesseldorf.de");
        assertThat(d.get(STREET)).isEqualTo("Königsallee 12");
        assertThat(d.get(CITY)).isEqualTo("Düsseldorf");
        assertThat(d.get(REGION)).isEqualTo("NRW");
        assertThat(d.get(POSTAL_CODE)).isEqualTo("40212");
        assertThat(d.get(COUNTRY)).isEqualTo("Deutschland");
        assertThat(d.get(WEBSITE)).isEqualTo("https://www.stahlwerk-duesseldorf.de");
        assertThat(d.get(NOTES))
                .isEqualTo("Interessiert an Schweißrobotern für die neue Fertigungslinie, Rückruf im Dezember.");
        assertThat(d.get(LINKEDIN_URL)).isNull();
    }

    @Test
    void vcard30PreferredWorkEmailAndFoldedLines() throws IOException {
        LeadDraft d = parser.parse(fixture("badge-v30-folded.vcf"));

        assertThat(d.get(FIRST_NAME)).isEqualTo("Jane");
        assertThat(d.get(LAST_NAME)).isEqualTo("Doe");
        assertThat(d.get(EMAIL)).isEqualTo("jane.doe@acme-robotics.com");
        assertThat(d.get(PHONE)).isEqualTo("+1 (415) 555-0100");
        assertThat(d.get(COMPANY)).isEqualTo("Acme Robotics, Inc.");
        assertThat(d.get(JOB_TITLE)).isEqualTo("VP Engineering");
        assertThat(d.get(STREET)).isEqualTo("500 Howard Street, Suite 400");
        assertThat(d.get(CITY)).isEqualTo("San Francisco");
        assertThat(d.get(REGION)).isEqualTo("CA");
        assertThat(d.get(POSTAL_CODE)).isEqualTo("94105");
        assertThat(d.get(COUNTRY)).isEqualTo("USA");
        assertThat(d.get(WEBSITE)).isEqualTo("https://www.acme-robotics.com");
        assertThat(d.get(NOTES))
                .isEqualTo("Met at booth 42. Wants a demo of the pick-and-place line for their new "
                        + "warehouse in Oakland; call after the show.");
    }

    @Test
    void vcard40PrefParameterLinkedInAndFormattedNameFallback() throws IOException {
        LeadDraft d = parser.parse(fixture("badge-v40-pref.vcf"));

        assertThat(d.get(FIRST_NAME)).isEqualTo("Li");
        assertThat(d.get(LAST_NAME)).isEqualTo("Wei");
        assertThat(d.get(EMAIL)).isEqualTo("li.wei@dronetech.cn");
        assertThat(d.get(PHONE)).isEqualTo("+86-21-5555-0199");
        assertThat(d.get(LINKEDIN_URL)).isEqualTo("https://www.linkedin.com/in/li-wei-drones");
        assertThat(d.get(WEBSITE)).isEqualTo("https://dronetech.cn");
    }

    @Test
    void vcardWithLowerCaseBeginAndLfLineEndingsAndNoPreference() {
        LeadDraft d = parser.parse("""
                begin:vcard
                version:3.0
                fn:Sam Lee
                email;type=home:sam@home.example.com
                email;type=internet:sam@corp.example.com
                tel;type=home:+1 555 0000
                tel;type=cell:+1 555 1111
                end:vcard
                """);
        assertThat(d.get(FIRST_NAME)).isEqualTo("Sam");
        assertThat(d.get(LAST_NAME)).isEqualTo("Lee");
        assertThat(d.get(EMAIL)).as("INTERNET beats a plain home address").isEqualTo("sam@corp.example.com");
        assertThat(d.get(PHONE)).as("CELL beats HOME").isEqualTo("+1 555 1111");
    }

    @Test
    void mecardWithEscapesAndAddress() {
        LeadDraft d = parser.parse("MECARD:N:O'Brien,Siobhán;TEL:+353 1 555 0142;TEL:+353 87 555 0000;"
                + "EMAIL:siobhan@celtic-automation.ie;ORG:Celtic Automation\\; Robotics Ltd;TITLE:CTO\\, Co-founder;"
                + "URL:https\\://celtic-automation.ie;ADR:,,12 Grand Canal Quay,Dublin,,D02 X576,Ireland;"
                + "NOTE:Booth 7\\\\B follow-up\\: ask about AGVs;;");

        assertThat(d.source()).isEqualTo(LeadSource.BADGE_SCAN);
        assertThat(d.get(LAST_NAME)).isEqualTo("O'Brien");
        assertThat(d.get(FIRST_NAME)).isEqualTo("Siobhán");
        assertThat(d.get(PHONE)).isEqualTo("+353 1 555 0142");
        assertThat(d.get(EMAIL)).isEqualTo("siobhan@celtic-automation.ie");
        assertThat(d.get(COMPANY)).isEqualTo("Celtic Automation; Robotics Ltd");
        assertThat(d.get(JOB_TITLE)).isEqualTo("CTO, Co-founder");
        assertThat(d.get(WEBSITE)).isEqualTo("https://celtic-automation.ie");
        assertThat(d.get(STREET)).isEqualTo("12 Grand Canal Quay");
        assertThat(d.get(CITY)).isEqualTo("Dublin");
        assertThat(d.get(REGION)).isNull();
        assertThat(d.get(POSTAL_CODE)).isEqualTo("D02 X576");
        assertThat(d.get(COUNTRY)).isEqualTo("Ireland");
        assertThat(d.get(NOTES)).isEqualTo("Booth 7\\B follow-up: ask about AGVs");
    }

    @Test
    void mecardToleratesWhitespaceMissingTerminatorAndLinkedIn() {
        LeadDraft d = parser.parse(
                "  \n mecard:N:Doe,John;EMAIL:john@x.com;URL:https://www.linkedin.com/in/jdoe;ADR:1 Main St\\, Springfield  \n");
        assertThat(d.get(FIRST_NAME)).isEqualTo("John");
        assertThat(d.get(LAST_NAME)).isEqualTo("Doe");
        assertThat(d.get(EMAIL)).isEqualTo("john@x.com");
        assertThat(d.get(LINKEDIN_URL)).isEqualTo("https://www.linkedin.com/in/jdoe");
        assertThat(d.get(WEBSITE)).isNull();
        assertThat(d.get(STREET)).isEqualTo("1 Main St, Springfield");
    }

    @Test
    void mecardNameWithoutCommaIsSplitAsFullName() {
        LeadDraft d = parser.parse("MECARD:N:Jane Q. Public;ORG:Acme;;");
        assertThat(d.get(FIRST_NAME)).isEqualTo("Jane Q.");
        assertThat(d.get(LAST_NAME)).isEqualTo("Public");
        assertThat(d.get(COMPANY)).isEqualTo("Acme");
    }

    @Test
    void refusesOtherPayloads() {
        assertThatThrownBy(() -> parser.parse("https://example.com/badge/123"))
                .isInstanceOf(CaptureException.class)
                .hasMessage("badge payload is neither a vCard nor a MECARD");
        assertThatThrownBy(() -> parser.parse("   "))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> parser.parse(null))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void refusesVCardWithoutContent() {
        assertThatThrownBy(() -> parser.parse("BEGIN:VCARD\nVERSION:3.0\nEND:VCARD\n"))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("no contact fields");
        assertThatThrownBy(() -> parser.parse("BEGIN:VCARD garbage")).isInstanceOf(CaptureException.class);
    }

    @Test
    void splitFullNameHandlesCommaForms() {
        LeadDraft a = new LeadDraft();
        BadgeParser.splitFullName("Doe, Jane", a);
        assertThat(a.get(LeadField.FIRST_NAME)).isEqualTo("Jane");
        assertThat(a.get(LeadField.LAST_NAME)).isEqualTo("Doe");

        LeadDraft b = new LeadDraft();
        BadgeParser.splitFullName("Jane  Doe, PhD", b);
        assertThat(b.get(LeadField.FIRST_NAME)).isEqualTo("Jane");
        assertThat(b.get(LeadField.LAST_NAME)).isEqualTo("Doe");

        LeadDraft c = new LeadDraft();
        BadgeParser.splitFullName("Cher", c);
        assertThat(c.get(LeadField.FIRST_NAME)).isEqualTo("Cher");
        assertThat(c.get(LeadField.LAST_NAME)).isNull();
    }
}
