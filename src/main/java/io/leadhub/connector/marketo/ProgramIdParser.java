package io.leadhub.connector.marketo;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Marketo program id as people paste it (SPEC §7.3): plain digits ({@code 1234}), an asset
 * id as Marketo's UI shows it ({@code PG1234A1}, {@code AB1234C1}, optionally with {@code #}), or a
 * program URL ending in one ({@code https://app-ab12.marketo.com/#PG1234A1}); the digits are the id.
 */
final class ProgramIdParser {
    private static final Pattern DIGITS = Pattern.compile("\\d{1,12}");
    /** Two-letter asset type, the id, then the UI's tab suffix (letter + digits). */
    private static final Pattern ASSET = Pattern.compile("#?(?:/?[A-Za-z]+/)*([A-Z]{2})(\\d{1,12})([A-Z]\\d{1,3})?");

    private static final Pattern URL = Pattern.compile("https?://[^\\s#/]+(?:/[^\\s#]*)?#(.+)");

    private ProgramIdParser() {}

    static Optional<String> parse(String raw) {
        if (raw == null) return Optional.empty();
        String s = raw.trim();
        if (DIGITS.matcher(s).matches()) return positive(s);
        Matcher url = URL.matcher(s);
        if (url.matches()) s = url.group(1);
        Matcher asset = ASSET.matcher(s);
        if (asset.matches()) return positive(asset.group(2));
        return Optional.empty();
    }

    /** Leading zeros dropped; 0 is no program. */
    private static Optional<String> positive(String digits) {
        String d = digits.replaceFirst("^0+", "");
        return d.isEmpty() ? Optional.empty() : Optional.of(d);
    }
}
