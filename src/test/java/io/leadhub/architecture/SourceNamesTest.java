package io.leadhub.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** No two classes of the project share a simple name (main, sandbox and test sources together). */
class SourceNamesTest {

    @Test
    void everySimpleNameIsUnique() throws IOException {
        Map<String, List<Path>> byName;
        try (Stream<Path> files = Stream.of("src/main/java", "src/sandbox/java", "src/test/java")
                .map(Path::of)
                .flatMap(SourceNamesTest::walk)) {
            byName = files.filter(p -> p.toString().endsWith(".java"))
                    .collect(Collectors.groupingBy(p -> p.getFileName().toString()));
        }
        assertThat(byName).isNotEmpty();
        assertThat(byName.entrySet().stream()
                        .filter(e -> e.getValue().size() > 1)
                        .map(e -> e.getKey() + " " + e.getValue())
                        .toList())
                .as("classes sharing a simple name")
                .isEmpty();
    }

    private static Stream<Path> walk(Path root) {
        try {
            return Files.walk(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
