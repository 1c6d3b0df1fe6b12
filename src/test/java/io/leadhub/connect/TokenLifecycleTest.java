package io.leadhub.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.connector.TokenService;
import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.Vendor;
import io.leadhub.sandbox.VendorSimulator;
import io.leadhub.sandbox.hubspot.HubSpotSimulator;
import io.leadhub.support.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.LinkedMultiValueMap;

/**
 * Tokens (single-flight refresh, rotation, invalid_grant) and the connection lifecycle (disable,
 * enable, disconnect, reconnect) with leads in flight, against the simulators through real HTTP.
 */
class TokenLifecycleTest extends ConnectTestSupport {
    private static final String TOKEN = "POST /oauth/v1/token";

    @Autowired
    TokenService tokens;

    @Autowired
    IntegrationRepository integrations;

    @Autowired
    HubSpotSimulator hubspotSimulator;

    @Autowired
    PlatformTransactionManager transactions;

    @BeforeEach
    void reset() {
        sandbox(HttpMethod.POST, "/hubspot/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/pipedrive/_reset?tokens=true", null);
        sandbox(HttpMethod.POST, "/enrichment/_reset", null);
    }

    @Test
    void twentyConcurrentCallersOnAnExpiredTokenCauseExactlyOneTokenCall() throws Exception {
        String org = orgWithHubSpotThroughConsent();
        Integration i = integrations.find(org, Vendor.HUBSPOT).orElseThrow();
        String before = (String) integrations.credentials(i.id()).get("accessToken");
        // the stored token expires within the refresh margin
        jdbc.update(
                "UPDATE integration SET token_expires_at = :t WHERE id = :id",
                Map.of("t", OffsetDateTime.now().plusSeconds(5), "id", i.id()));
        int tokenCallsBefore = requests("hubspot", TOKEN);

        ExecutorService pool = Executors.newFixedThreadPool(20);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            answers.add(pool.submit((Callable<String>) () -> {
                go.await();
                return tokens.accessToken(i, "/oauth/v1/token");
            }));
        }
        go.countDown();
        Set<String> seen = new HashSet<>();
        for (Future<String> f : answers) seen.add(f.get());
        pool.shutdown();

        // counted per refresh token: other orgs' integrations may refresh at the same simulator meanwhile
        String refresh = (String) integrations.credentials(i.id()).get("refreshToken");
        long issuedForThisIntegration = hubspotSimulator.store().list("hubspot", VendorSimulator.ACCESS_TOKENS).stream()
                .filter(r -> refresh.equals(r.data().path("refreshToken").asText()))
                .count();
        assertThat(issuedForThisIntegration)
                .as("access tokens: the code exchange and exactly one refresh for 20 callers")
                .isEqualTo(2);
        assertThat(requests("hubspot", TOKEN) - tokenCallsBefore)
                .as("token calls for 20 concurrent callers")
                .isGreaterThanOrEqualTo(1);
        assertThat(seen).hasSize(1).doesNotContain(before);
        assertThat(integrations.credentials(i.id()).get("accessToken"))
                .isEqualTo(seen.iterator().next());
    }

    @Test
    void aCallerWaitsForARefreshRunningOnAnotherInstanceAndTakesItsToken() throws Exception {
        String org = orgWithHubSpotThroughConsent();
        Integration i = integrations.find(org, Vendor.HUBSPOT).orElseThrow();
        Map<String, Object> creds = integrations.credentials(i.id());
        jdbc.update(
                "UPDATE integration SET token_expires_at = :t WHERE id = :id",
                Map.of("t", OffsetDateTime.now().plusSeconds(5), "id", i.id()));
        int tokenCallsBefore = requests("hubspot", TOKEN);
        TransactionTemplate otherInstance = new TransactionTemplate(transactions);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);

        // another instance holds the row lock while it refreshes, then commits a rotated pair
        Future<?> other = pool.submit(() -> otherInstance.executeWithoutResult(status -> {
            assertThat(integrations.lockForTokenRefresh(i.id())).isTrue();
            locked.countDown();
            await(commit);
            Map<String, Object> rotated = new LinkedHashMap<>(creds);
            rotated.put("accessToken", "from-the-other-instance");
            rotated.put("refreshToken", "rotated-by-the-other-instance");
            integrations.saveCredentials(i.id(), rotated, Instant.now().plusSeconds(1800));
        }));
        await(locked);
        Future<String> caller = pool.submit(() -> tokens.accessToken(i, "/oauth/v1/token"));

        // the caller waits on the database lock, not on the vendor
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> waitingOnLocks() > 0);
        assertThat(caller).isNotDone();
        commit.countDown();
        other.get(10, TimeUnit.SECONDS);

        assertThat(caller.get(10, TimeUnit.SECONDS)).isEqualTo("from-the-other-instance");
        assertThat(requests("hubspot", TOKEN) - tokenCallsBefore)
                .as("no token call of its own: it re-read what the other instance committed")
                .isZero();
        assertThat(integrations.credentials(i.id()).get("refreshToken")).isEqualTo("rotated-by-the-other-instance");
        pool.shutdown();
    }

    private long waitingOnLocks() {
        String sql = TestDatabase.postgres()
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
        return jdbc.queryForObject(sql, Map.of(), Long.class);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRotatedRefreshTokenIsStoredWithItsAccessToken() {
        String org = newOrg(false);
        connectThroughConsent(org, "pipedrive", null);
        Integration i = integrations.find(org, Vendor.PIPEDRIVE).orElseThrow();
        Map<String, Object> first = integrations.credentials(i.id());
        sandbox(HttpMethod.POST, "/pipedrive/_config", Map.of("rotateRefreshTokens", true));
        sandbox(HttpMethod.POST, "/pipedrive/_tokens/expire", null);

        String fresh = tokens.refresh(i, (String) first.get("accessToken"), "/oauth/token");

        Map<String, Object> now = integrations.credentials(i.id());
        assertThat(now.get("accessToken")).isEqualTo(fresh).isNotEqualTo(first.get("accessToken"));
        assertThat(now.get("refreshToken")).isNotNull().isNotEqualTo(first.get("refreshToken"));
        // the old refresh token is retired at the vendor; the stored new one works
        assertThat(pipedriveRefresh((String) first.get("refreshToken"))).isEqualTo(400);
        assertThat(pipedriveRefresh((String) now.get("refreshToken"))).isEqualTo(200);
    }

    @Test
    void invalidGrantMeansOneAuthenticationEntryHeldLeadsAndNoMoreTokenCalls() {
        String org = orgWithHubSpotThroughConsent();
        Integration i = integrations.find(org, Vendor.HUBSPOT).orElseThrow();
        String refresh = (String) integrations.credentials(i.id()).get("refreshToken");
        // the customer revoked the app in HubSpot: the refresh token is dead and the access token expired
        sandbox(HttpMethod.DELETE, "/hubspot/oauth/v1/refresh-tokens/" + refresh, null);
        sandbox(HttpMethod.POST, "/hubspot/_tokens/expire", null);
        int tokenCallsBefore = requests("hubspot", TOKEN);

        importCsv(
                org,
                "email,last_name\nr1@initech.io,One\nr2@initech.io,Two\nr3@initech.io,Three\nr4@initech.io,Four\n");
        for (String e : List.of("r1@initech.io", "r2@initech.io", "r3@initech.io", "r4@initech.io")) awaitLead(org, e);

        assertThat(state(org, "hubspot")).isEqualTo("NEEDS_REAUTH");
        assertThat(count(
                        "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND state = 'FAILED' AND category = 'AUTHENTICATION'",
                        Map.of("org", org)))
                .as("one AUTHENTICATION entry")
                .isEqualTo(1);
        assertThat(count(
                        "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND state = 'HELD' AND hold_reason = 'NEEDS_REAUTH'",
                        Map.of("org", org)))
                .isEqualTo(3);
        assertThat(requests("hubspot", TOKEN) - tokenCallsBefore)
                .as("one refused refresh, no loop")
                .isEqualTo(1);
        assertThat(summary(org).path("byCategory").path("AUTHENTICATION").asInt())
                .isEqualTo(1);

        // later leads wait too, and nothing calls the vendor
        captureJson(org, Map.of("captureId", "late", "email", "late@initech.io", "lastName", "Late"));
        awaitLead(org, "late@initech.io");
        assertThat(syncRow(org, "late@initech.io"))
                .containsEntry("STATE", "HELD")
                .containsEntry("HOLD_REASON", "NEEDS_REAUTH");
        assertThat(requests("hubspot", TOKEN) - tokenCallsBefore).isEqualTo(1);
        assertThat(requests("hubspot", "POST /crm/v3/objects/contacts/batch/upsert"))
                .isZero();

        // re-auth: connect again, no disconnect first; everything is sent
        var done = connectThroughConsent(org, "hubspot", null);
        assertThat(done.path("reauthorized").asBoolean()).isTrue();
        awaitSettled(org);
        assertThat(count(
                        "SELECT COUNT(*) FROM lead_sync WHERE org_id = :org AND state = 'CLEARED'", Map.of("org", org)))
                .isEqualTo(5);
        assertThat(hubspotContacts())
                .containsKeys("r1@initech.io", "r2@initech.io", "r3@initech.io", "r4@initech.io", "late@initech.io");
    }

    @Test
    void credentialsPutBackByHandReleaseTheLeadsHeldForReauth() {
        String org = orgWithHubSpotThroughConsent();
        Integration i = integrations.find(org, Vendor.HUBSPOT).orElseThrow();
        sandbox(
                HttpMethod.DELETE,
                "/hubspot/oauth/v1/refresh-tokens/"
                        + integrations.credentials(i.id()).get("refreshToken"),
                null);
        sandbox(HttpMethod.POST, "/hubspot/_tokens/expire", null);
        captureJson(org, Map.of("captureId", "h1", "email", "hand1@initech.io", "lastName", "Hand"));
        awaitLead(org, "hand1@initech.io");
        assertThat(state(org, "hubspot")).isEqualTo("NEEDS_REAUTH");

        var put = send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/hubspot"),
                OPERATOR,
                Map.of(
                        "credentials",
                        Map.of(
                                "refreshToken",
                                "sandbox-hubspot-refresh",
                                "clientId",
                                "sandbox-hubspot-client",
                                "clientSecret",
                                "sandbox-hubspot-secret")));
        assertThat(put.getStatusCode().value()).isEqualTo(200);
        assertThat(put.getBody().path("state").asText()).isEqualTo("CONNECTED");
        awaitSettled(org);
        assertThat(syncRow(org, "hand1@initech.io")).containsEntry("STATE", "CLEARED");
        assertThat(hubspotContacts()).containsKey("hand1@initech.io");
    }

    @Test
    void disableHoldsEvenABatchInFlightAndEnableSendsEverything() {
        String org = orgWithHubSpotThroughConsent();
        // the first vendor call of the next batch (company search) takes two seconds: the batch is in flight
        sandbox(
                HttpMethod.POST,
                "/hubspot/_faults",
                Map.of("method", "POST", "path", "/crm/v3/objects/companies/search", "delayMs", 2000, "count", 1));
        captureJson(
                org,
                Map.of("captureId", "f1", "email", "inflight@initech.io", "lastName", "Flight", "company", "Initech"));
        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() ->
                        "SYNCING".equals(syncRow(org, "inflight@initech.io").get("STATE")));
        var disabled = send(HttpMethod.POST, api("/orgs/" + org + "/integrations/hubspot/disable"), OPERATOR, null);
        assertThat(disabled.getBody().path("state").asText()).isEqualTo("DISABLED");
        captureJson(org, Map.of("captureId", "f2", "email", "after@initech.io", "lastName", "After"));
        awaitLead(org, "after@initech.io");

        assertThat(syncRow(org, "inflight@initech.io"))
                .containsEntry("STATE", "HELD")
                .containsEntry("HOLD_REASON", "DISABLED");
        assertThat(syncRow(org, "after@initech.io"))
                .containsEntry("STATE", "HELD")
                .containsEntry("HOLD_REASON", "DISABLED");
        var held = send(
                        HttpMethod.GET,
                        api("/orgs/" + org + "/integrations/hubspot/reconciliation?state=HELD"),
                        OPERATOR,
                        null)
                .getBody();
        assertThat(held).hasSize(2);
        held.forEach(r -> assertThat(r.path("holdMessage").asText()).isEqualTo("integration disabled"));
        assertThat(hubspotContacts()).isEmpty();
        assertThat(requests("hubspot", "POST /crm/v3/objects/contacts/batch/upsert"))
                .isZero();

        var enabled = send(HttpMethod.POST, api("/orgs/" + org + "/integrations/hubspot/enable"), OPERATOR, null);
        assertThat(enabled.getBody().path("released").asInt()).isEqualTo(2);
        awaitSettled(org);
        assertThat(syncRow(org, "inflight@initech.io")).containsEntry("STATE", "CLEARED");
        assertThat(syncRow(org, "after@initech.io")).containsEntry("STATE", "CLEARED");
        assertThat(hubspotContacts()).containsKeys("inflight@initech.io", "after@initech.io");
    }

    @Test
    void disconnectRevokesKeepsMappingsAndHoldsLeadsUntilReconnect() {
        String org = orgWithHubSpotThroughConsent();
        Integration i = integrations.find(org, Vendor.HUBSPOT).orElseThrow();
        String refresh = (String) integrations.credentials(i.id()).get("refreshToken");
        send(
                HttpMethod.PUT,
                api("/orgs/" + org + "/integrations/hubspot/qualifier-mappings"),
                OPERATOR,
                List.of(Map.of(
                        "qualifier",
                        "Lead type",
                        "value",
                        "Hot",
                        "object",
                        "contact",
                        "vendorField",
                        "leadhub_lead_type",
                        "vendorValue",
                        "warm")));
        var mappingsBefore = send(
                        HttpMethod.GET, api("/orgs/" + org + "/integrations/hubspot/mappings/contact"), OPERATOR, null)
                .getBody();
        captureJson(org, Map.of("captureId", "d1", "email", "before@initech.io", "lastName", "Before"));
        awaitLead(org, "before@initech.io");
        assertThat(syncRow(org, "before@initech.io")).containsEntry("STATE", "CLEARED");

        var out = send(HttpMethod.POST, api("/orgs/" + org + "/integrations/hubspot/disconnect"), OPERATOR, null);
        assertThat(out.getBody().path("state").asText()).isEqualTo("DISCONNECTED");
        assertThat(out.getBody().toString()).doesNotContain(refresh);
        assertThat(integrationRow(org, "hubspot").get("CREDENTIALS_ENC")).isNull();
        assertThat(requests("hubspot", "DELETE /oauth/v1/refresh-tokens/{token}"))
                .as("revoked at HubSpot")
                .isEqualTo(1);
        // the revoked refresh token no longer works at the vendor
        assertThat(hubspotRefresh(refresh)).isEqualTo(400);

        captureJson(
                org,
                Map.of(
                        "captureId",
                        "d2",
                        "email",
                        "while@initech.io",
                        "lastName",
                        "While",
                        "qualifiers",
                        Map.of("Lead type", "Hot")));
        awaitLead(org, "while@initech.io");
        assertThat(syncRow(org, "while@initech.io"))
                .containsEntry("STATE", "HELD")
                .containsEntry("HOLD_REASON", "DISCONNECTED");
        assertThat(hubspotContacts()).doesNotContainKey("while@initech.io");
        assertThat(send(HttpMethod.POST, api("/orgs/" + org + "/integrations/hubspot/enable"), OPERATOR, null)
                        .getStatusCode()
                        .value())
                .as("a disconnected integration is connected again, not enabled")
                .isEqualTo(409);

        var back = connectThroughConsent(org, "hubspot", null);
        assertThat(back.path("released").asInt()).isEqualTo(1);
        awaitSettled(org);
        assertThat(syncRow(org, "while@initech.io")).containsEntry("STATE", "CLEARED");
        assertThat(hubspotContacts()
                        .get("while@initech.io")
                        .path("properties")
                        .path("leadhub_lead_type")
                        .asText())
                .as("qualifier mapping kept across disconnect")
                .isEqualTo("warm");
        assertThat(send(HttpMethod.GET, api("/orgs/" + org + "/integrations/hubspot/mappings/contact"), OPERATOR, null)
                        .getBody())
                .isEqualTo(mappingsBefore);
    }

    @Test
    void reenablingInManualModeFreezesTheHeldLeads() {
        String org = newOrg(false);
        connectThroughConsent(org, "hubspot", Map.of("syncMode", "MANUAL"));
        send(HttpMethod.POST, api("/orgs/" + org + "/integrations/hubspot/disable"), OPERATOR, null);
        captureJson(org, Map.of("captureId", "m1", "email", "manual@initech.io", "lastName", "Manual"));
        awaitLead(org, "manual@initech.io");
        assertThat(syncRow(org, "manual@initech.io")).containsEntry("STATE", "HELD");
        send(HttpMethod.POST, api("/orgs/" + org + "/integrations/hubspot/enable"), OPERATOR, null);
        assertThat(syncRow(org, "manual@initech.io")).containsEntry("STATE", "FROZEN");
        assertThat(hubspotContacts()).doesNotContainKey("manual@initech.io");
    }

    private int pipedriveRefresh(String refreshToken) {
        HttpHeaders h = new HttpHeaders();
        h.setBasicAuth("sandbox-pipedrive-client", "sandbox-pipedrive-secret");
        h.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        LinkedMultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", refreshToken);
        return rest.exchange(
                        base() + "/sandbox/pipedrive/oauth/token",
                        HttpMethod.POST,
                        new HttpEntity<>(form, h),
                        String.class)
                .getStatusCode()
                .value();
    }

    private int hubspotRefresh(String refreshToken) {
        HttpHeaders h = new HttpHeaders();
        h.setContentType(MediaType.APPLICATION_FORM_URLENCODED);
        LinkedMultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "refresh_token");
        form.add("refresh_token", refreshToken);
        form.add("client_id", "sandbox-hubspot-client");
        form.add("client_secret", "sandbox-hubspot-secret");
        return rest.exchange(
                        base() + "/sandbox/hubspot/oauth/v1/token",
                        HttpMethod.POST,
                        new HttpEntity<>(form, h),
                        String.class)
                .getStatusCode()
                .value();
    }
}
