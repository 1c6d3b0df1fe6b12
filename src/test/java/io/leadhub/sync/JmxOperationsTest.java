package io.leadhub.sync;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadhub.support.HubTest;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.apache.camel.ServiceStatus;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.TestPropertySource;
import org.springframework.util.ObjectUtils;

/**
 * Operators through JMX, as JConsole would do it: the operations MBean and the manual-sync Camel
 * routes, reached through the platform MBean server.
 */
@DisableJmx(false)
@TestPropertySource(properties = "spring.jmx.enabled=true")
class JmxOperationsTest extends HubTest {
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();

    @BeforeEach
    void reset() {
        sandbox(HttpMethod.POST, "/hubspot/_reset?tokens=true", null);
    }

    @Autowired
    OperationsMBean operationsBean;

    /** This context's operations MBean (other hub contexts of the test JVM register theirs too, under their own identity). */
    private ObjectName operations() throws Exception {
        return new ObjectName("io.leadhub:type=Operations,name=ManualSync,identity="
                + ObjectUtils.getIdentityHexString(operationsBean));
    }

    private String manualOrg() {
        String org = newOrg(true);
        send(HttpMethod.PUT, api("/orgs/" + org + "/integrations/hubspot"), OPERATOR, Map.of("syncMode", "MANUAL"));
        return org;
    }

    @Test
    void pushFrozenAndCountsThroughTheOperationsMBean() throws Exception {
        String org = manualOrg();
        importCsv(org, "Email,Last Name\njmx1@globex.io,One\njmx2@globex.io,Two\n");
        awaitSettled(org);
        assertThat(summary(org).path("frozen").asInt()).isEqualTo(2);

        Object released =
                server.invoke(operations(), "pushFrozen", new Object[] {org, "hubspot", "expo"}, new String[] {
                    String.class.getName(), String.class.getName(), String.class.getName()
                });
        assertThat(released).isEqualTo(2);
        awaitSettled(org);
        assertThat(syncRow(org, "jmx1@globex.io")).containsEntry("STATE", "CLEARED");
        assertThat(hubspotContacts()).containsOnlyKeys("jmx1@globex.io", "jmx2@globex.io");

        String counts = (String) server.invoke(operations(), "counts", new Object[] {org, "hubspot"}, new String[] {
            String.class.getName(), String.class.getName()
        });
        assertThat(json.readTree(counts).path("cleared").asInt()).isEqualTo(2);
        assertThat(json.readTree(counts).path("lastPush").asText()).startsWith("jmx released 2");
    }

    @Test
    void pauseAndResumeThroughTheOperationsMBean() throws Exception {
        String org = newOrg(true);
        String[] sig = {String.class.getName(), String.class.getName()};
        server.invoke(operations(), "pauseIntegration", new Object[] {org, "hubspot"}, sig);
        captureJson(org, Map.of("captureId", "p1", "email", "paused@initech.com", "lastName", "Paused"));
        awaitSettled(org);
        assertThat(syncRow(org, "paused@initech.com")).containsEntry("STATE", "HELD");

        assertThat(server.invoke(operations(), "resumeIntegration", new Object[] {org, "hubspot"}, sig))
                .isEqualTo(1);
        awaitSettled(org);
        assertThat(syncRow(org, "paused@initech.com")).containsEntry("STATE", "CLEARED");
    }

    @Test
    void manualSyncRouteStartedOverJmxRunsOneSweepAndStops() throws Exception {
        String org = manualOrg();
        captureJson(org, Map.of("captureId", "r1", "email", "route@umbrella-labs.de", "lastName", "Route"));
        awaitSettled(org);
        assertThat(camel.getRouteController().getRouteStatus("manual-sync-push-all"))
                .isEqualTo(ServiceStatus.Stopped);

        ObjectName route = camel.getManagementStrategy()
                .getManagementObjectNameStrategy()
                .getObjectNameForRoute(camel.getRoute("manual-sync-push-all"));
        assertThat(server.getAttribute(route, "RouteGroup")).isEqualTo("manual-sync");
        server.invoke(route, "start", new Object[0], new String[0]);

        Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() ->
                        "CLEARED".equals(syncRow(org, "route@umbrella-labs.de").get("STATE")));
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() ->
                        camel.getRouteController().getRouteStatus("manual-sync-push-all") == ServiceStatus.Stopped);
        assertThat(hubspotContacts()).containsKey("route@umbrella-labs.de");
    }
}
