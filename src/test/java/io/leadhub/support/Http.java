package io.leadhub.support;

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
}
