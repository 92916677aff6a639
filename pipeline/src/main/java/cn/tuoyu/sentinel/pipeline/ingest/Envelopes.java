package cn.tuoyu.sentinel.pipeline.ingest;

import cn.tuoyu.sentinel.codec.DeadLetterReasons;
import cn.tuoyu.sentinel.codec.Decoded;
import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.codec.SentinelType;
import cn.tuoyu.sentinel.codec.UndecodableRecordException;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.AttendanceAction;
import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.CameraStatus;
import cn.tuoyu.sentinel.schema.DeadLetter;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.RuleParameters;
import cn.tuoyu.sentinel.schema.SensorReading;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Turns raw input (Kafka values, JSON lines) into {@link EventEnvelope}s. Never throws: whatever
 * cannot be used becomes a REJECTED envelope with the reason, so it reaches the dead-letter output.
 */
public final class Envelopes {
  private Envelopes() {}

  /** A Kafka record value; {@code expected} is the type its topic carries (null = any of ours). */
  public static EventEnvelope fromKafka(
      String topic,
      int partition,
      long offset,
      long kafkaTimestamp,
      byte[] value,
      SentinelType expected) {
    EventEnvelope env;
    if (value == null) {
      env =
          rejected(
              new byte[0], DeadLetterReasons.UNDECODABLE, "empty record value (tombstone)", null);
    } else {
      try {
        SpecificRecord record = SentinelSerde.decodeAny(value);
        SentinelType actual = SentinelType.ofClass(record.getClass()).orElseThrow();
        if (expected != null && actual != expected) {
          env =
              rejected(
                  value,
                  DeadLetterReasons.UNDECODABLE,
                  "a "
                      + actual.schemaName()
                      + " record on a topic that carries "
                      + expected.schemaName(),
                  actual.jsonType());
        } else {
          env = fromRecord(record, value);
        }
      } catch (UndecodableRecordException e) {
        env = rejected(value, DeadLetterReasons.UNDECODABLE, e.getMessage(), null);
      } catch (RuntimeException e) {
        env =
            rejected(
                value,
                DeadLetterReasons.INTERNAL_ERROR,
                e.getClass().getSimpleName() + ": " + e.getMessage(),
                null);
      }
    }
    env.sourceTopic = topic;
    env.sourcePartition = partition;
    env.sourceOffset = offset;
    if (env.kind == EventEnvelope.Kind.REJECTED) {
      env.ts = kafkaTimestamp;
    }
    return env;
  }

  /**
   * A JSON line of a file; empty when the line is blank (not a record). Alert lines are not input
   * and are rejected.
   */
  public static Optional<EventEnvelope> fromJsonLine(
      JsonLinesCodec codec, String line, long lineNumber, String file) {
    Decoded decoded = codec.decode(line, lineNumber, file);
    EventEnvelope env;
    if (decoded instanceof Decoded.Blank) {
      return Optional.empty();
    } else if (decoded instanceof Decoded.Rejected r) {
      DeadLetter dl = r.deadLetter();
      env =
          rejected(
              line.getBytes(StandardCharsets.UTF_8),
              dl.getReason(),
              dl.getDetail(),
              dl.getRecordType());
    } else {
      SpecificRecord record = ((Decoded.Record) decoded).record();
      if (record instanceof AlertTransition || record instanceof DeadLetter) {
        env =
            rejected(
                line.getBytes(StandardCharsets.UTF_8),
                DeadLetterReasons.UNKNOWN_TYPE,
                "alert and dead-letter lines are output, not input",
                SentinelType.ofClass(record.getClass()).orElseThrow().jsonType());
      } else {
        env = fromRecord(record, SentinelSerde.encodeAny(record));
      }
    }
    env.sourceFile = file;
    env.lineNumber = lineNumber;
    return Optional.of(env);
  }

  /** A valid record; checks what Avro's schema cannot (e.g. ENTER needs a room). */
  static EventEnvelope fromRecord(SpecificRecord record, byte[] encoded) {
    EventEnvelope env = new EventEnvelope();
    env.payload = encoded;
    env.eventId = "";
    if (record instanceof AttendanceEvent a) {
      env.kind = EventEnvelope.Kind.ATTENDANCE;
      env.key = a.getInstitutionId();
      env.eventId = a.getEventId();
      env.ts = a.getTs().toEpochMilli();
      boolean roomAction =
          a.getAction() == AttendanceAction.ENTER || a.getAction() == AttendanceAction.EXIT;
      if (roomAction && (a.getRoomId() == null || a.getRoomId().isBlank())) {
        return invalid(env, "attendance", "field 'roomId': required for " + a.getAction());
      }
    } else if (record instanceof CameraStatus c) {
      env.kind = EventEnvelope.Kind.CAMERA;
      env.key = c.getInstitutionId();
      env.eventId = c.getEventId();
      env.ts = c.getTs().toEpochMilli();
    } else if (record instanceof SensorReading s) {
      env.kind = EventEnvelope.Kind.SENSOR;
      env.key = s.getInstitutionId();
      env.eventId = s.getEventId();
      env.ts = s.getTs().toEpochMilli();
    } else if (record instanceof Institution i) {
      env.kind = EventEnvelope.Kind.INSTITUTION;
      env.key = i.getInstitutionId();
      env.ts = i.getTs().toEpochMilli();
      String problem = institutionProblem(i);
      if (problem != null) {
        return invalid(env, "institution", problem);
      }
    } else if (record instanceof RuleParameters r) {
      env.kind = EventEnvelope.Kind.RULES;
      env.key = r.getScope();
      env.ts = r.getTs().toEpochMilli();
    } else {
      return rejected(
          encoded,
          DeadLetterReasons.UNKNOWN_TYPE,
          record.getSchema().getName() + " is not an input record",
          null);
    }
    if (env.key == null || env.key.isBlank() && env.kind != EventEnvelope.Kind.RULES) {
      return invalid(
          env, env.kind.name().toLowerCase(), "field 'institutionId': must not be blank");
    }
    if (env.isEvent() && (env.eventId == null || env.eventId.isBlank())) {
      return invalid(env, env.kind.name().toLowerCase(), "field 'eventId': must not be blank");
    }
    return env;
  }

  /**
   * What the Avro schema cannot say about an institution record (the JSON reader checks the same):
   * a record that passed here cannot make a rule fail later.
   */
  static String institutionProblem(Institution i) {
    if (i.getRegionCode() == null || !i.getRegionCode().matches("\\d{6}")) {
      return "field 'regionCode': '" + i.getRegionCode() + "' is not a 6-digit region code";
    }
    for (String field : new String[] {"openTime", "closeTime"}) {
      String v = field.equals("openTime") ? i.getOpenTime() : i.getCloseTime();
      try {
        java.time.LocalTime.parse(v);
        if (!v.matches("\\d{2}:\\d{2}")) {
          return "field '" + field + "': '" + v + "' is not HH:mm";
        }
      } catch (RuntimeException e) {
        return "field '" + field + "': '" + v + "' is not HH:mm";
      }
    }
    if (i.getLicensedPlaces() < 0) {
      return "field 'licensedPlaces': must not be negative";
    }
    for (var room : i.getRooms()) {
      if (room.getRoomId() == null || room.getRoomId().isBlank() || room.getCapacity() < 0) {
        return "field 'rooms': room '" + room.getRoomId() + "' needs an id and a capacity >= 0";
      }
    }
    return null;
  }

  private static EventEnvelope invalid(EventEnvelope env, String type, String detail) {
    EventEnvelope r = rejected(env.payload, DeadLetterReasons.INVALID_VALUE, detail, type);
    r.ts = env.ts;
    return r;
  }

  static EventEnvelope rejected(byte[] raw, String reason, String detail, String recordType) {
    EventEnvelope env = new EventEnvelope();
    env.kind = EventEnvelope.Kind.REJECTED;
    env.key = "";
    env.eventId = "";
    env.ts = Long.MIN_VALUE;
    env.payload = raw;
    env.rejectReason = reason;
    env.rejectDetail = detail;
    env.recordType = recordType;
    return env;
  }
}
