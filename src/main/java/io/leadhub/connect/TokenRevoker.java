package io.leadhub.connect;

import io.leadhub.connector.OutboundGuard;
import io.leadhub.connector.OutboundRefused;
import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Revokes an integration's token at the vendor on disconnect (the refresh token when there is one,
 * else the access token), in the vendor's own shape ({@code hub.oauth.<vendor>.revoke-style}).
 * Best effort: a vendor without a revoke endpoint is skipped, a failure is logged and never blocks.
 */
@Component
class TokenRevoker {
    private static final Logger LOG = LoggerFactory.getLogger(TokenRevoker.class);
    private final OAuthClientRegistry clients;
    private final ProducerTemplate producer;
    private final OutboundGuard guard;

    TokenRevoker(OAuthClientRegistry clients, ProducerTemplate producer, OutboundGuard guard) {
        this.clients = clients;
        this.guard = guard;
        this.producer = producer;
    }

    /** Answers whether the vendor confirmed the revocation. */
    boolean revoke(Integration i, Map<String, Object> creds) {
        Object token = creds.get("refreshToken") != null ? creds.get("refreshToken") : creds.get("accessToken");
        OAuthClient client;
        try {
            client = clients.client(i.vendor());
        } catch (RuntimeException e) {
            return false;
        }
        if (token == null
                || client.getRevokeStyle() == OAuthClient.RevokeStyle.NONE
                || OAuthClientRegistry.blank(client.getRevokeUrl())) {
            LOG.info(
                    "Disconnect of integration {} ({} {}): no token revocation ({})",
                    i.id(),
                    i.orgId(),
                    i.vendor().key(),
                    token == null ? "no token stored" : "the vendor has no revoke endpoint");
            return false;
        }
        String url = clients.resolve(client.getRevokeUrl());
        try {
            guard.check(url.replace("{token}", "token"));
        } catch (OutboundRefused e) {
            LOG.warn("Disconnect of integration {}: no token revocation ({})", i.id(), e.getMessage());
            return false;
        }
        String encoded = URLEncoder.encode(token.toString(), StandardCharsets.UTF_8);
        try {
            Exchange answer = producer.send("direct:oauth-revoke-request", ex -> {
                var m = ex.getMessage();
                m.setBody(null);
                switch (client.getRevokeStyle()) {
                    case DELETE_PATH -> {
                        m.setHeader(Exchange.HTTP_METHOD, "DELETE");
                        m.setHeader(Exchange.HTTP_URI, url.replace("{token}", encoded));
                    }
                    case QUERY -> {
                        m.setHeader(Exchange.HTTP_METHOD, "POST");
                        m.setHeader(Exchange.HTTP_URI, url);
                        m.setHeader(Exchange.HTTP_QUERY, "token=" + encoded);
                    }
                    default -> {
                        m.setHeader(Exchange.HTTP_METHOD, "POST");
                        m.setHeader(Exchange.HTTP_URI, url);
                        m.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
                        m.setBody("token=" + encoded);
                    }
                }
                if (client.getClientAuth() == OAuthClient.ClientAuth.BASIC) {
                    String pair = creds.getOrDefault("clientId", client.getClientId()) + ":"
                            + creds.getOrDefault("clientSecret", client.getClientSecret());
                    m.setHeader(
                            "Authorization",
                            "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
                }
            });
            int status = answer.getException() != null
                    ? 0
                    : answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
            boolean ok = status >= 200 && status < 300 && !zohoStyleError(i.vendor(), answer);
            if (ok) {
                LOG.info(
                        "Disconnect of integration {} ({} {}): token revoked at the vendor",
                        i.id(),
                        i.orgId(),
                        i.vendor().key());
            } else {
                LOG.warn(
                        "Disconnect of integration {} ({} {}): the vendor did not revoke the token ({}); disconnecting anyway",
                        i.id(),
                        i.orgId(),
                        i.vendor().key(),
                        answer.getException() != null
                                ? answer.getException().getClass().getSimpleName()
                                : "HTTP " + status);
            }
            return ok;
        } catch (RuntimeException e) {
            LOG.warn(
                    "Disconnect of integration {} ({} {}): token revocation failed ({}); disconnecting anyway",
                    i.id(),
                    i.orgId(),
                    i.vendor().key(),
                    e.getClass().getSimpleName());
            return false;
        }
    }

    /** Zoho answers refusals with HTTP 200 and {@code {"status":"error"}} / {@code {"error":…}}. */
    private static boolean zohoStyleError(Vendor vendor, Exchange answer) {
        if (vendor != Vendor.ZOHO) return false;
        String body = answer.getMessage().getBody(String.class);
        return body != null && (body.contains("\"error\"") || body.contains("\"status\":\"error\""));
    }
}
