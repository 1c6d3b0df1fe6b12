package io.leadhub.connector;

import com.google.common.collect.Lists;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Sends a batch's records to a vendor in calls of at most the vendor's batch size and narrows a
 * call the vendor refuses as a whole until the record that causes it is alone (SPEC §11: one bad
 * record never fails its batch-mates). Every batch connector writes through it; the connector
 * makes the call and reads per-record answers, this class decides what happens to a call that got
 * no per-record answer ({@link Rejection}):
 * <ul>
 * <li><b>A record's fault</b> ({@link Scope#RECORD}: a 4xx about a value, not about credentials,
 * permissions or the schema): the group is split in halves and each half sent again, recursively;
 * the record left alone fails with the vendor's reason and the others clear.</li>
 * <li><b>Every record's fault</b> ({@link Scope#EVERY_RECORD}: a missing field or object, a missing
 * permission or scope): splitting cannot help, so the records it names (all of the group unless
 * the vendor named the field and only some records carry it) fail at once; no more calls.</li>
 * <li><b>The vendor failed</b> ({@link Scope#UNAVAILABLE}: 5xx or no answer after the shared
 * retries). A record can cause that too, so the group is split like a record's fault while the
 * vendor is evidently up: another call of this batch was answered (the connector's lookup, a
 * sibling half, an earlier chunk; {@link #vendorAnswered()}). Without that evidence the first
 * split is a probe: when neither half gets an answer either, the vendor is taken to be down and
 * the leads fail VENDOR_UNAVAILABLE (three calls, not 2N).</li>
 * </ul>
 * <b>Suspects.</b> A lead failing VENDOR_UNAVAILABLE here remembers the size of the group it
 * failed in ({@link SyncItem#retryInGroupsOf}, stored as {@code lead_sync.batch_cap}): half of its
 * batch when the vendor answered nothing, 1 when it was isolated. When it is retried it is a suspect:
 * it is sent after the other leads (whose answers are evidence) and in groups no larger than its
 * cap, so the retry starts where the last attempt stopped instead of re-sending the same failing
 * batch, and the probe rule above applies inside each group. Each retry that still gets no answer
 * halves the groups again; as soon as any call is answered the failing groups are bisected until
 * the record that breaks the vendor is alone (cap 1: it is then retried alone and never fails its
 * batch-mates again). A cleared lead forgets its cap. The cost stays bounded while a vendor is
 * down: three calls per group, and the groups only shrink as the retries (at most
 * {@code hub.sync.max-attempts}) go on.
 */
public final class BatchIsolation {
    /** Whose fault a whole-call failure is. */
    public enum Scope {
        RECORD,
        EVERY_RECORD,
        UNAVAILABLE
    }

    /**
     * A call the vendor did not answer per record. {@code affected}: for EVERY_RECORD, the records
     * the failure applies to (e.g. those carrying the missing field); null = every record of the call.
     */
    public record Rejection(
            Scope scope, ErrorCategory category, String code, String message, Instant retryAt, Collection<?> affected) {

        /** A whole-call failure of {@code category}; its scope follows from the category. */
        public static Rejection of(ErrorCategory category, String code, String message) {
            return new Rejection(scopeOf(category), category, code, message, null, null);
        }

        public static Rejection of(VendorCallException e) {
            return new Rejection(
                    scopeOf(e.category()), e.category(), e.vendorCode(), e.getMessage(), e.retryAt(), null);
        }

        /** The same failure, for only these records of the call (the others are sent again). */
        public Rejection onlyFor(Collection<?> records) {
            return new Rejection(scope, category, code, message, retryAt, records);
        }

        static Scope scopeOf(ErrorCategory category) {
            return switch (category) {
                case VENDOR_UNAVAILABLE -> Scope.UNAVAILABLE;
                case AUTHENTICATION, PERMISSION, MISSING_REMOTE_FIELD, RATE_LIMITED, QUOTA_EXHAUSTED, INTERNAL ->
                    Scope.EVERY_RECORD;
                default -> Scope.RECORD;
            };
        }
    }

    /** One vendor call for a group of records: null when the vendor answered per record (the connector recorded those answers). */
    @FunctionalInterface
    public interface Call<T> {
        Rejection send(List<T> group);
    }

    /** How a record fails; by default its leads fail with the rejection's category, code and message. */
    @FunctionalInterface
    public interface Failure<T> {
        void fail(T record, Rejection why);
    }

    private final int max;
    private boolean answered;

    /** {@code max}: the vendor's batch size (records per call). */
    public BatchIsolation(int max) {
        if (max < 1) throw new IllegalArgumentException("batch size must be at least 1");
        this.max = max;
    }

    /** Evidence that the vendor is up: another call of this batch was answered. */
    public BatchIsolation vendorAnswered() {
        answered = true;
        return this;
    }

    /** Partitions a list into lists of at most {@code max} (Guava's {@link Lists#partition}, views of {@code all}). */
    public static <T> List<List<T>> chunks(List<T> all, int max) {
        return all.isEmpty() ? List.of() : Lists.partition(all, max);
    }

    /** Sends the records; a failing record's leads fail with the rejection (see {@link #send(List, Function, Call, Failure)}). */
    public <T> void send(List<T> records, Function<T, List<SyncItem>> leads, Call<T> call) {
        send(
                records,
                leads,
                call,
                (record, why) -> leads.apply(record)
                        .forEach(i -> i.fail(why.category(), why.code(), why.message(), why.retryAt())));
    }

    /**
     * Sends the records in calls of at most the batch size (suspects in smaller groups, after the
     * others) and isolates what the vendor refuses. {@code leads}: the hub leads a record stands
     * for (several when de-duplicated). A {@link VendorCallException} from the call counts as a
     * rejection when it is VENDOR_UNAVAILABLE or about the records; credentials, throttling and
     * quota end the batch and propagate.
     */
    public <T> void send(List<T> records, Function<T, List<SyncItem>> leads, Call<T> call, Failure<T> failure) {
        Run<T> run = new Run<>(leads, call, failure);
        for (List<T> chunk : groups(records, leads)) run.attempt(new ArrayList<>(chunk), false);
        run.settleParked();
    }

    private <T> List<List<T>> groups(List<T> records, Function<T, List<SyncItem>> leads) {
        List<T> plain = new ArrayList<>();
        List<T> suspects = new ArrayList<>();
        int cap = max;
        for (T r : records) {
            Integer c = leads.apply(r).stream()
                    .map(SyncItem::batchCap)
                    .filter(Objects::nonNull)
                    .min(Integer::compare)
                    .orElse(null);
            if (c == null) {
                plain.add(r);
            } else {
                suspects.add(r);
                cap = Math.min(cap, Math.max(1, c));
            }
        }
        List<List<T>> out = new ArrayList<>(chunks(plain, max));
        out.addAll(chunks(suspects, cap));
        return out;
    }

    /** One {@code send}: the recursion, and the groups parked while the vendor has not answered yet. */
    private final class Run<T> {
        private final Function<T, List<SyncItem>> leads;
        private final Call<T> call;
        private final Failure<T> failure;
        private final List<List<T>> parked = new ArrayList<>();
        private final List<Rejection> parkedWhy = new ArrayList<>();

        Run(Function<T, List<SyncItem>> leads, Call<T> call, Failure<T> failure) {
            this.leads = leads;
            this.call = call;
            this.failure = failure;
        }

        /** {@code probing}: the group is a half of a split made without evidence that the vendor is up. */
        void attempt(List<T> group, boolean probing) {
            Rejection why = send(group);
            if (why == null) {
                answered = true;
                return;
            }
            switch (why.scope()) {
                case EVERY_RECORD -> {
                    answered = true;
                    List<T> hit = why.affected() == null
                            ? group
                            : group.stream().filter(why.affected()::contains).toList();
                    if (hit.isEmpty()) hit = group;
                    for (T r : hit) failure.fail(r, why);
                    List<T> rest = new ArrayList<>(group);
                    rest.removeAll(hit);
                    if (!rest.isEmpty()) attempt(rest, probing);
                }
                case RECORD -> {
                    answered = true;
                    if (group.size() == 1) {
                        failure.fail(group.get(0), why);
                    } else {
                        trace(
                                group,
                                "batch of " + group.size() + " rejected as a whole" + code(why)
                                        + "; splitting to isolate the bad record");
                        split(group, false);
                    }
                }
                case UNAVAILABLE -> {
                    if (group.size() == 1) {
                        failUnavailable(group, why);
                    } else if (answered || !probing) {
                        trace(
                                group,
                                "call for " + group.size() + " records failed" + code(why) + "; splitting to find out "
                                        + "whether one record causes it");
                        split(group, !answered);
                    } else {
                        parked.add(group);
                        parkedWhy.add(why);
                    }
                }
            }
        }

        /** Parked groups: bisected when some call has been answered since, else failed as a batch the vendor did not answer. */
        void settleParked() {
            for (int i = 0; i < parked.size(); i++) {
                List<T> group = parked.get(i);
                if (answered) {
                    trace(
                            group,
                            "call for " + group.size() + " records failed" + code(parkedWhy.get(i))
                                    + " while the vendor answered other calls; splitting to isolate the record that causes it");
                    split(group, false);
                } else {
                    trace(
                            group,
                            "the vendor answered no part of this batch: it looks down; the retry sends these leads in groups of "
                                    + "at most " + group.size());
                    failUnavailable(group, parkedWhy.get(i));
                }
            }
        }

        private void split(List<T> group, boolean probing) {
            int half = group.size() / 2;
            attempt(new ArrayList<>(group.subList(0, half)), probing);
            attempt(new ArrayList<>(group.subList(half, group.size())), probing);
        }

        private void failUnavailable(List<T> group, Rejection why) {
            for (T r : group) {
                failure.fail(r, why);
                leads.apply(r).forEach(i -> i.retryInGroupsOf(group.size()));
            }
        }

        private Rejection send(List<T> group) {
            try {
                return call.send(group);
            } catch (VendorCallException e) {
                Rejection why = Rejection.of(e);
                boolean aboutTheRecords = why.scope() != Scope.EVERY_RECORD
                        || why.category() == ErrorCategory.PERMISSION
                        || why.category() == ErrorCategory.MISSING_REMOTE_FIELD;
                if (!aboutTheRecords || VendorCallException.INTEGRATION_INACTIVE.equals(e.vendorCode())) throw e;
                return why;
            }
        }

        private void trace(List<T> group, String line) {
            for (T r : group) leads.apply(r).forEach(i -> i.trace(line));
        }
    }

    private static String code(Rejection why) {
        return " (" + why.category() + (why.code() == null || why.code().isBlank() ? "" : " " + why.code()) + ")";
    }
}
