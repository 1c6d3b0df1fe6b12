package io.leadhub.sandbox.marketo;

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
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The Marketo simulator's state and cross-cutting behaviour: client-credentials tokens (kept in the
 * {@link SimulatorStore}; asking again before expiry answers the same token with its remaining
 * lifetime), and the REST API's conventions: every error is an HTTP 200 answer
 * {@code {"requestId","success":false,"errors":[{"code","message"}]}} with the code as a string:
 * 600/601/602 empty, invalid or expired token, 606 more than N calls in a rolling 20 s window,
 * 607 the daily quota, 615 more than 10 concurrent calls. The lead database lives in
 * {@link MarketoLeadDatabase}. It also keeps the requests it received, so tests can check them
 * against Marketo's published Swagger specs.
 */
@Component
@Profile("sandbox")
public class MarketoSimulator extends VendorSimulator {

    public static final String NAME = "marketo";
    public static final List<String> OBJECTS = List.of("leads", "programMembers");
    static final String TOKEN_PATH = "/identity/oauth/token";
    static final long WINDOW_MS = 20_000;
    /** The latest requests are kept for tests, at most this many and this many characters of body. */
    static final int MAX_RECEIVED = 1_000;

    static final long MAX_RECEIVED_CHARS = 4L * 1024 * 1024;

    /** One request the simulator received (path relative to its root, raw query, JSON body or null). */
    public record Received(String method, String path, String query, String contentType, String body) {}

    private final String clientId;
    private final String clientSecret;
    private final long defaultTokenTtl;
    private final int defaultRateLimit;
    private final long defaultDailyQuota;
    private final int defaultConcurrency;
    private final Deque<Long> window = new ArrayDeque<>();
    private final AtomicLong usedToday = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Deque<Received> received = new ArrayDeque<>();
    private long receivedChars;
    /** Programs archived since the seed (moved to the archive folder): {@code _config} {@code archivedPrograms}. */
    private final Set<Long> archivedSince = ConcurrentHashMap.newKeySet();

    private volatile long tokenTtlSeconds;
    private volatile int rateLimitPer20s;
    private volatile long dailyQuota;
    private volatile int concurrencyLimit;

    @Autowired
    public MarketoSimulator(
            SimulatorStore store,
            @Value("${hub.sandbox.marketo.client-id:sandbox-marketo-client}") String clientId,
            @Value("${hub.sandbox.marketo.client-secret:sandbox-marketo-secret}") String clientSecret,
            @Value("${hub.sandbox.marketo.token-ttl:3600}") long tokenTtlSeconds,
            @Value("${hub.sandbox.marketo.rate-limit-per-20s:100}") int rateLimitPer20s,
            @Value("${hub.sandbox.marketo.daily-quota:50000}") long dailyQuota,
            @Value("${hub.sandbox.marketo.concurrency-limit:10}") int concurrencyLimit) {
        super(NAME, store);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.defaultTokenTtl = tokenTtlSeconds;
        this.defaultRateLimit = rateLimitPer20s;
        this.defaultDailyQuota = dailyQuota;
        this.defaultConcurrency = concurrencyLimit;
        onReset(false);
    }

    /** Simulator with the default configuration (tests). */
    public MarketoSimulator(SimulatorStore store) {
        this(store, "sandbox-marketo-client", "sandbox-marketo-secret", 3600, 100, 50_000, 10);
    }

    @Override
    public List<String> objectNames() {
        return OBJECTS;
    }

    @Override
    public boolean isTokenEndpoint(String method, String pathTemplate) {
        return TOKEN_PATH.equals(pathTemplate);
    }

    @Override
    protected JsonNode recordView(SimRecord r) {
        ObjectNode n = SandboxJson.object();
        if ("leads".equals(r.object())) {
            n.put("id", Long.parseLong(r.id()));
        }
        n.setAll(r.dataCopy());
        n.put("createdAt", SandboxJson.iso(r.createdAt()));
        n.put("updatedAt", SandboxJson.iso(r.updatedAt()));
        return n;
    }

    @Override
    protected void onReset(boolean tokens) {
        synchronized (window) {
            window.clear();
        }
        synchronized (received) {
            received.clear();
            receivedChars = 0;
        }
        usedToday.set(0);
        archivedSince.clear();
        tokenTtlSeconds = defaultTokenTtl;
        rateLimitPer20s = defaultRateLimit;
        dailyQuota = defaultDailyQuota;
        concurrencyLimit = defaultConcurrency;
    }

    // ---------------------------------------------------------------- received requests

    public void received(HttpServletRequest request, JsonNode body) {
        String uri = request.getRequestURI().substring(request.getContextPath().length());
        String path = uri.substring(("/sandbox/" + NAME).length());
        Received r = new Received(
                request.getMethod(),
                path,
                request.getQueryString(),
                request.getContentType(),
                body == null ? null : SandboxJson.write(body));
        synchronized (received) {
            received.addLast(r);
            receivedChars += chars(r);
            // a bounded record: a long run (a 100,000-lead import) must not fill the heap with request bodies
            while (received.size() > MAX_RECEIVED || (receivedChars > MAX_RECEIVED_CHARS && received.size() > 1)) {
                receivedChars -= chars(received.removeFirst());
            }
        }
    }

    private static long chars(Received r) {
        return r.body() == null ? 0 : r.body().length();
    }

    public List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    // ---------------------------------------------------------------- configuration

    public ObjectNode config() {
        ObjectNode n = SandboxJson.object()
                .put("rateLimitPer20s", rateLimitPer20s)
                .put("dailyQuota", dailyQuota)
                .put("usedToday", usedToday.get())
                .put("concurrencyLimit", concurrencyLimit)
                .put("tokenTtlSeconds", tokenTtlSeconds);
        archivedSince.stream().sorted().forEach(n.putArray("archivedPrograms")::add);
        return n;
    }

    /** The program was archived since the seed. */
    boolean archivedSince(long programId) {
        return archivedSince.contains(programId);
    }

    /**
     * {@code {"rateLimitPer20s": 5, "dailyQuota": 10, "concurrencyLimit": 10, "tokenTtlSeconds": 60,
     * "archivedPrograms": [1004]}} (each optional; archivedPrograms replaces the programs archived since the seed).
     */
    public ObjectNode configure(JsonNode body) {
        if (body.has("archivedPrograms")) {
            Set<Long> ids = new HashSet<>();
            for (JsonNode id : body.get("archivedPrograms")) {
                if (!id.canConvertToLong() || MarketoAssets.program(id.asLong()).isEmpty()) {
                    throw new SimulatorResponseException(
                            400, SandboxJson.object().put("error", "archivedPrograms: no program " + id.asText()));
                }
                ids.add(id.asLong());
            }
            archivedSince.clear();
            archivedSince.addAll(ids);
        }
        if (body.hasNonNull("rateLimitPer20s")) {
            rateLimitPer20s = atLeast(body, "rateLimitPer20s", 1);
        }
        if (body.hasNonNull("dailyQuota")) {
            dailyQuota = atLeast(body, "dailyQuota", 0);
        }
        if (body.hasNonNull("concurrencyLimit")) {
            concurrencyLimit = atLeast(body, "concurrencyLimit", 0);
        }
        if (body.hasNonNull("tokenTtlSeconds")) {
            tokenTtlSeconds = atLeast(body, "tokenTtlSeconds", 1);
        }
        return config();
    }

    private static int atLeast(JsonNode body, String field, int min) {
        int n = body.get(field).asInt();
        if (n < min) {
            throw new SimulatorResponseException(
                    400, SandboxJson.object().put("error", field + " must be at least " + min));
        }
        return n;
    }

    // ---------------------------------------------------------------- identity

    /** {@code GET|POST /identity/oauth/token?grant_type=client_credentials&client_id=&client_secret=}. */
    public ObjectNode token(String grantType, String id, String secret) {
        if (!"client_credentials".equals(grantType)) {
            throw new SimulatorResponseException(
                    400,
                    SandboxJson.object()
                            .put("error", "unsupported_grant_type")
                            .put("error_description", "Unsupported grant type: " + grantType));
        }
        if (!clientId.equals(id) || !clientSecret.equals(secret)) {
            throw new SimulatorResponseException(
                    401,
                    SandboxJson.object()
                            .put("error", "invalid_client")
                            .put("error_description", "Bad client credentials"));
        }
        return store.inTransaction(NAME, () -> {
            long now = now();
            Optional<SimRecord> live = store.list(NAME, ACCESS_TOKENS).stream()
                    .filter(r -> r.data().path("clientId").asText().equals(id)
                            && r.data().path("expiresAt").asLong() > now)
                    .reduce((a, b) -> b);
            String token;
            long expiresAt;
            if (live.isPresent()) {
                token = live.get().id();
                expiresAt = live.get().data().path("expiresAt").asLong();
            } else {
                token = UUID.randomUUID() + ":ab";
                expiresAt = now + tokenTtlSeconds * 1000;
                store.insert(
                        NAME,
                        ACCESS_TOKENS,
                        token,
                        null,
                        SandboxJson.object().put("clientId", id).put("expiresAt", expiresAt));
            }
            ObjectNode out = SandboxJson.object();
            out.put("access_token", token);
            out.put("token_type", "bearer");
            out.put("expires_in", Math.max(0, (expiresAt - now) / 1000));
            out.put("scope", "apis@sandbox.leadhub.example");
            return out;
        });
    }

    // ---------------------------------------------------------------- authentication, rate window, quota, concurrency

    @Override
    public boolean beforeHandle(
            HttpServletRequest request, HttpServletResponse response, String pathTemplate, boolean tokenEndpoint)
            throws IOException {
        if (tokenEndpoint) {
            return true;
        }
        String header = request.getHeader("Authorization");
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? header.substring(7).trim()
                : request.getParameter("access_token");
        if (token == null || token.isEmpty()) {
            SimulatorInterceptor.writeJson(response, 200, failure("600", "Access token not specified"));
            return false;
        }
        Optional<SimRecord> stored = store.findById(NAME, ACCESS_TOKENS, token);
        if (stored.isEmpty()) {
            SimulatorInterceptor.writeJson(response, 200, failure("601", "Access token invalid"));
            return false;
        }
        long now = now();
        if (stored.get().data().path("expiresAt").asLong() <= now) {
            SimulatorInterceptor.writeJson(response, 200, failure("602", "Access token expired"));
            return false;
        }
        synchronized (window) {
            while (!window.isEmpty() && window.peekFirst() <= now - WINDOW_MS) {
                window.pollFirst();
            }
            if (window.size() >= rateLimitPer20s) {
                SimulatorInterceptor.writeJson(
                        response,
                        200,
                        failure("606", "Max rate limit '" + rateLimitPer20s + "' exceeded with in '20' secs"));
                return false;
            }
            window.addLast(now);
        }
        if (usedToday.incrementAndGet() > dailyQuota) {
            SimulatorInterceptor.writeJson(response, 200, failure("607", "Daily quota reached"));
            return false;
        }
        return true;
    }

    /** Runs one REST call under the concurrency limit: the eleventh call at once answers 615. */
    public JsonNode concurrent(Supplier<JsonNode> call) {
        try {
            if (inFlight.incrementAndGet() > concurrencyLimit) {
                throw error("615", "Concurrent access limit reached");
            }
            return call.get();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    // ---------------------------------------------------------------- answers

    static String requestId() {
        return HexFormat.of().formatHex(new byte[] {(byte) (Math.random() * 255), (byte) (Math.random() * 255)}) + "#"
                + Long.toHexString(System.nanoTime() & 0xfffffffffffL);
    }

    static ObjectNode failure(String code, String message) {
        ObjectNode n = SandboxJson.object();
        n.put("requestId", requestId());
        n.put("success", false);
        n.putArray("errors").addObject().put("code", code).put("message", message);
        return n;
    }

    /** A Marketo request-level error: HTTP 200 with success false. */
    static SimulatorResponseException error(String code, String message) {
        return new SimulatorResponseException(200, failure(code, message));
    }

    static ObjectNode success() {
        ObjectNode n = SandboxJson.object();
        n.put("requestId", requestId());
        n.put("success", true);
        return n;
    }
}
