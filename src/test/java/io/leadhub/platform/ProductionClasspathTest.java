package io.leadhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.LeadHubApplication;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The production build output (what the jar is made of) holds no simulator class and none of the
 * sandbox's settings or catalogs: the sandbox is its own source set, seen only by the tests and the
 * quick start ({@code spring-boot:test-run}) or packaged on purpose with {@code -Pdemo}.
 */
class ProductionClasspathTest {

    @Test
    void mainOutputHasNoSandbox() throws IOException, URISyntaxException {
        Path classes = Path.of(LeadHubApplication.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        assertThat(classes.resolve("io/leadhub/LeadHubApplication.class")).exists();
        List<String> sandbox;
        try (Stream<Path> all = Files.walk(classes)) {
            sandbox = all.map(p -> classes.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.startsWith("io/leadhub/sandbox")
                            || p.equals("application-sandbox.yml")
                            || p.startsWith("mappings/catalogs")
                            || p.startsWith("sandbox/"))
                    .toList();
        }
        assertThat(sandbox)
                .as("sandbox files in the production output %s", classes)
                .isEmpty();
    }

    @Test
    void simulatorsComeFromTheSandboxSourceSet() throws URISyntaxException, ClassNotFoundException {
        Path seeder = Path.of(Class.forName("io.leadhub.sandbox.SandboxSeeder")
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path main = Path.of(LeadHubApplication.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        assertThat(seeder).isNotEqualTo(main);
    }
}
