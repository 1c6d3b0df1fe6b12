package io.leadhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.leadhub.support.HubTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.camel.Route;
import org.junit.jupiter.api.Test;

/**
 * Boots every route file under routes/: each route declared in YAML is running in the hub, and has
 * an id and a description (integration engineers read routes/ to understand the hub).
 */
class RouteFilesTest extends HubTest {
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    @Test
    void everyRouteFileIsLoadedAndEveryRouteIsDescribed() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("routes"))) {
            files = s.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        List<String> declared = new ArrayList<>();
        for (Path file : files) {
            for (JsonNode item : yaml.readTree(file.toFile())) {
                JsonNode route = item.get("route");
                if (route == null) continue;
                assertThat(route.path("id").asText()).as("route id in " + file).isNotBlank();
                assertThat(route.path("description").asText())
                        .as("description of " + route.path("id") + " in " + file)
                        .isNotBlank();
                declared.add(route.path("id").asText());
            }
        }
        List<String> running = camel.getRoutes().stream().map(Route::getRouteId).toList();
        assertThat(running)
                .as("routes loaded from the files RouteFileList finds")
                .containsAll(declared);
        assertThat(camel.getRouteController().getRouteStatus("vendor-hubspot").isStarted())
                .isTrue();
    }

    @Test
    void everyExternalCallStepHasAnId() throws IOException {
        List<String> missing = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Path.of("routes"))) {
            for (Path file : s.filter(p -> p.toString().endsWith(".camel.yaml")).toList()) {
                collectUnnamedCalls(yaml.readTree(file.toFile()), file, missing);
            }
        }
        assertThat(missing).as("to/toD steps without an id").isEmpty();
    }

    private static void collectUnnamedCalls(JsonNode node, Path file, List<String> missing) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if ((e.getKey().equals("to") || e.getKey().equals("toD"))
                        && e.getValue().isObject()
                        && !e.getValue().has("id")) {
                    missing.add(file + ": " + e.getValue().path("uri").asText());
                }
                collectUnnamedCalls(e.getValue(), file, missing);
            });
        } else if (node.isArray()) {
            node.forEach(n -> collectUnnamedCalls(n, file, missing));
        }
    }
}
