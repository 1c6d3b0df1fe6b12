package io.leadhub.connector;

import io.leadhub.integration.Integration;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * When a vendor gives an exhausted API quota back. VendorPathParser count their allowance in one of two
 * ways, and every connector's policy picks one of these rules instead of doing date arithmetic of
 * its own:
 * <ul>
 * <li>a calendar day that ends at local midnight in some time zone ({@link #nextMidnight}): Marketo
 * at 00:00 US Central ({@link #US_CENTRAL}, with daylight saving), Pardot, HubSpot and Pipedrive at
 * midnight of the account's time zone when the integration names one ({@link #accountZone}), else UTC;</li>
 * <li>a rolling 24-hour window ({@link #rolling24h}): Zoho CRM credits and Salesforce's API request
 * allocation; the call that was refused is the latest one in the window, so 24 hours after it the
 * whole window has rolled over — the earliest time the hub can be sure calls are accepted again.</li>
 * </ul>
 * A vendor that says when to come back (a {@code Retry-After} or rate-limit reset header) is believed
 * ({@link #fromHeaders}, read by {@link RetryHint}). The clock is a {@link Clock} bean when the application defines one (tests
 * pin it), else the system UTC clock.
 */
@Component
public class QuotaReset {
    /** Marketo's daily quota resets at 12:00 AM in this zone (CST/CDT). */
    public static final ZoneId US_CENTRAL = ZoneId.of("America/Chicago");
    /** Integration setting with the vendor account's IANA time zone (e.g. {@code Europe/Berlin}), where its day ends. */
    public static final String TIME_ZONE_SETTING = "timeZone";
    /** A header further away than this is not believed (a misread unit, e.g. milliseconds taken as seconds). */
    private static final Duration MAX_AHEAD = Duration.ofDays(2);

    private final Clock clock;

    @Autowired
    public QuotaReset(ObjectProvider<Clock> clock) {
        this(clock.getIfAvailable(Clock::systemUTC));
    }

    public QuotaReset(Clock clock) {
        this.clock = clock;
    }

    /** Now, by the clock every quota decision uses. */
    public Instant now() {
        return clock.instant();
    }

    /** The next local midnight in {@code zone} strictly after now (DST-aware: a day can be 23 or 25 hours long). */
    public Instant nextMidnight(ZoneId zone) {
        ZonedDateTime local = now().atZone(zone);
        return local.toLocalDate().plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** 24 hours from now: when a rolling 24-hour window that was full now has surely rolled over. */
    public Instant rolling24h() {
        return now().plus(Duration.ofHours(24));
    }

    /**
     * The reset a vendor announces in its answer, if any: {@code Retry-After} (seconds, or an HTTP
     * date), else {@code X-RateLimit-Reset} (epoch seconds or milliseconds, or seconds from now when
     * the number is small). Answers empty when no header is present, readable, in the future and
     * within two days.
     */
    public Optional<Instant> fromHeaders(VendorResponse r) {
        Instant now = now();
        Optional<Instant> at = RetryHint.retryAfter(r.header("Retry-After"), now)
                .or(() -> RetryHint.resetAt(r.header("X-RateLimit-Reset"), now));
        return at.filter(t -> t.isAfter(now) && !t.isAfter(now.plus(MAX_AHEAD)));
    }

    /** The vendor account's time zone from the integration's {@value #TIME_ZONE_SETTING} setting; UTC when none or unknown. */
    public static ZoneId accountZone(Integration integration) {
        Object tz = integration == null ? null : integration.settings().get(TIME_ZONE_SETTING);
        if (tz == null || tz.toString().isBlank()) return ZoneOffset.UTC;
        try {
            return ZoneId.of(tz.toString().trim());
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
