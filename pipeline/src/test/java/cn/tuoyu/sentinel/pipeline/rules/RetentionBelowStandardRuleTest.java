package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.NINE;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.online;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.report;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.subjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.DeviceScenario;
import org.junit.jupiter.api.Test;

class RetentionBelowStandardRuleTest {
  private final RetentionBelowStandardRule rule = new RetentionBelowStandardRule();
  private final RuleSettings defaults = RuleCatalog.defaults(RuleIds.RETENTION_BELOW_STANDARD);

  private static DeviceScenario watched() {
    return DeviceScenario.in(DeviceFixtures.watched());
  }

  @Test
  void eightyNineDaysIsBelowTheStandard() {
    assertThat(watched().camera(report("C1", true, true, 89, NINE)).observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.ruleId()).isEqualTo(RuleIds.RETENTION_BELOW_STANDARD);
              assertThat(o.subject()).isEqualTo(SubjectKey.camera(Fixtures.INSTITUTION_ID, "C1"));
              assertThat(o.since()).isNull();
              assertThat(o.silence()).isFalse();
              assertThat(o.message()).isEqualTo("摄像头 C1（托小班 R1）录像保存 89 天，低于标准（不少于 90 天）");
              assertThat(o.details())
                  .containsExactly(entry("retentionDays", 89), entry("minRetentionDays", 90.0));
            });
  }

  @Test
  void ninetyDaysMeetsIt() {
    assertThat(watched().camera(report("C1", true, true, 90, NINE)).observe(rule)).isEmpty();
  }

  @Test
  void aRetentionNeverReportedIsNoBreachAndTheLatestKnownOneCounts() {
    assertThat(watched().camera(online("C1", NINE)).observe(rule)).isEmpty();
    assertThat(
            watched()
                .camera(report("C1", true, true, 30, NINE), online("C1", NINE.plusSeconds(30)))
                .observe(rule))
        .hasSize(1);
    assertThat(
            watched()
                .camera(report("C1", true, true, 30, NINE), report("C1", true, true, 180, NINE))
                .observe(rule))
        .isEmpty();
  }

  @Test
  void theMinimumIsARuleParameter() {
    DeviceScenario scenario =
        watched()
            .camera(report("C1", true, true, 89, NINE))
            .camera(report("C2", true, true, 29, NINE))
            .settings(rule.id(), defaults.withThreshold(RuleCatalog.MIN_RETENTION_DAYS, 30));

    assertThat(scenario.observe(rule))
        .singleElement()
        .satisfies(o -> assertThat(o.message()).endsWith("录像保存 29 天，低于标准（不少于 30 天）"));
  }

  @Test
  void onlyCamerasInTheReferenceDataInSubjectOrder() {
    assertThat(
            subjects(
                watched()
                    .camera(report("C3", false, null, 7, NINE))
                    .camera(report("C-X", true, true, 7, NINE))
                    .camera(report("C2", true, true, 7, NINE))
                    .observe(rule)))
        .containsExactly("320402-0007/camera/C2", "320402-0007/camera/C3");
  }

  @Test
  void disabledReportsNothing() {
    InstitutionSnapshot s = watched().camera(report("C1", true, true, 7, NINE)).snapshot();

    assertThat(rule.observe(s, defaults.withEnabled(false))).isEmpty();
  }
}
