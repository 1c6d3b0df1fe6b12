package io.leadhub.sandbox.zoho;

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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * A Zoho CRM org (API v8) under {@code /sandbox/zoho}: refresh-token OAuth
 * ({@code /oauth/v2/token}, answering the simulator root as {@code api_domain}), the
 * {@code Authorization: Zoho-oauthtoken <token>} header (missing, unknown or expired: 401
 * {@code INVALID_TOKEN}), API credits per 24 h (exhausted: 429 {@code LIMIT_REACHED}), a
 * concurrency limit (429 {@code TOO_MANY_REQUESTS}), and the record API: upsert by duplicate check
 * fields (≤100 records, results in order, 200 / 201 / 207 / 400), field metadata with strict
 * picklists and lengths ({@link ZohoCatalog}), Notes, Campaign members with a status (written, and
 * read back as related records), and a subset of COQL ({@link ZohoQuery}) to read records by id
 * or email.
 */
@Component
@Profile("sandbox")
public class ZohoSimulator extends VendorSimulator {

    public static final String NAME = "zoho";
    public static final List<String> MODULES = List.of("Leads", "Contacts", "Accounts");
    public static final List<String> OBJECTS =
            List.of("Leads", "Contacts", "Accounts", "Notes", "Campaigns", "CampaignMembers");
    public static final String DEMO_CAMPAIGN_ID = "5725767000000123001";
    public static final String INACTIVE_CAMPAIGN_ID = "5725767000000123002";
    public static final List<String> MEMBER_STATUSES =
            List.of("Planned", "Invited", "Sent", "Received", "Opened", "Responded", "Bounced", "Opted Out");
    static final String TOKEN_PATH = "/oauth/v2/token";
    static final int BATCH_MAX = 100;
    static final String USER_ID = "5725767000000091001";

    private final ZohoRecords records;
    private final ZohoCampaignMembers campaignMembers;
    private final ZohoCatalog catalog = new ZohoCatalog();
    private final String clientId;
    private final String clientSecret;
    private final String refreshToken;
    private final long defaultCredits;
    private final int defaultConcurrency;
    private final AtomicLong creditsUsed = new AtomicLong();
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long dailyCredits;
    private volatile int concurrencyLimit;
    private volatile long tokenTtlSeconds = 3600;
    private volatile String root = "http://127.0.0.1/sandbox/zoho";

    @Autowired
    public ZohoSimulator(
            SimulatorStore store,
            @Value("${hub.sandbox.zoho.client-id:sandbox-zoho-client}") String clientId,
            @Value("${hub.sandbox.zoho.client-secret:sandbox-zoho-secret}") String clientSecret,
            @Value("${hub.sandbox.zoho.refresh-token:sandbox-zoho-refresh}") String refreshToken,
            @Value("${hub.sandbox.zoho.daily-credits:50000}") long dailyCredits,
            @Value("${hub.sandbox.zoho.concurrency-limit:10}") int concurrencyLimit) {
        super(NAME, store);
        this.clientId = clientId;
        this.records = new ZohoRecords(store, catalog);
        this.campaignMembers = new ZohoCampaignMembers(store);
        this.clientSecret = clientSecret;
        this.refreshToken = refreshToken;
        this.defaultCredits = dailyCredits;
        this.defaultConcurrency = concurrencyLimit;
        onReset(true);
    }

    /** Simulator with the default configuration (tests). */
    public ZohoSimulator(SimulatorStore store) {
        this(store, "sandbox-zoho-client", "sandbox-zoho-secret", "sandbox-zoho-refresh", 50_000, 10);
    }

    public ZohoCatalog catalog() {
        return catalog;
    }

    @Override
    public List<String> objectNames() {
        return OBJECTS;
    }

    @Override
    public boolean isTokenEndpoint(String method, String pathTemplate) {
        return TOKEN_PATH.equals(pathTemplate) || AUTH_PATH.equals(pathTemplate) || REVOKE_PATH.equals(pathTemplate);
    }

    static final String AUTH_PATH = "/oauth/v2/auth";
    static final String REVOKE_PATH = "/oauth/v2/token/revoke";
    static final String REFRESH_TOKENS = "_refresh_tokens";

    @Override
    public boolean knowsClient(String candidate) {
        return clientId.equals(candidate);
    }

    @Override
    protected void onReset(boolean tokens) {
        creditsUsed.set(0);
        dailyCredits = defaultCredits;
        concurrencyLimit = defaultConcurrency;
        tokenTtlSeconds = 3600;
        if (store != null) {
            store.inTransaction(NAME, () -> {
                if (store.findById(NAME, "Campaigns", DEMO_CAMPAIGN_ID).isEmpty()) {
                    store.insert(
                            NAME,
                            "Campaigns",
                            DEMO_CAMPAIGN_ID,
                            null,
                            SandboxJson.object()
                                    .put("Campaign_Name", "Demo Expo 2026")
                                    .put("Status", "Active")
                                    .put("Type", "Trade Show"));
                    store.insert(
                            NAME,
                            "Campaigns",
                            INACTIVE_CAMPAIGN_ID,
                            null,
                            SandboxJson.object()
                                    .put("Campaign_Name", "Roadshow 2024")
                                    .put("Status", "Inactive")
                                    .put("Type", "Trade Show"));
                }
            });
        }
    }

    @Override
    public int revokeRefreshTokens() {
        revokeSeedRefreshToken();
        return 1;
    }

    // ---------------------------------------------------------------- configuration

    public ObjectNode config() {
        return SandboxJson.object()
                .put("dailyCredits", dailyCredits)
                .put("creditsUsed", creditsUsed.get())
                .put("concurrencyLimit", concurrencyLimit)
                .put("tokenTtlSeconds", tokenTtlSeconds);
    }

    /** {@code {"dailyCredits": 10, "concurrencyLimit": 10, "tokenTtlSeconds": 60}} (each optional). */
    public ObjectNode configure(JsonNode body) {
        if (body.hasNonNull("dailyCredits"))
            dailyCredits = Math.max(0, body.get("dailyCredits").asLong());
        if (body.hasNonNull("concurrencyLimit"))
            concurrencyLimit = Math.max(1, body.get("concurrencyLimit").asInt());
        if (body.hasNonNull("tokenTtlSeconds"))
            tokenTtlSeconds = Math.max(1, body.get("tokenTtlSeconds").asLong());
        return config();
    }

    // ---------------------------------------------------------------- OAuth

    /**
     * {@code POST /oauth/v2/token} (form or query): the authorization_code grant (answers a refresh
     * token, PKCE checked when the code carries a challenge) and the refresh_token grant (no new refresh
     * token). Zoho answers refusals with HTTP 200 and an error.
     */
    public ObjectNode token(HttpServletRequest request, String grantType, String id, String secret, String refresh) {
        String base = request.getRequestURL().toString();
        root = base.substring(0, base.indexOf("/sandbox/" + NAME) + ("/sandbox/" + NAME).length());
        if (!"refresh_token".equals(grantType) && !"authorization_code".equals(grantType)) {
            return SandboxJson.object().put("error", "unsupported_grant_type");
        }
        if (!clientId.equals(id) || !clientSecret.equals(secret)) {
            return SandboxJson.object().put("error", "invalid_client");
        }
        if ("authorization_code".equals(grantType)) {
            return store.inTransaction(NAME, () -> {
                var problem = redeemAuthorizationCode(
                        request.getParameter("code"),
                        id,
                        request.getParameter("redirect_uri"),
                        request.getParameter("code_verifier"));
                if (problem.isPresent()) {
                    return SandboxJson.object()
                            .put(
                                    "error",
                                    problem.get() == CodeProblem.REDIRECT_MISMATCH
                                            ? "invalid_redirect_uri"
                                            : "invalid_code");
                }
                String issued = "1000." + randomToken(null);
                store.insert(
                        NAME, REFRESH_TOKENS, issued, null, SandboxJson.object().put("revoked", false));
                return accessToken(issued).put("refresh_token", issued);
            });
        }
        boolean seed = refreshToken.equals(refresh) && !seedRefreshRevoked();
        boolean issued = refresh != null
                && store.findById(NAME, REFRESH_TOKENS, refresh)
                        .map(r -> !r.data().path("revoked").asBoolean())
                        .orElse(false);
        if (!seed && !issued) {
            return SandboxJson.object().put("error", "invalid_code");
        }
        return accessToken(refresh);
    }

    private ObjectNode accessToken(String refresh) {
        String token = randomToken("1000");
        long expiresAt = now() + tokenTtlSeconds * 1000;
        store.insert(
                NAME,
                ACCESS_TOKENS,
                token,
                null,
                SandboxJson.object().put("expiresAt", expiresAt).put("refreshToken", refresh));
        return SandboxJson.object()
                .put("access_token", token)
                .put("scope", "ZohoCRM.modules.ALL ZohoCRM.settings.fields.READ")
                .put("api_domain", root)
                .put("token_type", "Bearer")
                .put("expires_in", tokenTtlSeconds);
    }

    /**
     * {@code POST /oauth/v2/token/revoke?token=}: a refresh token stops working, with the access tokens
     * issued from it. HTTP 200 {@code {"status":"success"}}; an unknown token: HTTP 200 with an error,
     * Zoho's usual way of refusing (the exact body of that answer is the simulator's choice).
     */
    public ObjectNode revoke(String token) {
        return store.inTransaction(NAME, () -> {
            boolean known;
            if (token != null && token.equals(refreshToken)) {
                known = !seedRefreshRevoked();
                revokeSeedRefreshToken();
            } else {
                var r = token == null ? Optional.<SimRecord>empty() : store.findById(NAME, REFRESH_TOKENS, token);
                known = r.isPresent() && !r.get().data().path("revoked").asBoolean();
                r.ifPresent(x ->
                        store.update(NAME, REFRESH_TOKENS, token, x.dataCopy().put("revoked", true)));
            }
            if (!known) return SandboxJson.object().put("status", "error").put("error", "invalid_token");
            deleteAccessTokensOf(token);
            return SandboxJson.object().put("status", "success");
        });
    }

    @Override
    public boolean beforeHandle(
            HttpServletRequest request, HttpServletResponse response, String pathTemplate, boolean tokenEndpoint)
            throws IOException {
        if (tokenEndpoint) return true;
        String token = authorizationToken(request, "Zoho-oauthtoken");
        if (!acceptsAccessToken(token)) {
            SimulatorInterceptor.writeJson(
                    response, 401, error("INVALID_TOKEN", "invalid oauth token", SandboxJson.object()));
            return false;
        }
        if (creditsUsed.incrementAndGet() > dailyCredits) {
            SimulatorInterceptor.writeJson(
                    response,
                    429,
                    error(
                            "LIMIT_REACHED",
                            "API credits exhausted for the last 24 hours",
                            SandboxJson.object().put("limit", dailyCredits)));
            return false;
        }
        return true;
    }

    /** Runs one API call under the org's concurrency limit: one call too many answers 429 TOO_MANY_REQUESTS. */
    public JsonNode concurrent(Supplier<JsonNode> call) {
        try {
            if (inFlight.incrementAndGet() > concurrencyLimit) {
                throw new SimulatorResponseException(
                        429,
                        error(
                                "TOO_MANY_REQUESTS",
                                "The number of concurrent requests exceeded the limit",
                                SandboxJson.object().put("allowed_concurrent_calls", concurrencyLimit)));
            }
            return call.get();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    static ObjectNode error(String code, String message, ObjectNode details) {
        ObjectNode n = SandboxJson.object();
        n.put("code", code);
        n.set("details", details);
        n.put("message", message);
        n.put("status", "error");
        return n;
    }

    static SimulatorResponseException requestError(int status, String code, String message, ObjectNode details) {
        return new SimulatorResponseException(status, error(code, message, details));
    }

    // ---------------------------------------------------------------- records ({@link ZohoRecords}) and campaigns

    /** The module a {@code /settings/fields?module=} call asks for (400 when missing or unknown). */
    public String fieldsModule(String module) {
        return records.fieldsModule(module);
    }

    /** {@code POST /crm/v8/{module}/upsert}. */
    public ResultSet upsert(String module, JsonNode body) {
        return records.upsert(module, body);
    }

    /** {@code POST /crm/v8/Notes}: each note needs Note_Content and a Parent_Id of an existing Lead / Contact / Account. */
    public ResultSet notes(JsonNode body) {
        return records.notes(body);
    }

    /**
     * {@code POST /crm/v8/coql} {@code {"select_query": "select Email, Title from Leads where Email in ('a@x.io') or id in ('1') limit 200"}}:
     * the matching records with the selected fields and their id; null (HTTP 204) when none.
     * The subset of COQL understood is {@link ZohoQuery}'s.
     */
    public JsonNode coql(JsonNode body) {
        return records.coql(body);
    }

    /** {@code GET /crm/v8/Campaigns/{id}}: the campaign, or null (204) when there is none. */
    public JsonNode campaign(String id) {
        return store.findById(NAME, "Campaigns", id)
                .map(r -> {
                    ObjectNode out = SandboxJson.object();
                    out.putArray("data").add(recordView(r));
                    return (JsonNode) out;
                })
                .orElse(null);
    }

    /**
     * {@code PUT /crm/v8/Campaigns/{id}/{Leads|Contacts}}: {@code {"data":[{"id": recordId, "Member_Status": "…"}]}}
     * (≤100) adds or updates the records as members of the campaign.
     */
    public ResultSet members(String campaignId, String module, JsonNode body) {
        return campaignMembers.members(campaignId, module, body);
    }

    /**
     * {@code GET /crm/v8/Campaigns/{id}/{Leads|Contacts}?fields=Member_Status&ids=…} (related
     * records; {@code ids}: at most 100, the members to answer; without it every member, paged by
     * {@code page} / {@code per_page} ≤ 200): each member's id, Member_Status and the requested
     * fields of its record; null (HTTP 204) when none.
     */
    public JsonNode relatedMembers(
            String campaignId, String module, String fields, String ids, Integer page, Integer perPage) {
        return campaignMembers.relatedMembers(campaignId, module, fields, ids, page, perPage);
    }

    /** Per-record results in input order, and the HTTP status Zoho gives them. */
    public static final class ResultSet {
        private final ArrayNode data = SandboxJson.array();

        void add(ObjectNode result) {
            data.add(result);
        }

        JsonNode last() {
            return data.get(data.size() - 1);
        }

        public int status() {
            long ok = 0;
            long inserts = 0;
            for (JsonNode r : data) {
                if ("success".equals(r.path("status").asText())) ok++;
                if ("insert".equals(r.path("action").asText())
                        || "record added".equals(r.path("message").asText())) inserts++;
            }
            if (ok == 0) return 400;
            if (ok < data.size()) return 207;
            return inserts == data.size() ? 201 : 200;
        }

        public ObjectNode body() {
            ObjectNode out = SandboxJson.object();
            out.set("data", data);
            return out;
        }
    }
}
