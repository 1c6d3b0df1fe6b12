package io.leadhub.sandbox.hubspot;

import static io.leadhub.sandbox.hubspot.HubSpotRecords.badRequest;
import static io.leadhub.sandbox.hubspot.HubSpotRecords.propertyErrors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadhub.sandbox.SandboxJson;
import io.leadhub.sandbox.hubspot.HubSpotCatalog.Property;
import io.leadhub.sandbox.hubspot.HubSpotCatalog.Violation;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Property validation: the batch input checks HubSpot runs before anything is written, the
 * catalog's checks of property values, and the stored form of a value (normalized emails,
 * numbers, dates, multi-select lists).
 */
final class HubSpotPropertyValidation {

    private static final Pattern EMAIL = Pattern.compile(
            "^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
                    + "@[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.[A-Za-z]{2,63}$");

    private final HubSpotCatalog catalog;

    HubSpotPropertyValidation(HubSpotCatalog catalog) {
        this.catalog = catalog;
    }

    static List<JsonNode> inputs(JsonNode body, int max) {
        if (body == null || !body.path("inputs").isArray()) {
            throw badRequest("Invalid input JSON on line 1: \"inputs\" must be an array", null);
        }
        List<JsonNode> list = new ArrayList<>();
        body.get("inputs").forEach(list::add);
        if (list.size() > max) {
            throw badRequest(
                    "Batch input size " + list.size() + " exceeds the maximum of " + max + " inputs per request", null);
        }
        for (JsonNode in : list) {
            if (!in.isObject()) {
                throw badRequest("Invalid input JSON: every input must be an object", null);
            }
        }
        return list;
    }

    static void requireProperties(JsonNode input, int index) {
        if (!input.path("properties").isObject()) {
            throw badRequest(
                    "Invalid input JSON: inputs[" + index + "].properties is required and must be an object", null);
        }
    }

    static String requireId(JsonNode input, int index) {
        JsonNode id = input.get("id");
        if (id == null || id.isNull() || id.isContainerNode() || id.asText().isBlank()) {
            throw badRequest("Invalid input JSON: inputs[" + index + "].id is required", null);
        }
        return id.asText();
    }

    static void rejectDuplicates(List<String> ids) {
        Set<String> seen = new HashSet<>();
        Set<String> dups = new LinkedHashSet<>();
        for (String id : ids) {
            if (!seen.add(id)) {
                dups.add(id);
            }
        }
        if (!dups.isEmpty()) {
            throw badRequest("Duplicate IDs found in batch input: " + dups, null);
        }
    }

    void validateProperties(String object, List<JsonNode> propertyNodes) {
        List<Violation> all = new ArrayList<>();
        for (JsonNode p : propertyNodes) {
            all.addAll(catalog.validate(object, p));
        }
        if (!all.isEmpty()) {
            throw propertyErrors(all);
        }
    }

    static String normalizeEmail(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    static boolean validEmail(String email) {
        return email != null && email.length() <= 254 && EMAIL.matcher(email).matches();
    }

    /** Stored form of a property value; null = clear. */
    String storedValue(String object, String name, JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.asText();
        if (s.isEmpty()) {
            return null;
        }
        Property p = catalog.property(object, name).orElse(null);
        if (p == null) {
            return s;
        }
        if (name.equals("email")) {
            return normalizeEmail(s);
        }
        if (p.multiSelect()) {
            return Arrays.stream(s.split(";"))
                    .map(String::trim)
                    .filter(x -> !x.isEmpty())
                    .collect(Collectors.joining(";"));
        }
        return switch (p.type()) {
            case "number" -> new BigDecimal(s.trim()).stripTrailingZeros().toPlainString();
            case "bool" -> s.trim().toLowerCase(Locale.ROOT);
            case "datetime" -> SandboxJson.iso(HubSpotCatalog.parseDateTime(s));
            case "date" -> HubSpotCatalog.parseDate(s).toString();
            default -> s;
        };
    }

    /** Merges input properties into stored ones (null / "" removes). */
    ObjectNode merge(String object, ObjectNode stored, JsonNode input) {
        ObjectNode merged = stored == null ? SandboxJson.object() : stored.deepCopy();
        input.fields().forEachRemaining(e -> {
            String value = storedValue(object, e.getKey(), e.getValue());
            if (value == null) {
                merged.remove(e.getKey());
            } else {
                merged.put(e.getKey(), value);
            }
        });
        return merged;
    }
}
