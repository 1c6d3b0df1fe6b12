package io.leadhub.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.mock.env.MockEnvironment;

/** The per org + vendor window: calls beyond its capacity wait for the window to roll; a pause holds every call. */
class RateWindowsTest {
    private final RateLimiter windows = new RateLimiter(environment());

    private static MockEnvironment environment() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("hub.vendors.hubspot.rate-limit.requests", "3")
                .withProperty("hub.vendors.hubspot.rate-limit.period", "PT0.4S");
        env.setConversionService(new ApplicationConversionService());
        return env;
    }

    @Test
    void fourthCallInAWindowOfThreeWaitsForTheWindowToRoll() {
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) windows.acquire("hubspot", 1);
        assertThat(elapsedMillis(start)).isLessThan(300);
        windows.acquire("hubspot", 1);
        assertThat(elapsedMillis(start)).isGreaterThanOrEqualTo(390);
    }

    @Test
    void windowsAreSeparatePerIntegration() {
        long start = System.nanoTime();
        for (int i = 0; i < 3; i++) windows.acquire("hubspot", 1);
        for (int i = 0; i < 3; i++) windows.acquire("hubspot", 2);
        assertThat(elapsedMillis(start)).isLessThan(300);
    }

    @Test
    void pauseHoldsTheNextCall() {
        windows.pause("hubspot", 7, Duration.ofMillis(300));
        long start = System.nanoTime();
        windows.acquire("hubspot", 7);
        assertThat(elapsedMillis(start)).isGreaterThanOrEqualTo(250);
    }

    private static long elapsedMillis(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
