package io.leadhub.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.integration.Integration;
import io.leadhub.integration.Vendor;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The vendors' quota reset rules on a pinned clock: local midnights across DST changes, rolling windows, reset headers. */
class QuotaResetTest {

    private static QuotaReset at(String instant) {
        return new QuotaReset(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    @ParameterizedTest(name = "quota hit at {0} -> Marketo reset {1}")
    @CsvSource({
        // winter: CST is UTC-6, so 12:00 AM Central is 06:00 UTC
        "2026-01-15T12:00:00Z, 2026-01-16T06:00:00Z",
        // 23:30 CST on Saturday 7 March: the reset is the midnight that opens Sunday, still CST
        "2026-03-08T05:30:00Z, 2026-03-08T06:00:00Z",
        // Sunday 8 March, after clocks went forward at 2 AM: the next midnight is CDT (UTC-5)
        "2026-03-08T06:00:00Z, 2026-03-09T05:00:00Z",
        "2026-03-08T12:00:00Z, 2026-03-09T05:00:00Z",
        // summer
        "2026-07-01T04:59:59Z, 2026-07-01T05:00:00Z",
        "2026-07-01T05:00:00Z, 2026-07-02T05:00:00Z",
        // Sunday 1 November 00:30 CDT: the day is 25 hours long, it ends at midnight CST
        "2026-11-01T05:30:00Z, 2026-11-02T06:00:00Z",
        // after the clocks went back: CST again
        "2026-11-01T12:00:00Z, 2026-11-02T06:00:00Z",
    })
    void marketoResetsAtMidnightUsCentralWithDaylightSaving(String now, String reset) {
        assertThat(at(now).nextMidnight(QuotaReset.US_CENTRAL)).isEqualTo(Instant.parse(reset));
    }

    @Test
    void nextMidnightIsStrictlyAfterNow() {
        assertThat(at("2026-05-04T00:00:00Z").nextMidnight(ZoneOffset.UTC))
                .isEqualTo(Instant.parse("2026-05-05T00:00:00Z"));
        assertThat(at("2026-05-04T23:59:59Z").nextMidnight(ZoneOffset.UTC))
                .isEqualTo(Instant.parse("2026-05-05T00:00:00Z"));
        assertThat(at("2026-05-04T17:45:00Z").nextMidnight(ZoneId.of("Europe/Berlin")))
                .isEqualTo(Instant.parse("2026-05-04T22:00:00Z"));
        assertThat(at("2026-05-04T17:45:00Z").nextMidnight(ZoneId.of("Asia/Tokyo")))
                .isEqualTo(Instant.parse("2026-05-05T15:00:00Z"));
    }

    @Test
    void rollingWindowIsTwentyFourHoursAfterTheRefusedCall() {
        assertThat(at("2026-03-08T05:30:00Z").rolling24h()).isEqualTo(Instant.parse("2026-03-09T05:30:00Z"));
    }

    @Test
    void accountZoneComesFromTheIntegrationSettingElseUtc() {
        assertThat(QuotaReset.accountZone(integration(Map.of("timeZone", "America/New_York"))))
                .isEqualTo(ZoneId.of("America/New_York"));
        assertThat(QuotaReset.accountZone(integration(Map.of()))).isEqualTo(ZoneOffset.UTC);
        assertThat(QuotaReset.accountZone(integration(Map.of("timeZone", "Mars/Olympus"))))
                .as("unknown zone")
                .isEqualTo(ZoneOffset.UTC);
        assertThat(QuotaReset.accountZone(null)).isEqualTo(ZoneOffset.UTC);
    }

    @Test
    void resetHeadersAreBelievedWhenPlausible() {
        QuotaReset r = at("2026-05-04T10:00:00Z");
        assertThat(r.fromHeaders(answer(Map.of("retry-after", "3600"))))
                .contains(Instant.parse("2026-05-04T11:00:00Z"));
        assertThat(r.fromHeaders(answer(Map.of("retry-after", "Mon, 04 May 2026 18:30:00 GMT"))))
                .contains(Instant.parse("2026-05-04T18:30:00Z"));
        assertThat(r.fromHeaders(answer(Map.of(
                        "x-ratelimit-reset",
                        String.valueOf(Instant.parse("2026-05-05T02:00:00Z").toEpochMilli())))))
                .as("epoch milliseconds")
                .contains(Instant.parse("2026-05-05T02:00:00Z"));
        assertThat(r.fromHeaders(answer(Map.of(
                        "x-ratelimit-reset",
                        String.valueOf(Instant.parse("2026-05-05T02:00:00Z").getEpochSecond())))))
                .as("epoch seconds")
                .contains(Instant.parse("2026-05-05T02:00:00Z"));
        assertThat(r.fromHeaders(answer(Map.of("x-ratelimit-reset", "120"))))
                .as("seconds from now")
                .contains(Instant.parse("2026-05-04T10:02:00Z"));
        assertThat(r.fromHeaders(answer(Map.of()))).isEmpty();
        assertThat(r.fromHeaders(answer(Map.of("retry-after", "soon")))).isEmpty();
        assertThat(r.fromHeaders(answer(Map.of("retry-after", "Sun, 03 May 2026 18:30:00 GMT"))))
                .as("in the past")
                .isEmpty();
        assertThat(r.fromHeaders(answer(Map.of("retry-after", "864000"))))
                .as("ten days is not a daily reset")
                .isEmpty();
    }

    private static VendorResponse answer(Map<String, String> headers) {
        return new VendorResponse(429, headers, null);
    }

    private static Integration integration(Map<String, Object> settings) {
        return new Integration(
                1,
                "org",
                Vendor.byKey("pardot").orElseThrow(),
                Integration.ConnectionState.CONNECTED,
                Integration.SyncMode.AUTOMATIC,
                "https://pi.pardot.com",
                settings,
                null,
                null,
                null,
                null);
    }
}
