package io.leadhub.sandbox.salesforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.HubTest;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.salesforce.AuthenticationType;
import org.apache.camel.component.salesforce.SalesforceComponent;
import org.apache.camel.component.salesforce.SalesforceEndpointConfig;
import org.apache.camel.component.salesforce.api.dto.SObjectDescription;
import org.apache.camel.component.salesforce.api.dto.SObjectField;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The real camel-salesforce component (REFRESH_TOKEN login, explicit API version, plain http)
 * against the simulator over HTTP: login at start, query, create, describe, raw sObject
 * Collections, re-login after the session expired, revoke on stop.
 */
class CamelSalesforceCompatibilityTest extends HubTest {

    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final String VERSION = "60.0";

    @Autowired
    SalesforceSimulator salesforce;

    @Autowired
    SalesforceOrg org;

    String scheme;
    SalesforceComponent component;
    ProducerTemplate producer;

    @BeforeEach
    void startComponent() throws Exception {
        salesforce.reset(true);
        scheme = "sfcompat" + SEQ.incrementAndGet();
        component = new SalesforceComponent(camel);
        component.setLoginUrl(base() + "/sandbox/salesforce");
        component.setAuthenticationType(AuthenticationType.REFRESH_TOKEN);
        component.setClientId(salesforce.clientId());
        component.setClientSecret(salesforce.clientSecret());
        component.setRefreshToken(salesforce.seedRefreshToken());
        SalesforceEndpointConfig config = new SalesforceEndpointConfig();
        config.setApiVersion(VERSION);
        component.setConfig(config);
        camel.addComponent(scheme, component);
        component.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stopComponent() throws Exception {
        if (producer != null) {
            producer.stop();
        }
        if (camel.hasComponent(scheme) != null) {
            component.stop();
            camel.removeComponent(scheme);
        }
    }

    private long requests(String key) {
        return salesforce.stats().requests(key);
    }

    private JsonNode json(Object body) throws Exception {
        return json.readTree(camel.getTypeConverter().convertTo(String.class, body));
    }

    @Test
    void camelSalesforceWorksAgainstTheSimulator() throws Exception {
        assertThat(requests("POST /services/oauth2/token")).isEqualTo(1);
        String existing =
                org.seedRecord("Lead", Map.of("LastName", "Existing", "Company", "Acme", "Email", "old@acme.example"));

        // query (SOQL with IN), raw JSON back
        Object found = producer.requestBodyAndHeader(
                scheme + ":query?rawPayload=true",
                null,
                SalesforceEndpointConfig.SOBJECT_QUERY,
                "SELECT Id, Email FROM Lead WHERE Email IN ('OLD@acme.example', 'none@acme.example')");
        JsonNode result = json(found);
        assertThat(result.path("totalSize").asInt()).isEqualTo(1);
        assertThat(result.path("records").get(0).path("Id").asText()).isEqualTo(existing);
        assertThat(requests("GET /services/data/{version}/query")).isEqualTo(1);

        // createSObject with a raw JSON body
        Object created = producer.requestBody(
                scheme + ":createSObject?sObjectName=Lead&rawPayload=true",
                "{\"LastName\":\"Lovelace\",\"Company\":\"Engines\",\"Email\":\"ada@engines.example\",\"LeadSource\":\"Trade Show\"}");
        String leadId = json(created).path("id").asText();
        assertThat(leadId).startsWith("00Q").hasSize(18);
        JsonNode stored = salesforce.records("Lead").orElseThrow().stream()
                .filter(r -> r.path("Id").asText().equals(leadId))
                .findFirst()
                .orElseThrow();
        assertThat(stored.path("Email").asText()).isEqualTo("ada@engines.example");
        assertThat(stored.path("LeadSource").asText()).isEqualTo("Trade Show");

        // getDescription, parsed into camel's DTO
        SObjectDescription description =
                producer.requestBody(scheme + ":getDescription?sObjectName=Lead", null, SObjectDescription.class);
        assertThat(description.getName()).isEqualTo("Lead");
        SObjectField leadSource = description.getFields().stream()
                .filter(f -> f.getName().equals("LeadSource"))
                .findFirst()
                .orElseThrow();
        assertThat(leadSource.isRestrictedPicklist()).isTrue();
        assertThat(leadSource.getPicklistValues()).extracting(v -> v.getValue()).contains("Trade Show");

        // raw operation to sObject Collections
        Object collection = producer.requestBody(
                scheme + ":raw?rawMethod=POST&rawPath=/services/data/v" + VERSION + "/composite/sobjects", """
                {"allOrNone": false, "records": [
                  {"attributes": {"type": "Contact"}, "LastName": "Hopper", "Email": "grace@navy.example"},
                  {"attributes": {"type": "Lead"}, "LastName": "No company"}
                ]}""");
        JsonNode results = json(collection);
        assertThat(results.get(0).path("success").asBoolean()).isTrue();
        assertThat(results.get(1).path("errors").get(0).path("statusCode").asText())
                .isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(salesforce.records("Contact").orElseThrow())
                .extracting(r -> r.path("Email").asText())
                .containsExactly("grace@navy.example");
        assertThat(requests("POST /services/data/{version}/composite/sobjects")).isEqualTo(1);

        // the session expires: camel logs in again (at the instance URL) and replays the query
        salesforce.expireAccessTokens();
        Object again = producer.requestBodyAndHeader(
                scheme + ":query?rawPayload=true",
                null,
                SalesforceEndpointConfig.SOBJECT_QUERY,
                "SELECT Id FROM Lead WHERE Email = 'ada@engines.example'");
        assertThat(json(again).path("records").get(0).path("Id").asText()).isEqualTo(leadId);
        assertThat(requests("POST /services/oauth2/token")).isEqualTo(2);
        assertThat(requests("GET /services/data/{version}/query")).isEqualTo(3);

        // stopping the component revokes its access token
        component.stop();
        camel.removeComponent(scheme);
        assertThat(requests("GET /services/oauth2/revoke")).isEqualTo(1);
        // six REST requests reached the simulator; the one refused with 401 does not count against the daily limit
        assertThat(salesforce.stats().totalRequests()).isEqualTo(6);
        assertThat(salesforce.usageToday()).isEqualTo(5);
    }

    @Test
    void longQueriesPassUpToSalesforcesUriLimit() throws Exception {
        String token = salesforce
                .token(
                        Map.of(
                                "grant_type",
                                "refresh_token",
                                "client_id",
                                salesforce.clientId(),
                                "client_secret",
                                salesforce.clientSecret(),
                                "refresh_token",
                                salesforce.seedRefreshToken()),
                        base() + "/sandbox/salesforce")
                .path("access_token")
                .asText();
        HttpHeaders headers = new HttpHeaders();
        headers.setBearerAuth(token);
        for (int emails : new int[] {400, 700}) {
            StringBuilder in = new StringBuilder();
            for (int i = 0; i < emails; i++) {
                in.append(i == 0 ? "" : ",").append("'visitor").append(i).append("@example.com'");
            }
            URI uri = UriComponentsBuilder.fromUriString(
                            base() + "/sandbox/salesforce/services/data/v" + VERSION + "/query/")
                    .queryParam("q", "SELECT Id FROM Lead WHERE Email IN (" + in + ")")
                    .encode()
                    .build()
                    .toUri();
            var answer = rest.exchange(uri, HttpMethod.GET, new HttpEntity<>(headers), String.class);
            if (uri.toString().length() - base().length() <= 16_384) {
                assertThat(uri.toString().length()).isGreaterThan(8_192);
                assertThat(answer.getStatusCode().value()).isEqualTo(200);
            } else {
                assertThat(answer.getStatusCode().value()).isEqualTo(414);
            }
        }
    }
}
