package io.leadhub.platform;

import java.io.IOException;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.rmi.NoSuchObjectException;
import java.rmi.registry.LocateRegistry;
import java.rmi.registry.Registry;
import java.rmi.server.RMIServerSocketFactory;
import java.rmi.server.UnicastRemoteObject;
import java.security.AccessController;
import java.security.Principal;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.remote.JMXAuthenticator;
import javax.management.remote.JMXConnectorServer;
import javax.management.remote.JMXConnectorServerFactory;
import javax.management.remote.JMXServiceURL;
import javax.management.remote.MBeanServerForwarder;
import javax.management.remote.rmi.RMIConnectorServer;
import javax.security.auth.Subject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Remote JMX for operators (JConsole, VisualVM, jmxterm): an RMI connector server on
 * {@code hub.jmx.remote.host}:{@code hub.jmx.remote.port} (off when the port is 0, the default;
 * the sandbox turns it on). Sign in with any user name and an API key as the password. Every key
 * may read (attributes, MBean lists); only an operator key may change anything — {@code invoke}
 * (the hub's {@code io.leadhub:type=Operations} MBeans, Camel route start/stop), {@code
 * setAttribute}, MBean creation and registration. Others get a {@link SecurityException}. The
 * server binds to the configured address only (loopback by default) and its deserialization
 * filter accepts nothing but the user name / key strings as credentials. Service URL:
 * {@code service:jmx:rmi://HOST:PORT/jndi/rmi://HOST:PORT/jmxrmi}.
 */
@Component
public class JmxRemoteAccess implements InitializingBean, DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(JmxRemoteAccess.class);
    /** MBeanServer methods that change state; reserved to operator keys. */
    private static final Set<String> WRITES = Set.of(
            "invoke",
            "setAttribute",
            "setAttributes",
            "createMBean",
            "registerMBean",
            "unregisterMBean",
            "instantiate",
            "deserialize");

    private final ApiKeyStore keys;
    private final int port;
    private final String host;
    private Registry registry;
    private JMXConnectorServer server;

    public JmxRemoteAccess(
            ApiKeyStore keys,
            @Value("${hub.jmx.remote.port:0}") int port,
            @Value("${hub.jmx.remote.host:127.0.0.1}") String host) {
        this.keys = keys;
        this.port = port;
        this.host = host;
    }

    /** The connector's service URL, or null when remote JMX is off. */
    public JMXServiceURL serviceUrl() {
        return server == null ? null : server.getAddress();
    }

    @Override
    public void afterPropertiesSet() throws Exception {
        if (port <= 0) return;
        InetAddress address = InetAddress.getByName(host);
        RMIServerSocketFactory sockets = new BoundSockets(address);
        try {
            registry = LocateRegistry.createRegistry(port, null, sockets);
        } catch (java.rmi.server.ExportException e) {
            throw new IllegalStateException("remote JMX cannot listen on " + host + ":" + port + " (" + e.getCause()
                    + "); set HUB_JMX_PORT (hub.jmx.remote.port) to a free port, or 0 to turn remote JMX off");
        }
        Map<String, Object> env = new HashMap<>();
        env.put(RMIConnectorServer.RMI_SERVER_SOCKET_FACTORY_ATTRIBUTE, sockets);
        env.put(JMXConnectorServer.AUTHENTICATOR, (JMXAuthenticator) this::authenticate);
        env.put(RMIConnectorServer.CREDENTIALS_FILTER_PATTERN, String.class.getName() + ";!*");
        JMXServiceURL url = new JMXServiceURL(
                "service:jmx:rmi://" + host + ":" + port + "/jndi/rmi://" + host + ":" + port + "/jmxrmi");
        MBeanServer mbeans = ManagementFactory.getPlatformMBeanServer();
        server = JMXConnectorServerFactory.newJMXConnectorServer(url, env, mbeans);
        server.setMBeanServerForwarder(forwarder());
        server.start();
        LOG.info("Remote JMX on {} (API key as password; operator keys may invoke operations)", url);
    }

    @Override
    public void destroy() throws IOException {
        if (server != null) server.stop();
        if (registry != null) {
            try {
                UnicastRemoteObject.unexportObject(registry, true);
            } catch (NoSuchObjectException ignored) {
                // already gone
            }
        }
    }

    private Subject authenticate(Object credentials) {
        if (!(credentials instanceof String[] pair) || pair.length != 2 || pair[1] == null) {
            throw new SecurityException("sign in with a user name and an API key as the password");
        }
        ApiPrincipal principal =
                keys.resolve(pair[1]).orElseThrow(() -> new SecurityException("authentication failed"));
        Subject subject = new Subject();
        subject.getPrincipals()
                .add(new KeyPrincipal(
                        principal.role().key() + (principal.orgId() == null ? "" : "@" + principal.orgId()),
                        principal.role()));
        subject.setReadOnly();
        return subject;
    }

    private MBeanServerForwarder forwarder() {
        MBeanServer[] target = new MBeanServer[1];
        InvocationHandler handler = (proxy, method, args) -> {
            switch (method.getName()) {
                case "getMBeanServer":
                    return target[0];
                case "setMBeanServer":
                    target[0] = (MBeanServer) args[0];
                    return null;
                default:
                    break;
            }
            if (WRITES.contains(method.getName()) && currentRole() != Role.OPERATOR) {
                throw new SecurityException("only an operator key may " + method.getName() + " over JMX");
            }
            try {
                return method.invoke(target[0], args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (MBeanServerForwarder) Proxy.newProxyInstance(
                MBeanServerForwarder.class.getClassLoader(), new Class<?>[] {MBeanServerForwarder.class}, handler);
    }

    /** The role of the remote caller, from the subject the connector runs the call under. */
    @SuppressWarnings("removal")
    private static Role currentRole() {
        Subject subject;
        try {
            Method current = Subject.class.getMethod("current");
            subject = (Subject) current.invoke(null);
        } catch (ReflectiveOperationException noCurrent) {
            subject = Subject.getSubject(AccessController.getContext());
        }
        if (subject == null) return null;
        return subject.getPrincipals(KeyPrincipal.class).stream()
                .map(KeyPrincipal::role)
                .findFirst()
                .orElse(null);
    }

    /** The principal of a JMX session: who (role and org) and the role. */
    record KeyPrincipal(String getName, Role role) implements Principal, Serializable {}

    /** Server sockets bound to one address (loopback by default), for the registry and the connector. */
    private record BoundSockets(InetAddress address) implements RMIServerSocketFactory, Serializable {
        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return new ServerSocket(port, 50, address);
        }
    }
}
