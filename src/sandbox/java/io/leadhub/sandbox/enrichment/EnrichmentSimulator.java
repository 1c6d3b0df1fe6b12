package io.leadhub.sandbox.enrichment;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.VendorSimulator;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.annotation.Profile;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Two fake enrichment providers under {@code /sandbox/enrichment}: a company provider (by domain,
 * {@code X-Api-Key}) and a person provider (by email, bearer key). Read-only data from
 * {@code sandbox/enrichment-companies.json} and {@code sandbox/enrichment-people.json}.
 *
 * <p>{@code hub.sandbox.enrichment.delay} (default 0) makes both answer that much later, as a slow
 * remote provider would; the request does not hold a server thread while it waits.
 */
@Component
@Profile("sandbox")
public class EnrichmentSimulator extends VendorSimulator {

    public static final String NAME = "enrichment";

    private final String companyKey;
    private final String peopleKey;
    private final Map<String, JsonNode> companies;
    private final Map<String, JsonNode> people;
    private final Duration delay;
    /** Completes the delayed answers; null when they are not delayed. */
    private final ScheduledExecutorService timer;

    /** The delay is read as Spring Boot reads durations ("300ms", "PT0.3S"), in any Spring context. */
    @Autowired
    public EnrichmentSimulator(
            @Value("${hub.sandbox.enrichment.company-key:sandbox-company-key}") String companyKey,
            @Value("${hub.sandbox.enrichment.people-key:sandbox-people-key}") String peopleKey,
            @Value("${hub.sandbox.enrichment.delay:0ms}") String delay) {
        this(companyKey, peopleKey, DurationStyle.detectAndParse(delay));
    }

    EnrichmentSimulator(String companyKey, String peopleKey, Duration delay) {
        super(NAME, null);
        if (delay.isNegative()) throw new IllegalArgumentException("hub.sandbox.enrichment.delay must not be negative");
        this.companyKey = companyKey;
        this.peopleKey = peopleKey;
        this.companies = index(load("sandbox/enrichment-companies.json"), "domain");
        this.people = index(load("sandbox/enrichment-people.json"), "email");
        this.delay = delay;
        this.timer = delay.isZero()
                ? null
                : Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "sandbox-enrichment-delay");
                    t.setDaemon(true);
                    return t;
                });
    }

    public EnrichmentSimulator() {
        this("sandbox-company-key", "sandbox-people-key", Duration.ZERO);
    }

    /** How much later than at once the providers answer. */
    public Duration delay() {
        return delay;
    }

    /** The answer, completed after {@link #delay()} (already complete when there is none). */
    public <T> CompletableFuture<T> answerLater(T answer) {
        if (timer == null) return CompletableFuture.completedFuture(answer);
        CompletableFuture<T> later = new CompletableFuture<>();
        timer.schedule(() -> later.complete(answer), delay.toNanos(), TimeUnit.NANOSECONDS);
        return later;
    }

    @PreDestroy
    public void close() {
        if (timer != null) timer.shutdownNow();
    }

    private static List<JsonNode> load(String resource) {
        try (InputStream in = new ClassPathResource(resource).getInputStream()) {
            List<JsonNode> list = new ArrayList<>();
            SandboxJson.MAPPER.readTree(in).forEach(list::add);
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    private static Map<String, JsonNode> index(List<JsonNode> items, String key) {
        Map<String, JsonNode> map = new LinkedHashMap<>();
        items.forEach(i -> map.put(i.path(key).asText().toLowerCase(Locale.ROOT), i));
        return Collections.unmodifiableMap(map);
    }

    public String companyKey() {
        return companyKey;
    }

    public String peopleKey() {
        return peopleKey;
    }

    @Override
    public List<String> objectNames() {
        return List.of("companies", "people");
    }

    @Override
    public Map<String, Long> recordCounts() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("companies", (long) companies.size());
        counts.put("people", (long) people.size());
        return counts;
    }

    @Override
    public Optional<List<JsonNode>> records(String object) {
        return switch (object) {
            case "companies" -> Optional.of(List.copyOf(companies.values()));
            case "people" -> Optional.of(List.copyOf(people.values()));
            default -> Optional.empty();
        };
    }

    /** Lower-case host of a domain or URL: {@code https://www.Acme.com/x} → {@code acme.com}. */
    static String normalizeDomain(String domain) {
        String d = domain.trim().toLowerCase(Locale.ROOT);
        d = d.replaceFirst("^[a-z]+://", "");
        int slash = d.indexOf('/');
        if (slash >= 0) {
            d = d.substring(0, slash);
        }
        if (d.startsWith("www.")) {
            d = d.substring(4);
        }
        return d;
    }

    public Optional<JsonNode> company(String domain) {
        return Optional.ofNullable(companies.get(normalizeDomain(domain))).map(JsonNode::deepCopy);
    }

    public Optional<JsonNode> person(String email) {
        return Optional.ofNullable(people.get(email.trim().toLowerCase(Locale.ROOT)))
                .map(JsonNode::deepCopy);
    }
}
