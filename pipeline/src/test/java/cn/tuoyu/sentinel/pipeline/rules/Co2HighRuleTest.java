package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.NINE;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.reading;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.subjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.DeviceScenario;
import cn.tuoyu.sentinel.schema.SensorMetric;
import java.util.List;
import org.junit.jupiter.api.Test;

class Co2HighRuleTest {
  private final Co2HighRule rule = new Co2HighRule();
  private final RuleSettings defaults = RuleCatalog.defaults(RuleIds.CO2_HIGH);

  private List<Observation> observe(double ppm) {
    return DeviceScenario.in(DeviceFixtures.watched())
        .sensor(reading("Q1", "R2", SensorMetric.CO2_PPM, ppm, NINE))
        .observe(rule);
  }

  @Test
  void aboveOneThousandPpmIsABreach() {
    assertThat(observe(1001))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.ruleId()).isEqualTo(RuleIds.CO2_HIGH);
              assertThat(o.subject())
                  .isEqualTo(SubjectKey.sensor(Fixtures.INSTITUTION_ID, "R2", "Q1"));
              assertThat(o.since()).isNull();
              assertThat(o.silence()).isFalse();
              assertThat(o.message()).isEqualTo("乳儿班 R2 传感器 Q1：二氧化碳 1001 ppm，超过标准（不高于 1000 ppm）");
              assertThat(o.details())
                  .containsExactly(
                      entry("valuePpm", 1001.0),
                      entry("maxPpm", 1000.0),
                      entry("measuredAt", "2026-11-23T09:00:00+08:00"));
            });
  }

  @Test
  void exactlyOneThousandIsAllowed() {
    assertThat(observe(1000)).isEmpty();
    assertThat(observe(1000.5)).hasSize(1);
  }

  @Test
  void theLatestReadingCounts() {
    assertThat(
            DeviceScenario.in(DeviceFixtures.watched())
                .sensor(
                    reading("Q1", "R2", SensorMetric.CO2_PPM, 1500, NINE),
                    reading("Q1", "R2", SensorMetric.CO2_PPM, 800, NINE.plusSeconds(60)))
                .observe(rule))
        .isEmpty();
  }

  @Test
  void theLimitIsARuleParameterAndBreachesComeInSubjectOrder() {
    List<Observation> found =
        DeviceScenario.in(DeviceFixtures.watched())
            .sensor(reading("Q2", "R1", SensorMetric.CO2_PPM, 900, NINE))
            .sensor(reading("Q1", "R2", SensorMetric.CO2_PPM, 850, NINE))
            .sensor(reading("Q3", "R1", SensorMetric.CO2_PPM, 700, NINE))
            .settings(rule.id(), defaults.withThreshold(RuleCatalog.MAX_PPM, 800))
            .observe(rule);

    assertThat(subjects(found))
        .containsExactly("320402-0007/room/R1/sensor/Q2", "320402-0007/room/R2/sensor/Q1");
  }

  @Test
  void disabledReportsNothing() {
    InstitutionSnapshot s =
        DeviceScenario.in(DeviceFixtures.watched())
            .sensor(reading("Q1", "R2", SensorMetric.CO2_PPM, 5000, NINE))
            .snapshot();

    assertThat(rule.observe(s, defaults.withEnabled(false))).isEmpty();
  }
}
