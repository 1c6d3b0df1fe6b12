package io.leadhub.platform;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.util.SensitiveUtils;

/**
 * Masks secret values in free text before it reaches a log line, an exception message, an API
 * answer or a reconciliation row: {@code name=value} pairs of query strings and form bodies, JSON
 * {@code "name": "value"} members, {@code Authorization} header values and bare {@code Bearer}
 * tokens. The names are Camel's own sensitive keys ({@link SensitiveUtils}) plus the OAuth ones
 * ({@code access_token}, {@code refresh_token}, {@code client_secret}, {@code code},
 * {@code code_verifier}, {@code password}, …), matched case-insensitively with or without
 * {@code _}/{@code -}. {@code code} is masked only as {@code code=value} (an authorization code in a
 * query string or form body); a JSON {@code "code"} member is a vendor error code and stays.
 */
public final class SecretRedactor {
    public static final String MASK = "xxxxxx";
    private static final Set<String> NAMES = new LinkedHashSet<>();

    static {
        for (String k : SensitiveUtils.getSensitiveKeys()) NAMES.add(normalize(k));
        for (String k : new String[] {
            "access_token",
            "refresh_token",
            "id_token",
            "client_secret",
            "code_verifier",
            "password",
            "passwd",
            "secret",
            "token",
            "api_key",
            "apikey",
            "authorization",
            "session_id",
            "sessionid",
            "private_key"
        }) {
            NAMES.add(normalize(k));
        }
    }

    private static final String NAME = "[A-Za-z][A-Za-z0-9_.\\-]*";
    /** name=value in query strings, form bodies and "key=value" log text. */
    private static final Pattern PAIR = Pattern.compile("(?<![A-Za-z0-9_\\-])(" + NAME + ")(=)([^&\\s,;\"'}\\]]+)");
    /** "name": "value" in JSON (also 'name': 'value'). */
    private static final Pattern JSON =
            Pattern.compile("([\"'])(" + NAME + ")\\1(\\s*:\\s*)([\"'])((?:\\\\.|(?!\\4).)*)\\4");
    /** Authorization: <scheme> <credentials> (headers, header dumps). */
    private static final Pattern AUTH_HEADER = Pattern.compile(
            "(?i)(authorization[\"']?\\s*[:=]\\s*[\"']?)(bearer |basic |zoho-oauthtoken |oauth )?([^\\s,;\"'}\\]]+)");
    /** A bare bearer-style token anywhere. */
    private static final Pattern SCHEME_TOKEN =
            Pattern.compile("(?i)\\b(bearer|zoho-oauthtoken) ([A-Za-z0-9._~+/!\\-]{8,}=*)");

    private SecretRedactor() {}

    /** The text with every secret value replaced by {@value #MASK}; null stays null. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) return text;
        String out = replace(AUTH_HEADER, text, m -> m.group(1) + (m.group(2) == null ? "" : m.group(2)) + MASK);
        out = replace(SCHEME_TOKEN, out, m -> m.group(1) + " " + MASK);
        out = replace(
                PAIR,
                out,
                m -> sensitive(m.group(1)) || "code".equalsIgnoreCase(m.group(1)) ? m.group(1) + "=" + MASK : null);
        out = replace(
                JSON,
                out,
                m -> sensitive(m.group(2))
                        ? m.group(1) + m.group(2) + m.group(1) + m.group(3) + m.group(4) + MASK + m.group(4)
                        : null);
        return out;
    }

    /** Whether a parameter, header or field name names a secret. */
    public static boolean sensitive(String name) {
        String n = normalize(name);
        if (NAMES.contains(n)) return true;
        return n.endsWith("token") || n.endsWith("secret") || n.endsWith("password");
    }

    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "").replace(".", "");
    }

    private interface Replacer {
        String apply(Matcher m);
    }

    private static String replace(Pattern p, String text, Replacer r) {
        Matcher m = p.matcher(text);
        StringBuilder sb = null;
        int last = 0;
        while (m.find()) {
            String rep = r.apply(m);
            if (rep == null) continue;
            if (sb == null) sb = new StringBuilder(text.length());
            sb.append(text, last, m.start()).append(rep);
            last = m.end();
        }
        if (sb == null) return text;
        return sb.append(text, last, text.length()).toString();
    }
}
