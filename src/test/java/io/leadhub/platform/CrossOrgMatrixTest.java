package io.leadhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.ApiEndpoints;
import io.leadhub.support.ApiEndpoints.Endpoint;
import io.leadhub.support.HubTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The cross-org matrix: every endpoint the hub serves under {@code /api/v1} (found generically, see
 * {@link ApiEndpoints}) is called with org A's admin and capture keys on org B's path, with real ids
 * of B's objects — 404, nothing of B changed; with B's ids on A's own path — 404; with B's capture
 * key outside the capture endpoints — 403. Endpoints outside {@code /orgs/{org}} are operator-only
 * (403 for admin and capture keys) unless they are public documents. The matrix is written to
 * {@code target/cross-org-matrix.txt}; an endpoint whose path variables the test cannot fill fails it.
 */
class CrossOrgMatrixTest extends HubTest {
    private static final Pattern VAR = Pattern.compile("\\{([^}]+)}");
    private static final String ORG_PREFIX = ApiEndpoints.PREFIX + "/orgs/{org}";
    /** SPEC §13: what a capture key may do. */
    private static final Set<String> CAPTURE = Set.of(
            "POST " + ORG_PREFIX + "/events/{event}/leads",
            "POST " + ORG_PREFIX + "/events/{event}/leads/badge",
            "POST " + ORG_PREFIX + "/events/{event}/leads/import");
    /** Public without a key: the API description and the OAuth redirect target (the vendor's browser redirect carries no key). */
    private static final List<String> PUBLIC_PREFIXES =
            List.of(ApiEndpoints.PREFIX + "/openapi.", ApiEndpoints.PREFIX + "/oauth/");

    @Autowired
    ApiKeyStore keys;

    @Autowired
    ApplicationContext context;

    @BeforeEach
    void reset() {
        sandbox(HttpMethod.POST, "/hubspot/_reset?tokens=true", null);
    }

    @Test
    void everyEndpointIsScopedToTheKeysOrgAndRole() throws IOException {
        String orgA = newOrg(true);
        String orgB = newOrg(true);
        String adminA = keys.issue(orgA, Role.ADMIN, "matrix admin A");
        String captureA = keys.issue(orgA, Role.CAPTURE, "matrix capture A");
        String captureB = keys.issue(orgB, Role.CAPTURE, "matrix capture B");

        // realistic objects of org B
        long leadB = captureJson(
                        orgB, Map.of("captureId", "mx-1", "email", "matrix.b@orgb-secret.com", "lastName", "Matrix"))
                .getBody()
                .path("id")
                .asLong();
        ResponseEntity<JsonNode> schedule = send(
                HttpMethod.POST,
                api("/orgs/" + orgB + "/integrations/hubspot/schedules"),
                OPERATOR,
                Map.of("cron", "0 0 3 * * ?", "timeZone", "UTC"));
        assertThat(schedule.getStatusCode().value())
                .as("schedule of B: %s", schedule.getBody())
                .isEqualTo(201);
        ResponseEntity<JsonNode> imported = send(
                HttpMethod.POST,
                api("/orgs/" + orgB + "/events/expo/leads/import?async=true"),
                OPERATOR,
                "Email,Last Name\nmatrix.csv@orgb-secret.com,Csv\n",
                MediaType.valueOf("text/csv"));
        assertThat(imported.getStatusCode().value()).isEqualTo(202);
        awaitSettled(orgB);
        Map<String, String> idsOfB = Map.of(
                "lead",
                String.valueOf(leadB),
                "schedules/id",
                schedule.getBody().path("id").asText(),
                "imports/id",
                imported.getBody().path("importId").asText());

        Set<Endpoint> endpoints = ApiEndpoints.served(context, camel);
        assertThat(endpoints)
                .as("the enumeration finds MVC and Camel endpoints")
                .contains(
                        new Endpoint("GET", ORG_PREFIX + "/leads/{lead}"),
                        new Endpoint("POST", ORG_PREFIX + "/events/{event}/leads"));

        String before = snapshot(orgB);
        long hubspotCallsBefore = sandbox(HttpMethod.GET, "/hubspot/_stats", null)
                .path("totalRequests")
                .asLong();
        List<String> report = new ArrayList<>();
        List<String> uncovered = new ArrayList<>();
        SoftAssertions soft = new SoftAssertions();

        for (Endpoint e : endpoints) {
            HttpMethod method = HttpMethod.valueOf(e.method());
            if (e.path().startsWith(ORG_PREFIX + "/") || e.path().equals(ORG_PREFIX)) {
                String onB = fill(e.path(), orgB, idsOfB);
                String bIdsOnA = fill(e.path(), orgA, idsOfB);
                if (onB == null) {
                    uncovered.add(e + " (unknown path variable)");
                    continue;
                }
                int admin = call(method, onB, adminA);
                int capture = call(method, onB, captureA);
                soft.assertThat(admin).as("admin key of A: %s on B", e).isEqualTo(404);
                soft.assertThat(capture).as("capture key of A: %s on B", e).isEqualTo(404);
                String row =
                        String.format("%-6s %-75s adminA->B=%d captureA->B=%d", e.method(), e.path(), admin, capture);
                if (hasObjectIds(e.path())) {
                    int own = call(method, bIdsOnA, adminA);
                    soft.assertThat(own)
                            .as("admin key of A: %s with B's ids on A's path", e)
                            .isEqualTo(404);
                    row += " adminA(B's ids)=" + own;
                }
                report.add(row);
            } else if (PUBLIC_PREFIXES.stream().anyMatch(e.path()::startsWith)) {
                int anonymous = call(method, fill(e.path(), orgB, idsOfB), null);
                soft.assertThat(anonymous).as("public %s", e).isNotIn(401, 403);
                report.add(String.format("%-6s %-75s public anonymous=%d", e.method(), e.path(), anonymous));
            } else {
                String url = fill(e.path(), orgB, idsOfB);
                if (url == null) {
                    uncovered.add(e + " (unknown path variable)");
                    continue;
                }
                int admin = call(method, url, adminA);
                int capture = call(method, url, captureA);
                soft.assertThat(admin).as("admin key: operator-only %s", e).isEqualTo(403);
                soft.assertThat(capture).as("capture key: operator-only %s", e).isEqualTo(403);
                report.add(String.format(
                        "%-6s %-75s operator-only admin=%d capture=%d", e.method(), e.path(), admin, capture));
            }
        }

        // nothing of org B changed, and no vendor call was made for it
        soft.assertThat(snapshot(orgB)).as("org B's rows after the calls").isEqualTo(before);
        soft.assertThat(sandbox(HttpMethod.GET, "/hubspot/_stats", null)
                        .path("totalRequests")
                        .asLong())
                .isEqualTo(hubspotCallsBefore);

        // B's capture key: capture endpoints only
        for (Endpoint e : endpoints) {
            if (!e.path().startsWith(ORG_PREFIX + "/")) continue;
            String url = fill(e.path(), orgB, idsOfB);
            if (url == null) continue;
            int status = CAPTURE.contains(e.toString())
                    ? captureCall(e, url, captureB)
                    : call(HttpMethod.valueOf(e.method()), url, captureB);
            if (CAPTURE.contains(e.toString())) {
                soft.assertThat(status)
                        .as("capture key of B on its capture endpoint %s", e)
                        .isNotIn(401, 403, 404);
            } else {
                soft.assertThat(status).as("capture key of B: %s", e).isEqualTo(403);
            }
            report.add(String.format("%-6s %-75s captureB=%d", e.method(), e.path(), status));
        }

        Files.createDirectories(Path.of("target"));
        List<String> lines = new ArrayList<>();
        lines.add("# cross-org matrix: " + endpoints.size() + " endpoints; A=" + orgA + " B=" + orgB);
        lines.addAll(report);
        uncovered.forEach(u -> lines.add("NOT COVERED " + u));
        Files.write(Path.of("target/cross-org-matrix.txt"), lines, StandardCharsets.UTF_8);

        soft.assertThat(uncovered).as("endpoints the matrix cannot call").isEmpty();
        soft.assertAll();
        assertThat(send(HttpMethod.GET, api("/orgs/" + orgB + "/leads/" + leadB), OPERATOR, null)
                        .getBody()
                        .path("fields")
                        .path("email")
                        .asText())
                .isEqualTo("matrix.b@orgb-secret.com");
    }

    /** The path with its variables filled in; null when a variable is unknown (the endpoint is not covered). */
    private static String fill(String template, String org, Map<String, String> ids) {
        Map<String, String> fixed =
                new LinkedHashMap<>(Map.of("org", org, "event", "expo", "vendor", "hubspot", "object", "contact"));
        Matcher m = VAR.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String before = template.substring(0, m.start());
            String segment = before.endsWith("/")
                    ? before.substring(before.lastIndexOf('/', before.length() - 2) + 1, before.length() - 1)
                    : "";
            String value = fixed.getOrDefault(name, ids.getOrDefault(name, ids.get(segment + "/" + name)));
            if (value == null) return null;
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static boolean hasObjectIds(String template) {
        Matcher m = VAR.matcher(template);
        while (m.find()) {
            if (!Set.of("org", "event", "vendor", "object").contains(m.group(1))) return true;
        }
        return false;
    }

    private int call(HttpMethod method, String path, String key) {
        boolean body = method == HttpMethod.POST || method == HttpMethod.PUT;
        return send(method, base() + path, key, body ? Map.of() : null)
                .getStatusCode()
                .value();
    }

    /** A capture call that the capture endpoint refuses for its content (no lead is created). */
    private int captureCall(Endpoint e, String path, String key) {
        if (e.path().endsWith("/badge"))
            return send(HttpMethod.POST, base() + path, key, "not a badge", MediaType.TEXT_PLAIN)
                    .getStatusCode()
                    .value();
        if (e.path().endsWith("/import"))
            return send(HttpMethod.POST, base() + path, key, "\u0000binary", MediaType.valueOf("text/csv"))
                    .getStatusCode()
                    .value();
        return send(HttpMethod.POST, base() + path, key, Map.of("captureId", "mx-refused"))
                .getStatusCode()
                .value();
    }

    /** Every row of every table with an org_id column that belongs to the org, as text. */
    private String snapshot(String org) {
        StringBuilder sb = new StringBuilder();
        List<String> tables = jdbc.queryForList(
                "SELECT table_name FROM information_schema.columns WHERE table_schema = 'PUBLIC' "
                        + "AND column_name = 'ORG_ID' ORDER BY table_name",
                Map.of(),
                String.class);
        for (String t : tables) {
            sb.append(t)
                    .append(": ")
                    .append(jdbc.queryForList(
                            "SELECT * FROM \"" + t + "\" WHERE org_id = :org ORDER BY 1", Map.of("org", org)))
                    .append('\n');
        }
        sb.append("org: ").append(jdbc.queryForList("SELECT * FROM org WHERE id = :org", Map.of("org", org)));
        sb.append("\nschedules: ")
                .append(send(HttpMethod.GET, api("/orgs/" + org + "/integrations/hubspot/schedules"), OPERATOR, null)
                        .getBody());
        return sb.toString();
    }
}
