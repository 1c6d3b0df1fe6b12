package io.leadhub.sandbox.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The Salesforce simulator's cross-cutting behaviour: OAuth (password, refresh_token,
 * authorization_code, client_credentials), token revocation, session timeout, bearer
 * authentication, the daily API request limit ({@code Sforce-Limit-Info}) and the run-time
 * configuration. The org's data (sObjects, SOQL, describe, conversion) lives in {@link SalesforceOrg}.
 */
@Component
@Profile("sandbox")
public class SalesforceSimulator extends VendorSimulator {

    public static final String NAME = "salesforce";
    /** The simulated org's id (18 characters, as camel-salesforce requires after {@code id/}). */
    public static final String ORG_ID = SalesforceIds.to18("00D5g00000LHub1");
    /** The integration user (owner of what the API creates). */
    public static final String USER_ID = SalesforceIds.to18("0055g00000LHubU");

    static final String REFRESH_TOKENS = "_refresh_tokens";
    static final String SCOPE = "api refresh_token full";
    /** {@code GET /services/data}: the API versions, answered without a session (as Salesforce does). */
    static final String VERSIONS = "/services/data";

    private final String clientId;
    private final String clientSecret;
    private final String seedRefreshToken;
    private final String username;
    private final String password;
    private final SalesforceCatalog catalog;
    final SalesforceConfig config = new SalesforceConfig();

    private LocalDate usageDay;
    private long usage;

    @Autowired
    public SalesforceSimulator(
            SimulatorStore store,
            @Value("${hub.sandbox.salesforce.client-id:sandbox-salesforce-client}") String clientId,
            @Value("${hub.sandbox.salesforce.client-secret:sandbox-salesforce-secret}") String clientSecret,
            @Value("${hub.sandbox.salesforce.seed-refresh-token:sandbox-salesforce-refresh}") String seedRefreshToken,
            @Value("${hub.sandbox.salesforce.username:integration@leadhub.sandbox}") String username,
            @Value("${hub.sandbox.salesforce.password:sandbox-salesforce-password}") String password) {
        super(NAME, store);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.seedRefreshToken = seedRefreshToken;
        this.username = username;
        this.password = password;
        this.catalog = new SalesforceCatalog();
    }

    /** Simulator with the default configuration (tests). */
    public SalesforceSimulator(SimulatorStore store) {
        this(
                store,
                "sandbox-salesforce-client",
                "sandbox-salesforce-secret",
                "sandbox-salesforce-refresh",
                "integration@leadhub.sandbox",
                "sandbox-salesforce-password");
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    public String seedRefreshToken() {
        return seedRefreshToken;
    }

    public String username() {
        return username;
    }

    public String password() {
        return password;
    }

    SalesforceCatalog catalog() {
        return catalog;
    }

    @Override
    public List<String> objectNames() {
        return catalog.objectNames();
    }

    @Override
    public boolean isTokenEndpoint(String method, String pathTemplate) {
        return pathTemplate.startsWith("/services/oauth2/");
    }

    /** Records as the REST API shows them: {@code Id} first, then every field that has a value. */
    @Override
    protected JsonNode recordView(SimRecord r) {
        ObjectNode n = SandboxJson.object();
        n.put("Id", r.id());
        n.setAll(r.dataCopy());
        return n;
    }

    @Override
    protected void onReset(boolean tokens) {
        config.reset();
        synchronized (this) {
            usageDay = null;
            usage = 0;
        }
        afterReset.forEach(Runnable::run);
    }

    private final List<Runnable> afterReset = new CopyOnWriteArrayList<>();

    /** Standing data of the simulated org (e.g. the demo Campaign) is put back after every reset. */
    void afterReset(Runnable restore) {
        afterReset.add(restore);
    }

    // ---------------------------------------------------------------- configuration

    public ObjectNode configJson() {
        ObjectNode n = config.toJson();
        n.put("apiUsageToday", usageToday());
        return n;
    }

    public ObjectNode configure(JsonNode body) {
        config.apply(body, catalog);
        return configJson();
    }

    // ---------------------------------------------------------------- authentication and the daily limit

    @Override
    public boolean beforeHandle(
            HttpServletRequest request, HttpServletResponse response, String pathTemplate, boolean tokenEndpoint)
            throws IOException {
        if (tokenEndpoint || pathTemplate.equals(VERSIONS)) {
            return true;
        }
        String bearer = authorizationToken(request, "Bearer");
        String token = bearer != null ? bearer : authorizationToken(request, "OAuth");
        Optional<SimRecord> stored =
                token == null || token.isEmpty() ? Optional.empty() : store.findById(NAME, ACCESS_TOKENS, token);
        long now = now();
        if (stored.isEmpty() || stored.get().data().path("expiresAt").asLong() <= now) {
            SimulatorInterceptor.writeJson(response, 401, errors("Session expired or invalid", "INVALID_SESSION_ID"));
            return false;
        }
        extendSession(stored.get(), now);
        long max = config.dailyApiLimit;
        long used;
        synchronized (this) {
            rollDay();
            if (usage >= max) {
                used = -1;
            } else {
                used = ++usage;
            }
        }
        if (used < 0) {
            response.setHeader("Sforce-Limit-Info", "api-usage=" + usageToday() + "/" + max);
            SimulatorInterceptor.writeJson(
                    response, 403, errors("TotalRequests Limit exceeded.", "REQUEST_LIMIT_EXCEEDED"));
            return false;
        }
        response.setHeader("Sforce-Limit-Info", "api-usage=" + used + "/" + max);
        return true;
    }

    /**
     * The session timeout counts inactivity: like Salesforce, a request made in the second half of
     * the timeout window starts a new window.
     */
    private void extendSession(SimRecord session, long now) {
        long timeoutMs = config.sessionTimeoutSeconds * 1000;
        long expiresAt = session.data().path("expiresAt").asLong();
        if (expiresAt - now < timeoutMs / 2) {
            store.update(NAME, ACCESS_TOKENS, session.id(), session.dataCopy().put("expiresAt", now + timeoutMs));
        }
    }

    private void rollDay() {
        LocalDate today = Instant.ofEpochMilli(now()).atZone(ZoneOffset.UTC).toLocalDate();
        if (!today.equals(usageDay)) {
            usageDay = today;
            usage = 0;
        }
    }

    /** API requests counted today (UTC, simulator clock). */
    public synchronized long usageToday() {
        rollDay();
        return usage;
    }

    /** {@code GET /limits/}. */
    public ObjectNode limits() {
        long max = config.dailyApiLimit;
        long used = usageToday();
        ObjectNode n = SandboxJson.object();
        n.putObject("DailyApiRequests").put("Max", max).put("Remaining", Math.max(0, max - used));
        n.putObject("DailyBulkApiBatches").put("Max", 15000).put("Remaining", 15000);
        n.putObject("DataStorageMB").put("Max", 5).put("Remaining", 5);
        return n;
    }

    /** {@code GET /services/data}: the versions this org speaks. */
    public ArrayNode versions() {
        ArrayNode a = SandboxJson.array();
        for (int v = 55; v <= 64; v++) {
            a.addObject()
                    .put("label", "Release " + v)
                    .put("url", "/services/data/v" + v + ".0")
                    .put("version", v + ".0");
        }
        return a;
    }

    /** A single-error answer body: {@code [{"message","errorCode"}]}. */
    static ArrayNode errors(String message, String errorCode) {
        ArrayNode a = SandboxJson.array();
        a.addObject().put("message", message).put("errorCode", errorCode);
        return a;
    }

    // ---------------------------------------------------------------- OAuth

    @Override
    public boolean knowsClient(String candidate) {
        return clientId.equals(candidate);
    }

    /** {@code POST /services/oauth2/token}; {@code baseUrl} is this simulator's root (login and instance URL). */
    public ObjectNode token(Map<String, String> form, String baseUrl) {
        String grant = form.getOrDefault("grant_type", "");
        if (!List.of("password", "refresh_token", "authorization_code", "client_credentials")
                .contains(grant)) {
            throw oauthError("unsupported_grant_type", "grant type not supported");
        }
        if (!clientId.equals(form.get("client_id"))) {
            throw oauthError("invalid_client_id", "client identifier invalid");
        }
        boolean secretGiven = form.get("client_secret") != null;
        if (secretGiven
                ? !clientSecret.equals(form.get("client_secret"))
                : !grant.equals("authorization_code") || form.get("code_verifier") == null) {
            throw oauthError("invalid_client", "invalid client credentials");
        }
        return store.inTransaction(NAME, () -> switch (grant) {
            case "password" -> {
                if (!username.equals(form.get("username")) || !password.equals(form.get("password"))) {
                    throw oauthError("invalid_grant", "authentication failure");
                }
                yield issue(baseUrl, null, false);
            }
            case "refresh_token" -> {
                String refresh = form.get("refresh_token");
                if (refresh == null || !refreshTokenValid(refresh)) {
                    throw oauthError("invalid_grant", "expired access/refresh token");
                }
                yield issue(baseUrl, refresh, false);
            }
            case "client_credentials" -> issue(baseUrl, null, false);
            default -> {
                redeemAuthorizationCode(form.get("code"), clientId, form.get("redirect_uri"), form.get("code_verifier"))
                        .ifPresent(problem -> {
                            throw switch (problem) {
                                case REDIRECT_MISMATCH ->
                                    oauthError("redirect_uri_mismatch", "redirect_uri must match configuration");
                                case VERIFIER_MISMATCH -> oauthError("invalid_grant", "invalid code verifier");
                                default -> oauthError("invalid_grant", "invalid authorization code");
                            };
                        });
                String refresh = randomToken("5Aep861");
                store.insert(
                        NAME,
                        REFRESH_TOKENS,
                        refresh,
                        null,
                        SandboxJson.object().put("revoked", false));
                yield issue(baseUrl, refresh, true);
            }
        });
    }

    private boolean refreshTokenValid(String refreshToken) {
        if (refreshToken.equals(seedRefreshToken)) {
            return !seedRefreshRevoked();
        }
        return store.findById(NAME, REFRESH_TOKENS, refreshToken)
                .map(r -> !r.data().path("revoked").asBoolean())
                .orElse(false);
    }

    private ObjectNode issue(String baseUrl, String refreshToken, boolean returnRefresh) {
        String access = ORG_ID.substring(0, 15) + "!" + randomToken("AQ");
        long issuedAt = now();
        store.insert(
                NAME,
                ACCESS_TOKENS,
                access,
                null,
                SandboxJson.object()
                        .put("expiresAt", issuedAt + config.sessionTimeoutSeconds * 1000)
                        .put("refreshToken", refreshToken));
        String id = baseUrl + "/id/" + ORG_ID + "/" + USER_ID;
        ObjectNode out = SandboxJson.object();
        out.put("access_token", access);
        if (returnRefresh) {
            out.put("refresh_token", refreshToken);
        }
        out.put("signature", signature(id + issuedAt));
        out.put("scope", SCOPE);
        out.put("instance_url", baseUrl);
        out.put("id", id);
        out.put("token_type", "Bearer");
        out.put("issued_at", String.valueOf(issuedAt));
        return out;
    }

    /** Salesforce signs {@code id + issued_at} with HMAC-SHA256 keyed by the client secret. */
    private String signature(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * {@code /services/oauth2/revoke}: an access token ends its session; a refresh token is revoked
     * with every access token issued from it. Unknown tokens answer 400 unsupported_token_type.
     */
    public void revoke(String token) {
        boolean known = store.inTransaction(NAME, () -> {
            if (token == null || token.isEmpty()) {
                return false;
            }
            if (store.findById(NAME, ACCESS_TOKENS, token).isPresent()) {
                store.delete(NAME, ACCESS_TOKENS, token);
                return true;
            }
            boolean refresh = false;
            if (token.equals(seedRefreshToken) && !seedRefreshRevoked()) {
                revokeSeedRefreshToken();
                refresh = true;
            } else {
                Optional<SimRecord> r = store.findById(NAME, REFRESH_TOKENS, token);
                if (r.isPresent() && !r.get().data().path("revoked").asBoolean()) {
                    store.update(NAME, REFRESH_TOKENS, token, r.get().dataCopy().put("revoked", true));
                    refresh = true;
                }
            }
            if (refresh) {
                deleteAccessTokensOf(token);
            }
            return refresh;
        });
        if (!known) {
            throw oauthError("unsupported_token_type", "this token type is not supported");
        }
    }

    /** {@code _tokens/revoke-refresh}: every refresh token (the seed one included) stops working. */
    @Override
    public int revokeRefreshTokens() {
        return store.inTransaction(NAME, () -> {
            int n = 0;
            for (SimRecord r : store.list(NAME, REFRESH_TOKENS)) {
                if (!r.data().path("revoked").asBoolean()) {
                    store.update(NAME, REFRESH_TOKENS, r.id(), r.dataCopy().put("revoked", true));
                    n++;
                }
            }
            revokeSeedRefreshToken();
            return n + 1;
        });
    }

    static SimulatorResponseException oauthError(String error, String description) {
        return new SimulatorResponseException(
                400, SandboxJson.object().put("error", error).put("error_description", description));
    }
}
