package io.leadhub.connector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * OAuth access tokens of integrations. Refreshes ahead of expiry and on demand, one refresh at a
 * time per integration across every instance: the refresh runs in a transaction holding the
 * integration's row lock ({@code SELECT … FOR UPDATE}), and a caller that waited for the lock
 * re-reads the stored token and only refreshes if it is still the stale one. A rotated refresh token
 * is stored in the same update as the new access token and committed with the lock's release, so
 * the next instance never presents the retired one. Callers in one JVM also queue on a local
 * monitor first, so only one of them at a time waits on the database. A refused refresh ({@code invalid_grant}) marks the integration
 * {@code NEEDS_REAUTH} and raises AUTHENTICATION instead of retrying.
 *
 * <p>The token URL comes from the hub's configuration only ({@link OutboundGuard#tokenUrl}), never from
 * the integration's settings or credentials, and passes the outbound address check before each call.
 *
 * <p>Credentials map keys: accessToken, refreshToken, clientId, clientSecret (a stored tokenUrl is ignored),
 * grantType (optional: {@code refresh_token} by default; {@code client_credentials} for vendors that
 * issue tokens to the client itself, with the parameters in the query string and no refresh token),
 * clientAuth (optional: {@code basic} sends the client id and secret as HTTP Basic instead of form fields).
 */
@Service
public class TokenService {
    private static final Logger LOG = LoggerFactory.getLogger(TokenService.class);
    private static final Duration EARLY = Duration.ofSeconds(60);
    private static final String CLIENT_CREDENTIALS = "client_credentials";
    private final IntegrationRepository integrations;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final OutboundGuard guard;
    private final Map<Long, Object> locks = new ConcurrentHashMap<>();
    private final TransactionTemplate tx;

    public TokenService(
            IntegrationRepository integrations,
            ProducerTemplate producer,
            ObjectMapper json,
            OutboundGuard guard,
            PlatformTransactionManager transactions) {
        this.integrations = integrations;
        this.tx = new TransactionTemplate(transactions);
        this.guard = guard;
        this.producer = producer;
        this.json = json;
    }

    /** A usable access token, refreshed first if it expires within a minute. */
    public String accessToken(Integration integration, String tokenPath) {
        IntegrationRepository.WithCredentials stored = active(integration);
        String token = (String) stored.credentials().get("accessToken");
        Instant exp = stored.integration().tokenExpiresAt();
        if (token == null || (exp != null && Instant.now().plus(EARLY).isAfter(exp))) {
            return refresh(integration, token, tokenPath);
        }
        return token;
    }

    /** Refreshes unless another caller already replaced {@code staleToken}; answers the current token. */
    public String refresh(Integration integration, String staleToken, String tokenPath) {
        synchronized (locks.computeIfAbsent(integration.id(), k -> new Object())) {
            // a refusal is committed (NEEDS_REAUTH) before it is raised, so it is not rolled back
            Object answer = tx.execute(status -> {
                try {
                    return refreshLocked(integration, staleToken, tokenPath);
                } catch (VendorCallException e) {
                    return e;
                }
            });
            if (answer instanceof VendorCallException e) throw e;
            return (String) answer;
        }
    }

    private String refreshLocked(Integration integration, String staleToken, String tokenPath) {
        if (!integrations.lockForTokenRefresh(integration.id()))
            throw VendorCallException.integrationInactive("deleted");
        // re-read after the lock: another caller (on any instance) may have refreshed, or been refused
        // (NEEDS_REAUTH: no second try)
        IntegrationRepository.WithCredentials stored = active(integration);
        Instant exp = stored.integration().tokenExpiresAt();
        Map<String, Object> creds = stored.credentials();
        String current = (String) creds.get("accessToken");
        boolean fresh = current != null
                && !current.equals(staleToken)
                && (exp == null || Instant.now().plus(EARLY).isBefore(exp));
        if (fresh) return current;
        return requestToken(integration, creds, tokenPath);
    }

    /**
     * The integration as stored now; a call on an integration that is no longer CONNECTED (disabled,
     * disconnected, or refused at an earlier refresh) is stopped before anything reaches the vendor.
     */
    private IntegrationRepository.WithCredentials active(Integration integration) {
        IntegrationRepository.WithCredentials current = integrations
                .withCredentials(integration.id())
                .orElseThrow(() -> VendorCallException.integrationInactive("deleted"));
        Integration.ConnectionState state = current.integration().state();
        if (state != Integration.ConnectionState.CONNECTED) throw VendorCallException.integrationInactive(state.name());
        return current;
    }

    private String requestToken(Integration integration, Map<String, Object> creds, String tokenPath) {
        boolean clientCredentials = CLIENT_CREDENTIALS.equals(creds.get("grantType"));
        Object refreshToken = creds.get("refreshToken");
        if (refreshToken == null && !clientCredentials) {
            throw needsReauth(integration, "no refresh token stored");
        }
        String tokenUrl = guard.tokenUrl(integration.vendor(), integration.baseUrl(), tokenPath);
        guard.checkCall(tokenUrl);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", clientCredentials ? CLIENT_CREDENTIALS : "refresh_token");
        if (!clientCredentials) form.put("refresh_token", refreshToken.toString());
        boolean basic = "basic".equals(creds.get("clientAuth"));
        if (!basic) {
            form.put("client_id", String.valueOf(creds.get("clientId")));
            form.put("client_secret", String.valueOf(creds.get("clientSecret")));
        }
        String encoded = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        Exchange answer = producer.send("direct:oauth-token-request", ex -> {
            ex.getMessage().setHeader(Exchange.HTTP_URI, tokenUrl);
            if (basic) {
                String pair = creds.get("clientId") + ":" + creds.get("clientSecret");
                ex.getMessage()
                        .setHeader(
                                "Authorization",
                                "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
            if (clientCredentials) {
                // client credentials travel in the query string (no body)
                ex.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
                ex.getMessage().setHeader(Exchange.HTTP_QUERY, encoded);
                ex.getMessage().setBody(null);
            } else {
                ex.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
                ex.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
                ex.getMessage().setBody(encoded);
            }
        });
        if (answer.getException() != null) {
            throw new VendorCallException(
                    ErrorCategory.VENDOR_UNAVAILABLE,
                    null,
                    "token endpoint unreachable: "
                            + answer.getException().getClass().getSimpleName());
        }
        int status = answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        JsonNode node = parse(answer.getMessage().getBody(String.class));
        if (status >= 500) {
            throw new VendorCallException(
                    ErrorCategory.VENDOR_UNAVAILABLE, String.valueOf(status), "token endpoint answered " + status);
        }
        if (status != 200 || !node.hasNonNull("access_token")) {
            String code = node.path("error").asText(node.path("status").asText("HTTP_" + status));
            throw needsReauth(integration, "token refresh refused (" + code + ")");
        }
        Map<String, Object> updated = new LinkedHashMap<>(creds);
        updated.put("accessToken", node.get("access_token").asText());
        if (node.hasNonNull("refresh_token"))
            updated.put("refreshToken", node.get("refresh_token").asText());
        Instant expiresAt = node.hasNonNull("expires_in")
                ? Instant.now().plusSeconds(node.get("expires_in").asLong())
                : null;
        integrations.saveCredentials(integration.id(), updated, expiresAt);
        LOG.info(
                "Refreshed the access token of integration {} ({} {})",
                integration.id(),
                integration.orgId(),
                integration.vendor().key());
        return (String) updated.get("accessToken");
    }

    private VendorCallException needsReauth(Integration integration, String reason) {
        integrations.setState(integration.id(), Integration.ConnectionState.NEEDS_REAUTH, reason);
        LOG.warn(
                "Integration {} ({} {}) needs re-authorization: {}",
                integration.id(),
                integration.orgId(),
                integration.vendor().key(),
                reason);
        return new VendorCallException(
                ErrorCategory.AUTHENTICATION,
                "invalid_grant",
                "the vendor refused the stored credentials (" + reason
                        + "); the integration needs to be connected again");
    }

    private JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (Exception e) {
            return json.createObjectNode();
        }
    }
}
