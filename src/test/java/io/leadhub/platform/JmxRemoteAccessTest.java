package io.leadhub.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadhub.integration.Integration;
import io.leadhub.integration.IntegrationRepository;
import io.leadhub.integration.Vendor;
import io.leadhub.support.HubTest;
import io.leadhub.sync.OperationsMBean;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import javax.management.Attribute;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import org.apache.camel.ServiceStatus;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.ObjectUtils;

/**
 * Remote JMX as an operator's JConsole would use it: a real RMI connection on 127.0.0.1, an API key
 * as the password; operator keys invoke the hub's operations and Camel route operations, admin and
 * capture keys only read, unknown keys do not get in. Owns its Spring context (remote JMX on).
 */
@DisableJmx(false)
class JmxRemoteAccessTest extends HubTest {
    private static final int PORT = freePort();

    @DynamicPropertySource
    static void remoteJmx(DynamicPropertyRegistry registry) {
        registry.add("hub.jmx.remote.port", () -> PORT);
        registry.add("spring.jmx.enabled", () -> true);
        // no Quartz scheduler in this extra context: Quartz shares data sources JVM-wide by scheduler name
        registry.add("spring.quartz.auto-startup", () -> false);
    }

    @Autowired
    ApiKeyStore keys;

    @Autowired
    OperationsMBean operations;

    @Autowired
    IntegrationRepository integrations;

    @Autowired
    JmxRemoteAccess remote;

    @BeforeEach
    void reset() {
        sandbox(HttpMethod.POST, "/hubspot/_reset?tokens=true", null);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private JMXConnector connect(String key) throws IOException {
        JMXServiceURL url =
                new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + PORT + "/jndi/rmi://127.0.0.1:" + PORT + "/jmxrmi");
        return JMXConnectorFactory.connect(
                url, key == null ? Map.of() : Map.of(JMXConnector.CREDENTIALS, new String[] {"ops", key}));
    }

    private ObjectName operationsName() throws Exception {
        return new ObjectName(
                "io.leadhub:type=Operations,name=ManualSync,identity=" + ObjectUtils.getIdentityHexString(operations));
    }

    private ObjectName routeName(String routeId) throws Exception {
        return camel.getManagementStrategy()
                .getManagementObjectNameStrategy()
                .getObjectNameForRoute(camel.getRoute(routeId));
    }

    private Integration.ConnectionState state(String org) {
        return integrations.find(org, Vendor.HUBSPOT).orElseThrow().state();
    }

    @Test
    void theConnectorListensOnLoopbackOnly() {
        assertThat(remote.serviceUrl()).isNotNull();
        assertThat(remote.serviceUrl().toString()).contains("127.0.0.1:" + PORT);
    }

    @Test
    void unknownOrMissingKeysCannotConnect() {
        assertThatThrownBy(() -> connect("lh_admin_not-a-key").close())
                .isInstanceOf(SecurityException.class)
                .hasMessageNotContaining("lh_admin_not-a-key");
        assertThatThrownBy(() -> connect(null).close()).isInstanceOf(SecurityException.class);
    }

    @Test
    void anOperatorKeyInvokesOperationsAndStartsAndStopsRoutes() throws Exception {
        String org = newOrg(true);
        try (JMXConnector jmx = connect(OPERATOR)) {
            MBeanServerConnection c = jmx.getMBeanServerConnection();
            String[] sig = {String.class.getName(), String.class.getName()};
            c.invoke(operationsName(), "pauseIntegration", new Object[] {org, "hubspot"}, sig);
            assertThat(state(org)).isEqualTo(Integration.ConnectionState.DISABLED);
            c.invoke(operationsName(), "resumeIntegration", new Object[] {org, "hubspot"}, sig);
            assertThat(state(org)).isEqualTo(Integration.ConnectionState.CONNECTED);

            ObjectName route = routeName("reconciliation-dead-letter");
            c.invoke(route, "stop", new Object[0], new String[0]);
            assertThat(camel.getRouteController().getRouteStatus("reconciliation-dead-letter"))
                    .isEqualTo(ServiceStatus.Stopped);
            c.invoke(route, "start", new Object[0], new String[0]);
            assertThat(camel.getRouteController().getRouteStatus("reconciliation-dead-letter"))
                    .isEqualTo(ServiceStatus.Started);
        }
    }

    @Test
    void adminAndCaptureKeysOnlyRead() throws Exception {
        String org = newOrg(true);
        for (Role role : new Role[] {Role.ADMIN, Role.CAPTURE}) {
            String key = keys.issue(org, role, "jmx " + role.key());
            try (JMXConnector jmx = connect(key)) {
                MBeanServerConnection c = jmx.getMBeanServerConnection();
                ObjectName route = routeName("reconciliation-dead-letter");
                // reads work
                assertThat(c.getAttribute(route, "RouteId")).isEqualTo("reconciliation-dead-letter");
                assertThat(c.queryNames(new ObjectName("io.leadhub:*"), null)).contains(operationsName());
                // changes do not
                assertThatThrownBy(() -> c.invoke(
                                operationsName(), "pauseIntegration", new Object[] {org, "hubspot"}, new String[] {
                                    String.class.getName(), String.class.getName()
                                }))
                        .as(role.key())
                        .isInstanceOf(SecurityException.class)
                        .hasMessageContaining("operator");
                assertThatThrownBy(() -> c.invoke(route, "stop", new Object[0], new String[0]))
                        .as(role.key())
                        .isInstanceOf(SecurityException.class);
                assertThatThrownBy(() -> c.setAttribute(route, new Attribute("Tracing", true)))
                        .as(role.key())
                        .isInstanceOf(SecurityException.class);
                assertThatThrownBy(() -> c.unregisterMBean(operationsName()))
                        .as(role.key())
                        .isInstanceOf(SecurityException.class);
            }
            assertThat(state(org)).isEqualTo(Integration.ConnectionState.CONNECTED);
            assertThat(camel.getRouteController().getRouteStatus("reconciliation-dead-letter"))
                    .isEqualTo(ServiceStatus.Started);
            assertThat(camel.getRoute("reconciliation-dead-letter")).isNotNull();
        }
    }
}
