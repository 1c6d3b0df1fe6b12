package io.leadhub.sandbox.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorInterceptor;
import io.leadhub.sandbox.SimulatorResponseException;
import io.leadhub.sandbox.SimulatorStore;
import io.leadhub.sandbox.VendorSimulator;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The HubSpot simulator's state and cross-cutting behaviour: OAuth tokens (kept in the
 * {@link SimulatorStore} so they survive a restart), bearer authentication, the ten-second
 * rolling rate limit and the run-time configuration. The CRM objects live in {@link HubSpotCrm}.
 */
@Component
@Profile("sandbox")
public class HubSpotSimulator extends VendorSimulator {

    public static final String NAME = "hubspot";
    public static final List<String> OBJECTS =
            List.of("contacts", "companies", "associations", "notes", "calls", "meetings", "emails", "tasks");
    static final Set<String> TOKEN_TEMPLATES =
            Set.of("/oauth/v1/token", "/oauth/authorize", "/oauth/v1/refresh-tokens/{token}");

    static final String REFRESH_TOKENS = "_refresh_tokens";
    static final long WINDOW_MS = 10_000;

    private final String clientId;
    private final String clientSecret;
    private final String seedRefreshToken;
    private final long defaultTokenTtlSeconds;
    private final int defaultRateLimit;
    private final Deque<Long> window = new ArrayDeque<>();
    /** Every request of the last ten seconds, refused ones too: what the callers asked, whatever was allowed. */
    private final Deque<Long> asked = new ArrayDeque<>();

    private int peakPer10s;
    private long refused;

    private volatile long tokenTtlSeconds;
    private volatile int rateLimitPer10s;

    @Autowired
    public HubSpotSimulator(
            SimulatorStore store,
            @Value("${hub.sandbox.hubspot.client-id:sandbox-hubspot-client}") String clientId,
            @Value("${hub.sandbox.hubspot.client-secret:sandbox-hubspot-secret}") String clientSecret,
            @Value("${hub.sandbox.hubspot.seed-refresh-token:sandbox-hubspot-refresh}") String seedRefreshToken,
            @Value("${hub.sandbox.hubspot.token-ttl:1800}") long tokenTtlSeconds,
            @Value("${hub.sandbox.hubspot.rate-limit-per-10s:100}") int rateLimitPer10s) {
        super(NAME, store);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.seedRefreshToken = seedRefreshToken;
        this.defaultTokenTtlSeconds = tokenTtlSeconds;
        this.defaultRateLimit = rateLimitPer10s;
        this.tokenTtlSeconds = tokenTtlSeconds;
        this.rateLimitPer10s = rateLimitPer10s;
    }

    /** Simulator with the default configuration (tests). */
    public HubSpotSimulator(SimulatorStore store) {
        this(store, "sandbox-hubspot-client", "sandbox-hubspot-secret", "sandbox-hubspot-refresh", 1800, 100);
    }

    public String clientId() {
        return clientId;
    }

    public String seedRefreshToken() {
        return seedRefreshToken;
    }

    @Override
    public List<String> objectNames() {
        return OBJECTS;
    }

    @Override
    public boolean isTokenEndpoint(String method, String pathTemplate) {
        return TOKEN_TEMPLATES.contains(pathTemplate);
    }

    @Override
    protected JsonNode recordView(SimRecord r) {
        if ("associations".equals(r.object())) {
            ObjectNode n = r.dataCopy();
            n.put("id", r.id());
            n.put("createdAt", SandboxJson.iso(r.createdAt()));
            n.put("updatedAt", SandboxJson.iso(r.updatedAt()));
            return n;
        }
        return HubSpotRecords.view(r, null);
    }

    @Override
    protected void onReset(boolean tokens) {
        synchronized (window) {
            window.clear();
            asked.clear();
            peakPer10s = 0;
            refused = 0;
        }
        tokenTtlSeconds = defaultTokenTtlSeconds;
        rateLimitPer10s = defaultRateLimit;
    }

    // ---------------------------------------------------------------- configuration

    /**
     * {@code _stats} with the rate window: {@code rateWindow.peak}, the most requests made within any
     * ten seconds (refused ones included), and {@code rateWindow.refused}, how many were answered 429.
     */
    @Override
    public ObjectNode statsJson() {
        ObjectNode out = super.statsJson();
        synchronized (window) {
            out.putObject("rateWindow")
                    .put("limit", rateLimitPer10s)
                    .put("windowMs", WINDOW_MS)
                    .put("peak", peakPer10s)
                    .put("refused", refused);
        }
        return out;
    }

    public ObjectNode config() {
        return SandboxJson.object().put("rateLimitPer10s", rateLimitPer10s).put("tokenTtlSeconds", tokenTtlSeconds);
    }

    public ObjectNode configure(JsonNode body) {
        if (body.hasNonNull("rateLimitPer10s")) {
            int n = body.get("rateLimitPer10s").asInt();
            if (n < 1) {
                throw new SimulatorResponseException(
                        400, SandboxJson.object().put("error", "rateLimitPer10s must be at least 1"));
            }
            rateLimitPer10s = n;
        }
        if (body.hasNonNull("tokenTtlSeconds")) {
            long ttl = body.get("tokenTtlSeconds").asLong();
            if (ttl < 1) {
                throw new SimulatorResponseException(
                        400, SandboxJson.object().put("error", "tokenTtlSeconds must be at least 1"));
            }
            tokenTtlSeconds = ttl;
        }
        return config();
    }

    // ---------------------------------------------------------------- authentication and rate limit

    @Override
    public boolean beforeHandle(
            HttpServletRequest request, HttpServletResponse response, String pathTemplate, boolean tokenEndpoint)
            throws IOException {
        if (tokenEndpoint) {
            return true;
        }
        String token = authorizationToken(request, "Bearer");
        Optional<SimRecord> stored =
                token == null || token.isEmpty() ? Optional.empty() : store.findById(NAME, ACCESS_TOKENS, token);
        if (stored.isEmpty()) {
            SimulatorInterceptor.writeJson(
                    response,
                    401,
                    error(
                            "Authentication credentials not found. This API supports "
                                    + "OAuth 2.0 authentication and you can find more details at "
                                    + "https://developers.hubspot.com/docs/methods/auth/oauth-overview",
                            "INVALID_AUTHENTICATION"));
            return false;
        }
        long expiresAt = stored.get().data().path("expiresAt").asLong();
        long now = now();
        if (expiresAt <= now) {
            long minutes = (now - expiresAt) / 60_000;
            SimulatorInterceptor.writeJson(
                    response,
                    401,
                    error(
                            "The OAuth token used to make this call expired " + minutes + " minute(s) ago.",
                            "EXPIRED_AUTHENTICATION"));
            return false;
        }
        int limit = rateLimitPer10s;
        int remaining;
        synchronized (window) {
            while (!window.isEmpty() && window.peekFirst() <= now - WINDOW_MS) {
                window.pollFirst();
            }
            while (!asked.isEmpty() && asked.peekFirst() <= now - WINDOW_MS) {
                asked.pollFirst();
            }
            asked.addLast(now);
            peakPer10s = Math.max(peakPer10s, asked.size());
            if (window.size() >= limit) {
                remaining = -1;
                refused++;
            } else {
                window.addLast(now);
                remaining = limit - window.size();
            }
        }
        response.setHeader("X-HubSpot-RateLimit-Max", String.valueOf(limit));
        response.setHeader("X-HubSpot-RateLimit-Remaining", String.valueOf(Math.max(remaining, 0)));
        response.setHeader("X-HubSpot-RateLimit-Interval-Milliseconds", String.valueOf(WINDOW_MS));
        if (remaining < 0) {
            ObjectNode body = SandboxJson.object();
            body.put("status", "error");
            body.put("message", "You have reached your ten_secondly_rolling limit.");
            body.put("errorType", "RATE_LIMIT");
            body.put("correlationId", UUID.randomUUID().toString());
            body.put("policyName", "TEN_SECONDLY_ROLLING");
            body.put("requestId", UUID.randomUUID().toString());
            SimulatorInterceptor.writeJson(response, 429, body);
            return false;
        }
        return true;
    }

    static ObjectNode error(String message, String category) {
        ObjectNode n = SandboxJson.object();
        n.put("status", "error");
        n.put("message", message);
        n.put("correlationId", UUID.randomUUID().toString());
        n.put("category", category);
        return n;
    }

    // ---------------------------------------------------------------- OAuth

    @Override
    public boolean knowsClient(String candidate) {
        return clientId.equals(candidate);
    }

    public String issueAuthorizationCode(String redirectUri) {
        return issueAuthorizationCode(clientId, redirectUri, null);
    }

    /** {@code POST /oauth/v1/token}. */
    public ObjectNode token(Map<String, String> form) {
        String grant = form.getOrDefault("grant_type", "");
        if (!grant.equals("refresh_token") && !grant.equals("authorization_code")) {
            throw oauthError("BAD_GRANT_TYPE", "grant_type must be one of authorization_code, refresh_token");
        }
        if (!clientId.equals(form.get("client_id"))) {
            throw oauthError("BAD_CLIENT_ID", "missing or unknown client id");
        }
        if (!clientSecret.equals(form.get("client_secret"))) {
            throw oauthError("BAD_CLIENT_ID", "client secret does not match the client id");
        }
        return store.inTransaction(
                NAME,
                () -> grant.equals("refresh_token")
                        ? refreshGrant(form.get("refresh_token"))
                        : codeGrant(form.get("code"), form.get("redirect_uri"), form.get("code_verifier")));
    }

    private ObjectNode refreshGrant(String refreshToken) {
        if (refreshToken == null || !refreshTokenValid(refreshToken)) {
            throw oauthError("BAD_REFRESH_TOKEN", "missing or invalid refresh token");
        }
        return issueAccessToken(refreshToken);
    }

    private boolean refreshTokenValid(String refreshToken) {
        if (refreshToken.equals(seedRefreshToken)) {
            return !seedRefreshRevoked();
        }
        return store.findById(NAME, REFRESH_TOKENS, refreshToken)
                .map(r -> !r.data().path("revoked").asBoolean())
                .orElse(false);
    }

    private ObjectNode codeGrant(String code, String redirectUri, String verifier) {
        redeemAuthorizationCode(code, clientId, redirectUri, verifier).ifPresent(problem -> {
            throw switch (problem) {
                case UNKNOWN_OR_EXPIRED -> oauthError("BAD_AUTH_CODE", "missing or unknown auth code");
                case OTHER_CLIENT -> oauthError("BAD_AUTH_CODE", "auth code was issued to another client");
                case REDIRECT_MISMATCH ->
                    oauthError("BAD_REDIRECT_URI", "redirect_uri does not match the one used to get the code");
                case VERIFIER_MISMATCH ->
                    oauthError("BAD_AUTH_CODE", "code_verifier does not match the code_challenge");
            };
        });
        String refresh = randomToken("rt");
        store.insert(
                NAME,
                REFRESH_TOKENS,
                refresh,
                null,
                SandboxJson.object().put("clientId", clientId).put("revoked", false));
        return issueAccessToken(refresh);
    }

    private ObjectNode issueAccessToken(String refreshToken) {
        String access = randomToken("at");
        long ttl = tokenTtlSeconds;
        store.insert(
                NAME,
                ACCESS_TOKENS,
                access,
                null,
                SandboxJson.object().put("expiresAt", now() + ttl * 1000).put("refreshToken", refreshToken));
        ObjectNode out = SandboxJson.object();
        out.put("token_type", "bearer");
        out.put("refresh_token", refreshToken);
        out.put("access_token", access);
        out.put("expires_in", ttl);
        return out;
    }

    /**
     * {@code DELETE /oauth/v1/refresh-tokens/{token}}: the refresh token stops working and so do the
     * access tokens issued from it; 404 {@code BAD_REFRESH_TOKEN} when it is unknown (HubSpot answers 204 on success).
     */
    public void revokeRefreshToken(String token) {
        store.inTransaction(NAME, () -> {
            if (token.equals(seedRefreshToken)) {
                revokeSeedRefreshToken();
            } else {
                SimRecord r = store.findById(NAME, REFRESH_TOKENS, token).orElse(null);
                if (r == null || r.data().path("revoked").asBoolean()) {
                    ObjectNode body = SandboxJson.object()
                            .put("status", "error")
                            .put("message", "refresh token not found")
                            .put("category", "OBJECT_NOT_FOUND")
                            .put("correlationId", UUID.randomUUID().toString());
                    throw new SimulatorResponseException(404, body);
                }
                store.update(NAME, REFRESH_TOKENS, token, r.dataCopy().put("revoked", true));
            }
            deleteAccessTokensOf(token);
            return null;
        });
    }

    /** {@code _tokens/revoke-refresh}: every refresh token (the seed one included) stops working. */
    @Override
    public int revokeRefreshTokens() {
        return store.inTransaction(NAME, () -> {
            int n = 0;
            for (SimRecord r : store.list(NAME, REFRESH_TOKENS)) {
                store.update(NAME, REFRESH_TOKENS, r.id(), r.dataCopy().put("revoked", true));
                n++;
            }
            revokeSeedRefreshToken();
            return n + 1;
        });
    }

    private static SimulatorResponseException oauthError(String status, String message) {
        ObjectNode body = SandboxJson.object();
        body.put("status", status);
        body.put("message", message);
        body.put("correlationId", UUID.randomUUID().toString());
        body.put("requestId", UUID.randomUUID().toString());
        return new SimulatorResponseException(400, body);
    }
}
