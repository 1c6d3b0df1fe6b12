package io.leadhub.platform;

/**
 * Caps the JDK's per-thread cache of temporary direct buffers before anything uses NIO.
 *
 * <p>A write of a heap {@code ByteBuffer} to a {@code FileChannel} goes through a temporary direct buffer
 * of the same size, which the JDK then keeps in a cache of the writing thread, unbounded by default. An
 * embedded H2 database that writes each commit at once ({@code WRITE_DELAY=0}) writes a chunk of its store
 * from whichever thread commits, so every enrichment, sync and web thread ended up holding a direct buffer
 * as large as the largest chunk it ever wrote (several MB under a large import). Under {@code -Xmx256m},
 * whose direct memory limit is the heap size, that ran out of direct memory during a 100,000-row import.
 * With the cap a larger temporary buffer is freed after the write instead of being kept, whatever database
 * URL an operator gives.
 *
 * <p>The JDK reads {@code jdk.nio.maxCachedBufferSize} once, when its NIO utility class initialises, so
 * this runs first in {@code main}; a value given on the command line wins.
 */
public final class NioBufferCache {
    /** The system property the JDK reads (bytes). */
    public static final String PROPERTY = "jdk.nio.maxCachedBufferSize";
    /** Buffers up to this size stay cached per thread; larger ones are freed after use. */
    public static final long MAX_CACHED_BYTES = 256 * 1024;

    private NioBufferCache() {}

    /** Sets the cap unless the command line set one. */
    public static void limit() {
        if (System.getProperty(PROPERTY) == null) System.setProperty(PROPERTY, Long.toString(MAX_CACHED_BYTES));
    }
}
