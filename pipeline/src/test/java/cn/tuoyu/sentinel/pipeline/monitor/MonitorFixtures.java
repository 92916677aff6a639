package cn.tuoyu.sentinel.pipeline.monitor;

import cn.tuoyu.sentinel.codec.Decoded;
import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.codec.SentinelType;
import cn.tuoyu.sentinel.pipeline.ingest.Envelopes;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.pipeline.rules.InstitutionSnapshot;
import cn.tuoyu.sentinel.schema.AttendanceAction;
import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.CameraState;
import cn.tuoyu.sentinel.schema.CameraStatus;
import cn.tuoyu.sentinel.schema.ClassType;
import cn.tuoyu.sentinel.schema.GeoPoint;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.InstitutionKind;
import cn.tuoyu.sentinel.schema.PersonRole;
import cn.tuoyu.sentinel.schema.Room;
import cn.tuoyu.sentinel.schema.RuleParameters;
import cn.tuoyu.sentinel.schema.SensorMetric;
import cn.tuoyu.sentinel.schema.SensorReading;
import cn.tuoyu.sentinel.schema.StaffMember;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reference data and events shared by the monitor tests: design.md's institution 320402-0007 on a
 * Monday in Changzhou, with a 托小班 R1 (licensed for 15) and a small 托大班 R2 licensed for 3.
 */
final class MonitorFixtures {
  static final String INSTITUTION_ID = "320402-0007";
  static final String REGION = "320402";

  /** Certified caregivers. */
  static final String CAREGIVER = "s-01";

  static final String CAREGIVER_2 = "s-02";

  /** Listed as a caregiver, not certified. */
  static final String UNCERTIFIED = "s-03";

  private static final AtomicLong OFFSETS = new AtomicLong();
  private static final LocalDate MONDAY = LocalDate.of(2026, 11, 23);
  private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");
  private static final DateTimeFormatter HH_MM_SS_MILLIS =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private MonitorFixtures() {}

  /** Epoch millis of a local date-time in Asia/Shanghai, e.g. {@code 2026-11-23T09:00:30}. */
  static long at(String localDateTime) {
    return LocalDateTime.parse(localDateTime)
        .atZone(InstitutionSnapshot.ZONE)
        .toInstant()
        .toEpochMilli();
  }

  /** Epoch millis of a local time on Monday 2026-11-23. */
  static long today(String localTime) {
    return at("2026-11-23T" + localTime);
  }

  /** The local time of {@code millis}: "09:00:30" on 2026-11-23, else with its date. */
  static String clock(long millis) {
    LocalDateTime t =
        LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), InstitutionSnapshot.ZONE);
    String time = t.format(t.getNano() == 0 ? HH_MM_SS : HH_MM_SS_MILLIS);
    return t.toLocalDate().equals(MONDAY) ? time : t.toLocalDate() + "T" + time;
  }

  static Institution.Builder institution() {
    return Institution.newBuilder()
        .setTs(Instant.ofEpochMilli(today("06:00:00")))
        .setInstitutionId(INSTITUTION_ID)
        .setName("天宁区小星星托育园")
        .setRegionCode(REGION)
        .setKind(InstitutionKind.CENTER)
        .setLicensedPlaces(60)
        .setOpenTime("07:30")
        .setCloseTime("18:00")
        .setLocation(new GeoPoint(31.78, 119.97))
        .setRooms(
            List.of(
                room("R1", ClassType.TODDLER_12_24, 15), room("R2", ClassType.TODDLER_24_36, 3)))
        .setStaff(
            List.of(staff(CAREGIVER, true), staff(CAREGIVER_2, true), staff(UNCERTIFIED, false)));
  }

  static Room room(String roomId, ClassType classType, int capacity) {
    return Room.newBuilder()
        .setRoomId(roomId)
        .setClassType(classType)
        .setCapacity(capacity)
        .setCameraIds(List.of("C-" + roomId))
        .build();
  }

  /**
   * {@code institution} with {@code roomId} watched by {@code cameraIds} instead of its one camera
   * "C-" + roomId (e.g. a second camera in R1).
   */
  static Institution.Builder withCameras(
      Institution.Builder institution, String roomId, String... cameraIds) {
    List<Room> rooms = new ArrayList<>();
    for (Room r : institution.getRooms()) {
      rooms.add(
          r.getRoomId().equals(roomId)
              ? Room.newBuilder(r).setCameraIds(List.of(cameraIds)).build()
              : r);
    }
    return institution.setRooms(rooms);
  }

  static StaffMember staff(String staffId, boolean certified) {
    return StaffMember.newBuilder()
        .setStaffId(staffId)
        .setRole(PersonRole.CAREGIVER)
        .setCertified(certified)
        .build();
  }

  /** An attendance event of 320402-0007 with an event id that sorts by time. */
  static AttendanceEvent attendance(
      long ts, String personId, PersonRole role, AttendanceAction action, String roomId) {
    return attendance(
        "e-" + clock(ts) + "-" + personId + "-" + action, ts, personId, role, action, roomId);
  }

  static AttendanceEvent attendance(
      String eventId,
      long ts,
      String personId,
      PersonRole role,
      AttendanceAction action,
      String roomId) {
    return AttendanceEvent.newBuilder()
        .setEventId(eventId)
        .setTs(Instant.ofEpochMilli(ts))
        .setInstitutionId(INSTITUTION_ID)
        .setRoomId(roomId)
        .setPersonId(personId)
        .setRole(role)
        .setAction(action)
        .build();
  }

  static AttendanceEvent enter(long ts, String personId, PersonRole role, String roomId) {
    return attendance(ts, personId, role, AttendanceAction.ENTER, roomId);
  }

  static AttendanceEvent exit(long ts, String personId, PersonRole role, String roomId) {
    return attendance(ts, personId, role, AttendanceAction.EXIT, roomId);
  }

  static AttendanceEvent child(long ts, String personId, AttendanceAction action, String roomId) {
    return attendance(ts, personId, PersonRole.CHILD, action, roomId);
  }

  static AttendanceEvent caregiver(
      long ts, String personId, AttendanceAction action, String roomId) {
    return attendance(ts, personId, PersonRole.CAREGIVER, action, roomId);
  }

  /**
   * A camera status report of 320402-0007; the event id sorts by time and is unique per camera,
   * status and instant.
   */
  static CameraStatus camera(
      long ts, String cameraId, CameraState status, Boolean recording, Integer retentionDays) {
    return CameraStatus.newBuilder()
        .setEventId("cam-" + clock(ts) + "-" + cameraId + "-" + status)
        .setTs(Instant.ofEpochMilli(ts))
        .setInstitutionId(INSTITUTION_ID)
        .setCameraId(cameraId)
        .setStatus(status)
        .setRecording(recording)
        .setRetentionDays(retentionDays)
        .build();
  }

  /** A heartbeat: an ONLINE report without recording flag or retention. */
  static CameraStatus heartbeat(long ts, String cameraId) {
    return camera(ts, cameraId, CameraState.ONLINE, null, null);
  }

  /** An environment sensor reading of 320402-0007. */
  static SensorReading sensor(
      long ts, String roomId, String sensorId, SensorMetric metric, double value) {
    return SensorReading.newBuilder()
        .setEventId("sen-" + clock(ts) + "-" + sensorId + "-" + metric)
        .setTs(Instant.ofEpochMilli(ts))
        .setInstitutionId(INSTITUTION_ID)
        .setRoomId(roomId)
        .setSensorId(sensorId)
        .setMetric(metric)
        .setValue(value)
        .build();
  }

  /** A {@code rules} line of design.md's format, decoded by the real codec. */
  static RuleParameters rulesLine(String json) {
    Decoded d = new JsonLinesCodec().decode(json, 1, "rules.jsonl");
    if (!(d instanceof Decoded.Record r)) {
      throw new IllegalArgumentException("not a valid rules line: " + d);
    }
    return (RuleParameters) r.record();
  }

  /**
   * A record as the Kafka source hands it to the job: its single-object bytes through {@link
   * Envelopes#fromKafka}, on the topic of its type.
   */
  static EventEnvelope envelope(SpecificRecord record) {
    SentinelType type = SentinelType.ofClass(record.getClass()).orElseThrow();
    return Envelopes.fromKafka(
        type.topic(), 0, OFFSETS.incrementAndGet(), 0L, SentinelSerde.encodeAny(record), type);
  }

  /** {@code hh:mm:ss} of a signal, e.g. "START ROOM_UNATTENDED 320402-0007/room/R1 @09:00:00". */
  static String describe(ConditionSignal s) {
    return s.kind + " " + s.ruleId + " " + s.subject + " @" + clock(s.ts);
  }
}
