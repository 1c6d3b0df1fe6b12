package io.leadhub.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Child JVMs of one cluster test: the shared simulators and the hub instances, each started with
 * {@link ClusterNode} from the test JVM's own Java and classpath, its output in
 * {@code <dir>/<name>.log}. {@link #close} ends every one of them, whatever happened.
 */
final class HubCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HubCluster.class);
    private static final String SIMULATORS = "simulators";

    /** One child JVM: its name (its log file's), HTTP port and process. */
    record Node(String name, int port, Process process, Path log) {
        String url() {
            return "http://127.0.0.1:" + port;
        }

        long pid() {
            return process.pid();
        }
    }

    private final Path dir;
    private final String heap;
    private final List<Node> nodes = new ArrayList<>();

    HubCluster(Path dir, String heap) {
        this.dir = dir;
        this.heap = heap;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the simulators alone ({@code io.leadhub.sandbox.SandboxSimulators}), their store in memory. */
    Node startSimulators() {
        int port = freePort();
        return start(
                SIMULATORS,
                port,
                List.of(
                        SIMULATORS,
                        "--server.port=" + port,
                        "--server.address=127.0.0.1",
                        "--hub.sandbox.store-url=jdbc:h2:mem:cluster-simulators;DB_CLOSE_DELAY=-1"));
    }

    /** Starts a hub (profile sandbox) named {@code name} with {@code args} after its port. */
    Node startHub(String name, List<String> args) {
        int port = freePort();
        List<String> all = new ArrayList<>(List.of("hub", "--server.port=" + port, "--server.address=127.0.0.1"));
        all.addAll(args);
        return start(name, port, all);
    }

    private Node start(String name, int port, List<String> args) {
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-XX:+UseSerialGC",
                // C1 only: the four JVMs start on a shared 2-core machine; the pace is the rate budget's anyway
                "-XX:TieredStopAtLevel=1",
                "-Dfile.encoding=UTF-8",
                "-Dcluster.parent-pid=" + ProcessHandle.current().pid(),
                "-cp",
                System.getProperty("java.class.path"),
                ClusterNode.class.getName()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // the children take their settings from their arguments only
        pb.environment().keySet().removeIf(k -> k.startsWith("HUB_"));
        try {
            Node node = new Node(name, port, pb.start(), log);
            nodes.add(node);
            LOG.info("Started {} (pid {}) on {}", name, node.pid(), node.url());
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Waits until {@code node}'s log shows {@code line}; fails at once if the process ends first. */
    void awaitLog(Node node, String line, Duration atMost) {
        Awaitility.await(node.name() + " logs \"" + line + "\"")
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!node.process().isAlive())
                        throw new IllegalStateException(node.name() + " ended with exit code "
                                + node.process().exitValue());
                    return Files.exists(node.log())
                            && Files.readString(node.log(), StandardCharsets.UTF_8)
                                    .contains(line);
                });
    }

    /**
     * Kills {@code node} with SIGKILL ({@link ProcessHandle#destroyForcibly()} on Linux, as
     * {@code kill -9}): no shutdown hook, no graceful stop. Answers its exit code (137 = 128 + 9).
     */
    int kill9(Node node) {
        ProcessHandle handle = ProcessHandle.of(node.pid()).orElseThrow();
        if (!handle.destroyForcibly()) throw new IllegalStateException("could not kill " + node.name());
        try {
            if (!node.process().waitFor(30, TimeUnit.SECONDS))
                throw new IllegalStateException(node.name() + " still runs after SIGKILL");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return node.process().exitValue();
    }

    /** Appends {@code line} to {@code <dir>/figures.txt}, beside the logs. */
    void note(String line) {
        try {
            Files.writeString(
                    dir.resolve("figures.txt"),
                    line + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The last {@code lines} lines of every node's log. */
    String tails(int lines) {
        StringBuilder out = new StringBuilder();
        for (Node n : nodes) {
            out.append("\n===== ").append(n.name()).append(" (pid ").append(n.pid());
            out.append(
                    n.process().isAlive()
                            ? ", running"
                            : ", exit " + n.process().exitValue());
            out.append(") last ")
                    .append(lines)
                    .append(" lines of ")
                    .append(n.log())
                    .append(" =====\n");
            try {
                List<String> all = Files.readAllLines(n.log(), StandardCharsets.UTF_8);
                all.subList(Math.max(0, all.size() - lines), all.size())
                        .forEach(l -> out.append(l).append('\n'));
            } catch (IOException e) {
                out.append("(unreadable: ").append(e.getMessage()).append(")\n");
            }
        }
        return out.toString();
    }

    /** Every log line, of every node, that contains {@code text}, prefixed with the node's name. */
    List<String> grep(String text) {
        List<String> out = new ArrayList<>();
        for (Node n : nodes) {
            try {
                for (String l : Files.readAllLines(n.log(), StandardCharsets.UTF_8))
                    if (l.contains(text)) out.add(n.name() + ": " + l);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /**
     * Stops every child still running, the hubs before the simulators they call: SIGTERM, then
     * SIGKILL for any that is not gone within 60 s.
     */
    @Override
    public void close() {
        stop(nodes.stream().filter(n -> !n.name().equals(SIMULATORS)).toList());
        stop(nodes.stream().filter(n -> n.name().equals(SIMULATORS)).toList());
        LOG.info(
                "Cluster stopped: {}",
                nodes.stream()
                        .map(n -> n.name()
                                + (n.process().isAlive()
                                        ? " STILL RUNNING"
                                        : " exit " + n.process().exitValue()))
                        .toList());
    }

    private static void stop(List<Node> group) {
        for (Node n : group) if (n.process().isAlive()) n.process().destroy();
        for (Node n : group) {
            try {
                if (!n.process().waitFor(60, TimeUnit.SECONDS)) {
                    n.process().destroyForcibly();
                    n.process().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                n.process().destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
