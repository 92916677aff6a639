package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.NINE;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.reading;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.DeviceScenario;
import cn.tuoyu.sentinel.schema.SensorMetric;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemperatureOutOfRangeRuleTest {
  /** A winter morning (November, like {@link DeviceFixtures#NINE}, is autumn). */
  private static final Instant WINTER = local("2026-12-14T09:00");

  private final TemperatureOutOfRangeRule rule = new TemperatureOutOfRangeRule();
  private final RuleSettings defaults = RuleCatalog.defaults(RuleIds.TEMPERATURE_OUT_OF_RANGE);

  /** Sensor T1 in 托小班 R1 read {@code celsius} at {@code at}, evaluated then. */
  private List<Observation> observe(double celsius, Instant at) {
    return DeviceScenario.in(DeviceFixtures.watched())
        .sensor(reading("T1", "R1", SensorMetric.TEMPERATURE_C, celsius, at))
        .at(at)
        .observe(rule);
  }

  @Test
  void theBandOfAnInstantIsItsSeasonsThresholds() {
    RuleSettings defaults = RuleCatalog.defaults(RuleIds.TEMPERATURE_OUT_OF_RANGE);
    assertThat(TemperatureOutOfRangeRule.band(Instant.parse("2026-07-15T02:00:00Z"), defaults))
        .containsExactly(22.0, 28.0);
    assertThat(TemperatureOutOfRangeRule.band(Instant.parse("2026-01-15T02:00:00Z"), defaults))
        .containsExactly(16.0, 24.0);
    assertThat(TemperatureOutOfRangeRule.band(Instant.parse("2026-11-23T02:00:00Z"), defaults))
        .containsExactly(16.0, 28.0);
    // By the month in Asia/Shanghai: 2026-02-28T17:00Z is already 1 March there.
    assertThat(TemperatureOutOfRangeRule.band(Instant.parse("2026-02-28T17:00:00Z"), defaults))
        .containsExactly(16.0, 28.0);
  }

  @Test
  void tooWarmInWinter() {
    assertThat(observe(25.5, WINTER))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.ruleId()).isEqualTo(RuleIds.TEMPERATURE_OUT_OF_RANGE);
              assertThat(o.subject())
                  .isEqualTo(SubjectKey.sensor(Fixtures.INSTITUTION_ID, "R1", "T1"));
              assertThat(o.since()).isNull();
              assertThat(o.silence()).isFalse();
              assertThat(o.message()).isEqualTo("托小班 R1 传感器 T1：室温 25.5℃，超出冬季标准（16–24℃）");
              assertThat(o.details())
                  .containsExactly(
                      entry("valueC", 25.5),
                      entry("minC", 16.0),
                      entry("maxC", 24.0),
                      entry("season", "winter"),
                      entry("measuredAt", "2026-12-14T09:00:00+08:00"));
            });
  }

  /** Each season switch at local midnight, with a value allowed on one side only. */
  @ParameterizedTest(name = "{0} {1}℃: {2}")
  @CsvSource({
    "2026-02-28T23:59:59, 25, winter",
    "2026-03-01T00:00, 25, ",
    "2026-05-31T23:59:59, 17, ",
    "2026-06-01T00:00, 17, summer",
    "2026-08-31T23:59:59, 17, summer",
    "2026-09-01T00:00, 17, ",
    "2026-11-30T23:59:59, 25, ",
    "2026-12-01T00:00, 25, winter"
  })
  void theSeasonFollowsTheLocalMonth(String localTime, double celsius, String breachedSeason) {
    List<Observation> found = observe(celsius, local(localTime));

    if (breachedSeason == null) {
      assertThat(found).isEmpty();
    } else {
      assertThat(found)
          .singleElement()
          .satisfies(o -> assertThat(o.details()).contains(entry("season", breachedSeason)));
    }
  }

  @ParameterizedTest(name = "{0} {1}℃ breached: {2}")
  @CsvSource({
    "2026-12-14T09:00, 16, false",
    "2026-12-14T09:00, 24, false",
    "2026-12-14T09:00, 15.9, true",
    "2026-12-14T09:00, 24.1, true",
    "2026-07-15T09:00, 22, false",
    "2026-07-15T09:00, 28, false",
    "2026-07-15T09:00, 21.9, true",
    "2026-07-15T09:00, 28.1, true",
    "2026-04-15T09:00, 16, false",
    "2026-04-15T09:00, 28, false",
    "2026-04-15T09:00, 15.9, true",
    "2026-04-15T09:00, 28.1, true"
  })
  void bothEndsOfABandAreAllowed(String localTime, double celsius, boolean breached) {
    assertThat(observe(celsius, local(localTime))).hasSize(breached ? 1 : 0);
  }

  @Test
  void summerAndSpringMessagesNameTheirBand() {
    assertThat(observe(30, local("2026-07-15T14:00")))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.message()).isEqualTo("托小班 R1 传感器 T1：室温 30℃，超出夏季标准（22–28℃）");
              assertThat(o.details()).contains(entry("season", "summer"), entry("valueC", 30.0));
            });
    assertThat(observe(12.25, local("2026-04-15T08:00")))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.message()).isEqualTo("托小班 R1 传感器 T1：室温 12.25℃，超出春秋季标准（16–28℃）");
              assertThat(o.details()).contains(entry("season", "other"));
            });
  }

  @Test
  void theSeasonIsThatOfTheReadingNotOfTheEvaluation() {
    assertThat(
            DeviceScenario.in(DeviceFixtures.watched())
                .sensor(
                    reading("T1", "R1", SensorMetric.TEMPERATURE_C, 25, local("2026-02-28T23:50")))
                .at(local("2026-03-01T00:10"))
                .observe(rule))
        .singleElement()
        .satisfies(o -> assertThat(o.details()).contains(entry("season", "winter")));
  }

  @Test
  void theBandsAreRuleParameters() {
    DeviceScenario scenario =
        DeviceScenario.in(DeviceFixtures.watched())
            .sensor(reading("T1", "R1", SensorMetric.TEMPERATURE_C, 25.5, WINTER))
            .at(WINTER)
            .settings(rule.id(), defaults.withThreshold(RuleCatalog.WINTER_MAX_C, 26));

    assertThat(scenario.observe(rule)).isEmpty();
  }

  @Test
  void lateNovemberIsAutumn() {
    assertThat(observe(25.5, NINE)).isEmpty();
  }

  @Test
  void otherMetricsAreIgnored() {
    assertThat(
            DeviceScenario.in(DeviceFixtures.watched())
                .sensor(reading("Q1", "R1", SensorMetric.CO2_PPM, 5000, NINE))
                .sensor(reading("H1", "R1", SensorMetric.HUMIDITY_PCT, 99, NINE))
                .observe(rule))
        .isEmpty();
  }

  @Test
  void disabledReportsNothing() {
    InstitutionSnapshot s =
        DeviceScenario.in(DeviceFixtures.watched())
            .sensor(reading("T1", "R1", SensorMetric.TEMPERATURE_C, 40, NINE))
            .snapshot();

    assertThat(rule.observe(s, defaults.withEnabled(false))).isEmpty();
  }
}
