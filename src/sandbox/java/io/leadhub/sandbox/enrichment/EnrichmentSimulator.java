package io.leadhub.sandbox.enrichment;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.VendorSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Two fake enrichment providers under {@code /sandbox/enrichment}: a company provider (by domain,
 * {@code X-Api-Key}) and a person provider (by email, bearer key). Read-only data from
 * {@code sandbox/enrichment-companies.json} and {@code sandbox/enrichment-people.json}.
 */
@Component
@Profile("sandbox")
public class EnrichmentSimulator extends VendorSimulator {

    public static final String NAME = "enrichment";

    private final String companyKey;
    private final String peopleKey;
    private final Map<String, JsonNode> companies;
    private final Map<String, JsonNode> people;

    @Autowired
    public EnrichmentSimulator(
            @Value("${hub.sandbox.enrichment.company-key:sandbox-company-key}") String companyKey,
            @Value("${hub.sandbox.enrichment.people-key:sandbox-people-key}") String peopleKey) {
        super(NAME, null);
        this.companyKey = companyKey;
        this.peopleKey = peopleKey;
        this.companies = index(load("sandbox/enrichment-companies.json"), "domain");
        this.people = index(load("sandbox/enrichment-people.json"), "email");
    }

    public EnrichmentSimulator() {
        this("sandbox-company-key", "sandbox-people-key");
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
