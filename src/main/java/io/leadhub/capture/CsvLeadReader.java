package io.leadhub.capture;

import io.leadhub.lead.LeadDraft;
import io.leadhub.lead.LeadField;
import io.leadhub.lead.LeadSource;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.FilterReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Streaming bulk CSV import. Records are parsed one at a time from the stream, so the size of the
 * upload does not matter. UTF-8 (with or without BOM) only, comma / semicolon / tab delimited (detected
 * from the header line), with a header row whose common spellings are recognised (see {@link #ALIASES}).
 *
 * <p>A file that cannot be read as a CSV at all (binary, not UTF-8, no header, duplicate columns,
 * malformed quoting) raises a {@link CaptureException}; a bad row is reported to
 * {@link CsvRowHandler#rejected} and the import goes on.
 */
public class CsvLeadReader {

    /** Bytes inspected up front to refuse binary uploads before any row is handed out. */
    static final int SNIFF_BYTES = 8192;
    /** Longest header line accepted. */
    static final int MAX_HEADER_CHARS = 64 * 1024;
    /** Longest record accepted (guards against an unterminated quote swallowing the file). */
    static final int MAX_RECORD_CHARS = 1_000_000;

    static final String NO_IDENTITY = "no usable identity: needs an email, or a name with a company or phone";

    /** Normalized header (lower-case letters and digits only) to what the column holds. */
    static final Map<String, Target> ALIASES = aliases();

    private static final DateTimeFormatter LOCAL_TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart()
            .appendLiteral(' ')
            .optionalEnd()
            .optionalStart()
            .appendLiteral('T')
            .optionalEnd()
            .appendPattern("HH:mm")
            .optionalStart()
            .appendPattern(":ss")
            .optionalEnd()
            .optionalStart()
            .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
            .optionalEnd()
            .toFormatter(Locale.ROOT);

    private final String defaultRegion;
    private final LeadValidation validation = new LeadValidation();

    /** Phone numbers without a country code are kept as written. */
    public CsvLeadReader() {
        this(null);
    }

    /** @param defaultRegion region for phone numbers without a country code (e.g. "US"), or null */
    public CsvLeadReader(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    public void read(InputStream in, CsvRowHandler handler) {
        try (Cursor cursor = open(in)) {
            while (cursor.next(handler)) {
                // each call hands one record to the handler
            }
        }
    }

    /**
     * Checks the start of the upload (binary, UTF-8, empty), detects the delimiter and reads the
     * header; the records follow one at a time from {@link Cursor#next} (or {@link Cursor#skip}).
     * A {@link CaptureException} for a file that cannot be read as a CSV.
     */
    public Cursor open(InputStream in) {
        BufferedInputStream bytes = new BufferedInputStream(new SourceStream(in), SNIFF_BYTES * 2);
        int bom = sniff(bytes);
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            if (bom > 0 && bytes.skip(bom) != bom) throw new IOException("could not skip the byte order mark");
            BufferedReader text = new BufferedReader(new InputStreamReader(bytes, decoder), SNIFF_BYTES);
            char delimiter = detectDelimiter(text);
            RecordLimit limited = new RecordLimit(text);
            CSVFormat format = CSVFormat.DEFAULT
                    .builder()
                    .setDelimiter(delimiter)
                    .setIgnoreEmptyLines(false)
                    .setIgnoreSurroundingSpaces(false)
                    .setTrim(false)
                    .get();
            Cursor cursor = new Cursor(CSVParser.parse(limited, format), limited);
            cursor.readHeader();
            return cursor;
        } catch (IOException e) {
            throw translate(e, -1);
        }
    }

    // ---------------------------------------------------------------- sniffing

    /** Refuses binary and non-UTF-8 uploads from their first bytes; answers the length of the BOM to skip. */
    private static int sniff(BufferedInputStream bytes) {
        byte[] head = new byte[SNIFF_BYTES];
        int n = 0;
        try {
            bytes.mark(SNIFF_BYTES + 1);
            int r;
            while (n < head.length && (r = bytes.read(head, n, head.length - n)) > 0) n += r;
            bytes.reset();
        } catch (IOException e) {
            throw translate(e, -1);
        }
        int bom = n >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF ? 3 : 0;
        for (int i = 0; i < n; i++) {
            if (head[i] == 0)
                throw new CaptureException("the upload is not a UTF-8 CSV file (it contains binary data)");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(SNIFF_BYTES);
        boolean whole = n < SNIFF_BYTES;
        CoderResult result = decoder.decode(ByteBuffer.wrap(head, bom, n - bom), out, whole);
        if (result.isError()) {
            throw new CaptureException("the upload is not a UTF-8 CSV file (invalid UTF-8 bytes near the start)");
        }
        if (whole) {
            out.flip();
            if (out.toString().isBlank()) throw new CaptureException("the CSV file is empty");
        }
        return bom;
    }

    /**
     * Counts ',', ';' and tab outside quotes on the first non-blank line and leaves the reader where it was.
     * The most frequent wins; a tie goes to ','.
     */
    static char detectDelimiter(BufferedReader text) throws IOException {
        text.mark(MAX_HEADER_CHARS + 1);
        int commas = 0, semicolons = 0, tabs = 0, read = 0;
        boolean quoted = false, content = false;
        int c;
        while ((c = text.read()) != -1) {
            if (++read > MAX_HEADER_CHARS)
                throw new CaptureException("the CSV header line is longer than " + MAX_HEADER_CHARS + " characters");
            if (c == '"') {
                quoted = !quoted;
                content = true;
            } else if (quoted) {
                continue;
            } else if (c == '\n' || c == '\r') {
                if (content) break;
            } else if (c == ',') {
                commas++;
                content = true;
            } else if (c == ';') {
                semicolons++;
                content = true;
            } else if (c == '\t') {
                tabs++;
            } else if (!Character.isWhitespace(c)) {
                content = true;
            }
        }
        text.reset();
        if (tabs > commas && tabs > semicolons) return '\t';
        return semicolons > commas ? ';' : ',';
    }

    // ---------------------------------------------------------------- records

    /**
     * The records of an upload after its header, read one at a time. Blank records are passed over;
     * every other record counts, whether it becomes a row or a rejection, so the number of records
     * read is a position from which a later reading of the same bytes can go on ({@link #skip}).
     */
    public final class Cursor implements AutoCloseable {
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;
        private final RecordLimit limited;
        private Column[] columns;
        private int line;

        private Cursor(CSVParser parser, RecordLimit limited) {
            this.parser = parser;
            this.records = parser.iterator();
            this.limited = limited;
        }

        private void readHeader() {
            CSVRecord header = nextRecord();
            if (header == null) throw new CaptureException("the CSV file has no header row");
            columns = header(header);
        }

        /** Hands the next record to {@code handler} (a row or a rejection); false at the end of the file. */
        public boolean next(CsvRowHandler handler) {
            CSVRecord record = nextRecord();
            if (record == null) return false;
            readRow(line, record, columns, handler);
            return true;
        }

        /**
         * Passes over the next record without reading its fields (its syntax is still checked: quoting,
         * UTF-8, length); false at the end of the file.
         */
        public boolean skip() {
            return nextRecord() != null;
        }

        /** Closes the parser and with it the upload's stream. */
        @Override
        public void close() {
            try {
                parser.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The next non-blank record, or null at the end. */
        private CSVRecord nextRecord() {
            while (true) {
                line = (int) parser.getCurrentLineNumber() + 1;
                CSVRecord record;
                try {
                    limited.startRecord();
                    if (!records.hasNext()) return null;
                    record = records.next();
                } catch (UncheckedIOException e) {
                    throw translate(e.getCause(), line);
                }
                if (!isBlank(record)) return record;
            }
        }
    }

    private void readRow(int line, CSVRecord record, Column[] columns, CsvRowHandler handler) {
        List<String> problems = new ArrayList<>();
        for (int i = columns.length; i < record.size(); i++) {
            if (!record.get(i).isBlank()) {
                handler.rejected(
                        line,
                        "the row has " + record.size() + " cells but the header has " + columns.length + " columns");
                return;
            }
        }
        LeadDraft d = new LeadDraft().source(LeadSource.CSV);
        String fullName = null;
        for (int i = 0; i < columns.length && i < record.size(); i++) {
            Column col = columns[i];
            String value = record.get(i);
            if (value.isBlank()) continue;
            switch (col.target.kind) {
                case FIELD -> d.set(col.target.field, value);
                case CAPTURE_ID -> d.captureId(value);
                case CAPTURED_AT -> {
                    Instant at = parseTimestamp(value.strip());
                    if (at == null)
                        problems.add(
                                "'capturedAt' is not a timestamp: '" + LeadValidation.abbreviate(value.strip()) + "'");
                    else d.capturedAt(at);
                }
                case FULL_NAME -> fullName = value;
                case QUALIFIER -> {
                    for (String option : value.split("\\|")) d.qualifier(col.target.name, option);
                }
                case CUSTOM -> d.custom(col.target.name, value);
                case IGNORED -> {}
            }
        }
        if (fullName != null && d.get(LeadField.FIRST_NAME) == null && d.get(LeadField.LAST_NAME) == null) {
            BadgeParser.splitFullName(fullName, d);
        }
        problems.addAll(validation.validateAndNormalize(d, defaultRegion));
        if (!d.hasUsableIdentity()) problems.add(NO_IDENTITY);
        if (problems.isEmpty()) handler.row(line, d);
        else handler.rejected(line, String.join("; ", problems));
    }

    /** ISO-8601 with a zone, or {@code yyyy-MM-dd HH:mm[:ss]} taken as UTC; null when neither. */
    static Instant parseTimestamp(String s) {
        try {
            return JsonLeadReader.parseInstant(s, "capturedAt");
        } catch (CaptureException e) {
            try {
                return LocalDateTime.parse(s, LOCAL_TIMESTAMP).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static boolean isBlank(CSVRecord record) {
        for (String v : record) if (!v.isBlank()) return false;
        return true;
    }

    // ---------------------------------------------------------------- header

    enum Kind {
        FIELD,
        CAPTURE_ID,
        CAPTURED_AT,
        FULL_NAME,
        QUALIFIER,
        CUSTOM,
        IGNORED
    }

    /** What a column holds: a lead field, a qualifier or custom field by name, or a special column. */
    record Target(Kind kind, LeadField field, String name) {
        static Target field(LeadField f) {
            return new Target(Kind.FIELD, f, null);
        }

        static Target of(Kind k) {
            return new Target(k, null, null);
        }

        String key() {
            return switch (kind) {
                case FIELD -> "field:" + field;
                case QUALIFIER, CUSTOM -> kind + ":" + name.toLowerCase(Locale.ROOT);
                default -> kind.name();
            };
        }

        String describe() {
            return switch (kind) {
                case FIELD -> field.apiName();
                case CAPTURE_ID -> "capture id";
                case CAPTURED_AT -> "capturedAt";
                case FULL_NAME -> "full name";
                case QUALIFIER -> "qualifier '" + name + "'";
                case CUSTOM -> "custom field '" + name + "'";
                case IGNORED -> "nothing";
            };
        }
    }

    record Column(String header, Target target) {}

    static Column[] header(CSVRecord record) {
        Column[] columns = new Column[record.size()];
        Map<String, String> seen = new HashMap<>();
        boolean recognised = false;
        for (int i = 0; i < columns.length; i++) {
            String raw = record.get(i).strip();
            Target t = classify(raw);
            columns[i] = new Column(raw, t);
            if (t.kind == Kind.IGNORED) continue;
            String previous = seen.putIfAbsent(t.key(), raw);
            if (previous != null) {
                throw new CaptureException(
                        "duplicate CSV columns '" + previous + "' and '" + raw + "' (both are " + t.describe() + ")");
            }
            if (t.kind == Kind.FIELD || t.kind == Kind.FULL_NAME) recognised = true;
        }
        if (!recognised) {
            throw new CaptureException("the CSV header has no recognisable lead column (expected e.g. "
                    + "First Name, Last Name, Email, Company)");
        }
        return columns;
    }

    static Target classify(String header) {
        if (header.isEmpty()) return Target.of(Kind.IGNORED);
        String prefixed = stripPrefix(header, "qualifier:");
        if (prefixed == null) prefixed = stripPrefix(header, "q:");
        if (prefixed != null) {
            return prefixed.isEmpty() ? Target.of(Kind.IGNORED) : new Target(Kind.QUALIFIER, null, prefixed);
        }
        String custom = stripPrefix(header, "custom:");
        if (custom != null) return custom.isEmpty() ? Target.of(Kind.IGNORED) : new Target(Kind.CUSTOM, null, custom);
        Target t = ALIASES.get(normalize(header));
        return t != null ? t : new Target(Kind.CUSTOM, null, header);
    }

    private static String stripPrefix(String header, String prefix) {
        return header.regionMatches(true, 0, prefix, 0, prefix.length())
                ? header.substring(prefix.length()).strip()
                : null;
    }

    /** Lower-case letters and digits only: "E-mail Address" gives "emailaddress". */
    static String normalize(String header) {
        StringBuilder b = new StringBuilder(header.length());
        header.codePoints()
                .filter(Character::isLetterOrDigit)
                .map(Character::toLowerCase)
                .forEach(b::appendCodePoint);
        return b.toString();
    }

    private static Map<String, Target> aliases() {
        Map<String, Target> m = new LinkedHashMap<>();
        alias(
                m,
                Target.field(LeadField.FIRST_NAME),
                "First Name",
                "first_name",
                "firstName",
                "Given Name",
                "fname",
                "Forename",
                "First");
        alias(
                m,
                Target.field(LeadField.LAST_NAME),
                "Last Name",
                "last_name",
                "lastName",
                "Surname",
                "Family Name",
                "lname",
                "Last");
        alias(
                m,
                Target.field(LeadField.EMAIL),
                "Email",
                "E-mail",
                "Email Address",
                "E-mail Address",
                "e_mail",
                "Work Email",
                "Business Email",
                "Mail");
        alias(
                m,
                Target.field(LeadField.PHONE),
                "Phone",
                "Phone Number",
                "Mobile",
                "Mobile Phone",
                "Mobile Number",
                "Cell",
                "Cell Phone",
                "Tel",
                "Telephone",
                "Work Phone",
                "Business Phone");
        alias(
                m,
                Target.field(LeadField.COMPANY),
                "Company",
                "Company Name",
                "Organization",
                "Organisation",
                "Organization Name",
                "Org",
                "Account",
                "Account Name",
                "Employer");
        alias(m, Target.field(LeadField.JOB_TITLE), "Job Title", "Title", "Position", "Role", "Job Role");
        alias(m, Target.field(LeadField.WEBSITE), "Website", "Web Site", "Web", "URL", "Company Website", "Homepage");
        alias(
                m,
                Target.field(LeadField.LINKEDIN_URL),
                "LinkedIn",
                "LinkedIn URL",
                "LinkedIn Profile",
                "LinkedIn Profile URL");
        alias(m, Target.field(LeadField.STREET), "Street", "Street Address", "Address", "Address 1", "Address Line 1");
        alias(m, Target.field(LeadField.CITY), "City", "Town");
        alias(m, Target.field(LeadField.REGION), "State", "Region", "Province", "State/Province", "County");
        alias(
                m,
                Target.field(LeadField.POSTAL_CODE),
                "Zip",
                "ZIP Code",
                "Zipcode",
                "Postal Code",
                "Postcode",
                "Post Code");
        alias(m, Target.field(LeadField.COUNTRY), "Country", "Country Name");
        alias(m, Target.field(LeadField.NOTES), "Notes", "Note", "Comments", "Comment");
        // common German and French spellings (semicolon exports from European spreadsheets)
        alias(m, Target.field(LeadField.FIRST_NAME), "Vorname", "Prénom", "Prenom");
        alias(m, Target.field(LeadField.LAST_NAME), "Nachname", "Familienname", "Nom");
        alias(m, Target.field(LeadField.PHONE), "Telefon", "Telefonnummer", "Mobil", "Handy", "Téléphone");
        alias(m, Target.field(LeadField.COMPANY), "Firma", "Unternehmen", "Société", "Entreprise");
        alias(m, Target.field(LeadField.STREET), "Straße", "Strasse", "Adresse", "Rue");
        alias(m, Target.field(LeadField.CITY), "Ort", "Stadt", "Ville");
        alias(m, Target.field(LeadField.REGION), "Bundesland");
        alias(m, Target.field(LeadField.POSTAL_CODE), "PLZ", "Postleitzahl", "Code Postal");
        alias(m, Target.field(LeadField.COUNTRY), "Land", "Pays");
        alias(m, Target.field(LeadField.NOTES), "Notiz", "Notizen", "Bemerkung", "Bemerkungen");
        alias(m, Target.of(Kind.CAPTURE_ID), "Capture ID", "capture_id", "captureId", "Lead ID");
        alias(
                m,
                Target.of(Kind.CAPTURED_AT),
                "Captured At",
                "captured_at",
                "Capture Time",
                "Scan Time",
                "Scanned At",
                "Timestamp");
        alias(m, Target.of(Kind.FULL_NAME), "Full Name", "Name", "Contact Name", "Contact");
        return Collections.unmodifiableMap(m);
    }

    private static void alias(Map<String, Target> m, Target target, String... spellings) {
        for (String s : spellings) {
            Target old = m.put(normalize(s), target);
            if (old != null && !old.equals(target)) throw new IllegalStateException("alias clash: " + s);
        }
    }

    // ---------------------------------------------------------------- errors and streams

    private static RuntimeException translate(Throwable e, int line) {
        String where = line > 0 ? " near line " + line : "";
        if (e instanceof CharacterCodingException) {
            return new CaptureException("the upload is not a UTF-8 CSV file (invalid UTF-8 bytes" + where + ")");
        }
        if (e instanceof RecordTooLongException) {
            return new CaptureException("the record starting at line " + line + " is longer than " + MAX_RECORD_CHARS
                    + " characters (unterminated quote?)");
        }
        if (e instanceof SourceIOException s) return new UncheckedIOException(s.getCause());
        if (e instanceof IOException io) {
            return new CaptureException("malformed CSV" + where + ": " + io.getMessage());
        }
        if (e instanceof RuntimeException r) return r;
        return new IllegalStateException(e);
    }

    /** Marks I/O failures of the upload itself, as opposed to content the parser cannot read. */
    private static final class SourceIOException extends IOException {
        SourceIOException(IOException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private static final class SourceStream extends FilterInputStream {
        SourceStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw new SourceIOException(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw new SourceIOException(e);
            }
        }
    }

    private static final class RecordTooLongException extends IOException {
        RecordTooLongException() {
            super("record too long");
        }
    }

    /** Fails when a single record pulls more than {@link #MAX_RECORD_CHARS} characters. */
    private static final class RecordLimit extends FilterReader {
        private long count;

        RecordLimit(Reader in) {
            super(in);
        }

        void startRecord() {
            count = 0;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0 && ++count > MAX_RECORD_CHARS) throw new RecordTooLongException();
            return c;
        }

        @Override
        public int read(char[] cbuf, int off, int len) throws IOException {
            int n = super.read(cbuf, off, len);
            if (n > 0 && (count += n) > MAX_RECORD_CHARS) throw new RecordTooLongException();
            return n;
        }
    }
}
