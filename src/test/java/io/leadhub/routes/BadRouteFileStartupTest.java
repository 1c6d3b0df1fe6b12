package io.leadhub.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.leadhub.LeadHubApplication;
import io.leadhub.platform.RouteFileList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;

/**
 * A route file with a mistake stops the hub's start-up, before any route runs, with a message that
 * names the file and the line: a YAML syntax error (Camel's parser reports it), and a bean or an
 * endpoint component that does not exist (io.leadhub.platform.RouteFileCheck reports every one).
 * The failing hub is started without a web server, JMX or Quartz, on its own in-memory databases,
 * so nothing of it stays behind.
 */
class BadRouteFileStartupTest {
    @TempDir
    Path dir;

    @Test
    void aYamlSyntaxErrorNamesTheFileAndLine() throws Exception {
        Path file = write("broken-syntax.camel.yaml", """
                - route:
                    id: broken-syntax
                    description: a flow sequence that is never closed
                    from:
                      uri: direct:broken-syntax
                      steps:
                        - log: [unclosed
                """);

        String message = startupFailure(file);

        assertThat(message).contains("broken-syntax.camel.yaml").contains("line 7");
    }

    @Test
    void everyMissingBeanAndComponentIsNamedWithItsFileAndLine() throws Exception {
        String beanRoute = """
                - route:
                    id: wrong-bean
                    description: claims a batch with a misspelt bean
                    routeConfigurationId: sync-errors
                    from:
                      uri: direct:wrong-bean
                      steps:
                        - doTry:
                            steps:
                              - bean:
                                  id: wrong-bean-claim
                                  ref: syncBatchez
                                  method: claim
                            doCatch:
                              - exception:
                                  - java.lang.Exception
                                steps:
                                  - bean:
                                      id: wrong-bean-recover
                                      ref: reconciliationRecordr
                                      method: recordEscaped
                """;
        String componentRoute = """
                - route:
                    id: wrong-component
                    description: sends to a component that is not on the classpath
                    from:
                      uri: direct:wrong-component
                      steps:
                        - to:
                            id: to-nowhere
                            uri: kafkaa:leads
                """;
        Path bean = write("wrong-bean.camel.yaml", beanRoute);
        Path component = write("wrong-component.camel.yaml", componentRoute);

        String message = startupFailure(bean, component);

        assertThat(message)
                .contains("wrong-bean.camel.yaml:" + (lineOf(beanRoute, "id: wrong-bean-claim") - 1)
                        + ": bean 'syncBatchez' does not exist")
                .contains("wrong-bean.camel.yaml:" + (lineOf(beanRoute, "id: wrong-bean-recover") - 1)
                        + ": bean 'reconciliationRecordr' does not exist")
                .contains("wrong-component.camel.yaml:" + lineOf(componentRoute, "- to:")
                        + ": component 'kafkaa' does not exist");
    }

    /** Starts the hub with its own route files plus {@code extra}; answers the message of the root cause. */
    private String startupFailure(Path... extra) {
        StringBuilder pattern = new StringBuilder(productionRoutePattern());
        for (Path p : extra) pattern.append(",file:").append(p);
        String name = "bad-route-" + System.nanoTime();
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(LeadHubApplication.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--spring.profiles.active=",
                        "--spring.datasource.url=jdbc:h2:mem:" + name,
                        "--hub.vault.key=c2FuZGJveC1vbmx5LWtleS1ub3QtZm9yLXByb2R1Y3Q=",
                        "--camel.main.routes-include-pattern=" + pattern,
                        "--spring.jmx.enabled=false",
                        "--camel.main.jmx-enabled=false",
                        "--spring.quartz.scheduler-name=" + name,
                        "--spring.quartz.auto-startup=false",
                        "--logging.level.root=OFF")
                .close());
        assertThat(failure).as("start-up fails").isNotNull();
        return NestedExceptionUtils.getMostSpecificCause(failure).getMessage();
    }

    /** The hub's own route files, as the hub lists them. */
    private static String productionRoutePattern() {
        return RouteFileList.classpathRoutes();
    }

    private Path write(String name, String yaml) throws Exception {
        Path file = dir.resolve(name);
        Files.writeString(file, yaml);
        return file;
    }

    private static int lineOf(String text, String fragment) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) return i + 1;
        }
        throw new AssertionError(fragment + " not found");
    }
}
