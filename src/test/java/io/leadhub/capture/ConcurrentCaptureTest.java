package io.leadhub.capture;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.support.HubTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * A mobile app that retries before its first request was answered sends the same capture id twice
 * at once (SPEC §4): every request answers the one lead (201 for the one that stored it, 200 with
 * that lead for the others), and one lead is stored.
 */
class ConcurrentCaptureTest extends HubTest {
    private static final int CLIENTS = 6;

    private List<ResponseEntity<JsonNode>> race(int clients, Supplier<ResponseEntity<JsonNode>> request)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            CountDownLatch ready = new CountDownLatch(clients);
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<ResponseEntity<JsonNode>>> calls = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                calls.add(CompletableFuture.supplyAsync(
                        () -> {
                            ready.countDown();
                            try {
                                go.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IllegalStateException(e);
                            }
                            return request.get();
                        },
                        pool));
            }
            assertThat(ready.await(10, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<ResponseEntity<JsonNode>> answers = new ArrayList<>();
            for (var c : calls) answers.add(c.get(30, TimeUnit.SECONDS));
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertOneLead(String org, String captureId, List<ResponseEntity<JsonNode>> answers) {
        List<Integer> statuses =
                answers.stream().map(a -> a.getStatusCode().value()).toList();
        assertThat(statuses).as(answers.toString()).containsOnly(201, 200);
        assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
        long id = answers.get(0).getBody().path("id").asLong();
        assertThat(id).isPositive();
        assertThat(answers)
                .allSatisfy(a -> assertThat(a.getBody().path("id").asLong()).isEqualTo(id));
        assertThat(jdbc.queryForObject(
                        "SELECT COUNT(*) FROM lead WHERE org_id = :org AND capture_id = :cid",
                        Map.of("org", org, "cid", captureId),
                        Integer.class))
                .isEqualTo(1);
    }

    @Test
    void sameCaptureIdPostedAtOnceStoresOneLeadAndAnswersItToEveryone() throws Exception {
        String org = newOrg(false);
        for (int round = 0; round < 5; round++) {
            String captureId = "app-retry-" + round;
            Map<String, Object> lead = Map.of(
                    "captureId",
                    captureId,
                    "firstName",
                    "Ines",
                    "lastName",
                    "Núñez",
                    "email",
                    "ines.nunez" + round + "@retry.example",
                    "company",
                    "Retry Corp");
            assertOneLead(org, captureId, race(CLIENTS, () -> captureJson(org, lead)));
        }
    }

    @Test
    void sameBadgeWithOneCaptureIdAtOnceStoresOneLead() throws Exception {
        String org = newOrg(false);
        String vcard =
                "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Okafor;Chidi;;;\r\nFN:Chidi Okafor\r\nEMAIL:chidi.okafor@badge-race.example\r\n"
                        + "ORG:Badge Race Ltd\r\nEND:VCARD\r\n";
        List<ResponseEntity<JsonNode>> answers = race(CLIENTS, () -> {
            var h = new HttpHeaders();
            h.setBearerAuth(OPERATOR);
            h.setContentType(MediaType.TEXT_PLAIN);
            h.set("X-Capture-Id", "badge-race-1");
            return rest.exchange(
                    api("/orgs/" + org + "/events/expo/leads/badge"),
                    HttpMethod.POST,
                    new HttpEntity<>(vcard, h),
                    JsonNode.class);
        });
        assertOneLead(org, "badge-race-1", answers);
    }
}
