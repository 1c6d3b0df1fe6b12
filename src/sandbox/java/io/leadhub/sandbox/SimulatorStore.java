package io.leadhub.sandbox;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Persistent record store of the vendor simulators, in its own H2 database (deliberately not a
 * Spring DataSource bean: the hub's DataSource stays the only one). Records survive a hub restart,
 * so a hub killed mid-import finds the vendor data it already wrote.
 *
 * <p>Objects whose name starts with {@code _} are internal (tokens, authorization codes, flags):
 * they are not listed in stats and survive a plain reset.
 *
 * <p>Thread-safety: every mutating call and every {@link #inTransaction} block runs under a
 * per-vendor lock (re-entrant), and (vendor, object, unique_key) is a unique index.
 */
@Component
@Profile("sandbox")
public class SimulatorStore implements AutoCloseable {

    public static final String DEFAULT_URL = "jdbc:h2:file:./data/sandbox-vendors;AUTO_SERVER=FALSE;WRITE_DELAY=20";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Connection keepAlive;
    private volatile Clock clock = Clock.systemUTC();

    public SimulatorStore(@Value("${hub.sandbox.store-url:" + DEFAULT_URL + "}") String url) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(url);
        ds.setUser("sa");
        ds.setPassword("");
        try {
            // keeps the database open between requests (H2 closes it with its last connection)
            this.keepAlive = ds.getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open simulator store " + url, e);
        }
        this.jdbc = new JdbcTemplate(ds);
        this.tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        createSchema();
    }

    private void createSchema() {
        jdbc.execute("""
                CREATE TABLE IF NOT EXISTS sim_record (
                  vendor VARCHAR(64) NOT NULL,
                  object VARCHAR(64) NOT NULL,
                  id VARCHAR(128) NOT NULL,
                  unique_key VARCHAR(512),
                  data CLOB NOT NULL,
                  created_at BIGINT NOT NULL,
                  updated_at BIGINT NOT NULL,
                  PRIMARY KEY (vendor, object, id))""");
        jdbc.execute("CREATE UNIQUE INDEX IF NOT EXISTS sim_record_ukey ON sim_record (vendor, object, unique_key)");
        // a lookup key that need not be unique (Marketo's email: createDuplicate makes a second lead with it)
        jdbc.execute("ALTER TABLE sim_record ADD COLUMN IF NOT EXISTS match_key VARCHAR(512)");
        jdbc.execute("CREATE INDEX IF NOT EXISTS sim_record_mkey ON sim_record (vendor, object, match_key)");
        jdbc.execute("""
                CREATE TABLE IF NOT EXISTS sim_sequence (
                  vendor VARCHAR(64) NOT NULL,
                  name VARCHAR(64) NOT NULL,
                  next_value BIGINT NOT NULL,
                  PRIMARY KEY (vendor, name))""");
    }

    /** For tests: the clock used for created/updated timestamps. */
    public void setClock(Clock clock) {
        this.clock = clock;
    }

    public long now() {
        return clock.millis();
    }

    private Object lock(String vendor) {
        return locks.computeIfAbsent(vendor, v -> new Object());
    }

    /** Runs {@code work} atomically (one DB transaction, under the vendor's lock). */
    public <T> T inTransaction(String vendor, Supplier<T> work) {
        synchronized (lock(vendor)) {
            return tx.execute(status -> work.get());
        }
    }

    public void inTransaction(String vendor, Runnable work) {
        inTransaction(vendor, () -> {
            work.run();
            return null;
        });
    }

    /** Next value of a per-vendor sequence; the first call answers {@code start}. Never reused, not even after a reset. */
    public long nextId(String vendor, String sequence, long start) {
        synchronized (lock(vendor)) {
            return tx.execute(status -> {
                int updated = jdbc.update(
                        "UPDATE sim_sequence SET next_value = next_value + 1 WHERE vendor = ? AND name = ?",
                        vendor,
                        sequence);
                if (updated == 0) {
                    jdbc.update(
                            "INSERT INTO sim_sequence (vendor, name, next_value) VALUES (?, ?, ?)",
                            vendor,
                            sequence,
                            start + 1);
                    return start;
                }
                Long next = jdbc.queryForObject(
                        "SELECT next_value FROM sim_sequence WHERE vendor = ? AND name = ?",
                        Long.class,
                        vendor,
                        sequence);
                return next - 1;
            });
        }
    }

    public SimRecord insert(String vendor, String object, String id, String uniqueKey, ObjectNode data) {
        return insert(vendor, object, id, uniqueKey, null, data);
    }

    /** Inserts a record with a non-unique lookup key as well ({@link #findByMatchKeys}). */
    public SimRecord insert(
            String vendor, String object, String id, String uniqueKey, String matchKey, ObjectNode data) {
        synchronized (lock(vendor)) {
            long now = now();
            jdbc.update(
                    "INSERT INTO sim_record (vendor, object, id, unique_key, match_key, data, created_at, updated_at)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    vendor,
                    object,
                    id,
                    uniqueKey,
                    matchKey,
                    SandboxJson.write(data),
                    now,
                    now);
            return new SimRecord(vendor, object, id, uniqueKey, data.deepCopy(), now, now);
        }
    }

    /** Replaces the payload (and unique key) of an existing record; empty when it does not exist. */
    public Optional<SimRecord> update(String vendor, String object, String id, String uniqueKey, ObjectNode data) {
        synchronized (lock(vendor)) {
            long now = now();
            int n = jdbc.update(
                    "UPDATE sim_record SET unique_key = ?, data = ?, updated_at = ? WHERE vendor = ? AND object = ? AND id = ?",
                    uniqueKey,
                    SandboxJson.write(data),
                    now,
                    vendor,
                    object,
                    id);
            return n == 0 ? Optional.empty() : findById(vendor, object, id);
        }
    }

    /** Replaces the payload keeping the record's unique key. */
    public Optional<SimRecord> update(String vendor, String object, String id, ObjectNode data) {
        synchronized (lock(vendor)) {
            return findById(vendor, object, id).flatMap(r -> update(vendor, object, id, r.uniqueKey(), data));
        }
    }

    public boolean delete(String vendor, String object, String id) {
        synchronized (lock(vendor)) {
            return jdbc.update("DELETE FROM sim_record WHERE vendor = ? AND object = ? AND id = ?", vendor, object, id)
                    > 0;
        }
    }

    public Optional<SimRecord> findById(String vendor, String object, String id) {
        return jdbc
                .query(
                        "SELECT * FROM sim_record WHERE vendor = ? AND object = ? AND id = ?",
                        MAPPER,
                        vendor,
                        object,
                        id)
                .stream()
                .findFirst();
    }

    public Optional<SimRecord> findByUniqueKey(String vendor, String object, String uniqueKey) {
        if (uniqueKey == null) {
            return Optional.empty();
        }
        return jdbc
                .query(
                        "SELECT * FROM sim_record WHERE vendor = ? AND object = ? AND unique_key = ?",
                        MAPPER,
                        vendor,
                        object,
                        uniqueKey)
                .stream()
                .findFirst();
    }

    /** Sets the non-unique lookup key of a record ({@code null} clears it). */
    public void setMatchKey(String vendor, String object, String id, String matchKey) {
        synchronized (lock(vendor)) {
            jdbc.update(
                    "UPDATE sim_record SET match_key = ? WHERE vendor = ? AND object = ? AND id = ?",
                    matchKey,
                    vendor,
                    object,
                    id);
        }
    }

    /** The records whose lookup key is one of {@code keys}, oldest first: an index lookup, not a scan. */
    public List<SimRecord> findByMatchKeys(String vendor, String object, Collection<String> keys) {
        if (keys.isEmpty()) return List.of();
        String marks = String.join(", ", Collections.nCopies(keys.size(), "?"));
        List<Object> args = new ArrayList<>(List.of(vendor, object));
        args.addAll(keys);
        return jdbc.query(
                "SELECT * FROM sim_record WHERE vendor = ? AND object = ? AND match_key IN (" + marks
                        + ") ORDER BY created_at, id",
                MAPPER,
                args.toArray());
    }

    /** An object's records that have no lookup key yet (records stored before keys were kept). */
    public List<SimRecord> withoutMatchKey(String vendor, String object) {
        return jdbc.query(
                "SELECT * FROM sim_record WHERE vendor = ? AND object = ? AND match_key IS NULL",
                MAPPER,
                vendor,
                object);
    }

    /** All records of an object, oldest first. */
    public List<SimRecord> list(String vendor, String object) {
        return jdbc.query(
                "SELECT * FROM sim_record WHERE vendor = ? AND object = ? ORDER BY created_at, id",
                MAPPER,
                vendor,
                object);
    }

    public long count(String vendor, String object) {
        Long n = jdbc.queryForObject(
                "SELECT COUNT(*) FROM sim_record WHERE vendor = ? AND object = ?", Long.class, vendor, object);
        return n == null ? 0 : n;
    }

    /** Record counts per object (internal {@code _} objects excluded). */
    public Map<String, Long> countPerObject(String vendor) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.query(
                "SELECT object, COUNT(*) AS n FROM sim_record WHERE vendor = ? AND object NOT LIKE '\\_%' ESCAPE '\\' GROUP BY object ORDER BY object",
                rs -> {
                    counts.put(rs.getString("object"), rs.getLong("n"));
                },
                vendor);
        return counts;
    }

    /** Deletes a vendor's records; internal {@code _} objects only when {@code includeInternal}. */
    public int deleteAll(String vendor, boolean includeInternal) {
        synchronized (lock(vendor)) {
            if (includeInternal) {
                return jdbc.update("DELETE FROM sim_record WHERE vendor = ?", vendor);
            }
            return jdbc.update(
                    "DELETE FROM sim_record WHERE vendor = ? AND object NOT LIKE '\\_%' ESCAPE '\\'", vendor);
        }
    }

    /** Deletes every record of the listed objects of a vendor. */
    public int deleteObjects(String vendor, Collection<String> objects) {
        synchronized (lock(vendor)) {
            int n = 0;
            for (String object : objects) {
                n += jdbc.update("DELETE FROM sim_record WHERE vendor = ? AND object = ?", vendor, object);
            }
            return n;
        }
    }

    @Override
    @PreDestroy
    public void close() {
        try {
            keepAlive.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    private static final RowMapper<SimRecord> MAPPER = (rs, i) -> new SimRecord(
            rs.getString("vendor"),
            rs.getString("object"),
            rs.getString("id"),
            rs.getString("unique_key"),
            SandboxJson.parseObject(rs.getString("data")),
            rs.getLong("created_at"),
            rs.getLong("updated_at"));
}
