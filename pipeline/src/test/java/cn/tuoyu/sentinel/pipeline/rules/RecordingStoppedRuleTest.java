package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.NINE;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.offline;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.online;
import static cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.report;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.subjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import cn.tuoyu.sentinel.pipeline.rules.DeviceFixtures.DeviceScenario;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecordingStoppedRuleTest {
  private static final Instant STOPPED = NINE.plusSeconds(600);

  private final RecordingStoppedRule rule = new RecordingStoppedRule();

  private static DeviceScenario watched() {
    return DeviceScenario.in(DeviceFixtures.watched());
  }

  @Test
  void anOnlineCameraReportingRecordingFalseBreachesSinceTheFirstSuchReport() {
    assertThat(
            watched()
                .camera(
                    report("C1", true, true, 90, NINE),
                    report("C1", true, false, null, STOPPED),
                    // A heartbeat without the flag keeps it false.
                    online("C1", STOPPED.plusSeconds(30)),
                    report("C1", true, false, null, STOPPED.plusSeconds(60)))
                .at(STOPPED.plusSeconds(60))
                .observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.ruleId()).isEqualTo(RuleIds.RECORDING_STOPPED);
              assertThat(o.subject()).isEqualTo(SubjectKey.camera(Fixtures.INSTITUTION_ID, "C1"));
              assertThat(o.since()).isEqualTo(STOPPED);
              assertThat(o.silence()).isFalse();
              assertThat(o.message()).isEqualTo("摄像头 C1（托小班 R1）在线，但自 09:10 起未录像");
              assertThat(o.details())
                  .containsExactly(
                      entry("recording", false),
                      entry("recordingOffSince", "2026-11-23T09:10:00+08:00"),
                      entry("lastSeenAt", "2026-11-23T09:11:00+08:00"));
            });
  }

  @Test
  void recordingTrueOrNeverReportedIsFine() {
    assertThat(
            watched()
                .camera(report("C1", true, true, null, NINE))
                .camera(online("C2", NINE))
                .observe(rule))
        .isEmpty();
  }

  @Test
  void recordingTrueAgainClears() {
    assertThat(
            watched()
                .camera(
                    report("C1", true, false, null, NINE), report("C1", true, true, null, STOPPED))
                .at(STOPPED)
                .observe(rule))
        .isEmpty();
  }

  @Test
  void silenceDoesNotClearIt() {
    assertThat(
            watched()
                .camera(report("C1", true, false, null, NINE))
                .at(NINE.plusSeconds(86_400))
                .observe(rule))
        .singleElement()
        .satisfies(o -> assertThat(o.since()).isEqualTo(NINE));
  }

  @Test
  void anOfflineReportClearsIt() {
    assertThat(
            watched()
                .camera(report("C1", true, false, null, NINE), offline("C1", STOPPED))
                .at(STOPPED)
                .observe(rule))
        .isEmpty();
    // Back online still not recording: a new run from the ONLINE report.
    assertThat(
            watched()
                .camera(
                    report("C1", true, false, null, NINE),
                    offline("C1", STOPPED),
                    online("C1", STOPPED.plusSeconds(5)))
                .at(STOPPED.plusSeconds(5))
                .observe(rule))
        .singleElement()
        .satisfies(o -> assertThat(o.since()).isEqualTo(STOPPED.plusSeconds(5)));
  }

  @Test
  void onlyCamerasInTheReferenceDataInSubjectOrder() {
    assertThat(
            subjects(
                watched()
                    .camera(report("C3", true, false, null, NINE))
                    .camera(report("C-X", true, false, null, NINE))
                    .camera(report("C1", true, false, null, NINE))
                    .observe(rule)))
        .containsExactly("320402-0007/camera/C1", "320402-0007/camera/C3");
  }

  @Test
  void disabledReportsNothing() {
    InstitutionSnapshot s = watched().camera(report("C1", true, false, null, NINE)).snapshot();

    assertThat(rule.observe(s, RuleCatalog.defaults(rule.id()).withEnabled(false))).isEmpty();
    assertThat(rule.nextCheck(s, RuleCatalog.defaults(rule.id()))).isEmpty();
  }
}
