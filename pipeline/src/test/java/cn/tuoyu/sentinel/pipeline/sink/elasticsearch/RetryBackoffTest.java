package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
  private final RetryBackoff backoff = RetryBackoff.DEFAULT;

  @Test
  void ceilingDoublesFrom200MillisUpTo30Seconds() {
    assertThat(IntStream.range(0, 11).mapToObj(backoff::ceiling).map(Duration::toMillis))
        .containsExactly(
            200L, 400L, 800L, 1_600L, 3_200L, 6_400L, 12_800L, 25_600L, 30_000L, 30_000L, 30_000L);
  }

  @Test
  void ceilingNeverOverflowsForLongOutages() {
    assertThat(backoff.ceiling(61)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.ceiling(62)).isEqualTo(Duration.ofSeconds(30));
    assertThat(backoff.ceiling(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void delayIsJitteredBetweenHalfTheCeilingAndTheCeiling() {
    assertThat(backoff.delay(0, 0.0)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.delay(0, 0.5)).isEqualTo(Duration.ofMillis(150));
    assertThat(backoff.delay(0, 0.999_999)).isEqualTo(Duration.ofMillis(199));
    assertThat(backoff.delay(3, 0.0)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.delay(20, 0.0)).isEqualTo(Duration.ofSeconds(15));
    assertThat(backoff.delay(20, 0.999_999)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void delaysGrowWithTheAttemptWhateverTheJitter() {
    // Until the cap: then the ceiling stops doubling and the jitter range overlaps.
    for (int attempt = 0; attempt < 7; attempt++) {
      assertThat(backoff.delay(attempt + 1, 0.0))
          .isGreaterThanOrEqualTo(backoff.delay(attempt, 0.999));
    }
  }

  @Test
  void invalidSettingsAreRefused() {
    assertThatThrownBy(() -> new RetryBackoff(Duration.ZERO, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> backoff.delay(0, 1.0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> backoff.ceiling(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
