package io.leadhub.connect;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.leadhub.connector.OutboundGuard;
import io.leadhub.connector.TokenService;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.Vendor;
import io.leadhub.support.HubTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;

/**
 * Where the hub's outbound calls may go, through the API: refused base URLs store nothing, a token
 * URL in the credentials is ignored, and redirects are not followed. {@code api.hubapi.com} resolves
 * to the cloud metadata address here (a stubbed resolver), so the address check is seen at the API.
 */
@Import(OutboundCallsTest.MetadataDns.class)
class OutboundCallsTest extends HubTest {
    @TestConfiguration
    static class MetadataDns {
        @Bean
        OutboundGuard.HostResolver hostResolver() {
            return host -> "api.hubapi.com".equals(host)
                    ? new InetAddress[] {InetAddress.getByName("169.254.169.254")}
                    : InetAddress.getAllByName(host);
        }
    }

    @Autowired
    TokenService tokens;

    @Autowired
    IntegrationRepository integrations;

    @Autowired
    ProducerTemplate producer;

    private HttpServer trap;
    private final AtomicInteger trapHits = new AtomicInteger();

    @BeforeEach
    void startTrap() throws IOException {
        trap = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        trap.createContext("/", ex -> {
            trapHits.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        trap.start();
    }

    @AfterEach
    void stopTrap() {
        trap.stop(0);
    }

    private String trapUrl() {
        return "http://127.0.0.1:" + trap.getAddress().getPort();
    }

    private void assertRefusedAndNothingStored(String baseUrl, String reason) {
        String org = newOrg(false);
        var put = send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/hubspot"),
                OPERATOR,
                Map.of("baseUrl", baseUrl, "credentials", Map.of("refreshToken", "r", "clientId", "c")));
        assertThat(put.getStatusCode().value()).isEqualTo(422);
        assertThat(put.getBody().toString()).contains(reason);
        assertThat(integrations.forOrg(org)).isEmpty();
    }

    @Test
    void aBaseUrlOffTheAllowListIsRefused() {
        assertRefusedAndNothingStored("https://evil.example.com/internal", "not a hubspot host");
    }

    @Test
    void plainHttpIsRefused() {
        assertRefusedAndNothingStored("http://api.hubapi.com", "https");
    }

    @Test
    void aHostResolvingToTheMetadataAddressIsRefused() {
        assertRefusedAndNothingStored("https://api.hubapi.com", "169.254.169.254");
    }

    @Test
    void aTokenUrlInTheCredentialsIsIgnored() {
        String org = newOrg(true);
        var integration = integrations.find(org, Vendor.HUBSPOT).orElseThrow();
        Map<String, Object> creds = new LinkedHashMap<>(integrations.credentials(integration.id()));
        creds.remove("accessToken");
        creds.put("tokenUrl", trapUrl() + "/steal");
        integrations.saveCredentials(integration.id(), creds, null);
        assertThat(tokens.accessToken(integration, "/oauth/v1/token")).isNotBlank();
        assertThat(trapHits.get()).isZero();
    }

    @Test
    void aRedirectToAnotherHostIsNotFollowed() throws IOException {
        HttpServer redirector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        redirector.createContext("/", ex -> {
            ex.getResponseHeaders()
                    .add("Location", "http://localhost:" + trap.getAddress().getPort() + "/steal");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        redirector.start();
        try {
            Exchange answer = producer.send("direct:oauth-token-request", ex -> {
                ex.getMessage()
                        .setHeader(
                                Exchange.HTTP_URI,
                                "http://127.0.0.1:" + redirector.getAddress().getPort() + "/token");
                ex.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
                ex.getMessage().setBody("grant_type=refresh_token&refresh_token=secret");
            });
            assertThat(answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class))
                    .isEqualTo(302);
            assertThat(trapHits.get()).isZero();
        } finally {
            redirector.stop(0);
        }
    }
}
