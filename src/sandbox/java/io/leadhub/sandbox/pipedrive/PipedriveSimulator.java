package io.leadhub.sandbox.pipedrive;

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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

    private final PipedriveCatalog catalog = new PipedriveCatalog();
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
        ObjectNode n = SandboxJson.object();
        n.put("id", Long.parseLong(r.id()));
        n.setAll(r.dataCopy());
        n.put("add_time", SandboxJson.iso(r.createdAt()));
        n.put("update_time", SandboxJson.iso(r.updatedAt()));
        return n;
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
        String header = request.getHeader("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim()
                : null;
        Optional<SimRecord> stored =
                token == null || token.isEmpty() ? Optional.empty() : store.findById(NAME, ACCESS_TOKENS, token);
        if (stored.isEmpty() || stored.get().data().path("expiresAt").asLong() <= now()) {
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

    private static ObjectNode ok(JsonNode data) {
        ObjectNode n = SandboxJson.object();
        n.put("success", true);
        n.set("data", data);
        return n;
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
                String refresh = randomToken("rt");
                store.insert(
                        NAME,
                        REFRESH_TOKENS,
                        refresh,
                        null,
                        SandboxJson.object().put("revoked", false));
                return issue(refresh, apiDomain);
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
                refresh = randomToken("rt");
                store.insert(
                        NAME,
                        REFRESH_TOKENS,
                        refresh,
                        null,
                        SandboxJson.object().put("revoked", false));
            }
            return issue(refresh, apiDomain);
        });
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
            for (SimRecord a : store.list(NAME, ACCESS_TOKENS)) {
                if (token.equals(a.data().path("refreshToken").asText())) store.delete(NAME, ACCESS_TOKENS, a.id());
            }
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

    // ---------------------------------------------------------------- persons

    /** {@code GET /api/v2/persons/search?term=&fields=email&exact_match=true}. */
    public ObjectNode searchPersons(String term, String fields, boolean exact) {
        String t = checkTerm(term, exact);
        Set<String> searched = searchFields(fields, Set.of("custom_fields", "email", "notes", "phone", "name"));
        List<SimRecord> hits = new ArrayList<>();
        for (SimRecord r : store.list(NAME, PERSONS)) {
            boolean hit = false;
            if (searched.contains("email"))
                for (JsonNode e : r.data().path("emails"))
                    hit |= matches(e.path("value").asText(), t, exact);
            if (searched.contains("phone"))
                for (JsonNode p : r.data().path("phones"))
                    hit |= matches(p.path("value").asText(), t, exact);
            if (searched.contains("name")) hit |= matches(r.data().path("name").asText(), t, exact);
            if (hit) hits.add(r);
        }
        hits.sort(Comparator.comparingLong(SimRecord::updatedAt).reversed());
        ArrayNode items = SandboxJson.array();
        for (SimRecord r : hits) {
            ObjectNode item = SandboxJson.object();
            item.put("id", Long.parseLong(r.id()));
            item.put("type", "person");
            item.put("name", r.data().path("name").asText());
            ArrayNode emails = item.putArray("emails");
            r.data().path("emails").forEach(e -> emails.add(e.path("value").asText()));
            ArrayNode phones = item.putArray("phones");
            r.data().path("phones").forEach(p -> phones.add(p.path("value").asText()));
            item.put("visible_to", r.data().path("visible_to").asInt(3));
            item.putObject("owner").put("id", 1);
            JsonNode orgId = r.data().path("org_id");
            if (orgId.isNumber()) {
                ObjectNode org = item.putObject("organization");
                org.put("id", orgId.asLong());
                org.put(
                        "name",
                        store.findById(NAME, ORGANIZATIONS, orgId.asText())
                                .map(o -> o.data().path("name").asText())
                                .orElse(null));
                org.putNull("address");
            } else {
                item.putNull("organization");
            }
            addSearchItem(items, item, r);
        }
        return searchAnswer(items);
    }

    /** One hit of a search answer: the item with its (empty) custom fields and notes and its update time. */
    private static void addSearchItem(ArrayNode items, ObjectNode item, SimRecord r) {
        item.putArray("custom_fields");
        item.putArray("notes");
        item.put("update_time", SandboxJson.iso(r.updatedAt()));
        items.add(SandboxJson.object().put("result_score", 1.0).set("item", item));
    }

    /** A search answer: the hits, and no further page. */
    private ObjectNode searchAnswer(ArrayNode items) {
        ObjectNode out = ok(SandboxJson.object().set("items", items));
        out.putObject("additional_data").putNull("next_cursor");
        return out;
    }

    /**
     * {@code GET /api/v2/persons?ids=1,2,3&limit=100}: the persons with those ids (at most 100 ids;
     * unknown or deleted ids are simply absent), in the v2 shape with {@code custom_fields}. Without
     * {@code ids}: the first {@code limit} persons. No further page ({@code next_cursor} null).
     */
    public ObjectNode persons(String ids, Integer limit) {
        int max = limit == null ? 100 : limit;
        if (max < 1 || max > 500) throw failure(400, "Validation failed: limit: must be between 1 and 500");
        ArrayNode data = SandboxJson.array();
        if (ids != null && !ids.isBlank()) {
            List<String> wanted = Arrays.stream(ids.split(","))
                    .map(String::trim)
                    .filter(x -> !x.isEmpty())
                    .toList();
            if (wanted.size() > 100) throw failure(400, "Validation failed: ids: must contain at most 100 ids");
            for (String id : wanted) store.findById(NAME, PERSONS, id).ifPresent(r -> data.add(personView(r)));
        } else {
            store.list(NAME, PERSONS).stream().limit(max).forEach(r -> data.add(personView(r)));
        }
        ObjectNode out = ok(data);
        out.putObject("additional_data").putNull("next_cursor");
        return out;
    }

    /** {@code POST /api/v2/persons}. */
    public ObjectNode createPerson(JsonNode body) {
        ObjectNode data = personData(body, null);
        if (!data.path("name").isTextual() || data.path("name").asText().isBlank()) {
            throw failure(400, "Validation failed: name: Parameter 'name' is required");
        }
        SimRecord saved = store.inTransaction(
                NAME, () -> store.insert(NAME, PERSONS, String.valueOf(store.nextId(NAME, "person", 1)), null, data));
        return ok(personView(saved));
    }

    /** {@code PATCH /api/v2/persons/{id}}. */
    public ObjectNode updatePerson(String id, JsonNode body) {
        SimRecord saved = store.inTransaction(NAME, () -> {
            SimRecord existing = store.findById(NAME, PERSONS, id).orElseThrow(() -> failure(404, "Person not found"));
            ObjectNode data = personData(body, existing.dataCopy());
            if (data.path("name").asText("").isBlank())
                throw failure(400, "Validation failed: name: Parameter 'name' must not be empty");
            return store.update(NAME, PERSONS, id, data).orElseThrow();
        });
        return ok(personView(saved));
    }

    private ObjectNode personData(JsonNode body, ObjectNode base) {
        if (body == null || !body.isObject()) throw failure(400, "Validation failed: body: must be a JSON object");
        ObjectNode data = base != null ? base : SandboxJson.object();
        for (var it = body.fields(); it.hasNext(); ) {
            var e = it.next();
            String f = e.getKey();
            if (f.equals("custom_fields")) {
                ObjectNode customs = data.has("custom_fields")
                        ? (ObjectNode) data.get("custom_fields")
                        : data.putObject("custom_fields");
                e.getValue().fields().forEachRemaining(c -> {
                    catalog.checkCustom("person", c.getKey(), c.getValue()).ifPresent(m -> {
                        throw failure(400, m);
                    });
                    customs.set(c.getKey(), c.getValue());
                });
            } else if (!catalog.isStandard("person", f)) {
                throw failure(400, "Validation failed: " + f + ": unknown property");
            } else if (f.equals("org_id") && !e.getValue().isNull()) {
                if (store.findById(NAME, ORGANIZATIONS, e.getValue().asText()).isEmpty())
                    throw failure(400, "Organization not found");
                data.put("org_id", e.getValue().asLong());
            } else if (f.equals("emails") || f.equals("phones")) {
                if (!e.getValue().isArray()) throw failure(400, "Validation failed: " + f + ": must be array");
                for (JsonNode v : e.getValue()) {
                    if (!v.path("value").isTextual())
                        throw failure(400, "Validation failed: " + f + ": value: Parameter 'value' is required");
                }
                data.set(f, e.getValue());
            } else {
                JsonNode v = e.getValue();
                if (v.isTextual() && v.asText().length() > 255) {
                    throw failure(
                            400, "Validation failed: " + f + ": Value is too long: maximum length is 255 characters");
                }
                data.set(f, v);
            }
        }
        if (!data.has("visible_to")) data.put("visible_to", 3);
        return data;
    }

    private ObjectNode personView(SimRecord r) {
        ObjectNode n = (ObjectNode) recordView(r);
        if (!n.has("org_id")) n.putNull("org_id");
        if (!n.has("emails")) n.putArray("emails");
        if (!n.has("phones")) n.putArray("phones");
        if (!n.has("custom_fields")) n.putObject("custom_fields");
        n.put("owner_id", 1);
        n.put("is_deleted", false);
        return n;
    }

    // ---------------------------------------------------------------- organizations

    /** {@code GET /api/v2/organizations/search?term=&fields=name&exact_match=true}. */
    public ObjectNode searchOrganizations(String term, String fields, boolean exact) {
        String t = checkTerm(term, exact);
        Set<String> searched = searchFields(fields, Set.of("address", "custom_fields", "notes", "name"));
        List<SimRecord> hits = new ArrayList<>();
        for (SimRecord r : store.list(NAME, ORGANIZATIONS)) {
            if (searched.contains("name") && matches(r.data().path("name").asText(), t, exact)) hits.add(r);
        }
        hits.sort(Comparator.comparingLong(SimRecord::updatedAt).reversed());
        ArrayNode items = SandboxJson.array();
        for (SimRecord r : hits) {
            ObjectNode item = SandboxJson.object();
            item.put("id", Long.parseLong(r.id()));
            item.put("type", "organization");
            item.put("name", r.data().path("name").asText());
            item.putNull("address");
            item.put("visible_to", 3);
            item.putObject("owner").put("id", 1);
            addSearchItem(items, item, r);
        }
        return searchAnswer(items);
    }

    /** {@code POST /api/v2/organizations}. */
    public ObjectNode createOrganization(JsonNode body) {
        if (body == null || !body.isObject()) throw failure(400, "Validation failed: body: must be a JSON object");
        ObjectNode data = SandboxJson.object();
        for (var it = body.fields(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().equals("custom_fields")) {
                ObjectNode customs = data.putObject("custom_fields");
                e.getValue().fields().forEachRemaining(c -> {
                    catalog.checkCustom("organization", c.getKey(), c.getValue())
                            .ifPresent(m -> {
                                throw failure(400, m);
                            });
                    customs.set(c.getKey(), c.getValue());
                });
            } else if (!catalog.isStandard("organization", e.getKey())) {
                throw failure(400, "Validation failed: " + e.getKey() + ": unknown property");
            } else {
                data.set(e.getKey(), e.getValue());
            }
        }
        if (!data.path("name").isTextual() || data.path("name").asText().isBlank()) {
            throw failure(400, "Validation failed: name: Parameter 'name' is required");
        }
        SimRecord saved = store.inTransaction(
                NAME,
                () -> store.insert(
                        NAME, ORGANIZATIONS, String.valueOf(store.nextId(NAME, "organization", 1)), null, data));
        ObjectNode view = (ObjectNode) recordView(saved);
        view.put("owner_id", 1);
        view.put("is_deleted", false);
        return ok(view);
    }

    // ---------------------------------------------------------------- notes (v1)

    /** {@code POST /v1/notes}: {@code content} and one of person_id / org_id. */
    public ObjectNode createNote(JsonNode body) {
        if (body == null
                || !body.path("content").isTextual()
                || body.path("content").asText().isBlank()) {
            throw failure(400, "Content is required");
        }
        JsonNode person = body.path("person_id");
        JsonNode org = body.path("org_id");
        if (person.isMissingNode() && org.isMissingNode()) {
            throw failure(400, "Note must be attached to a deal, person, organization, lead or project");
        }
        if (!person.isMissingNode()
                && store.findById(NAME, PERSONS, person.asText()).isEmpty()) throw failure(404, "Person not found");
        if (!org.isMissingNode()
                && store.findById(NAME, ORGANIZATIONS, org.asText()).isEmpty())
            throw failure(404, "Organization not found");
        ObjectNode data = SandboxJson.object();
        data.put("content", body.get("content").asText());
        if (!person.isMissingNode()) data.put("person_id", person.asLong());
        if (!org.isMissingNode()) data.put("org_id", org.asLong());
        SimRecord saved = store.inTransaction(
                NAME, () -> store.insert(NAME, NOTES, String.valueOf(store.nextId(NAME, "note", 1)), null, data));
        ObjectNode view = (ObjectNode) recordView(saved);
        view.put("active_flag", true);
        return ok(view);
    }

    // ---------------------------------------------------------------- search helpers

    private static String checkTerm(String term, boolean exact) {
        String t = term == null ? "" : term.trim();
        if (t.length() < (exact ? 1 : 2)) {
            throw failure(
                    400,
                    "Validation failed: term: Search term must be at least " + (exact ? 1 : 2) + " characters long");
        }
        return t;
    }

    private static Set<String> searchFields(String fields, Set<String> allowed) {
        if (fields == null || fields.isBlank()) return allowed;
        Set<String> out = new HashSet<>();
        for (String f : fields.split(",")) {
            String name = f.trim();
            if (!allowed.contains(name)) throw failure(400, "Validation failed: fields: invalid field '" + name + "'");
            out.add(name);
        }
        return out;
    }

    private static boolean matches(String value, String term, boolean exact) {
        if (value == null) return false;
        String v = value.trim().toLowerCase(Locale.ROOT);
        String t = term.toLowerCase(Locale.ROOT);
        return exact ? v.equals(t) : v.contains(t);
    }

    /** For tests: how many answers were 429 because of the window. */
    public synchronized int throttledCount() {
        return throttled;
    }

    static Map<String, Integer> costs() {
        return new HashMap<>(COSTS);
    }
}
