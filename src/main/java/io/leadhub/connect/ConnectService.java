package io.leadhub.connect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadhub.connector.OutboundGuard;
import io.leadhub.connector.OutboundRefused;
import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.IntegrationSettingsValidator;
import io.leadhub.integration.Vendor;
import io.leadhub.mapping.MappingDefaults;
import io.leadhub.mapping.MappingRepository;
import io.leadhub.platform.ApiException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Connecting an integration (SPEC §6): the OAuth 2.0 authorization-code flow with {@code state} and
 * PKCE (S256) for HubSpot, Salesforce, Pardot (through Salesforce's login), Zoho and Pipedrive, and
 * Marketo's client-credentials check. Connecting again on a connected or NEEDS_REAUTH integration is
 * the re-auth: the credentials are replaced and the HELD leads released per the sync mode.
 */
@Service
public class ConnectService {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectService.class);
    /** Marketo's identity endpoint below the instance's REST URL (the {@code {tokenPath}} of its token-url rule). */
    private static final String MARKETO_TOKEN_PATH = "/identity/oauth/token";

    private final OAuthClientRegistry clients;
    private final OAuthStateStore states;
    private final IntegrationRepository integrations;
    private final ConnectionLifecycle lifecycle;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final MappingDefaults defaults;
    private final MappingRepository mappings;
    private final Map<Vendor, IntegrationSettingsValidator> validators;
    private final OutboundGuard guard;

    ConnectService(
            OAuthClientRegistry clients,
            OAuthStateStore states,
            IntegrationRepository integrations,
            ConnectionLifecycle lifecycle,
            ProducerTemplate producer,
            ObjectMapper json,
            MappingDefaults defaults,
            MappingRepository mappings,
            List<IntegrationSettingsValidator> validators,
            OutboundGuard guard) {
        this.guard = guard;
        this.clients = clients;
        this.states = states;
        this.integrations = integrations;
        this.lifecycle = lifecycle;
        this.producer = producer;
        this.json = json;
        this.defaults = defaults;
        this.mappings = mappings;
        this.validators = validators.stream()
                .collect(Collectors.toMap(IntegrationSettingsValidator::vendor, Function.identity()));
    }

    /** The connect body: all optional; Marketo needs clientId, clientSecret and baseUrl. */
    public record ConnectBody(
            String baseUrl,
            Map<String, Object> settings,
            Integration.SyncMode syncMode,
            String clientId,
            String clientSecret) {
        static final ConnectBody EMPTY = new ConnectBody(null, null, null, null, null);
    }

    /** What the callback stored, for the answer. */
    record Connected(Integration integration, boolean reauth, int released) {}

    /** Starts a connect: answers the authorization URL (redirect vendors) or the connected integration (Marketo). */
    public Map<String, Object> connect(String org, Vendor vendor, ConnectBody body) {
        ConnectBody b = body == null ? ConnectBody.EMPTY : body;
        requireNoOtherActive(org, vendor);
        var existing = integrations.find(org, vendor);
        Map<String, Object> settings = b.settings() != null
                ? b.settings()
                : existing.map(Integration::settings).orElse(Map.of());
        validateSettings(vendor, settings);
        if (b.baseUrl() != null && !b.baseUrl().matches("https?://.+"))
            throw ApiException.unprocessable("'baseUrl' must be an http(s) URL");
        if (b.baseUrl() != null) allowedBaseUrl(vendor, b.baseUrl());
        if (vendor == Vendor.MARKETO) return marketo(org, b, settings);

        OAuthClient client = clients.client(vendor);
        if (OAuthClientRegistry.blank(client.getAuthorizeUrl())) {
            throw ApiException.unprocessable("no authorize URL is configured for " + vendor.key() + " (hub.oauth."
                    + vendor.key() + ".authorize-url)");
        }
        states.purge();
        String verifier = client.isPkce() ? OAuthStateStore.newVerifier() : null;
        String redirectUri = clients.redirectUri();
        Map<String, Object> request = new LinkedHashMap<>();
        if (b.baseUrl() != null) request.put("baseUrl", b.baseUrl().replaceAll("/+$", ""));
        if (b.settings() != null) request.put("settings", b.settings());
        if (b.syncMode() != null) request.put("syncMode", b.syncMode().name());
        OAuthStateStore.Issued issued = states.issue(org, vendor, redirectUri, verifier, write(request));

        StringBuilder url = new StringBuilder(clients.resolveForBrowser(client.getAuthorizeUrl()));
        url.append(url.indexOf("?") < 0 ? '?' : '&');
        url.append("response_type=code&client_id=")
                .append(enc(client.getClientId()))
                .append("&redirect_uri=")
                .append(enc(redirectUri))
                .append("&state=")
                .append(enc(issued.state()));
        if (!OAuthClientRegistry.blank(client.getScopes()))
            url.append("&scope=").append(enc(client.getScopes()));
        if (verifier != null)
            url.append("&code_challenge=")
                    .append(OAuthStateStore.challenge(verifier))
                    .append("&code_challenge_method=S256");
        if (!OAuthClientRegistry.blank(client.getExtraAuthorizeParams()))
            url.append('&').append(client.getExtraAuthorizeParams());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("authorizationUrl", url.toString());
        out.put("state", issued.state());
        out.put("expiresAt", issued.expiresAt());
        out.put("redirectUri", redirectUri);
        return out;
    }

    /**
     * Completes a connect: the state must be known, unused, unexpired; the code is exchanged at the
     * vendor's token URL with the PKCE verifier; only then is anything stored.
     */
    Connected callback(String code, String state, String error, String errorDescription) {
        OAuthStateStore.Redeemed r;
        try {
            r = states.redeem(state);
        } catch (OAuthStateStore.Refused e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (error != null && !error.isBlank()) {
            LOG.info(
                    "Connect of {} for org {} refused at the consent page ({})",
                    r.vendor().key(),
                    r.orgId(),
                    error);
            throw ApiException.badRequest(
                    "access_denied".equals(error)
                            ? "the " + r.vendor().key() + " user denied access (access_denied); nothing was changed"
                            : r.vendor().key() + " answered " + error
                                    + (errorDescription == null ? "" : ": " + errorDescription)
                                    + "; nothing was changed");
        }
        if (code == null || code.isBlank()) throw ApiException.badRequest("the callback carries no code");
        requireNoOtherActive(r.orgId(), r.vendor());
        OAuthClient client = clients.client(r.vendor());
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", r.redirectUri());
        if (r.codeVerifier() != null) form.put("code_verifier", r.codeVerifier());
        JsonNode token = exchange(r.vendor(), client, form);
        Map<String, Object> request = read(r.request());

        var existing = integrations.find(r.orgId(), r.vendor());
        String baseUrl = firstNonBlank(
                (String) request.get("baseUrl"),
                clients.resolve(client.getApiUrl()),
                token.path("instance_url").asText(null),
                token.path("api_domain").asText(null),
                existing.map(Integration::baseUrl).orElse(null));
        if (baseUrl == null)
            throw ApiException.badRequest("no API base URL: pass baseUrl to connect or configure hub.oauth."
                    + r.vendor().key() + ".api-url");
        allowedBaseUrl(r.vendor(), baseUrl);
        @SuppressWarnings("unchecked")
        Map<String, Object> settings = request.get("settings") instanceof Map<?, ?> m
                ? (Map<String, Object>) m
                : existing.map(Integration::settings).orElse(Map.of());
        Integration.SyncMode mode = request.get("syncMode") != null
                ? Integration.SyncMode.valueOf((String) request.get("syncMode"))
                : existing.map(Integration::syncMode).orElse(Integration.SyncMode.AUTOMATIC);

        Map<String, Object> creds = new LinkedHashMap<>();
        creds.put("accessToken", token.get("access_token").asText());
        if (token.hasNonNull("refresh_token"))
            creds.put("refreshToken", token.get("refresh_token").asText());
        creds.put("clientId", client.getClientId());
        creds.put("clientSecret", client.getClientSecret());
        creds.put("tokenUrl", clients.resolve(client.getTokenUrl()));
        if (client.getClientAuth() == OAuthClient.ClientAuth.BASIC) creds.put("clientAuth", "basic");
        Instant expiresAt = token.hasNonNull("expires_in")
                ? Instant.now().plusSeconds(token.get("expires_in").asLong())
                : null;
        return store(r.orgId(), r.vendor(), existing.orElse(null), mode, baseUrl, settings, creds, expiresAt);
    }

    /** Marketo: client credentials checked by fetching a token; connected at once. */
    private Map<String, Object> marketo(String org, ConnectBody b, Map<String, Object> settings) {
        var existing = integrations.find(org, Vendor.MARKETO);
        String baseUrl = b.baseUrl() != null
                ? b.baseUrl().replaceAll("/+$", "")
                : existing.map(Integration::baseUrl).orElse(null);
        if (OAuthClientRegistry.blank(b.clientId()) || OAuthClientRegistry.blank(b.clientSecret()) || baseUrl == null) {
            throw ApiException.unprocessable(
                    "marketo connects with 'clientId', 'clientSecret' and 'baseUrl' (the REST endpoint of the instance, "
                            + "e.g. https://123-ABC-456.mktorest.com)");
        }
        allowedBaseUrl(Vendor.MARKETO, baseUrl);
        String tokenUrl = guard.tokenUrl(Vendor.MARKETO, baseUrl, MARKETO_TOKEN_PATH);
        callable(tokenUrl);
        String query = "grant_type=client_credentials&client_id=" + enc(b.clientId()) + "&client_secret="
                + enc(b.clientSecret());
        Exchange answer = producer.send("direct:oauth-token-request", ex -> {
            ex.getMessage().setHeader(Exchange.HTTP_URI, tokenUrl);
            ex.getMessage().setHeader(Exchange.HTTP_METHOD, "GET");
            ex.getMessage().setHeader(Exchange.HTTP_QUERY, query);
            ex.getMessage().setBody(null);
        });
        JsonNode token = answerJson(answer);
        int status = status(answer);
        requireReached(answer, status, "marketo's identity endpoint", "");
        if (status != 200 || !token.hasNonNull("access_token")) {
            throw ApiException.unprocessable("marketo refused the client id / secret (" + describe(answer) + ")");
        }
        Map<String, Object> creds = new LinkedHashMap<>();
        creds.put("grantType", "client_credentials");
        creds.put("clientId", b.clientId());
        creds.put("clientSecret", b.clientSecret());
        creds.put("tokenUrl", tokenUrl);
        creds.put("accessToken", token.get("access_token").asText());
        Instant expiresAt = token.hasNonNull("expires_in")
                ? Instant.now().plusSeconds(token.get("expires_in").asLong())
                : null;
        Integration.SyncMode mode = b.syncMode() != null
                ? b.syncMode()
                : existing.map(Integration::syncMode).orElse(Integration.SyncMode.AUTOMATIC);
        Connected c = store(org, Vendor.MARKETO, existing.orElse(null), mode, baseUrl, settings, creds, expiresAt);
        Map<String, Object> out = new LinkedHashMap<>(c.integration().view());
        out.put("released", c.released());
        return out;
    }

    private Connected store(
            String org,
            Vendor vendor,
            Integration before,
            Integration.SyncMode mode,
            String baseUrl,
            Map<String, Object> settings,
            Map<String, Object> creds,
            Instant expiresAt) {
        long id = integrations.upsert(
                org, vendor, mode, baseUrl.replaceAll("/+$", ""), settings, Integration.ConnectionState.DISCONNECTED);
        if (before == null || noFieldMappings(id)) {
            defaults.all(vendor).forEach((object, rows) -> mappings.replaceFields(org, id, object, rows));
        }
        integrations.saveCredentials(id, creds, expiresAt);
        int released = lifecycle.connected(id);
        boolean reauth = before != null && before.state() != Integration.ConnectionState.DISCONNECTED;
        LOG.info(
                "Integration {} ({} {}) {}; {} held leads released",
                id,
                org,
                vendor.key(),
                reauth ? "re-authorized" : "connected",
                released);
        return new Connected(integrations.byId(id).orElseThrow(), reauth, released);
    }

    /** A new integration gets the vendor's default field mappings; a reconnect keeps the ones it had. */
    private boolean noFieldMappings(long integrationId) {
        return integrations
                .byId(integrationId)
                .map(i -> defaults.all(i.vendor()).keySet().stream()
                        .allMatch(o -> mappings.fields(integrationId, o).isEmpty()))
                .orElse(true);
    }

    private JsonNode exchange(Vendor vendor, OAuthClient client, Map<String, String> form) {
        boolean basic = client.getClientAuth() == OAuthClient.ClientAuth.BASIC;
        Map<String, String> f = new LinkedHashMap<>(form);
        if (!basic) {
            f.put("client_id", client.getClientId());
            f.put("client_secret", client.getClientSecret() == null ? "" : client.getClientSecret());
        }
        String body = f.entrySet().stream()
                .map(e -> e.getKey() + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        String tokenUrl = clients.resolve(client.getTokenUrl());
        callable(tokenUrl);
        Exchange answer = producer.send("direct:oauth-token-request", ex -> {
            var m = ex.getMessage();
            m.setHeader(Exchange.HTTP_URI, tokenUrl);
            m.setHeader(Exchange.HTTP_METHOD, "POST");
            m.setHeader(Exchange.CONTENT_TYPE, "application/x-www-form-urlencoded");
            m.setHeader("Accept", "application/json");
            if (basic) {
                String pair = client.getClientId() + ":" + client.getClientSecret();
                m.setHeader(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
            }
            m.setBody(body);
        });
        JsonNode token = answerJson(answer);
        int status = status(answer);
        requireReached(
                answer, status, vendor.key() + "'s token endpoint", "; nothing was stored, start the connect again");
        if (status != 200 || !token.hasNonNull("access_token")) {
            String reason = token.path("error").asText(token.path("status").asText("HTTP " + status));
            String detail =
                    token.path("error_description").asText(token.path("message").asText(""));
            throw ApiException.badRequest(vendor.key() + " refused the authorization code (" + reason
                    + (detail.isEmpty() ? "" : ": " + detail) + "); nothing was stored, start the connect again");
        }
        return token;
    }

    /** A base URL on the vendor's hosts and public addresses; else 422 and nothing stored. */
    private void allowedBaseUrl(Vendor vendor, String baseUrl) {
        try {
            guard.checkBaseUrl(vendor, baseUrl);
        } catch (OutboundRefused e) {
            throw ApiException.unprocessable("'baseUrl' refused: " + e.getMessage());
        }
    }

    /** A token URL the hub may call now (public addresses); else 422 and nothing stored. */
    private void callable(String url) {
        try {
            guard.check(url);
        } catch (OutboundRefused e) {
            throw ApiException.unprocessable("token endpoint refused: " + e.getMessage() + "; nothing was stored");
        }
    }

    private void requireNoOtherActive(String org, Vendor vendor) {
        integrations.activeInCategory(org, vendor).ifPresent(other -> {
            throw ApiException.conflict("org '" + org + "' already has an active " + vendor.category()
                    + " integration: " + other.vendor().key() + " (" + other.state()
                    + "); disconnect it before connecting " + vendor.key());
        });
    }

    private void validateSettings(Vendor vendor, Map<String, Object> settings) {
        IntegrationSettingsValidator validator = validators.get(vendor);
        List<String> problems = validator == null ? List.of() : validator.problems(settings);
        if (!problems.isEmpty()) {
            throw new ApiException(
                    422, "invalid_settings", vendor.key() + " settings: " + String.join("; ", problems), problems);
        }
    }

    private JsonNode answerJson(Exchange answer) {
        if (answer.getException() != null) return json.createObjectNode();
        try {
            String body = answer.getMessage().getBody(String.class);
            return body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        } catch (Exception e) {
            return json.createObjectNode();
        }
    }

    private static int status(Exchange answer) {
        return answer.getException() != null
                ? 0
                : answer.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
    }

    private static String describe(Exchange answer) {
        return answer.getException() != null
                ? answer.getException().getClass().getSimpleName()
                : "HTTP " + status(answer);
    }

    private Map<String, Object> read(String s) {
        try {
            return s == null ? Map.of() : json.readValue(s, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (Exception e) {
            return Map.of();
        }
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v;
        return null;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    /** A token endpoint that did not answer, or answered 5xx: a 502 naming it ({@code after}: what the caller should do). */
    private void requireReached(Exchange answer, int status, String endpoint, String after) {
        if (answer.getException() != null || status >= 500) {
            throw new ApiException(
                    502, "vendor_unavailable", endpoint + " could not be reached (" + describe(answer) + ")" + after);
        }
    }
}
