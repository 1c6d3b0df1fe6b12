package io.leadhub.connector;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.springframework.core.env.Environment;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Vendor rate windows per integration, shared by every instance of the hub on the same database
 * (table {@code rate_window}, Flyway V11). Every vendor call passes {@link #acquire} first and
 * {@link #pause} is used when the vendor says to slow down (a 429 / Retry-After, or remaining = 0
 * in its rate headers), so bulk and single calls of all instances share one budget per integration
 * (one org and vendor). Settings: {@code hub.vendors.<vendor>.rate-limit.requests} (R, default 100)
 * per {@code hub.vendors.<vendor>.rate-limit.period} (P, default 10 s).
 *
 * <p><b>Guarantee</b>: an exact rolling window. The integration's row holds the start times of the
 * calls let through within the last P; a call is let through at time t only when fewer than R of
 * them are later than t − P and no pause runs past t, and t is added in the same write. So in any
 * half-open interval of length P at most R calls are let through, counted across all instances
 * (equivalently: the (k+R)-th call starts at least P after the k-th), while a steady load still gets
 * the whole R per P and a quiet integration its burst of R at once. (A token bucket of capacity C
 * refilled at r lets C + r·P through in one period; keeping that within R would cost either the
 * burst or part of the steady rate.) Times are the instances' clocks: they are assumed synchronised
 * (NTP); an instance whose clock runs ahead by d can let a call through up to d early. The recorded
 * start is the moment the window lets the call through; the request leaves right after the write.
 *
 * <p><b>Database work per call</b>: one statement in the usual case. An instance keeps the image of
 * the row it last read or wrote, decides from it, and writes the new start list with
 * {@code UPDATE … WHERE revision = <the revision it read>}. The update is atomic on both H2 and
 * PostgreSQL (the row lock, and the condition checked again on the row that is current then), so
 * when another instance wrote first (a call or a pause) it changes nothing, and the instance reads
 * the row again (a second statement) and decides anew. Since the image was taken the row can only
 * have gained calls and pauses: room the image shows may be gone (then the write fails, as above),
 * but a wait the image calls for is one the row calls for too, so waiting on the image wastes no
 * budget and needs no statement. No lock is held across a wait: the statements run in autocommit, outside any transaction of the
 * caller (never holding a row lock or a connection while waiting). Threads of one instance queue on
 * a local lock per integration, so at most one of them talks to the database for that integration
 * at a time.
 *
 * <p>A wait lasts until the window has room and any pause has ended, like the in-JVM window before
 * it; an interrupt ends it with {@link ErrorCategory#VENDOR_UNAVAILABLE}.
 */
@Component
public class RateLimiter {
    private final Map<String, Gate> gates = new ConcurrentHashMap<>();
    private final Environment env;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate outside;
    private final Clock clock = Clock.systemUTC();

    public RateLimiter(Environment env, JdbcTemplate jdbc, PlatformTransactionManager transactions) {
        this.env = env;
        this.jdbc = jdbc;
        this.outside = new TransactionTemplate(transactions);
        this.outside.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
    }

    /** Blocks until one more call of the integration fits in its window and no pause holds it. */
    public void acquire(String vendor, long integrationId) {
        grant(vendor, integrationId);
    }

    /**
     * No calls of the integration start, on any instance, until {@code wait} has passed (a running
     * pause that ends later is kept).
     */
    public void pause(String vendor, long integrationId, Duration wait) {
        Timestamp until = Timestamp.from(Instant.ofEpochMilli(clock.millis() + wait.toMillis()));
        outside.executeWithoutResult(status -> {
            if (extendPause(integrationId, until) == 0 && read(integrationId).isEmpty()) {
                create(integrationId);
                extendPause(integrationId, until);
            }
        });
        Gate gate = gates.get(key(vendor, integrationId));
        if (gate != null) {
            gate.lock.lock();
            try {
                gate.seen = null; // stale now: read the pause before the next decision
                gate.changed.signalAll();
            } finally {
                gate.lock.unlock();
            }
        }
    }

    /** {@link #acquire}, answering the moment the call was let through (epoch milliseconds). */
    long grant(String vendor, long integrationId) {
        Gate gate = gates.computeIfAbsent(key(vendor, integrationId), k -> new Gate(requests(vendor), period(vendor)));
        try {
            gate.lock.lockInterruptibly();
            try {
                while (true) {
                    if (gate.seen == null) gate.seen = load(integrationId);
                    long clockNow = clock.millis();
                    // never before the newest recorded start, so the list stays in order
                    long now = Math.max(clockNow, gate.seen.newest());
                    long openAt = gate.seen.openAt(now, gate.requests, gate.periodMillis);
                    if (openAt > now) {
                        gate.changed.await(openAt - clockNow, TimeUnit.MILLISECONDS);
                        continue;
                    }
                    Row next = gate.seen.withStart(now, gate.periodMillis);
                    if (write(integrationId, gate.seen.revision, next)) {
                        gate.seen = next;
                        return now;
                    }
                    gate.seen = null; // another instance wrote first: read the row again
                }
            } finally {
                gate.lock.unlock();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VendorCallException(
                    ErrorCategory.VENDOR_UNAVAILABLE, null, "interrupted while waiting for the rate window");
        }
    }

    private int requests(String vendor) {
        int requests = env.getProperty("hub.vendors." + vendor + ".rate-limit.requests", Integer.class, 100);
        if (requests < 1) throw new IllegalStateException("hub.vendors." + vendor + ".rate-limit.requests must be ≥ 1");
        return requests;
    }

    private long period(String vendor) {
        return env.getProperty("hub.vendors." + vendor + ".rate-limit.period", Duration.class, Duration.ofSeconds(10))
                .toMillis();
    }

    private static String key(String vendor, long integrationId) {
        return vendor + ":" + integrationId;
    }

    private Row load(long integrationId) {
        return outside.execute(status -> {
            while (true) {
                List<Row> rows = read(integrationId);
                if (!rows.isEmpty()) return rows.get(0);
                create(integrationId);
            }
        });
    }

    private List<Row> read(long integrationId) {
        return jdbc.query(
                "SELECT revision, paused_until, starts FROM rate_window WHERE integration_id = ?",
                RateLimiter::row,
                integrationId);
    }

    /** The integration's row, empty; a row another instance created meanwhile is kept. */
    private void create(long integrationId) {
        try {
            int created = jdbc.update(
                    "INSERT INTO rate_window (integration_id, org_id, vendor, revision, starts) "
                            + "SELECT id, org_id, vendor, 0, '' FROM integration WHERE id = ?",
                    integrationId);
            if (created == 0) throw VendorCallException.integrationInactive("deleted");
        } catch (DuplicateKeyException createdElsewhere) {
            // the other instance's row serves
        }
    }

    private boolean write(long integrationId, long revision, Row next) {
        Integer updated = outside.execute(status -> jdbc.update(
                "UPDATE rate_window SET starts = ?, revision = ? WHERE integration_id = ? AND revision = ?",
                encode(next.starts),
                next.revision,
                integrationId,
                revision));
        return updated != null && updated == 1;
    }

    private int extendPause(long integrationId, Timestamp until) {
        return jdbc.update(
                "UPDATE rate_window SET paused_until = ?, revision = revision + 1 "
                        + "WHERE integration_id = ? AND (paused_until IS NULL OR paused_until < ?)",
                until,
                integrationId,
                until);
    }

    private static Row row(ResultSet rs, int i) throws SQLException {
        Timestamp paused = rs.getTimestamp("paused_until");
        return new Row(
                rs.getLong("revision"),
                paused == null ? 0 : paused.toInstant().toEpochMilli(),
                decode(rs.getString("starts")));
    }

    /** Start times as stored: the first in epoch milliseconds, then each one's distance to the one before. */
    static String encode(long[] starts) {
        StringBuilder s = new StringBuilder(starts.length * 4);
        for (int i = 0; i < starts.length; i++) {
            if (i > 0) s.append(',');
            s.append(i == 0 ? starts[0] : starts[i] - starts[i - 1]);
        }
        return s.toString();
    }

    static long[] decode(String stored) {
        if (stored == null || stored.isEmpty()) return new long[0];
        String[] parts = stored.split(",");
        long[] starts = new long[parts.length];
        for (int i = 0; i < parts.length; i++) {
            long value = Long.parseLong(parts[i].trim());
            starts[i] = i == 0 ? value : starts[i - 1] + value;
        }
        return starts;
    }

    /** The image of an integration's row: the calls let through within the last period, oldest first. */
    record Row(long revision, long pausedUntil, long[] starts) {
        long newest() {
            return starts.length == 0 ? 0 : starts[starts.length - 1];
        }

        /** The earliest moment (≥ now) a call may start: now when there is room and no pause. */
        long openAt(long now, int requests, long periodMillis) {
            long at = Math.max(now, pausedUntil);
            int live = starts.length - firstLive(now, periodMillis);
            // the R-th newest start must leave the window before one more call fits
            if (live >= requests) at = Math.max(at, starts[starts.length - requests] + periodMillis);
            return at;
        }

        /** This row with a call started at {@code now} and the starts older than one period dropped. */
        Row withStart(long now, long periodMillis) {
            int from = firstLive(now, periodMillis);
            long[] next = Arrays.copyOfRange(starts, from, starts.length + 1);
            next[next.length - 1] = now;
            return new Row(revision + 1, pausedUntil, next);
        }

        /** Index of the first start still inside the window (later than now − period). */
        private int firstLive(long now, long periodMillis) {
            int i = 0;
            while (i < starts.length && starts[i] <= now - periodMillis) i++;
            return i;
        }
    }

    /** The instance's side of one integration's window: its threads queue here, and the row image. */
    private static final class Gate {
        final int requests;
        final long periodMillis;
        final ReentrantLock lock = new ReentrantLock();
        final Condition changed = lock.newCondition();
        Row seen;

        Gate(int requests, long periodMillis) {
            this.requests = requests;
            this.periodMillis = periodMillis;
        }
    }
}
