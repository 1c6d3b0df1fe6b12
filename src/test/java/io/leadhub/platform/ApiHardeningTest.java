package io.leadhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.HubTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.ServiceStatus;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * Hostile input gets the uniform error answer ({@code {"error", "message"}}) with a 4xx status and
 * nothing internal in it; every body is size-limited (413 with a reason, also without a
 * Content-Length); the actuator answers its health status to anyone, everything else only to API
 * keys, and changes only to operator keys.
 */
class ApiHardeningTest extends HubTest {
    /** What an error answer must never show. */
    private static final List<String> INTERNALS = List.of(
            "Exception",
            "exception",
            "io.leadhub",
            "java.",
            "com.fasterxml",
            "org.springframework",
            "org.apache",
            "at [Source",
            "SELECT ",
            "INSERT ",
            "UPDATE ",
            "jdbc",
            "/work/",
            "/tmp/",
            ".java",
            "trace",
            "Caused by",
            "Deserialize",
            "deserialize",
            "`");

    @Autowired
    ApiKeyStore keys;

    @BeforeEach
    void reset() {
        sandbox(HttpMethod.POST, "/hubspot/_reset?tokens=true", null);
    }

    private ResponseEntity<JsonNode> raw(HttpMethod method, String url, String key, String body, String contentType) {
        HttpHeaders h = new HttpHeaders();
        if (key != null) h.setBearerAuth(key);
        if (contentType != null) h.set(HttpHeaders.CONTENT_TYPE, contentType);
        h.setAccept(List.of(MediaType.APPLICATION_JSON));
        return rest.exchange(url, method, new HttpEntity<>(body, h), JsonNode.class);
    }

    private static void assertUniform(SoftAssertions soft, ResponseEntity<JsonNode> r, int status, String what) {
        soft.assertThat(r.getStatusCode().value()).as(what).isEqualTo(status);
        JsonNode b = r.getBody();
        soft.assertThat(b).as(what + ": a JSON body").isNotNull();
        if (b == null) return;
        soft.assertThat(b.path("error").asText()).as(what + ": error code").isNotBlank();
        soft.assertThat(b.path("message").asText()).as(what + ": reason").isNotBlank();
        List<String> names = new ArrayList<>();
        b.fieldNames().forEachRemaining(names::add);
        soft.assertThat(names).as(what + ": fields").isSubsetOf("error", "message", "details");
        for (String leak : INTERNALS)
            soft.assertThat(b.toString()).as(what + ": leaks " + leak).doesNotContain(leak);
    }

    @Test
    void malformedAndMistypedBodiesAnswerTheUniformErrorWithoutInternals() {
        String org = newOrg(true);
        String b = api("/orgs/" + org);
        String json = MediaType.APPLICATION_JSON_VALUE;
        SoftAssertions soft = new SoftAssertions();
        // MVC endpoints
        assertUniform(
                soft,
                raw(HttpMethod.PUT, b + "/qualifiers", OPERATOR, "[{\"name\": \"X\", ", json),
                400,
                "truncated JSON");
        assertUniform(
                soft,
                raw(HttpMethod.PUT, b + "/qualifiers", OPERATOR, "{\"name\": \"X\"}", json),
                400,
                "object for a list");
        assertUniform(
                soft,
                raw(
                        HttpMethod.PUT,
                        b + "/qualifiers",
                        OPERATOR,
                        "[{\"name\": \"X\", \"values\": 5, \"multiSelect\": {}}]",
                        json),
                400,
                "wrong types");
        assertUniform(
                soft,
                raw(HttpMethod.PUT, b + "/integrations/hubspot", OPERATOR, "{\"syncMode\": \"SOMETIMES\"}", json),
                400,
                "unknown enum value");
        assertUniform(
                soft,
                raw(HttpMethod.PUT, b + "/integrations/hubspot", OPERATOR, "not json at all", json),
                400,
                "not JSON");
        assertUniform(
                soft,
                raw(HttpMethod.PUT, b + "/qualifiers", OPERATOR, "<xml/>", "application/xml"),
                415,
                "bad content type");
        assertUniform(soft, raw(HttpMethod.PUT, b + "/qualifiers", OPERATOR, "[]", "text/plain"), 415, "text for JSON");
        assertUniform(
                soft, raw(HttpMethod.GET, b + "/leads/not-a-number", OPERATOR, null, null), 400, "wrong path type");
        assertUniform(soft, raw(HttpMethod.DELETE, b + "/qualifiers", OPERATOR, null, null), 405, "unsupported method");
        assertUniform(soft, raw(HttpMethod.GET, b + "/no-such-thing", OPERATOR, null, null), 404, "unknown path");
        assertUniform(soft, raw(HttpMethod.GET, api("/nothing-here"), OPERATOR, null, null), 404, "unknown API path");
        // Camel capture routes
        assertUniform(
                soft,
                raw(HttpMethod.POST, b + "/events/expo/leads", OPERATOR, "{\"email\": ", json),
                400,
                "capture: truncated");
        assertUniform(
                soft, raw(HttpMethod.POST, b + "/events/expo/leads", OPERATOR, "[1,2]", json), 400, "capture: array");
        assertUniform(
                soft,
                raw(HttpMethod.POST, b + "/events/expo/leads", OPERATOR, "{\"email\": {\"x\": 1}}", json),
                400,
                "capture: wrong type");
        assertUniform(
                soft,
                raw(HttpMethod.POST, b + "/events/expo/leads", OPERATOR, "{\"source\": \"CARRIER_PIGEON\"}", json),
                400,
                "capture: unknown enum value");
        assertUniform(
                soft,
                raw(HttpMethod.POST, b + "/events/expo/leads/badge", OPERATOR, "\u0000\u0001garbage", "text/plain"),
                400,
                "capture: garbage badge");
        soft.assertAll();
        awaitSettled(org);
    }

    @Test
    void everyBodyIsSizeLimited() throws IOException {
        String org = newOrg(false);
        String huge = "[" + "{\"name\":\"" + "x".repeat(300 * 1024) + "\",\"values\":[\"a\"]}" + "]";
        SoftAssertions soft = new SoftAssertions();
        assertUniform(
                soft,
                raw(HttpMethod.PUT, api("/orgs/" + org + "/qualifiers"), OPERATOR, huge, "application/json"),
                413,
                "MVC JSON body");
        assertUniform(
                soft,
                raw(
                        HttpMethod.POST,
                        api("/orgs/" + org + "/events/expo/leads"),
                        OPERATOR,
                        "{\"email\":\"big@initech.com\",\"notes\":\"" + "n".repeat(300 * 1024) + "\"}",
                        "application/json"),
                413,
                "capture JSON");
        assertUniform(
                soft,
                raw(
                        HttpMethod.POST,
                        api("/orgs"),
                        OPERATOR,
                        "{\"id\":\"" + "o".repeat(300 * 1024) + "\"}",
                        "application/json"),
                413,
                "org creation");
        assertUniform(
                soft,
                raw(
                        HttpMethod.POST,
                        api("/orgs/" + org + "/events/expo/leads/badge"),
                        OPERATOR,
                        "BEGIN:VCARD\nNOTE:" + "b".repeat(300 * 1024) + "\nEND:VCARD",
                        "text/plain"),
                413,
                "badge");
        soft.assertAll();
        assertThat(raw(HttpMethod.PUT, api("/orgs/" + org + "/qualifiers"), OPERATOR, huge, "application/json")
                        .getBody()
                        .path("message")
                        .asText())
                .contains("bytes");

        // without a Content-Length (chunked), the limit still holds
        HttpURLConnection c = (HttpURLConnection) new URL(api("/orgs/" + org + "/qualifiers")).openConnection();
        c.setRequestMethod("PUT");
        c.setDoOutput(true);
        c.setChunkedStreamingMode(8192);
        c.setRequestProperty("Authorization", "Bearer " + OPERATOR);
        c.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = c.getOutputStream()) {
            out.write(huge.getBytes(StandardCharsets.UTF_8));
        } catch (IOException refusedEarly) {
            // the server may answer before the whole body is sent
        }
        assertThat(c.getResponseCode()).isEqualTo(413);
        assertThat(read(c.getErrorStream())).contains("too_large");
        // a small chunked body still works
        HttpURLConnection ok = (HttpURLConnection) new URL(api("/orgs/" + org + "/qualifiers")).openConnection();
        ok.setRequestMethod("PUT");
        ok.setDoOutput(true);
        ok.setChunkedStreamingMode(16);
        ok.setRequestProperty("Authorization", "Bearer " + OPERATOR);
        ok.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = ok.getOutputStream()) {
            out.write("[{\"name\":\"Chunked\",\"values\":[\"Yes\",\"No\"]}]".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(ok.getResponseCode()).isEqualTo(200);
        assertThat(send(HttpMethod.GET, api("/orgs/" + org + "/qualifiers"), OPERATOR, null)
                        .getBody()
                        .toString())
                .contains("Chunked");
    }

    private static String read(InputStream in) throws IOException {
        if (in == null) return "";
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        in.transferTo(b);
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void actuatorHealthIsPublicReadsNeedAKeyWritesAnOperatorKey() {
        String org = newOrg(false);
        String admin = keys.issue(org, Role.ADMIN, "actuator admin");
        String capture = keys.issue(org, Role.CAPTURE, "actuator capture");

        ResponseEntity<JsonNode> health = raw(HttpMethod.GET, base() + "/actuator/health", null, null, null);
        assertThat(health.getStatusCode().value()).isEqualTo(200);
        assertThat(health.getBody().path("status").asText()).isEqualTo("UP");
        assertThat(health.getBody().has("components"))
                .as("no details for anonymous callers")
                .isFalse();
        assertThat(raw(HttpMethod.GET, base() + "/actuator/health", admin, null, null)
                        .getBody()
                        .has("components"))
                .as("details for an admin key")
                .isTrue();

        SoftAssertions soft = new SoftAssertions();
        for (String read : List.of(
                "/actuator",
                "/actuator/info",
                "/actuator/metrics",
                "/actuator/prometheus",
                "/actuator/camelroutes",
                "/actuator/loggers")) {
            assertUniform(soft, raw(HttpMethod.GET, base() + read, null, null, null), 401, "anonymous GET " + read);
            assertUniform(
                    soft,
                    raw(HttpMethod.GET, base() + read, "lh_admin_bogus", null, null),
                    401,
                    "unknown key GET " + read);
            for (String key : List.of(capture, admin, OPERATOR)) {
                HttpHeaders h = new HttpHeaders();
                h.setBearerAuth(key);
                soft.assertThat(rest.exchange(base() + read, HttpMethod.GET, new HttpEntity<>(h), String.class)
                                .getStatusCode()
                                .value())
                        .as("GET " + read)
                        .isEqualTo(200);
            }
        }
        String route = "reconciliation-dead-letter";
        String logger = "/actuator/loggers/io.leadhub.actuator.test";
        for (String key : List.of(capture, admin)) {
            assertUniform(
                    soft,
                    raw(
                            HttpMethod.POST,
                            base() + "/actuator/camelroutes/" + route + "/stop",
                            key,
                            "{}",
                            "application/json"),
                    403,
                    "route stop");
            assertUniform(
                    soft,
                    raw(HttpMethod.POST, base() + logger, key, "{\"configuredLevel\":\"DEBUG\"}", "application/json"),
                    403,
                    "logger change");
        }
        // (the JDK client drops the body of a 401 to a POST; the status is what matters here)
        soft.assertThat(raw(
                                HttpMethod.POST,
                                base() + logger,
                                null,
                                "{\"configuredLevel\":\"DEBUG\"}",
                                "application/json")
                        .getStatusCode()
                        .value())
                .as("anonymous logger change")
                .isEqualTo(401);
        soft.assertAll();
        assertThat(camel.getRouteController().getRouteStatus(route)).isEqualTo(ServiceStatus.Started);
        assertThat(LoggerFactory.getLogger("io.leadhub.actuator.test").isDebugEnabled())
                .isFalse();

        // an operator key may
        assertThat(raw(
                                HttpMethod.POST,
                                base() + logger,
                                OPERATOR,
                                "{\"configuredLevel\":\"DEBUG\"}",
                                "application/json")
                        .getStatusCode()
                        .value())
                .isEqualTo(204);
        assertThat(LoggerFactory.getLogger("io.leadhub.actuator.test").isDebugEnabled())
                .isTrue();
        raw(HttpMethod.POST, base() + logger, OPERATOR, "{\"configuredLevel\":null}", "application/json");
        assertThat(raw(
                                HttpMethod.POST,
                                base() + "/actuator/camelroutes/" + route + "/stop",
                                OPERATOR,
                                "{}",
                                "application/json")
                        .getStatusCode()
                        .is2xxSuccessful())
                .isTrue();
        assertThat(camel.getRouteController().getRouteStatus(route)).isEqualTo(ServiceStatus.Stopped);
        assertThat(raw(
                                HttpMethod.POST,
                                base() + "/actuator/camelroutes/" + route + "/start",
                                OPERATOR,
                                "{}",
                                "application/json")
                        .getStatusCode()
                        .is2xxSuccessful())
                .isTrue();
        assertThat(camel.getRouteController().getRouteStatus(route)).isEqualTo(ServiceStatus.Started);
    }
}
