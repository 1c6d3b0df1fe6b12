package io.leadhub.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Writes the uniform JSON error answer for the Camel API routes (used by the {@code api-errors}
 * route configuration). Client errors keep their reason; anything unexpected answers 500 with a
 * reference id and no internals, and is logged with its stack trace.
 */
@Component("apiErrorResponder")
public class ApiErrorResponder {
    private static final Logger LOG = LoggerFactory.getLogger(ApiErrorResponder.class);
    private final ObjectMapper json;

    public ApiErrorResponder(ObjectMapper json) {
        this.json = json;
    }

    public void answer(Exchange exchange) throws Exception {
        Throwable e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        ApiException api;
        if (e instanceof ApiException a) {
            api = a;
        } else {
            String ref = exchange.getExchangeId();
            LOG.error("Unexpected error in {} (reference {})", exchange.getFromRouteId(), ref, e);
            api = new ApiException(500, "internal", "unexpected error; reference " + ref);
        }
        var m = exchange.getMessage();
        m.removeHeaders("*");
        m.setHeader(Exchange.HTTP_RESPONSE_CODE, api.status());
        m.setHeader(Exchange.CONTENT_TYPE, "application/json");
        m.setBody(json.writeValueAsString(ErrorBody.of(api)));
    }
}
