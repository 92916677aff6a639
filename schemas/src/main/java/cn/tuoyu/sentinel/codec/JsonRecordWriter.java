package cn.tuoyu.sentinel.codec;

import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.CameraStatus;
import cn.tuoyu.sentinel.schema.DeadLetter;
import cn.tuoyu.sentinel.schema.GeoPoint;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.Room;
import cn.tuoyu.sentinel.schema.RuleParameters;
import cn.tuoyu.sentinel.schema.RuleSetting;
import cn.tuoyu.sentinel.schema.SensorReading;
import cn.tuoyu.sentinel.schema.StaffMember;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;

/**
 * Writes records as JSON-lines objects, the inverse of {@link JsonRecordReader}. Stateless; the
 * caller owns the generator.
 *
 * <p>Input types (institution, attendance, camera, sensor, rules) start with {@code type}, follow
 * schema field order and omit null optional fields. Output types (alert export, dead letters) write
 * every field, nulls explicit, so every line has the same columns.
 */
final class JsonRecordWriter {
  /**
   * China Standard Time. A fixed offset rather than the Asia/Shanghai zone rules on purpose: the
   * contract says {@code +08:00}, and the zone had summer time in 1986–1991.
   */
  static final ZoneOffset CHINA = ZoneOffset.ofHours(8);

  private static final DateTimeFormatter SECONDS =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendPattern("'T'HH:mm:ss")
          .appendOffset("+HH:MM", "Z")
          .toFormatter();
  private static final DateTimeFormatter MILLIS =
      new DateTimeFormatterBuilder()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .appendPattern("'T'HH:mm:ss.SSS")
          .appendOffset("+HH:MM", "Z")
          .toFormatter();

  private JsonRecordWriter() {}

  /** ISO-8601 in +08:00; whole seconds when the millisecond part is zero, else milliseconds. */
  static String formatTimestamp(Instant instant) {
    Instant millis = instant.truncatedTo(ChronoUnit.MILLIS);
    return (millis.getNano() == 0 ? SECONDS : MILLIS).format(millis.atOffset(CHINA));
  }

  static void institution(JsonGenerator g, Institution r) throws IOException {
    g.writeStringField("type", SentinelType.INSTITUTION.jsonType());
    timestamp(g, "ts", r.getTs());
    string(g, "institutionId", r.getInstitutionId());
    string(g, "name", r.getName());
    string(g, "regionCode", r.getRegionCode());
    enumValue(g, "kind", r.getKind());
    g.writeNumberField("licensedPlaces", r.getLicensedPlaces());
    string(g, "openTime", r.getOpenTime());
    string(g, "closeTime", r.getCloseTime());
    if (r.getLocation() != null) {
      geoPoint(g, "location", r.getLocation());
    }
    g.writeArrayFieldStart("rooms");
    for (Room room : required("rooms", r.getRooms())) {
      g.writeStartObject();
      string(g, "roomId", room.getRoomId());
      enumValue(g, "classType", room.getClassType());
      g.writeNumberField("capacity", room.getCapacity());
      g.writeArrayFieldStart("cameraIds");
      for (String cameraId : required("cameraIds", room.getCameraIds())) {
        g.writeString(required("cameraIds[]", cameraId));
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("staff");
    for (StaffMember s : required("staff", r.getStaff())) {
      g.writeStartObject();
      string(g, "staffId", s.getStaffId());
      enumValue(g, "role", s.getRole());
      g.writeBooleanField("certified", s.getCertified());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  static void attendance(JsonGenerator g, AttendanceEvent r) throws IOException {
    g.writeStringField("type", SentinelType.ATTENDANCE.jsonType());
    string(g, "eventId", r.getEventId());
    timestamp(g, "ts", r.getTs());
    string(g, "institutionId", r.getInstitutionId());
    optionalString(g, "roomId", r.getRoomId());
    string(g, "personId", r.getPersonId());
    enumValue(g, "role", r.getRole());
    enumValue(g, "action", r.getAction());
  }

  static void camera(JsonGenerator g, CameraStatus r) throws IOException {
    g.writeStringField("type", SentinelType.CAMERA.jsonType());
    string(g, "eventId", r.getEventId());
    timestamp(g, "ts", r.getTs());
    string(g, "institutionId", r.getInstitutionId());
    string(g, "cameraId", r.getCameraId());
    enumValue(g, "status", r.getStatus());
    if (r.getRecording() != null) {
      g.writeBooleanField("recording", r.getRecording());
    }
    if (r.getRetentionDays() != null) {
      g.writeNumberField("retentionDays", r.getRetentionDays());
    }
  }

  static void sensor(JsonGenerator g, SensorReading r) throws IOException {
    g.writeStringField("type", SentinelType.SENSOR.jsonType());
    string(g, "eventId", r.getEventId());
    timestamp(g, "ts", r.getTs());
    string(g, "institutionId", r.getInstitutionId());
    optionalString(g, "roomId", r.getRoomId());
    string(g, "sensorId", r.getSensorId());
    enumValue(g, "metric", r.getMetric());
    finiteDouble(g, "value", r.getValue());
  }

  static void rules(JsonGenerator g, RuleParameters r) throws IOException {
    g.writeStringField("type", SentinelType.RULES.jsonType());
    timestamp(g, "ts", r.getTs());
    string(g, "scope", r.getScope());
    g.writeObjectFieldStart("rules");
    for (Map.Entry<String, RuleSetting> e : required("rules", r.getRules()).entrySet()) {
      RuleSetting s = required("rules." + e.getKey(), e.getValue());
      g.writeObjectFieldStart(e.getKey());
      if (s.getEnabled() != null) {
        g.writeBooleanField(JsonRecordReader.ENABLED, s.getEnabled());
      }
      if (s.getHoldSeconds() != null) {
        g.writeNumberField(JsonRecordReader.HOLD_SECONDS, s.getHoldSeconds());
      }
      if (s.getSeverity() != null) {
        enumValue(g, JsonRecordReader.SEVERITY, s.getSeverity());
      }
      // Thresholds are flattened into the rule object, as in design.md ({"maxPpm":1200}).
      for (Map.Entry<String, Double> t : required("thresholds", s.getThresholds()).entrySet()) {
        String name = t.getKey();
        if (name.equals(JsonRecordReader.ENABLED)
            || name.equals(JsonRecordReader.HOLD_SECONDS)
            || name.equals(JsonRecordReader.SEVERITY)) {
          throw new IllegalArgumentException(
              "rules." + e.getKey() + ": threshold name '" + name + "' is reserved");
        }
        double v = required("rules." + e.getKey() + "." + name, t.getValue());
        requireFinite("rules." + e.getKey() + "." + name, v);
        // Thresholds are always doubles, so 1200.0 may be written as 1200 without ambiguity.
        if (isExactInteger(v)) {
          g.writeNumberField(name, (long) v);
        } else {
          g.writeNumberField(name, v);
        }
      }
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /** The alert export line of design.md: no {@code type}, every field, nulls explicit. */
  static void alert(JsonGenerator g, AlertTransition r) throws IOException {
    string(g, "alertId", r.getAlertId());
    string(g, "ruleId", r.getRuleId());
    enumValue(g, "severity", r.getSeverity());
    enumValue(g, "status", r.getStatus());
    string(g, "institutionId", r.getInstitutionId());
    string(g, "regionCode", r.getRegionCode());
    nullableString(g, "roomId", r.getRoomId());
    nullableString(g, "cameraId", r.getCameraId());
    nullableString(g, "sensorId", r.getSensorId());
    nullableString(g, "personId", r.getPersonId());
    timestamp(g, "startedAt", r.getStartedAt());
    timestamp(g, "openedAt", r.getOpenedAt());
    timestamp(g, "updatedAt", r.getUpdatedAt());
    nullableTimestamp(g, "resolvedAt", r.getResolvedAt());
    string(g, "message", r.getMessage());
    g.writeObjectFieldStart("details");
    for (Map.Entry<String, Object> e : required("details", r.getDetails()).entrySet()) {
      detailValue(g, e.getKey(), e.getValue());
    }
    g.writeEndObject();
    g.writeNumberField("sequence", r.getSequence());
    nullableString(g, "institutionName", r.getInstitutionName());
    if (r.getLocation() == null) {
      g.writeNullField("location");
    } else {
      geoPoint(g, "location", r.getLocation());
    }
    nullableString(g, "acknowledgedBy", r.getAcknowledgedBy());
    nullableTimestamp(g, "acknowledgedAt", r.getAcknowledgedAt());
    nullableString(g, "ackComment", r.getAckComment());
  }

  private static void detailValue(JsonGenerator g, String name, Object v) throws IOException {
    if (v == null) {
      g.writeNullField(name);
    } else if (v instanceof Boolean) {
      g.writeBooleanField(name, (Boolean) v);
    } else if (v instanceof Long || v instanceof Integer || v instanceof Short) {
      g.writeNumberField(name, ((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isFinite(d)) {
        // Always written with a fraction or exponent (3.0, 1.0E10), so it reads back as a double.
        g.writeNumberField(name, d);
      } else {
        // JSON has no NaN/Infinity; an observed value must not make the whole export fail.
        g.writeNullField(name);
      }
    } else if (v instanceof CharSequence) {
      g.writeStringField(name, v.toString());
    } else {
      throw new IllegalArgumentException(
          "details." + name + ": unsupported value type " + v.getClass().getName());
    }
  }

  /**
   * A dead letter: {@code raw} as text if the bytes are valid UTF-8, else {@code rawBase64}; every
   * other field written, nulls explicit.
   */
  static void deadLetter(JsonGenerator g, DeadLetter r) throws IOException {
    g.writeStringField("type", SentinelType.DEAD_LETTER.jsonType());
    timestamp(g, "ts", r.getTs());
    string(g, "reason", r.getReason());
    string(g, "detail", r.getDetail());
    nullableString(g, "recordType", r.getRecordType());
    nullableString(g, "sourceFile", r.getSourceFile());
    if (r.getLineNumber() == null) {
      g.writeNullField("lineNumber");
    } else {
      g.writeNumberField("lineNumber", r.getLineNumber());
    }
    nullableString(g, "sourceTopic", r.getSourceTopic());
    if (r.getSourcePartition() == null) {
      g.writeNullField("sourcePartition");
    } else {
      g.writeNumberField("sourcePartition", r.getSourcePartition());
    }
    if (r.getSourceOffset() == null) {
      g.writeNullField("sourceOffset");
    } else {
      g.writeNumberField("sourceOffset", r.getSourceOffset());
    }
    byte[] raw = bytes(required("raw", r.getRaw()));
    String text = strictUtf8(raw);
    if (text != null) {
      g.writeStringField("raw", text);
    } else {
      g.writeStringField("rawBase64", Base64.getEncoder().encodeToString(raw));
    }
  }

  /** The remaining bytes of a buffer, without moving its position (records are shared). */
  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] out = new byte[copy.remaining()];
    copy.get(out);
    return out;
  }

  /** The text of valid UTF-8 bytes, or null if they are not valid UTF-8. */
  static String strictUtf8(byte[] bytes) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    try {
      CharBuffer chars = decoder.decode(ByteBuffer.wrap(bytes));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static void geoPoint(JsonGenerator g, String name, GeoPoint p) throws IOException {
    g.writeObjectFieldStart(name);
    finiteDouble(g, "lat", p.getLat());
    finiteDouble(g, "lon", p.getLon());
    g.writeEndObject();
  }

  private static void string(JsonGenerator g, String name, String value) throws IOException {
    g.writeStringField(name, required(name, value));
  }

  private static void optionalString(JsonGenerator g, String name, String value)
      throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  private static void nullableString(JsonGenerator g, String name, String value)
      throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, value);
    }
  }

  private static void enumValue(JsonGenerator g, String name, Enum<?> value) throws IOException {
    g.writeStringField(name, required(name, value).name());
  }

  private static void timestamp(JsonGenerator g, String name, Instant value) throws IOException {
    g.writeStringField(name, formatTimestamp(required(name, value)));
  }

  private static void nullableTimestamp(JsonGenerator g, String name, Instant value)
      throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, formatTimestamp(value));
    }
  }

  private static void finiteDouble(JsonGenerator g, String name, double value) throws IOException {
    requireFinite(name, value);
    g.writeNumberField(name, value);
  }

  private static void requireFinite(String name, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          name + " is " + value + ", which JSON cannot represent (and the decoder would reject)");
    }
  }

  private static boolean isExactInteger(double v) {
    // Excludes -0.0, which would read back as 0.0 (and Double.equals tells them apart).
    return v == Math.rint(v)
        && Math.abs(v) < 1e15
        && Double.doubleToRawLongBits(v) != Double.doubleToRawLongBits(-0.0);
  }

  private static <V> V required(String name, V value) {
    if (value == null) {
      throw new IllegalArgumentException(name + " is null, but the schema requires it");
    }
    return value;
  }
}
