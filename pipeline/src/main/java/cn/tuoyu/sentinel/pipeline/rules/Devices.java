package cn.tuoyu.sentinel.pipeline.rules;

import cn.tuoyu.sentinel.schema.Room;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What the device rules share: how messages name cameras and sensors, and deadline arithmetic. */
final class Devices {
  private static final Comparator<Observation> BY_SUBJECT =
      Comparator.comparing(o -> o.subject().asString());

  private Devices() {}

  /** "摄像头 C1（托小班 R1）", or "摄像头 C1" if no room lists the camera. */
  static String cameraLabel(Room roomOrNull, String cameraId) {
    return roomOrNull == null
        ? "摄像头 " + cameraId
        : "摄像头 " + cameraId + "（" + ClassTypes.roomLabel(roomOrNull, roomOrNull.getRoomId()) + "）";
  }

  /** {@link #cameraLabel} with the camera's room looked up in the snapshot. */
  static String cameraLabel(InstitutionSnapshot s, String cameraId) {
    return cameraLabel(s.roomOfCamera(cameraId).orElse(null), cameraId);
  }

  /** "托小班 R1 传感器 T1", "房间 R9 传感器 T1", or "传感器 T1" if the sensor named no room. */
  static String sensorLabel(InstitutionSnapshot s, SensorState sensor) {
    String roomId = sensor.getRoomId();
    String name = "传感器 " + sensor.getSensorId();
    if (roomId == null) {
      return name;
    }
    return ClassTypes.roomLabel(s.room(roomId).orElse(null), roomId) + " " + name;
  }

  /** The subject of a sensor rule: the sensor in the room of its latest reading. */
  static SubjectKey sensorSubject(InstitutionSnapshot s, SensorState sensor) {
    return SubjectKey.sensor(s.institutionId(), sensor.getRoomId(), sensor.getSensorId());
  }

  /** The cameras listed in the reference data that have reported, in camera-id order. */
  static List<CameraState> knownCameras(InstitutionSnapshot s) {
    List<CameraState> known = new ArrayList<>();
    for (String cameraId : s.knownCameraIds()) {
      CameraState c = s.cameras().get(cameraId);
      if (c != null) {
        known.add(c);
      }
    }
    return known;
  }

  /**
   * The instant a device last heard at {@code lastSeenMillis} counts as silent under {@code
   * holdMillis} (> 0); saturates instead of overflowing for absurd holds.
   */
  static long silentAt(long lastSeenMillis, long holdMillis) {
    long sum = lastSeenMillis + holdMillis;
    return ((lastSeenMillis ^ sum) & (holdMillis ^ sum)) < 0 ? Long.MAX_VALUE : sum;
  }

  /** Whether a device last heard at {@code lastSeenMillis} is silent at {@code at}. */
  static boolean isSilent(long lastSeenMillis, long holdMillis, Instant at) {
    return holdMillis > 0 && at.toEpochMilli() >= silentAt(lastSeenMillis, holdMillis);
  }

  /**
   * {@code candidate} if it is after {@code at} and earlier than {@code best} (or best is empty).
   */
  static Optional<Instant> earliestAfter(Optional<Instant> best, long candidate, Instant at) {
    if (candidate <= at.toEpochMilli() || candidate == Long.MAX_VALUE) {
      return best;
    }
    Instant c = Instant.ofEpochMilli(candidate);
    return best.isPresent() && !c.isBefore(best.get()) ? best : Optional.of(c);
  }

  /** {@code observations} ordered by subject (its canonical text form), as rules return them. */
  static List<Observation> bySubject(List<Observation> observations) {
    observations.sort(BY_SUBJECT);
    return observations;
  }
}
