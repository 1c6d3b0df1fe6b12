package io.leadhub.sandbox.pardot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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

/** The simulated business unit's prospect fields, read from {@code mappings/catalogs/pardot.yaml}. */
final class PardotCatalog {
    static final String RESOURCE = "mappings/catalogs/pardot.yaml";
    static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    record Field(String name, String type, Integer maxLength, List<String> options, boolean readOnly) {}

    /** One refused value: the v5 error code and message. */
    record Violation(int code, String message) {}

    private final Map<String, Field> fields;

    PardotCatalog() {
        try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            Map<String, Field> out = new LinkedHashMap<>();
            for (JsonNode f : root.path("prospect")) {
                List<String> options = new ArrayList<>();
                f.path("options").forEach(o -> options.add(o.asText()));
                out.put(
                        f.path("name").asText(),
                        new Field(
                                f.path("name").asText(),
                                f.path("type").asText(),
                                f.hasNonNull("maxLength") ? f.get("maxLength").asInt() : null,
                                List.copyOf(options),
                                f.path("readOnly").asBoolean(false)));
            }
            this.fields = out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    Optional<Field> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    List<String> names() {
        return List.copyOf(fields.keySet());
    }

    /** The first problem with a written field, or empty. */
    Optional<Violation> check(String name, JsonNode value) {
        Field f = fields.get(name);
        if (f == null)
            return Optional.of(new Violation(
                    PardotSimulator.CODE_UNKNOWN_FIELD, "Invalid field: " + name + " is not a prospect field"));
        if (f.readOnly())
            return Optional.of(new Violation(PardotSimulator.CODE_INVALID_VALUE, "Field " + name + " is read-only"));
        if (value == null || value.isNull()) return Optional.empty();
        String text = value.asText();
        if (f.maxLength() != null && text.length() > f.maxLength()) {
            return Optional.of(new Violation(
                    PardotSimulator.CODE_INVALID_VALUE,
                    "Value for " + name + " is too long (max " + f.maxLength() + " characters)"));
        }
        switch (f.type()) {
            case "email" -> {
                if (!EMAIL.matcher(text).matches()) {
                    return Optional.of(
                            new Violation(PardotSimulator.CODE_INVALID_EMAIL, "Invalid prospect email address"));
                }
            }
            case "number" -> {
                if (!value.isNumber() && !text.matches("-?\\d+(\\.\\d+)?")) {
                    return Optional.of(new Violation(
                            PardotSimulator.CODE_INVALID_VALUE, "Invalid value for " + name + ": not a number"));
                }
            }
            case "datetime" -> {
                try {
                    OffsetDateTime.parse(text);
                } catch (DateTimeParseException e) {
                    return Optional.of(new Violation(
                            PardotSimulator.CODE_INVALID_VALUE,
                            "Invalid value for " + name + ": expected an ISO 8601 date-time"));
                }
            }
            case "dropdown" -> {
                if (!f.options().contains(text)) {
                    return Optional.of(new Violation(
                            PardotSimulator.CODE_INVALID_VALUE,
                            "Invalid value for " + name + ": '" + text + "' is not one of " + f.options()));
                }
            }
            default -> {}
        }
        return Optional.empty();
    }
}
