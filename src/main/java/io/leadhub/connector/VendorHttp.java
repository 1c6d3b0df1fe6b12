package io.leadhub.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadhub.integration.Integration;
import io.leadhub.platform.HubMetrics;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one way connectors call a vendor. Sends each request through the vendor's YAML API route
 * (which holds the rate-window step and the camel-http endpoint), and applies the shared rules:
 * an expired token is refreshed once and the request replayed; a throttle waits (Retry-After or
 * the vendor's window) and retries; 5xx and I/O errors are retried with exponential backoff
 * ({@link RetryBackoff}).
 * When attempts run out it raises {@link VendorCallException} with RATE_LIMITED or
 * VENDOR_UNAVAILABLE; any other answer (2xx, 207, 4xx) is returned for the connector to read.
 * A used-up daily quota is never retried: it pauses the integration until the vendor's reset
 * ({@link QuotaPause}), and no request leaves while the pause runs. Every request first passes
 * {@link OutboundGuard} (the destination resolves to public addresses only).
 */
@Component
public class VendorHttp {
    private static final Logger LOG = LoggerFactory.getLogger(VendorHttp.class);
    public static final String PROP_INTEGRATION = "integrationId";
    public static final String PROP_VENDOR = "vendor";

    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final TokenService tokens;
    private final RateLimiter windows;
    private final HubMetrics metrics;
    private final QuotaPause quotaPause;
    private final RetryBackoff backoff;
    private final OutboundGuard guard;

    public VendorHttp(
            ProducerTemplate producer,
            ObjectMapper json,
            TokenService tokens,
            RateLimiter windows,
            HubMetrics metrics,
            QuotaPause quotaPause,
            RetryBackoff backoff,
            OutboundGuard guard) {
        this.guard = guard;
        this.producer = producer;
        this.json = json;
        this.tokens = tokens;
        this.windows = windows;
        this.metrics = metrics;
        this.quotaPause = quotaPause;
        this.backoff = backoff;
    }

    public VendorResponse call(Integration integration, VendorPolicy policy, VendorRequest request) {
        quotaPause.requireOpen(integration);
        String token = tokens.accessToken(integration, policy.tokenPath());
        boolean refreshed = false;
        String lastProblem = "";
        for (int attempt = 1; ; attempt++) {
            VendorResponse r;
            try {
                r = send(integration, policy, request, token);
            } catch (TransportFailure e) {
                lastProblem = readable(e.getMessage());
                if (backoff.exhausted(attempt)) {
                    throw new VendorCallException(
                            ErrorCategory.VENDOR_UNAVAILABLE,
                            null,
                            request.describe() + " failed after " + attempt + " attempts: " + lastProblem);
                }
                backoff.pause(attempt);
                continue;
            }
            if (policy.authExpired(r)) {
                if (refreshed) {
                    throw new VendorCallException(
                            ErrorCategory.AUTHENTICATION,
                            String.valueOf(r.status()),
                            "the vendor rejected a freshly refreshed token: " + summary(r));
                }
                token = tokens.refresh(integration, token, policy.tokenPath());
                refreshed = true;
                attempt--;
                continue;
            }
            Optional<VendorCallException> quota = policy.quotaExhausted(integration, r);
            if (quota.isPresent()) throw quotaPause.started(integration, quota.get());
            Optional<Duration> wait = policy.throttled(r);
            if (wait.isPresent()) {
                windows.pause(integration.vendor().key(), integration.id(), wait.get());
                lastProblem = "throttled (" + r.status() + ")";
                if (backoff.exhausted(attempt)) {
                    throw new VendorCallException(
                            ErrorCategory.RATE_LIMITED,
                            String.valueOf(r.status()),
                            request.describe() + " still throttled after " + attempt + " attempts: " + summary(r));
                }
                LOG.info(
                        "{} throttled {} for integration {}; waiting {}",
                        integration.vendor().key(),
                        request.describe(),
                        integration.id(),
                        wait.get());
                continue;
            }
            policy.pauseAfter(r)
                    .ifPresent(d -> windows.pause(integration.vendor().key(), integration.id(), d));
            if (policy.transientFailure(r)) {
                if (backoff.exhausted(attempt)) {
                    throw new VendorCallException(
                            ErrorCategory.VENDOR_UNAVAILABLE,
                            String.valueOf(r.status()),
                            request.describe() + " failed after " + attempt + " attempts: " + summary(r));
                }
                backoff.pause(attempt);
                continue;
            }
            return r;
        }
    }

    private VendorResponse send(Integration integration, VendorPolicy policy, VendorRequest request, String token) {
        guard.checkCall(integration.baseUrl() + request.path());
        Exchange answer = producer.send(policy.apiRoute(), ex -> {
            ex.setProperty(PROP_INTEGRATION, integration.id());
            ex.setProperty(PROP_VENDOR, integration.vendor().key());
            var m = ex.getMessage();
            m.setHeader(Exchange.HTTP_METHOD, request.method());
            m.setHeader(Exchange.HTTP_URI, integration.baseUrl() + request.path());
            if (request.query() != null) m.setHeader(Exchange.HTTP_QUERY, request.query());
            m.setHeader("Authorization", policy.authorization(token));
            m.setHeader("Accept", "application/json");
            request.headers().forEach(m::setHeader);
            if (request.body() != null) {
                m.setHeader(Exchange.CONTENT_TYPE, "application/json");
                m.setBody(writeJson(request.body()));
            } else {
                m.setBody(null);
            }
        });
        int answered = answer.getException() != null
                ? 0
                : answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        metrics.vendorCall(integration.orgId(), integration.vendor().key(), answered);
        VendorCallLog.record(request.describe(), answered);
        if (answer.getException() != null) {
            Throwable e = answer.getException();
            throw new TransportFailure(
                    e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        var m = answer.getMessage();
        int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        Map<String, String> headers = new LinkedHashMap<>();
        m.getHeaders().forEach((k, v) -> {
            if (v != null && !k.startsWith("Camel")) headers.put(k.toLowerCase(Locale.ROOT), v.toString());
        });
        String body = m.getBody(String.class);
        return new VendorResponse(status, headers, parse(body));
    }

    /**
     * The status and the vendor's own explanation ({@code message}, {@code error_description},
     * {@code errors[0].message}, else the body's text), bounded: a message for a lead's row, not
     * the raw answer.
     */
    private String summary(VendorResponse r) {
        JsonNode body = r.body();
        String text = "";
        if (body != null && body.isObject()) {
            text = body.path("message")
                    .asText(body.path("error_description")
                            .asText(body.path("errors").path(0).path("message").asText(body.toString())));
        } else if (body != null) {
            text = body.isTextual() ? body.asText() : body.toString();
        }
        text = readable(text);
        return "HTTP " + r.status()
                + (text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text));
    }

    /** Text from a vendor or the transport made fit for a message: no query strings, single spaces. */
    public static String readable(String text) {
        return text == null
                ? ""
                : VendorRequest.withoutQueryStrings(text)
                        .replaceAll("\\s+", " ")
                        .trim();
    }

    private String writeJson(Object body) {
        try {
            return body instanceof String s ? s : json.writeValueAsString(body);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialize vendor request", e);
        }
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) return null;
        try {
            return json.readTree(body);
        } catch (Exception e) {
            return json.getNodeFactory().textNode(body);
        }
    }

    private static final class TransportFailure extends RuntimeException {
        TransportFailure(String message) {
            super(message);
        }
    }
}
