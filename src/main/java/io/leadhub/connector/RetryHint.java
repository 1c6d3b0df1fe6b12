package io.leadhub.connector;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads the ways a vendor says when to call again, so no policy parses them on its own:
 * {@code Retry-After} (delay-seconds or an HTTP-date, RFC 9110 §10.2.3), a rate-limit reset header
 * such as {@code X-RateLimit-Reset} (epoch seconds, epoch milliseconds, or seconds from now), and a
 * plain count of seconds in a header or a JSON body. Every method answers empty for a value that is
 * missing or unreadable; the caller decides the fallback (its configured window) and any bounds.
 */
public final class RetryHint {
    /** Numbers from here on are epoch milliseconds (year 1973 onward in milliseconds). */
    private static final long EPOCH_MILLIS_FROM = 100_000_000_000L;
    /** Numbers from here on (below {@link #EPOCH_MILLIS_FROM}) are epoch seconds (2001 onward). */
    private static final long EPOCH_SECONDS_FROM = 1_000_000_000L;

    private RetryHint() {}

    /** A {@code Retry-After} value as the instant it names: {@code now} plus its seconds, or its HTTP-date. */
    public static Optional<Instant> retryAfter(String value, Instant now) {
        Optional<Duration> seconds = seconds(value);
        if (seconds.isPresent()) return Optional.of(now.plus(seconds.get()));
        if (value == null || value.isBlank()) return Optional.empty();
        try {
            return Optional.of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A {@code Retry-After} value as a wait from {@code now}; an HTTP-date already past is no wait. */
    public static Optional<Duration> retryAfterWait(String value, Instant now) {
        return retryAfter(value, now).map(at -> at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
    }

    /**
     * A rate-limit reset value as an instant: epoch milliseconds or epoch seconds when the number is
     * that large, else seconds from {@code now}.
     */
    public static Optional<Instant> resetAt(String value, Instant now) {
        if (value == null || !value.trim().matches("\\d{1,15}")) return Optional.empty();
        long n = Long.parseLong(value.trim());
        if (n >= EPOCH_MILLIS_FROM) return Optional.of(Instant.ofEpochMilli(n));
        if (n >= EPOCH_SECONDS_FROM) return Optional.of(Instant.ofEpochSecond(n));
        return Optional.of(now.plusSeconds(n));
    }

    /** A whole number of seconds (up to nine digits, surrounding spaces allowed). */
    public static Optional<Duration> seconds(String value) {
        if (value == null || !value.trim().matches("\\d{1,9}")) return Optional.empty();
        return Optional.of(Duration.ofSeconds(Long.parseLong(value.trim())));
    }

    /** A positive whole number of seconds in a JSON body field (e.g. Zoho's {@code details.retry_after}). */
    public static Optional<Duration> seconds(JsonNode value) {
        if (value == null || !value.canConvertToLong() || value.asLong() <= 0) return Optional.empty();
        return Optional.of(Duration.ofSeconds(value.asLong()));
    }
}
