package io.leadhub.sandbox.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.ClassPathResource;

/** The simulated org's sObjects and fields, loaded from {@code mappings/catalogs/salesforce.yaml}. */
public class SalesforceCatalog {

    public static final String RESOURCE = "mappings/catalogs/salesforce.yaml";

    /** One field definition. */
    public record Field(
            String name,
            String label,
            String type,
            Integer length,
            boolean required,
            boolean createable,
            boolean updateable,
            List<String> values,
            String defaultValue,
            boolean restricted,
            List<String> referenceTo,
            boolean externalId,
            boolean unique,
            boolean system) {

        boolean text() {
            return switch (type) {
                case "string", "textarea", "email", "phone", "url", "picklist", "multipicklist", "id", "reference" ->
                    true;
                default -> false;
            };
        }

        boolean picklist() {
            return type.equals("picklist") || type.equals("multipicklist");
        }

        boolean custom() {
            return name.endsWith("__c");
        }
    }

    /** One sObject definition; field lookup is case-insensitive, as in SOQL. */
    public record SObject(String name, String label, String keyPrefix, Map<String, Field> fields) {

        public Optional<Field> field(String candidate) {
            return Optional.ofNullable(fields.get(candidate.toLowerCase(Locale.ROOT)));
        }

        boolean custom() {
            return name.endsWith("__c");
        }
    }

    private final Map<String, SObject> objects;

    public SalesforceCatalog() {
        this(RESOURCE);
    }

    public SalesforceCatalog(String classpathResource) {
        try (InputStream in = new ClassPathResource(classpathResource).getInputStream()) {
            this.objects = parse(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Salesforce catalog " + classpathResource, e);
        }
    }

    private static Map<String, SObject> parse(JsonNode root) {
        Map<String, SObject> result = new LinkedHashMap<>();
        root.fields().forEachRemaining(entry -> {
            String object = entry.getKey();
            JsonNode o = entry.getValue();
            if (!o.hasNonNull("keyPrefix")) {
                throw new IllegalStateException("Salesforce catalog: keyPrefix missing on " + object);
            }
            Map<String, Field> fields = new LinkedHashMap<>();
            put(
                    fields,
                    new Field(
                            "Id",
                            object + " ID",
                            "id",
                            18,
                            false,
                            false,
                            false,
                            List.of(),
                            null,
                            false,
                            List.of(),
                            false,
                            false,
                            true));
            put(
                    fields,
                    new Field(
                            "IsDeleted",
                            "Deleted",
                            "boolean",
                            null,
                            false,
                            false,
                            false,
                            List.of(),
                            "false",
                            false,
                            List.of(),
                            false,
                            false,
                            true));
            for (JsonNode f : o.path("fields")) {
                String name = f.path("name").asText(null);
                String type = f.path("type").asText(null);
                if (name == null || type == null) {
                    throw new IllegalStateException("Salesforce catalog: name/type missing in " + object + ": " + f);
                }
                boolean readOnly = f.path("readOnly").asBoolean(false);
                boolean createOnly = f.path("createOnly").asBoolean(false);
                List<String> values = new ArrayList<>();
                f.path("values").forEach(v -> values.add(v.asText()));
                List<String> refs = new ArrayList<>();
                f.path("referenceTo").forEach(v -> refs.add(v.asText()));
                Integer length = f.hasNonNull("length")
                        ? Integer.valueOf(f.get("length").asInt())
                        : textType(type) ? Integer.valueOf(type.equals("reference") ? 18 : 255) : null;
                put(
                        fields,
                        new Field(
                                name,
                                f.path("label").asText(name),
                                type,
                                length,
                                f.path("required").asBoolean(false),
                                !readOnly,
                                !readOnly && !createOnly,
                                List.copyOf(values),
                                f.hasNonNull("default") ? f.get("default").asText() : null,
                                f.path("restricted").asBoolean(false),
                                List.copyOf(refs),
                                f.path("externalId").asBoolean(false),
                                f.path("unique").asBoolean(false),
                                false));
            }
            put(
                    fields,
                    new Field(
                            "CreatedDate",
                            "Created Date",
                            "datetime",
                            null,
                            false,
                            false,
                            false,
                            List.of(),
                            null,
                            false,
                            List.of(),
                            false,
                            false,
                            true));
            put(
                    fields,
                    new Field(
                            "LastModifiedDate",
                            "Last Modified Date",
                            "datetime",
                            null,
                            false,
                            false,
                            false,
                            List.of(),
                            null,
                            false,
                            List.of(),
                            false,
                            false,
                            true));
            result.put(
                    object,
                    new SObject(
                            object,
                            o.path("label").asText(object),
                            o.get("keyPrefix").asText(),
                            Collections.unmodifiableMap(fields)));
        });
        return Collections.unmodifiableMap(result);
    }

    private static boolean textType(String type) {
        return switch (type) {
            case "string", "textarea", "email", "phone", "url", "picklist", "multipicklist", "reference" -> true;
            default -> false;
        };
    }

    private static void put(Map<String, Field> fields, Field f) {
        fields.put(f.name().toLowerCase(Locale.ROOT), f);
    }

    /** The object by exact API name or case-insensitively (SOQL and URLs accept any case). */
    public Optional<SObject> object(String name) {
        if (name == null) {
            return Optional.empty();
        }
        SObject exact = objects.get(name);
        if (exact != null) {
            return Optional.of(exact);
        }
        return objects.values().stream()
                .filter(o -> o.name().equalsIgnoreCase(name))
                .findFirst();
    }

    public List<String> objectNames() {
        return List.copyOf(objects.keySet());
    }

    public Optional<SObject> byKeyPrefix(String id) {
        if (id == null || id.length() < 3) {
            return Optional.empty();
        }
        String prefix = id.substring(0, 3);
        return objects.values().stream()
                .filter(o -> o.keyPrefix().equals(prefix))
                .findFirst();
    }
}
