package io.leadhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The shared retry rule: how many attempts, and a delay that doubles from the base and stops doubling. */
class RetryBackoffTest {
    private final RetryBackoff backoff = new RetryBackoff(4, Duration.ofMillis(500));

    @Test
    void theDelayDoublesAfterEachFailure() {
        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(4)).isEqualTo(Duration.ofSeconds(4));
    }

    @Test
    void theDelayStopsDoublingAtSixtyFourTimesTheBase() {
        assertThat(backoff.delay(7)).isEqualTo(Duration.ofMillis(500 * 64));
        assertThat(backoff.delay(40)).isEqualTo(Duration.ofMillis(500 * 64));
    }

    @Test
    void theLastAllowedAttemptIsExhausted() {
        assertThat(backoff.attempts()).isEqualTo(4);
        assertThat(backoff.exhausted(3)).isFalse();
        assertThat(backoff.exhausted(4)).isTrue();
        assertThat(backoff.exhausted(5)).isTrue();
    }

    @Test
    void anInterruptedPauseEndsTheRequestAndKeepsTheFlag() {
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> backoff.pause(1))
                    .isInstanceOfSatisfying(
                            VendorCallException.class,
                            e -> assertThat(e.category()).isEqualTo(ErrorCategory.VENDOR_UNAVAILABLE));
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }
}
