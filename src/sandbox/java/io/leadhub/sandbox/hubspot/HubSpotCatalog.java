package io.leadhub.sandbox.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leadhub.sandbox.SandboxJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Profile;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/** The simulated portal's properties, loaded from {@code mappings/catalogs/hubspot.yaml} on the classpath. */
@Component
@Profile("sandbox")
public class HubSpotCatalog {

    public static final String RESOURCE = "mappings/catalogs/hubspot.yaml";
    static final int DEFAULT_STRING_MAX = 65_536;

    /** One property definition. */
    public record Property(
            String object,
            String name,
            String label,
            String type,
            String fieldType,
            String groupName,
            String description,
            List<Option> options,
            Integer maxLength,
            boolean unique,
            boolean readOnly,
            boolean required) {

        public boolean multiSelect() {
            return "enumeration".equals(type) && "checkbox".equals(fieldType);
        }

        public ObjectNode toJson() {
            ObjectNode n = SandboxJson.object();
            n.put("name", name);
            n.put("label", label);
            n.put("type", type);
            n.put("fieldType", fieldType);
            n.put("description", description == null ? "" : description);
            n.put("groupName", groupName == null ? "" : groupName);
            ArrayNode opts = n.putArray("options");
            for (int i = 0; i < options.size(); i++) {
                Option o = options.get(i);
                opts.addObject()
                        .put("label", o.label())
                        .put("value", o.value())
                        .put("displayOrder", i)
                        .put("hidden", false);
            }
            n.put("hasUniqueValue", unique);
            n.put("hidden", false);
            n.put("formField", !readOnly);
            n.put("calculated", false);
            n.put("externalOptions", false);
            n.putObject("modificationMetadata")
                    .put("archivable", !readOnly)
                    .put("readOnlyDefinition", true)
                    .put("readOnlyValue", readOnly);
            n.put("archived", false);
            return n;
        }
    }

    public record Option(String label, String value) {}

    /** One invalid property value: code, message and property name. */
    public record Violation(String code, String message, String propertyName) {}

    private final Map<String, Map<String, Property>> objects;

    @Autowired
    public HubSpotCatalog() {
        this(RESOURCE);
    }

    public HubSpotCatalog(String classpathResource) {
        try (InputStream in = new ClassPathResource(classpathResource).getInputStream()) {
            this.objects = parse(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read HubSpot catalog " + classpathResource, e);
        }
    }

    private static Map<String, Map<String, Property>> parse(JsonNode root) {
        Map<String, Map<String, Property>> result = new LinkedHashMap<>();
        root.fields().forEachRemaining(entry -> {
            Map<String, Property> props = new LinkedHashMap<>();
            for (JsonNode p : entry.getValue()) {
                String name = required(p, "name", entry.getKey());
                List<Option> options = new ArrayList<>();
                for (JsonNode o : p.path("options")) {
                    String value = o.path("value").asText();
                    options.add(new Option(o.path("label").asText(value), value));
                }
                props.put(
                        name,
                        new Property(
                                entry.getKey(),
                                name,
                                p.path("label").asText(name),
                                required(p, "type", name),
                                required(p, "fieldType", name),
                                p.path("groupName").asText(null),
                                p.path("description").asText(null),
                                List.copyOf(options),
                                p.hasNonNull("maxLength") ? p.get("maxLength").asInt() : null,
                                p.path("unique").asBoolean(false),
                                p.path("readOnly").asBoolean(false),
                                p.path("required").asBoolean(false)));
            }
            result.put(entry.getKey(), Collections.unmodifiableMap(props));
        });
        return Collections.unmodifiableMap(result);
    }

    private static String required(JsonNode p, String field, String where) {
        if (!p.hasNonNull(field)) {
            throw new IllegalStateException("HubSpot catalog: " + field + " missing at " + where);
        }
        return p.get(field).asText();
    }

    public boolean hasObject(String object) {
        return objects.containsKey(object);
    }

    public Map<String, Property> properties(String object) {
        return objects.getOrDefault(object, Map.of());
    }

    public Optional<Property> property(String object, String name) {
        return Optional.ofNullable(properties(object).get(name));
    }

    /**
     * Checks every property value of one input; answers the violations (empty = valid). A null or
     * empty value clears the property and is always accepted for writable properties.
     */
    public List<Violation> validate(String object, JsonNode properties) {
        List<Violation> violations = new ArrayList<>();
        if (properties == null || !properties.isObject()) {
            return violations;
        }
        properties.fields().forEachRemaining(e -> {
            String name = e.getKey();
            Property p = properties(object).get(name);
            if (p == null) {
                violations.add(
                        new Violation("PROPERTY_DOESNT_EXIST", "Property \"" + name + "\" does not exist", name));
                return;
            }
            if (p.readOnly()) {
                violations.add(new Violation(
                        "READ_ONLY_VALUE",
                        "Property \"" + name + "\" is a read only property; its value cannot be set.",
                        name));
                return;
            }
            JsonNode v = e.getValue();
            if (v == null || v.isNull()) {
                return;
            }
            if (v.isContainerNode()) {
                violations.add(new Violation(
                        "INVALID_" + p.type().toUpperCase(), v + " is not a valid value for " + name, name));
                return;
            }
            String value = v.asText();
            if (value.isEmpty()) {
                return;
            }
            Violation violation = checkValue(p, value);
            if (violation != null) {
                violations.add(violation);
            }
        });
        return violations;
    }

    private static Violation checkValue(Property p, String value) {
        String name = p.name();
        switch (p.type()) {
            case "enumeration" -> {
                List<String> allowed = p.options().stream().map(Option::value).toList();
                List<String> values = p.multiSelect()
                        ? Arrays.stream(value.split(";"))
                                .map(String::trim)
                                .filter(s -> !s.isEmpty())
                                .toList()
                        : List.of(value);
                for (String one : values) {
                    if (!allowed.contains(one)) {
                        return new Violation(
                                "INVALID_OPTION", one + " was not one of the allowed options: " + allowed, name);
                    }
                }
            }
            case "number" -> {
                try {
                    new BigDecimal(value.trim());
                } catch (NumberFormatException ex) {
                    return new Violation("INVALID_LONG", value + " was not a valid number.", name);
                }
            }
            case "bool" -> {
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    return new Violation("INVALID_BOOLEAN", value + " was not a valid boolean (true or false).", name);
                }
            }
            case "date" -> {
                if (parseDate(value) == null) {
                    return new Violation(
                            "INVALID_DATE",
                            value + " is not a valid date: send yyyy-MM-dd or epoch milliseconds at midnight UTC.",
                            name);
                }
            }
            case "datetime" -> {
                if (parseDateTime(value) == null) {
                    return new Violation(
                            "INVALID_DATETIME",
                            value + " is not a valid datetime: send epoch milliseconds or ISO-8601 UTC.",
                            name);
                }
            }
            default -> {
                // string, phone_number
            }
        }
        int max = p.maxLength() != null ? p.maxLength() : DEFAULT_STRING_MAX;
        if (value.length() > max) {
            return new Violation(
                    "VALUE_TOO_LONG",
                    "Property \"" + name + "\" value is " + value.length() + " characters long; the maximum is " + max
                            + ".",
                    name);
        }
        return null;
    }

    static LocalDate parseDate(String value) {
        try {
            return LocalDate.parse(value.trim());
        } catch (RuntimeException ignored) {
            // try epoch millis
        }
        try {
            long ms = Long.parseLong(value.trim());
            return ms % 86_400_000L == 0
                    ? Instant.ofEpochMilli(ms).atZone(ZoneOffset.UTC).toLocalDate()
                    : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Epoch millis or ISO-8601 (instant, offset date-time, or date = midnight UTC); null when invalid. */
    public static Instant parseDateTime(String value) {
        String v = value.trim();
        try {
            return Instant.ofEpochMilli(Long.parseLong(v));
        } catch (NumberFormatException ignored) {
            // ISO forms
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (RuntimeException ignored) {
            // date only
        }
        try {
            return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
