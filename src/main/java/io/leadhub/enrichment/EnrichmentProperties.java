package io.leadhub.enrichment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The enrichment waterfall as configuration ({@code hub.enrichment.*}): adding a provider needs
 * no Java. See application.yml for a commented example.
 */
@ConfigurationProperties(prefix = "hub.enrichment")
public class EnrichmentProperties {
    /** A lead goes on to sync when the waterfall finishes or this much time has passed since it started. */
    private Duration deadline = Duration.ofSeconds(10);

    private List<Provider> providers = new ArrayList<>();

    public Duration getDeadline() {
        return deadline;
    }

    public void setDeadline(Duration deadline) {
        this.deadline = deadline;
    }

    public List<Provider> getProviders() {
        return providers;
    }

    public void setProviders(List<Provider> providers) {
        this.providers = providers;
    }

    public static class Provider {
        /** Name recorded as provenance of the fields it fills. */
        private String name;
        /** Lower runs first. */
        private int order;

        private boolean enabled = true;
        /** GET URL; {@code {self}} is replaced by the hub's own base URL (for the sandbox providers). */
        private String url;
        /** Query string template; {@code {field}} placeholders take URL-encoded lead values (hub field names). */
        private String query;
        /** Header carrying the credential, and its value (from the environment, never from git). */
        private String authHeader;

        private String authValue;
        private Duration timeout = Duration.ofSeconds(3);
        /** Calls in flight at once on one instance (0: no limit beyond the stage's concurrency). */
        private int maxInFlight;
        /** Calls per second from one instance (0: no limit). */
        private double ratePerSecond;
        /** Lead field (API name) -> JSON path into the provider's answer. */
        private Map<String, String> fields = new LinkedHashMap<>();

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public int getOrder() {
            return order;
        }

        public void setOrder(int order) {
            this.order = order;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getQuery() {
            return query;
        }

        public void setQuery(String query) {
            this.query = query;
        }

        public String getAuthHeader() {
            return authHeader;
        }

        public void setAuthHeader(String authHeader) {
            this.authHeader = authHeader;
        }

        public String getAuthValue() {
            return authValue;
        }

        public void setAuthValue(String authValue) {
            this.authValue = authValue;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }

        public double getRatePerSecond() {
            return ratePerSecond;
        }

        public void setRatePerSecond(double ratePerSecond) {
            this.ratePerSecond = ratePerSecond;
        }

        public int getMaxInFlight() {
            return maxInFlight;
        }

        public void setMaxInFlight(int maxInFlight) {
            this.maxInFlight = maxInFlight;
        }

        public Map<String, String> getFields() {
            return fields;
        }

        public void setFields(Map<String, String> fields) {
            this.fields = fields;
        }
    }
}
