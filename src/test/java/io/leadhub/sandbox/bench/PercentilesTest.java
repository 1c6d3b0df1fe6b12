package io.leadhub.sandbox.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The benchmark's summary arithmetic: nearest-rank percentiles, rates and scaling. */
class PercentilesTest {

    @Test
    void nearestRankOfOneToAHundred() {
        List<Integer> samples =
                new ArrayList<>(IntStream.rangeClosed(1, 100).boxed().toList());
        Collections.shuffle(samples);
        Percentiles p = Percentiles.of(samples);
        assertThat(p.count()).isEqualTo(100);
        assertThat(p.p50()).isEqualTo(50);
        assertThat(p.p99()).isEqualTo(99);
        assertThat(p.max()).isEqualTo(100);
    }

    @Test
    void smallSetsTakeTheSampleAtOrAboveTheRank() {
        Percentiles one = Percentiles.of(List.of(7L));
        assertThat(one.p50()).isEqualTo(7);
        assertThat(one.p99()).isEqualTo(7);
        assertThat(one.max()).isEqualTo(7);

        // ten samples: p50 is the 5th, p99 the 10th (ceil(9.9)); one slow sample shows at p99, not at p50
        Percentiles ten = Percentiles.of(List.of(10, 11, 12, 13, 14, 15, 16, 17, 18, 900));
        assertThat(ten.p50()).isEqualTo(14);
        assertThat(ten.p99()).isEqualTo(900);

        // 200 samples: p99 is the 198th, so the two slowest are beyond it
        List<Double> twoHundred = new ArrayList<>();
        for (int i = 1; i <= 200; i++) twoHundred.add(i <= 198 ? 100.0 : 5000.0);
        assertThat(Percentiles.of(twoHundred).p99()).isEqualTo(100.0);
        assertThat(Percentiles.of(twoHundred).max()).isEqualTo(5000.0);
    }

    @Test
    void noSamplesGiveNaNAndBadPercentilesAreRefused() {
        Percentiles none = Percentiles.of(List.of());
        assertThat(none.count()).isZero();
        assertThat(none.p50()).isNaN();
        assertThat(none.p99()).isNaN();
        assertThat(none.max()).isNaN();
        assertThatThrownBy(() -> Percentiles.rank(new double[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Percentiles.rank(new double[] {1}, 101)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ratesAndScaling() {
        assertThat(Percentiles.perSecond(5000, 2_500_000_000L)).isEqualTo(2000.0);
        assertThat(Percentiles.perSecond(10, 0)).isNaN();
        assertThat(Percentiles.scaled(27, 1000, 1000)).isEqualTo(27.0);
        assertThat(Percentiles.scaled(30, 2000, 1000)).isEqualTo(15.0);
        assertThat(Percentiles.scaled(5, 0, 1000)).isNaN();
    }
}
