package io.leadhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.HubTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * API keys and org scoping (SPEC §13): 401 without a valid key, 403 for a capture key outside the
 * capture endpoints and for org creation without an operator key, and 404 — never 200, never a
 * hint of the data — for every endpoint of another org.
 */
class ApiSecurityTest extends HubTest {

    @Autowired
    ApiKeyStore keys;

    @BeforeEach
    void resetSimulators() {
        sandbox(HttpMethod.POST, "/hubspot/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/enrichment/_reset", null);
    }

    @Test
    void missingOrUnknownKeyIs401() {
        String org = newOrg(false);
        for (String key :
                new String[] {null, "lh_admin_0000000000000000000000000000000000000000000000", "sandbox-admin-key-x"}) {
            ResponseEntity<JsonNode> r = send(HttpMethod.GET, api("/orgs/" + org + "/events"), key, null);
            assertThat(r.getStatusCode().value()).as("key %s", key).isEqualTo(401);
            assertThat(r.getBody().path("error").asText()).isEqualTo("unauthenticated");
            assertThat(r.getBody().path("message").asText()).isNotBlank();
        }
        ResponseEntity<JsonNode> basic = raw(HttpMethod.GET, api("/orgs/" + org + "/events"), "Basic " + OPERATOR);
        assertThat(basic.getStatusCode().value()).isEqualTo(401);
        ResponseEntity<JsonNode> capture = send(
                HttpMethod.POST,
                api("/orgs/" + org + "/events/expo/leads"),
                null,
                Map.of("email", "anon@vandelay.com"));
        assertThat(capture.getStatusCode().value()).isEqualTo(401);
        assertThat(leadCount(org)).isZero();
    }

    @Test
    void keysFromOrgCreationCaptureKeyCapturesOnlyAdminKeyAdministers() {
        String org = "sec-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        ResponseEntity<JsonNode> created =
                send(HttpMethod.POST, api("/orgs"), OPERATOR, Map.of("id", org, "name", "Security"));
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        String adminKey = created.getBody().path("adminKey").asText();
        String captureKey = created.getBody().path("captureKey").asText();
        assertThat(adminKey).isNotBlank().isNotEqualTo(captureKey);

        assertThat(send(
                                HttpMethod.POST,
                                api("/orgs/" + org + "/events"),
                                adminKey,
                                Map.of("id", "expo", "name", "Expo"))
                        .getStatusCode()
                        .value())
                .isEqualTo(201);
        assertThat(send(
                                HttpMethod.PUT,
                                api("/orgs/" + org + "/qualifiers"),
                                adminKey,
                                List.of(Map.of("name", "Lead type", "values", List.of("Hot", "Cold"))))
                        .getStatusCode()
                        .value())
                .isEqualTo(200);

        String leads = "/orgs/" + org + "/events/expo/leads";
        ResponseEntity<JsonNode> json = send(
                HttpMethod.POST,
                api(leads),
                captureKey,
                Map.of("captureId", "k1", "email", "cap@vandelay.com", "qualifiers", Map.of("Lead type", "Hot")));
        assertThat(json.getStatusCode().value()).isEqualTo(201);
        assertThat(send(
                                HttpMethod.POST,
                                api(leads + "/badge"),
                                captureKey,
                                "MECARD:N:Key,Cap;EMAIL:badge@vandelay.com;;",
                                MediaType.TEXT_PLAIN)
                        .getStatusCode()
                        .value())
                .isEqualTo(201);
        ResponseEntity<JsonNode> csv = send(
                HttpMethod.POST,
                api(leads + "/import"),
                captureKey,
                "Email\ncsv@vandelay.com\n",
                MediaType.valueOf("text/csv"));
        assertThat(csv.getStatusCode().value()).isEqualTo(200);
        assertThat(csv.getBody().path("imported").asInt()).isEqualTo(1);

        long leadId = json.getBody().path("id").asLong();
        List<Object[]> adminOnly = List.of(
                new Object[] {HttpMethod.GET, "/orgs/" + org + "/integrations", null},
                new Object[] {
                    HttpMethod.PUT,
                    "/orgs/" + org + "/integrations/hubspot",
                    Map.of("baseUrl", "https://evil.example.com")
                },
                new Object[] {HttpMethod.GET, "/orgs/" + org + "/leads/" + leadId, null},
                new Object[] {HttpMethod.GET, "/orgs/" + org + "/events", null},
                new Object[] {HttpMethod.POST, "/orgs/" + org + "/events", Map.of("id", "other")},
                new Object[] {
                    HttpMethod.PUT, "/orgs/" + org + "/qualifiers", List.of(Map.of("name", "X", "values", List.of("Y")))
                },
                new Object[] {HttpMethod.GET, "/orgs/" + org + "/events/expo/leads", null});
        SoftAssertions soft = new SoftAssertions();
        for (Object[] e : adminOnly) {
            ResponseEntity<JsonNode> r = send((HttpMethod) e[0], api((String) e[1]), captureKey, e[2]);
            soft.assertThat(r.getStatusCode().value())
                    .as("capture key: %s %s", e[0], e[1])
                    .isEqualTo(403);
            soft.assertThat(r.getBody().path("error").asText())
                    .as("capture key: %s %s", e[0], e[1])
                    .isEqualTo("forbidden");
        }
        soft.assertAll();
        assertThat(send(HttpMethod.GET, api("/orgs/" + org + "/integrations"), adminKey, null)
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        assertThat(send(HttpMethod.GET, api("/orgs/" + org + "/leads/" + leadId), adminKey, null)
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM event WHERE org_id = :org", Map.of("org", org), Integer.class))
                .as("the capture key created no event")
                .isEqualTo(1);
        assertThat(send(HttpMethod.GET, api("/orgs/" + org + "/qualifiers"), adminKey, null)
                        .getBody())
                .as("qualifiers unchanged")
                .hasSize(1);
        awaitSettled(org);
    }

    @Test
    void onlyAnOperatorKeyCreatesOrgs() {
        String org = newOrg(false);
        String admin = keys.issue(org, Role.ADMIN, "test admin");
        String capture = keys.issue(org, Role.CAPTURE, "test capture");
        for (String key : List.of(admin, capture)) {
            String id = "rogue-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
            ResponseEntity<JsonNode> r = send(HttpMethod.POST, api("/orgs"), key, Map.of("id", id));
            assertThat(r.getStatusCode().value()).isEqualTo(403);
            assertThat(r.getBody().path("error").asText()).isEqualTo("forbidden");
            assertThat(r.getBody().toString()).doesNotContain("adminKey", "captureKey");
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM org WHERE id = :id", Map.of("id", id), Integer.class))
                    .isZero();
        }
    }

    @Test
    void adminKeyOfOneOrgGets404OnEveryEndpointOfAnotherAndChangesNothing() {
        String orgA = newOrg(false);
        String orgB = newOrg(true);
        String adminA = keys.issue(orgA, Role.ADMIN, "test admin A");
        String captureA = keys.issue(orgA, Role.CAPTURE, "test capture A");
        long leadB = captureJson(
                        orgB,
                        Map.of(
                                "captureId",
                                "b1",
                                "email",
                                "secret.person@orgb-secret.com",
                                "firstName",
                                "Cassandra",
                                "lastName",
                                "Secretsson",
                                "company",
                                "Orgb Secret Corp"))
                .getBody()
                .path("id")
                .asLong();
        awaitSettled(orgB);
        String qualifiersBefore = send(HttpMethod.GET, api("/orgs/" + orgB + "/qualifiers"), OPERATOR, null)
                .getBody()
                .toString();
        String mappingBefore = send(
                        HttpMethod.GET, api("/orgs/" + orgB + "/integrations/hubspot/mappings/contact"), OPERATOR, null)
                .getBody()
                .toString();
        String qualifierMappingBefore = send(
                        HttpMethod.GET,
                        api("/orgs/" + orgB + "/integrations/hubspot/qualifier-mappings"),
                        OPERATOR,
                        null)
                .getBody()
                .toString();
        String integrationsBefore = send(HttpMethod.GET, api("/orgs/" + orgB + "/integrations"), OPERATOR, null)
                .getBody()
                .toString();
        assertThat(mappingBefore).contains("email");

        String b = "/orgs/" + orgB;
        String hs = b + "/integrations/hubspot";
        List<Object[]> endpoints = new ArrayList<>(List.of(
                call(HttpMethod.GET, b + "/events", null),
                call(HttpMethod.POST, b + "/events", Map.of("id", "hijack", "name", "Hijack")),
                call(HttpMethod.GET, b + "/qualifiers", null),
                call(HttpMethod.PUT, b + "/qualifiers", List.of(Map.of("name", "Hijacked", "values", List.of("Yes")))),
                call(HttpMethod.GET, b + "/leads/" + leadB, null),
                call(
                        HttpMethod.POST,
                        b + "/events/expo/leads",
                        Map.of("captureId", "b1", "email", "intruder@orga.com")),
                call(
                        HttpMethod.POST,
                        b + "/events/expo/leads/badge",
                        "MECARD:N:Intruder,Ivan;EMAIL:ivan@orga.com;;",
                        MediaType.TEXT_PLAIN),
                call(
                        HttpMethod.POST,
                        b + "/events/expo/leads/import",
                        "Email\nintruder@orga.com\n",
                        MediaType.valueOf("text/csv")),
                call(HttpMethod.GET, b + "/integrations", null),
                call(HttpMethod.PUT, hs, Map.of("baseUrl", "https://evil.example.com", "syncMode", "MANUAL")),
                call(HttpMethod.GET, hs + "/mappings/contact", null),
                call(
                        HttpMethod.PUT,
                        hs + "/mappings/contact",
                        List.of(Map.of("hubField", "email", "vendorField", "hijacked"))),
                call(HttpMethod.DELETE, hs + "/mappings/contact", null),
                call(HttpMethod.POST, hs + "/mappings/contact/defaults", null),
                call(HttpMethod.GET, hs + "/qualifier-mappings", null),
                call(HttpMethod.PUT, hs + "/qualifier-mappings", List.of()),
                call(HttpMethod.GET, hs + "/reconciliation/summary", null),
                call(HttpMethod.GET, hs + "/reconciliation?state=CLEARED", null),
                call(HttpMethod.POST, hs + "/reconciliation/retry", Map.of("all", true)),
                call(HttpMethod.POST, hs + "/sync", Map.of())));

        SoftAssertions soft = new SoftAssertions();
        for (String key : List.of(adminA, captureA)) {
            for (Object[] e : endpoints) {
                ResponseEntity<JsonNode> r = send((HttpMethod) e[0], api((String) e[1]), key, e[2], (MediaType) e[3]);
                String what = (key.equals(adminA) ? "admin" : "capture") + " key of A: " + e[0] + " " + e[1];
                soft.assertThat(r.getStatusCode().value()).as(what).isEqualTo(404);
                String body = String.valueOf(r.getBody());
                soft.assertThat(
                                r.getBody() == null
                                        ? ""
                                        : r.getBody().path("error").asText())
                        .as(what)
                        .isEqualTo("not_found");
                soft.assertThat(body)
                        .as(what)
                        .doesNotContain(
                                "secret.person",
                                "Cassandra",
                                "Secretsson",
                                "Orgb Secret",
                                "sandbox/hubspot",
                                "Lead type",
                                "leadhub_lead_type",
                                "firstname",
                                "cleared",
                                "adminKey");
            }
        }
        soft.assertAll();

        // indistinguishable from an org that does not exist
        ResponseEntity<JsonNode> none = send(HttpMethod.GET, api("/orgs/no-such-org-xyz/events"), adminA, null);
        ResponseEntity<JsonNode> other = send(HttpMethod.GET, api(b + "/events"), adminA, null);
        assertThat(none.getStatusCode().value()).isEqualTo(404);
        assertThat(other.getBody().path("message").asText())
                .isEqualTo(none.getBody().path("message").asText().replace("no-such-org-xyz", orgB));

        // nothing of org B changed
        assertThat(leadCount(orgB)).isEqualTo(1);
        assertThat(leadCount(orgA)).isZero();
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM event WHERE org_id = :org", Map.of("org", orgB), Integer.class))
                .isEqualTo(1);
        assertThat(send(HttpMethod.GET, api(b + "/qualifiers"), OPERATOR, null)
                        .getBody()
                        .toString())
                .isEqualTo(qualifiersBefore);
        assertThat(send(HttpMethod.GET, api(hs + "/mappings/contact"), OPERATOR, null)
                        .getBody()
                        .toString())
                .isEqualTo(mappingBefore);
        assertThat(send(HttpMethod.GET, api(hs + "/qualifier-mappings"), OPERATOR, null)
                        .getBody()
                        .toString())
                .isEqualTo(qualifierMappingBefore);
        assertThat(send(HttpMethod.GET, api(b + "/integrations"), OPERATOR, null)
                        .getBody()
                        .toString())
                .isEqualTo(integrationsBefore);
        JsonNode leadView =
                send(HttpMethod.GET, api(b + "/leads/" + leadB), OPERATOR, null).getBody();
        assertThat(leadView.path("scanCount").asInt())
                .as("the repeated capture id was not merged")
                .isEqualTo(1);
        assertThat(leadView.path("fields").path("email").asText()).isEqualTo("secret.person@orgb-secret.com");
    }

    @Test
    void operatorKeyReachesEveryOrg() {
        String orgA = newOrg(false);
        String orgB = newOrg(true);
        long leadA = captureJson(orgA, Map.of("email", "a.person@vandelay.com"))
                .getBody()
                .path("id")
                .asLong();
        long leadB = captureJson(orgB, Map.of("email", "b.person@vandelay.com"))
                .getBody()
                .path("id")
                .asLong();
        for (String org : List.of(orgA, orgB)) {
            ResponseEntity<JsonNode> events = send(HttpMethod.GET, api("/orgs/" + org + "/events"), OPERATOR, null);
            assertThat(events.getStatusCode().value()).isEqualTo(200);
            assertThat(events.getBody().toString()).contains("expo");
            assertThat(send(HttpMethod.GET, api("/orgs/" + org + "/integrations"), OPERATOR, null)
                            .getStatusCode()
                            .value())
                    .isEqualTo(200);
        }
        assertThat(send(HttpMethod.GET, api("/orgs/" + orgA + "/leads/" + leadA), OPERATOR, null)
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        assertThat(send(HttpMethod.GET, api("/orgs/" + orgB + "/leads/" + leadB), OPERATOR, null)
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        assertThat(send(
                                HttpMethod.GET,
                                api("/orgs/" + orgB + "/integrations/hubspot/reconciliation/summary"),
                                OPERATOR,
                                null)
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        awaitSettled(orgA);
        awaitSettled(orgB);
    }

    @Test
    void leadOfAnotherOrgThroughOwnOrgPathIs404() {
        String orgA = newOrg(false);
        String orgB = newOrg(false);
        String adminA = keys.issue(orgA, Role.ADMIN, "test admin A");
        long leadA = captureJson(orgA, Map.of("email", "mine@vandelay.com"))
                .getBody()
                .path("id")
                .asLong();
        long leadB = captureJson(orgB, Map.of("email", "theirs@orgb-secret.com", "lastName", "Hidden"))
                .getBody()
                .path("id")
                .asLong();

        assertThat(send(HttpMethod.GET, api("/orgs/" + orgA + "/leads/" + leadA), adminA, null)
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
        for (String key : List.of(adminA, OPERATOR)) {
            ResponseEntity<JsonNode> r = send(HttpMethod.GET, api("/orgs/" + orgA + "/leads/" + leadB), key, null);
            assertThat(r.getStatusCode().value()).isEqualTo(404);
            assertThat(r.getBody().path("error").asText()).isEqualTo("not_found");
            assertThat(r.getBody().toString()).doesNotContain("theirs@", "Hidden", orgB);
        }
        ResponseEntity<JsonNode> missing =
                send(HttpMethod.GET, api("/orgs/" + orgA + "/leads/999999999"), adminA, null);
        assertThat(missing.getStatusCode().value()).isEqualTo(404);
        awaitSettled(orgA);
        awaitSettled(orgB);
    }

    @Test
    void integrationsNeverAnswerCredentials() {
        String org = newOrg(true);
        String admin = keys.issue(org, Role.ADMIN, "test admin");
        // a synced lead makes the hub obtain and store an access token
        captureJson(org, Map.of("captureId", "cred-1", "email", "li.wei@initech.com"));
        awaitSettled(org);
        assertThat(syncRow(org, "li.wei@initech.com")).containsEntry("STATE", "CLEARED");

        ResponseEntity<JsonNode> put = send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/hubspot"),
                OPERATOR,
                Map.of(
                        "credentials",
                        Map.of(
                                "refreshToken",
                                "sandbox-hubspot-refresh",
                                "clientId",
                                "sandbox-hubspot-client",
                                "clientSecret",
                                "sandbox-hubspot-secret")));
        assertThat(put.getStatusCode().value()).isEqualTo(200);
        assertNoCredentials(put.getBody());

        for (String key : List.of(admin, OPERATOR)) {
            ResponseEntity<JsonNode> r = send(HttpMethod.GET, api("/orgs/" + org + "/integrations"), key, null);
            assertThat(r.getStatusCode().value()).isEqualTo(200);
            assertThat(r.getBody()).hasSize(1);
            assertThat(r.getBody().get(0).path("vendor").asText()).isEqualTo("hubspot");
            assertThat(r.getBody().get(0).path("state").asText()).isEqualTo("CONNECTED");
            assertNoCredentials(r.getBody());
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void assertNoCredentials(JsonNode body) {
        String text = body.toString();
        assertThat(text)
                .doesNotContainIgnoringCase("credentials")
                .doesNotContainIgnoringCase("accessToken")
                .doesNotContainIgnoringCase("access_token")
                .doesNotContainIgnoringCase("refreshToken")
                .doesNotContainIgnoringCase("refresh_token")
                .doesNotContainIgnoringCase("clientSecret")
                .doesNotContainIgnoringCase("client_secret")
                .doesNotContain("sandbox-hubspot-secret", "sandbox-hubspot-refresh");
        List<String> names = new ArrayList<>();
        collectFieldNames(body, names);
        assertThat(names)
                .noneMatch(n -> n.toLowerCase().contains("token")
                        || n.toLowerCase().contains("secret")
                        || n.toLowerCase().contains("password"));
    }

    private static void collectFieldNames(JsonNode node, List<String> out) {
        if (node.isObject())
            node.properties().forEach(e -> {
                out.add(e.getKey());
                collectFieldNames(e.getValue(), out);
            });
        else if (node.isArray()) node.forEach(n -> collectFieldNames(n, out));
    }

    private static Object[] call(HttpMethod method, String path, Object body) {
        return call(method, path, body, MediaType.APPLICATION_JSON);
    }

    private static Object[] call(HttpMethod method, String path, Object body, MediaType type) {
        return new Object[] {method, path, body, type};
    }

    private ResponseEntity<JsonNode> raw(HttpMethod method, String url, String authorization) {
        HttpHeaders h = new HttpHeaders();
        h.set(HttpHeaders.AUTHORIZATION, authorization);
        h.setAccept(List.of(MediaType.APPLICATION_JSON));
        return rest.exchange(url, method, new HttpEntity<>(null, h), JsonNode.class);
    }

    private int leadCount(String org) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM lead WHERE org_id = :org", Map.of("org", org), Integer.class);
    }
}
