package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.NINE;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.offline;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.online;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.report;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.subjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.DeviceScenario;
import cn.tuoyu.sentinel.schema.PersonRole;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SurveillanceGapRuleTest {
  /** CAMERA_OFFLINE's default hold after 09:00. */
  private static final Instant HOLD_END = NINE.plusSeconds(90);

  private final SurveillanceGapRule rule = new SurveillanceGapRule();
  private final RuleSettings defaults = RuleCatalog.defaults(RuleIds.SURVEILLANCE_GAP);

  /** Three children in 托小班 R1, watched by C1 and C2. */
  private static DeviceScenario childrenInR1() {
    return DeviceScenario.in(DeviceFixtures.watched()).children("R1", 3);
  }

  @Test
  void childrenInARoomWhoseCamerasAreAllDownAreAGap() {
    List<Observation> found =
        childrenInR1()
            .camera(offline("C1", NINE.plusSeconds(30)))
            .camera(online("C2", NINE))
            .at(HOLD_END)
            .observe(rule);

    assertThat(found)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.ruleId()).isEqualTo(RuleIds.SURVEILLANCE_GAP);
              assertThat(o.subject()).isEqualTo(SubjectKey.room(Fixtures.INSTITUTION_ID, "R1"));
              assertThat(o.since()).isNull();
              assertThat(o.silence()).isFalse();
              assertThat(o.message()).isEqualTo("托小班 R1：3 名幼儿在室，监控全部中断（C1 离线，C2 无心跳）");
              assertThat(o.details())
                  .containsExactly(
                      entry("children", 3),
                      entry("cameras", "C1,C2"),
                      entry("offline", "C1"),
                      entry("silent", "C2"));
            });
  }

  @Test
  void oneOfTwoCamerasOnlineIsEnough() {
    assertThat(
            childrenInR1()
                .camera(offline("C1", NINE))
                .camera(online("C2", NINE.plusSeconds(60)))
                .at(HOLD_END)
                .observe(rule))
        .isEmpty();
  }

  @Test
  void aRoomWithoutChildrenIsNoGapWhateverItsCameras() {
    DeviceScenario empty =
        DeviceScenario.in(DeviceFixtures.watched())
            .person(Fixtures.CAREGIVER, PersonRole.CAREGIVER, "R1")
            .camera(offline("C1", NINE))
            .camera(offline("C2", NINE))
            .at(HOLD_END);

    assertThat(empty.observe(rule)).isEmpty();
    assertThat(empty.nextCheck(rule)).isEmpty();
  }

  @Test
  void aRoomWithChildrenAndNoCameraIsAGap() {
    assertThat(DeviceScenario.in(DeviceFixtures.watched()).children("R3", 2).observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.message()).isEqualTo("托大班 R3：2 名幼儿在室，未配置监控摄像头");
              assertThat(o.details()).containsExactly(entry("children", 2), entry("cameras", ""));
              assertThat(o.silence()).isFalse();
            });
  }

  @Test
  void camerasThatAreMerelySilentMakeASilenceGap() {
    DeviceScenario silent =
        childrenInR1().camera(online("C1", NINE)).camera(report("C2", true, true, 90, NINE));

    assertThat(silent.at(HOLD_END.minusMillis(1)).observe(rule)).isEmpty();
    assertThat(silent.at(HOLD_END).observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.silence()).isTrue();
              assertThat(o.message()).endsWith("（C1 无心跳，C2 无心跳）");
              assertThat(o.details()).contains(entry("silent", "C1,C2"));
            });
  }

  @Test
  void oneCameraOfflineAmongSilentOnesIsNoSilence() {
    assertThat(
            childrenInR1()
                .camera(online("C1", NINE))
                .camera(online("C2", NINE), offline("C2", NINE.plusSeconds(10)))
                .at(HOLD_END)
                .observe(rule))
        .singleElement()
        .satisfies(o -> assertThat(o.silence()).isFalse());
  }

  @Test
  void anOnlineCameraThatStoppedRecordingDoesNotWatch() {
    assertThat(
            childrenInR1()
                .camera(report("C1", true, false, 90, NINE.plusSeconds(60)))
                .camera(offline("C2", NINE))
                .at(HOLD_END)
                .observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.silence()).isFalse();
              assertThat(o.message()).endsWith("（C1 录像停止，C2 离线）");
              assertThat(o.details()).contains(entry("offline", "C2"), entry("recordingOff", "C1"));
            });
  }

  @Test
  void aCameraNeverHeardFromDoesNotWatchAndIsNoSilence() {
    assertThat(childrenInR1().camera(online("C1", NINE)).at(HOLD_END).observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.silence()).isFalse();
              assertThat(o.message()).endsWith("（C1 无心跳，C2 未上报）");
              assertThat(o.details()).contains(entry("silent", "C1"), entry("neverReported", "C2"));
            });
  }

  @Test
  void aHeartbeatExactlyAtTheEndOfCameraOfflinesHoldKeepsWatching() {
    DeviceScenario beat =
        childrenInR1().camera(online("C1", NINE), online("C1", HOLD_END)).at(HOLD_END);

    assertThat(beat.observe(rule)).isEmpty();
    assertThat(beat.nextCheck(rule)).contains(HOLD_END.plusSeconds(90));
  }

  @Test
  void silenceIsMeasuredAgainstCameraOfflinesHold() {
    RuleSettings cameraOffline = RuleCatalog.defaults(RuleIds.CAMERA_OFFLINE);
    DeviceScenario scenario = childrenInR1().camera(online("C1", NINE)).at(NINE.plusSeconds(300));

    assertThat(scenario.observe(rule)).hasSize(1);
    assertThat(
            scenario
                .settings(RuleIds.CAMERA_OFFLINE, cameraOffline.withHoldMillis(600_000))
                .observe(rule))
        .isEmpty();
    assertThat(scenario.nextCheck(rule)).contains(NINE.plusSeconds(600));
    // Without a hold silence is not considered at all.
    scenario.settings(RuleIds.CAMERA_OFFLINE, cameraOffline.withHoldMillis(0));
    assertThat(scenario.at(NINE.plusSeconds(86_400)).observe(rule)).isEmpty();
    assertThat(scenario.nextCheck(rule)).isEmpty();
  }

  @Test
  void nextCheckIsTheEarliestSilenceOfAWatchingCameraInAnOccupiedRoom() {
    DeviceScenario scenario =
        childrenInR1()
            .camera(online("C1", NINE.plusSeconds(20)))
            .camera(online("C2", NINE.plusSeconds(40)))
            // C3 watches R2, which is empty: its silence cannot change anything.
            .camera(online("C3", NINE))
            .at(NINE.plusSeconds(50));

    assertThat(scenario.nextCheck(rule)).contains(NINE.plusSeconds(110));
    assertThat(scenario.at(NINE.plusSeconds(110)).nextCheck(rule)).contains(NINE.plusSeconds(130));
  }

  @Test
  void reportsEveryGapInSubjectOrder() {
    List<Observation> found =
        DeviceScenario.in(DeviceFixtures.watched())
            .children("R3", 1)
            .children("R2", 1)
            .children("R1", 1)
            .observe(rule);

    assertThat(subjects(found))
        .containsExactly("320402-0007/room/R1", "320402-0007/room/R2", "320402-0007/room/R3");
  }

  @Test
  void dependsOnAttendanceAndCameras() {
    assertThat(rule.inputs())
        .isEqualTo(EnumSet.of(RuleInput.ATTENDANCE, RuleInput.CAMERA, RuleInput.ANY));
  }

  @Test
  void disabledReportsNothingAndNeedsNoTimer() {
    InstitutionSnapshot s = childrenInR1().camera(online("C1", NINE)).snapshot();
    RuleSettings disabled = defaults.withEnabled(false);

    assertThat(rule.observe(s, disabled)).isEmpty();
    assertThat(rule.nextCheck(s, disabled)).isEmpty();
  }
}
