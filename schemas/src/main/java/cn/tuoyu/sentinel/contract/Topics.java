package cn.tuoyu.sentinel.contract;

import java.util.List;

/**
 * The Kafka topics of design.md, named in this one place. Keys are institutionIds unless noted.
 *
 * <p>Reference and rule topics are compacted: the latest record per key is the truth, so a job that
 * starts from the beginning of them restores the current reference data and thresholds.
 */
public final class Topics {
  public static final String ATTENDANCE = "sentinel.events.attendance";
  public static final String CAMERA = "sentinel.events.camera";
  public static final String SENSOR = "sentinel.events.sensor";
  public static final String INSTITUTIONS = "sentinel.reference.institutions";
  public static final String RULES = "sentinel.rules";
  public static final String ALERTS = "sentinel.alerts";
  public static final String DEADLETTER = "sentinel.deadletter";

  /** One topic definition: its name and whether it is log-compacted. */
  public record TopicSpec(String name, boolean compacted, String purpose) {}

  /** Every topic the system needs, in creation order. */
  public static final List<TopicSpec> ALL =
      List.of(
          new TopicSpec(ATTENDANCE, false, "attendance events (Avro AttendanceEvent)"),
          new TopicSpec(CAMERA, false, "camera status and heartbeats (Avro CameraStatus)"),
          new TopicSpec(SENSOR, false, "environment sensor readings (Avro SensorReading)"),
          new TopicSpec(INSTITUTIONS, true, "reference data (Avro Institution), compacted"),
          new TopicSpec(RULES, true, "rule parameters (Avro RuleParameters), compacted"),
          new TopicSpec(ALERTS, false, "alert transitions (Avro AlertTransition)"),
          new TopicSpec(DEADLETTER, false, "records that could not be used (Avro DeadLetter)"));

  private Topics() {}
}
