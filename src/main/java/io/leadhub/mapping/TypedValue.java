package io.leadhub.mapping;

import io.leadhub.connector.ErrorCategory;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;

/**
 * Converts a lead's text value to the type of its mapping row (SPEC §7.1), or refuses it with
 * DATA_VALUE_VALIDATION and a message naming the hub field, the value and the vendor field. A
 * value that cannot be converted belongs to one lead: it must fail that lead, never its batch, so
 * nothing here throws anything but {@link Refused}.
 *
 * <p>DATE takes the unambiguous forms only: an ISO date ({@code 2026-05-12}) or an ISO date-time
 * with or without an offset or zone ({@code 2026-05-12T09:30:00+02:00}), whose date is taken as
 * written. {@code 12/05} or {@code 05/12/2026} could be May or December and are refused.
 */
final class TypedValue {
    private static final int SHOWN = 60;
    private static final List<DateTimeFormatter> DATE_TIMES = List.of(
            DateTimeFormatter.ISO_OFFSET_DATE_TIME,
            DateTimeFormatter.ISO_ZONED_DATE_TIME,
            DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    /** Digits before and after the point a NUMBER may have: beyond that no vendor field holds it. */
    private static final int MAX_DIGITS = 38;

    /** A value refused for its mapping row. */
    static final class Refused extends RuntimeException {
        final ErrorCategory category;

        Refused(ErrorCategory category, String message) {
            super(message, null, false, false);
            this.category = category;
        }
    }

    private TypedValue() {}

    static Object convert(FieldMapping m, String raw) {
        if (raw == null) return null;
        return switch (m.type()) {
            case NUMBER -> number(m, raw);
            case BOOLEAN -> bool(m, raw);
            case DATE -> date(m, raw);
            default -> raw;
        };
    }

    private static BigDecimal number(FieldMapping m, String raw) {
        try {
            BigDecimal n = new BigDecimal(raw.trim());
            if (n.precision() - n.scale() > MAX_DIGITS || n.scale() > MAX_DIGITS)
                throw refuse(m, raw, "is out of range for a number");
            return n;
        } catch (NumberFormatException e) {
            throw refuse(m, raw, "is not a number (digits, an optional sign and decimal point)");
        }
    }

    private static Boolean bool(FieldMapping m, String raw) {
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "y", "1" -> true;
            case "false", "no", "n", "0" -> false;
            default -> throw refuse(m, raw, "is not a boolean (true/false, yes/no, 1/0)");
        };
    }

    private static String date(FieldMapping m, String raw) {
        String s = raw.trim();
        try {
            return LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE).toString();
        } catch (DateTimeParseException notADate) {
            for (DateTimeFormatter f : DATE_TIMES) {
                try {
                    TemporalAccessor t = f.parse(s);
                    return LocalDate.from(t).toString();
                } catch (DateTimeException ignored) {
                    // try the next form
                }
            }
            throw refuse(m, raw, "is not an ISO date (YYYY-MM-DD) or ISO date-time");
        }
    }

    private static Refused refuse(FieldMapping m, String raw, String why) {
        String shown = raw.length() > SHOWN ? raw.substring(0, SHOWN) + "…" : raw;
        return new Refused(
                ErrorCategory.DATA_VALUE_VALIDATION,
                "'" + m.hubField() + "' value '" + shown + "' " + why + "; not sent to " + m.vendorField());
    }
}
