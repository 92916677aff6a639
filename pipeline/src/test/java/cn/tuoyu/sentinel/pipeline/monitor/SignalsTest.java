package cn.tuoyu.sentinel.pipeline.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.pipeline.rules.Observation;
import cn.tuoyu.sentinel.pipeline.rules.RuleCatalog;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.pipeline.rules.RuleSettings;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignalsTest {
  private static final long NINE = MonitorFixtures.today("09:00:00");

  private static ConditionSignal startWithHold(Duration hold) {
    RuleSettings settings = RuleCatalog.defaults(RuleIds.CO2_HIGH).withHoldMillis(hold.toMillis());
    Observation o =
        new Observation(
            RuleIds.CO2_HIGH,
            SubjectKey.sensor(MonitorFixtures.INSTITUTION_ID, "R1", "A1"),
            null,
            "托小班 R1 二氧化碳超标",
            Map.of("ppm", 1300.0));
    return Signals.start(o, settings, MonitorFixtures.institution().build(), NINE);
  }

  @Test
  void aHoldWithinThePatternsWindowIsKept() {
    ConditionSignal s = startWithHold(Duration.ofMinutes(10));
    assertThat(s.holdMillis).isEqualTo(Duration.ofMinutes(10).toMillis());
    assertThat(s.dueAt).isEqualTo(NINE + Duration.ofMinutes(10).toMillis());
    assertThat(s.since).isEqualTo(NINE);
    assertThat(s.alertId).isNotBlank();
    assertThat(Instant.ofEpochMilli(s.ts)).isEqualTo(Instant.ofEpochMilli(NINE));
  }

  @Test
  void aHoldLongerThanThePatternsWithinIsCappedSoTheAlertCanStillOpen() {
    ConditionSignal s = startWithHold(Duration.ofDays(3));
    assertThat(s.holdMillis).isEqualTo(HeldConditionPattern.MAX_HOLD.toMillis());
    assertThat(s.dueAt).isEqualTo(NINE + HeldConditionPattern.MAX_HOLD.toMillis());
  }
}
