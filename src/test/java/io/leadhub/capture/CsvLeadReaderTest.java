package io.leadhub.capture;

import static io.leadhub.lead.LeadField.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadhub.lead.LeadDraft;
import io.leadhub.lead.LeadSource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CsvLeadReaderTest {

    /** Collects what the reader hands out. */
    static final class Collector implements CsvRowHandler {
        final Map<Integer, LeadDraft> rows = new LinkedHashMap<>();
        final Map<Integer, String> rejected = new LinkedHashMap<>();

        @Override
        public void row(int line, LeadDraft draft) {
            rows.put(line, draft);
        }

        @Override
        public void rejected(int line, String reason) {
            rejected.put(line, reason);
        }
    }

    private final CsvLeadReader reader = new CsvLeadReader();

    private static InputStream fixture(String name) {
        InputStream in = CsvLeadReaderTest.class.getResourceAsStream("/capture/" + name);
        assertThat(in).as(name).isNotNull();
        return in;
    }

    private Collector read(InputStream in) {
        Collector c = new Collector();
        reader.read(in, c);
        return c;
    }

    private Collector read(String csv) {
        return read(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void commaExportWithBomQuotedNewlinesAndLineNumbers() {
        Collector c = read(fixture("leads-comma-bom.csv"));

        assertThat(c.rejected).isEmpty();
        // header = 1; Jane spans 2-4; John = 5; blank line 6 and empty-cells line 7 skipped; Ana spans 8-9
        assertThat(c.rows.keySet()).containsExactly(2, 5, 8);

        LeadDraft jane = c.rows.get(2);
        assertThat(jane.source()).isEqualTo(LeadSource.CSV);
        assertThat(jane.get(FIRST_NAME))
                .as("BOM must not stick to the first header")
                .isEqualTo("Jane");
        assertThat(jane.get(EMAIL)).isEqualTo("jane@acme.com");
        assertThat(jane.get(COMPANY)).isEqualTo("Acme Robotics");
        assertThat(jane.get(JOB_TITLE)).isEqualTo("CTO");
        assertThat(jane.get(NOTES)).isEqualTo("Line one\r\nline two with \"quotes\"\r\nline three");
        assertThat(jane.qualifiers().get("Lead type")).containsExactly("Hot");
        assertThat(jane.qualifiers().get("Product interest")).containsExactly("Robots", "Drones");
        assertThat(jane.customFields()).containsEntry("Booth Rep", "Sam").containsEntry("Region Manager", "Kim");
        assertThat(jane.capturedAt()).isEqualTo(Instant.parse("2026-11-20T10:15:00Z"));

        LeadDraft john = c.rows.get(5);
        assertThat(john.get(COMPANY)).isEqualTo("Beta, Inc.");
        assertThat(john.get(EMAIL)).isEqualTo("JOHN.SMITH@Beta.io");
        assertThat(john.emailNorm()).isEqualTo("john.smith@beta.io");
        assertThat(john.get(JOB_TITLE)).isNull();
        assertThat(john.qualifiers()).containsOnlyKeys("Lead type");
        assertThat(john.customFields()).isEmpty();
        assertThat(john.capturedAt()).isEqualTo(Instant.parse("2026-11-20T10:20:00Z"));

        LeadDraft ana = c.rows.get(8);
        assertThat(ana.get(LAST_NAME)).isEqualTo("García");
        assertThat(ana.get(JOB_TITLE)).isEqualTo("Directora\r\nComercial");
        assertThat(ana.capturedAt()).isEqualTo(Instant.parse("2026-11-20T10:05:00Z"));
    }

    @Test
    void semicolonExportEuropeanStyle() {
        Collector c = new Collector();
        new CsvLeadReader("DE").read(fixture("leads-semicolon.csv"), c);

        assertThat(c.rejected).isEmpty();
        assertThat(c.rows.keySet()).containsExactly(2, 3);
        LeadDraft j = c.rows.get(2);
        assertThat(j.get(FIRST_NAME)).isEqualTo("Jürgen");
        assertThat(j.get(LAST_NAME)).isEqualTo("Müller");
        assertThat(j.get(EMAIL)).isEqualTo("j.mueller@stahlwerk.de");
        assertThat(j.get(COMPANY)).isEqualTo("Stahlwerk GmbH; Werk 2");
        assertThat(j.get(PHONE)).isEqualTo("+49211123456");
        assertThat(j.get(STREET)).isEqualTo("Königsallee 12");
        assertThat(j.get(POSTAL_CODE)).isEqualTo("40212");
        assertThat(j.get(CITY)).isEqualTo("Düsseldorf");
        assertThat(j.get(COUNTRY)).isEqualTo("Deutschland");
        assertThat(j.customFields()).containsExactly(Map.entry("Budget", "12.500,00"));

        LeadDraft claire = c.rows.get(3);
        assertThat(claire.get(PHONE)).isEqualTo("+33123456789");
        assertThat(claire.get(STREET)).isNull();
        assertThat(claire.customFields()).isEmpty();
    }

    @Test
    void rowsAreRejectedWithLineAndReasonAndTheImportGoesOn() {
        Collector c = read(fixture("leads-rejects.csv"));

        assertThat(c.rejected).containsOnlyKeys(2, 3, 4, 6);
        assertThat(c.rejected.get(2)).isEqualTo(CsvLeadReader.NO_IDENTITY);
        assertThat(c.rejected.get(3)).isEqualTo("invalid email 'foo@'");
        assertThat(c.rejected.get(4)).isEqualTo("'capturedAt' is not a timestamp: 'yesterday'");
        assertThat(c.rejected.get(6)).isEqualTo("the row has 6 cells but the header has 5 columns");

        assertThat(c.rows.keySet()).containsExactly(5, 7);
        LeadDraft norman = c.rows.get(5);
        assertThat(norman.get(FIRST_NAME)).isEqualTo("Norman");
        assertThat(norman.get(LAST_NAME)).isEqualTo("Osborn");
        assertThat(norman.get(PHONE)).isEqualTo("+12125550199");
        LeadDraft gwen = c.rows.get(7);
        assertThat(gwen.get(FIRST_NAME)).isEqualTo("Gwen");
        assertThat(gwen.get(LAST_NAME)).isEqualTo("Stacy");
    }

    @Test
    void tooLongValueIsRejected() {
        String csv = "email,company\nok@acme.com,Acme\nlong@acme.com," + "x".repeat(301) + "\n";
        Collector c = read(csv);
        assertThat(c.rows).containsOnlyKeys(2);
        assertThat(c.rejected).containsExactly(Map.entry(3, "'company' is longer than 300 characters"));
    }

    @Test
    void headerAliasesAreRecognised() {
        String csv = """
                fname,Surname,e_mail,Mobile,Organisation,Position,Web,linkedin profile,Address 1,Town,Province,ZIP Code,Country,Comments,Lead ID,Scan Time,Full Name
                Ada,Lovelace,ada@engine.org,+44 20 7946 0000,Analytical Engines,Countess,engine.org,linkedin.com/in/ada,12 St James's Sq,London,Greater London,SW1Y 4JH,UK,Poetical science,L-1,2026-11-20 09:30:15,Someone Else
                """;
        Collector c = read(csv);
        assertThat(c.rejected).isEmpty();
        LeadDraft d = c.rows.get(2);
        assertThat(d.get(FIRST_NAME)).isEqualTo("Ada");
        assertThat(d.get(LAST_NAME)).isEqualTo("Lovelace");
        assertThat(d.get(EMAIL)).isEqualTo("ada@engine.org");
        assertThat(d.get(PHONE)).isEqualTo("+442079460000");
        assertThat(d.get(COMPANY)).isEqualTo("Analytical Engines");
        assertThat(d.get(JOB_TITLE)).isEqualTo("Countess");
        assertThat(d.get(WEBSITE)).isEqualTo("https://engine.org");
        assertThat(d.get(LINKEDIN_URL)).isEqualTo("https://linkedin.com/in/ada");
        assertThat(d.get(STREET)).isEqualTo("12 St James's Sq");
        assertThat(d.get(CITY)).isEqualTo("London");
        assertThat(d.get(REGION)).isEqualTo("Greater London");
        assertThat(d.get(POSTAL_CODE)).isEqualTo("SW1Y 4JH");
        assertThat(d.get(COUNTRY)).isEqualTo("UK");
        assertThat(d.get(NOTES)).isEqualTo("Poetical science");
        assertThat(d.captureId()).isEqualTo("L-1");
        assertThat(d.capturedAt()).isEqualTo(Instant.parse("2026-11-20T09:30:15Z"));
        assertThat(d.customFields())
                .as("full name is only used when first/last are empty")
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"First Name", "first_name", "firstName", "FirstName", "Given Name", "fname", "FIRST-NAME"})
    void firstNameSpellings(String header) {
        assertThat(CsvLeadReader.classify(header)).isEqualTo(CsvLeadReader.Target.field(FIRST_NAME));
    }

    @Test
    void headerClassification() {
        assertThat(CsvLeadReader.classify("E-mail")).isEqualTo(CsvLeadReader.Target.field(EMAIL));
        assertThat(CsvLeadReader.classify("work email")).isEqualTo(CsvLeadReader.Target.field(EMAIL));
        assertThat(CsvLeadReader.classify("Telephone")).isEqualTo(CsvLeadReader.Target.field(PHONE));
        assertThat(CsvLeadReader.classify("Account")).isEqualTo(CsvLeadReader.Target.field(COMPANY));
        assertThat(CsvLeadReader.classify("Role")).isEqualTo(CsvLeadReader.Target.field(JOB_TITLE));
        assertThat(CsvLeadReader.classify("Company Website")).isEqualTo(CsvLeadReader.Target.field(WEBSITE));
        assertThat(CsvLeadReader.classify("Postcode")).isEqualTo(CsvLeadReader.Target.field(POSTAL_CODE));
        assertThat(CsvLeadReader.classify("capture_id").kind()).isEqualTo(CsvLeadReader.Kind.CAPTURE_ID);
        assertThat(CsvLeadReader.classify("Timestamp").kind()).isEqualTo(CsvLeadReader.Kind.CAPTURED_AT);
        assertThat(CsvLeadReader.classify("Name").kind()).isEqualTo(CsvLeadReader.Kind.FULL_NAME);
        assertThat(CsvLeadReader.classify("qualifier: Badge Color"))
                .isEqualTo(new CsvLeadReader.Target(CsvLeadReader.Kind.QUALIFIER, null, "Badge Color"));
        assertThat(CsvLeadReader.classify("Q:Interest"))
                .isEqualTo(new CsvLeadReader.Target(CsvLeadReader.Kind.QUALIFIER, null, "Interest"));
        assertThat(CsvLeadReader.classify("CUSTOM: Email Opt-in"))
                .isEqualTo(new CsvLeadReader.Target(CsvLeadReader.Kind.CUSTOM, null, "Email Opt-in"));
        assertThat(CsvLeadReader.classify("Favourite Colour"))
                .isEqualTo(new CsvLeadReader.Target(CsvLeadReader.Kind.CUSTOM, null, "Favourite Colour"));
    }

    @Test
    void fullNameIsSplitWhenNoFirstOrLastColumn() {
        Collector c = read("Name,Company\nGrace Brewster Hopper,US Navy\n");
        LeadDraft d = c.rows.get(2);
        assertThat(d.get(FIRST_NAME)).isEqualTo("Grace Brewster");
        assertThat(d.get(LAST_NAME)).isEqualTo("Hopper");
    }

    @Test
    void tabDelimitedAndCrOnlyLineEndings() {
        Collector c = read("Email\tCompany\rtab@example.com\tTabs Inc\r\rsecond@example.com\tX\r");
        assertThat(c.rows.keySet()).containsExactly(2, 4);
        assertThat(c.rows.get(2).get(COMPANY)).isEqualTo("Tabs Inc");
    }

    @Test
    void tieBetweenCommaAndSemicolonGoesToComma() {
        Collector c = read("Email,Notes;Extra\na@b.co,x;y\n");
        assertThat(c.rows.get(2).get(EMAIL)).isEqualTo("a@b.co");
        assertThat(c.rows.get(2).customFields()).containsExactly(Map.entry("Notes;Extra", "x;y"));
    }

    @Test
    void duplicateHeaderIsRefused() {
        assertThatThrownBy(() -> read("Email,Company,E-Mail\na@b.co,X,c@d.co\n"))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("duplicate")
                .hasMessageContaining("'Email'")
                .hasMessageContaining("'E-Mail'");
        assertThatThrownBy(() -> read("Email,Title,Job Title\n"))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("duplicate");
    }

    @Test
    void fileWithoutUsableHeaderIsRefused() {
        assertThatThrownBy(() -> read("")).isInstanceOf(CaptureException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> read("\n\r\n  \n"))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> read(new ByteArrayInputStream(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF})))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> read("foo,bar\n1,2\n"))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("no recognisable");
        assertThatThrownBy(() -> read(",,,\n,,,\n"))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("no header row");
    }

    @Test
    void binaryUploadsAreRefusedBeforeAnyRow() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D, 'I', 'H', 'D', 'R'};
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 6, 0, 8, 0, 0, 0, 33, 0};
        for (byte[] bytes : List.of(png, zip)) {
            Collector c = new Collector();
            assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(bytes), c))
                    .isInstanceOf(CaptureException.class)
                    .hasMessageStartingWith("the upload is not a UTF-8 CSV file");
            assertThat(c.rows).isEmpty();
            assertThat(c.rejected).isEmpty();
        }
    }

    @Test
    void latin1FileIsRefusedBeforeAnyRow() {
        byte[] latin1 = "Vorname;Nachname;E-Mail\nJürgen;Müller;jm@x.de\n".getBytes(StandardCharsets.ISO_8859_1);
        Collector c = new Collector();
        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(latin1), c))
                .isInstanceOf(CaptureException.class)
                .hasMessageStartingWith("the upload is not a UTF-8 CSV file");
        assertThat(c.rows).isEmpty();
    }

    @Test
    void nulByteWithinFirst8KiBIsRefused() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("Email,Company\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 100; i++)
            out.writeBytes(("u" + i + "@example.com,Acme\n").getBytes(StandardCharsets.UTF_8));
        out.write(0);
        Collector c = new Collector();
        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(out.toByteArray()), c))
                .isInstanceOf(CaptureException.class)
                .hasMessageStartingWith("the upload is not a UTF-8 CSV file");
        assertThat(c.rows).isEmpty();
    }

    @Test
    void invalidUtf8LaterInTheFileFails() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("Email,Company\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 2000; i++)
            out.writeBytes(("u" + i + "@example.com,Acme\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes("late@example.com,M".getBytes(StandardCharsets.UTF_8));
        out.write(0xFC); // Latin-1 'ü'
        out.writeBytes("ller AG\n".getBytes(StandardCharsets.UTF_8));
        Collector c = new Collector();
        assertThatThrownBy(() -> reader.read(new ByteArrayInputStream(out.toByteArray()), c))
                .isInstanceOf(CaptureException.class)
                .hasMessageStartingWith("the upload is not a UTF-8 CSV file");
    }

    @Test
    void unterminatedQuoteIsAMalformedFile() {
        assertThatThrownBy(() -> read("Email,Notes\na@b.co,\"never closed\nmore\n"))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("line 2");
    }

    @Test
    void endlessQuotedFieldIsCutOff() {
        InputStream endless = new SequenceInputStream(
                new ByteArrayInputStream("Email,Notes\na@b.co,ok\nb@c.co,\"".getBytes(StandardCharsets.UTF_8)),
                new InputStream() {
                    @Override
                    public int read() {
                        return 'x';
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        Arrays.fill(b, off, off + len, (byte) 'x');
                        return len;
                    }
                });
        Collector c = new Collector();
        assertThatThrownBy(() -> reader.read(endless, c))
                .isInstanceOf(CaptureException.class)
                .hasMessageContaining("record starting at line 3 is longer than");
        assertThat(c.rows).containsOnlyKeys(2);
    }

    @Test
    void readFailureOfTheUploadIsNotACaptureError() {
        InputStream failing = new SequenceInputStream(
                new ByteArrayInputStream("Email\na@b.co\n".getBytes(StandardCharsets.UTF_8)), new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("connection reset");
                    }
                });
        assertThatThrownBy(() -> read(failing))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("connection reset");
    }

    @Test
    void streamsAHundredThousandRows() {
        int rows = 100_000;
        int[] count = {0};
        int[] lastLine = {0};
        List<String> rejected = new ArrayList<>();
        reader.read(new GeneratedCsv(rows), new CsvRowHandler() {
            @Override
            public void row(int line, LeadDraft d) {
                if (count[0] == 0) assertThat(d.get(EMAIL)).isEqualTo("user0@example.com");
                count[0]++;
                lastLine[0] = line;
            }

            @Override
            public void rejected(int line, String reason) {
                rejected.add(line + ": " + reason);
            }
        });
        assertThat(rejected).isEmpty();
        assertThat(count[0]).isEqualTo(rows);
        assertThat(lastLine[0]).isEqualTo(rows + 1);
    }

    /** Produces a CSV lazily, one row at a time, without building it in memory. */
    static final class GeneratedCsv extends InputStream {
        private final int rows;
        private int next = -1; // -1 = header
        private byte[] current = new byte[0];
        private int pos;

        GeneratedCsv(int rows) {
            this.rows = rows;
        }

        @Override
        public int read() {
            if (pos == current.length && !advance()) return -1;
            return current[pos++] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) return 0;
            if (pos == current.length && !advance()) return -1;
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean advance() {
            if (next >= rows) return false;
            String line = next < 0
                    ? "First Name,Last Name,Email,Company,Notes\n"
                    : "First" + next + ",Last" + next + ",user" + next + "@example.com,Company " + (next % 97)
                            + ",\"Row " + next + ", generated\"\n";
            next++;
            current = line.getBytes(StandardCharsets.UTF_8);
            pos = 0;
            return true;
        }
    }
}
