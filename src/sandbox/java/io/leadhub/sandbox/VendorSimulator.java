package io.leadhub.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A simulated vendor mounted at {@code /sandbox/{name}}. Subclass it as a Spring bean
 * ({@code @Component @Profile("sandbox")}) and the shared infrastructure gives it, for free:
 * request stats, fault scripting, {@code _stats}, {@code _records/{object}}, {@code _faults} and
 * {@code _reset} ({@link SimulatorAdminController}, {@link SimulatorInterceptor}).
 *
 * <p>Hooks a vendor may override: {@link #objectNames()}, {@link #isTokenEndpoint},
 * {@link #beforeHandle} (authentication, rate limits), {@link #recordView}, {@link #records},
 * {@link #onReset}.
 */
public abstract class VendorSimulator {

    private final String name;
    protected final SimulatorStore store;
    private final SimulatorStatistics stats = new SimulatorStatistics();
    private final FaultScript faults = new FaultScript();

    protected VendorSimulator(String name, SimulatorStore store) {
        this.name = name;
        this.store = store;
    }

    /** Path segment under {@code /sandbox/}, also the vendor key in the store. */
    public final String name() {
        return name;
    }

    public SimulatorStatistics stats() {
        return stats;
    }

    public FaultScript faults() {
        return faults;
    }

    public SimulatorStore store() {
        return store;
    }

    /** Objects this simulator holds; they always appear in {@code _stats.records} and in {@code _records}. */
    public List<String> objectNames() {
        return List.of();
    }

    /** Token endpoints are counted under their own key but left out of {@code totalRequests}. */
    public boolean isTokenEndpoint(String method, String pathTemplate) {
        return false;
    }

    /**
     * Called for every counted request that no fault answered, before the handler runs.
     * Answer false after writing a response (e.g. 401, 429) to stop the request.
     */
    public boolean beforeHandle(
            HttpServletRequest request, HttpServletResponse response, String pathTemplate, boolean tokenEndpoint)
            throws IOException {
        return true;
    }

    public Map<String, Long> recordCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        objectNames().forEach(o -> counts.put(o, 0L));
        counts.putAll(store == null ? Map.of() : store.countPerObject(name));
        return counts;
    }

    public ObjectNode statsJson() {
        return stats.toJson(recordCounts());
    }

    /** The records of one object as the vendor would show them; empty when the object is unknown. */
    public Optional<List<JsonNode>> records(String object) {
        if (object.startsWith("_") || store == null) {
            return Optional.empty();
        }
        if (!objectNames().isEmpty() && !objectNames().contains(object)) {
            return Optional.empty();
        }
        return Optional.of(
                store.list(name, object).stream().map(this::recordView).toList());
    }

    /** Default view: the payload plus {@code id}, {@code createdAt}, {@code updatedAt}. */
    protected JsonNode recordView(SimRecord r) {
        ObjectNode n = SandboxJson.object();
        n.put("id", r.id());
        n.setAll(r.dataCopy());
        n.put("createdAt", SandboxJson.iso(r.createdAt()));
        n.put("updatedAt", SandboxJson.iso(r.updatedAt()));
        return n;
    }

    /** Clears records, stats and faults, then {@link #onReset}; internal ({@code _}) records only with {@code tokens}. */
    public final void reset(boolean tokens) {
        if (store != null) {
            store.deleteAll(name, tokens);
        }
        stats.reset();
        faults.clear();
        onReset(tokens);
    }

    /** Vendor-specific reset (rate windows, configuration, token flags...). */
    protected void onReset(boolean tokens) {}

    // ---------------------------------------------------------------- tokens, shared by the simulators with OAuth

    /** Internal records of the access tokens a simulator issued ({@code expiresAt} in epoch millis). */
    public static final String ACCESS_TOKENS = "_access_tokens";

    private final SecureRandom random = new SecureRandom();

    /** The simulator's clock (tests move it to expire tokens or roll a day). */
    protected volatile Clock clock = Clock.systemUTC();

    public void setClock(Clock clock) {
        this.clock = clock;
    }

    /** The simulator's clock in epoch millis. */
    public long now() {
        return clock.millis();
    }

    /** A random token: 48 hex characters, after {@code prefix-} when a prefix is given. */
    protected String randomToken(String prefix) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String hex = HexFormat.of().formatHex(bytes);
        return prefix == null || prefix.isEmpty() ? hex : prefix + "-" + hex;
    }

    /** Whether {@code token} is an access token this simulator issued that has not expired. */
    public boolean acceptsAccessToken(String token) {
        if (token == null || token.isEmpty()) return false;
        return store.findById(name, ACCESS_TOKENS, token)
                .map(r -> r.data().path("expiresAt").asLong() > now())
                .orElse(false);
    }

    /**
     * The credential after {@code scheme} (e.g. {@code "Bearer"}) in the request's Authorization
     * header, the scheme matched without regard to case; null when the header is missing or uses
     * another scheme.
     */
    protected static String authorizationToken(HttpServletRequest request, String scheme) {
        String header = request.getHeader("Authorization");
        String prefix = scheme + " ";
        return header != null && header.regionMatches(true, 0, prefix, 0, prefix.length())
                ? header.substring(prefix.length()).trim()
                : null;
    }

    /** Deletes the access tokens issued from {@code refreshToken}: a revoked refresh token takes them along. */
    protected void deleteAccessTokensOf(String refreshToken) {
        for (SimRecord a : store.list(name, ACCESS_TOKENS)) {
            if (refreshToken.equals(a.data().path("refreshToken").asText())) store.delete(name, ACCESS_TOKENS, a.id());
        }
    }

    /** {@code POST _tokens/expire}: every access token issued so far expires now; answers how many. */
    public int expireAccessTokens() {
        return store.inTransaction(name, () -> {
            long now = now();
            int n = 0;
            for (SimRecord r : store.list(name, ACCESS_TOKENS)) {
                if (r.data().path("expiresAt").asLong() > now) {
                    store.update(name, ACCESS_TOKENS, r.id(), r.dataCopy().put("expiresAt", now));
                    n++;
                }
            }
            return n;
        });
    }

    /** Internal record of simulator flags (e.g. whether the seed refresh token was revoked). */
    protected static final String STATE = "_state";

    private static final String FLAGS = "flags";
    private static final String SEED_REVOKED = "seedRefreshRevoked";

    /** Whether {@code _tokens/revoke-refresh} revoked the seed refresh token (kept in the store: survives a restart). */
    protected boolean seedRefreshRevoked() {
        return store.findById(name, STATE, FLAGS)
                .map(r -> r.data().path(SEED_REVOKED).asBoolean())
                .orElse(false);
    }

    /** Revokes the seed refresh token until a {@code _reset?tokens=true}. */
    protected void revokeSeedRefreshToken() {
        store.inTransaction(name, () -> {
            ObjectNode flags = SandboxJson.object().put(SEED_REVOKED, true);
            if (store.update(name, STATE, FLAGS, flags).isEmpty()) store.insert(name, STATE, FLAGS, null, flags);
            return null;
        });
    }

    /** {@code POST _tokens/revoke-refresh}: refresh tokens stop working (answers how many); 404 where the vendor has none. */
    public int revokeRefreshTokens() {
        throw new SimulatorResponseException(404, SandboxJson.object().put("error", name + " has no refresh tokens"));
    }

    // ---------------------------------------------------------------- authorization codes (OAuth web-server flow)

    /** Internal records of issued authorization codes. */
    protected static final String AUTH_CODES = "_auth_codes";

    private static final long AUTH_CODE_TTL_MS = 10 * 60_000;

    /**
     * Whether {@code clientId} is an OAuth client (connected app) registered with this simulated
     * vendor; the consent page refuses unknown clients. Simulators without OAuth answer false.
     */
    public boolean knowsClient(String clientId) {
        return false;
    }

    /** Why a code could not be redeemed; each simulator answers it in its vendor's error shape. */
    public enum CodeProblem {
        UNKNOWN_OR_EXPIRED,
        OTHER_CLIENT,
        REDIRECT_MISMATCH,
        VERIFIER_MISMATCH
    }

    /**
     * Issues a one-time authorization code, valid ten minutes, as a vendor's consent page does when
     * the user approves; {@code codeChallenge} (PKCE, S256) may be null.
     */
    public String issueAuthorizationCode(String clientId, String redirectUri, String codeChallenge) {
        String code = randomToken("code");
        ObjectNode data = SandboxJson.object()
                .put("clientId", clientId)
                .put("redirectUri", redirectUri)
                .put("codeChallenge", codeChallenge)
                .put("expiresAt", now() + AUTH_CODE_TTL_MS);
        store.insert(name, AUTH_CODES, code, null, data);
        return code;
    }

    /**
     * Redeems {@code code} once (it is deleted whatever the outcome, as vendors do); answers empty
     * when the code is valid for this client, redirect URI and PKCE verifier, else the problem.
     */
    protected Optional<CodeProblem> redeemAuthorizationCode(
            String code, String clientId, String redirectUri, String verifier) {
        SimRecord stored =
                code == null ? null : store.findById(name, AUTH_CODES, code).orElse(null);
        if (stored == null || stored.data().path("expiresAt").asLong() <= now())
            return Optional.of(CodeProblem.UNKNOWN_OR_EXPIRED);
        store.delete(name, AUTH_CODES, code);
        JsonNode d = stored.data();
        if (!d.path("clientId").asText().equals(clientId)) return Optional.of(CodeProblem.OTHER_CLIENT);
        if (!d.path("redirectUri").isNull() && !d.path("redirectUri").asText().equals(redirectUri)) {
            return Optional.of(CodeProblem.REDIRECT_MISMATCH);
        }
        String challenge = d.path("codeChallenge").isNull()
                ? null
                : d.path("codeChallenge").asText(null);
        if (challenge != null && (verifier == null || !challenge.equals(s256(verifier)))) {
            return Optional.of(CodeProblem.VERIFIER_MISMATCH);
        }
        return Optional.empty();
    }

    /** PKCE S256: base64url (no padding) of the SHA-256 of the verifier. */
    public static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
