package io.leadhub.connector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The one reading of vendors' "call again later" hints: Retry-After in seconds or as an HTTP-date, reset headers, body fields. */
class RetryHintTest {
    private static final Instant NOW = Instant.parse("2026-05-04T17:45:00Z");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void retryAfterInSecondsCountsFromNow() {
        assertThat(RetryHint.retryAfter("30", NOW)).contains(NOW.plusSeconds(30));
        assertThat(RetryHint.retryAfter(" 7 ", NOW)).contains(NOW.plusSeconds(7));
        assertThat(RetryHint.retryAfter("0", NOW)).contains(NOW);
        assertThat(RetryHint.retryAfterWait("30", NOW)).contains(Duration.ofSeconds(30));
    }

    @Test
    void retryAfterAsAnHttpDateNamesTheInstant() {
        assertThat(RetryHint.retryAfter("Mon, 04 May 2026 17:46:30 GMT", NOW))
                .contains(Instant.parse("2026-05-04T17:46:30Z"));
        assertThat(RetryHint.retryAfterWait("Mon, 04 May 2026 17:46:30 GMT", NOW))
                .contains(Duration.ofSeconds(90));
        // a date already past asks for no wait at all
        assertThat(RetryHint.retryAfterWait("Mon, 04 May 2026 17:00:00 GMT", NOW))
                .contains(Duration.ZERO);
    }

    @Test
    void unreadableRetryAfterIsNoHint() {
        assertThat(RetryHint.retryAfter(null, NOW)).isEmpty();
        assertThat(RetryHint.retryAfter("", NOW)).isEmpty();
        assertThat(RetryHint.retryAfter("soon", NOW)).isEmpty();
        assertThat(RetryHint.retryAfter("-5", NOW)).isEmpty();
        assertThat(RetryHint.retryAfter("1.5", NOW)).isEmpty();
        // more than nine digits is a misread unit, not a wait of decades
        assertThat(RetryHint.retryAfter("1234567890", NOW)).isEmpty();
        assertThat(RetryHint.retryAfterWait("soon", NOW)).isEmpty();
    }

    @Test
    void resetHeaderIsEpochMillisEpochSecondsOrSecondsFromNow() {
        assertThat(RetryHint.resetAt("1777917600000", NOW)).contains(Instant.ofEpochMilli(1_777_917_600_000L));
        assertThat(RetryHint.resetAt("1777917600", NOW)).contains(Instant.ofEpochSecond(1_777_917_600L));
        assertThat(RetryHint.resetAt("45", NOW)).contains(NOW.plusSeconds(45));
        assertThat(RetryHint.resetAt("x", NOW)).isEmpty();
        assertThat(RetryHint.resetAt(null, NOW)).isEmpty();
    }

    @Test
    void plainSecondsFromAHeader() {
        assertThat(RetryHint.seconds("2")).contains(Duration.ofSeconds(2));
        assertThat(RetryHint.seconds(" 0 ")).contains(Duration.ZERO);
        assertThat(RetryHint.seconds("two")).isEmpty();
        assertThat(RetryHint.seconds((String) null)).isEmpty();
    }

    @Test
    void positiveSecondsFromABodyField() {
        assertThat(RetryHint.seconds(NODES.numberNode(12))).contains(Duration.ofSeconds(12));
        assertThat(RetryHint.seconds(NODES.numberNode(0))).isEmpty();
        assertThat(RetryHint.seconds(NODES.numberNode(-3))).isEmpty();
        assertThat(RetryHint.seconds(NODES.missingNode())).isEmpty();
        assertThat(RetryHint.seconds(NODES.textNode("soon"))).isEmpty();
    }
}
