package io.leadhub.sandbox.zoho;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Zoho's COQL ({@code POST /crm/v8/coql}, {@code {"select_query": "…"}}) the simulator
 * understands: {@code select f1, f2 from Module where <condition> [or <condition>…] [limit n]},
 * each condition {@code field = 'v'} or {@code field in ('v1', 'v2', …)} (at most 100 values, the
 * v7+ limit), optionally in parentheses; string literals escape a quote by doubling it. Anything
 * else is a syntax error, as Zoho answers it.
 */
final class ZohoQuery {
    static final int MAX_IN_VALUES = 100;
    static final int MAX_LIMIT = 2000;
    private static final Pattern QUERY = Pattern.compile(
            "(?is)^\\s*select\\s+(.+?)\\s+from\\s+(\\w+)\\s+where\\s+(.+?)(?:\\s+limit\\s+(\\d+))?\\s*$");
    private static final Pattern CONDITION = Pattern.compile("(?is)^\\s*(\\w+)\\s*(=|in)\\s*(.+?)\\s*$");

    /** One query: the selected fields, the module, field -> accepted values (any match: or), the row limit. */
    record Parsed(List<String> fields, String module, Map<String, List<String>> anyOf, int limit) {}

    /** A query the simulator refuses, with Zoho's error code. */
    static final class Invalid extends RuntimeException {
        final String code;

        Invalid(String code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private ZohoQuery() {}

    static Parsed parse(String query) {
        if (query == null || query.isBlank()) throw new Invalid("SYNTAX_ERROR", "select_query is empty");
        Matcher m = QUERY.matcher(query);
        if (!m.matches()) throw new Invalid("SYNTAX_ERROR", "error occured while parsing the query");
        List<String> fields = new ArrayList<>();
        for (String f : m.group(1).split(",")) {
            String name = f.trim();
            if (!name.matches("\\w+")) throw new Invalid("SYNTAX_ERROR", "invalid column '" + name + "'");
            fields.add(name);
        }
        int limit = m.group(4) == null ? 200 : Integer.parseInt(m.group(4));
        if (limit < 1 || limit > MAX_LIMIT)
            throw new Invalid("LIMIT_EXCEEDED", "limit must be between 1 and " + MAX_LIMIT);
        Map<String, List<String>> anyOf = new LinkedHashMap<>();
        for (String condition : splitOr(unwrap(m.group(3).trim()))) {
            Matcher c = CONDITION.matcher(unwrap(condition.trim()));
            if (!c.matches()) throw new Invalid("SYNTAX_ERROR", "error occured while parsing the query");
            List<String> values = c.group(2).equals("=") ? literals(c.group(3), false) : literals(c.group(3), true);
            if (values.size() > MAX_IN_VALUES) {
                throw new Invalid("LIMIT_EXCEEDED", "the in operator takes at most " + MAX_IN_VALUES + " values");
            }
            anyOf.computeIfAbsent(c.group(1), k -> new ArrayList<>()).addAll(values);
        }
        return new Parsed(fields, m.group(2), anyOf, limit);
    }

    /** Whether a record's value of a field is one of the values (text compared without case, as Zoho compares emails). */
    static boolean matches(String recordValue, List<String> values) {
        if (recordValue == null) return false;
        String v = recordValue.trim().toLowerCase(Locale.ROOT);
        return values.stream().anyMatch(x -> x.trim().toLowerCase(Locale.ROOT).equals(v));
    }

    private static String unwrap(String s) {
        while (s.startsWith("(") && s.endsWith(")") && closes(s))
            s = s.substring(1, s.length() - 1).trim();
        return s;
    }

    /** Whether the first parenthesis of {@code s} closes at its last character. */
    private static boolean closes(String s) {
        int depth = 0;
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\'') quoted = !quoted;
            if (quoted) continue;
            if (ch == '(') depth++;
            if (ch == ')' && --depth == 0 && i < s.length() - 1) return false;
        }
        return depth == 0;
    }

    /** The conditions joined by a top-level {@code or} (outside quotes and parentheses); {@code and} is not understood. */
    private static List<String> splitOr(String where) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        int start = 0;
        String lower = where.toLowerCase(Locale.ROOT);
        for (int i = 0; i < where.length(); i++) {
            char ch = where.charAt(i);
            if (ch == '\'') quoted = !quoted;
            if (quoted) continue;
            if (ch == '(') depth++;
            if (ch == ')') depth--;
            if (depth == 0 && lower.startsWith(" or ", i)) {
                parts.add(where.substring(start, i));
                i += 3;
                start = i;
            } else if (depth == 0 && lower.startsWith(" and ", i)) {
                throw new Invalid("SYNTAX_ERROR", "the simulator understands or-joined conditions only");
            }
        }
        parts.add(where.substring(start));
        return parts;
    }

    /** {@code 'a'} or {@code ('a', 'b')}: the literals, {@code ''} unescaped to {@code '}. */
    private static List<String> literals(String s, boolean list) {
        String body = s.trim();
        if (list) {
            if (!body.startsWith("(") || !body.endsWith(")"))
                throw new Invalid("SYNTAX_ERROR", "in needs a list in parentheses");
            body = body.substring(1, body.length() - 1);
        }
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < body.length()) {
            char ch = body.charAt(i);
            if (Character.isWhitespace(ch) || ch == ',') {
                i++;
                continue;
            }
            if (ch != '\'') throw new Invalid("SYNTAX_ERROR", "values must be quoted");
            StringBuilder v = new StringBuilder();
            i++;
            while (true) {
                if (i >= body.length()) throw new Invalid("SYNTAX_ERROR", "unterminated value");
                char c = body.charAt(i);
                if (c == '\'' && i + 1 < body.length() && body.charAt(i + 1) == '\'') {
                    v.append('\'');
                    i += 2;
                } else if (c == '\'') {
                    i++;
                    break;
                } else {
                    v.append(c);
                    i++;
                }
            }
            out.add(v.toString());
            if (!list) break;
        }
        if (out.isEmpty()) throw new Invalid("SYNTAX_ERROR", "no value");
        return out;
    }
}
