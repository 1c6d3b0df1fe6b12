package io.leadhub.sandbox.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The demo jar (hub + sandbox) as a child process: its own empty working directory (so its own
 * H2 databases under {@code data/}), a free port on 127.0.0.1, remote JMX off, the log in
 * {@code hub.log}. {@link #startedIn()} is the time from starting the process to the first healthy
 * answer of {@code /actuator/health}; {@link #awaitSeeded} then waits for the demo orgs.
 */
final class HubProcess implements AutoCloseable {
    private static final List<HubProcess> RUNNING = new ArrayList<>();
    /** Set when the benchmark is stopped (Ctrl-C, SIGTERM): no hub starts after it. */
    private static volatile boolean stopping;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping = true;
            List<HubProcess> running;
            synchronized (RUNNING) {
                running = List.copyOf(RUNNING);
            }
            running.forEach(HubProcess::close);
            // a hub started while the hook ran
            ProcessHandle.current().descendants().forEach(ProcessHandle::destroy);
        }));
    }

    private final Process process;
    private final Path dir;
    private final Path log;
    private final int port;
    private final HubApi api;
    private final long startNanos;
    private Duration startedIn;

    private HubProcess(Process process, Path dir, Path log, int port, long startNanos) {
        this.process = process;
        this.dir = dir;
        this.log = log;
        this.port = port;
        this.api = new HubApi("http://127.0.0.1:" + port);
        this.startNanos = startNanos;
    }

    /**
     * Starts the jar in {@code dir} (emptied first) with {@code -Xmx<heap>} and the given extra
     * settings ({@code --name=value}), and waits until it answers healthy.
     */
    static HubProcess start(Path jar, Path dir, String heap, List<String> settings, Duration timeout)
            throws IOException, InterruptedException {
        if (stopping) throw new IOException("the benchmark is stopping");
        deleteTree(dir);
        Files.createDirectories(dir);
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + heap);
        // extra JVM options for every hub, e.g. a flight recording:
        // BENCH_HUB_JVM_OPTIONS="-XX:StartFlightRecording=..."
        String extra = System.getenv("BENCH_HUB_JVM_OPTIONS");
        if (extra != null && !extra.isBlank())
            command.addAll(List.of(extra.trim().split("\\s+")));
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        command.add("--spring.profiles.active=sandbox");
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        command.add("--hub.jmx.remote.port=0");
        command.addAll(settings);
        Path log = dir.resolve("hub.log");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        HubProcess hub = new HubProcess(p, dir, log, port, t0);
        synchronized (RUNNING) {
            RUNNING.add(hub);
        }
        try {
            hub.awaitHealthy(timeout);
        } catch (IOException | RuntimeException | InterruptedException e) {
            hub.close();
            throw e;
        }
        return hub;
    }

    private void awaitHealthy(Duration timeout) throws IOException, InterruptedException {
        long deadline = startNanos + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive())
                throw new IOException("the hub exited with " + process.exitValue() + " while starting; see " + log);
            if (api.healthy()) {
                startedIn = Duration.ofNanos(System.nanoTime() - startNanos);
                return;
            }
            Thread.sleep(100);
        }
        throw new IOException("the hub was not healthy within " + timeout.toSeconds() + " s; see " + log);
    }

    /** Waits until each org answers its integrations, all connected (the demo seed has run). */
    void awaitSeeded(List<String> orgs, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String org : orgs) {
            while (!api.connectedVendors(org).isPresent()) {
                if (System.nanoTime() > deadline)
                    throw new IOException("org " + org + " was not seeded within " + timeout.toSeconds() + " s");
                Thread.sleep(200);
            }
        }
    }

    HubApi api() {
        return api;
    }

    Duration startedIn() {
        return startedIn;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /**
     * The hub's live heap in bytes, measured the only exact way: {@code jcmd <pid> GC.class_histogram}
     * collects the whole heap first (a full GC, a pause of a fraction of a second under 256 MB) and its
     * total is what is still reachable. Empty when jcmd gives no total.
     */
    OptionalLong liveHeapBytes() throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "GC.class_histogram")
                .redirectErrorStream(true)
                .start();
        OptionalLong total = OptionalLong.empty();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                // "Total       1640919       99943176": instances, then bytes
                String[] cols = line.trim().split("\\s+");
                if (cols.length == 3 && cols[0].equals("Total")) total = OptionalLong.of(Long.parseLong(cols[2]));
            }
        }
        p.waitFor();
        return total;
    }

    /** True when the hub's log reports an OutOfMemoryError. */
    boolean logMentionsOutOfMemory() throws IOException {
        try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.anyMatch(l -> l.contains("OutOfMemoryError"));
        } catch (UncheckedIOException e) {
            // a line not in UTF-8: read it as bytes
            return new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1).contains("OutOfMemoryError");
        }
    }

    /** Stops the hub (SIGTERM, then kill after 30 s) and deletes its databases; the log stays. */
    @Override
    public void close() {
        synchronized (RUNNING) {
            RUNNING.remove(this);
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            deleteTree(dir.resolve("data"));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            System.err.println("could not delete " + dir.resolve("data") + ": " + e.getMessage());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
