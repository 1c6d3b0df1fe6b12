package io.leadhub.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.DefaultResponseErrorHandler;
import org.springframework.web.client.RestTemplate;

/** A RestTemplate that hands back 4xx/5xx answers instead of throwing, so tests assert on them. */
public final class Http {
    private Http() {}

    public static RestTemplate client() {
        RestTemplate t = new RestTemplate(new SimpleClientHttpRequestFactory());
        t.setErrorHandler(new DefaultResponseErrorHandler() {
            @Override
            public boolean hasError(ClientHttpResponse response) {
                return false;
            }
        });
        return t;
    }

    /** A call with an API key that must succeed (2xx); answers the JSON body. */
    public static JsonNode call(
            RestTemplate rest, String key, HttpMethod method, String url, Object body, String type) {
        HttpHeaders h = new HttpHeaders();
        h.setBearerAuth(key);
        h.setContentType(MediaType.valueOf(type));
        var answer = rest.exchange(url, method, new HttpEntity<>(body, h), JsonNode.class);
        assertThat(answer.getStatusCode().is2xxSuccessful())
                .as(method + " " + url + " -> " + answer.getBody())
                .isTrue();
        return answer.getBody();
    }

    /** The body that connects HubSpot to the sandbox simulator at {@code simulatorsUrl} with its OAuth client. */
    public static Map<String, Object> sandboxHubSpot(String simulatorsUrl) {
        return Map.of(
                "baseUrl",
                simulatorsUrl + "/sandbox/hubspot",
                "credentials",
                Map.of(
                        "refreshToken",
                        "sandbox-hubspot-refresh",
                        "clientId",
                        "sandbox-hubspot-client",
                        "clientSecret",
                        "sandbox-hubspot-secret"));
    }
}
