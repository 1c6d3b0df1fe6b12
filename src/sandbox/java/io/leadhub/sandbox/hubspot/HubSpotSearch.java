package io.leadhub.sandbox.hubspot;

import static io.leadhub.sandbox.hubspot.HubSpotCrm.MAX_SEARCH_LIMIT;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.V;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.badRequest;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.requestedProperties;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.view;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.SimRecord;
import io.leadhub.sandbox.SimulatorStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Object search: filter groups (EQ, NEQ, IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY), the email index, paging. */
final class HubSpotSearch {

    private final HubSpotRecords records;
    private final HubSpotCatalog catalog;
    private final SimulatorStore store;

    HubSpotSearch(HubSpotSimulator simulator, HubSpotCatalog catalog, HubSpotRecords records) {
        this.store = simulator.store();
        this.catalog = catalog;
        this.records = records;
    }

    public ObjectNode search(String object, JsonNode body) {
        int limit = body.path("limit").asInt(10);
        if (limit > MAX_SEARCH_LIMIT || limit < 0) {
            throw badRequest("limit must be between 0 and " + MAX_SEARCH_LIMIT + ", got " + limit, null);
        }
        if (limit == 0) {
            limit = 10;
        }
        int after = 0;
        if (body.hasNonNull("after") && !body.get("after").asText().isEmpty()) {
            try {
                after = Integer.parseInt(body.get("after").asText());
            } catch (NumberFormatException e) {
                throw badRequest("after must be a paging cursor from a previous answer", null);
            }
        }
        JsonNode groups = body.path("filterGroups");
        if (groups.size() > 5) {
            throw badRequest("Too many filter groups: " + groups.size() + " (at most 5)", null);
        }
        List<List<JsonNode>> parsed = new ArrayList<>();
        for (JsonNode g : groups) {
            List<JsonNode> filters = new ArrayList<>();
            g.path("filters").forEach(filters::add);
            if (filters.size() > 6) {
                throw badRequest("Too many filters in a group: " + filters.size() + " (at most 6)", null);
            }
            for (JsonNode f : filters) {
                checkFilter(object, f);
            }
            parsed.add(filters);
        }
        Map<String, SimRecord> matches = new LinkedHashMap<>();
        List<SimRecord> all = null;
        if (parsed.isEmpty()) {
            all = store.list(V, object);
            all.forEach(r -> matches.put(r.id(), r));
        }
        for (List<JsonNode> filters : parsed) {
            List<SimRecord> candidates = emailCandidates(object, filters);
            if (candidates == null) {
                if (all == null) {
                    all = store.list(V, object);
                }
                candidates = all;
            }
            for (SimRecord r : candidates) {
                if (filters.stream().allMatch(f -> matches(r, f))) {
                    matches.put(r.id(), r);
                }
            }
        }
        List<SimRecord> sorted = matches.values().stream()
                .sorted((a, b) -> Long.compare(Long.parseLong(a.id()), Long.parseLong(b.id())))
                .toList();
        List<String> requested = requestedProperties(body.get("properties"), object);
        ObjectNode out = SandboxJson.object();
        out.put("total", sorted.size());
        ArrayNode results = out.putArray("results");
        int end = Math.min(sorted.size(), after + limit);
        for (int i = after; i < end; i++) {
            results.add(view(sorted.get(i), requested));
        }
        if (end < sorted.size()) {
            out.putObject("paging").putObject("next").put("after", String.valueOf(end));
        }
        return out;
    }

    void checkFilter(String object, JsonNode f) {
        String name = f.path("propertyName").asText("");
        String op = f.path("operator").asText("");
        if (!name.equals("hs_object_id") && catalog.property(object, name).isEmpty()) {
            throw badRequest("Property \"" + name + "\" does not exist", null);
        }
        switch (op) {
            case "EQ", "NEQ" -> {
                if (!f.has("value")) {
                    throw badRequest("Filter " + op + " on " + name + " needs a value", null);
                }
            }
            case "IN", "NOT_IN" -> {
                if (!f.path("values").isArray()) {
                    throw badRequest("Filter " + op + " on " + name + " needs values", null);
                }
            }
            case "HAS_PROPERTY", "NOT_HAS_PROPERTY" -> {
                // no value
            }
            default ->
                throw badRequest(
                        "Unsupported operator \"" + op + "\" (the sandbox supports EQ, NEQ, IN, NOT_IN, "
                                + "HAS_PROPERTY, NOT_HAS_PROPERTY)",
                        null);
        }
    }

    /** Index lookup for email EQ / IN filters on contacts; null when a full scan is needed. */
    List<SimRecord> emailCandidates(String object, List<JsonNode> filters) {
        if (!object.equals("contacts")) {
            return null;
        }
        for (JsonNode f : filters) {
            if (!f.path("propertyName").asText().equals("email")) {
                continue;
            }
            String op = f.path("operator").asText();
            List<String> values = new ArrayList<>();
            if (op.equals("EQ")) {
                values.add(f.get("value").asText());
            } else if (op.equals("IN")) {
                f.get("values").forEach(v -> values.add(v.asText()));
            } else {
                continue;
            }
            List<SimRecord> found = new ArrayList<>();
            for (String v : values) {
                records.findContactByEmail(v).ifPresent(found::add);
            }
            return found;
        }
        return null;
    }

    static boolean matches(SimRecord r, JsonNode f) {
        String name = f.path("propertyName").asText();
        String actual = name.equals("hs_object_id")
                ? r.id()
                : r.data().path("properties").path(name).asText(null);
        String op = f.path("operator").asText();
        return switch (op) {
            case "EQ" -> equalsValue(actual, f.get("value").asText());
            case "NEQ" -> !equalsValue(actual, f.get("value").asText());
            case "IN" -> anyEquals(actual, f.get("values"));
            case "NOT_IN" -> !anyEquals(actual, f.get("values"));
            case "HAS_PROPERTY" -> actual != null;
            case "NOT_HAS_PROPERTY" -> actual == null;
            default -> false;
        };
    }

    static boolean anyEquals(String actual, JsonNode values) {
        for (JsonNode v : values) {
            if (equalsValue(actual, v.asText())) {
                return true;
            }
        }
        return false;
    }

    static boolean equalsValue(String actual, String expected) {
        return actual != null && actual.trim().equalsIgnoreCase(expected.trim());
    }
}
