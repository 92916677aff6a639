package cn.tuoyu.sentinel.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void nearestRankOfOneToHundred() {
    List<Long> samples = LongStream.rangeClosed(1, 100).boxed().toList();
    assertThat(Stats.percentile(samples, 50)).isEqualTo(50);
    assertThat(Stats.percentile(samples, 99)).isEqualTo(99);
    assertThat(Stats.percentile(samples, 100)).isEqualTo(100);
    assertThat(Stats.percentile(samples, 0.5)).isEqualTo(1);
  }

  @Test
  void percentilesAreObservedValues() {
    List<Long> samples = List.of(10L, 20L, 30L, 40L);
    assertThat(Stats.percentile(samples, 50)).isEqualTo(20); // rank ceil(0.5 * 4) = 2
    assertThat(Stats.percentile(samples, 75)).isEqualTo(30);
    assertThat(Stats.percentile(samples, 99)).isEqualTo(40); // with 4 samples p99 is the maximum
  }

  @Test
  void summaryDoesNotDependOnOrder() {
    List<Long> samples = new ArrayList<>(LongStream.rangeClosed(1, 200).boxed().toList());
    Collections.shuffle(samples, new java.util.Random(7));
    Stats s = Stats.of(samples);
    assertThat(s.count()).isEqualTo(200);
    assertThat(s.p50()).isEqualTo(100);
    assertThat(s.p99()).isEqualTo(198);
    assertThat(s.max()).isEqualTo(200);
    assertThat(s.mean()).isEqualTo(100.5);
  }

  @Test
  void singleSampleIsEveryPercentile() {
    Stats s = Stats.of(List.of(7L));
    assertThat(List.of(s.p50(), s.p99(), s.max())).containsOnly(7L);
  }

  @Test
  void noSamplesGiveAnEmptySummaryButNoPercentile() {
    assertThat(Stats.of(List.of())).isEqualTo(Stats.EMPTY);
    assertThatThrownBy(() -> Stats.percentile(List.of(), 50))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Stats.percentile(List.of(1L), 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void secondsHaveTwoDecimals() {
    assertThat(Stats.seconds(2434)).isEqualTo("2.43 s");
    assertThat(Stats.seconds(500)).isEqualTo("0.50 s");
  }
}
