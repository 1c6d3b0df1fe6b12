package io.leadhub.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.HubTest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The capture API over HTTP (SPEC §4, §13): JSON, badge and CSV capture, idempotency on the
 * capture id, and the 4xx answers for bad input, which must store nothing.
 */
class CaptureApiTest extends HubTest {

    private static final MediaType TEXT = MediaType.TEXT_PLAIN;
    private static final MediaType CSV = MediaType.valueOf("text/csv");

    @BeforeEach
    void resetSimulators() {
        sandbox(HttpMethod.POST, "/enrichment/_reset", null);
    }

    // ---------------------------------------------------------------- JSON

    @Test
    void jsonCaptureIsCreatedOnceAndARepeatMergesNewQualifierValues() {
        String org = newOrg(false);
        Map<String, Object> lead = Map.of(
                "captureId",
                "app-1",
                "firstName",
                "Nora",
                "lastName",
                "Quinn",
                "email",
                "Nora.Quinn@Vandelay.com",
                "company",
                "Vandelay Industries",
                "qualifiers",
                Map.of("Lead type", "Hot", "Product interest", List.of("Robots")));

        ResponseEntity<JsonNode> first = captureJson(org, lead);
        assertThat(first.getStatusCode().value()).isEqualTo(201);
        JsonNode body = first.getBody();
        long id = body.path("id").asLong();
        assertThat(id).isPositive();
        assertThat(body.path("captureId").asText()).isEqualTo("app-1");
        assertThat(body.path("eventId").asText()).isEqualTo("expo");
        assertThat(body.path("fields").path("firstName").asText()).isEqualTo("Nora");
        assertThat(body.path("fields").path("lastName").asText()).isEqualTo("Quinn");
        assertThat(body.path("fields").path("email").asText()).isEqualToIgnoringCase("nora.quinn@vandelay.com");
        assertThat(body.path("fields").path("company").asText()).isEqualTo("Vandelay Industries");
        assertThat(texts(body.path("qualifiers").path("Lead type"))).containsExactly("Hot");
        assertThat(texts(body.path("qualifiers").path("Product interest"))).containsExactly("Robots");
        assertThat(body.path("scanCount").asInt()).isEqualTo(1);

        ResponseEntity<JsonNode> again = captureJson(org, lead);
        assertThat(again.getStatusCode().value()).as("repeated capture id").isEqualTo(200);
        assertThat(again.getBody().path("id").asLong()).isEqualTo(id);
        assertThat(leadCount(org)).isEqualTo(1);

        ResponseEntity<JsonNode> more = captureJson(
                org,
                Map.of(
                        "captureId",
                        "app-1",
                        "email",
                        "nora.quinn@vandelay.com",
                        "qualifiers",
                        Map.of("Product interest", List.of("Drones"))));
        assertThat(more.getStatusCode().value()).isEqualTo(200);
        assertThat(more.getBody().path("id").asLong()).isEqualTo(id);
        assertThat(texts(more.getBody().path("qualifiers").path("Product interest")))
                .containsExactlyInAnyOrder("Robots", "Drones");
        assertThat(texts(more.getBody().path("qualifiers").path("Lead type"))).containsExactly("Hot");
        assertThat(more.getBody().path("fields").path("firstName").asText())
                .as("kept")
                .isEqualTo("Nora");
        assertThat(leadCount(org)).isEqualTo(1);

        JsonNode stored = send(HttpMethod.GET, api("/orgs/" + org + "/leads/" + id), OPERATOR, null)
                .getBody();
        assertThat(texts(stored.path("qualifiers").path("Product interest")))
                .containsExactlyInAnyOrder("Robots", "Drones");
        awaitSettled(org);
    }

    // ---------------------------------------------------------------- badge

    @Test
    void vCardBadgeIsParsedAndTheSameBadgeTwiceIsOneLeadScannedTwice() {
        String org = newOrg(false);
        String vcard = """
                BEGIN:VCARD
                VERSION:3.0
                N:Okafor;Sam;;;
                FN:Sam Okafor
                ORG:Stark Industries
                TITLE:Director of Operations
                EMAIL;TYPE=INTERNET,WORK:sam.okafor@stark-industries.com
                TEL;TYPE=WORK:+1 310 555 0178
                END:VCARD
                """.replace("\n", "\r\n");

        ResponseEntity<JsonNode> first = badge(org, vcard);
        assertThat(first.getStatusCode().value()).isEqualTo(201);
        JsonNode fields = first.getBody().path("fields");
        assertThat(fields.path("firstName").asText()).isEqualTo("Sam");
        assertThat(fields.path("lastName").asText()).isEqualTo("Okafor");
        assertThat(fields.path("email").asText()).isEqualTo("sam.okafor@stark-industries.com");
        assertThat(fields.path("company").asText()).isEqualTo("Stark Industries");
        assertThat(fields.path("jobTitle").asText()).isEqualTo("Director of Operations");
        assertThat(fields.path("phone").asText()).isEqualTo("+13105550178");
        assertThat(first.getBody().path("source").asText()).isEqualTo("BADGE_SCAN");

        ResponseEntity<JsonNode> second = badge(org, vcard);
        assertThat(second.getStatusCode().value()).isEqualTo(200);
        assertThat(second.getBody().path("id").asLong())
                .isEqualTo(first.getBody().path("id").asLong());
        assertThat(second.getBody().path("scanCount").asInt()).isEqualTo(2);
        assertThat(leadCount(org)).isEqualTo(1);
        awaitSettled(org);
    }

    @Test
    void mecardBadgeIsParsedAndTheSameBadgeTwiceIsOneLeadScannedTwice() {
        String org = newOrg(false);
        String mecard =
                "MECARD:N:Silva,Ana;ORG:Soylent;EMAIL:ana.silva@soylent.co;TEL:+13235550167;TITLE:Supply Chain Manager;;";

        ResponseEntity<JsonNode> first = badge(org, mecard);
        assertThat(first.getStatusCode().value()).isEqualTo(201);
        JsonNode fields = first.getBody().path("fields");
        assertThat(fields.path("firstName").asText()).isEqualTo("Ana");
        assertThat(fields.path("lastName").asText()).isEqualTo("Silva");
        assertThat(fields.path("email").asText()).isEqualTo("ana.silva@soylent.co");
        assertThat(fields.path("company").asText()).isEqualTo("Soylent");
        assertThat(fields.path("jobTitle").asText()).isEqualTo("Supply Chain Manager");

        ResponseEntity<JsonNode> second = badge(org, mecard);
        assertThat(second.getStatusCode().value()).isEqualTo(200);
        assertThat(second.getBody().path("id").asLong())
                .isEqualTo(first.getBody().path("id").asLong());
        assertThat(second.getBody().path("scanCount").asInt()).isEqualTo(2);
        assertThat(leadCount(org)).isEqualTo(1);
        awaitSettled(org);
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void malformedJsonIs400AndStoresNothing() {
        String org = newOrg(false);
        ResponseEntity<JsonNode> r = send(
                HttpMethod.POST,
                captureUrl(org, "expo"),
                OPERATOR,
                "{\"email\": \"a@b.com\",",
                MediaType.APPLICATION_JSON);
        assertError(r, 400, "not valid JSON");
        assertThat(r.getBody().path("error").asText()).isEqualTo("malformed_json");
        assertThat(leadCount(org)).isZero();
    }

    @Test
    void unknownJsonFieldIs400AndStoresNothing() {
        String org = newOrg(false);
        ResponseEntity<JsonNode> r = captureJson(org, Map.of("email", "x@vandelay.com", "favouriteColour", "green"));
        assertError(r, 400, "unknown field 'favouriteColour'");
        assertThat(leadCount(org)).isZero();
    }

    @Test
    void unknownEventIs404AndStoresNothing() {
        String org = newOrg(false);
        ResponseEntity<JsonNode> r =
                send(HttpMethod.POST, captureUrl(org, "no-such-event"), OPERATOR, Map.of("email", "x@vandelay.com"));
        assertError(r, 404, "event 'no-such-event' not found");
        ResponseEntity<JsonNode> b = send(
                HttpMethod.POST,
                captureUrl(org, "no-such-event") + "/badge",
                OPERATOR,
                "MECARD:N:Silva,Ana;EMAIL:ana.silva@soylent.co;;",
                TEXT);
        assertError(b, 404, "event 'no-such-event' not found");
        ResponseEntity<JsonNode> c = send(
                HttpMethod.POST,
                captureUrl(org, "no-such-event") + "/import",
                OPERATOR,
                "Email\nx@vandelay.com\n",
                CSV);
        assertError(c, 404, "event 'no-such-event' not found");
        assertThat(leadCount(org)).isZero();
    }

    @Test
    void leadWithoutUsableIdentityIs422AndStoresNothing() {
        String org = newOrg(false);
        ResponseEntity<JsonNode> r = captureJson(org, Map.of("firstName", "Only", "jobTitle", "Mystery"));
        assertError(r, 422, "no usable identity");
        assertThat(leadCount(org)).isZero();
    }

    @Test
    void invalidEmailIs422AndStoresNothing() {
        String org = newOrg(false);
        ResponseEntity<JsonNode> r =
                captureJson(org, Map.of("email", "not an email@", "lastName", "X", "company", "Y"));
        assertError(r, 422, "invalid email");
        assertThat(leadCount(org)).isZero();
    }

    @Test
    void unknownQualifierOrValueIs422AndStoresNothing() {
        String org = newOrg(false);
        ResponseEntity<JsonNode> unknown =
                captureJson(org, Map.of("email", "q@vandelay.com", "qualifiers", Map.of("Budget", "Big")));
        assertError(unknown, 422, "unknown qualifier 'Budget'");
        ResponseEntity<JsonNode> badValue =
                captureJson(org, Map.of("email", "q@vandelay.com", "qualifiers", Map.of("Lead type", "Lukewarm")));
        assertError(badValue, 422, "qualifier 'Lead type' has no value 'Lukewarm'");
        ResponseEntity<JsonNode> csv = importCsv(org, "Email,Q: Lead type\nq@vandelay.com,Lukewarm\n");
        assertThat(csv.getStatusCode().value()).isEqualTo(200);
        assertThat(csv.getBody().path("rejected").asInt()).isEqualTo(1);
        assertThat(csv.getBody().path("rejections").get(0).path("line").asInt()).isEqualTo(2);
        assertThat(csv.getBody().path("rejections").get(0).path("reason").asText())
                .contains("has no value 'Lukewarm'");
        assertThat(leadCount(org)).isZero();
    }

    @Test
    void aRepeatedPersonKeepsOneValueOfASingleSelectQualifierAndGainsMultiSelectValues() {
        String org = newOrg(false);
        ResponseEntity<JsonNode> csv = importCsv(
                org,
                "Email,Last Name,Q: Lead type,Q: Product interest\n"
                        + "rerated@vandelay.com,Rerated,Cold,Robots\n"
                        + "RERATED@vandelay.com,Rerated,Hot,Drones\n");
        assertThat(csv.getBody().path("imported").asInt()).isEqualTo(1);
        assertThat(csv.getBody().path("merged").asInt()).isEqualTo(1);
        long id = jdbc.queryForObject(
                "SELECT id FROM lead WHERE org_id = :org AND email_norm = 'rerated@vandelay.com'",
                Map.of("org", org),
                Long.class);
        JsonNode lead = send(HttpMethod.GET, api("/orgs/" + org + "/leads/" + id), OPERATOR, null)
                .getBody();
        assertThat(texts(lead.path("qualifiers").path("Lead type")))
                .as("the later row re-rates the person")
                .containsExactly("Hot");
        assertThat(texts(lead.path("qualifiers").path("Product interest")))
                .containsExactlyInAnyOrder("Robots", "Drones");

        awaitSettled(org);
    }

    @Test
    void jsonBodyOverTheSizeLimitIs413AndStoresNothing() {
        String org = newOrg(false);
        String big = "{\"email\":\"big@vandelay.com\",\"notes\":\"" + "x".repeat(300 * 1024) + "\"}";
        ResponseEntity<JsonNode> r = send(
                HttpMethod.POST,
                captureUrl(org, "expo"),
                OPERATOR,
                big.getBytes(StandardCharsets.UTF_8),
                MediaType.APPLICATION_JSON);
        assertError(r, 413, "exceeds");
        assertThat(r.getBody().path("error").asText()).isEqualTo("too_large");
        assertThat(leadCount(org)).isZero();
    }

    @Test
    void binaryCsvUploadIs415AndStoresNothing() {
        String org = newOrg(false);
        byte[] png = new byte[4096];
        byte[] header = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        System.arraycopy(header, 0, png, 0, header.length);
        ResponseEntity<JsonNode> r = send(HttpMethod.POST, captureUrl(org, "expo") + "/import", OPERATOR, png, CSV);
        assertError(r, 415, "not a UTF-8 CSV");
        assertThat(leadCount(org)).isZero();
    }

    @Test
    void csvThatIsNotUtf8Is415AndStoresNothing() {
        String org = newOrg(false);
        byte[] latin1 = "Email;Nachname\nk\u00f6nig@stahlwerk.de;K\u00f6nig\n".getBytes(StandardCharsets.ISO_8859_1);
        ResponseEntity<JsonNode> r = send(HttpMethod.POST, captureUrl(org, "expo") + "/import", OPERATOR, latin1, CSV);
        assertError(r, 415, "not a UTF-8 CSV");
        assertThat(leadCount(org)).isZero();
    }

    @Test
    void binaryBadgePayloadIs400AndStoresNothing() {
        String org = newOrg(false);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n', 0, 0, 0, 0x0D, (byte) 0xFF, (byte) 0xFE};
        ResponseEntity<JsonNode> r = send(HttpMethod.POST, captureUrl(org, "expo") + "/badge", OPERATOR, png, TEXT);
        assertError(r, 400, "neither a vCard nor a MECARD");
        assertThat(leadCount(org)).isZero();
    }

    @Test
    void utf8TextIsKeptInJsonBadgeAndCsvCaptures() {
        String org = newOrg(false);
        ResponseEntity<JsonNode> j = send(
                HttpMethod.POST,
                captureUrl(org, "expo"),
                OPERATOR,
                "{\"email\":\"j.mueller@stahlwerk.de\",\"lastName\":\"M\u00fcller\",\"company\":\"\u4e2d\u6587 GmbH\"}"
                        .getBytes(StandardCharsets.UTF_8),
                MediaType.APPLICATION_JSON);
        assertThat(j.getStatusCode().value()).isEqualTo(201);
        assertThat(j.getBody().path("fields").path("lastName").asText()).isEqualTo("M\u00fcller");
        assertThat(j.getBody().path("fields").path("company").asText()).isEqualTo("\u4e2d\u6587 GmbH");

        ResponseEntity<JsonNode> b = send(
                HttpMethod.POST,
                captureUrl(org, "expo") + "/badge",
                OPERATOR,
                "MECARD:N:D\u00fcrr,J\u00fcrgen;EMAIL:j.duerr@stahlwerk.de;;".getBytes(StandardCharsets.UTF_8),
                TEXT);
        assertThat(b.getStatusCode().value()).isEqualTo(201);
        assertThat(b.getBody().path("fields").path("firstName").asText()).isEqualTo("J\u00fcrgen");
        assertThat(b.getBody().path("fields").path("lastName").asText()).isEqualTo("D\u00fcrr");

        ResponseEntity<JsonNode> c = send(
                HttpMethod.POST,
                captureUrl(org, "expo") + "/import",
                OPERATOR,
                "Email;Nachname\nk.koenig@stahlwerk.de;K\u00f6nig\n".getBytes(StandardCharsets.UTF_8),
                CSV);
        assertThat(c.getBody().path("imported").asInt()).isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "SELECT last_name FROM lead WHERE org_id = :org AND email_norm = 'k.koenig@stahlwerk.de'",
                        Map.of("org", org),
                        String.class))
                .isEqualTo("K\u00f6nig");
        awaitSettled(org);
    }

    @Test
    void csvWithDuplicateColumnIs400AndStoresNothing() {
        String org = newOrg(false);
        ResponseEntity<JsonNode> r = importCsv(org, "Email,First Name,E-mail\na@vandelay.com,Ann,b@vandelay.com\n");
        assertError(r, 400, "duplicate CSV columns");
        assertThat(leadCount(org)).isZero();
    }

    @Test
    void badgeThatIsNeitherVCardNorMecardIs400AndStoresNothing() {
        String org = newOrg(false);
        ResponseEntity<JsonNode> r = badge(org, "https://example.com/badge/12345");
        assertError(r, 400, "neither a vCard nor a MECARD");
        assertThat(leadCount(org)).isZero();
    }

    // ---------------------------------------------------------------- CSV

    @Test
    void csvImportWithSemicolonsBomAndMultiLineNoteCountsImportedMergedAndRejectedLines() throws Exception {
        String org = newOrg(false);
        String csv = String.join(
                "\r\n",
                "First Name;Last Name;Email;Company;Notes;Q: Lead type", // line 1
                "Maria;Garcia;maria.garcia@globex.io;Globex;\"Met at booth 7;", // line 2
                "wants a demo\nof the \"\"Drones\"\" line\";Hot", // lines 3-4
                "Bad;Email;not-an-email;Initech;;", // line 5
                "Li;Wei;li.wei@initech.com;Initech;;Warm", // line 6
                "Maria;;MARIA.Garcia@Globex.IO;;second visit;", // line 7
                "Nobody;;;;no identity;", // line 8
                "Tom;Becker;tom.becker@umbrella-labs.de;Umbrella Labs;;Freezing", // line 9
                "");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        bytes.write(csv.getBytes(StandardCharsets.UTF_8));

        ResponseEntity<JsonNode> r =
                send(HttpMethod.POST, captureUrl(org, "expo") + "/import", OPERATOR, bytes.toByteArray(), CSV);
        assertThat(r.getStatusCode().value()).isEqualTo(200);
        JsonNode answer = r.getBody();
        assertThat(answer.path("imported").asInt()).isEqualTo(2);
        assertThat(answer.path("merged").asInt()).isEqualTo(1);
        assertThat(answer.path("rejected").asInt()).isEqualTo(3);
        JsonNode rejections = answer.path("rejections");
        assertThat(rejections).hasSize(3);
        assertThat(rejections.get(0).path("line").asInt()).isEqualTo(5);
        assertThat(rejections.get(0).path("reason").asText()).contains("invalid email 'not-an-email'");
        assertThat(rejections.get(1).path("line").asInt()).isEqualTo(8);
        assertThat(rejections.get(1).path("reason").asText()).contains("no usable identity");
        assertThat(rejections.get(2).path("line").asInt()).isEqualTo(9);
        assertThat(rejections.get(2).path("reason").asText()).contains("qualifier 'Lead type' has no value 'Freezing'");

        assertThat(leadCount(org)).isEqualTo(2);
        long mariaId = jdbc.queryForObject(
                "SELECT id FROM lead WHERE org_id = :org AND email_norm = 'maria.garcia@globex.io'",
                Map.of("org", org),
                Long.class);
        JsonNode maria = send(HttpMethod.GET, api("/orgs/" + org + "/leads/" + mariaId), OPERATOR, null)
                .getBody();
        assertThat(maria.path("scanCount").asInt()).isEqualTo(2);
        assertThat(maria.path("fields").path("firstName").asText())
                .as("no BOM in the first header")
                .isEqualTo("Maria");
        assertThat(maria.path("fields").path("company").asText()).isEqualTo("Globex");
        assertThat(maria.path("fields").path("notes").asText())
                .isEqualTo("Met at booth 7;\r\nwants a demo\nof the \"Drones\" line");
        assertThat(texts(maria.path("qualifiers").path("Lead type"))).containsExactly("Hot");
        assertThat(maria.path("source").asText()).isEqualTo("CSV");
        awaitSettled(org);
    }

    // ---------------------------------------------------------------- helpers

    private String captureUrl(String org, String event) {
        return api("/orgs/" + org + "/events/" + event + "/leads");
    }

    private ResponseEntity<JsonNode> badge(String org, String payload) {
        return send(HttpMethod.POST, captureUrl(org, "expo") + "/badge", OPERATOR, payload, TEXT);
    }

    private int leadCount(String org) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM lead WHERE org_id = :org", Map.of("org", org), Integer.class);
    }

    private static void assertError(ResponseEntity<JsonNode> r, int status, String reason) {
        assertThat(r.getStatusCode().value())
                .as("status, answer %s", r.getBody())
                .isEqualTo(status);
        assertThat(r.getBody()).as("error body").isNotNull();
        assertThat(r.getBody().path("error").asText()).isNotBlank();
        assertThat(r.getBody().path("message").asText()).contains(reason);
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) array.forEach(v -> out.add(v.asText()));
        else if (!array.isMissingNode() && !array.isNull()) out.add(array.asText());
        return out;
    }
}
