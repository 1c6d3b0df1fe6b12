package io.leadhub.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cap on the JDK's per-thread temporary direct buffers, as the hub's {@code main} applies it: in a
 * fresh JVM, threads that each write an 8 MB heap buffer to a file (as an embedded H2 store does when
 * every commit is written at once) keep 8 MB of direct memory each without the cap, and none with it.
 */
class NioBufferCacheTest {
    private static final int WRITERS = 4;
    private static final int WRITE_BYTES = 8 * 1024 * 1024;

    @TempDir
    Path dir;

    @Test
    void writersKeepNoLargeDirectBufferOnceTheCapIsSetFirstInMain() throws Exception {
        long direct = directBytesAfterWrites(true);
        assertThat(direct).isLessThan(WRITE_BYTES);
    }

    @Test
    void withoutTheCapEveryWriterKeepsABufferAsLargeAsItsWrite() throws Exception {
        long direct = directBytesAfterWrites(false);
        assertThat(direct).isGreaterThanOrEqualTo((long) WRITERS * WRITE_BYTES);
    }

    @Test
    void aValueGivenOnTheCommandLineWins() {
        String before = System.getProperty(NioBufferCache.PROPERTY);
        try {
            System.setProperty(NioBufferCache.PROPERTY, "1024");
            NioBufferCache.limit();
            assertThat(System.getProperty(NioBufferCache.PROPERTY)).isEqualTo("1024");
        } finally {
            if (before == null) System.clearProperty(NioBufferCache.PROPERTY);
            else System.setProperty(NioBufferCache.PROPERTY, before);
        }
    }

    /** Runs {@link Writers} in a child JVM and returns the direct memory it reports after the writes. */
    private long directBytesAfterWrites(boolean cap) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Writers.class.getName());
        command.add(Boolean.toString(cap));
        command.add(dir.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return Long.parseLong(out.lines().reduce((a, b) -> b).orElseThrow());
    }

    /** The child JVM: optionally the hub's first step, then the writer threads; prints the direct pool's use. */
    public static final class Writers {
        public static void main(String[] args) throws Exception {
            if (Boolean.parseBoolean(args[0])) NioBufferCache.limit();
            Path dir = Path.of(args[1]);
            // the writers stay alive while the pool is read: a thread's cache is freed when it ends
            CountDownLatch written = new CountDownLatch(WRITERS);
            CountDownLatch measured = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < WRITERS; i++) {
                Path file = dir.resolve("w" + i + "-" + args[0]);
                Thread t = new Thread(() -> write(file, written, measured));
                t.start();
                threads.add(t);
            }
            if (!written.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("writers did not finish");
            long used = 0;
            for (BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
                if (pool.getName().equals("direct")) used = pool.getMemoryUsed();
            }
            measured.countDown();
            for (Thread t : threads) t.join();
            System.out.println(used);
        }

        private static void write(Path file, CountDownLatch written, CountDownLatch measured) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                ByteBuffer heap = ByteBuffer.allocate(WRITE_BYTES);
                while (heap.hasRemaining()) ch.write(heap);
                written.countDown();
                measured.await(30, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
