package cn.tuoyu.sentinel.jobs.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How far an archived period counts as complete when its replay reaches the end. */
class ReplayPeriodEndTest {
  private static final Instant UNTIL = Instant.parse("2026-12-06T04:28:00Z");
  private static final Duration BOUND = Duration.ofSeconds(5);

  @Test
  void theWholePeriodOnceTheArchiveReachesBeyondItByTheBound() {
    assertThat(ReplayJob.periodEnd(UNTIL, UNTIL.plusSeconds(5), BOUND))
        .isEqualTo(UNTIL.toEpochMilli());
    assertThat(ReplayJob.periodEnd(UNTIL, UNTIL.plusSeconds(3600), BOUND))
        .isEqualTo(UNTIL.toEpochMilli());
  }

  @Test
  void asFarAsTheLatestEventTakesTheWatermarkWhenTheArchiveEndsInsideThePeriod() {
    Instant latest = UNTIL.minusSeconds(60);
    assertThat(ReplayJob.periodEnd(UNTIL, latest, BOUND))
        .isEqualTo(latest.toEpochMilli() - BOUND.toMillis());
  }

  @Test
  void nothingWithoutAnyEvent() {
    assertThat(ReplayJob.periodEnd(UNTIL, null, BOUND)).isEqualTo(Long.MIN_VALUE);
  }
}
