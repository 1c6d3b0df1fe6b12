package io.leadhub.sandbox.pipedrive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leadhub.sandbox.SandboxJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.core.io.ClassPathResource;

/** The simulated account's person and organization fields, read from {@code mappings/catalogs/pipedrive.yaml}. */
final class PipedriveCatalog {
    static final String RESOURCE = "mappings/catalogs/pipedrive.yaml";

    record Custom(String key, String name, String type, Integer maxLength, Map<String, String> options) {}

    private final Map<String, Set<String>> standard = new LinkedHashMap<>();
    private final Map<String, Map<String, Custom>> custom = new LinkedHashMap<>();

    PipedriveCatalog() {
        try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            root.fieldNames().forEachRemaining(object -> {
                JsonNode o = root.get(object);
                Set<String> std = new LinkedHashSet<>();
                o.path("standard").forEach(s -> std.add(s.asText()));
                standard.put(object, std);
                Map<String, Custom> fields = new LinkedHashMap<>();
                for (JsonNode f : o.path("custom")) {
                    Map<String, String> options = new LinkedHashMap<>();
                    f.path("options")
                            .fields()
                            .forEachRemaining(
                                    e -> options.put(e.getKey(), e.getValue().asText()));
                    fields.put(
                            f.path("key").asText(),
                            new Custom(
                                    f.path("key").asText(),
                                    f.path("name").asText(),
                                    f.path("type").asText(),
                                    f.hasNonNull("maxLength")
                                            ? f.get("maxLength").asInt()
                                            : null,
                                    options));
                }
                custom.put(object, fields);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /**
     * {@code GET /v1/personFields} / {@code /v1/organizationFields}: the object's fields as Pipedrive
     * lists them (v1 keys: a person's emails and phones are the fields {@code email} and {@code phone};
     * custom fields by their 40-character key, enum options as {@code {id, label}}).
     */
    ObjectNode fieldsView(String object) {
        ObjectNode out = SandboxJson.object().put("success", true);
        ArrayNode data = out.putArray("data");
        int id = 1;
        for (String key : standard.getOrDefault(object, Set.of())) {
            String v1 = switch (key) {
                case "emails" -> "email";
                case "phones" -> "phone";
                default -> key;
            };
            data.addObject()
                    .put("id", id++)
                    .put("key", v1)
                    .put("name", v1)
                    .put("field_type", key.endsWith("_id") ? "int" : "varchar")
                    .put("edit_flag", false)
                    .put("mandatory_flag", "name".equals(v1));
        }
        for (Custom c : custom.getOrDefault(object, Map.of()).values()) {
            ObjectNode f = data.addObject()
                    .put("id", id++)
                    .put("key", c.key())
                    .put("name", c.name())
                    .put("field_type", c.type())
                    .put("edit_flag", true)
                    .put("mandatory_flag", false);
            if (c.maxLength() != null) f.put("max_length", c.maxLength());
            if (!c.options().isEmpty()) {
                ArrayNode options = f.putArray("options");
                c.options()
                        .forEach((optionId, label) -> options.addObject()
                                .put("id", Integer.parseInt(optionId))
                                .put("label", label));
            }
        }
        out.putObject("additional_data").putObject("pagination").put("more_items_in_collection", false);
        return out;
    }

    boolean isStandard(String object, String field) {
        return standard.getOrDefault(object, Set.of()).contains(field);
    }

    Optional<Custom> custom(String object, String key) {
        return Optional.ofNullable(custom.getOrDefault(object, Map.of()).get(key));
    }

    /** The first problem with a custom field value (Pipedrive answers it as a 400), or empty. */
    Optional<String> checkCustom(String object, String key, JsonNode value) {
        Optional<Custom> field = custom(object, key);
        if (field.isEmpty()) return Optional.of("Custom field with key '" + key + "' does not exist");
        if (value == null || value.isNull()) return Optional.empty();
        Custom f = field.get();
        if (f.type().equals("enum")) {
            if (!f.options().containsKey(value.asText())) {
                return Optional.of("Option with ID " + value.asText() + " does not exist for field '" + f.name() + "'");
            }
            return Optional.empty();
        }
        if (!value.isValueNode()) return Optional.of("Invalid value for field '" + f.name() + "': expected a string");
        if (f.maxLength() != null && value.asText().length() > f.maxLength()) {
            return Optional.of("Value of field '" + f.name() + "' is too long: maximum length is " + f.maxLength()
                    + " characters");
        }
        return Optional.empty();
    }
}
