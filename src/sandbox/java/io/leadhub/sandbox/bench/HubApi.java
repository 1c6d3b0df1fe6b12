package io.leadhub.sandbox.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the benchmark asks of a running hub, all over HTTP: the public API with the sandbox's
 * operator key, the simulators' {@code _stats}, and the actuator. Nothing else of the hub is used.
 */
final class HubApi {
    static final String OPERATOR_KEY = "sandbox-admin-key";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String base;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    HubApi(String base) {
        this.base = base;
    }

    /** One answer: status, body (MissingNode when not JSON), and how long it took. */
    record Answer(int status, JsonNode body, long nanos) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    // ------------------------------------------------------------------ plain requests

    Answer get(String path) throws IOException, InterruptedException {
        return get(path, TIMEOUT);
    }

    Answer get(String path, Duration timeout) throws IOException, InterruptedException {
        return send(request(path, timeout).GET().build());
    }

    Answer post(String path, String contentType, byte[] body, Duration timeout)
            throws IOException, InterruptedException {
        return send(request(path, timeout)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    Answer postJson(String path, Object body) throws IOException, InterruptedException {
        return post(path, "application/json", JSON.writeValueAsBytes(body), TIMEOUT);
    }

    /** Sends a JSON POST without waiting; the future completes with the answer (its nanos from sending). */
    CompletableFuture<Answer> postJsonAsync(String path, Object body, Duration timeout) throws JsonProcessingException {
        HttpRequest req = request(path, timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        long t0 = System.nanoTime();
        return http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(r -> new Answer(r.statusCode(), parse(r.body()), System.nanoTime() - t0));
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("Authorization", "Bearer " + OPERATOR_KEY)
                .header("Accept", "application/json");
    }

    private Answer send(HttpRequest req) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        return new Answer(r.statusCode(), parse(r.body()), System.nanoTime() - t0);
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? MissingNode.getInstance() : JSON.readTree(body);
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ what the sections read

    /** {@code GET /actuator/health} answers 200 with status UP. */
    boolean healthy() {
        try {
            Answer a = get("/actuator/health", Duration.ofSeconds(2));
            return a.status() == 200 && "UP".equals(a.body().path("status").asText());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The org's vendors when it has integrations and all are connected; empty otherwise (or not there yet). */
    Optional<List<String>> connectedVendors(String org) throws InterruptedException {
        try {
            Answer a = get("/api/v1/orgs/" + org + "/integrations", Duration.ofSeconds(5));
            if (a.status() != 200 || !a.body().isArray() || a.body().isEmpty()) return Optional.empty();
            List<String> vendors = new ArrayList<>();
            for (JsonNode i : a.body()) {
                if (!"CONNECTED".equals(i.path("state").asText())) return Optional.empty();
                vendors.add(i.path("vendor").asText());
            }
            return Optional.of(vendors);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The reconciliation summary of one integration (for one event, or all when null). */
    JsonNode summary(String org, String vendor, String event) throws IOException, InterruptedException {
        String q = event == null ? "" : "?event=" + encode(event);
        Answer a = get("/api/v1/orgs/" + org + "/integrations/" + vendor + "/reconciliation/summary" + q);
        if (a.status() != 200) throw new IOException("summary of " + org + "/" + vendor + " answered " + a.status());
        return a.body();
    }

    /** A simulator's request counters ({@code totalRequests}: vendor API calls, token calls not counted). */
    JsonNode simulatorStats(String vendor) throws IOException, InterruptedException {
        Answer a = get("/sandbox/" + vendor + "/_stats");
        if (a.status() != 200) throw new IOException(vendor + " _stats answered " + a.status());
        return a.body();
    }

    /** A CSV import job ({@code GET /orgs/{org}/imports/{id}}). */
    JsonNode importJob(String org, String id) throws IOException, InterruptedException {
        Answer a = get("/api/v1/orgs/" + org + "/imports/" + encode(id));
        if (a.status() != 200) throw new IOException("import " + id + " answered " + a.status());
        return a.body();
    }

    /** An actuator metric's value ({@code tag} like {@code area:heap}, or null); NaN when the hub has none. */
    double metric(String name, String tag) throws IOException, InterruptedException {
        String q = tag == null ? "" : "?tag=" + encode(tag);
        Answer a = get("/actuator/metrics/" + name + q, Duration.ofSeconds(10));
        if (a.status() != 200) return Double.NaN;
        for (JsonNode m : a.body().path("measurements"))
            if ("VALUE".equals(m.path("statistic").asText()))
                return m.path("value").asDouble();
        return Double.NaN;
    }

    /**
     * Each lead's CLEARED row of one integration and event: the lead's email (lower case) → the row's
     * {@code updatedAt}, the time it turned CLEARED (the API has no separate cleared-at field). Read
     * in pages of 1,000.
     */
    Map<String, Instant> clearedAt(String org, String vendor, String event) throws IOException, InterruptedException {
        Map<String, Instant> out = new HashMap<>();
        for (int offset = 0; ; offset += 1000) {
            Answer a = get("/api/v1/orgs/" + org + "/integrations/" + vendor + "/reconciliation?state=CLEARED&event="
                    + encode(event) + "&limit=1000&offset=" + offset);
            if (a.status() != 200) throw new IOException("reconciliation list answered " + a.status());
            for (JsonNode r : a.body())
                out.put(
                        r.path("email").asText().toLowerCase(Locale.ROOT),
                        Instant.parse(r.path("updatedAt").asText()));
            if (a.body().size() < 1000) return out;
        }
    }
}
