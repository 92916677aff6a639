package cn.tuoyu.sentinel.pipeline.monitor;

import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.CAREGIVER;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.INSTITUTION_ID;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.at;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.camera;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.caregiver;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.child;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.clock;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.envelope;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.heartbeat;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.institution;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.rulesLine;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.sensor;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.today;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.withCameras;
import static cn.tuoyu.sentinel.schema.AttendanceAction.CHECK_IN;
import static cn.tuoyu.sentinel.schema.AttendanceAction.CHECK_OUT;
import static cn.tuoyu.sentinel.schema.AttendanceAction.ENTER;
import static cn.tuoyu.sentinel.schema.AttendanceAction.EXIT;
import static cn.tuoyu.sentinel.schema.CameraState.OFFLINE;
import static cn.tuoyu.sentinel.schema.CameraState.ONLINE;
import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.codec.DeadLetterReasons;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.pipeline.rules.AlertIds;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import cn.tuoyu.sentinel.schema.SensorMetric;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The surveillance and environment rules inside the institution monitor, in Flink's operator
 * harness with every rule of the job: when CAMERA_OFFLINE, SURVEILLANCE_GAP, RECORDING_STOPPED,
 * RETENTION_BELOW_STANDARD, INSTITUTION_OFFLINE and the sensor rules emit START / TICK / CLEAR; how
 * silences wait while the whole institution is silent and are inhibited while INSTITUTION_OFFLINE
 * is open; run-time parameters; the end of a bounded input; bounded state; and the TRANSITION /
 * CLEAR signals of CAMERA_FLAPPING.
 *
 * <p>The fixture institution is open 07:30–18:00; R1 (托小班) is watched by C-R1, R2 by C-R2.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DeviceRulesMonitorTest {
  private static final String CAM_R1 = camSubject("C-R1");
  private static final String CAM_R1B = camSubject("C-R1b");
  private static final String CAM_R2 = camSubject("C-R2");
  private static final String ROOM_R1 = INSTITUTION_ID + "/room/R1";
  private static final String S1 = INSTITUTION_ID + "/room/R1/sensor/S1";
  private static final String INST = INSTITUTION_ID;

  /** The rules whose silences are inhibited, and INSTITUTION_OFFLINE. */
  private static final Set<String> SILENCE_RULES =
      Set.of(
          RuleIds.CAMERA_OFFLINE,
          RuleIds.SENSOR_SILENT,
          RuleIds.SURVEILLANCE_GAP,
          RuleIds.INSTITUTION_OFFLINE);

  private static String camSubject(String cameraId) {
    return SubjectKey.camera(INSTITUTION_ID, cameraId).asString();
  }

  // ---------------------------------------------------------------------------------------------
  // Helpers

  private static String sig(String kind, String ruleId, String subject, long ts) {
    return kind + " " + ruleId + " " + subject + " @" + clock(ts);
  }

  /** {@code make} at every {@code stepSeconds} from {@code from} to {@code to}, both included. */
  private static List<SpecificRecord> every(
      long from, long to, int stepSeconds, LongFunction<SpecificRecord> make) {
    List<SpecificRecord> out = new ArrayList<>();
    for (long t = from; t <= to; t += stepSeconds * 1000L) {
      out.add(make.apply(t));
    }
    return out;
  }

  /** Heartbeats of {@code cameraId} every 30 s from {@code from} to {@code to}. */
  private static List<SpecificRecord> heartbeats(String cameraId, long from, long to) {
    return every(from, to, 30, t -> heartbeat(t, cameraId));
  }

  @SafeVarargs
  private static List<SpecificRecord> merged(List<? extends SpecificRecord>... lists) {
    List<SpecificRecord> all = new ArrayList<>();
    for (List<? extends SpecificRecord> l : lists) {
      all.addAll(l);
    }
    all.sort(Comparator.comparingLong(r -> envelope(r).ts));
    return all;
  }

  /**
   * Feeds events in the order given, the way the job's source does: after each, the watermark of
   * bounded out-of-orderness (5 s) moves to max − 5 s − 1 ms, but never past {@code until}; then
   * the watermark moves to {@code until}.
   */
  private static void play(MonitorHarness m, List<? extends SpecificRecord> events, long until)
      throws Exception {
    long max = Long.MIN_VALUE;
    for (SpecificRecord r : events) {
      EventEnvelope e = envelope(r);
      m.event(e);
      if (e.ts > max) {
        max = e.ts;
        m.watermark(Math.min(max - 5_001, until));
      }
    }
    m.watermark(until);
  }

  /** Signals of the given rules, ordered by time and then by description. */
  private static List<ConditionSignal> ofRules(List<ConditionSignal> signals, String... ruleIds) {
    Set<String> wanted = Set.of(ruleIds);
    return signals.stream()
        .filter(s -> wanted.contains(s.ruleId))
        .sorted(
            Comparator.comparingLong((ConditionSignal s) -> s.ts)
                .thenComparing(MonitorFixtures::describe))
        .toList();
  }

  private static List<String> described(List<ConditionSignal> signals, String... ruleIds) {
    return ofRules(signals, ruleIds).stream().map(MonitorFixtures::describe).toList();
  }

  private static List<String> described(List<ConditionSignal> signals, Set<String> ruleIds) {
    return described(signals, ruleIds.toArray(new String[0]));
  }

  private static String alertId(String ruleId, SubjectKey subject, long since) {
    return AlertIds.alertId(ruleId, subject, Instant.ofEpochMilli(since));
  }

  private static SpecificRecord temperature(long ts, double value) {
    return sensor(ts, "R1", "S1", SensorMetric.TEMPERATURE_C, value);
  }

  // ---------------------------------------------------------------------------------------------
  // CAMERA_OFFLINE

  @Test
  void anOfflineBlipShorterThanTheHoldStartsAndClearsButNeverTicks() throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      play(
          m,
          merged(
              List.of(heartbeat(today("09:00:00"), "C-R1")),
              List.of(camera(today("09:00:30"), "C-R1", OFFLINE, null, null)),
              heartbeats("C-R1", today("09:01:00"), today("09:04:00"))),
          today("09:04:00"));

      List<ConditionSignal> signals = ofRules(m.allSignals(), RuleIds.CAMERA_OFFLINE);
      assertThat(signals)
          .extracting(MonitorFixtures::describe)
          .as("the 09:02:00 deadline passed without a TICK")
          .containsExactly(
              sig("START", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:00:30")),
              sig("CLEAR", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:01:00")));
      assertThat(signals.get(0).since).isEqualTo(today("09:00:30"));
      assertThat(signals.get(0).holdMillis).isEqualTo(90_000);
      assertThat(signals.get(0).severity).isEqualTo("MAJOR");
      assertThat(signals.get(0).cameraId).isEqualTo("C-R1");
      assertThat(signals.get(1).since).isEqualTo(today("09:00:30"));
    }
  }

  @Test
  void anOfflineStatusHeldForTheHoldTicksExactlyNinetySecondsLater() throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      m.events(
          heartbeat(today("08:59:30"), "C-R1"),
          camera(today("09:00:00"), "C-R1", OFFLINE, null, null));

      m.watermark(today("09:01:30") - 1);
      List<ConditionSignal> start = ofRules(m.newSignals(), RuleIds.CAMERA_OFFLINE);
      assertThat(start)
          .extracting(MonitorFixtures::describe)
          .containsExactly(sig("START", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:00:00")));

      m.watermark(today("09:01:30"));
      List<ConditionSignal> tick = ofRules(m.newSignals(), RuleIds.CAMERA_OFFLINE);
      assertThat(tick)
          .extracting(MonitorFixtures::describe)
          .containsExactly(sig("TICK", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:01:30")));
      String expectedId =
          alertId(RuleIds.CAMERA_OFFLINE, SubjectKey.camera(INST, "C-R1"), today("09:00:00"));
      assertThat(start.get(0).alertId).isEqualTo(expectedId);
      assertThat(tick.get(0).alertId).isEqualTo(expectedId);
      assertThat(tick.get(0).since).isEqualTo(today("09:00:00"));
    }
  }

  /**
   * C-R1's heartbeats stop after 09:01:00, so it is silent from 09:02:30; C-R2 keeps reporting
   * every 30 s from 09:00:00 + {@code offsetS}. The silence opens at C-R2's first report at or
   * after 09:02:30 — the first instant the institution is heard from once it is due.
   */
  @ParameterizedTest(name = "other camera every 30 s from +{0} s: opens at {1}")
  @CsvSource({"0, 09:02:30", "15, 09:02:45", "29, 09:02:59"})
  void heartbeatsThatStopOpenAtTheFirstInstitutionEventOnceTheHoldHasPassed(
      int offsetS, String opensAt) throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      play(
          m,
          merged(
              heartbeats("C-R1", today("09:00:00"), today("09:01:00")),
              heartbeats(
                  "C-R2",
                  today("09:00:00") + offsetS * 1000L,
                  today("09:04:00") + offsetS * 1000L)),
          today("09:04:00"));

      List<ConditionSignal> signals = ofRules(m.allSignals(), RuleIds.CAMERA_OFFLINE);
      assertThat(signals)
          .extracting(MonitorFixtures::describe)
          .containsExactly(
              sig("START", RuleIds.CAMERA_OFFLINE, CAM_R1, today(opensAt)),
              sig("TICK", RuleIds.CAMERA_OFFLINE, CAM_R1, today(opensAt)));
      assertThat(signals)
          .allSatisfy(
              s -> {
                assertThat(s.since).as("since the last heartbeat").isEqualTo(today("09:01:00"));
                assertThat(s.alertId)
                    .isEqualTo(
                        alertId(
                            RuleIds.CAMERA_OFFLINE,
                            SubjectKey.camera(INST, "C-R1"),
                            today("09:01:00")));
              });
      assertThat(signals.get(0).detailsJson).contains("\"status\":\"ONLINE\"");
    }
  }

  @Test
  void aSilentCameraOfASilentInstitutionWaitsAndIsInhibitedByInstitutionOffline() throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      play(m, heartbeats("C-R1", today("09:00:00"), today("09:01:00")), today("09:30:00"));

      assertThat(described(m.allSignals(), SILENCE_RULES))
          .as("nothing for the camera at 09:02:30: the whole institution went quiet")
          .containsExactly(
              sig("START", RuleIds.INSTITUTION_OFFLINE, INST, today("09:06:00")),
              sig("TICK", RuleIds.INSTITUTION_OFFLINE, INST, today("09:06:00")));
    }
  }

  /**
   * A heartbeat exactly at lastSeen + 90 s moves lastSeen first: the camera was never silent. One
   * millisecond later, it was silent at 09:02:30 (C-R2 reported then), and the late heartbeat
   * clears it.
   */
  @ParameterizedTest(name = "next heartbeat {0} ms after lastSeen + 90 s")
  @ValueSource(ints = {0, 1})
  void aHeartbeatExactlyAtTheHoldKeepsTheCameraOnline(int lateMs) throws Exception {
    long resumed = today("09:02:30") + lateMs;
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      play(
          m,
          merged(
              heartbeats("C-R1", today("09:00:00"), today("09:01:00")),
              every(resumed, resumed + 60_000, 30, t -> heartbeat(t, "C-R1")),
              heartbeats("C-R2", today("09:00:00"), today("09:04:00"))),
          today("09:04:00"));

      List<String> signals = described(m.allSignals(), RuleIds.CAMERA_OFFLINE);
      if (lateMs == 0) {
        assertThat(signals).isEmpty();
      } else {
        assertThat(signals)
            .containsExactly(
                sig("START", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:02:30")),
                sig("TICK", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:02:30")),
                sig("CLEAR", RuleIds.CAMERA_OFFLINE, CAM_R1, resumed));
      }
    }
  }

  @Test
  void aCameraWhoseHeartbeatsStopStaysBreachedUntilItReportsAgainEvenAfterManyHours()
      throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      // C-R2 reports every minute for a whole day and night; C-R1 stops at 08:01:00.
      long nextMorning = at("2026-11-24T08:00:00");
      play(
          m,
          merged(
              heartbeats("C-R1", today("08:00:00"), today("08:01:00")),
              every(today("08:00:00"), nextMorning, 60, t -> heartbeat(t, "C-R2"))),
          nextMorning);

      assertThat(described(m.newSignals(), RuleIds.CAMERA_OFFLINE))
          .containsExactly(
              // silent from 08:02:30; C-R2's next report (the institution heard) is at 08:03:00
              sig("START", RuleIds.CAMERA_OFFLINE, CAM_R1, today("08:03:00")),
              sig("TICK", RuleIds.CAMERA_OFFLINE, CAM_R1, today("08:03:00")));

      long back = nextMorning + 30_000;
      play(m, List.of(heartbeat(back, "C-R1"), heartbeat(back + 30_000, "C-R1")), back + 30_000);
      List<ConditionSignal> clear = ofRules(m.newSignals(), RuleIds.CAMERA_OFFLINE);
      assertThat(clear)
          .extracting(MonitorFixtures::describe)
          .containsExactly(sig("CLEAR", RuleIds.CAMERA_OFFLINE, CAM_R1, back));
      assertThat(clear.get(0).since).isEqualTo(today("08:01:00"));
    }
  }

  @Test
  void outOfOrderStatusReportsWithinTheBoundGiveTheSameSignalsAsInOrder() throws Exception {
    List<SpecificRecord> inOrder =
        List.of(
            heartbeat(today("09:00:00"), "C-R1"),
            camera(today("09:00:30"), "C-R1", OFFLINE, null, null),
            camera(today("09:00:33"), "C-R1", ONLINE, null, null),
            camera(today("09:01:00"), "C-R1", OFFLINE, null, null),
            camera(today("09:01:04"), "C-R1", OFFLINE, null, null),
            camera(today("09:03:00"), "C-R1", ONLINE, null, null),
            heartbeat(today("09:03:30"), "C-R1"),
            heartbeat(today("09:04:00"), "C-R1"));
    List<SpecificRecord> shuffled = new ArrayList<>(inOrder);
    Collections.swap(shuffled, 1, 2); // the blip's ONLINE arrives 3 s before its OFFLINE
    Collections.swap(shuffled, 3, 4); // a repeated OFFLINE before the one that changed the state
    assertThat(shuffled).isNotEqualTo(inOrder);

    List<ConditionSignal> expected;
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      play(m, inOrder, today("09:04:00"));
      expected = m.allSignals();
    }
    assertThat(described(expected, RuleIds.CAMERA_OFFLINE))
        .containsExactly(
            sig("START", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:00:30")),
            sig("CLEAR", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:00:33")),
            sig("START", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:01:00")),
            sig("TICK", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:02:30")),
            sig("CLEAR", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:03:00")));
    assertThat(described(expected, RuleIds.CAMERA_FLAPPING))
        .containsExactly(
            sig("TRANSITION", RuleIds.CAMERA_FLAPPING, CAM_R1, today("09:00:30")),
            sig("TRANSITION", RuleIds.CAMERA_FLAPPING, CAM_R1, today("09:01:00")));

    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      play(m, shuffled, today("09:04:00"));
      assertThat(m.deadLetters()).isEmpty();
      assertThat(full(m.allSignals())).containsExactlyElementsOf(full(expected));
    }
  }

  /** Everything a signal carries, for comparing two runs. */
  private static List<String> full(List<ConditionSignal> signals) {
    return signals.stream()
        .map(
            s ->
                MonitorFixtures.describe(s)
                    + " since="
                    + s.since
                    + " hold="
                    + s.holdMillis
                    + " id="
                    + s.alertId
                    + " count="
                    + s.count
                    + " "
                    + s.severity
                    + " "
                    + s.message
                    + " "
                    + s.detailsJson)
        .toList();
  }

  // ---------------------------------------------------------------------------------------------
  // SURVEILLANCE_GAP

  /** C-R1 online and recording from 08:59:00; a caregiver and a child in R1 from 08:59:30. */
  private static List<SpecificRecord> watchedRoomWithAChild() {
    return List.of(
        camera(today("08:59:00"), "C-R1", ONLINE, true, 90),
        caregiver(today("08:59:30"), CAREGIVER, ENTER, "R1"),
        child(today("08:59:30"), "c-1", ENTER, "R1"));
  }

  @ParameterizedTest(name = "cleared by {0}")
  @ValueSource(strings = {"the camera returning", "the child leaving the room", "check-out"})
  void anOccupiedRoomWithEveryCameraOfflineIsAGapUntilACameraReturnsOrTheRoomEmpties(String how)
      throws Exception {
    long cleared = today("09:02:00");
    SpecificRecord clearing =
        switch (how) {
          case "the camera returning" -> camera(cleared, "C-R1", ONLINE, null, null);
          case "the child leaving the room" -> child(cleared, "c-1", EXIT, "R1");
          default -> child(cleared, "c-1", CHECK_OUT, null);
        };
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      List<SpecificRecord> events = new ArrayList<>(watchedRoomWithAChild());
      events.add(camera(today("09:00:00"), "C-R1", OFFLINE, null, null));
      play(m, events, today("09:01:00") - 1);
      List<ConditionSignal> start = ofRules(m.newSignals(), RuleIds.SURVEILLANCE_GAP);
      assertThat(start)
          .extracting(MonitorFixtures::describe)
          .containsExactly(sig("START", RuleIds.SURVEILLANCE_GAP, ROOM_R1, today("09:00:00")));
      assertThat(start.get(0).holdMillis).isEqualTo(60_000);
      assertThat(start.get(0).severity).isEqualTo("CRITICAL");
      assertThat(start.get(0).detailsJson).contains("\"offline\":");

      m.watermark(today("09:01:00"));
      assertThat(described(m.newSignals(), RuleIds.SURVEILLANCE_GAP))
          .containsExactly(sig("TICK", RuleIds.SURVEILLANCE_GAP, ROOM_R1, today("09:01:00")));

      play(m, List.of(clearing), cleared);
      List<ConditionSignal> clear = ofRules(m.newSignals(), RuleIds.SURVEILLANCE_GAP);
      assertThat(clear)
          .extracting(MonitorFixtures::describe)
          .containsExactly(sig("CLEAR", RuleIds.SURVEILLANCE_GAP, ROOM_R1, cleared));
      assertThat(clear.get(0).since).isEqualTo(today("09:00:00"));
    }
  }

  @Test
  void anEmptyRoomWhoseCamerasAreDownIsNoGap() throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      play(
          m,
          List.of(
              camera(today("08:59:00"), "C-R1", ONLINE, true, 90),
              caregiver(today("08:59:30"), CAREGIVER, ENTER, "R1"), // staff only, no child
              camera(today("09:00:00"), "C-R1", OFFLINE, null, null)),
          today("09:03:00"));

      assertThat(described(m.allSignals(), RuleIds.CAMERA_OFFLINE))
          .as("the camera is indeed down")
          .containsExactly(
              sig("START", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:00:00")),
              sig("TICK", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:01:30")));
      assertThat(described(m.allSignals(), RuleIds.SURVEILLANCE_GAP)).isEmpty();
    }
  }

  @Test
  void oneOfTwoCamerasOnlineIsNoGapUntilTheSecondGoesDownToo() throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(withCameras(institution(), "R1", "C-R1", "C-R1b").build());
      List<SpecificRecord> events = new ArrayList<>(watchedRoomWithAChild());
      events.add(camera(today("08:59:00"), "C-R1b", ONLINE, true, 90));
      events.add(camera(today("09:00:00"), "C-R1", OFFLINE, null, null));
      events.add(heartbeat(today("09:00:00"), "C-R1b"));
      events.add(heartbeat(today("09:00:30"), "C-R1b"));
      play(m, events, today("09:01:00") - 1);
      assertThat(described(m.newSignals(), RuleIds.SURVEILLANCE_GAP))
          .as("C-R1b still watches R1")
          .isEmpty();

      play(m, List.of(camera(today("09:01:00"), "C-R1b", OFFLINE, null, null)), today("09:02:00"));
      assertThat(described(m.newSignals(), RuleIds.SURVEILLANCE_GAP))
          .containsExactly(
              sig("START", RuleIds.SURVEILLANCE_GAP, ROOM_R1, today("09:01:00")),
              sig("TICK", RuleIds.SURVEILLANCE_GAP, ROOM_R1, today("09:02:00")));
    }
  }

  @Test
  void aCameraOnlineButNotRecordingDoesNotCoverItsRoom() throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      List<SpecificRecord> events = new ArrayList<>(watchedRoomWithAChild());
      events.add(camera(today("09:00:00"), "C-R1", ONLINE, false, 90));
      // Heartbeats without the flag keep the last known recording=false.
      events.addAll(heartbeats("C-R1", today("09:00:30"), today("09:01:00")));
      events.add(camera(today("09:01:30"), "C-R1", ONLINE, true, 90));
      play(m, events, today("09:01:30"));

      assertThat(described(m.allSignals(), RuleIds.SURVEILLANCE_GAP, RuleIds.RECORDING_STOPPED))
          .containsExactly(
              sig("START", RuleIds.RECORDING_STOPPED, CAM_R1, today("09:00:00")),
              sig("START", RuleIds.SURVEILLANCE_GAP, ROOM_R1, today("09:00:00")),
              sig("TICK", RuleIds.RECORDING_STOPPED, CAM_R1, today("09:01:00")),
              sig("TICK", RuleIds.SURVEILLANCE_GAP, ROOM_R1, today("09:01:00")),
              sig("CLEAR", RuleIds.RECORDING_STOPPED, CAM_R1, today("09:01:30")),
              sig("CLEAR", RuleIds.SURVEILLANCE_GAP, ROOM_R1, today("09:01:30")));
      assertThat(ofRules(m.allSignals(), RuleIds.SURVEILLANCE_GAP).get(0).detailsJson)
          .contains("\"recordingOff\":");
      assertThat(described(m.allSignals(), RuleIds.CAMERA_OFFLINE)).isEmpty();
    }
  }

  /**
   * R1's only camera stops reporting after 09:01:00 while C-R2 keeps the institution heard every 30
   * s: C-R1 stops watching at 09:02:30 (CAMERA_OFFLINE's hold), so the gap begins then and opens
   * after its own 60 s hold.
   */
  @Test
  void aRoomWhoseOnlyCameraStopsReportingIsAGapOnceBothHoldsHavePassed() throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      play(
          m,
          merged(
              watchedRoomWithAChild(),
              heartbeats("C-R1", today("08:59:30"), today("09:01:00")),
              heartbeats("C-R2", today("08:59:00"), today("09:05:00"))),
          today("09:05:00"));
      List<ConditionSignal> signals =
          ofRules(m.newSignals(), RuleIds.SURVEILLANCE_GAP, RuleIds.CAMERA_OFFLINE);
      assertThat(signals)
          .extracting(MonitorFixtures::describe)
          .containsExactly(
              sig("START", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:02:30")),
              sig("TICK", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:02:30")),
              sig("START", RuleIds.SURVEILLANCE_GAP, ROOM_R1, today("09:03:30")),
              sig("TICK", RuleIds.SURVEILLANCE_GAP, ROOM_R1, today("09:03:30")));
      assertThat(signals.get(2).since).isEqualTo(today("09:02:30"));
      assertThat(signals.get(2).detailsJson).contains("\"silent\":");

      play(m, List.of(heartbeat(today("09:05:10"), "C-R1")), today("09:05:10"));
      assertThat(described(m.newSignals(), RuleIds.SURVEILLANCE_GAP, RuleIds.CAMERA_OFFLINE))
          .containsExactly(
              sig("CLEAR", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:05:10")),
              sig("CLEAR", RuleIds.SURVEILLANCE_GAP, ROOM_R1, today("09:05:10")));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // RECORDING_STOPPED, RETENTION_BELOW_STANDARD

  @Test
  void recordingStoppedHoldsSixtySecondsAndAnOfflineReportClearsIt() throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      List<SpecificRecord> events = new ArrayList<>();
      events.add(camera(today("09:00:00"), "C-R1", ONLINE, false, 90));
      events.addAll(heartbeats("C-R1", today("09:00:30"), today("09:02:00")));
      play(m, events, today("09:01:00") - 1);
      List<ConditionSignal> start = ofRules(m.newSignals(), RuleIds.RECORDING_STOPPED);
      assertThat(start)
          .extracting(MonitorFixtures::describe)
          .containsExactly(sig("START", RuleIds.RECORDING_STOPPED, CAM_R1, today("09:00:00")));
      assertThat(start.get(0).holdMillis).isEqualTo(60_000);

      m.watermark(today("09:02:00"));
      assertThat(described(m.newSignals(), RuleIds.RECORDING_STOPPED))
          .containsExactly(sig("TICK", RuleIds.RECORDING_STOPPED, CAM_R1, today("09:01:00")));

      play(m, List.of(camera(today("09:02:10"), "C-R1", OFFLINE, null, null)), today("09:02:10"));
      assertThat(described(m.newSignals(), RuleIds.RECORDING_STOPPED, RuleIds.CAMERA_OFFLINE))
          .containsExactly(
              sig("CLEAR", RuleIds.RECORDING_STOPPED, CAM_R1, today("09:02:10")),
              sig("START", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:02:10")));
    }
  }

  @ParameterizedTest(name = "retention {0} days: breached {1}")
  @CsvSource({"30, true", "89, true", "90, false", "180, false"})
  void retentionBelowNinetyDaysOpensAtOnceWithStartAndTickAtTheSameInstant(
      int days, boolean breached) throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      play(m, List.of(camera(today("09:00:00"), "C-R1", ONLINE, true, days)), today("09:00:00"));
      List<ConditionSignal> signals = ofRules(m.newSignals(), RuleIds.RETENTION_BELOW_STANDARD);
      if (!breached) {
        assertThat(signals).isEmpty();
        return;
      }
      assertThat(signals)
          .extracting(MonitorFixtures::describe)
          .containsExactly(
              sig("START", RuleIds.RETENTION_BELOW_STANDARD, CAM_R1, today("09:00:00")),
              sig("TICK", RuleIds.RETENTION_BELOW_STANDARD, CAM_R1, today("09:00:00")));
      assertThat(signals.get(0).holdMillis).isZero();
      assertThat(signals.get(0).severity).isEqualTo("MINOR");
      assertThat(signals.get(0).detailsJson).contains("\"retentionDays\":" + days);

      // A later report with a compliant retention resolves it; a heartbeat without one does not.
      play(
          m,
          List.of(
              heartbeat(today("09:00:30"), "C-R1"),
              camera(today("09:01:00"), "C-R1", ONLINE, true, 90)),
          today("09:01:00"));
      assertThat(described(m.newSignals(), RuleIds.RETENTION_BELOW_STANDARD))
          .containsExactly(
              sig("CLEAR", RuleIds.RETENTION_BELOW_STANDARD, CAM_R1, today("09:01:00")));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Sensors

  @Test
  void smokeOpensAtOnceAndClearsWhenTheAlarmEnds() throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      play(
          m,
          List.of(
              sensor(today("08:59:00"), "R1", "S1", SensorMetric.SMOKE, 0),
              sensor(today("09:00:00"), "R1", "S1", SensorMetric.SMOKE, 1)),
          today("09:00:00"));
      List<ConditionSignal> signals = ofRules(m.newSignals(), RuleIds.SMOKE_DETECTED);
      assertThat(signals)
          .extracting(MonitorFixtures::describe)
          .as("a 0 reading at 08:59 is no alarm; the 1 at 09:00 opens at once")
          .containsExactly(
              sig("START", RuleIds.SMOKE_DETECTED, S1, today("09:00:00")),
              sig("TICK", RuleIds.SMOKE_DETECTED, S1, today("09:00:00")));
      assertThat(signals.get(0).severity).isEqualTo("CRITICAL");
      assertThat(signals.get(0).sensorId).isEqualTo("S1");
      assertThat(signals.get(0).roomId).isEqualTo("R1");

      play(
          m,
          List.of(sensor(today("09:00:20"), "R1", "S1", SensorMetric.SMOKE, 0)),
          today("09:00:20"));
      assertThat(described(m.newSignals(), RuleIds.SMOKE_DETECTED))
          .containsExactly(sig("CLEAR", RuleIds.SMOKE_DETECTED, S1, today("09:00:20")));
    }
  }

  /**
   * 25 °C is above the winter band (16–24) on 28 February and inside the spring band (16–28) on 1
   * March; the season is that of the reading's local date.
   */
  @ParameterizedTest(name = "{1} °C on {0}: breached {2}")
  @CsvSource({
    "2026-02-28, 25, true",
    "2026-03-01, 25, false",
    "2026-03-01, 28.5, true",
    "2026-06-01, 21, true",
    "2026-06-01, 22, false",
    "2026-12-01, 15.9, true"
  })
  void temperatureOutsideTheSeasonBandOpensAfterTenMinutes(
      String date, double celsius, boolean breached) throws Exception {
    long nine = at(date + "T09:00:00");
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      play(m, every(nine, nine + 720_000, 120, t -> temperature(t, celsius)), nine + 600_000 - 1);
      List<ConditionSignal> start = ofRules(m.newSignals(), RuleIds.TEMPERATURE_OUT_OF_RANGE);
      m.watermark(nine + 600_000);
      List<String> tick = described(m.newSignals(), RuleIds.TEMPERATURE_OUT_OF_RANGE);
      if (!breached) {
        assertThat(start).isEmpty();
        assertThat(tick).isEmpty();
        return;
      }
      assertThat(start)
          .extracting(MonitorFixtures::describe)
          .containsExactly(sig("START", RuleIds.TEMPERATURE_OUT_OF_RANGE, S1, nine));
      assertThat(start.get(0).holdMillis).isEqualTo(600_000);
      assertThat(tick)
          .containsExactly(sig("TICK", RuleIds.TEMPERATURE_OUT_OF_RANGE, S1, nine + 600_000));

      play(m, List.of(temperature(nine + 780_000, 23)), nine + 780_000);
      assertThat(described(m.newSignals(), RuleIds.TEMPERATURE_OUT_OF_RANGE))
          .containsExactly(sig("CLEAR", RuleIds.TEMPERATURE_OUT_OF_RANGE, S1, nine + 780_000));
    }
  }

  @ParameterizedTest(name = "{0} ppm: breached {1}")
  @CsvSource({"1000, false", "1001, true"})
  void co2AboveOneThousandPpmOpensAfterItsHold(double ppm, boolean breached) throws Exception {
    long nine = today("09:00:00");
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      play(
          m,
          every(nine, nine + 720_000, 120, t -> sensor(t, "R1", "S1", SensorMetric.CO2_PPM, ppm)),
          nine + 720_000);
      List<String> signals = described(m.allSignals(), RuleIds.CO2_HIGH);
      if (breached) {
        assertThat(signals)
            .containsExactly(
                sig("START", RuleIds.CO2_HIGH, S1, nine),
                sig("TICK", RuleIds.CO2_HIGH, S1, nine + 600_000));
      } else {
        assertThat(signals).isEmpty();
      }
    }
  }

  /**
   * S1 reports at 09:00:00 only; {@code keepAlive} keeps the institution heard every 30 s: it is
   * silent from 09:10:00 and opens then (the institution was heard at that instant), since
   * 09:00:00; its next reading clears it.
   */
  private static void sensorSilentScenario(LongFunction<SpecificRecord> keepAlive)
      throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      play(
          m,
          merged(
              List.of(temperature(today("09:00:00"), 20)),
              every(today("09:00:00"), today("09:12:00"), 30, keepAlive)),
          today("09:12:00"));
      List<ConditionSignal> signals = ofRules(m.newSignals(), RuleIds.SENSOR_SILENT);
      assertThat(signals)
          .extracting(MonitorFixtures::describe)
          .as("open at 09:10 and not cleared by the other reports")
          .containsExactly(
              sig("START", RuleIds.SENSOR_SILENT, S1, today("09:10:00")),
              sig("TICK", RuleIds.SENSOR_SILENT, S1, today("09:10:00")));
      assertThat(signals.get(0).since).isEqualTo(today("09:00:00"));
      assertThat(signals.get(0).holdMillis).isEqualTo(600_000);
      assertThat(signals.get(0).severity).isEqualTo("MINOR");

      play(m, List.of(temperature(today("09:12:30"), 20)), today("09:12:30"));
      assertThat(described(m.newSignals(), RuleIds.SENSOR_SILENT))
          .containsExactly(sig("CLEAR", RuleIds.SENSOR_SILENT, S1, today("09:12:30")));
    }
  }

  @Test
  void aSensorThatStopsReportingIsSilentAfterTenMinutesWhileAnotherSensorReports()
      throws Exception {
    sensorSilentScenario(t -> sensor(t, "R2", "S2", SensorMetric.HUMIDITY_PCT, 50));
  }

  @Test
  void aSensorThatStopsReportingIsSilentAfterTenMinutesWhileACameraReports() throws Exception {
    sensorSilentScenario(t -> heartbeat(t, "C-R2"));
  }

  @Test
  void aSensorThatStopsReportingIsSilentAfterTenMinutesWhileStaffCheckIn() throws Exception {
    sensorSilentScenario(t -> caregiver(t, "s-" + clock(t), CHECK_IN, null));
  }

  /**
   * S1 is silent and open (S2 was heard at 09:10:00); a camera heartbeat at 09:10:30 says nothing
   * about S1, so S1 stays breached: no CLEAR, and no second START for the same alert.
   */
  @Test
  void anOpenSensorSilenceIsNotClearedByACameraHeartbeat() throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      play(
          m,
          merged(
              List.of(temperature(today("09:00:00"), 20)),
              every(
                  today("09:00:00"),
                  today("09:10:00"),
                  60,
                  t -> sensor(t, "R2", "S2", SensorMetric.HUMIDITY_PCT, 50))),
          today("09:10:00"));
      assertThat(described(m.newSignals(), RuleIds.SENSOR_SILENT))
          .containsExactly(
              sig("START", RuleIds.SENSOR_SILENT, S1, today("09:10:00")),
              sig("TICK", RuleIds.SENSOR_SILENT, S1, today("09:10:00")));

      play(
          m,
          List.of(
              heartbeat(today("09:10:30"), "C-R2"),
              sensor(today("09:11:00"), "R2", "S2", SensorMetric.HUMIDITY_PCT, 50)),
          today("09:11:00"));
      assertThat(described(m.newSignals(), RuleIds.SENSOR_SILENT)).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // INSTITUTION_OFFLINE

  @Test
  void anInstitutionSilentFromNineOpensAtFivePastAndAnEventClearsIt() throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      // A caregiver checking in: an event that breaches nothing by itself.
      play(
          m,
          List.of(caregiver(today("09:00:00"), CAREGIVER, CHECK_IN, null)),
          today("09:05:00") - 1);
      assertThat(m.newSignals()).isEmpty();

      m.watermark(today("09:05:00"));
      List<ConditionSignal> open = m.newSignals();
      assertThat(open)
          .extracting(MonitorFixtures::describe)
          .containsExactly(
              sig("START", RuleIds.INSTITUTION_OFFLINE, INST, today("09:05:00")),
              sig("TICK", RuleIds.INSTITUTION_OFFLINE, INST, today("09:05:00")));
      assertThat(open)
          .allSatisfy(
              s -> {
                assertThat(s.since).isEqualTo(today("09:00:00"));
                assertThat(s.holdMillis).isEqualTo(300_000);
                assertThat(s.severity).isEqualTo("MAJOR");
                assertThat(s.alertId)
                    .isEqualTo(
                        alertId(
                            RuleIds.INSTITUTION_OFFLINE,
                            SubjectKey.institution(INST),
                            today("09:00:00")));
              });

      m.watermark(today("09:19:00"));
      assertThat(m.newSignals()).as("one alert, not one per check").isEmpty();

      play(m, List.of(caregiver(today("09:20:00"), CAREGIVER, CHECK_OUT, null)), today("09:20:00"));
      List<ConditionSignal> clear = m.newSignals();
      assertThat(clear)
          .extracting(MonitorFixtures::describe)
          .containsExactly(sig("CLEAR", RuleIds.INSTITUTION_OFFLINE, INST, today("09:20:00")));
      assertThat(clear.get(0).since).isEqualTo(today("09:00:00"));
    }
  }

  @ParameterizedTest(name = "last event at {0}: silent since {1}, opens at {2}")
  @CsvSource({
    // Silence from before opening counts from the opening time.
    "2026-11-23T07:00:00, 2026-11-23T07:30:00, 2026-11-23T07:35:00",
    // Exactly 5 minutes fit before closing.
    "2026-11-23T17:55:00, 2026-11-23T17:55:00, 2026-11-23T18:00:00",
    // 3 minutes before closing: it cannot complete that day, and opens the next morning.
    "2026-11-23T17:57:00, 2026-11-24T07:30:00, 2026-11-24T07:35:00",
    // After closing: the next morning too.
    "2026-11-23T19:00:00, 2026-11-24T07:30:00, 2026-11-24T07:35:00"
  })
  void silenceCountsOnlyWithinOpeningHours(String lastEvent, String silentSince, String opensAt)
      throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      play(m, List.of(caregiver(at(lastEvent), CAREGIVER, CHECK_IN, null)), at(opensAt) - 1);
      assertThat(m.newSignals()).as("nothing before %s", opensAt).isEmpty();

      m.watermark(at(opensAt));
      List<ConditionSignal> open = m.newSignals();
      assertThat(open)
          .extracting(MonitorFixtures::describe)
          .containsExactly(
              sig("START", RuleIds.INSTITUTION_OFFLINE, INST, at(opensAt)),
              sig("TICK", RuleIds.INSTITUTION_OFFLINE, INST, at(opensAt)));
      assertThat(open).allSatisfy(s -> assertThat(s.since).isEqualTo(at(silentSince)));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Inhibition

  /**
   * C-R1 and C-R1b watch R1 (a caregiver and a child in it), C-R2 watches R2, sensor S1 in R1; all
   * report every 30 s from 08:50:00 to {@code lastReport}.
   */
  private static void wholeInstitution(MonitorHarness m, long lastReport) throws Exception {
    m.reference(withCameras(institution(), "R1", "C-R1", "C-R1b").build());
    long from = today("08:50:00");
    play(
        m,
        merged(
            List.of(
                caregiver(from, CAREGIVER, ENTER, "R1"), child(from + 1_000, "c-1", ENTER, "R1")),
            heartbeats("C-R1", from, lastReport),
            heartbeats("C-R1b", from, lastReport),
            heartbeats("C-R2", from, lastReport),
            every(from, lastReport, 30, t -> temperature(t, 20))),
        lastReport);
    assertThat(m.newSignals()).as("a healthy institution").isEmpty();
  }

  @Test
  void anInstitutionWhoseDevicesAllStopGetsOneInstitutionOfflineAndNoDeviceAlert()
      throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      wholeInstitution(m, today("09:00:00"));

      m.watermark(today("09:29:59"));
      List<ConditionSignal> signals = m.newSignals();
      assertThat(signals)
          .extracting(MonitorFixtures::describe)
          .as("every signal of every rule while the institution is silent")
          .containsExactly(
              sig("START", RuleIds.INSTITUTION_OFFLINE, INST, today("09:05:00")),
              sig("TICK", RuleIds.INSTITUTION_OFFLINE, INST, today("09:05:00")));
      assertThat(signals.get(0).since).isEqualTo(today("09:00:00"));

      recoverAtHalfPast(m);
      List<ConditionSignal> after = m.newSignals();
      assertThat(
              described(
                  after,
                  RuleIds.CAMERA_OFFLINE,
                  RuleIds.SURVEILLANCE_GAP,
                  RuleIds.INSTITUTION_OFFLINE))
          .as("C-R1 and C-R1b came back within their fresh hold, R1 is watched again")
          .containsExactly(
              sig("CLEAR", RuleIds.INSTITUTION_OFFLINE, INST, today("09:30:00")),
              sig("START", RuleIds.CAMERA_OFFLINE, CAM_R2, today("09:31:30")),
              sig("TICK", RuleIds.CAMERA_OFFLINE, CAM_R2, today("09:31:30")));
      ConditionSignal camera = ofRules(after, RuleIds.CAMERA_OFFLINE).get(0);
      assertThat(camera.since).as("its original since").isEqualTo(today("09:00:00"));
      assertThat(camera.alertId)
          .isEqualTo(
              alertId(RuleIds.CAMERA_OFFLINE, SubjectKey.camera(INST, "C-R2"), today("09:00:00")));
      assertThat(ofRules(after, RuleIds.SENSOR_SILENT))
          .as("S1's fresh hold ends at 09:40")
          .allSatisfy(s -> assertThat(s.ts).isGreaterThanOrEqualTo(today("09:40:00")));
      assertThat(m.deadLetters()).isEmpty();
    }
  }

  /**
   * The institution reports again at 09:30: C-R1 resumes, C-R1b resumes at 09:31:00 (within its
   * fresh hold), C-R2 and S1 stay silent; C-R1 and C-R1b report every 30 s until 09:45.
   */
  private static void recoverAtHalfPast(MonitorHarness m) throws Exception {
    play(
        m,
        merged(
            heartbeats("C-R1", today("09:30:00"), today("09:45:00")),
            heartbeats("C-R1b", today("09:31:00"), today("09:45:00"))),
        today("09:45:00"));
  }

  @Test
  void aSilentSensorSuppressedByInstitutionOfflineOpensAFullHoldAfterTheRecovery()
      throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      wholeInstitution(m, today("09:00:00"));
      m.watermark(today("09:29:59"));
      m.newSignals();

      recoverAtHalfPast(m);
      List<ConditionSignal> sensor = ofRules(m.newSignals(), RuleIds.SENSOR_SILENT);
      assertThat(sensor)
          .extracting(MonitorFixtures::describe)
          .containsExactly(
              sig("START", RuleIds.SENSOR_SILENT, S1, today("09:40:00")),
              sig("TICK", RuleIds.SENSOR_SILENT, S1, today("09:40:00")));
      assertThat(sensor)
          .allSatisfy(
              s -> {
                assertThat(s.since).isEqualTo(today("09:00:00"));
                assertThat(s.alertId)
                    .isEqualTo(
                        alertId(
                            RuleIds.SENSOR_SILENT,
                            SubjectKey.sensor(INST, "R1", "S1"),
                            today("09:00:00")));
              });
    }
  }

  @Test
  void anInstitutionSilentOvernightStillGetsExactlyOneAlert() throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      wholeInstitution(m, today("09:00:00"));
      m.watermark(at("2026-11-24T12:00:00"));
      assertThat(described(m.newSignals(), SILENCE_RULES))
          .containsExactly(
              sig("START", RuleIds.INSTITUTION_OFFLINE, INST, today("09:05:00")),
              sig("TICK", RuleIds.INSTITUTION_OFFLINE, INST, today("09:05:00")));
    }
  }

  @Test
  void aShortWholeInstitutionSilenceReleasesThePendingSilencesWithTheirOriginalSince()
      throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      wholeInstitution(m, today("09:00:00"));
      m.watermark(today("09:02:59"));
      assertThat(m.newSignals()).as("the cameras' silences wait").isEmpty();

      // Only S1 reports again, at 09:03:00 (< 5 min of silence).
      play(
          m,
          every(today("09:03:00"), today("09:04:00"), 30, t -> temperature(t, 20)),
          today("09:04:00"));
      List<ConditionSignal> released = m.newSignals();
      assertThat(described(released, SILENCE_RULES))
          .containsExactly(
              sig("START", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:03:00")),
              sig("START", RuleIds.CAMERA_OFFLINE, CAM_R1B, today("09:03:00")),
              sig("START", RuleIds.CAMERA_OFFLINE, CAM_R2, today("09:03:00")),
              sig("START", RuleIds.SURVEILLANCE_GAP, ROOM_R1, today("09:03:00")),
              sig("TICK", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:03:00")),
              sig("TICK", RuleIds.CAMERA_OFFLINE, CAM_R1B, today("09:03:00")),
              sig("TICK", RuleIds.CAMERA_OFFLINE, CAM_R2, today("09:03:00")),
              sig("TICK", RuleIds.SURVEILLANCE_GAP, ROOM_R1, today("09:03:00")));
      assertThat(ofRules(released, RuleIds.CAMERA_OFFLINE))
          .allSatisfy(s -> assertThat(s.since).isEqualTo(today("09:00:00")));
      assertThat(ofRules(released, RuleIds.SURVEILLANCE_GAP))
          .as("the gap began when the cameras' hold passed")
          .allSatisfy(s -> assertThat(s.since).isEqualTo(today("09:01:30")));
    }
  }

  @Test
  void anExplicitOfflineStatusIsNeverHeldBack() throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      wholeInstitution(m, today("08:59:30"));
      // At 09:00:00 C-R1 says OFFLINE, the others send their last heartbeats; then silence.
      play(
          m,
          List.of(
              camera(today("09:00:00"), "C-R1", OFFLINE, null, null),
              heartbeat(today("09:00:00"), "C-R1b"),
              heartbeat(today("09:00:00"), "C-R2"),
              temperature(today("09:00:00"), 20)),
          today("09:15:00"));

      assertThat(described(m.newSignals(), SILENCE_RULES))
          .as("C-R1's OFFLINE and R1's gap (one camera OFFLINE) tick although nobody reports")
          .containsExactly(
              sig("START", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:00:00")),
              sig("START", RuleIds.SURVEILLANCE_GAP, ROOM_R1, today("09:01:30")),
              sig("TICK", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:01:30")),
              sig("TICK", RuleIds.SURVEILLANCE_GAP, ROOM_R1, today("09:02:30")),
              sig("START", RuleIds.INSTITUTION_OFFLINE, INST, today("09:05:00")),
              sig("TICK", RuleIds.INSTITUTION_OFFLINE, INST, today("09:05:00")));
    }
  }

  @Test
  void aSilentCameraThatThenReportsOfflineOpensAtOnce() throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      play(m, heartbeats("C-R1", today("09:00:00"), today("09:01:00")), today("09:03:59"));
      assertThat(described(m.newSignals(), RuleIds.CAMERA_OFFLINE))
          .as("silent since 09:02:30, waiting: nobody else reports")
          .isEmpty();

      play(m, List.of(camera(today("09:04:00"), "C-R1", OFFLINE, null, null)), today("09:04:00"));
      List<ConditionSignal> open = ofRules(m.newSignals(), RuleIds.CAMERA_OFFLINE);
      assertThat(open)
          .extracting(MonitorFixtures::describe)
          .containsExactly(
              sig("START", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:04:00")),
              sig("TICK", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:04:00")));
      assertThat(open)
          .as("the episode that began when it went quiet")
          .allSatisfy(s -> assertThat(s.since).isEqualTo(today("09:01:00")));
    }
  }

  @Test
  void withInstitutionOfflineDisabledASilenceOfTheWholeInstitutionOpensAtItsDeadline()
      throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      m.reference(
          rulesLine(
              "{\"type\":\"rules\",\"ts\":\"2026-11-23T06:00:00+08:00\",\"scope\":\"320402\","
                  + "\"rules\":{\"INSTITUTION_OFFLINE\":{\"enabled\":false}}}"));
      play(m, heartbeats("C-R1", today("09:00:00"), today("09:01:00")), today("09:30:00"));
      assertThat(described(m.allSignals(), SILENCE_RULES))
          .as("no decision of INSTITUTION_OFFLINE to wait for")
          .containsExactly(
              sig("START", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:02:30")),
              sig("TICK", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:02:30")));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Parameters at run time

  @ParameterizedTest(name = "scope \"{0}\": CAMERA_OFFLINE ticks after {1} s")
  @CsvSource({"320402, 30", "3204, 30", "320501, 90"})
  void aRulesLineChangesTheCameraOfflineHold(String scope, long holdS) throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      m.reference(
          rulesLine(
              "{\"type\":\"rules\",\"ts\":\"2026-11-23T06:00:00+08:00\",\"scope\":\""
                  + scope
                  + "\",\"rules\":{\"CAMERA_OFFLINE\":{\"holdSeconds\":30}}}"));
      play(
          m,
          List.of(
              heartbeat(today("08:59:50"), "C-R1"),
              camera(today("09:00:00"), "C-R1", OFFLINE, null, null)),
          today("09:03:00"));
      List<ConditionSignal> signals = ofRules(m.allSignals(), RuleIds.CAMERA_OFFLINE);
      assertThat(signals)
          .extracting(MonitorFixtures::describe)
          .containsExactly(
              sig("START", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:00:00")),
              sig("TICK", RuleIds.CAMERA_OFFLINE, CAM_R1, today("09:00:00") + holdS * 1000));
      assertThat(signals.get(0).holdMillis).isEqualTo(holdS * 1000);
    }
  }

  @ParameterizedTest(name = "rules {0}: 1100 ppm breached {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{}| true",
        "{\"CO2_HIGH\":{\"maxPpm\":1200}}| false",
        "{\"CO2_HIGH\":{\"maxPpm\":1050}}| true",
        "{\"CO2_HIGH\":{\"enabled\":false}}| false"
      })
  void aRulesLineChangesTheCo2LimitOrDisablesTheRule(String rules, boolean breached)
      throws Exception {
    long nine = today("09:00:00");
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      m.reference(
          rulesLine(
              "{\"type\":\"rules\",\"ts\":\"2026-11-23T06:00:00+08:00\",\"scope\":\"320402\","
                  + "\"rules\":"
                  + rules
                  + "}"));
      play(
          m,
          every(nine, nine + 720_000, 120, t -> sensor(t, "R1", "S1", SensorMetric.CO2_PPM, 1100)),
          nine + 720_000);
      List<String> signals = described(m.allSignals(), RuleIds.CO2_HIGH);
      if (breached) {
        assertThat(signals)
            .containsExactly(
                sig("START", RuleIds.CO2_HIGH, S1, nine),
                sig("TICK", RuleIds.CO2_HIGH, S1, nine + 600_000));
      } else {
        assertThat(signals).isEmpty();
      }
    }
  }

  @Test
  void aDisabledCameraOfflineEmitsNothingEvenForAnExplicitOffline() throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      m.reference(
          rulesLine(
              "{\"type\":\"rules\",\"ts\":\"2026-11-23T06:00:00+08:00\",\"scope\":\"320402\","
                  + "\"rules\":{\"CAMERA_OFFLINE\":{\"enabled\":false}}}"));
      play(
          m,
          merged(
              List.of(camera(today("09:00:00"), "C-R1", OFFLINE, null, null)),
              heartbeats("C-R2", today("09:00:00"), today("09:01:00"))),
          today("09:04:00"));
      assertThat(described(m.allSignals(), RuleIds.CAMERA_OFFLINE)).isEmpty();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // End of input

  @Test
  void theEndOfABoundedInputFiresNoAbsenceAndNoClear() throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      play(
          m,
          List.of(
              camera(today("09:00:00"), "C-R1", ONLINE, true, 30),
              temperature(today("09:00:00"), 30),
              camera(today("09:00:30"), "C-R2", OFFLINE, null, null),
              heartbeat(today("09:00:30"), "C-R1"),
              heartbeat(today("09:01:00"), "C-R1")),
          today("09:01:00"));
      assertThat(
              described(
                  m.newSignals(),
                  "RETENTION_BELOW_STANDARD",
                  "TEMPERATURE_OUT_OF_RANGE",
                  "CAMERA_OFFLINE"))
          .containsExactly(
              sig("START", RuleIds.RETENTION_BELOW_STANDARD, CAM_R1, today("09:00:00")),
              sig("START", RuleIds.TEMPERATURE_OUT_OF_RANGE, S1, today("09:00:00")),
              sig("TICK", RuleIds.RETENTION_BELOW_STANDARD, CAM_R1, today("09:00:00")),
              sig("START", RuleIds.CAMERA_OFFLINE, CAM_R2, today("09:00:30")));

      m.watermark(Long.MAX_VALUE);
      assertThat(m.newSignals())
          .as(
              "no INSTITUTION_OFFLINE, no silent C-R1, no TICK for C-R2 or the temperature, no"
                  + " CLEAR of the open retention alert")
          .isEmpty();
      assertThat(m.timers()).isZero();
    }
  }

  @Test
  void theEndOfInputStillAppliesPendingEventsButFiresNoDeadline() throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      m.events(
          heartbeat(today("09:00:00"), "C-R1"),
          heartbeat(today("09:00:00"), "C-R2"),
          camera(today("09:00:30"), "C-R2", OFFLINE, null, null),
          heartbeat(today("09:00:30"), "C-R1"));
      m.watermark(Long.MAX_VALUE);
      assertThat(m.newSignals())
          .extracting(MonitorFixtures::describe)
          .containsExactly(
              sig("TRANSITION", RuleIds.CAMERA_FLAPPING, CAM_R2, today("09:00:30")),
              sig("START", RuleIds.CAMERA_OFFLINE, CAM_R2, today("09:00:30")));
      assertThat(m.timers()).isZero();
    }
  }

  @Test
  void aPeriodsReplayFiresAtTheEndTheDeadlinesBeforeThePeriodsEndAndNoneAfter() throws Exception {
    long lastEvent = today("09:00:30");
    long periodEnd = today("10:00:00");
    List<ConditionSignal> atEnd = endOfAPeriod(periodEnd, lastEvent);
    // Live, the watermark passed 10:00: C-R2's offline hold, the silent cameras and the silent
    // institution all came due before it.
    assertThat(atEnd)
        .extracting(s -> s.ruleId + " " + s.kind)
        .contains(
            RuleIds.CAMERA_OFFLINE + " TICK",
            RuleIds.INSTITUTION_OFFLINE + " START",
            RuleIds.INSTITUTION_OFFLINE + " TICK");
    assertThat(atEnd).allMatch(s -> s.ts < periodEnd, "nothing at or after the period's end");

    // A period that ends 20 s after its last event: only what came due by then.
    List<ConditionSignal> shortPeriod = endOfAPeriod(lastEvent + 20_000, lastEvent);
    assertThat(shortPeriod).allMatch(s -> s.ts < lastEvent + 20_000);
    assertThat(shortPeriod).extracting(s -> s.ruleId).doesNotContain(RuleIds.INSTITUTION_OFFLINE);
  }

  /**
   * The signals at the end of a period's replay whose last events (C-R2 goes OFFLINE) are at {@code
   * lastEvent}.
   */
  private static List<ConditionSignal> endOfAPeriod(long periodEnd, long lastEvent)
      throws Exception {
    try (MonitorHarness m = MonitorHarness.allRulesOverAPeriodEndingAt(periodEnd)) {
      m.reference(institution().build());
      m.events(
          heartbeat(today("09:00:00"), "C-R1"),
          heartbeat(today("09:00:00"), "C-R2"),
          camera(lastEvent, "C-R2", OFFLINE, null, null),
          heartbeat(lastEvent, "C-R1"));
      m.watermark(Long.MAX_VALUE);
      return m.newSignals();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Bounded state

  /**
   * Sizes of the monitor's keyed map states for the fixture institution, by state name, and 1/0 for
   * its value states (set or not).
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Map<String, Integer> keyedState(MonitorHarness m) throws Exception {
    AbstractStreamOperator<?> op = (AbstractStreamOperator<?>) m.harness.getOperator();
    KeyedStateBackend<Object> backend = op.getKeyedStateBackend();
    backend.setCurrentKey(INSTITUTION_ID);
    Map<String, Integer> sizes = new TreeMap<>();
    for (String name :
        List.of(
            "pending-events",
            "people",
            "cameras",
            "sensors",
            "active-conditions",
            "hold-deadlines")) {
      MapState<Object, Object> state =
          (MapState)
              backend.getPartitionedState(
                  VoidNamespace.INSTANCE,
                  VoidNamespaceSerializer.INSTANCE,
                  new MapStateDescriptor<>(name, Types.STRING, Types.STRING));
      int n = 0;
      for (Object ignored : state.keys()) {
        n++;
      }
      sizes.put(name, n);
    }
    for (String name : List.of("last-event-at", "next-check-at")) {
      ValueState<Long> state =
          backend.getPartitionedState(
              VoidNamespace.INSTANCE,
              VoidNamespaceSerializer.INSTANCE,
              new ValueStateDescriptor<>(name, Types.LONG));
      sizes.put(name, state.value() == null ? 0 : 1);
    }
    return sizes;
  }

  /** One round of reports at {@code t}: C-R2's heartbeat, an S1 reading, and C-R1's report. */
  private static List<SpecificRecord> round(long t, boolean cameraR1Online) {
    return List.of(
        cameraR1Online ? heartbeat(t, "C-R1") : camera(t, "C-R1", OFFLINE, null, null),
        heartbeat(t, "C-R2"),
        temperature(t, 20));
  }

  @Test
  void stateAndTimersStayBoundedWhileHeartbeatsFlowAndReturnToTheBaselineAfterAnEpisode()
      throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      long t = today("08:00:00");
      int maxTimers = 0;
      List<Integer> entries = new ArrayList<>();
      // 1000 camera heartbeats (C-R1 and C-R2 every 30 s) and 500 sensor readings; the watermark
      // stays 5 s behind, so the latest round is always pending.
      for (int heartbeats = 0; heartbeats < 1000; heartbeats += 2, t += 30_000) {
        play(m, round(t, true), t - 5_001);
        maxTimers = Math.max(maxTimers, m.timers());
        entries.add(m.stateEntries());
      }
      assertThat(m.allSignals()).isEmpty();
      assertThat(maxTimers).as("event-time timers while heartbeats flow").isLessThanOrEqualTo(3);
      int baseline = entries.get(entries.size() - 1);
      assertThat(entries.subList(10, entries.size()))
          .as("keyed state entries do not grow with the number of heartbeats")
          .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(baseline + 1));

      // C-R1 goes OFFLINE for 3 minutes; the flapping window (1 h) passes; 2 h of rounds.
      long episode = t;
      long end = episode + 7_200_000;
      for (; t <= end; t += 30_000) {
        play(m, round(t, t >= episode + 180_000 || t < episode), t - 5_001);
        maxTimers = Math.max(maxTimers, m.timers());
      }
      assertThat(described(m.allSignals(), RuleIds.CAMERA_OFFLINE, RuleIds.CAMERA_FLAPPING))
          .containsExactly(
              sig("START", RuleIds.CAMERA_OFFLINE, CAM_R1, episode),
              sig("TRANSITION", RuleIds.CAMERA_FLAPPING, CAM_R1, episode),
              sig("TICK", RuleIds.CAMERA_OFFLINE, CAM_R1, episode + 90_000),
              sig("CLEAR", RuleIds.CAMERA_OFFLINE, CAM_R1, episode + 180_000),
              sig("CLEAR", RuleIds.CAMERA_FLAPPING, CAM_R1, episode + 3_600_000));
      assertThat(maxTimers).as("event-time timers during the episode").isLessThanOrEqualTo(3);
      assertThat(m.stateEntries())
          .as("keyed state after the episode resolved and its flapping window passed")
          .isEqualTo(baseline);
      assertThat(keyedState(m))
          .as("one entry per device, the last-event time, the check, the latest pending instant")
          .containsEntry("cameras", 2)
          .containsEntry("sensors", 1)
          .containsEntry("active-conditions", 0)
          .containsEntry("hold-deadlines", 0)
          .containsEntry("people", 0)
          .containsEntry("pending-events", 1)
          .containsEntry("last-event-at", 1)
          .containsEntry("next-check-at", 1);
    }
  }

  @Test
  void anUnknownCameraIsDeadLetteredAndKeepsNoState() throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      play(
          m,
          List.of(
              camera(today("09:00:00"), "C-X", OFFLINE, null, 30),
              heartbeat(today("09:00:30"), "C-X")),
          today("09:30:00"));

      assertThat(m.deadLetters())
          .hasSize(2)
          .allSatisfy(
              d -> {
                assertThat(d.getReason()).isEqualTo(DeadLetterReasons.UNKNOWN_REFERENCE);
                assertThat(d.getDetail()).contains("C-X").contains(INSTITUTION_ID);
              });
      assertThat(m.allSignals()).as("no TRANSITION, no alert of any rule").isEmpty();
      assertThat(m.timers()).isZero();
      assertThat(m.stateEntries()).isZero();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // CAMERA_FLAPPING signals

  @Test
  void onlineToOfflineChangesAreNumberedTransitionsAndAQuietWindowClearsTheFlapping()
      throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      play(
          m,
          List.of(
              camera(today("09:00:00"), "C-R1", OFFLINE, null, null), // first report: no change
              heartbeat(today("09:00:30"), "C-R1"),
              camera(today("09:01:00"), "C-R1", OFFLINE, null, null), // 1
              camera(today("09:01:30"), "C-R1", OFFLINE, null, null), // repeated: not a change
              heartbeat(today("09:02:00"), "C-R1"),
              camera(today("09:03:00"), "C-R1", OFFLINE, null, null), // 2
              camera(today("09:03:30"), "C-R1", OFFLINE, null, null), // repeated
              heartbeat(today("09:04:00"), "C-R1"),
              camera(today("09:05:00"), "C-R1", OFFLINE, null, null), // 3
              heartbeat(today("09:06:00"), "C-R1")),
          today("10:05:00") - 1);

      List<ConditionSignal> transitions = ofRules(m.newSignals(), RuleIds.CAMERA_FLAPPING);
      assertThat(transitions)
          .extracting(MonitorFixtures::describe)
          .containsExactly(
              sig("TRANSITION", RuleIds.CAMERA_FLAPPING, CAM_R1, today("09:01:00")),
              sig("TRANSITION", RuleIds.CAMERA_FLAPPING, CAM_R1, today("09:03:00")),
              sig("TRANSITION", RuleIds.CAMERA_FLAPPING, CAM_R1, today("09:05:00")));
      assertThat(transitions).extracting(s -> s.count).containsExactly(1L, 2L, 3L);
      assertThat(transitions)
          .allSatisfy(
              s -> {
                assertThat(s.minCount).isEqualTo(3);
                assertThat(s.holdMillis).isEqualTo(3_600_000);
                assertThat(s.since).isEqualTo(s.ts);
                assertThat(s.severity).isEqualTo("MINOR");
                assertThat(s.conditionKey).isEqualTo(RuleIds.CAMERA_FLAPPING + "|" + CAM_R1);
              });

      m.watermark(today("10:05:00"));
      List<ConditionSignal> clear = ofRules(m.newSignals(), RuleIds.CAMERA_FLAPPING);
      assertThat(clear)
          .extracting(MonitorFixtures::describe)
          .as("a whole window after the last transition")
          .containsExactly(sig("CLEAR", RuleIds.CAMERA_FLAPPING, CAM_R1, today("10:05:00")));
      assertThat(clear.get(0).since).isEqualTo(ConditionSignal.ANY_EPISODE);

      m.watermark(at("2026-11-24T12:00:00"));
      assertThat(described(m.newSignals(), RuleIds.CAMERA_FLAPPING)).as("signalled once").isEmpty();
    }
  }

  @Test
  void theFlappingRuleDisabledEmitsNoTransition() throws Exception {
    try (MonitorHarness m = MonitorHarness.allRules()) {
      m.reference(institution().build());
      m.reference(
          rulesLine(
              "{\"type\":\"rules\",\"ts\":\"2026-11-23T06:00:00+08:00\",\"scope\":\"\","
                  + "\"rules\":{\"CAMERA_FLAPPING\":{\"enabled\":false}}}"));
      play(
          m,
          List.of(
              heartbeat(today("09:00:00"), "C-R1"),
              camera(today("09:01:00"), "C-R1", OFFLINE, null, null),
              heartbeat(today("09:02:00"), "C-R1")),
          today("11:00:00"));
      assertThat(described(m.allSignals(), RuleIds.CAMERA_FLAPPING)).isEmpty();
    }
  }
}
