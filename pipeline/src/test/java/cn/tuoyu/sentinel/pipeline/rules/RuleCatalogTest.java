package cn.tuoyu.sentinel.pipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import cn.tuoyu.sentinel.schema.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RuleCatalogTest {
  /** The rules table of rules.md. */
  @ParameterizedTest(name = "{0}: hold {1} s, {2}")
  @CsvSource({
    "RATIO_BELOW_STANDARD, 120, MAJOR",
    "ROOM_UNATTENDED, 30, CRITICAL",
    "CLASS_OVER_CAPACITY, 120, MAJOR",
    "INSTITUTION_OVER_LICENSE, 600, MINOR",
    "STAFF_UNCERTIFIED_ON_DUTY, 60, MINOR",
    "CHILD_NOT_PICKED_UP, 1800, MAJOR",
    "CAMERA_OFFLINE, 90, MAJOR",
    "SURVEILLANCE_GAP, 60, CRITICAL",
    "RECORDING_STOPPED, 60, MAJOR",
    "RETENTION_BELOW_STANDARD, 0, MINOR",
    "CAMERA_FLAPPING, 0, MINOR",
    "INSTITUTION_OFFLINE, 300, MAJOR",
    "SMOKE_DETECTED, 0, CRITICAL",
    "TEMPERATURE_OUT_OF_RANGE, 600, MINOR",
    "CO2_HIGH, 600, MINOR",
    "SENSOR_SILENT, 600, MINOR"
  })
  void holdAndSeverityAsInTheCatalogue(String ruleId, long holdSeconds, Severity severity) {
    RuleSettings defaults = RuleCatalog.defaults(ruleId);

    assertThat(defaults.enabled()).isTrue();
    assertThat(defaults.holdMillis()).isEqualTo(holdSeconds * 1000);
    assertThat(defaults.severity()).isEqualTo(severity);
  }

  @Test
  void coversEveryRuleAndNothingElse() {
    assertThat(RuleCatalog.allDefaults().keySet()).containsExactlyElementsOf(RuleIds.ALL);
    assertThatThrownBy(() -> RuleCatalog.defaults("NAP_CHECK_MISSED"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("NAP_CHECK_MISSED");
  }

  @Test
  void classStandards() {
    assertThat(RuleCatalog.defaults(RuleIds.RATIO_BELOW_STANDARD).thresholds())
        .containsOnly(
            entry("ratioInfant", 3.0),
            entry("ratioToddlerSmall", 5.0),
            entry("ratioToddlerLarge", 7.0),
            entry("ratioMixed", 5.0),
            entry("ratioFamily", 3.0));
    assertThat(RuleCatalog.defaults(RuleIds.CLASS_OVER_CAPACITY).thresholds())
        .containsOnly(
            entry("maxInfant", 10.0),
            entry("maxToddlerSmall", 15.0),
            entry("maxToddlerLarge", 20.0),
            entry("maxMixed", 18.0),
            entry("maxFamily", 5.0));
  }

  @Test
  void deviceAndEnvironmentThresholds() {
    assertThat(RuleCatalog.defaults(RuleIds.RETENTION_BELOW_STANDARD).thresholds())
        .containsOnly(entry("minRetentionDays", 90.0));
    assertThat(RuleCatalog.defaults(RuleIds.CAMERA_FLAPPING).thresholds())
        .containsOnly(entry("minTransitions", 3.0), entry("windowSeconds", 3600.0));
    assertThat(RuleCatalog.defaults(RuleIds.CO2_HIGH).thresholds())
        .containsOnly(entry("maxPpm", 1000.0));
    assertThat(RuleCatalog.defaults(RuleIds.TEMPERATURE_OUT_OF_RANGE).thresholds())
        .containsOnly(
            entry("summerMinC", 22.0),
            entry("summerMaxC", 28.0),
            entry("winterMinC", 16.0),
            entry("winterMaxC", 24.0),
            entry("otherMinC", 16.0),
            entry("otherMaxC", 28.0));
  }

  @Test
  void rulesWithoutThresholdsHaveNone() {
    for (String ruleId :
        new String[] {
          RuleIds.ROOM_UNATTENDED,
          RuleIds.INSTITUTION_OVER_LICENSE,
          RuleIds.STAFF_UNCERTIFIED_ON_DUTY,
          RuleIds.CHILD_NOT_PICKED_UP,
          RuleIds.CAMERA_OFFLINE,
          RuleIds.SURVEILLANCE_GAP,
          RuleIds.RECORDING_STOPPED,
          RuleIds.INSTITUTION_OFFLINE,
          RuleIds.SMOKE_DETECTED,
          RuleIds.SENSOR_SILENT
        }) {
      assertThat(RuleCatalog.defaults(ruleId).thresholds()).as(ruleId).isEmpty();
    }
  }
}
