package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.NINE;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.reading;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.subjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.DeviceScenario;
import cn.tuoyu.sentinel.schema.SensorMetric;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SensorSilentRuleTest {
  /** The default hold of 10 minutes after 09:00. */
  private static final Instant HOLD_END = NINE.plusSeconds(600);

  private final SensorSilentRule rule = new SensorSilentRule();
  private final RuleSettings defaults = RuleCatalog.defaults(RuleIds.SENSOR_SILENT);

  private static DeviceScenario withT1() {
    return DeviceScenario.in(DeviceFixtures.watched())
        .sensor(reading("T1", "R1", SensorMetric.TEMPERATURE_C, 20, NINE));
  }

  @Test
  void aSensorSilentForTheHoldBreachesSinceItWasLastHeard() {
    DeviceScenario silent = withT1();

    assertThat(silent.at(HOLD_END.minusMillis(1)).observe(rule)).isEmpty();
    assertThat(silent.nextCheck(rule)).contains(HOLD_END);
    assertThat(silent.at(HOLD_END).observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.ruleId()).isEqualTo(RuleIds.SENSOR_SILENT);
              assertThat(o.subject())
                  .isEqualTo(SubjectKey.sensor(Fixtures.INSTITUTION_ID, "R1", "T1"));
              assertThat(o.since()).isEqualTo(NINE);
              assertThat(o.silence()).isTrue();
              assertThat(o.message()).isEqualTo("托小班 R1 传感器 T1：自 09:00 起 10 分钟无数据上报");
              assertThat(o.details())
                  .containsExactly(
                      entry("lastSeenAt", "2026-11-23T09:00:00+08:00"), entry("holdSeconds", 600L));
            });
    assertThat(silent.nextCheck(rule)).isEmpty();
  }

  @Test
  void aReadingOfAnyMetricExactlyAtTheEndOfTheHoldKeepsItAlive() {
    DeviceScenario alive =
        DeviceScenario.in(DeviceFixtures.watched())
            .sensor(
                reading("T1", "R1", SensorMetric.TEMPERATURE_C, 20, NINE),
                reading("T1", "R1", SensorMetric.HUMIDITY_PCT, 50, HOLD_END))
            .at(HOLD_END);

    assertThat(alive.observe(rule)).isEmpty();
    assertThat(alive.nextCheck(rule)).contains(HOLD_END.plusSeconds(600));
  }

  @Test
  void withHoldZeroSilenceIsNotDetected() {
    DeviceScenario scenario =
        withT1().settings(rule.id(), defaults.withHoldMillis(0)).at(NINE.plusSeconds(86_400));

    assertThat(scenario.observe(rule)).isEmpty();
    assertThat(scenario.nextCheck(rule)).isEmpty();
  }

  @Test
  void everySilentSensorInSubjectOrderAndTheEarliestDeadlineAhead() {
    DeviceScenario scenario =
        withT1()
            .sensor(reading("S9", null, SensorMetric.SMOKE, 0, NINE.plusSeconds(30)))
            .sensor(reading("Q1", "R2", SensorMetric.CO2_PPM, 600, NINE.plusSeconds(60)));

    assertThat(scenario.at(NINE.plusSeconds(10)).nextCheck(rule)).contains(HOLD_END);
    assertThat(scenario.at(HOLD_END).nextCheck(rule)).contains(HOLD_END.plusSeconds(30));
    assertThat(subjects(scenario.at(HOLD_END.plusSeconds(60)).observe(rule)))
        .containsExactly(
            "320402-0007/room/R1/sensor/T1",
            "320402-0007/room/R2/sensor/Q1",
            "320402-0007/sensor/S9");
    assertThat(scenario.observe(rule))
        .extracting(Observation::message)
        .contains("传感器 S9：自 09:00 起 10 分钟无数据上报");
  }

  @Test
  void aSilenceSpanningMidnightNamesTheDate() {
    assertThat(withT1().at(NINE.plusSeconds(86_400)).observe(rule))
        .singleElement()
        .satisfies(
            o -> assertThat(o.message()).isEqualTo("托小班 R1 传感器 T1：自 11月23日 09:00 起 10 分钟无数据上报"));
  }

  @Test
  void disabledReportsNothingAndNeedsNoTimer() {
    DeviceScenario silent = withT1();
    RuleSettings disabled = defaults.withEnabled(false);

    assertThat(rule.observe(silent.at(HOLD_END).snapshot(), disabled)).isEmpty();
    assertThat(rule.nextCheck(silent.at(NINE).snapshot(), disabled)).isEmpty();
  }
}
