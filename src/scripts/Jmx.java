import com.sun.tools.attach.VirtualMachine;
import com.sun.tools.attach.VirtualMachineDescriptor;
import java.util.Arrays;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * A command-line JMX client for a running hub on this machine (attaches to the local JVM; no JMX
 * port needed). Run with the JDK's single-file launcher:
 *
 *   java scripts/Jmx.java ops                                  list the Lead Hub operations
 *   java scripts/Jmx.java call pushFrozen demo hubspot demo-event
 *   java scripts/Jmx.java call counts demo hubspot
 *   java scripts/Jmx.java start-route manual-sync-push-all     start a manual-sync Camel route (one sweep)
 *
 * The hub process is found by its main class or jar name (LeadHub / lead-hub); set HUB_PID to choose one.
 */
public class Jmx {
    static final String OPS = "io.leadhub:type=Operations,name=ManualSync";

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: java scripts/Jmx.java ops | call <operation> [args...] | start-route <routeId>");
            System.exit(2);
        }
        String pid = System.getenv("HUB_PID");
        if (pid == null) {
            pid = VirtualMachine.list().stream()
                    .filter(d -> d.displayName().contains("LeadHub")
                            || d.displayName().contains("lead-hub"))
                    .map(VirtualMachineDescriptor::id)
                    .findFirst()
                    .orElseThrow(
                            () -> new IllegalStateException("no running hub found; start it first or set HUB_PID"));
        }
        VirtualMachine vm = VirtualMachine.attach(pid);
        String address = vm.startLocalManagementAgent();
        vm.detach();
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = c.getMBeanServerConnection();
            switch (args[0]) {
                case "ops" -> {
                    for (MBeanOperationInfo op :
                            server.getMBeanInfo(new ObjectName(OPS)).getOperations()) {
                        System.out.println(op.getName()
                                + Arrays.stream(op.getSignature())
                                        .map(p -> p.getName())
                                        .toList() + "  " + op.getDescription());
                    }
                }
                case "call" -> {
                    String[] params = Arrays.copyOfRange(args, 2, args.length);
                    MBeanOperationInfo op = Arrays.stream(
                                    server.getMBeanInfo(new ObjectName(OPS)).getOperations())
                            .filter(o -> o.getName().equals(args[1]))
                            .findFirst()
                            .orElseThrow(() -> new IllegalArgumentException("no operation " + args[1]));
                    String[] signature = Arrays.stream(op.getSignature())
                            .map(p -> p.getType())
                            .toArray(String[]::new);
                    Object[] values = new Object[signature.length];
                    for (int i = 0; i < values.length; i++) values[i] = i < params.length ? params[i] : "";
                    System.out.println(server.invoke(new ObjectName(OPS), args[1], values, signature));
                }
                case "start-route" -> {
                    ObjectName route =
                            new ObjectName("org.apache.camel:context=lead-hub,type=routes,name=\"" + args[1] + "\"");
                    server.invoke(route, "start", new Object[0], new String[0]);
                    System.out.println("started " + args[1]);
                }
                default -> throw new IllegalArgumentException("unknown command " + args[0]);
            }
        }
    }
}
