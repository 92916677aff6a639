package cn.tuoyu.sentinel.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.schema.CameraState;
import cn.tuoyu.sentinel.schema.CameraStatus;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.Room;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The state phase's cameras: deterministic, in event-time order, complete, with incidents. */
class StateWorkloadTest {
  private static final long SEED = 20261123L;

  @Test
  void theSameArgumentsGiveTheSameRecords() throws Exception {
    StateWorkload a = new StateWorkload(200, 3, SEED);
    StateWorkload b = copy(new StateWorkload(200, 3, SEED)); // as a task gets it
    assertThat(b.total()).isEqualTo(a.total());
    for (long i = 0; i < a.total(); i += 997) {
      assertThat(b.envelope(i).payload).isEqualTo(a.envelope(i).payload);
    }
    StateWorkload other = new StateWorkload(200, 3, SEED + 1);
    assertThat(other.envelope(other.indexAtHour(1)).payload)
        .isNotEqualTo(a.envelope(a.indexAtHour(1)).payload);
  }

  @Test
  void referenceRecordsFirstThenEveryEventInEventTimeOrder() {
    StateWorkload w = new StateWorkload(60, 3, SEED);
    assertThat(w.institutions()).isEqualTo(3);
    assertThat(w.referenceRecords()).isEqualTo(3);
    for (long i = 0; i < w.referenceRecords(); i++) {
      EventEnvelope e = w.envelope(i);
      assertThat(e.kind).isEqualTo(EventEnvelope.Kind.INSTITUTION);
      assertThat(e.ts).isLessThan(w.start());
    }
    long previous = Long.MIN_VALUE;
    Set<String> ids = new HashSet<>();
    for (long i = w.referenceRecords(); i < w.total(); i++) {
      EventEnvelope e = w.envelope(i);
      assertThat(e.kind).isEqualTo(EventEnvelope.Kind.CAMERA);
      assertThat(e.ts).isGreaterThanOrEqualTo(previous);
      assertThat(ids.add(e.eventId)).as("unique eventId %s", e.eventId).isTrue();
      previous = e.ts;
    }
    assertThat(previous).isLessThan(w.start() + 3 * StateWorkload.HOUR_MILLIS);
  }

  @Test
  void everyCameraReportsEveryThirtySecondsUntilItGoesSilent() {
    int hours = 4;
    StateWorkload w = new StateWorkload(100, hours, SEED);
    long periods = hours * 120L;
    Map<String, List<Long>> byCamera = new HashMap<>();
    for (long i = w.referenceRecords(); i < w.total(); i++) {
      CameraStatus c = (CameraStatus) w.record(i);
      byCamera
          .computeIfAbsent(c.getInstitutionId() + "/" + c.getCameraId(), k -> new ArrayList<>())
          .add(c.getTs().toEpochMilli());
    }
    assertThat(byCamera).hasSize(100);
    assertThat(w.silentCameras()).isEqualTo(1);
    int complete = 0;
    for (List<Long> times : byCamera.values()) {
      for (int k = 1; k < times.size(); k++) {
        assertThat(times.get(k) - times.get(k - 1)).isEqualTo(StateWorkload.PERIOD_MILLIS);
      }
      if (times.size() == periods) {
        complete++;
      }
    }
    assertThat(complete).isEqualTo(99); // the silent one stops early
    assertThat(w.events()).isLessThan(100 * periods).isGreaterThan(99 * periods);
  }

  @Test
  void anHourStartsAtItsFirstEvent() {
    StateWorkload w = new StateWorkload(80, 6, SEED);
    assertThat(w.indexAtHour(0)).isEqualTo(w.referenceRecords());
    assertThat(w.indexAtHour(6)).isEqualTo(w.total());
    for (int h = 1; h < 6; h++) {
      long boundary = w.start() + h * StateWorkload.HOUR_MILLIS;
      long i = w.indexAtHour(h);
      assertThat(w.envelope(i).ts).isGreaterThanOrEqualTo(boundary);
      assertThat(w.envelope(i - 1).ts).isLessThan(boundary);
    }
    assertThatThrownBy(() -> w.indexAtHour(7)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void incidentsComeAtTheAdvertisedRates() {
    StateWorkload w = new StateWorkload(10_000, 24, SEED);
    assertThat(w.events()).isBetween(28_700_000L, 28_800_000L);
    assertThat(w.silentCameras()).isEqualTo(10);
    // 1 % and 0.5 % of 240,000 camera-hours
    assertThat(w.outages()).isBetween(2_200L, 2_600L);
    assertThat(w.flappingEpisodes()).isBetween(1_050L, 1_350L);
  }

  @Test
  void anOutageIsOneRunOfOfflineReportsAndFlappingFourSingleOnes() {
    StateWorkload w = new StateWorkload(2_000, 1, SEED);
    int outages = 0;
    int flapping = 0;
    for (int c = 0; c < 2_000; c++) {
      List<Integer> offline = new ArrayList<>();
      for (int p = 0; p < 120; p++) {
        if (w.offline(c, p)) {
          offline.add(p);
        }
      }
      boolean outage = w.outageStart(c, 0) >= 0;
      boolean flap = w.flapStart(c, 0) >= 0;
      if (outage && !flap) {
        outages++;
        assertThat(offline).hasSizeBetween(4, 8); // longer than CAMERA_OFFLINE's 90 s hold
        assertThat(offline.get(offline.size() - 1) - offline.get(0)).isEqualTo(offline.size() - 1);
        assertThat(offline.get(offline.size() - 1)).isLessThan(119); // back ONLINE in the hour
      } else if (flap && !outage) {
        flapping++;
        int s = w.flapStart(c, 0);
        assertThat(offline).containsExactly(s, s + 10, s + 20, s + 30);
      } else if (!outage && !flap) {
        assertThat(offline).isEmpty();
      }
    }
    assertThat(outages).isGreaterThan(5);
    assertThat(flapping).isGreaterThan(2);
  }

  @Test
  void offlineReportsSayOfflineAndHeartbeatsSayRecording() {
    StateWorkload w = new StateWorkload(2_000, 1, SEED);
    int c = 0;
    while (w.outageStart(c, 0) < 0) {
      c++;
    }
    CameraStatus down = w.heartbeat(c, w.outageStart(c, 0));
    assertThat(down.getStatus()).isEqualTo(CameraState.OFFLINE);
    assertThat(down.getRecording()).isNull();
    CameraStatus up = w.heartbeat(c, 0);
    assertThat(up.getStatus()).isEqualTo(CameraState.ONLINE);
    assertThat(up.getRecording()).isTrue();
    assertThat(up.getRetentionDays()).isEqualTo(90);
  }

  @Test
  void everyCameraThatReportsIsListedInItsInstitution() {
    StateWorkload w = new StateWorkload(40, 1, SEED);
    Map<String, Set<String>> listed = new HashMap<>();
    for (int i = 0; i < w.institutions(); i++) {
      Institution inst = w.institution(i);
      assertThat(inst.getRooms()).hasSize(5);
      Set<String> cams = new HashSet<>();
      for (Room r : inst.getRooms()) {
        assertThat(r.getCameraIds()).hasSize(4);
        cams.addAll(r.getCameraIds());
      }
      listed.put(inst.getInstitutionId(), cams);
    }
    for (long i = w.referenceRecords(); i < w.total(); i += 7) {
      CameraStatus c = (CameraStatus) w.record(i);
      assertThat(listed.get(c.getInstitutionId())).contains(c.getCameraId());
    }
  }

  @Test
  void refusesWhatItCannotLayOut() {
    assertThatThrownBy(() -> new StateWorkload(30, 24, SEED))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiple of 20");
    assertThatThrownBy(() -> new StateWorkload(20, 0, SEED))
        .isInstanceOf(IllegalArgumentException.class);
    StateWorkload w = new StateWorkload(20, 1, SEED);
    assertThatThrownBy(() -> w.record(w.total())).isInstanceOf(IndexOutOfBoundsException.class);
  }

  private static StateWorkload copy(StateWorkload w) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(w);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (StateWorkload) in.readObject();
    }
  }
}
