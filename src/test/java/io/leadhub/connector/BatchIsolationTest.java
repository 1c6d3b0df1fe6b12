package io.leadhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadhub.connector.BatchIsolation.Rejection;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The isolation rules on a scripted vendor: which leads fail, which clear, and how many calls it took. */
class BatchIsolationTest {
    private final List<List<SyncItem>> calls = new ArrayList<>();

    private static List<SyncItem> leads(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> new SyncItem(i, null, null, null, null))
                .toList();
    }

    /** A vendor that answers with {@code answer} per group; a group it accepts clears every lead. */
    private BatchIsolation.Call<SyncItem> vendor(Function<List<SyncItem>, Rejection> answer) {
        return group -> {
            calls.add(group);
            Rejection why = answer.apply(group);
            if (why == null) group.forEach(i -> i.clear("contact", "v" + i.syncId(), null, true));
            return why;
        };
    }

    private static boolean holds(List<SyncItem> group, SyncItem poison) {
        return group.contains(poison);
    }

    @Test
    void aRecordsBadValueIsIsolatedByHalvingAndTheOthersClear() {
        List<SyncItem> items = leads(100);
        SyncItem poison = items.get(50);
        new BatchIsolation(100)
                .send(
                        items,
                        List::of,
                        vendor(g -> holds(g, poison)
                                ? Rejection.of(ErrorCategory.DATA_VALUE_VALIDATION, "INVALID_OPTION", "bad option")
                                : null));

        assertThat(poison.outcome().cleared()).isFalse();
        assertThat(poison.outcome().vendorCode()).isEqualTo("INVALID_OPTION");
        assertThat(poison.nextBatchCap()).as("a value problem is not retried").isNull();
        assertThat(items.stream().filter(i -> i != poison))
                .allMatch(i -> i.outcome().cleared());
        assertThat(calls).hasSizeLessThanOrEqualTo(1 + 2 * 7);
        assertThat(poison.trace()).anyMatch(t -> t.contains("splitting to isolate the bad record"));
    }

    @Test
    void aRecordThatBreaksTheVendorIsIsolatedOnceAHalfIsAnswered() {
        List<SyncItem> items = leads(100);
        SyncItem poison = items.get(49);
        new BatchIsolation(100)
                .send(
                        items,
                        List::of,
                        vendor(g -> holds(g, poison)
                                ? Rejection.of(ErrorCategory.VENDOR_UNAVAILABLE, "HTTP_500", "server error")
                                : null));

        assertThat(poison.outcome().category()).isEqualTo(ErrorCategory.VENDOR_UNAVAILABLE);
        assertThat(poison.nextBatchCap()).as("its retry goes alone").isEqualTo(1);
        assertThat(items.stream().filter(i -> i != poison))
                .allMatch(i -> i.outcome().cleared() && i.nextBatchCap() == null);
    }

    @Test
    void aVendorThatAnswersNothingCostsThreeCallsAndMarksTheLeadsForSmallerGroups() {
        List<SyncItem> items = leads(100);
        new BatchIsolation(100)
                .send(items, List::of, vendor(g -> Rejection.of(ErrorCategory.VENDOR_UNAVAILABLE, "HTTP_503", "down")));

        assertThat(calls).extracting(List::size).containsExactly(100, 50, 50);
        assertThat(items)
                .allMatch(i -> i.outcome().category() == ErrorCategory.VENDOR_UNAVAILABLE && i.nextBatchCap() == 50);
    }

    @Test
    void evidenceFromAnotherCallOfTheBatchBisectsAtOnce() {
        List<SyncItem> items = leads(8);
        SyncItem poison = items.get(3);
        new BatchIsolation(100)
                .vendorAnswered()
                .send(
                        items,
                        List::of,
                        vendor(g -> holds(g, poison)
                                ? Rejection.of(ErrorCategory.VENDOR_UNAVAILABLE, "HTTP_500", "server error")
                                : null));

        assertThat(calls).extracting(List::size).containsExactly(8, 4, 2, 2, 1, 1, 4);
        assertThat(items.stream().filter(i -> i != poison))
                .allMatch(i -> i.outcome().cleared());
    }

    @Test
    void suspectsAreRetriedInGroupsNoLargerThanTheirCapAfterTheOthers() {
        List<SyncItem> items = new ArrayList<>(leads(10));
        List<SyncItem> suspects = leads(8);
        suspects.forEach(s -> s.batchCap(4));
        items.addAll(suspects);
        SyncItem poison = suspects.get(5);
        new BatchIsolation(100)
                .send(
                        items,
                        List::of,
                        vendor(g -> holds(g, poison)
                                ? Rejection.of(ErrorCategory.VENDOR_UNAVAILABLE, "HTTP_500", "server error")
                                : null));

        assertThat(calls.subList(0, 3)).extracting(List::size).containsExactly(10, 4, 4);
        assertThat(poison.outcome().cleared()).isFalse();
        assertThat(poison.nextBatchCap()).isEqualTo(1);
        assertThat(items.stream().filter(i -> i != poison))
                .allMatch(i -> i.outcome().cleared());
    }

    @Test
    void aMissingFieldFailsEveryLeadInOneCall() {
        List<SyncItem> items = leads(100);
        new BatchIsolation(100)
                .send(
                        items,
                        List::of,
                        vendor(g -> Rejection.of(
                                ErrorCategory.MISSING_REMOTE_FIELD, "PROPERTY_DOESNT_EXIST", "no property 'foo_bar'")));

        assertThat(calls).hasSize(1);
        assertThat(items)
                .allMatch(
                        i -> i.outcome().category() == ErrorCategory.MISSING_REMOTE_FIELD && i.nextBatchCap() == null);
    }

    @Test
    void aMissingFieldFailsOnlyTheRecordsCarryingItAndTheOthersAreSentAgain() {
        List<SyncItem> items = leads(10);
        List<SyncItem> carrying = items.subList(0, 3);
        new BatchIsolation(100)
                .send(
                        items,
                        List::of,
                        vendor(g -> g.stream().anyMatch(carrying::contains)
                                ? Rejection.of(
                                                ErrorCategory.MISSING_REMOTE_FIELD,
                                                "PROPERTY_DOESNT_EXIST",
                                                "no property")
                                        .onlyFor(carrying)
                                : null));

        assertThat(calls).extracting(List::size).containsExactly(10, 7);
        assertThat(carrying).allMatch(i -> i.outcome().category() == ErrorCategory.MISSING_REMOTE_FIELD);
        assertThat(items.subList(3, 10)).allMatch(i -> i.outcome().cleared());
    }

    @Test
    void refusedCredentialsEndTheBatch() {
        List<SyncItem> items = leads(4);
        assertThatThrownBy(() -> new BatchIsolation(100).send(items, List::of, g -> {
                    throw new VendorCallException(ErrorCategory.AUTHENTICATION, "401", "token refused");
                }))
                .isInstanceOf(VendorCallException.class);
        assertThat(items).allMatch(SyncItem::pending);
    }

    @Test
    void chunksFollowTheVendorsBatchSize() {
        assertThat(BatchIsolation.chunks(IntStream.range(0, 250).boxed().toList(), 100))
                .extracting(List::size)
                .containsExactly(100, 100, 50);
        assertThat(BatchIsolation.chunks(List.of(), 100)).isEmpty();
    }
}
