package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.NINE;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.camera;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.offline;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.online;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import cn.tuoyu.sentinel.schema.ClassType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CameraFlappingRuleTest {
  private static final long HOUR = 3_600_000L;
  private static final long T0 = NINE.toEpochMilli();

  private final RuleSettings defaults = RuleCatalog.defaults(RuleIds.CAMERA_FLAPPING);

  @Test
  void defaultsAreThreeTransitionsWithinAnHour() {
    assertThat(CameraFlappingRule.windowMillis(defaults)).isEqualTo(HOUR);
    assertThat(CameraFlappingRule.minTransitions(defaults)).isEqualTo(3);
  }

  @ParameterizedTest(name = "windowSeconds {0} → {1} ms")
  @CsvSource({
    "1.5, 1500",
    "21600, 21600000",
    "86400, 21600000",
    "1e300, 21600000",
    "0, 1",
    "-60, 1",
    "0.0004, 1"
  })
  void theWindowIsCappedAtSixHoursAndAtLeastOneMillisecond(double seconds, long millis) {
    assertThat(
            CameraFlappingRule.windowMillis(
                defaults.withThreshold(RuleCatalog.WINDOW_SECONDS, seconds)))
        .isEqualTo(millis);
    assertThat(CameraFlappingRule.MAX_WINDOW).isEqualTo(Duration.ofHours(6));
  }

  @ParameterizedTest(name = "minTransitions {0} → {1}")
  @CsvSource({"3, 3", "5.7, 5", "2, 2", "1, 2", "0, 2", "-4, 2"})
  void fewerThanTwoTransitionsCountAsTwo(double configured, int effective) {
    assertThat(
            CameraFlappingRule.minTransitions(
                defaults.withThreshold(RuleCatalog.MIN_TRANSITIONS, configured)))
        .isEqualTo(effective);
  }

  @Test
  void twoTransitionsDoNotCompleteThreeDo() {
    assertThat(CameraFlappingRule.completes(1, T0, 2, T0 + 60_000, 3, HOUR)).isFalse();
    assertThat(CameraFlappingRule.completes(1, T0, 3, T0 + 120_000, 3, HOUR)).isTrue();
    assertThat(CameraFlappingRule.completes(4, T0, 7, T0 + 120_000, 3, HOUR)).isTrue();
    assertThat(CameraFlappingRule.completes(1, T0, 2, T0 + 60_000, 2, HOUR)).isTrue();
  }

  @Test
  void bothWindowEndsAreInclusive() {
    assertThat(CameraFlappingRule.completes(1, T0, 3, T0 + HOUR, 3, HOUR)).isTrue();
    assertThat(CameraFlappingRule.completes(1, T0, 3, T0 + HOUR + 1, 3, HOUR)).isFalse();
    assertThat(CameraFlappingRule.completes(1, T0, 3, T0, 3, HOUR)).isTrue();
    assertThat(CameraFlappingRule.completes(1, T0, 3, T0 - 1, 3, HOUR)).isFalse();
  }

  @Test
  void theObservationNamesTheCameraItsRoomAndTheCount() {
    Observation o =
        CameraFlappingRule.observation(
            Fixtures.INSTITUTION_ID,
            DeviceFixtures.room("R1", ClassType.TODDLER_12_24, List.of("C1")),
            "C1",
            T0,
            T0 + 1_200_000,
            3,
            HOUR);

    assertThat(o.ruleId()).isEqualTo(RuleIds.CAMERA_FLAPPING);
    assertThat(o.subject()).isEqualTo(SubjectKey.camera(Fixtures.INSTITUTION_ID, "C1"));
    assertThat(o.since()).isEqualTo(NINE);
    assertThat(o.silence()).isFalse();
    assertThat(o.message()).isEqualTo("摄像头 C1（托小班 R1）60 分钟内掉线 3 次");
    assertThat(o.details())
        .containsExactly(
            entry("transitions", 3L),
            entry("windowMinutes", 60.0),
            entry("firstAt", "2026-11-23T09:00:00+08:00"),
            entry("lastAt", "2026-11-23T09:20:00+08:00"));
  }

  @Test
  void aCameraNoRoomListsIsNamedAlone() {
    Observation o =
        CameraFlappingRule.observation(Fixtures.INSTITUTION_ID, null, "C9", T0, T0, 2, 90_000);

    assertThat(o.message()).isEqualTo("摄像头 C9 90 秒内掉线 2 次");
    assertThat(o.details()).contains(entry("windowMinutes", 1.5));
  }

  @Test
  void quietAWholeWindowAfterTheLatestTransition() {
    CameraState flapped =
        camera(
            online("C1", NINE),
            offline("C1", NINE.plusSeconds(60)),
            online("C1", NINE.plusSeconds(120)),
            offline("C1", NINE.plusSeconds(180)),
            offline("C1", NINE.plusSeconds(240)));

    assertThat(CameraFlappingRule.quietAt(flapped, defaults))
        .contains(NINE.plusSeconds(180).plusMillis(HOUR));
    assertThat(
            CameraFlappingRule.quietAt(
                flapped, defaults.withThreshold(RuleCatalog.WINDOW_SECONDS, 600)))
        .contains(NINE.plusSeconds(780));
  }

  @Test
  void noQuietInstantWithoutATransitionOnceSignalledOrWhenDisabled() {
    assertThat(CameraFlappingRule.quietAt(camera(online("C1", NINE)), defaults)).isEmpty();
    // A first-ever OFFLINE report is not a transition.
    assertThat(CameraFlappingRule.quietAt(camera(offline("C1", NINE)), defaults)).isEmpty();

    CameraState flapped = camera(online("C1", NINE), offline("C1", NINE.plusSeconds(60)));
    CameraState signalled = flapped.copy();
    signalled.setFlappingQuietSignalled(true);
    assertThat(CameraFlappingRule.quietAt(signalled, defaults)).isEmpty();
    assertThat(CameraFlappingRule.quietAt(flapped, defaults.withEnabled(false))).isEmpty();

    // A new transition resets the signal.
    CameraState again =
        CameraState.apply(
            CameraState.apply(signalled, online("C1", NINE.plusSeconds(120))),
            offline("C1", NINE.plusSeconds(180)));
    assertThat(CameraFlappingRule.quietAt(again, defaults))
        .contains(NINE.plusSeconds(180).plusMillis(HOUR));
  }
}
