package io.leadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.LeadHubApplication;
import io.leadhub.support.Http;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.web.client.RestTemplate;

/**
 * A manual-sync schedule lives in Quartz's JDBC job store: it fires (releasing frozen leads),
 * survives a restart of the hub, keeps firing afterwards, and never runs one scheduled time twice.
 */
class ScheduleRestartTest {
    private final RestTemplate rest = Http.client();

    @Test
    void scheduleFiresSurvivesRestartAndNeverDoubleFires() throws Exception {
        String id = UUID.randomUUID().toString();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String[] args = {
            "--server.port=" + port,
            "--spring.datasource.url=jdbc:h2:mem:sched-" + id + ";DB_CLOSE_DELAY=-1",
            "--hub.sandbox.store-url=jdbc:h2:mem:sched-sim-" + id + ";DB_CLOSE_DELAY=-1",
            // Quartz shares data sources JVM-wide by scheduler name: other hub contexts of the test JVM must not fire
            // these triggers
            "--spring.quartz.scheduler-name=lead-hub-sched-" + id
        };
        String base = "http://127.0.0.1:" + port + "/api/v1/orgs/sched";

        ConfigurableApplicationContext first = start(args);
        String scheduleId;
        try {
            call(HttpMethod.POST, "http://127.0.0.1:" + port + "/api/v1/orgs", Map.of("id", "sched"));
            call(HttpMethod.POST, base + "/events", Map.of("id", "expo"));
            call(
                    HttpMethod.PUT,
                    base + "/integrations/hubspot",
                    Map.of(
                            "baseUrl",
                            "http://127.0.0.1:" + port + "/sandbox/hubspot",
                            "syncMode",
                            "MANUAL",
                            "credentials",
                            Map.of(
                                    "refreshToken",
                                    "sandbox-hubspot-refresh",
                                    "clientId",
                                    "sandbox-hubspot-client",
                                    "clientSecret",
                                    "sandbox-hubspot-secret")));
            call(HttpMethod.POST, base + "/integrations/hubspot/mappings/contact/defaults", null);
            scheduleId = call(
                            HttpMethod.POST,
                            base + "/integrations/hubspot/schedules",
                            Map.of("cron", "0/2 * * * * ?", "timeZone", "Europe/Berlin"))
                    .path("id")
                    .asText();
            call(
                    HttpMethod.POST,
                    base + "/events/expo/leads",
                    Map.of("captureId", "a", "email", "before@globex.io", "lastName", "Before"));
            NamedParameterJdbcTemplate db = first.getBean(NamedParameterJdbcTemplate.class);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> state(db, "before@globex.io").equals("CLEARED"));
            assertThat(runs(db, scheduleId)).isPositive();
        } finally {
            first.close();
        }

        ConfigurableApplicationContext second = start(args);
        try {
            NamedParameterJdbcTemplate db = second.getBean(NamedParameterJdbcTemplate.class);
            int runsBefore = runs(db, scheduleId);
            JsonNode schedules = call(HttpMethod.GET, base + "/integrations/hubspot/schedules", null);
            assertThat(schedules).hasSize(1);
            assertThat(schedules.get(0).path("id").asText()).isEqualTo(scheduleId);

            call(
                    HttpMethod.POST,
                    base + "/events/expo/leads",
                    Map.of("captureId", "b", "email", "after@globex.io", "lastName", "After"));
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> state(db, "after@globex.io").equals("CLEARED"));
            assertThat(runs(db, scheduleId))
                    .as("the schedule kept firing after the restart")
                    .isGreaterThan(runsBefore);

            List<Map<String, Object>> perTime = db.queryForList(
                    "SELECT scheduled_for, COUNT(*) AS n FROM manual_sync_run "
                            + "WHERE schedule_id = :s GROUP BY scheduled_for HAVING COUNT(*) > 1",
                    Map.of("s", scheduleId));
            assertThat(perTime).as("no scheduled time ran twice").isEmpty();
            assertThat(db.queryForList(
                            "SELECT DISTINCT started_by FROM manual_sync_run WHERE schedule_id = :s",
                            Map.of("s", scheduleId),
                            String.class))
                    .containsExactly("schedule");
        } finally {
            second.close();
        }
    }

    private static ConfigurableApplicationContext start(String[] args) {
        return new SpringApplicationBuilder(LeadHubApplication.class)
                .profiles("sandbox", "test")
                .run(args);
    }

    private static String state(NamedParameterJdbcTemplate db, String email) {
        return db
                .queryForList(
                        "SELECT s.state FROM lead_sync s JOIN lead l ON l.id = s.lead_id WHERE l.email_norm = :e",
                        Map.of("e", email),
                        String.class)
                .stream()
                .findFirst()
                .orElse("NONE");
    }

    private static int runs(NamedParameterJdbcTemplate db, String scheduleId) {
        Integer n = db.queryForObject(
                "SELECT COUNT(*) FROM manual_sync_run WHERE schedule_id = :s", Map.of("s", scheduleId), Integer.class);
        return n == null ? 0 : n;
    }

    private JsonNode call(HttpMethod method, String url, Object body) {
        HttpHeaders h = new HttpHeaders();
        h.setBearerAuth("sandbox-admin-key");
        h.setContentType(MediaType.APPLICATION_JSON);
        var answer = rest.exchange(url, method, new HttpEntity<>(body, h), JsonNode.class);
        assertThat(answer.getStatusCode().is2xxSuccessful())
                .as(method + " " + url + " -> " + answer.getBody())
                .isTrue();
        return answer.getBody();
    }
}
