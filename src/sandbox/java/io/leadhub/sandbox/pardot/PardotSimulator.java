package io.leadhub.sandbox.pardot;

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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Account Engagement (Pardot) API v5 as the hub meets it, under {@code /sandbox/pardot}:
 * <ul>
 * <li>a Salesforce-style token endpoint ({@code POST /services/oauth2/token}, refresh_token grant;
 * the answer has no {@code expires_in}: sessions expire after {@code tokenTtlSeconds} or on
 * {@code _tokens/expire});</li>
 * <li>every API call needs {@code Authorization: Bearer} and {@code Pardot-Business-Unit-Id} (the
 * 18-character id, starting {@code 0Uv}, this business unit is configured with);</li>
 * <li>prospects unique by email (case-insensitive), written one per call with
 * {@code upsertLatestByEmail}; {@code campaignId} is applied when a prospect is created and an
 * existing prospect keeps its campaign;</li>
 * <li>at most {@code concurrentLimit} (5) requests in flight and {@code dailyLimit} calls per UTC day.</li>
 * </ul>
 * Errors are v5 bodies {@code {"code": n, "message": "…"}} with a 4xx status. Codes 66, 122 and 184
 * are Pardot's; the numbers of the validation errors (3, 4, 10, 50, 51, 181) are this simulator's
 * choice where the vendor's own numbers are not published for v5.
 */
@Component
@Profile("sandbox")
public class PardotSimulator extends VendorSimulator {
    public static final String NAME = "pardot";
    public static final String TOKEN_PATH = "/services/oauth2/token";
    static final String PROSPECTS = "prospects";
    static final String CAMPAIGNS = "campaigns";

    static final int CODE_INVALID_PROSPECT_ID = 3;
    static final int CODE_INVALID_EMAIL = 4;
    static final int CODE_INVALID_CAMPAIGN = 10;
    static final int CODE_UNKNOWN_FIELD = 50;
    static final int CODE_INVALID_VALUE = 51;
    static final int CODE_CONCURRENCY = 66;
    static final int CODE_DAILY_LIMIT = 122;
    static final int CODE_BUSINESS_UNIT = 181;
    static final int CODE_INVALID_TOKEN = 184;

    /** The campaign the sandbox seed links {@code demo-sf}'s {@code demo-event} to. */
    public static final long DEMO_CAMPAIGN_ID = 7001;
    /** The seeded campaigns of the business unit: id -> name. */
    static final Map<Long, String> SEEDED_CAMPAIGNS =
            new TreeMap<>(Map.of(7001L, "Demo Expo 2026", 7002L, "Spring Webinar Series", 7003L, "Website Inbound"));

    private static final String ORG_ID = "00D5g000004SandAAA";
    private static final String USER_ID = "0055g00000SandbAAA";

    private final PardotCatalog catalog = new PardotCatalog();
    private final String clientId;
    private final String clientSecret;
    private final String seedRefreshToken;
    private final String defaultBusinessUnit;
    private final int defaultDailyLimit;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Map<Integer, AtomicInteger> refusals = new TreeMap<>();

    private volatile String businessUnitId;
    private volatile int dailyLimit;
    private volatile int concurrentLimit = 5;
    private volatile long tokenTtlSeconds = 7200;
    private volatile int peakConcurrent;
    private LocalDate day;
    private int callsToday;

    @Autowired
    public PardotSimulator(
            SimulatorStore store,
            @Value("${hub.sandbox.pardot.client-id:sandbox-pardot-client}") String clientId,
            @Value("${hub.sandbox.pardot.client-secret:sandbox-pardot-secret}") String clientSecret,
            @Value("${hub.sandbox.pardot.seed-refresh-token:sandbox-pardot-refresh}") String seedRefreshToken,
            @Value("${hub.sandbox.pardot.business-unit-id:0Uv5g000000SandAAA}") String businessUnitId,
            @Value("${hub.sandbox.pardot.daily-limit:25000}") int dailyLimit) {
        super(NAME, store);
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.seedRefreshToken = seedRefreshToken;
        this.defaultBusinessUnit = businessUnitId;
        this.defaultDailyLimit = dailyLimit;
        this.businessUnitId = businessUnitId;
        this.dailyLimit = dailyLimit;
    }

    /** Simulator with the default configuration (tests). */
    public PardotSimulator(SimulatorStore store) {
        this(
                store,
                "sandbox-pardot-client",
                "sandbox-pardot-secret",
                "sandbox-pardot-refresh",
                "0Uv5g000000SandAAA",
                25_000);
    }

    public String businessUnitId() {
        return businessUnitId;
    }

    @Override
    public List<String> objectNames() {
        return List.of(PROSPECTS, CAMPAIGNS);
    }

    @Override
    public boolean isTokenEndpoint(String method, String pathTemplate) {
        return TOKEN_PATH.equals(pathTemplate);
    }

    @Override
    public Map<String, Long> recordCounts() {
        Map<String, Long> counts = new LinkedHashMap<>(super.recordCounts());
        counts.put(CAMPAIGNS, (long) SEEDED_CAMPAIGNS.size());
        return counts;
    }

    @Override
    public Optional<List<JsonNode>> records(String object) {
        if (CAMPAIGNS.equals(object)) {
            List<JsonNode> out = new ArrayList<>();
            SEEDED_CAMPAIGNS.forEach(
                    (id, name) -> out.add(SandboxJson.object().put("id", id).put("name", name)));
            return Optional.of(out);
        }
        return super.records(object);
    }

    @Override
    protected JsonNode recordView(SimRecord r) {
        ObjectNode n = SandboxJson.object();
        n.put("id", Long.parseLong(r.id()));
        n.setAll(r.dataCopy());
        n.put("createdAt", SandboxJson.iso(r.createdAt()));
        n.put("updatedAt", SandboxJson.iso(r.updatedAt()));
        return n;
    }

    @Override
    protected void onReset(boolean tokens) {
        businessUnitId = defaultBusinessUnit;
        dailyLimit = defaultDailyLimit;
        concurrentLimit = 5;
        tokenTtlSeconds = 7200;
        peakConcurrent = inFlight.get();
        synchronized (this) {
            callsToday = 0;
            day = null;
            refusals.clear();
        }
    }

    // ---------------------------------------------------------------- configuration and usage

    /** {@code GET _config}: settings and today's usage (calls, peak concurrency, refusals per error code). */
    public synchronized ObjectNode config() {
        ObjectNode n = SandboxJson.object();
        n.put("businessUnitId", businessUnitId);
        n.put("dailyLimit", dailyLimit);
        n.put("concurrentLimit", concurrentLimit);
        n.put("tokenTtlSeconds", tokenTtlSeconds);
        n.put("callsToday", callsToday);
        n.put("peakConcurrent", peakConcurrent);
        ObjectNode r = n.putObject("refusals");
        refusals.forEach((code, count) -> r.put(String.valueOf(code), count.get()));
        return n;
    }

    /** {@code POST _config}: any of businessUnitId, dailyLimit, concurrentLimit, tokenTtlSeconds, callsToday. */
    public ObjectNode configure(JsonNode body) {
        if (body.hasNonNull("businessUnitId")) {
            String bu = body.get("businessUnitId").asText();
            if (!bu.matches("0Uv[A-Za-z0-9]{15}"))
                throw new SimulatorResponseException(
                        400, error(400, "businessUnitId must be 18 characters starting 0Uv"));
            businessUnitId = bu;
        }
        dailyLimit = positive(body, "dailyLimit", dailyLimit);
        concurrentLimit = positive(body, "concurrentLimit", concurrentLimit);
        tokenTtlSeconds = positive(body, "tokenTtlSeconds", (int) tokenTtlSeconds);
        if (body.hasNonNull("callsToday")) {
            synchronized (this) {
                rollDay();
                callsToday = Math.max(0, body.get("callsToday").asInt());
            }
        }
        return config();
    }

    private static int positive(JsonNode body, String key, int current) {
        if (!body.hasNonNull(key)) return current;
        int n = body.get(key).asInt();
        if (n < 1) throw new SimulatorResponseException(400, error(400, key + " must be at least 1"));
        return n;
    }

    private void rollDay() {
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (!today.equals(day)) {
            day = today;
            callsToday = 0;
        }
    }

    private synchronized void refused(int code) {
        refusals.computeIfAbsent(code, c -> new AtomicInteger()).incrementAndGet();
    }

    /**
     * Account Engagement signs users in through Salesforce: access tokens issued by the simulator
     * of the Salesforce login ({@code /sandbox/salesforce/services/oauth2/token}) are accepted as
     * well as the ones this simulator's own Salesforce-style token endpoint issues.
     */
    private volatile VendorSimulator identityProvider;

    public void trustTokensOf(VendorSimulator salesforceLogin) {
        this.identityProvider = salesforceLogin;
    }

    // ---------------------------------------------------------------- per-request checks

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
        boolean own =
                stored.isPresent() && stored.get().data().path("expiresAt").asLong() > clock.millis();
        VendorSimulator signIn = identityProvider;
        if (!own && (signIn == null || !signIn.acceptsAccessToken(token))) {
            refused(CODE_INVALID_TOKEN);
            SimulatorInterceptor.writeJson(
                    response,
                    401,
                    error(CODE_INVALID_TOKEN, "access_token is invalid, unknown, or malformed: Inactive token"));
            return false;
        }
        String bu = request.getHeader("Pardot-Business-Unit-Id");
        if (bu == null || bu.isBlank()) {
            refused(CODE_BUSINESS_UNIT);
            SimulatorInterceptor.writeJson(
                    response, 400, error(CODE_BUSINESS_UNIT, "Required header Pardot-Business-Unit-Id is missing"));
            return false;
        }
        if (!bu.trim().equals(businessUnitId)) {
            refused(CODE_BUSINESS_UNIT);
            SimulatorInterceptor.writeJson(
                    response,
                    400,
                    error(
                            CODE_BUSINESS_UNIT,
                            "Invalid Pardot-Business-Unit-Id: the business unit does not exist or the user cannot access it"));
            return false;
        }
        boolean overQuota;
        synchronized (this) {
            rollDay();
            overQuota = callsToday >= dailyLimit;
            if (!overQuota) callsToday++;
        }
        if (overQuota) {
            refused(CODE_DAILY_LIMIT);
            SimulatorInterceptor.writeJson(response, 429, error(CODE_DAILY_LIMIT, "Daily API rate limit met"));
            return false;
        }
        return true;
    }

    /** Runs one API request as one of the business unit's concurrent requests; over the limit it answers 66. */
    <T> T concurrent(Supplier<T> work) {
        int n = inFlight.incrementAndGet();
        try {
            synchronized (this) {
                peakConcurrent = Math.max(peakConcurrent, n);
            }
            if (n > concurrentLimit) {
                refused(CODE_CONCURRENCY);
                throw new SimulatorResponseException(
                        429, error(CODE_CONCURRENCY, "You have exceeded your concurrent request limit"));
            }
            return work.get();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** For tests: occupy or free request slots as if other requests were in flight. */
    void occupySlots(int delta) {
        inFlight.addAndGet(delta);
    }

    static ObjectNode error(int code, String message) {
        return SandboxJson.object().put("code", code).put("message", message);
    }

    static SimulatorResponseException failure(int status, int code, String message) {
        return new SimulatorResponseException(status, error(code, message));
    }

    // ---------------------------------------------------------------- OAuth (Salesforce style)

    /** {@code POST /services/oauth2/token} with {@code grant_type=refresh_token}. */
    public ObjectNode token(Map<String, String> form, String instanceUrl) {
        String grant = form.getOrDefault("grant_type", "");
        if (!grant.equals("refresh_token")) {
            throw new SimulatorResponseException(400, oauthError("unsupported_grant_type", "grant type not supported"));
        }
        if (!clientId.equals(form.get("client_id"))) {
            throw new SimulatorResponseException(400, oauthError("invalid_client_id", "client identifier invalid"));
        }
        if (!clientSecret.equals(form.get("client_secret"))) {
            throw new SimulatorResponseException(400, oauthError("invalid_client", "invalid client credentials"));
        }
        String refresh = form.get("refresh_token");
        boolean revoked = seedRefreshRevoked();
        if (refresh == null || !refresh.equals(seedRefreshToken) || revoked) {
            throw new SimulatorResponseException(400, oauthError("invalid_grant", "expired access/refresh token"));
        }
        String access = ORG_ID.substring(0, 15) + "!" + randomToken("");
        long now = clock.millis();
        store.insert(
                NAME, ACCESS_TOKENS, access, null, SandboxJson.object().put("expiresAt", now + tokenTtlSeconds * 1000));
        String identity = "https://login.salesforce.com/id/" + ORG_ID + "/" + USER_ID;
        ObjectNode out = SandboxJson.object();
        out.put("access_token", access);
        out.put("signature", sign(identity + now));
        out.put("scope", "pardot_api refresh_token api");
        out.put("instance_url", instanceUrl);
        out.put("id", identity);
        out.put("token_type", "Bearer");
        out.put("issued_at", String.valueOf(now));
        return out;
    }

    /** {@code _tokens/revoke-refresh}: the refresh token stops working (the user revoked the connected app). */
    @Override
    public int revokeRefreshTokens() {
        revokeSeedRefreshToken();
        return 1;
    }

    private static ObjectNode oauthError(String error, String description) {
        return SandboxJson.object().put("error", error).put("error_description", description);
    }

    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(clientSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- prospects

    /** {@code POST /api/v5/objects/prospects/do/upsertLatestByEmail}. */
    public ObjectNode upsertLatestByEmail(JsonNode body) {
        JsonNode match = body.path("matchEmail");
        if (!match.isTextual()
                || !PardotCatalog.EMAIL.matcher(match.asText().trim()).matches()) {
            throw failure(400, CODE_INVALID_EMAIL, "Invalid prospect email address");
        }
        if (!body.path("prospect").isObject())
            throw failure(400, CODE_INVALID_VALUE, "Invalid value for prospect: an object is required");
        List<String> fields = fields(body.path("fields"));
        ObjectNode prospect = (ObjectNode) body.get("prospect");
        for (var it = prospect.fields(); it.hasNext(); ) {
            var e = it.next();
            catalog.check(e.getKey(), e.getValue()).ifPresent(v -> {
                throw failure(400, v.code(), v.message());
            });
        }
        JsonNode campaign = prospect.path("campaignId");
        if (!campaign.isMissingNode() && !campaign.isNull() && !SEEDED_CAMPAIGNS.containsKey(campaign.asLong())) {
            throw failure(400, CODE_INVALID_CAMPAIGN, "Invalid campaign ID");
        }
        String key = match.asText().trim().toLowerCase(Locale.ROOT);
        SimRecord saved = store.inTransaction(NAME, () -> {
            Optional<SimRecord> existing = store.findByUniqueKey(NAME, PROSPECTS, key);
            if (existing.isPresent()) {
                ObjectNode data = existing.get().dataCopy();
                prospect.fields().forEachRemaining(e -> {
                    if (!e.getKey().equals("campaignId")) data.set(e.getKey(), e.getValue());
                });
                String newKey = data.path("email").asText(key).trim().toLowerCase(Locale.ROOT);
                return store.update(NAME, PROSPECTS, existing.get().id(), newKey, data)
                        .orElseThrow();
            }
            ObjectNode data = prospect.deepCopy();
            if (!data.hasNonNull("email")) data.put("email", match.asText().trim());
            if (data.hasNonNull("campaignId"))
                data.put("campaignId", data.get("campaignId").asLong());
            String id = String.valueOf(store.nextId(NAME, "prospect", 1_000_001));
            return store.insert(
                    NAME, PROSPECTS, id, data.path("email").asText().trim().toLowerCase(Locale.ROOT), data);
        });
        return view(saved, fields);
    }

    /** {@code GET /api/v5/objects/prospects?fields=…[&email=…]}. */
    public ObjectNode query(String fieldsParam, String email) {
        List<String> fields =
                fields(fieldsParam == null ? null : SandboxJson.MAPPER.valueToTree(List.of(fieldsParam.split(","))));
        ArrayNode values = SandboxJson.array();
        if (email != null) {
            store.findByUniqueKey(NAME, PROSPECTS, email.trim().toLowerCase(Locale.ROOT))
                    .ifPresent(r -> values.add(view(r, fields)));
        } else {
            store.list(NAME, PROSPECTS).stream().limit(200).forEach(r -> values.add(view(r, fields)));
        }
        ObjectNode out = SandboxJson.object();
        out.set("values", values);
        out.putNull("nextPageToken");
        out.putNull("nextPageUrl");
        return out;
    }

    /** {@code GET /api/v5/objects/prospects/{id}?fields=…}. */
    public ObjectNode read(String id, String fieldsParam) {
        List<String> fields =
                fields(fieldsParam == null ? null : SandboxJson.MAPPER.valueToTree(List.of(fieldsParam.split(","))));
        return store.findById(NAME, PROSPECTS, id)
                .map(r -> view(r, fields))
                .orElseThrow(() -> failure(404, CODE_INVALID_PROSPECT_ID, "Invalid prospect ID"));
    }

    /** {@code GET /api/v5/objects/campaigns/{id}?fields=…} (fields: id, name). */
    public ObjectNode campaign(String id, String fieldsParam) {
        if (fieldsParam == null || fieldsParam.isBlank())
            throw failure(400, CODE_INVALID_VALUE, "The fields parameter is required");
        Long key = id.matches("\\d{1,18}") ? Long.valueOf(id) : null;
        if (key == null || !SEEDED_CAMPAIGNS.containsKey(key))
            throw failure(404, CODE_INVALID_CAMPAIGN, "Invalid campaign ID");
        ObjectNode out = SandboxJson.object();
        for (String f : fieldsParam.split(",")) {
            switch (f.trim()) {
                case "id" -> out.put("id", key);
                case "name" -> out.put("name", SEEDED_CAMPAIGNS.get(key));
                default ->
                    throw failure(400, CODE_UNKNOWN_FIELD, "Invalid field: " + f.trim() + " is not a campaign field");
            }
        }
        return out;
    }

    private List<String> fields(JsonNode requested) {
        if (requested == null || !requested.isArray() || requested.isEmpty()) {
            throw failure(400, CODE_INVALID_VALUE, "The fields parameter is required");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode f : requested) {
            String name = f.asText().trim();
            if (catalog.field(name).isEmpty())
                throw failure(400, CODE_UNKNOWN_FIELD, "Invalid field: " + name + " is not a prospect field");
            out.add(name);
        }
        return out;
    }

    private ObjectNode view(SimRecord r, List<String> fields) {
        ObjectNode n = SandboxJson.object();
        for (String f : fields) {
            switch (f) {
                case "id" -> n.put("id", Long.parseLong(r.id()));
                case "createdAt" -> n.put("createdAt", SandboxJson.iso(r.createdAt()));
                case "updatedAt" -> n.put("updatedAt", SandboxJson.iso(r.updatedAt()));
                default -> n.set(f, r.data().hasNonNull(f) ? r.data().get(f) : SandboxJson.MAPPER.nullNode());
            }
        }
        return n;
    }
}
