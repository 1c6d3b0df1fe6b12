package io.leadhub.sandbox.pipedrive;

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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Pipedrive as the hub meets it, under {@code /sandbox/pipedrive}:
 * <ul>
 * <li>{@code POST /oauth/token}: form body, client authentication by HTTP Basic (client id and secret
 * in the form are accepted too, as RFC 6749 allows), refresh_token grant, {@code expires_in} 3600;</li>
 * <li>API calls need {@code Authorization: Bearer}; else 401;</li>
 * <li>persons and organizations (v2: search by exact email / name, create, update) and notes (v1);</li>
 * <li>a rolling 2-second request window per company ({@code windowLimit}, 80 by default; searches
 * also count in a window of their own, {@code searchLimit}) reported on every answer in
 * {@code x-ratelimit-limit / -remaining / -reset}; over it: 429;</li>
 * <li>a daily token budget ({@code dailyTokens}): every call costs tokens (search 20, person /
 * organization create or update 5, note 10), reported in {@code x-daily-tokens-left}; when a call
 * no longer fits the budget the answer is <b>429</b> with {@code x-daily-tokens-left: 0} and the
 * error "Daily token budget exceeded" (the simulator's choice: Pipedrive answers budget exhaustion
 * with 429 as well, but its exact body is not published).</li>
 * </ul>
 * Every answer is {@code {"success":true,"data":…}}; errors are
 * {@code {"success":false,"error":"…","error_info":"…","data":null,"additional_data":null}}.
 */
@Component
@Profile("sandbox")
public class PipedriveSimulator extends VendorSimulator {
    public static final String NAME = "pipedrive";
    public static final String TOKEN_PATH = "/oauth/token";
    static final String PERSONS = "persons";
    static final String ORGANIZATIONS = "organizations";
    static final String NOTES = "notes";
    static final long WINDOW_MILLIS = 2000;
    static final String ERROR_INFO = "Please check developers.pipedrive.com";
    static final Map<String, Integer> COSTS = Map.of(
            "GET /api/v2/persons/search",
            20,
            "GET /api/v2/organizations/search",
            20,
            "GET /api/v2/persons",
            10,
            "POST /api/v2/persons",
            5,
            "PATCH /api/v2/persons/{id}",
            5,
            "POST /api/v2/organizations",
            5,
            "POST /v1/notes",
            10);

    private final PipedriveRecords records;
    private final PipedriveCatalog catalog;
    private final String clientId;
    private final String clientSecret;
    private final String seedRefreshToken;
    private final int defaultWindowLimit;
    private final int defaultSearchLimit;
    private final int defaultDailyTokens;

    private volatile int windowLimit;
    private volatile int searchLimit;
    private volatile int dailyTokens;
    private volatile long tokenTtlSeconds = 3600;
    private final Deque<Long> calls = new ArrayDeque<>();
    private final Deque<Long> searches = new ArrayDeque<>();
    private LocalDate day;
    private int tokensUsed;
    private int throttled;
    private int overBudget;

    @Autowired
    public PipedriveSimulator(
            SimulatorStore store,
            @Value("${hub.sandbox.pipedrive.client-id:sandbox-pipedrive-client}") String clientId,
            @Value("${hub.sandbox.pipedrive.client-secret:sandbox-pipedrive-secret}") String clientSecret,
            @Value("${hub.sandbox.pipedrive.seed-refresh-token:sandbox-pipedrive-refresh}") String seedRefreshToken,
            @Value("${hub.sandbox.pipedrive.window-limit:80}") int windowLimit,
            @Value("${hub.sandbox.pipedrive.search-limit:80}") int searchLimit,
            @Value("${hub.sandbox.pipedrive.daily-tokens:150000}") int dailyTokens) {
        super(NAME, store);
        this.catalog = new PipedriveCatalog();
        this.records = new PipedriveRecords(store, catalog);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.seedRefreshToken = seedRefreshToken;
        this.defaultWindowLimit = windowLimit;
        this.defaultSearchLimit = searchLimit;
        this.defaultDailyTokens = dailyTokens;
        this.windowLimit = windowLimit;
        this.searchLimit = searchLimit;
        this.dailyTokens = dailyTokens;
    }

    /** Simulator with the default configuration (tests). */
    public PipedriveSimulator(SimulatorStore store) {
        this(
                store,
                "sandbox-pipedrive-client",
                "sandbox-pipedrive-secret",
                "sandbox-pipedrive-refresh",
                80,
                80,
                150_000);
    }

    /** For tests: the clock of the rate window, the daily budget and token expiry. */
    @Override
    public List<String> objectNames() {
        return List.of(PERSONS, ORGANIZATIONS, NOTES);
    }

    @Override
    public boolean isTokenEndpoint(String method, String pathTemplate) {
        return OAUTH_PATHS.contains(pathTemplate);
    }

    /** The OAuth server's paths (token, consent page, revoke): counted under their own keys, no API token needed. */
    static final Set<String> OAUTH_PATHS = Set.of(TOKEN_PATH, "/oauth/authorize", "/oauth/revoke");

    static final String REFRESH_TOKENS = "_refresh_tokens";
    private volatile boolean rotateRefreshTokens;

    @Override
    public boolean knowsClient(String candidate) {
        return clientId.equals(candidate);
    }

    @Override
    protected JsonNode recordView(SimRecord r) {
        return PipedriveRecords.view(r);
    }

    @Override
    protected synchronized void onReset(boolean tokens) {
        windowLimit = defaultWindowLimit;
        searchLimit = defaultSearchLimit;
        dailyTokens = defaultDailyTokens;
        tokenTtlSeconds = 3600;
        rotateRefreshTokens = false;
        calls.clear();
        searches.clear();
        day = null;
        tokensUsed = 0;
        throttled = 0;
        overBudget = 0;
    }

    // ---------------------------------------------------------------- configuration

    /** {@code GET _config}: limits and today's usage, with how many requests were refused (429) per reason. */
    public synchronized ObjectNode config() {
        rollDay();
        ObjectNode n = SandboxJson.object();
        n.put("windowLimit", windowLimit);
        n.put("searchLimit", searchLimit);
        n.put("windowSeconds", WINDOW_MILLIS / 1000);
        n.put("dailyTokens", dailyTokens);
        n.put("tokensUsed", tokensUsed);
        n.put("tokenTtlSeconds", tokenTtlSeconds);
        n.put("rotateRefreshTokens", rotateRefreshTokens);
        n.put("throttled", throttled);
        n.put("overBudget", overBudget);
        return n;
    }

    /**
     * {@code POST _config}: any of windowLimit, searchLimit, dailyTokens, tokensUsed, tokenTtlSeconds,
     * rotateRefreshTokens (every refresh answers a new refresh token and retires the old one: the
     * simulator's switch to exercise rotation; Pipedrive sends a refresh_token in every answer).
     */
    public synchronized ObjectNode configure(JsonNode body) {
        if (body.hasNonNull("rotateRefreshTokens"))
            rotateRefreshTokens = body.get("rotateRefreshTokens").asBoolean();
        windowLimit = positive(body, "windowLimit", windowLimit);
        searchLimit = positive(body, "searchLimit", searchLimit);
        dailyTokens = positive(body, "dailyTokens", dailyTokens);
        tokenTtlSeconds = positive(body, "tokenTtlSeconds", (int) tokenTtlSeconds);
        if (body.hasNonNull("tokensUsed")) {
            rollDay();
            tokensUsed = Math.max(0, body.get("tokensUsed").asInt());
        }
        return config();
    }

    private static int positive(JsonNode body, String key, int current) {
        if (!body.hasNonNull(key)) return current;
        int n = body.get(key).asInt();
        if (n < 1) throw new SimulatorResponseException(400, error(key + " must be at least 1"));
        return n;
    }

    private void rollDay() {
        LocalDate today = LocalDate.ofInstant(Instant.ofEpochMilli(now()), ZoneOffset.UTC);
        if (!today.equals(day)) {
            day = today;
            tokensUsed = 0;
        }
    }

    // ---------------------------------------------------------------- auth, window, budget

    @Override
    public boolean beforeHandle(
            HttpServletRequest request, HttpServletResponse response, String pathTemplate, boolean tokenEndpoint)
            throws IOException {
        if (tokenEndpoint) return true;
        String token = authorizationToken(request, "Bearer");
        if (!acceptsAccessToken(token)) {
            SimulatorInterceptor.writeJson(response, 401, error("Invalid token: access token is invalid or expired"));
            return false;
        }
        String key = request.getMethod() + " " + pathTemplate;
        boolean search = pathTemplate.endsWith("/search");
        int cost = COSTS.getOrDefault(key, 10);
        synchronized (this) {
            long now = now();
            prune(calls, now);
            prune(searches, now);
            rollDay();
            Deque<Long> window = search && searchLimit < windowLimit ? searches : calls;
            int limit = window == searches ? searchLimit : windowLimit;
            if (calls.size() >= windowLimit || (search && searches.size() >= searchLimit)) {
                throttled++;
                Deque<Long> full = calls.size() >= windowLimit ? calls : searches;
                rateHeaders(response, full == calls ? windowLimit : searchLimit, 0, resetSeconds(full, now));
                response.setHeader("x-daily-tokens-left", String.valueOf(Math.max(0, dailyTokens - tokensUsed)));
                SimulatorInterceptor.writeJson(response, 429, error("Request over limit"));
                return false;
            }
            if (tokensUsed + cost > dailyTokens) {
                overBudget++;
                rateHeaders(response, limit, limit - window.size(), resetSeconds(window, now));
                response.setHeader("x-daily-tokens-left", "0");
                SimulatorInterceptor.writeJson(response, 429, error("Daily token budget exceeded"));
                return false;
            }
            calls.addLast(now);
            if (search) searches.addLast(now);
            tokensUsed += cost;
            rateHeaders(response, limit, limit - window.size(), resetSeconds(window, now));
            response.setHeader("x-daily-tokens-left", String.valueOf(dailyTokens - tokensUsed));
        }
        return true;
    }

    private static void prune(Deque<Long> window, long now) {
        while (!window.isEmpty() && window.peekFirst() <= now - WINDOW_MILLIS) window.pollFirst();
    }

    private static long resetSeconds(Deque<Long> window, long now) {
        if (window.isEmpty()) return 0;
        long millis = window.peekFirst() + WINDOW_MILLIS - now;
        return Math.max(1, (millis + 999) / 1000);
    }

    private static void rateHeaders(HttpServletResponse response, int limit, int remaining, long reset) {
        response.setHeader("x-ratelimit-limit", String.valueOf(limit));
        response.setHeader("x-ratelimit-remaining", String.valueOf(Math.max(0, remaining)));
        response.setHeader("x-ratelimit-reset", String.valueOf(reset));
    }

    static ObjectNode error(String message) {
        ObjectNode n = SandboxJson.object();
        n.put("success", false);
        n.put("error", message);
        n.put("error_info", ERROR_INFO);
        n.putNull("data");
        n.putNull("additional_data");
        return n;
    }

    static SimulatorResponseException failure(int status, String message) {
        return new SimulatorResponseException(status, error(message));
    }

    // ---------------------------------------------------------------- OAuth

    /** {@code POST /oauth/token}: {@code authorization_code} (with PKCE when the code carries a challenge) and {@code refresh_token} grants. */
    public ObjectNode token(Map<String, String> form, String authorization, String apiDomain) {
        requireClient(authorization);
        String grant = form.get("grant_type");
        if ("authorization_code".equals(grant)) {
            return store.inTransaction(NAME, () -> {
                redeemAuthorizationCode(form.get("code"), clientId, form.get("redirect_uri"), form.get("code_verifier"))
                        .ifPresent(p -> {
                            throw new SimulatorResponseException(
                                    400,
                                    oauthError(
                                            "invalid_grant",
                                            switch (p) {
                                                case REDIRECT_MISMATCH -> "Invalid grant: redirect_uri is invalid";
                                                case VERIFIER_MISMATCH -> "Invalid grant: code_verifier is invalid";
                                                default -> "Invalid grant: authorization code is invalid";
                                            }));
                        });
                return issue(newRefreshToken(), apiDomain);
            });
        }
        if (!"refresh_token".equals(grant)) {
            throw new SimulatorResponseException(
                    400, oauthError("unsupported_grant_type", "Unsupported grant type: grant_type is invalid"));
        }
        String presented = form.get("refresh_token");
        return store.inTransaction(NAME, () -> {
            boolean seed = seedRefreshToken.equals(presented) && !seedRefreshRevoked();
            SimRecord issued = seed || presented == null
                    ? null
                    : store.findById(NAME, REFRESH_TOKENS, presented)
                            .filter(r -> !r.data().path("revoked").asBoolean())
                            .orElse(null);
            if (!seed && issued == null) {
                throw new SimulatorResponseException(
                        400, oauthError("invalid_grant", "Invalid grant: refresh_token is invalid"));
            }
            String refresh = presented;
            if (rotateRefreshTokens && issued != null) {
                store.update(NAME, REFRESH_TOKENS, presented, issued.dataCopy().put("revoked", true));
                refresh = newRefreshToken();
            }
            return issue(refresh, apiDomain);
        });
    }

    /** Issues and stores a new refresh token (not revoked). */
    private String newRefreshToken() {
        String refresh = randomToken("rt");
        store.insert(NAME, REFRESH_TOKENS, refresh, null, SandboxJson.object().put("revoked", false));
        return refresh;
    }

    /**
     * {@code POST /oauth/revoke} (form {@code token}, optional {@code token_type_hint}; client by HTTP
     * Basic): the refresh token stops working, with the access tokens issued from it; 200 either way, as RFC 7009 asks.
     */
    public ObjectNode revoke(Map<String, String> form, String authorization) {
        requireClient(authorization);
        String token = form.get("token");
        if (token == null || token.isBlank()) {
            throw new SimulatorResponseException(
                    400, oauthError("invalid_request", "Invalid request: token is missing"));
        }
        store.inTransaction(NAME, () -> {
            if (token.equals(seedRefreshToken)) {
                revokeSeedRefreshToken();
            } else {
                store.findById(NAME, REFRESH_TOKENS, token)
                        .ifPresent(r -> store.update(
                                NAME, REFRESH_TOKENS, token, r.dataCopy().put("revoked", true)));
                store.findById(NAME, ACCESS_TOKENS, token).ifPresent(r -> store.delete(NAME, ACCESS_TOKENS, token));
            }
            deleteAccessTokensOf(token);
            return null;
        });
        return SandboxJson.object().put("success", true);
    }

    private ObjectNode issue(String refresh, String apiDomain) {
        String access = randomToken("v1u");
        store.insert(
                NAME,
                ACCESS_TOKENS,
                access,
                null,
                SandboxJson.object()
                        .put("expiresAt", now() + tokenTtlSeconds * 1000)
                        .put("refreshToken", refresh));
        ObjectNode out = SandboxJson.object();
        out.put("access_token", access);
        out.put("token_type", "Bearer");
        out.put("expires_in", tokenTtlSeconds);
        out.put("refresh_token", refresh);
        out.put("scope", "base,contacts:full");
        out.put("api_domain", apiDomain);
        return out;
    }

    /** Pipedrive authenticates the client with HTTP Basic only; client_id / client_secret form fields do not count. */
    private void requireClient(String authorization) {
        String id = null;
        String secret = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(
                        Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            int colon = decoded.indexOf(':');
            id = colon < 0 ? decoded : decoded.substring(0, colon);
            secret = colon < 0 ? "" : decoded.substring(colon + 1);
        }
        if (id == null || !clientId.equals(id) || !clientSecret.equals(secret)) {
            throw new SimulatorResponseException(
                    401, oauthError("invalid_client", "Invalid client: client is invalid"));
        }
    }

    @Override
    public int revokeRefreshTokens() {
        revokeSeedRefreshToken();
        return 1;
    }

    private static ObjectNode oauthError(String error, String message) {
        return SandboxJson.object()
                .put("success", false)
                .put("message", message)
                .put("error", error);
    }

    // ---------------------------------------------------------------- records ({@link PipedriveRecords})

    /** {@code GET /api/v2/persons/search?term=&fields=email&exact_match=true}. */
    public ObjectNode searchPersons(String term, String fields, boolean exact) {
        return records.searchPersons(term, fields, exact);
    }

    /**
     * {@code GET /api/v2/persons?ids=1,2,3&limit=100}: the persons with those ids (at most 100 ids;
     * unknown or deleted ids are simply absent), in the v2 shape with {@code custom_fields}. Without
     * {@code ids}: the first {@code limit} persons. No further page ({@code next_cursor} null).
     */
    public ObjectNode persons(String ids, Integer limit) {
        return records.persons(ids, limit);
    }

    /** {@code POST /api/v2/persons}. */
    public ObjectNode createPerson(JsonNode body) {
        return records.createPerson(body);
    }

    /** {@code PATCH /api/v2/persons/{id}}. */
    public ObjectNode updatePerson(String id, JsonNode body) {
        return records.updatePerson(id, body);
    }

    /** {@code GET /api/v2/organizations/search?term=&fields=name&exact_match=true}. */
    public ObjectNode searchOrganizations(String term, String fields, boolean exact) {
        return records.searchOrganizations(term, fields, exact);
    }

    /** {@code POST /api/v2/organizations}. */
    public ObjectNode createOrganization(JsonNode body) {
        return records.createOrganization(body);
    }

    /** {@code GET /v1/personFields} ({@code person}) or {@code /v1/organizationFields} ({@code organization}). */
    public ObjectNode fields(String object) {
        return catalog.fieldsView(object);
    }

    /** {@code POST /v1/notes}: {@code content} and one of person_id / org_id. */
    public ObjectNode createNote(JsonNode body) {
        return records.createNote(body);
    }

    /** For tests: how many answers were 429 because of the window. */
    public synchronized int throttledCount() {
        return throttled;
    }

    static Map<String, Integer> costs() {
        return new HashMap<>(COSTS);
    }
}
