package io.leadhub.routes;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.support.RouteWatcherReloadStrategy;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Live route reloading, as the sandbox does it for ./routes: a route file saved in the watched
 * directory replaces the running routes of the same ids within moments; a file that names a bean
 * that does not exist is refused with its file and line, and the routes keep running as they were.
 * (Here the watched directory is a scratch one, and the file a copy of routes/connectors/pipedrive.camel.yaml.)
 */
class RouteReloadTest extends RouteTestBase {
    private static final String ORIGINAL_DESCRIPTION = "Pipedrive connector (one record per call";
    private final Path copy = RELOAD_DIRECTORY.resolve("pipedrive.camel.yaml");

    @AfterEach
    void putTheOriginalBack() throws Exception {
        if (!Files.exists(copy)) return;
        Files.writeString(copy, Files.readString(Path.of("routes/connectors/pipedrive.camel.yaml")));
        awaitDescription("vendor-pipedrive", ORIGINAL_DESCRIPTION);
        Files.delete(copy);
    }

    @Test
    void anEditedRouteFileReplacesTheRunningRoutes() throws Exception {
        String original = Files.readString(Path.of("routes/connectors/pipedrive.camel.yaml"));
        Files.writeString(copy, original.replace(ORIGINAL_DESCRIPTION, "Edited live: " + ORIGINAL_DESCRIPTION));

        awaitDescription("vendor-pipedrive", "Edited live: " + ORIGINAL_DESCRIPTION);
        Route reloaded = camel.getRoute("vendor-pipedrive");
        assertThat(camel.getRouteController().getRouteStatus("vendor-pipedrive"))
                .isEqualTo(ServiceStatus.Started);
        assertThat(reloaded.getSourceResource().getLocation())
                .as("loaded from the watched file")
                .endsWith(copy.getFileName().toString());
        assertThat(camel.getRouteController().getRouteStatus("vendor-pipedrive-api"))
                .isEqualTo(ServiceStatus.Started);
    }

    @Test
    void aFileNamingAMissingBeanIsRefusedWithItsLineAndTheRoutesKeepRunning() throws Exception {
        String original = Files.readString(Path.of("routes/connectors/pipedrive.camel.yaml"));
        Files.writeString(copy, original.replace(ORIGINAL_DESCRIPTION, "Edited live: " + ORIGINAL_DESCRIPTION));
        awaitDescription("vendor-pipedrive", "Edited live: " + ORIGINAL_DESCRIPTION);
        RouteWatcherReloadStrategy reload = camel.hasService(RouteWatcherReloadStrategy.class);
        int failedBefore = reload.getFailedCounter();

        String broken = original.replace(
                "ref: pipedriveConnector\n            method: writePersons",
                "ref: pipedriveConector\n            method: writePersons");
        assertThat(broken).isNotEqualTo(original);
        Files.writeString(copy, broken);
        int line = lineOf(broken, "id: pipedrive-write-persons") - 1; // the step's line: "- bean:", above its id

        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> reload.getFailedCounter() > failedBefore);
        assertThat(reload.getLastError())
                .hasMessageContaining(copy.getFileName() + ":" + line + ": bean 'pipedriveConector' does not exist");
        assertThat(camel.getRouteController().getRouteStatus("vendor-pipedrive"))
                .isEqualTo(ServiceStatus.Started);
        assertThat(camel.getRoute("vendor-pipedrive").getDescription()).startsWith("Edited live: ");
    }

    private void awaitDescription(String routeId, String start) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    Route route = camel.getRoute(routeId);
                    return route != null
                            && route.getDescription() != null
                            && route.getDescription().startsWith(start)
                            && camel.getRouteController().getRouteStatus(routeId) == ServiceStatus.Started;
                });
    }

    private static int lineOf(String text, String fragment) {
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(fragment)) return i + 1;
        }
        throw new AssertionError(fragment + " not found");
    }
}
