package cn.tuoyu.sentinel.pipeline.rules;

import java.io.Serializable;
import java.util.Objects;

/**
 * What an alert is about: an institution, or a room, camera, sensor or person in it. There is at
 * most one open alert per (ruleId, subject).
 *
 * <p>{@link #asString()} is the canonical text form, used as a Flink key and inside {@link
 * AlertIds}: the institution id followed by {@code /room/}, {@code /camera/}, {@code /sensor/},
 * {@code /person/} and the id for each part that is set, always in that order, e.g. {@code
 * 320402-0007}, {@code 320402-0007/room/R1}, {@code 320402-0007/room/R1/sensor/T1}. It must never
 * change, or alert ids of replays would no longer match live ones.
 *
 * @param institutionId never null
 * @param roomId the room, or null
 * @param cameraId the camera, or null
 * @param sensorId the sensor, or null
 * @param personId the person (pseudonym), or null
 */
public record SubjectKey(
    String institutionId, String roomId, String cameraId, String sensorId, String personId)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public SubjectKey {
    Objects.requireNonNull(institutionId, "institutionId");
  }

  /** The institution as a whole (INSTITUTION_OVER_LICENSE, INSTITUTION_OFFLINE). */
  public static SubjectKey institution(String institutionId) {
    return new SubjectKey(institutionId, null, null, null, null);
  }

  /** A room (ratio, capacity, unattended, surveillance gap). */
  public static SubjectKey room(String institutionId, String roomId) {
    return new SubjectKey(
        institutionId, Objects.requireNonNull(roomId, "roomId"), null, null, null);
  }

  /** A person, e.g. a child not picked up. */
  public static SubjectKey person(String institutionId, String personId) {
    return new SubjectKey(
        institutionId, null, null, null, Objects.requireNonNull(personId, "personId"));
  }

  /** A camera (offline, recording, retention, flapping). */
  public static SubjectKey camera(String institutionId, String cameraId) {
    return new SubjectKey(
        institutionId, null, Objects.requireNonNull(cameraId, "cameraId"), null, null);
  }

  /** A sensor, with the room it reports from if known (null otherwise). */
  public static SubjectKey sensor(String institutionId, String roomId, String sensorId) {
    return new SubjectKey(
        institutionId, roomId, null, Objects.requireNonNull(sensorId, "sensorId"), null);
  }

  /**
   * The canonical text form (see the class comment). Any {@code %} or {@code /} inside an id is
   * percent-encoded so that different subjects can never produce the same string.
   */
  public String asString() {
    StringBuilder s = new StringBuilder(escape(institutionId));
    append(s, "room", roomId);
    append(s, "camera", cameraId);
    append(s, "sensor", sensorId);
    append(s, "person", personId);
    return s.toString();
  }

  @Override
  public String toString() {
    return asString();
  }

  private static void append(StringBuilder s, String kind, String id) {
    if (id != null) {
      s.append('/').append(kind).append('/').append(escape(id));
    }
  }

  private static String escape(String id) {
    if (id.indexOf('%') < 0 && id.indexOf('/') < 0) {
      return id;
    }
    return id.replace("%", "%25").replace("/", "%2F");
  }
}
