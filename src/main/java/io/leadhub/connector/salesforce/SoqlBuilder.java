package io.leadhub.connector.salesforce;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Builds SOQL with quoted literals, and splits long {@code IN (...)} lookups into queries that fit
 * one request URI (the budget comes from {@link SalesforceLimits}, measured on the encoded query).
 */
final class SoqlBuilder {
    private SoqlBuilder() {}

    /** A string literal: backslashes and single quotes escaped, as SOQL requires. */
    static String quote(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /** How long the query is once URL-encoded the way camel-salesforce sends it (%20 for spaces). */
    static int encodedLength(String soql) {
        return SalesforceLimits.encodedLength(soql);
    }

    /**
     * {@code SELECT <select> FROM <object> WHERE f1 IN (...) OR f2 IN (...) [AND <and>]}, split into as
     * few queries as fit {@code maxEncoded} characters each. {@code lookups}: field -> values (empty
     * values are skipped; duplicates removed). Answers no query when there is nothing to look up.
     */
    static List<String> lookups(
            String select,
            String object,
            Map<String, ? extends Collection<String>> lookups,
            String and,
            int maxEncoded) {
        List<String> queries = new ArrayList<>();
        Map<String, Set<String>> current = new LinkedHashMap<>();
        for (var e : lookups.entrySet()) {
            for (String v : e.getValue()) {
                if (v == null || v.isBlank()) continue;
                Set<String> values = current.computeIfAbsent(e.getKey(), k -> new LinkedHashSet<>());
                if (!values.add(v)) continue;
                if (values.size() > 1 && encodedLength(build(select, object, current, and)) > maxEncoded) {
                    values.remove(v);
                    queries.add(build(select, object, current, and));
                    current = new LinkedHashMap<>();
                    current.computeIfAbsent(e.getKey(), k -> new LinkedHashSet<>())
                            .add(v);
                }
            }
        }
        if (current.values().stream().anyMatch(s -> !s.isEmpty())) queries.add(build(select, object, current, and));
        return queries;
    }

    private static String build(String select, String object, Map<String, Set<String>> lookups, String and) {
        String where = lookups.entrySet().stream()
                .filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + " IN ("
                        + e.getValue().stream().map(SoqlBuilder::quote).collect(Collectors.joining(",")) + ")")
                .collect(Collectors.joining(" OR "));
        if (and != null) where = "(" + where + ") AND " + and;
        return "SELECT " + select + " FROM " + object + " WHERE " + where;
    }
}
