package cn.tuoyu.sentinel.pipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AlertIdsTest {
  private static final SubjectKey R1 = SubjectKey.room("320402-0007", "R1");
  private static final Instant STARTED = Instant.parse("2026-11-23T02:00:00Z");

  @Test
  void isStableAcrossRunsAndVersions() {
    // Golden value, computed independently:
    // printf 'ROOM_UNATTENDED|320402-0007/room/R1|1795399200000' | sha256sum | cut -c1-24
    assertThat(AlertIds.alertId(RuleIds.ROOM_UNATTENDED, R1, STARTED))
        .isEqualTo("ac780cf08e0c4e81476a9512");
  }

  @Test
  void isTwentyFourLowerCaseHexCharacters() {
    assertThat(AlertIds.alertId(RuleIds.CO2_HIGH, SubjectKey.sensor("x", "R1", "T1"), STARTED))
        .matches("[0-9a-f]{24}");
  }

  @Test
  void changesWithEveryInput() {
    Set<String> ids =
        Set.of(
            AlertIds.alertId(RuleIds.ROOM_UNATTENDED, R1, STARTED),
            AlertIds.alertId(RuleIds.RATIO_BELOW_STANDARD, R1, STARTED),
            AlertIds.alertId(
                RuleIds.ROOM_UNATTENDED, SubjectKey.room("320402-0007", "R2"), STARTED),
            AlertIds.alertId(
                RuleIds.ROOM_UNATTENDED, SubjectKey.room("320402-0008", "R1"), STARTED),
            AlertIds.alertId(
                RuleIds.ROOM_UNATTENDED, SubjectKey.institution("320402-0007"), STARTED),
            AlertIds.alertId(RuleIds.ROOM_UNATTENDED, R1, STARTED.plusMillis(1)));

    assertThat(ids).hasSize(6);
  }

  @Test
  void onlyMillisecondsOfTheStartMatter() {
    assertThat(AlertIds.alertId(RuleIds.ROOM_UNATTENDED, R1, STARTED.plusNanos(999_999)))
        .isEqualTo(AlertIds.alertId(RuleIds.ROOM_UNATTENDED, R1, STARTED));
  }
}
