package io.leadhub.sandbox.zoho;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leadhub.sandbox.SandboxJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;

/**
 * The simulated org's field metadata per module, loaded from {@code mappings/catalogs/zoho.yaml}:
 * what {@code GET /crm/v8/settings/fields} answers and what every write is checked against.
 */
public final class ZohoCatalog {

    public static final String RESOURCE = "mappings/catalogs/zoho.yaml";
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final Pattern PHONE = Pattern.compile("^[0-9+().\\-\\s xX]*$");

    /** One field of a module. */
    public record Field(
            String apiName,
            String dataType,
            Integer length,
            boolean mandatory,
            boolean readOnly,
            boolean unique,
            List<String> pickListValues) {
        boolean picklist() {
            return dataType.equals("picklist") || dataType.equals("multiselectpicklist");
        }
    }

    /** Why Zoho refuses a value: the per-record error code, message and details. */
    public record Problem(String code, String message, ObjectNode details) {}

    private final Map<String, Map<String, Field>> modules = new LinkedHashMap<>();

    public ZohoCatalog() {
        try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            root.fields().forEachRemaining(module -> {
                Map<String, Field> fields = new LinkedHashMap<>();
                for (JsonNode f : module.getValue()) {
                    List<String> values = new ArrayList<>();
                    f.path("pick_list_values").forEach(v -> values.add(v.asText()));
                    fields.put(
                            f.path("api_name").asText(),
                            new Field(
                                    f.path("api_name").asText(),
                                    f.path("data_type").asText("text"),
                                    f.hasNonNull("length") ? f.get("length").asInt() : null,
                                    f.path("system_mandatory").asBoolean(false),
                                    f.path("read_only").asBoolean(false),
                                    f.path("unique").asBoolean(false),
                                    List.copyOf(values)));
                }
                modules.put(module.getKey(), fields);
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public boolean hasModule(String module) {
        return modules.containsKey(module);
    }

    public Map<String, Field> fields(String module) {
        return modules.getOrDefault(module, Map.of());
    }

    /** The module's system duplicate-check field (Email for Leads and Contacts, Account_Name for Accounts). */
    public String uniqueField(String module) {
        return fields(module).values().stream()
                .filter(Field::unique)
                .map(Field::apiName)
                .findFirst()
                .orElse(null);
    }

    /** {@code GET /crm/v8/settings/fields?module=} answer. */
    public ObjectNode fieldsJson(String module) {
        ObjectNode out = SandboxJson.object();
        ArrayNode list = out.putArray("fields");
        int n = 0;
        for (Field f : fields(module).values()) {
            ObjectNode j = list.addObject();
            j.put("api_name", f.apiName());
            j.put("id", "5725767000000" + (200001 + n++));
            j.put("field_label", f.apiName().replace('_', ' '));
            j.put("data_type", f.dataType());
            if (f.length() != null) j.put("length", f.length());
            j.put("system_mandatory", f.mandatory());
            j.put("read_only", f.readOnly());
            j.put("custom_field", f.apiName().startsWith("Leadhub_"));
            j.putObject("unique").put("casesensitive", f.unique() ? "false" : "");
            ArrayNode values = j.putArray("pick_list_values");
            for (String v : f.pickListValues()) {
                values.addObject()
                        .put("display_value", v)
                        .put("actual_value", v)
                        .put("reference_value", v);
            }
            j.put("enable_colour_code", false);
        }
        return out;
    }

    /** The problem with writing {@code value} to {@code apiName} of {@code module}; empty when Zoho takes it. */
    public Optional<Problem> check(String module, String apiName, JsonNode value, String jsonPath) {
        Field f = fields(module).get(apiName);
        if (f == null) {
            return Optional.of(new Problem("INVALID_DATA", "invalid data", details(apiName, jsonPath)));
        }
        if (f.readOnly()) {
            ObjectNode d = details(apiName, jsonPath);
            d.putArray("permissions").add("read_only");
            return Optional.of(new Problem("NO_PERMISSION", "permission denied to update " + apiName, d));
        }
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        switch (f.dataType()) {
            case "multiselectpicklist" -> {
                if (!value.isArray()) return Optional.of(typeProblem(f, jsonPath, "jsonarray"));
                for (JsonNode v : value) {
                    if (!f.pickListValues().contains(v.asText())) return Optional.of(picklistProblem(f, jsonPath));
                }
                return Optional.empty();
            }
            case "picklist" -> {
                return value.isTextual() && f.pickListValues().contains(value.asText())
                        ? Optional.empty()
                        : Optional.of(picklistProblem(f, jsonPath));
            }
            case "integer" -> {
                return value.isIntegralNumber() || value.asText().matches("-?\\d{1,9}")
                        ? Optional.empty()
                        : Optional.of(typeProblem(f, jsonPath, "integer"));
            }
            case "boolean" -> {
                return value.isBoolean() ? Optional.empty() : Optional.of(typeProblem(f, jsonPath, "boolean"));
            }
            case "lookup" -> {
                return value.isObject() && value.hasNonNull("id")
                        ? Optional.empty()
                        : Optional.of(typeProblem(f, jsonPath, "jsonobject"));
            }
            case "datetime" -> {
                try {
                    OffsetDateTime.parse(value.asText());
                    return Optional.empty();
                } catch (DateTimeParseException e) {
                    return Optional.of(typeProblem(f, jsonPath, "datetime"));
                }
            }
            default -> {
                if (!value.isTextual() && !value.isNumber()) return Optional.of(typeProblem(f, jsonPath, "text"));
                String text = value.asText();
                if (f.length() != null && text.length() > f.length()) {
                    ObjectNode d = details(apiName, jsonPath);
                    d.put("maximum_length", f.length());
                    return Optional.of(new Problem("INVALID_DATA", "invalid data", d));
                }
                if (f.dataType().equals("email")
                        && !text.isEmpty()
                        && !EMAIL.matcher(text).matches()) {
                    return Optional.of(typeProblem(f, jsonPath, "email"));
                }
                if (f.dataType().equals("phone") && !PHONE.matcher(text).matches()) {
                    return Optional.of(typeProblem(f, jsonPath, "phone"));
                }
                return Optional.empty();
            }
        }
    }

    static ObjectNode details(String apiName, String jsonPath) {
        ObjectNode d = SandboxJson.object();
        d.put("api_name", apiName);
        d.put("json_path", jsonPath);
        return d;
    }

    private static Problem typeProblem(Field f, String jsonPath, String expected) {
        ObjectNode d = details(f.apiName(), jsonPath);
        d.put("expected_data_type", expected);
        return new Problem("INVALID_DATA", "invalid data", d);
    }

    private static Problem picklistProblem(Field f, String jsonPath) {
        ObjectNode d = details(f.apiName(), jsonPath);
        ArrayNode supported = d.putArray("supported_values");
        f.pickListValues().forEach(supported::add);
        return new Problem("INVALID_DATA", "invalid data", d);
    }
}
