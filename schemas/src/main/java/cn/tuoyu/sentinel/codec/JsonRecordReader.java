package cn.tuoyu.sentinel.codec;

import static cn.tuoyu.sentinel.codec.DeadLetterReasons.INVALID_VALUE;
import static cn.tuoyu.sentinel.codec.DeadLetterReasons.MISSING_FIELD;
import static cn.tuoyu.sentinel.codec.DeadLetterReasons.WRONG_TYPE;

import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.AttendanceAction;
import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.CameraState;
import cn.tuoyu.sentinel.schema.CameraStatus;
import cn.tuoyu.sentinel.schema.ClassType;
import cn.tuoyu.sentinel.schema.DeadLetter;
import cn.tuoyu.sentinel.schema.GeoPoint;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.InstitutionKind;
import cn.tuoyu.sentinel.schema.PersonRole;
import cn.tuoyu.sentinel.schema.Room;
import cn.tuoyu.sentinel.schema.RuleParameters;
import cn.tuoyu.sentinel.schema.RuleSetting;
import cn.tuoyu.sentinel.schema.SensorMetric;
import cn.tuoyu.sentinel.schema.SensorReading;
import cn.tuoyu.sentinel.schema.Severity;
import cn.tuoyu.sentinel.schema.StaffMember;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads the fields of each record type from a parsed JSON object, enforcing the rules of the
 * JSON-lines contract (design.md, "External JSON-lines contract" and "Alert export"). Stateless.
 */
final class JsonRecordReader {
  static final Pattern REGION_CODE = Pattern.compile("[0-9]{6}");
  static final Pattern CLOCK_TIME = Pattern.compile("([01][0-9]|2[0-3]):[0-5][0-9]");
  // A region-code prefix: "" (national default) up to the full 6-digit code.
  static final Pattern RULE_SCOPE = Pattern.compile("[0-9]{0,6}");
  static final Pattern RULE_ID = Pattern.compile("[A-Z][A-Z0-9_]*");

  /** Keys of a rule object that are not thresholds. */
  static final String ENABLED = "enabled";

  static final String HOLD_SECONDS = "holdSeconds";
  static final String SEVERITY = "severity";

  private JsonRecordReader() {}

  static SpecificRecord read(SentinelType type, JsonFields f) {
    switch (type) {
      case INSTITUTION:
        return institution(f);
      case ATTENDANCE:
        return attendance(f);
      case CAMERA:
        return camera(f);
      case SENSOR:
        return sensor(f);
      case RULES:
        return rules(f);
      case ALERT:
        return alert(f);
      case DEAD_LETTER:
        return deadLetter(f);
      default:
        throw new IllegalStateException("no reader for " + type);
    }
  }

  static Institution institution(JsonFields f) {
    Institution.Builder b =
        Institution.newBuilder()
            .setTs(f.requiredTimestamp("ts"))
            .setInstitutionId(f.requiredId("institutionId"))
            .setName(f.requiredId("name"))
            .setRegionCode(f.requiredMatching("regionCode", REGION_CODE, "a 6-digit 行政区划代码"))
            .setKind(f.requiredEnum("kind", InstitutionKind.class))
            .setLicensedPlaces(f.requiredNonNegativeInt("licensedPlaces"))
            .setOpenTime(f.requiredMatching("openTime", CLOCK_TIME, "a time of day HH:mm"))
            .setCloseTime(f.requiredMatching("closeTime", CLOCK_TIME, "a time of day HH:mm"));
    JsonFields location = f.optionalObject("location");
    b.setLocation(location == null ? null : geoPoint(location));
    List<JsonNode> roomNodes = f.optionalArray("rooms");
    List<Room> rooms = new ArrayList<>(roomNodes.size());
    for (int i = 0; i < roomNodes.size(); i++) {
      rooms.add(room(JsonFields.object(f.path("rooms") + "[" + i + "]", roomNodes.get(i))));
    }
    List<JsonNode> staffNodes = f.optionalArray("staff");
    List<StaffMember> staff = new ArrayList<>(staffNodes.size());
    for (int i = 0; i < staffNodes.size(); i++) {
      staff.add(staffMember(JsonFields.object(f.path("staff") + "[" + i + "]", staffNodes.get(i))));
    }
    return b.setRooms(rooms).setStaff(staff).build();
  }

  private static Room room(JsonFields f) {
    return Room.newBuilder()
        .setRoomId(f.requiredId("roomId"))
        .setClassType(f.requiredEnum("classType", ClassType.class))
        .setCapacity(f.requiredNonNegativeInt("capacity"))
        .setCameraIds(f.optionalIdList("cameraIds"))
        .build();
  }

  private static StaffMember staffMember(JsonFields f) {
    return StaffMember.newBuilder()
        .setStaffId(f.requiredId("staffId"))
        .setRole(f.requiredEnum("role", PersonRole.class))
        .setCertified(f.requiredBoolean("certified"))
        .build();
  }

  static GeoPoint geoPoint(JsonFields f) {
    return GeoPoint.newBuilder()
        .setLat(f.requiredDoubleInRange("lat", -90, 90))
        .setLon(f.requiredDoubleInRange("lon", -180, 180))
        .build();
  }

  static AttendanceEvent attendance(JsonFields f) {
    AttendanceEvent e =
        AttendanceEvent.newBuilder()
            .setTs(f.requiredTimestamp("ts"))
            .setEventId(f.requiredId("eventId"))
            .setInstitutionId(f.requiredId("institutionId"))
            .setRoomId(f.optionalId("roomId"))
            .setPersonId(f.requiredId("personId"))
            .setRole(f.requiredEnum("role", PersonRole.class))
            .setAction(f.requiredEnum("action", AttendanceAction.class))
            .build();
    boolean roomMove =
        e.getAction() == AttendanceAction.ENTER || e.getAction() == AttendanceAction.EXIT;
    if (roomMove && e.getRoomId() == null) {
      throw new Rejection(
          INVALID_VALUE,
          "field "
              + f.path("roomId")
              + " is required when action is "
              + e.getAction()
              + " (a room movement); only CHECK_IN/CHECK_OUT may omit it");
    }
    return e;
  }

  static CameraStatus camera(JsonFields f) {
    return CameraStatus.newBuilder()
        .setTs(f.requiredTimestamp("ts"))
        .setEventId(f.requiredId("eventId"))
        .setInstitutionId(f.requiredId("institutionId"))
        .setCameraId(f.requiredId("cameraId"))
        .setStatus(f.requiredEnum("status", CameraState.class))
        .setRecording(f.optionalBoolean("recording"))
        .setRetentionDays(f.optionalNonNegativeInt("retentionDays"))
        .build();
  }

  static SensorReading sensor(JsonFields f) {
    return SensorReading.newBuilder()
        .setTs(f.requiredTimestamp("ts"))
        .setEventId(f.requiredId("eventId"))
        .setInstitutionId(f.requiredId("institutionId"))
        .setRoomId(f.optionalId("roomId"))
        .setSensorId(f.requiredId("sensorId"))
        .setMetric(f.requiredEnum("metric", SensorMetric.class))
        .setValue(f.requiredFiniteDouble("value"))
        .build();
  }

  static RuleParameters rules(JsonFields f) {
    RuleParameters.Builder b =
        RuleParameters.newBuilder()
            .setTs(f.requiredTimestamp("ts"))
            .setScope(
                f.requiredMatching(
                    "scope",
                    RULE_SCOPE,
                    "\"\" (national default) or a region-code prefix of up to 6 digits"));
    JsonFields rulesObject = f.requiredObject("rules");
    Map<String, RuleSetting> settings = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : rulesObject.node().properties()) {
      String ruleId = e.getKey();
      String path = rulesObject.path(ruleId);
      if (!RULE_ID.matcher(ruleId).matches()) {
        throw new Rejection(
            INVALID_VALUE,
            "field "
                + path
                + ": rule id "
                + JsonFields.quote(ruleId)
                + " must match ^[A-Z][A-Z0-9_]*$ (e.g. ROOM_UNATTENDED)");
      }
      if (e.getValue().isNull()) {
        throw new Rejection(MISSING_FIELD, "field " + path + " is null (expected a rule object)");
      }
      settings.put(ruleId, ruleSetting(JsonFields.object(path, e.getValue())));
    }
    return b.setRules(settings).build();
  }

  private static RuleSetting ruleSetting(JsonFields f) {
    RuleSetting.Builder b =
        RuleSetting.newBuilder()
            .setEnabled(f.optionalBoolean(ENABLED))
            .setHoldSeconds(f.optionalNonNegativeLong(HOLD_SECONDS))
            .setSeverity(f.optionalEnum(SEVERITY, Severity.class));
    Map<String, Double> thresholds = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : f.node().properties()) {
      String key = e.getKey();
      if (key.equals(ENABLED) || key.equals(HOLD_SECONDS) || key.equals(SEVERITY)) {
        continue;
      }
      JsonNode v = e.getValue();
      if (!v.isNumber()) {
        throw new Rejection(
            WRONG_TYPE,
            "field "
                + f.path(key)
                + " must be a number (every rule key other than enabled, holdSeconds and"
                + " severity is a numeric threshold), got "
                + JsonFields.describe(v));
      }
      thresholds.put(key, JsonFields.finiteDouble(f.path(key), v));
    }
    return b.setThresholds(thresholds).build();
  }

  static AlertTransition alert(JsonFields f) {
    AlertTransition.Builder b =
        AlertTransition.newBuilder()
            .setAlertId(f.requiredId("alertId"))
            .setRuleId(f.requiredId("ruleId"))
            .setSeverity(f.requiredEnum("severity", Severity.class))
            .setStatus(f.requiredEnum("status", AlertStatus.class))
            .setInstitutionId(f.requiredId("institutionId"))
            .setRegionCode(f.requiredString("regionCode"))
            .setRoomId(f.optionalString("roomId"))
            .setCameraId(f.optionalString("cameraId"))
            .setSensorId(f.optionalString("sensorId"))
            .setPersonId(f.optionalString("personId"))
            .setStartedAt(f.requiredTimestamp("startedAt"))
            .setOpenedAt(f.requiredTimestamp("openedAt"))
            .setUpdatedAt(f.requiredTimestamp("updatedAt"))
            .setResolvedAt(f.optionalTimestamp("resolvedAt"))
            .setMessage(f.requiredString("message"));
    JsonFields details = f.optionalObject("details");
    b.setDetails(details == null ? new LinkedHashMap<>() : details(details));
    Integer sequence = f.optionalNonNegativeInt("sequence");
    b.setSequence(sequence == null ? 0 : sequence);
    JsonFields location = f.optionalObject("location");
    return b.setInstitutionName(f.optionalString("institutionName"))
        .setLocation(location == null ? null : geoPoint(location))
        .setAcknowledgedBy(f.optionalString("acknowledgedBy"))
        .setAcknowledgedAt(f.optionalTimestamp("acknowledgedAt"))
        .setAckComment(f.optionalString("ackComment"))
        .build();
  }

  /**
   * Alert details: null, boolean, integral number (long), other number (double) or string, so that
   * each round-trips with its JSON type.
   */
  private static Map<String, Object> details(JsonFields f) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : f.node().properties()) {
      String path = f.path(e.getKey());
      JsonNode v = e.getValue();
      Object value;
      if (v.isNull()) {
        value = null;
      } else if (v.isBoolean()) {
        value = v.booleanValue();
      } else if (v.isIntegralNumber() && v.canConvertToLong()) {
        value = v.longValue();
      } else if (v.isNumber()) {
        value = JsonFields.finiteDouble(path, v);
      } else if (v.isTextual()) {
        value = v.textValue();
      } else {
        throw JsonFields.wrongType(path, "null, a boolean, a number or a string", v);
      }
      out.put(e.getKey(), value);
    }
    return out;
  }

  static DeadLetter deadLetter(JsonFields f) {
    DeadLetter.Builder b =
        DeadLetter.newBuilder()
            .setTs(f.requiredTimestamp("ts"))
            .setReason(f.requiredId("reason"))
            .setDetail(f.requiredString("detail"))
            .setRecordType(f.optionalString("recordType"))
            .setSourceFile(f.optionalString("sourceFile"))
            .setLineNumber(f.optionalLong("lineNumber"))
            .setSourceTopic(f.optionalString("sourceTopic"))
            .setSourcePartition(f.optionalNonNegativeInt("sourcePartition"))
            .setSourceOffset(f.optionalNonNegativeLong("sourceOffset"));
    String raw = f.optionalString("raw");
    String rawBase64 = f.optionalString("rawBase64");
    if (raw != null && rawBase64 != null) {
      throw new Rejection(
          INVALID_VALUE,
          "fields raw and rawBase64 are both present; a dead letter has one of them");
    }
    byte[] bytes;
    if (raw != null) {
      bytes = raw.getBytes(StandardCharsets.UTF_8);
    } else if (rawBase64 != null) {
      try {
        bytes = Base64.getDecoder().decode(rawBase64);
      } catch (IllegalArgumentException e) {
        throw new Rejection(
            INVALID_VALUE,
            "field " + f.path("rawBase64") + " is not valid base64: " + e.getMessage());
      }
    } else {
      throw new Rejection(
          MISSING_FIELD, "field raw (or rawBase64 for non-UTF-8 bytes) is missing (required)");
    }
    return b.setRaw(ByteBuffer.wrap(bytes)).build();
  }
}
