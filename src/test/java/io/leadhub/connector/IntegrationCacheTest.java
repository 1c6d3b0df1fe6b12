package io.leadhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadhub.sandbox.SandboxTestSupport.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** What a connector keeps of its vendor's metadata per integration: read once per time to live, per integration and key. */
class IntegrationCacheTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-04T09:00:00Z"));
    private final IntegrationCache<String> cache = new IntegrationCache<>(Duration.ofMinutes(5), clock);
    private final List<String> reads = new ArrayList<>();

    @Test
    void aValueIsReadOnceAndUsedUntilItExpires() {
        assertThat(cache.cached(1, "Leads")).isFalse();
        assertThat(cache.get(1, "Leads", read("Leads v1"))).isEqualTo("Leads v1");
        clock.advanceMillis(Duration.ofMinutes(4).toMillis());
        assertThat(cache.get(1, "Leads", read("Leads v2"))).isEqualTo("Leads v1");
        assertThat(cache.cached(1, "Leads")).isTrue();
        assertThat(cache.fresh(1, "Leads")).contains("Leads v1");
        assertThat(reads).containsExactly("Leads v1");

        clock.advanceMillis(Duration.ofMinutes(1).toMillis());
        assertThat(cache.cached(1, "Leads")).isFalse();
        assertThat(cache.fresh(1, "Leads")).isEmpty();
        assertThat(cache.get(1, "Leads", read("Leads v2"))).isEqualTo("Leads v2");
        assertThat(reads).containsExactly("Leads v1", "Leads v2");
    }

    @Test
    void valuesAreKeptPerIntegrationAndKey() {
        cache.get(1, "Leads", read("1 Leads"));
        cache.get(1, "Contacts", read("1 Contacts"));
        cache.get(2, "Leads", read("2 Leads"));

        assertThat(cache.get(2, "Leads", read("again"))).isEqualTo("2 Leads");
        assertThat(cache.get(1, "Contacts", read("again"))).isEqualTo("1 Contacts");
        assertThat(reads).containsExactly("1 Leads", "1 Contacts", "2 Leads");
    }

    @Test
    void aForgottenKeyOrIntegrationIsReadAgainOnItsNextUse() {
        cache.put(1, "Leads", "1 Leads");
        cache.put(1, "Contacts", "1 Contacts");
        cache.put(2, "Leads", "2 Leads");

        cache.forget(1, "Leads");
        assertThat(cache.cached(1, "Leads")).isFalse();
        assertThat(cache.cached(1, "Contacts")).isTrue();

        cache.forget(1);
        assertThat(cache.cached(1, "Contacts")).isFalse();
        assertThat(cache.cached(2, "Leads"))
                .as("another integration keeps its values")
                .isTrue();
        assertThat(cache.get(1, "Contacts", read("1 Contacts again"))).isEqualTo("1 Contacts again");
    }

    @Test
    void aFailedReadKeepsNothingAndAPutStartsAFreshPeriod() {
        assertThatThrownBy(() -> cache.get(1, "Leads", () -> {
                    throw new VendorCallException(ErrorCategory.VENDOR_UNAVAILABLE, "HTTP_503", "down");
                }))
                .isInstanceOf(VendorCallException.class);
        assertThat(cache.cached(1, "Leads")).isFalse();

        cache.put(1, "Leads", "Leads v1");
        clock.advanceMillis(Duration.ofMinutes(4).toMillis());
        assertThat(cache.put(1, "Leads", "Leads v2")).isEqualTo("Leads v2");
        clock.advanceMillis(Duration.ofMinutes(4).toMillis());
        assertThat(cache.get(1, "Leads", read("Leads v3"))).isEqualTo("Leads v2");
    }

    private Supplier<String> read(String value) {
        return () -> {
            reads.add(value);
            return value;
        };
    }
}
