package io.leadhub.enrichment;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A provider's places per instance: max-in-flight bounds calls at once, rate-per-second spreads them. */
class ProviderThrottleTest {
    private final ProviderThrottle gates = new ProviderThrottle();

    @Test
    void aProviderWithTwoPlacesTakesNoThirdCallUntilOneLeaves() {
        EnrichmentProperties.Provider p = provider("two-places", 2, 0);
        assertThat(gates.enter(p, 0)).isTrue();
        ProviderThrottle.Pass first = gates.pass(p);
        assertThat(gates.enter(p, 0)).isTrue();
        gates.pass(p);
        assertThat(gates.enter(p, 50)).as("no third place within the wait").isFalse();
        first.leave();
        first.leave(); // a pass gives its place back once
        assertThat(gates.enter(p, 0)).isTrue();
        assertThat(gates.enter(p, 0)).isFalse();
    }

    @Test
    void aRateLimitedProviderRefusesACallItCannotFitBeforeTheDeadline() {
        EnrichmentProperties.Provider p = provider("two-per-second", 0, 2);
        assertThat(gates.enter(p, 0)).isTrue();
        assertThat(gates.enter(p, 0)).as("the next call is half a second away").isFalse();
        long start = System.nanoTime();
        assertThat(gates.enter(p, 2000)).isTrue();
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(300L, 1500L);
    }

    @Test
    void aProviderWithoutLimitsAlwaysHasAPlace() {
        EnrichmentProperties.Provider p = provider("open", 0, 0);
        for (int i = 0; i < 1000; i++) assertThat(gates.enter(p, 0)).isTrue();
    }

    private static EnrichmentProperties.Provider provider(String name, int maxInFlight, double perSecond) {
        EnrichmentProperties.Provider p = new EnrichmentProperties.Provider();
        p.setName(name);
        p.setMaxInFlight(maxInFlight);
        p.setRatePerSecond(perSecond);
        return p;
    }
}
