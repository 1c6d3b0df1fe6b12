package io.leadhub.sandbox.marketo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Profile;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/** The simulated instance's lead fields, loaded from {@code mappings/catalogs/marketo.yaml} on the classpath. */
@Component
@Profile("sandbox")
public class MarketoCatalog {

    public static final String RESOURCE = "mappings/catalogs/marketo.yaml";
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");
    private static final int TEXT_MAX = 65_535;

    /** One lead field. */
    public record Field(String name, String dataType, Integer length, boolean readOnly) {}

    /** A per-record reason: Marketo code and message. */
    public record Reason(String code, String message) {}

    private final Map<String, Field> fields = new LinkedHashMap<>();

    public MarketoCatalog() {
        try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
            for (JsonNode f : root.path("lead")) {
                fields.put(
                        f.path("name").asText(),
                        new Field(
                                f.path("name").asText(),
                                f.path("dataType").asText("string"),
                                f.hasNonNull("length") ? f.get("length").asInt() : null,
                                f.path("readOnly").asBoolean(false)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    public Optional<Field> field(String name) {
        return Optional.ofNullable(fields.get(name));
    }

    public Map<String, Field> fields() {
        return fields;
    }

    /** Why Marketo would skip a record carrying {@code value} for {@code name}; empty when it is accepted. */
    public Optional<Reason> check(String name, JsonNode value) {
        Field f = fields.get(name);
        if (f == null) {
            return Optional.of(new Reason("1006", "Field '" + name + "' not found"));
        }
        if (f.readOnly()) {
            return Optional.of(new Reason("1003", "Field '" + name + "' is not updateable"));
        }
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        String text = value.asText();
        boolean ok = switch (f.dataType()) {
            case "email" -> text.isEmpty() || EMAIL.matcher(text).matches();
            case "integer" -> value.canConvertToLong() && value.isIntegralNumber() || text.matches("-?\\d{1,18}");
            case "float" -> value.isNumber() || parses(() -> new BigDecimal(text));
            case "boolean" -> value.isBoolean() || text.equals("true") || text.equals("false");
            case "datetime" -> parses(() -> OffsetDateTime.parse(text)) || parses(() -> LocalDate.parse(text));
            case "date" -> parses(() -> LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text));
            default -> true;
        };
        if (!ok) {
            return Optional.of(
                    new Reason("1003", "Invalid " + f.dataType() + " value '" + text + "' for field '" + name + "'"));
        }
        int max = f.length() != null ? f.length() : "text".equals(f.dataType()) ? TEXT_MAX : Integer.MAX_VALUE;
        if (value.isTextual() && text.length() > max) {
            return Optional.of(new Reason("1003", "Value for field '" + name + "' exceeds max length of " + max));
        }
        return Optional.empty();
    }

    private static boolean parses(Runnable parse) {
        try {
            parse.run();
            return true;
        } catch (DateTimeParseException | NumberFormatException e) {
            return false;
        }
    }
}
