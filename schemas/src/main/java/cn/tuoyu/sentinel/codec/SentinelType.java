package cn.tuoyu.sentinel.codec;

import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.CameraStatus;
import cn.tuoyu.sentinel.schema.DeadLetter;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.RuleParameters;
import cn.tuoyu.sentinel.schema.SensorReading;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * The seven top-level record types of the wire contract, with their JSON-lines {@code type} name
 * and the Kafka topic that carries them.
 *
 * <p>Nested record types (Room, StaffMember, GeoPoint, RuleSetting) are not listed: they only occur
 * inside these and have no history or topic of their own.
 */
public enum SentinelType {
  INSTITUTION("institution", Institution.class, Topics.INSTITUTIONS),
  ATTENDANCE("attendance", AttendanceEvent.class, Topics.ATTENDANCE),
  CAMERA("camera", CameraStatus.class, Topics.CAMERA),
  SENSOR("sensor", SensorReading.class, Topics.SENSOR),
  RULES("rules", RuleParameters.class, Topics.RULES),
  ALERT("alert", AlertTransition.class, Topics.ALERTS),
  DEAD_LETTER("deadletter", DeadLetter.class, Topics.DEADLETTER);

  private final String jsonType;
  private final Class<? extends SpecificRecord> recordClass;
  private final String topic;

  SentinelType(String jsonType, Class<? extends SpecificRecord> recordClass, String topic) {
    this.jsonType = jsonType;
    this.recordClass = recordClass;
    this.topic = topic;
  }

  /** The value of the {@code type} field of a JSON line of this type, e.g. {@code attendance}. */
  public String jsonType() {
    return jsonType;
  }

  /** The generated Avro class. */
  public Class<? extends SpecificRecord> recordClass() {
    return recordClass;
  }

  /** The Kafka topic records of this type are published on (see {@link Topics}). */
  public String topic() {
    return topic;
  }

  /** The Avro record name, which is also the folder name under {@code schema-history/}. */
  public String schemaName() {
    return recordClass.getSimpleName();
  }

  /** The current (generated) schema of this type. */
  public Schema schema() {
    return SchemaHistory.currentSchema(recordClass);
  }

  /** The type whose JSON-lines {@code type} value is {@code jsonType} (case-sensitive). */
  public static Optional<SentinelType> ofJsonType(String jsonType) {
    for (SentinelType t : values()) {
      if (t.jsonType.equals(jsonType)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }

  /** The type of a generated record class; empty for nested or foreign classes. */
  public static Optional<SentinelType> ofClass(Class<?> recordClass) {
    for (SentinelType t : values()) {
      if (t.recordClass.equals(recordClass)) {
        return Optional.of(t);
      }
    }
    return Optional.empty();
  }
}
