package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.NINE;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.offline;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.online;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.report;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.local;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.subjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.DeviceScenario;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CameraOfflineRuleTest {
  private static final Instant HOLD_END = NINE.plusSeconds(90);

  private final CameraOfflineRule rule = new CameraOfflineRule();
  private final RuleSettings defaults = RuleCatalog.defaults(RuleIds.CAMERA_OFFLINE);

  private static DeviceScenario watched() {
    return DeviceScenario.in(DeviceFixtures.watched());
  }

  @Test
  void anOfflineReportBreachesAtOnceSinceTheCameraWentOffline() {
    Instant wentOffline = local("2026-11-23T09:30");
    List<Observation> found =
        watched()
            .camera(
                online("C1", NINE),
                offline("C1", wentOffline),
                offline("C1", wentOffline.plusSeconds(60)))
            .at(wentOffline.plusSeconds(60))
            .observe(rule);

    assertThat(found)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.ruleId()).isEqualTo(RuleIds.CAMERA_OFFLINE);
              assertThat(o.subject()).isEqualTo(SubjectKey.camera(Fixtures.INSTITUTION_ID, "C1"));
              assertThat(o.since()).isEqualTo(wentOffline);
              assertThat(o.silence()).isFalse();
              assertThat(o.message()).isEqualTo("摄像头 C1（托小班 R1）自 09:30 起离线");
              assertThat(o.details())
                  .containsExactly(
                      entry("status", "OFFLINE"),
                      entry("offlineSince", "2026-11-23T09:30:00+08:00"),
                      entry("lastSeenAt", "2026-11-23T09:31:00+08:00"));
            });
  }

  @Test
  void aFirstEverOfflineReportBreachesToo() {
    assertThat(watched().camera(offline("C3", NINE)).observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.since()).isEqualTo(NINE);
              assertThat(o.message()).isEqualTo("摄像头 C3（乳儿班 R2）自 09:00 起离线");
            });
  }

  @Test
  void anOnlineReportAfterOfflineClears() {
    assertThat(
            watched()
                .camera(offline("C1", NINE), online("C1", NINE.plusSeconds(5)))
                .at(NINE.plusSeconds(5))
                .observe(rule))
        .isEmpty();
  }

  @Test
  void anOnlineCameraWithoutHeartbeatIsSilentFromLastSeenPlusHold() {
    DeviceScenario silent = watched().camera(online("C1", NINE));

    assertThat(silent.at(HOLD_END.minusMillis(1)).observe(rule)).isEmpty();
    assertThat(silent.at(HOLD_END).observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.since()).isEqualTo(NINE);
              assertThat(o.silence()).isTrue();
              assertThat(o.message()).isEqualTo("摄像头 C1（托小班 R1）自 09:00 起 90 秒无心跳");
              assertThat(o.details())
                  .containsExactly(
                      entry("status", "ONLINE"),
                      entry("lastSeenAt", "2026-11-23T09:00:00+08:00"),
                      entry("holdSeconds", 90L));
            });
  }

  @Test
  void aHeartbeatExactlyAtTheEndOfTheHoldKeepsTheCameraOnline() {
    DeviceScenario beat = watched().camera(online("C1", NINE), online("C1", HOLD_END)).at(HOLD_END);

    assertThat(beat.observe(rule)).isEmpty();
    assertThat(beat.nextCheck(rule)).contains(HOLD_END.plusSeconds(90));
  }

  @Test
  void offlineIsNotASilenceEvenAfterTheHold() {
    assertThat(
            watched()
                .camera(online("C1", NINE), offline("C1", NINE.plusSeconds(10)))
                .at(NINE.plusSeconds(3600))
                .observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.silence()).isFalse();
              assertThat(o.since()).isEqualTo(NINE.plusSeconds(10));
            });
  }

  @Test
  void withHoldZeroOnlyExplicitOfflineCounts() {
    DeviceScenario scenario =
        watched()
            .camera(online("C1", NINE))
            .camera(offline("C2", NINE))
            .settings(RuleIds.CAMERA_OFFLINE, defaults.withHoldMillis(0))
            .at(NINE.plusSeconds(86_400));

    assertThat(subjects(scenario.observe(rule))).containsExactly("320402-0007/camera/C2");
    assertThat(scenario.nextCheck(rule)).isEmpty();
  }

  @Test
  void camerasNeverHeardFromOrNotInTheReferenceDataAreNotBreached() {
    DeviceScenario scenario =
        watched()
            .camera(offline("C-X", NINE))
            .camera(online("C-Y", NINE))
            .at(NINE.plusSeconds(3600));

    assertThat(scenario.observe(rule)).isEmpty();
    assertThat(scenario.nextCheck(rule)).isEmpty();
  }

  @Test
  void nextCheckIsTheEarliestSilenceStillAhead() {
    DeviceScenario scenario =
        watched()
            .camera(online("C1", NINE))
            .camera(online("C2", NINE.plusSeconds(40)))
            .camera(offline("C3", NINE));

    assertThat(scenario.at(NINE.plusSeconds(60)).nextCheck(rule)).contains(HOLD_END);
    // C1's deadline has come: the next one is C2's.
    assertThat(scenario.at(HOLD_END).nextCheck(rule)).contains(NINE.plusSeconds(130));
    assertThat(scenario.at(NINE.plusSeconds(130)).nextCheck(rule)).isEmpty();
  }

  @Test
  void reportsBreachesInSubjectOrder() {
    List<Observation> found =
        watched()
            .camera(offline("C3", NINE))
            .camera(online("C2", NINE))
            .camera(report("C1", false, true, 90, NINE))
            .at(HOLD_END)
            .observe(rule);

    assertThat(subjects(found))
        .containsExactly("320402-0007/camera/C1", "320402-0007/camera/C2", "320402-0007/camera/C3");
    assertThat(found).extracting(Observation::silence).containsExactly(false, true, false);
  }

  @Test
  void disabledReportsNothingAndNeedsNoTimer() {
    DeviceScenario scenario = watched().camera(offline("C1", NINE)).camera(online("C2", NINE));
    RuleSettings disabled = defaults.withEnabled(false);

    assertThat(rule.observe(scenario.at(HOLD_END).snapshot(), disabled)).isEmpty();
    assertThat(rule.nextCheck(scenario.at(NINE).snapshot(), disabled)).isEmpty();
  }
}
