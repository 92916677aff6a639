package cn.tuoyu.sentinel.codec;

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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/** Realistic records and lines shared by the codec tests (the design.md examples, filled in). */
final class TestData {
  static final Instant NOW = Instant.parse("2026-11-23T01:02:03.456Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final String FILE = "events-2026-11-23.jsonl";

  /** design.md's institution example, on one line. */
  static final String INSTITUTION_LINE =
      "{\"type\":\"institution\",\"ts\":\"2026-11-23T06:00:00+08:00\",\"institutionId\":\"320402-0007\",\"name\":\"天宁区小星星托育园\","
          + "\"regionCode\":\"320402\",\"kind\":\"CENTER\",\"licensedPlaces\":60,\"openTime\":\"07:30\",\"closeTime\":\"18:00\","
          + "\"location\":{\"lat\":31.78,\"lon\":119.97},"
          + "\"rooms\":[{\"roomId\":\"R1\",\"classType\":\"TODDLER_12_24\",\"capacity\":15,\"cameraIds\":[\"C1\",\"C2\"]}],"
          + "\"staff\":[{\"staffId\":\"s-01\",\"role\":\"CAREGIVER\",\"certified\":true}]}";

  static final String ATTENDANCE_LINE =
      "{\"type\":\"attendance\",\"ts\":\"2026-11-23T08:01:00+08:00\",\"eventId\":\"a-0001\",\"institutionId\":\"320402-0007\","
          + "\"roomId\":\"R1\",\"personId\":\"c-8f3a\",\"role\":\"CHILD\",\"action\":\"ENTER\"}";

  static final String CHECK_IN_LINE =
      "{\"type\":\"attendance\",\"ts\":\"2026-11-23T07:45:00+08:00\",\"eventId\":\"a-0000\",\"institutionId\":\"320402-0007\","
          + "\"personId\":\"c-8f3a\",\"role\":\"CHILD\",\"action\":\"CHECK_IN\"}";

  static final String CAMERA_LINE =
      "{\"type\":\"camera\",\"ts\":\"2026-11-23T08:00:30+08:00\",\"eventId\":\"cam-0001\",\"institutionId\":\"320402-0007\","
          + "\"cameraId\":\"C1\",\"status\":\"ONLINE\",\"recording\":true,\"retentionDays\":90}";

  static final String SENSOR_LINE =
      "{\"type\":\"sensor\",\"ts\":\"2026-11-23T08:05:00+08:00\",\"eventId\":\"sen-0001\",\"institutionId\":\"320402-0007\","
          + "\"roomId\":\"R1\",\"sensorId\":\"T1\",\"metric\":\"TEMPERATURE_C\",\"value\":23.4}";

  static final String RULES_LINE =
      "{\"type\":\"rules\",\"ts\":\"2026-11-23T00:00:00+08:00\",\"scope\":\"320402\","
          + "\"rules\":{\"ROOM_UNATTENDED\":{\"holdSeconds\":20},\"CO2_HIGH\":{\"maxPpm\":1200}}}";

  static final String ALERT_LINE =
      "{\"alertId\":\"9f2c41d0a7e3b5c8\",\"ruleId\":\"ROOM_UNATTENDED\",\"severity\":\"CRITICAL\",\"status\":\"OPEN\","
          + "\"institutionId\":\"320402-0007\",\"regionCode\":\"320402\",\"roomId\":\"R1\",\"cameraId\":null,\"sensorId\":null,"
          + "\"personId\":null,\"startedAt\":\"2026-11-23T09:00:00+08:00\",\"openedAt\":\"2026-11-23T09:00:20+08:00\","
          + "\"updatedAt\":\"2026-11-23T09:00:20+08:00\",\"resolvedAt\":null,\"message\":\"托小班R1有3名幼儿但无照护人员在场\","
          + "\"details\":{\"children\":3,\"caregivers\":0,\"heldSeconds\":20.5}}";

  static final List<String> EXAMPLE_LINES =
      List.of(
          INSTITUTION_LINE, ATTENDANCE_LINE, CHECK_IN_LINE, CAMERA_LINE, SENSOR_LINE, RULES_LINE);

  private TestData() {}

  static Instant at(String isoWithOffset) {
    return java.time.OffsetDateTime.parse(isoWithOffset).toInstant();
  }

  static Institution institution() {
    return Institution.newBuilder()
        .setTs(at("2026-11-23T06:00:00+08:00"))
        .setInstitutionId("320402-0007")
        .setName("天宁区小星星托育园")
        .setRegionCode("320402")
        .setKind(InstitutionKind.CENTER)
        .setLicensedPlaces(60)
        .setOpenTime("07:30")
        .setCloseTime("18:00")
        .setLocation(new GeoPoint(31.78, 119.97))
        .setRooms(
            List.of(
                new Room("R1", ClassType.TODDLER_12_24, 15, List.of("C1", "C2")),
                new Room("R2", ClassType.INFANT_6_12, 10, List.of())))
        .setStaff(
            List.of(
                new StaffMember("s-01", PersonRole.CAREGIVER, true),
                new StaffMember("s-02", PersonRole.HEALTH, false)))
        .build();
  }

  static AttendanceEvent attendance() {
    return AttendanceEvent.newBuilder()
        .setEventId("a-0001")
        .setTs(at("2026-11-23T08:01:00+08:00"))
        .setInstitutionId("320402-0007")
        .setRoomId("R1")
        .setPersonId("c-8f3a")
        .setRole(PersonRole.CHILD)
        .setAction(AttendanceAction.ENTER)
        .build();
  }

  static CameraStatus camera() {
    return CameraStatus.newBuilder()
        .setEventId("cam-0001")
        .setTs(at("2026-11-23T08:00:30.250+08:00"))
        .setInstitutionId("320402-0007")
        .setCameraId("C1")
        .setStatus(CameraState.OFFLINE)
        .setRecording(false)
        .setRetentionDays(90)
        .build();
  }

  static SensorReading sensor() {
    return SensorReading.newBuilder()
        .setEventId("sen-0001")
        .setTs(at("2026-11-23T08:05:00+08:00"))
        .setInstitutionId("320402-0007")
        .setRoomId("R1")
        .setSensorId("CO2-1")
        .setMetric(SensorMetric.CO2_PPM)
        .setValue(1350.5)
        .build();
  }

  static RuleParameters rules() {
    Map<String, RuleSetting> rules = new LinkedHashMap<>();
    rules.put(
        "ROOM_UNATTENDED",
        RuleSetting.newBuilder().setHoldSeconds(20L).setSeverity(Severity.CRITICAL).build());
    rules.put(
        "CO2_HIGH",
        RuleSetting.newBuilder()
            .setEnabled(true)
            .setThresholds(Map.of("maxPpm", 1200.0, "minMinutes", 2.5))
            .build());
    rules.put("CAMERA_OFFLINE", RuleSetting.newBuilder().setEnabled(false).build());
    return RuleParameters.newBuilder()
        .setTs(at("2026-11-23T00:00:00+08:00"))
        .setScope("3204")
        .setRules(rules)
        .build();
  }

  static AlertTransition alert() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("children", 3L);
    details.put("caregivers", 0L);
    details.put("ratio", 3.0);
    details.put("heldSeconds", 20.5);
    details.put("roomName", "托小班");
    details.put("certified", false);
    details.put("lastCaregiver", null);
    return AlertTransition.newBuilder()
        .setAlertId("9f2c41d0a7e3b5c8")
        .setRuleId("ROOM_UNATTENDED")
        .setSeverity(Severity.CRITICAL)
        .setStatus(AlertStatus.ACKNOWLEDGED)
        .setInstitutionId("320402-0007")
        .setRegionCode("320402")
        .setRoomId("R1")
        .setStartedAt(at("2026-11-23T09:00:00+08:00"))
        .setOpenedAt(at("2026-11-23T09:00:20+08:00"))
        .setUpdatedAt(at("2026-11-23T09:03:11.007+08:00"))
        .setMessage("托小班R1有3名幼儿但无照护人员在场")
        .setDetails(details)
        .setSequence(1)
        .setInstitutionName("天宁区小星星托育园")
        .setLocation(new GeoPoint(31.78, 119.97))
        .setAcknowledgedBy("王警官")
        .setAcknowledgedAt(at("2026-11-23T09:03:11.007+08:00"))
        .setAckComment("已电话联系园长，保育员已返回")
        .build();
  }

  static DeadLetter deadLetter() {
    return DeadLetter.newBuilder()
        .setTs(NOW)
        .setReason(DeadLetterReasons.UNKNOWN_ENUM)
        .setDetail("field role has unknown value \"家长\"")
        .setRecordType("attendance")
        .setSourceFile(FILE)
        .setLineNumber(42L)
        .setRaw(
            ByteBuffer.wrap(
                "{\"type\":\"attendance\",\"role\":\"家长\"}".getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  static DeadLetter binaryDeadLetter() {
    return DeadLetter.newBuilder()
        .setTs(NOW)
        .setReason(DeadLetterReasons.UNDECODABLE)
        .setDetail("bad header: starts with 7B 22")
        .setSourceTopic("sentinel.events.camera")
        .setSourcePartition(3)
        .setSourceOffset(123456789L)
        .setRaw(ByteBuffer.wrap(new byte[] {(byte) 0xC3, 0x01, (byte) 0xFF, (byte) 0xFE, 0x00}))
        .build();
  }

  /** One fully populated record of each of the seven types. */
  static List<SpecificRecord> allTypes() {
    return List.of(institution(), attendance(), camera(), sensor(), rules(), alert(), deadLetter());
  }
}
