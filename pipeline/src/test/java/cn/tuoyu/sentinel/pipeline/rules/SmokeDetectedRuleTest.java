package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.NINE;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.reading;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.subjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.DeviceScenario;
import cn.tuoyu.sentinel.schema.SensorMetric;
import java.time.Instant;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class SmokeDetectedRuleTest {
  private static final Instant ALARM = NINE.plusSeconds(120);

  private final SmokeDetectedRule rule = new SmokeDetectedRule();

  private static DeviceScenario watched() {
    return DeviceScenario.in(DeviceFixtures.watched());
  }

  @Test
  void aSmokeAlarmBreachesSinceItsReading() {
    assertThat(
            watched()
                .sensor(
                    reading("S1", "R1", SensorMetric.SMOKE, 0, NINE),
                    reading("S1", "R1", SensorMetric.SMOKE, 1, ALARM))
                .at(ALARM)
                .observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.ruleId()).isEqualTo(RuleIds.SMOKE_DETECTED);
              assertThat(o.subject())
                  .isEqualTo(SubjectKey.sensor(Fixtures.INSTITUTION_ID, "R1", "S1"));
              assertThat(o.since()).isEqualTo(ALARM);
              assertThat(o.silence()).isFalse();
              assertThat(o.message()).isEqualTo("托小班 R1 传感器 S1：09:02 检测到烟雾报警");
              assertThat(o.details())
                  .containsExactly(
                      entry("smoke", 1.0), entry("measuredAt", "2026-11-23T09:02:00+08:00"));
            });
  }

  @Test
  void zeroIsClear() {
    assertThat(watched().sensor(reading("S1", "R1", SensorMetric.SMOKE, 0, NINE)).observe(rule))
        .isEmpty();
    assertThat(
            watched()
                .sensor(
                    reading("S1", "R1", SensorMetric.SMOKE, 1, NINE),
                    reading("S1", "R1", SensorMetric.SMOKE, 0, ALARM))
                .at(ALARM)
                .observe(rule))
        .isEmpty();
  }

  @Test
  void otherMetricsOfTheSameDeviceDoNotClearIt() {
    assertThat(
            watched()
                .sensor(
                    reading("S1", "R1", SensorMetric.SMOKE, 1, NINE),
                    reading("S1", "R1", SensorMetric.TEMPERATURE_C, 22, ALARM))
                .at(ALARM)
                .observe(rule))
        .singleElement()
        .satisfies(o -> assertThat(o.since()).isEqualTo(NINE));
    assertThat(
            watched()
                .sensor(reading("T1", "R1", SensorMetric.TEMPERATURE_C, 99, NINE))
                .observe(rule))
        .isEmpty();
  }

  @Test
  void sensorsInUnknownRoomsOrNoRoomAreCoveredInSubjectOrder() {
    DeviceScenario scenario =
        watched()
            .sensor(reading("S2", null, SensorMetric.SMOKE, 1, NINE))
            .sensor(reading("S1", "R9", SensorMetric.SMOKE, 1, NINE));

    assertThat(subjects(scenario.observe(rule)))
        .containsExactly("320402-0007/room/R9/sensor/S1", "320402-0007/sensor/S2");
    assertThat(scenario.observe(rule))
        .extracting(Observation::message)
        .containsExactly("房间 R9 传感器 S1：09:00 检测到烟雾报警", "传感器 S2：09:00 检测到烟雾报警");
  }

  @Test
  void dependsOnSensors() {
    assertThat(rule.inputs()).isEqualTo(EnumSet.of(RuleInput.SENSOR));
  }

  @Test
  void disabledReportsNothing() {
    InstitutionSnapshot s =
        watched().sensor(reading("S1", "R1", SensorMetric.SMOKE, 1, NINE)).snapshot();

    assertThat(rule.observe(s, RuleCatalog.defaults(rule.id()).withEnabled(false))).isEmpty();
  }
}
