package io.leadhub.mapping;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leadhub.integration.Vendor;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The recommended mappings in {@code mappings/defaults/<vendor>.yaml} (shipped on the classpath),
 * which "Set defaults" applies. Format: see {@code mappings/README.md}.
 */
@Component
public class MappingDefaults {
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory()).findAndRegisterModules();
    private final Map<Vendor, DefaultsFile> cache = new ConcurrentHashMap<>();

    /** The file's shape. */
    public record DefaultsFile(String vendor, Map<String, List<FieldMapping>> objects) {}

    public Optional<List<FieldMapping>> forObject(Vendor vendor, String object) {
        return Optional.ofNullable(load(vendor).objects().get(object));
    }

    public Map<String, List<FieldMapping>> all(Vendor vendor) {
        return load(vendor).objects();
    }

    private DefaultsFile load(Vendor vendor) {
        return cache.computeIfAbsent(vendor, v -> {
            var res = new ClassPathResource("mappings/defaults/" + v.key() + ".yaml");
            if (!res.exists()) return new DefaultsFile(v.key(), Map.of());
            try (InputStream in = res.getInputStream()) {
                DefaultsFile f = yaml.readValue(in, DefaultsFile.class);
                return new DefaultsFile(f.vendor(), f.objects() == null ? Map.of() : new LinkedHashMap<>(f.objects()));
            } catch (IOException e) {
                throw new IllegalStateException(
                        "cannot read mappings/defaults/" + v.key() + ".yaml: " + e.getMessage(), e);
            }
        });
    }
}
