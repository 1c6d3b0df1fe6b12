package io.leadhub.sandbox.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The subset of SOQL the simulator understands:
 * {@code SELECT f1, f2 | COUNT() FROM Obj [WHERE cond] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], …] [LIMIT n] [OFFSET n]}
 * where a condition combines {@code = != <> < <= > >= LIKE IN (…) NOT IN (…)} with {@code AND}, {@code OR},
 * {@code NOT} and parentheses; literals are strings ({@code '…'} with backslash escapes), numbers,
 * {@code true}/{@code false}/{@code null} and ISO dates / datetimes. Text compares case-insensitively.
 */
final class SoqlParser {

    /** A field named in the query, with its 1-based column (for Salesforce-style error messages). */
    record FieldRef(String name, int column) {}

    record Order(FieldRef field, boolean descending, boolean nullsLast) {}

    /** A parsed query. {@code fields} is empty for {@code COUNT()}. */
    record Query(
            String text,
            List<FieldRef> fields,
            boolean count,
            String object,
            int objectColumn,
            Cond where,
            List<Order> orderBy,
            Integer limit,
            Integer offset,
            List<FieldRef> filterFields) {}

    /** A parse problem: errorCode MALFORMED_QUERY, message in Salesforce's layout. */
    static final class SoqlException extends RuntimeException {
        final String errorCode;

        SoqlException(String errorCode, String message) {
            super(message);
            this.errorCode = errorCode;
        }
    }

    /** Reads a field of the record being tested (canonical value or null). */
    interface Row extends Function<FieldRef, JsonNode> {}

    interface Cond {
        boolean test(Row row);
    }

    // ---------------------------------------------------------------- lexer

    private enum Kind {
        IDENT,
        STRING,
        LITERAL,
        SYMBOL,
        END
    }

    private record Token(Kind kind, String text, int column) {
        boolean is(String keyword) {
            return (kind == Kind.IDENT || kind == Kind.SYMBOL) && text.equalsIgnoreCase(keyword);
        }
    }

    private static List<Token> lex(String q) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < q.length()) {
            char c = q.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < q.length()
                        && (Character.isLetterOrDigit(q.charAt(i)) || q.charAt(i) == '_' || q.charAt(i) == '.')) {
                    i++;
                }
                tokens.add(new Token(Kind.IDENT, q.substring(start, i), start + 1));
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < q.length() && Character.isDigit(q.charAt(i + 1)))) {
                int start = i;
                i++;
                while (i < q.length() && (Character.isLetterOrDigit(q.charAt(i)) || ":.+-".indexOf(q.charAt(i)) >= 0)) {
                    i++;
                }
                tokens.add(new Token(Kind.LITERAL, q.substring(start, i), start + 1));
            } else if (c == '\'') {
                int start = i;
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < q.length()) {
                    char d = q.charAt(i);
                    if (d == '\\' && i + 1 < q.length()) {
                        char e = q.charAt(i + 1);
                        switch (e) {
                            case 'n' -> sb.append('\n');
                            case 'r' -> sb.append('\r');
                            case 't' -> sb.append('\t');
                            case 'b' -> sb.append('\b');
                            case 'f' -> sb.append('\f');
                            case '\'', '"', '\\', '%', '_' ->
                                sb.append(e == '%' || e == '_' ? "\\" + e : String.valueOf(e));
                            default ->
                                throw malformed(
                                        q,
                                        i + 1,
                                        "Invalid string literal '" + q.substring(start, Math.min(q.length(), i + 2))
                                                + "'. Illegal character sequence '\\" + e + "' in string literal.");
                        }
                        i += 2;
                    } else if (d == '\'') {
                        i++;
                        closed = true;
                        break;
                    } else {
                        sb.append(d);
                        i++;
                    }
                }
                if (!closed) {
                    throw malformed(q, start + 1, "unexpected token: <EOF>");
                }
                tokens.add(new Token(Kind.STRING, sb.toString(), start + 1));
            } else if (c == '!' || c == '<' || c == '>') {
                int start = i;
                i++;
                if (i < q.length() && (q.charAt(i) == '=' || (c == '<' && q.charAt(i) == '>'))) {
                    i++;
                }
                String sym = q.substring(start, i);
                if (sym.equals("!")) {
                    throw malformed(q, start + 1, "unexpected token: '!'");
                }
                tokens.add(new Token(Kind.SYMBOL, sym, start + 1));
            } else if ("=(),".indexOf(c) >= 0) {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i + 1));
                i++;
            } else {
                throw malformed(q, i + 1, "unexpected token: '" + c + "'");
            }
        }
        tokens.add(new Token(Kind.END, "<EOF>", q.length() + 1));
        return tokens;
    }

    static SoqlException malformed(String q, int column, String text) {
        return new SoqlException("MALFORMED_QUERY", located(q, column, text));
    }

    /** Salesforce prints the query, a caret under the column, then the message. */
    static String located(String q, int column, String text) {
        String line = q.replace('\n', ' ');
        return "\n" + line + "\n" + " ".repeat(Math.max(0, column - 1)) + "^\nERROR at Row:1:Column:" + column + "\n"
                + text;
    }

    // ---------------------------------------------------------------- parser

    private final String text;
    private final List<Token> tokens;
    private final List<FieldRef> filterFields = new ArrayList<>();
    private int pos;

    private SoqlParser(String text) {
        this.text = text;
        this.tokens = lex(text);
    }

    static Query parse(String text) {
        return new SoqlParser(text).query();
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private SoqlException unexpected(Token t) {
        return malformed(
                text, t.column(), "unexpected token: " + (t.kind() == Kind.END ? "<EOF>" : "'" + t.text() + "'"));
    }

    private void expect(String keyword) {
        Token t = next();
        if (!t.is(keyword)) {
            throw unexpected(t);
        }
    }

    private FieldRef field() {
        Token t = next();
        if (t.kind() != Kind.IDENT || isKeyword(t.text())) {
            throw unexpected(t);
        }
        return new FieldRef(t.text(), t.column());
    }

    private static boolean isKeyword(String s) {
        return switch (s.toUpperCase(Locale.ROOT)) {
            case "SELECT",
                    "FROM",
                    "WHERE",
                    "AND",
                    "OR",
                    "NOT",
                    "IN",
                    "LIKE",
                    "ORDER",
                    "BY",
                    "LIMIT",
                    "OFFSET",
                    "ASC",
                    "DESC",
                    "NULLS",
                    "GROUP",
                    "HAVING" -> true;
            default -> false;
        };
    }

    private Query query() {
        expect("SELECT");
        List<FieldRef> fields = new ArrayList<>();
        boolean count = false;
        if (peek().is("COUNT") && tokens.get(pos + 1).is("(")) {
            pos += 2;
            expect(")");
            count = true;
        } else {
            fields.add(field());
            while (peek().is(",")) {
                next();
                fields.add(field());
            }
        }
        expect("FROM");
        Token object = next();
        if (object.kind() != Kind.IDENT || isKeyword(object.text())) {
            throw unexpected(object);
        }
        Cond where = null;
        if (peek().is("WHERE")) {
            next();
            where = or();
        }
        List<Order> orderBy = new ArrayList<>();
        if (peek().is("ORDER")) {
            next();
            expect("BY");
            do {
                if (peek().is(",")) {
                    next();
                }
                FieldRef f = field();
                boolean desc = false;
                if (peek().is("ASC")) {
                    next();
                } else if (peek().is("DESC")) {
                    next();
                    desc = true;
                }
                boolean nullsLast = desc;
                if (peek().is("NULLS")) {
                    next();
                    Token t = next();
                    if (t.is("FIRST")) {
                        nullsLast = false;
                    } else if (t.is("LAST")) {
                        nullsLast = true;
                    } else {
                        throw unexpected(t);
                    }
                }
                orderBy.add(new Order(f, desc, nullsLast));
            } while (peek().is(","));
        }
        Integer limit = null;
        Integer offset = null;
        if (peek().is("LIMIT")) {
            next();
            limit = integer();
        }
        if (peek().is("OFFSET")) {
            next();
            offset = integer();
        }
        if (peek().kind() != Kind.END) {
            throw unexpected(peek());
        }
        return new Query(
                text,
                List.copyOf(fields),
                count,
                object.text(),
                object.column(),
                where,
                List.copyOf(orderBy),
                limit,
                offset,
                List.copyOf(filterFields));
    }

    private int integer() {
        Token t = next();
        if (t.kind() != Kind.LITERAL) {
            throw unexpected(t);
        }
        try {
            int n = Integer.parseInt(t.text());
            if (n < 0) {
                throw unexpected(t);
            }
            return n;
        } catch (NumberFormatException e) {
            throw unexpected(t);
        }
    }

    private Cond or() {
        Cond left = and();
        while (peek().is("OR")) {
            next();
            Cond l = left;
            Cond r = and();
            left = row -> l.test(row) || r.test(row);
        }
        return left;
    }

    private Cond and() {
        Cond left = unary();
        while (peek().is("AND")) {
            next();
            Cond l = left;
            Cond r = unary();
            left = row -> l.test(row) && r.test(row);
        }
        return left;
    }

    private Cond unary() {
        if (peek().is("NOT")) {
            next();
            Cond inner = unary();
            return row -> !inner.test(row);
        }
        if (peek().is("(")) {
            next();
            Cond inner = or();
            expect(")");
            return inner;
        }
        return comparison();
    }

    private Cond comparison() {
        FieldRef f = field();
        filterFields.add(f);
        Token op = next();
        if (op.is("IN") || (op.is("NOT") && peek().is("IN"))) {
            boolean negate = op.is("NOT");
            if (negate) {
                next();
            }
            expect("(");
            List<JsonNode> values = new ArrayList<>();
            values.add(literal());
            while (peek().is(",")) {
                next();
                values.add(literal());
            }
            expect(")");
            return row -> {
                JsonNode actual = row.apply(f);
                boolean in = values.stream().anyMatch(v -> equal(actual, v));
                return negate != in;
            };
        }
        if (op.is("LIKE")) {
            JsonNode v = literal();
            if (!v.isTextual()) {
                throw malformed(text, op.column(), "invalid LIKE pattern");
            }
            Pattern p = likePattern(v.asText());
            return row -> {
                JsonNode actual = row.apply(f);
                return actual != null
                        && !actual.isNull()
                        && p.matcher(actual.asText()).matches();
            };
        }
        if (op.kind() != Kind.SYMBOL
                || op.text().equals("(")
                || op.text().equals(")")
                || op.text().equals(",")) {
            throw unexpected(op);
        }
        JsonNode v = literal();
        String symbol = op.text();
        return row -> {
            JsonNode actual = row.apply(f);
            return switch (symbol) {
                case "=" -> equal(actual, v);
                case "!=", "<>" -> !equal(actual, v);
                default -> {
                    if (actual == null || actual.isNull() || v.isNull()) {
                        yield false;
                    }
                    int c = compare(actual, v);
                    yield switch (symbol) {
                        case "<" -> c < 0;
                        case "<=" -> c <= 0;
                        case ">" -> c > 0;
                        default -> c >= 0;
                    };
                }
            };
        };
    }

    private JsonNode literal() {
        Token t = next();
        var f = JsonNodeFactory.instance;
        return switch (t.kind()) {
            case STRING -> f.textNode(t.text());
            case LITERAL -> {
                try {
                    yield f.numberNode(new BigDecimal(t.text()));
                } catch (NumberFormatException e) {
                    if (instant(t.text()) != null) {
                        yield f.textNode(t.text());
                    }
                    throw unexpected(t);
                }
            }
            case IDENT -> {
                if (t.is("true")) {
                    yield f.booleanNode(true);
                }
                if (t.is("false")) {
                    yield f.booleanNode(false);
                }
                if (t.is("null")) {
                    yield f.nullNode();
                }
                throw unexpected(t);
            }
            default -> throw unexpected(t);
        };
    }

    private static Pattern likePattern(String like) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < like.length(); i++) {
            char c = like.charAt(i);
            if (c == '\\' && i + 1 < like.length()) {
                regex.append(Pattern.quote(String.valueOf(like.charAt(++i))));
            } else if (c == '%') {
                regex.append(".*");
            } else if (c == '_') {
                regex.append('.');
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
    }

    // ---------------------------------------------------------------- comparison

    static boolean equal(JsonNode actual, JsonNode literal) {
        boolean actualNull = actual == null
                || actual.isNull()
                || (actual.isTextual() && actual.asText().isEmpty());
        if (literal.isNull()) {
            return actualNull;
        }
        if (actualNull) {
            return false;
        }
        return compare(actual, literal) == 0;
    }

    /** Numbers numerically, dates and datetimes as instants, everything else as case-insensitive text. */
    static int compare(JsonNode a, JsonNode b) {
        if (a.isBoolean() || b.isBoolean()) {
            return Boolean.compare(a.asBoolean(), b.asText().equalsIgnoreCase("true"));
        }
        BigDecimal na = number(a);
        BigDecimal nb = number(b);
        if (na != null && nb != null) {
            return na.compareTo(nb);
        }
        Instant ia = instant(a.asText());
        Instant ib = instant(b.asText());
        if (ia != null && ib != null) {
            return ia.compareTo(ib);
        }
        return a.asText().toLowerCase(Locale.ROOT).compareTo(b.asText().toLowerCase(Locale.ROOT));
    }

    private static BigDecimal number(JsonNode n) {
        if (n.isNumber()) {
            return n.decimalValue();
        }
        return null;
    }

    private static final DateTimeFormatter SF_DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss[.SSS]XX");

    /** A Salesforce date or datetime ({@code 2025-03-01}, {@code …T09:00:00Z}, {@code …T09:00:00.000+0000}); null otherwise. */
    static Instant instant(String s) {
        if (s == null || s.length() < 10 || !Character.isDigit(s.charAt(0))) {
            return null;
        }
        try {
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
        } catch (RuntimeException e) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (RuntimeException ignored) {
            // +0000 form
        }
        try {
            return OffsetDateTime.parse(s, SF_DATETIME).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
