package cn.tuoyu.sentinel.jobs.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayProgressTest {
  @Test
  void theBarShowsTheShareReadTheRateAndTheTimeLeft() {
    assertThat(ReplayJob.bar(50_000, 200_000, 2_000_000_000L))
        .startsWith("[██████░░░░░░░░░░░░░░░░░░]  25% · 50,000 / 200,000 records")
        .contains("25,000/s")
        .endsWith("ETA 6 s");
    assertThat(ReplayJob.bar(0, 10, 1_000_000_000L)).contains("  0%").endsWith("ETA ?");
    assertThat(ReplayJob.bar(10, 10, 1_000_000_000L)).contains("100%").endsWith("ETA 0 s");
    assertThat(ReplayJob.bar(0, 0, 1)).contains("100%");
  }
}
