package io.leadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.HubTest;
import io.leadhub.support.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** Operations over HTTP (SPEC §8, §11): sync modes, pushes, pause/resume, retries, quota, metrics, health, import progress. */
class OperationsTest extends HubTest {
    @Autowired
    SyncRecovery recovery;

    @Autowired
    ProducerTemplate producer;

    @BeforeEach
    void reset() {
        sandbox(HttpMethod.POST, "/hubspot/_reset?tokens=true", null);
    }

    private String manualOrgWithTwoEvents() {
        String org = newOrg(true);
        send(HttpMethod.POST, api("/orgs/" + org + "/events"), OPERATOR, Map.of("id", "expo2", "name", "Second Expo"));
        send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/hubspot"), OPERATOR, Map.of("syncMode", "MANUAL"));
        return org;
    }

    @Test
    void manualModeFreezesLeadsAndAPushOfOneEventClearsOnlyThatEvent() {
        String org = manualOrgWithTwoEvents();
        importCsv(org, "Email,Last Name\nfirst@globex.io,First\nsecond@globex.io,Second\n");
        send(
                HttpMethod.POST,
                api("/orgs/" + org + "/events/expo2/leads/import"),
                OPERATOR,
                "Email,Last Name\nother@globex.io,Other\n",
                MediaType.valueOf("text/csv"));
        awaitSettled(org);
        assertThat(summary(org).path("frozen").asInt()).isEqualTo(3);
        assertThat(hubspotContacts()).isEmpty();

        var pushed = send(
                HttpMethod.POST, api("/orgs/" + org + "/integrations/hubspot/sync"), OPERATOR, Map.of("event", "expo"));
        assertThat(pushed.getBody().path("pushed").asInt()).isEqualTo(2);
        awaitSettled(org);
        assertThat(syncRow(org, "first@globex.io")).containsEntry("STATE", "CLEARED");
        assertThat(syncRow(org, "second@globex.io")).containsEntry("STATE", "CLEARED");
        assertThat(syncRow(org, "other@globex.io")).containsEntry("STATE", "FROZEN");
        assertThat(hubspotContacts()).containsOnlyKeys("first@globex.io", "second@globex.io");
        assertThat(jdbc.queryForMap(
                        "SELECT started_by, event_id, released FROM manual_sync_run WHERE org_id = :org",
                        Map.of("org", org)))
                .containsEntry("STARTED_BY", "api")
                .containsEntry("EVENT_ID", "expo")
                .containsEntry("RELEASED", 2);
    }

    @Test
    void switchingManualToAutomaticFlushesEveryFrozenLead() {
        String org = manualOrgWithTwoEvents();
        importCsv(org, "Email,Last Name\nflush1@initech.com,One\nflush2@initech.com,Two\n");
        awaitSettled(org);
        assertThat(summary(org).path("frozen").asInt()).isEqualTo(2);

        send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/hubspot"), OPERATOR, Map.of("syncMode", "AUTOMATIC"));
        awaitSettled(org);
        assertThat(summary(org).path("cleared").asInt()).isEqualTo(2);
        assertThat(hubspotContacts()).containsOnlyKeys("flush1@initech.com", "flush2@initech.com");
    }

    @Test
    void disabledIntegrationHoldsLeadsAndEnablingReleasesThem() {
        String org = newOrg(true);
        send(HttpMethod.POST, api("/orgs/" + org + "/integrations/hubspot/disable"), OPERATOR, null);
        captureJson(org, Map.of("captureId", "h1", "email", "held@hooli.xyz", "lastName", "Held"));
        awaitSettled(org);
        assertThat(syncRow(org, "held@hooli.xyz"))
                .containsEntry("STATE", "HELD")
                .containsEntry("HOLD_REASON", "DISABLED");
        assertThat(hubspotContacts()).isEmpty();

        var enabled = send(HttpMethod.POST, api("/orgs/" + org + "/integrations/hubspot/enable"), OPERATOR, null);
        assertThat(enabled.getBody().path("released").asInt()).isEqualTo(1);
        awaitSettled(org);
        assertThat(syncRow(org, "held@hooli.xyz")).containsEntry("STATE", "CLEARED");
    }

    @Test
    void transientFailureIsRetriedAutomaticallyWhenItsTimeComes() {
        String org = newOrg(true);
        sandbox(
                HttpMethod.POST,
                "/hubspot/_faults",
                Map.of(
                        "method",
                        "POST",
                        "path",
                        "/crm/v3/objects/contacts/batch/upsert",
                        "status",
                        502,
                        "count",
                        3,
                        "body",
                        Map.of("status", "error", "message", "Bad Gateway")));
        captureJson(org, Map.of("captureId", "t1", "email", "flaky@vandelay.com", "lastName", "Flaky"));
        awaitSettled(org);
        Map<String, Object> failed = syncRow(org, "flaky@vandelay.com");
        assertThat(failed).containsEntry("STATE", "FAILED").containsEntry("CATEGORY", "VENDOR_UNAVAILABLE");
        assertThat(TestDatabase.instant(failed.get("NEXT_ATTEMPT_AT"))).isAfter(Instant.now());

        long integrationId = syncRowIntegration(org);
        // not due yet: the sweep leaves it alone (the sweep is global: other tests' rows of this context may be due)
        assertThat(recovery.sweep())
                .extracting(SyncRepository.DispatchRef::integrationId)
                .doesNotContain(integrationId);
        // time passes
        jdbc.update(
                "UPDATE lead_sync SET next_attempt_at = :past WHERE org_id = :org",
                Map.of("org", org, "past", OffsetDateTime.now().minusSeconds(1)));
        List<SyncRepository.DispatchRef> due = recovery.sweep().stream()
                .filter(r -> r.integrationId() == integrationId)
                .toList();
        assertThat(due).hasSize(1);
        producer.sendBody("direct:sync-dispatch", due);
        awaitSettled(org);
        assertThat(syncRow(org, "flaky@vandelay.com"))
                .containsEntry("STATE", "CLEARED")
                .containsEntry("ATTEMPTS", 2);
        assertThat(hubspotContacts()).containsOnlyKeys("flaky@vandelay.com");
    }

    @Test
    void exhaustedDailyQuotaWaitsForTheReset() {
        String org = newOrg(true);
        sandbox(
                HttpMethod.POST,
                "/hubspot/_faults",
                Map.of(
                        "method",
                        "POST",
                        "path",
                        "/crm/v3/objects/contacts/batch/upsert",
                        "status",
                        429,
                        "count",
                        1,
                        "body",
                        Map.of(
                                "status",
                                "error",
                                "message",
                                "You have reached your daily limit.",
                                "errorType",
                                "RATE_LIMIT",
                                "policyName",
                                "DAILY")));
        captureJson(org, Map.of("captureId", "q1", "email", "quota@soylent.co", "lastName", "Quota"));
        awaitSettled(org);
        Map<String, Object> row = syncRow(org, "quota@soylent.co");
        assertThat(row)
                .containsEntry("STATE", "FAILED")
                .containsEntry("CATEGORY", "QUOTA_EXHAUSTED")
                .containsEntry("VENDOR_CODE", "DAILY");
        assertThat(TestDatabase.instant(row.get("NEXT_ATTEMPT_AT")))
                .isEqualTo(LocalDate.now(ZoneOffset.UTC)
                        .plusDays(1)
                        .atStartOfDay(ZoneOffset.UTC)
                        .toInstant());
        assertThat(sandbox(HttpMethod.GET, "/hubspot/_stats", null)
                        .path("requests")
                        .path("POST /crm/v3/objects/contacts/batch/upsert")
                        .asInt())
                .as("a daily quota is not retried within the day")
                .isEqualTo(1);
    }

    @Test
    void metricsAndPerIntegrationHealthAfterARun() {
        String org = newOrg(true);
        captureJson(org, Map.of("captureId", "m1", "email", "metrics@cyberdyne.ai", "lastName", "Metrics"));
        awaitSettled(org);

        String prometheus = actuator("/prometheus", String.class);
        assertThat(prometheus)
                .contains("leadhub_leads_captured_total{application=\"lead-hub\",org=\"" + org
                        + "\",source=\"MANUAL\"} 1.0")
                .containsPattern(
                        "leadhub_sync_outcomes_total\\{application=\"lead-hub\",category=\"none\",outcome=\"cleared\",vendor=\"hubspot\"\\} [1-9]")
                .containsPattern("leadhub_vendor_calls_today\\{application=\"lead-hub\",org=\"" + org
                        + "\",vendor=\"hubspot\"\\} [1-9]")
                .contains("leadhub_vendor_daily_allowance{application=\"lead-hub\",org=\"" + org
                        + "\",vendor=\"hubspot\"}")
                .containsPattern(
                        "leadhub_sync_latency_percentiles_seconds\\{application=\"lead-hub\",vendor=\"hubspot\",quantile=\"0.5\"\\}")
                .containsPattern(
                        "leadhub_sync_latency_percentiles_seconds\\{application=\"lead-hub\",vendor=\"hubspot\",quantile=\"0.99\"\\}")
                .containsPattern(
                        "leadhub_sync_latency_seconds_bucket\\{application=\"lead-hub\",vendor=\"hubspot\",le=\"86400.0\"\\} [1-9]")
                .contains("leadhub_sync_batch_size_count{application=\"lead-hub\",vendor=\"hubspot\"}");
        Long ledger = jdbc.queryForObject(
                "SELECT calls FROM vendor_call_ledger WHERE org_id = :org AND vendor = 'hubspot'",
                Map.of("org", org),
                Long.class);
        assertThat(ledger).isPositive();

        JsonNode health = actuator("/health/integrations/" + org + "-hubspot", JsonNode.class);
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("details").path("state").asText()).isEqualTo("CONNECTED");
        assertThat(health.path("details").path("cleared24h").asInt()).isEqualTo(1);
        assertThat(health.path("details").path("lastSuccess").asText()).isNotEqualTo("never");
        JsonNode all = actuator("/health", JsonNode.class);
        assertThat(all.path("components").has("integrations")).isTrue();
    }

    @Test
    void backgroundImportAnswersAtOnceAndReportsProgress() {
        String org = newOrg(true);
        StringBuilder csv = new StringBuilder("Email,Last Name\n");
        for (int i = 0; i < 120; i++)
            csv.append("bg").append(i).append("@wayne-ent.com,Bg").append(i).append('\n');
        csv.append("not-an-email,Broken\n");
        var answer = send(
                HttpMethod.POST,
                api("/orgs/" + org + "/events/expo/leads/import?async=true"),
                OPERATOR,
                csv.toString(),
                MediaType.valueOf("text/csv"));
        assertThat(answer.getStatusCode().value()).isEqualTo(202);
        String id = answer.getBody().path("importId").asText();
        assertThat(answer.getBody().path("progress").asText()).isEqualTo("/api/v1/orgs/" + org + "/imports/" + id);

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode p = send(HttpMethod.GET, api("/orgs/" + org + "/imports/" + id), OPERATOR, null)
                    .getBody();
            return "DONE".equals(p.path("state").asText()) && p.path("synced").asInt() == 120;
        });
        JsonNode progress = send(HttpMethod.GET, api("/orgs/" + org + "/imports/" + id), OPERATOR, null)
                .getBody();
        assertThat(progress.path("rowsRead").asInt()).isEqualTo(121);
        assertThat(progress.path("imported").asInt()).isEqualTo(120);
        assertThat(progress.path("rejected").asInt()).isEqualTo(1);
        assertThat(progress.path("rejections").get(0).path("line").asInt()).isEqualTo(122);
        assertThat(progress.path("sync").path("hubspot").path("cleared").asInt())
                .isEqualTo(120);
        // another org's import is not visible
        String other = newOrg(false);
        assertThat(send(HttpMethod.GET, api("/orgs/" + other + "/imports/" + id), OPERATOR, null)
                        .getStatusCode()
                        .value())
                .isEqualTo(404);
    }

    @Test
    void schedulesAreValidatedAndListedPerIntegration() {
        String org = newOrg(true);
        String path = api("/orgs/" + org + "/integrations/hubspot/schedules");
        assertThat(send(HttpMethod.POST, path, OPERATOR, Map.of("cron", "every day", "timeZone", "Europe/Berlin"))
                        .getStatusCode()
                        .value())
                .isEqualTo(422);
        assertThat(send(
                                HttpMethod.POST,
                                path,
                                OPERATOR,
                                Map.of("cron", "0 0 18 ? * MON-FRI", "timeZone", "Mars/Olympus"))
                        .getStatusCode()
                        .value())
                .isEqualTo(422);
        var created = send(
                HttpMethod.POST,
                path,
                OPERATOR,
                Map.of("cron", "0 0 18 ? * MON-FRI", "timeZone", "Europe/Berlin", "event", "expo"));
        assertThat(created.getStatusCode().value()).isEqualTo(201);
        assertThat(created.getBody().path("nextFireTime").asText()).endsWith(":00:00Z");
        JsonNode list = send(HttpMethod.GET, path, OPERATOR, null).getBody();
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("timeZone").asText()).isEqualTo("Europe/Berlin");
        assertThat(send(HttpMethod.DELETE, path + "/" + list.get(0).path("id").asText(), OPERATOR, null)
                        .getStatusCode()
                        .value())
                .isEqualTo(204);
        assertThat(send(HttpMethod.GET, path, OPERATOR, null).getBody()).isEmpty();
    }

    /** An actuator read with the operator key (only the health status is public). */
    private <T> T actuator(String path, Class<T> type) {
        HttpHeaders h = new HttpHeaders();
        h.setBearerAuth(OPERATOR);
        return rest.exchange(base() + "/actuator" + path, HttpMethod.GET, new HttpEntity<>(h), type)
                .getBody();
    }

    private long syncRowIntegration(String org) {
        return ((Number) syncRow(org, "flaky@vandelay.com").get("INTEGRATION_ID")).longValue();
    }
}
