package io.leadhub.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.HubTest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.util.UriComponentsBuilder;

/** The browser side of the OAuth connect flow, through real HTTP: consent page, decision, callback. */
abstract class ConnectTestSupport extends HubTest {

    /** POST connect; answers the body ({@code authorizationUrl}, {@code state}, {@code expiresAt}). */
    JsonNode startConnect(String org, String vendor, Object body) {
        ResponseEntity<JsonNode> r =
                send(HttpMethod.POST, api("/orgs/" + org + "/integrations/" + vendor + "/connect"), OPERATOR, body);
        assertThat(r.getStatusCode().value())
                .as("connect answer %s", r.getBody())
                .isEqualTo(200);
        return r.getBody();
    }

    /** GET the consent page like a browser. */
    ResponseEntity<String> consentPage(String authorizationUrl) {
        HttpHeaders h = new HttpHeaders();
        h.setAccept(List.of(MediaType.TEXT_HTML));
        return rest.exchange(URI.create(authorizationUrl), HttpMethod.GET, new HttpEntity<>(h), String.class);
    }

    /** Submits the consent form (the authorization URL's parameters plus the decision); answers the vendor's 302 target. */
    URI decide(String authorizationUrl, String decision) {
        var uri = UriComponentsBuilder.fromUriString(authorizationUrl).build();
        LinkedMultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        uri.getQueryParams()
                .forEach((k, v) -> v.forEach(x -> form.add(k, URLDecoder.decode(x, StandardCharsets.UTF_8))));
        form.add("decision", decision);
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        String action = authorizationUrl.substring(0, authorizationUrl.indexOf('?'));
        ResponseEntity<String> r =
                rest.exchange(URI.create(action), HttpMethod.POST, new HttpEntity<>(form, h), String.class);
        assertThat(r.getStatusCode().value())
                .as("consent decision answer %s", r.getBody())
                .isEqualTo(302);
        return r.getHeaders().getLocation();
    }

    /** Follows the vendor's redirect to the hub's callback (no API key), asking for JSON. */
    ResponseEntity<JsonNode> callback(URI location) {
        HttpHeaders h = new HttpHeaders();
        h.setAccept(List.of(MediaType.APPLICATION_JSON));
        return rest.exchange(location, HttpMethod.GET, new HttpEntity<>(h), JsonNode.class);
    }

    /** The whole approve path; answers the callback's JSON answer (200). */
    JsonNode connectThroughConsent(String org, String vendor, Object body) {
        JsonNode started = startConnect(org, vendor, body);
        URI back = decide(started.path("authorizationUrl").asText(), "approve");
        ResponseEntity<JsonNode> done = callback(back);
        assertThat(done.getStatusCode().value())
                .as("callback answer %s", done.getBody())
                .isEqualTo(200);
        return done.getBody();
    }

    /** A new org (event "expo", demo qualifiers) with HubSpot connected through the consent page and the test qualifier mappings. */
    String orgWithHubSpotThroughConsent() {
        String org = newOrg(false);
        connectThroughConsent(org, "hubspot", null);
        send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/hubspot/qualifier-mappings"),
                OPERATOR,
                List.of(Map.of(
                        "qualifier",
                        "Lead type",
                        "value",
                        "Hot",
                        "object",
                        "contact",
                        "vendorField",
                        "leadhub_lead_type",
                        "vendorValue",
                        "hot")));
        return org;
    }

    /** Waits until the lead with {@code email} has a sync row that is neither QUEUED nor SYNCING, then until the org settles. */
    void awaitLead(String org, String email) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> jdbc
                        .queryForList(
                                "SELECT s.state FROM lead_sync s JOIN lead l ON l.id = s.lead_id WHERE s.org_id = :org "
                                        + "AND l.email_norm = :e",
                                Map.of("org", org, "e", email),
                                String.class)
                        .stream()
                        .anyMatch(st -> !st.equals("QUEUED") && !st.equals("SYNCING")));
        awaitSettled(org);
    }

    String state(String org, String vendor) {
        for (JsonNode i : send(HttpMethod.GET, api("/orgs/" + org + "/integrations"), OPERATOR, null)
                .getBody()) {
            if (i.path("vendor").asText().equals(vendor)) return i.path("state").asText();
        }
        return null;
    }

    Map<String, Object> integrationRow(String org, String vendor) {
        return jdbc.queryForMap(
                "SELECT * FROM integration WHERE org_id = :org AND vendor = :v", Map.of("org", org, "v", vendor));
    }

    int count(String sql, Map<String, ?> params) {
        return jdbc.queryForObject(sql, params, Integer.class);
    }

    int requests(String vendor, String key) {
        return sandbox(HttpMethod.GET, "/" + vendor + "/_stats", null)
                .path("requests")
                .path(key)
                .asInt();
    }
}
