package cn.tuoyu.sentinel.jobs.monitor;

import cn.tuoyu.sentinel.pipeline.rules.AlertIds;
import cn.tuoyu.sentinel.pipeline.rules.InstitutionSnapshot;
import cn.tuoyu.sentinel.pipeline.rules.RuleCatalog;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import cn.tuoyu.sentinel.schema.Severity;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One full local day (2026-12-08, 00:00–24:00 Asia/Shanghai, a winter day: 16–24 °C) of four
 * institutions in four districts, as JSON lines for {@code replay --from-file}, with the exact
 * alerts the device rules must give for it. Deterministic for a seed: the seed only chooses phases,
 * sensor values and attendance times; the layout and the incidents are fixed.
 *
 * <p>Normal operation: every camera is armed 24 h and sends an ONLINE heartbeat ({@code
 * recording=true}, {@code retentionDays=90}) every 30 s at its own phase; every room has a
 * temperature sensor {@code T<n>} and an air sensor {@code A<n>} reading every 60 s at their own
 * phases (20–22 °C, 600–800 ppm), the air sensor also SMOKE 0 once an hour. Two certified
 * caregivers per room enter around 07:40, the children from 08:00 (never above the ratio or the
 * class limit), the children leave from 16:45 and the caregivers at 17:15, before the 18:00 closing
 * — no occupancy rule fires.
 *
 * <p>Incidents ({@link #incidents()}): a 45 s OFFLINE blip; a 5 min OFFLINE of the only camera of
 * an occupied room; 10 min without heartbeats from one camera; {@code recording=false} for 3 min;
 * {@code retentionDays=30} for 20 min; a camera flapping 3 times within an hour and another only
 * twice; smoke; 26.5 °C for 15 min and for 5 min; 1300 ppm CO2 for 12 min; a sensor silent for 20
 * min; an institution wholly silent for 15 min during opening hours; and near the end of the file a
 * camera and all sensors of an institution stopping for good.
 *
 * <p>The expectations are not written by hand: {@link #derive} computes them from the final event
 * streams with the rules' documented semantics (the class comments of {@code
 * InstitutionMonitorFunction}, {@code CameraFlappingPattern} and the rule classes), per device and
 * per room, so the normal streams are checked to give nothing as well. Where an edge the derivation
 * does not model would matter (e.g. an absence due inside the last out-of-orderness bound of the
 * file), it throws instead of guessing.
 */
final class DeviceDayScenario {
  static final ZoneId ZONE = InstitutionSnapshot.ZONE;
  static final LocalDate DAY = LocalDate.of(2026, 12, 8);

  /** The replay's out-of-orderness bound (MonitorConfig's default). */
  static final long BOUND_MILLIS = 5_000;

  static final long CAMERA_PERIOD = 30_000;
  static final long SENSOR_PERIOD = 60_000;
  static final double WINTER_MIN_C = 16;
  static final double WINTER_MAX_C = 24;
  static final double MAX_PPM = 1000;
  static final int MIN_RETENTION_DAYS = 90;
  static final int FLAP_MIN_TRANSITIONS = 3;
  static final long FLAP_WINDOW = 3_600_000;

  private static final long DAY_START = DAY.atStartOfDay(ZONE).toInstant().toEpochMilli();
  private static final long DAY_END = DAY.plusDays(1).atStartOfDay(ZONE).toInstant().toEpochMilli();
  private static final String OPEN_TIME = "07:30";
  private static final String CLOSE_TIME = "18:00";
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX", Locale.ROOT);
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

  // ---------------------------------------------------------------------------------------------
  // Layout

  /** A room: class type, licensed capacity, standard class limit, children per caregiver. */
  record Room(
      String roomId,
      String classType,
      int capacity,
      int standardMax,
      int ratio,
      List<String> cams) {
    String temperatureSensor() {
      return "T" + roomId.substring(1);
    }

    String airSensor() {
      return "A" + roomId.substring(1);
    }

    /** Children with two certified caregivers, within ratio, class limit and capacity. */
    int maxChildren() {
      return Math.min(Math.min(capacity, standardMax), 2 * ratio);
    }
  }

  record Inst(String id, String name, String region, double lat, double lon, List<Room> rooms) {}

  private static Room infant(String id, String... cams) {
    return new Room(id, "INFANT_6_12", 10, 10, 3, List.of(cams));
  }

  private static Room toddlerSmall(String id, String... cams) {
    return new Room(id, "TODDLER_12_24", 15, 15, 5, List.of(cams));
  }

  private static Room toddlerLarge(String id, String... cams) {
    return new Room(id, "TODDLER_24_36", 20, 20, 7, List.of(cams));
  }

  private static Room mixed(String id, String... cams) {
    return new Room(id, "MIXED_18_36", 18, 18, 5, List.of(cams));
  }

  static final String I1 = "320402-0101";
  static final String I2 = "120106-0202";
  static final String I3 = "330302-0303";
  static final String I4 = "320411-0404";

  private static List<Inst> layout() {
    return List.of(
        new Inst(
            I1,
            "天宁区小星星托育园",
            "320402",
            31.78,
            119.97,
            List.of(toddlerSmall("R1", "C1", "C2"), toddlerLarge("R2", "C3"), infant("R3", "C4"))),
        new Inst(
            I2,
            "红桥区阳光宝贝托育中心",
            "120106",
            39.17,
            117.15,
            List.of(toddlerSmall("R1", "C1", "C2"), toddlerLarge("R2", "C3", "C4"))),
        new Inst(
            I3,
            "鹿城区安心托育园",
            "330302",
            28.02,
            120.65,
            List.of(infant("R1", "C1"), toddlerSmall("R2", "C2", "C3"), mixed("R3", "C4"))),
        new Inst(
            I4,
            "新北区七彩虹托育中心",
            "320411",
            31.83,
            119.97,
            List.of(toddlerLarge("R1", "C1"), toddlerSmall("R2", "C2"))));
  }

  // ---------------------------------------------------------------------------------------------
  // Event streams (mutable while incidents are injected)

  private static final class CameraReport {
    final long ts;
    boolean online;
    Boolean recording;
    Integer retentionDays;

    CameraReport(long ts, boolean online, Boolean recording, Integer retentionDays) {
      this.ts = ts;
      this.online = online;
      this.recording = recording;
      this.retentionDays = retentionDays;
    }
  }

  private static final class Reading {
    final long ts;
    final String metric;
    double value;

    Reading(long ts, String metric, double value) {
      this.ts = ts;
      this.metric = metric;
      this.value = value;
    }
  }

  private record Attendance(long ts, String roomId, String personId, String role, String action) {}

  /** One event line of the file. */
  record Event(long ts, String eventId, String institutionId, String json) {}

  /** One expected alert: OPEN at {@code openedAt}, RESOLVED at {@code resolvedAt} if not null. */
  record Expected(
      String ruleId, SubjectKey subject, long startedAt, long openedAt, Long resolvedAt) {
    Severity severity() {
      return RuleCatalog.defaults(ruleId).severity();
    }

    String alertId() {
      return AlertIds.alertId(ruleId, subject, Instant.ofEpochMilli(startedAt));
    }

    /** Its transitions in the summary form of {@link #transition}. */
    List<String> transitions() {
      List<String> t = new ArrayList<>();
      t.add(
          transition(ruleId, "OPEN", subject, severity(), startedAt, openedAt, null, alertId(), 0));
      if (resolvedAt != null) {
        t.add(
            transition(
                ruleId,
                "RESOLVED",
                subject,
                severity(),
                startedAt,
                openedAt,
                resolvedAt,
                alertId(),
                1));
      }
      return t;
    }
  }

  private final long seed;
  private final Random random;
  private final Map<String, Inst> institutions = new LinkedHashMap<>();
  private final Map<String, Map<String, TreeMap<Long, CameraReport>>> cameras =
      new LinkedHashMap<>();
  private final Map<String, Map<String, TreeMap<Long, List<Reading>>>> sensors =
      new LinkedHashMap<>();
  private final Map<String, List<Attendance>> attendance = new LinkedHashMap<>();
  private final List<String> incidents = new ArrayList<>();

  private List<String> referenceLines;
  private List<Event> events;
  private List<Expected> expected;

  private DeviceDayScenario(long seed) {
    this.seed = seed;
    this.random = new Random(seed);
  }

  /** The day for {@code seed}: normal streams, then the incidents, then the expectations. */
  static DeviceDayScenario generate(long seed) {
    DeviceDayScenario s = new DeviceDayScenario(seed);
    for (Inst inst : layout()) {
      s.institutions.put(inst.id(), inst);
      s.normalDay(inst);
    }
    s.injectIncidents();
    s.events = s.flatten();
    s.referenceLines =
        s.institutions.values().stream().map(DeviceDayScenario::institutionLine).toList();
    s.expected = s.derive();
    return s;
  }

  static long at(String hhmmss) {
    return DAY.atTime(LocalTime.parse(hhmmss)).atZone(ZONE).toInstant().toEpochMilli();
  }

  static String iso(long millis) {
    return Instant.ofEpochMilli(millis).atOffset(ZoneOffset.ofHours(8)).format(ISO);
  }

  static String clock(Long millis) {
    return millis == null
        ? "-"
        : Instant.ofEpochMilli(millis).atOffset(ZoneOffset.ofHours(8)).format(CLOCK);
  }

  /** A transition in the summary form the test compares. */
  static String transition(
      String ruleId,
      String status,
      SubjectKey subject,
      Severity severity,
      long startedAt,
      long openedAt,
      Long resolvedAt,
      String alertId,
      int sequence) {
    return ruleId
        + " "
        + status
        + " "
        + subject.asString()
        + " "
        + severity
        + " started="
        + clock(startedAt)
        + " opened="
        + clock(openedAt)
        + " resolved="
        + clock(resolvedAt)
        + " id="
        + alertId
        + " seq="
        + sequence;
  }

  private void normalDay(Inst inst) {
    Map<String, TreeMap<Long, CameraReport>> cams = new LinkedHashMap<>();
    Map<String, TreeMap<Long, List<Reading>>> sens = new LinkedHashMap<>();
    List<Attendance> people = new ArrayList<>();
    int roomIndex = 0;
    for (Room room : inst.rooms()) {
      for (String cam : room.cams()) {
        TreeMap<Long, CameraReport> reports = new TreeMap<>();
        for (long t = DAY_START + random.nextInt(30) * 1000L; t < DAY_END; t += CAMERA_PERIOD) {
          reports.put(t, new CameraReport(t, true, true, MIN_RETENTION_DAYS));
        }
        cams.put(cam, reports);
      }
      TreeMap<Long, List<Reading>> temperature = new TreeMap<>();
      for (long t = DAY_START + random.nextInt(60) * 1000L; t < DAY_END; t += SENSOR_PERIOD) {
        add(temperature, new Reading(t, "TEMPERATURE_C", 20 + random.nextInt(21) / 10.0));
      }
      sens.put(room.temperatureSensor(), temperature);
      TreeMap<Long, List<Reading>> air = new TreeMap<>();
      long airPhase = random.nextInt(60) * 1000L;
      for (long t = DAY_START + airPhase; t < DAY_END; t += SENSOR_PERIOD) {
        add(air, new Reading(t, "CO2_PPM", 600 + random.nextInt(201)));
        if ((t - DAY_START - airPhase) % 3_600_000 == 0) {
          add(air, new Reading(t + 1000, "SMOKE", 0)); // once an hour, 1 s after a CO2 reading
        }
      }
      sens.put(room.airSensor(), air);

      // Two certified caregivers first, then the children; children leave first.
      long roomOffset = roomIndex * 60_000L;
      for (int k = 1; k <= 2; k++) {
        String staff = staffId(room, k);
        long in = at("07:40:00") + roomOffset + k * 20_000L;
        people.add(new Attendance(in, null, staff, "CAREGIVER", "CHECK_IN"));
        people.add(new Attendance(in + 60_000, room.roomId(), staff, "CAREGIVER", "ENTER"));
        long out = at("17:15:00") + roomOffset + k * 20_000L;
        people.add(new Attendance(out, room.roomId(), staff, "CAREGIVER", "EXIT"));
        people.add(new Attendance(out + 60_000, null, staff, "CAREGIVER", "CHECK_OUT"));
      }
      int children = room.maxChildren() - random.nextInt(3);
      for (int j = 1; j <= children; j++) {
        String child = String.format(Locale.ROOT, "c-%s-%02d", room.roomId(), j);
        long in = at("08:00:00") + random.nextInt(1200) * 1000L;
        people.add(new Attendance(in, null, child, "CHILD", "CHECK_IN"));
        people.add(new Attendance(in + 45_000, room.roomId(), child, "CHILD", "ENTER"));
        long out = at("16:45:00") + random.nextInt(1200) * 1000L;
        people.add(new Attendance(out, room.roomId(), child, "CHILD", "EXIT"));
        people.add(new Attendance(out + 45_000, null, child, "CHILD", "CHECK_OUT"));
      }
      roomIndex++;
    }
    cameras.put(inst.id(), cams);
    sensors.put(inst.id(), sens);
    attendance.put(inst.id(), people);
  }

  private static String staffId(Room room, int k) {
    return "s-" + room.roomId() + "-" + k;
  }

  private static void add(TreeMap<Long, List<Reading>> readings, Reading r) {
    readings.computeIfAbsent(r.ts, t -> new ArrayList<>()).add(r);
  }

  // ---------------------------------------------------------------------------------------------
  // Incidents

  private void injectIncidents() {
    // I1 (天宁): R2 and R3 have one camera each, R1 two.
    cameraOutage(I1, "C3", at("09:30:05"), at("09:30:50")); // 45 s blip: no alert
    cameraOutage(I1, "C4", at("10:00:07"), at("10:05:07")); // only camera of occupied R3, 5 min
    cameraSilence(I1, "C1", at("14:00:00"), at("14:10:00")); // heartbeats stop 10 min
    smoke(I1, "A2", at("15:20:03"), at("15:23:03"));
    // I2 (红桥): both rooms have two cameras.
    recordingOff(I2, "C2", at("09:00:00"), at("09:03:00"));
    sensorValue(I2, "T1", "TEMPERATURE_C", at("10:30:00"), at("10:45:00"), 26.5); // 15 min
    retention(I2, "C1", at("11:00:00"), at("11:20:00"), 30);
    for (String t : List.of("13:00:10", "13:10:10", "13:20:10")) {
      cameraOutage(I2, "C3", at(t), at(t) + 40_000); // 3 ONLINE→OFFLINE within 1 h: flapping
    }
    for (String t : List.of("20:00:10", "20:15:10")) {
      cameraOutage(I2, "C1", at(t), at(t) + 40_000); // only 2: not flapping
    }
    // I3 (鹿城)
    institutionSilence(I3, at("11:00:00"), at("11:15:00"));
    sensorValue(I3, "T2", "TEMPERATURE_C", at("14:30:00"), at("14:35:00"), 26.5); // 5 min: none
    sensorValue(I3, "A3", "CO2_PPM", at("15:00:00"), at("15:12:00"), 1300);
    // I4 (新北)
    sensorSilence(I4, "T1", at("16:00:00"), at("16:20:00"));
    // The end of the file: nothing after these can prove an absence.
    cameraSilence(I1, "C2", at("23:59:00"), DAY_END);
    for (String sensor : List.copyOf(sensors.get(I4).keySet())) {
      sensorSilence(I4, sensor, at("23:51:00"), DAY_END);
    }
  }

  private TreeMap<Long, CameraReport> camera(String inst, String cam) {
    return cameras.get(inst).get(cam);
  }

  private TreeMap<Long, List<Reading>> sensor(String inst, String sensorId) {
    return sensors.get(inst).get(sensorId);
  }

  /** OFFLINE from {@code from} (reports in between say OFFLINE) until ONLINE at {@code to}. */
  private void cameraOutage(String inst, String cam, long from, long to) {
    TreeMap<Long, CameraReport> reports = camera(inst, cam);
    CameraReport before = reports.lowerEntry(from).getValue();
    for (CameraReport r : reports.subMap(from, true, to, false).values()) {
      r.online = false;
      r.recording = null;
      r.retentionDays = null;
    }
    reports.put(from, new CameraReport(from, false, null, null));
    reports.put(to, new CameraReport(to, true, before.recording, before.retentionDays));
    incidents.add(inst + " camera " + cam + " OFFLINE " + clock(from) + "–" + clock(to));
  }

  /** No report at all in [from, to). */
  private void cameraSilence(String inst, String cam, long from, long to) {
    camera(inst, cam).subMap(from, true, to, false).clear();
    incidents.add(inst + " camera " + cam + " silent " + clock(from) + "–" + endClock(to));
  }

  private void recordingOff(String inst, String cam, long from, long to) {
    camera(inst, cam).subMap(from, true, to, false).values().forEach(r -> r.recording = false);
    incidents.add(inst + " camera " + cam + " recording=false " + clock(from) + "–" + clock(to));
  }

  private void retention(String inst, String cam, long from, long to, int days) {
    camera(inst, cam).subMap(from, true, to, false).values().forEach(r -> r.retentionDays = days);
    incidents.add(
        inst + " camera " + cam + " retentionDays=" + days + " " + clock(from) + "–" + clock(to));
  }

  private void sensorValue(
      String inst, String sensorId, String metric, long from, long to, double value) {
    for (List<Reading> rs : sensor(inst, sensorId).subMap(from, true, to, false).values()) {
      for (Reading r : rs) {
        if (r.metric.equals(metric)) {
          r.value = value;
        }
      }
    }
    incidents.add(
        inst
            + " sensor "
            + sensorId
            + " "
            + metric
            + "="
            + value
            + " "
            + clock(from)
            + "–"
            + clock(to));
  }

  private void smoke(String inst, String sensorId, long alarm, long clear) {
    add(sensor(inst, sensorId), new Reading(alarm, "SMOKE", 1));
    add(sensor(inst, sensorId), new Reading(clear, "SMOKE", 0));
    incidents.add(
        inst + " sensor " + sensorId + " SMOKE=1 " + clock(alarm) + ", 0 " + clock(clear));
  }

  private void sensorSilence(String inst, String sensorId, long from, long to) {
    sensor(inst, sensorId).subMap(from, true, to, false).clear();
    incidents.add(inst + " sensor " + sensorId + " silent " + clock(from) + "–" + endClock(to));
  }

  /** Nothing at all from the institution in [from, to). */
  private void institutionSilence(String inst, long from, long to) {
    cameras.get(inst).values().forEach(m -> m.subMap(from, true, to, false).clear());
    sensors.get(inst).values().forEach(m -> m.subMap(from, true, to, false).clear());
    if (attendance.get(inst).stream().anyMatch(a -> a.ts() >= from && a.ts() < to)) {
      throw new IllegalStateException("attendance inside the silence of " + inst);
    }
    incidents.add(inst + " wholly silent " + clock(from) + "–" + clock(to));
  }

  private static String endClock(long t) {
    return t == DAY_END ? "end of file" : clock(t);
  }

  // ---------------------------------------------------------------------------------------------
  // Lines

  private List<Event> flatten() {
    List<Event> all = new ArrayList<>();
    for (Inst inst : institutions.values()) {
      // Keyed by ts, then a stable order of devices: eventIds follow event time.
      TreeMap<Long, List<String>> bodies = new TreeMap<>();
      for (Map.Entry<String, TreeMap<Long, CameraReport>> c : cameras.get(inst.id()).entrySet()) {
        for (CameraReport r : c.getValue().values()) {
          bodies
              .computeIfAbsent(r.ts, t -> new ArrayList<>())
              .add(cameraBody(inst.id(), c.getKey(), r));
        }
      }
      for (Map.Entry<String, TreeMap<Long, List<Reading>>> s : sensors.get(inst.id()).entrySet()) {
        String room = "R" + s.getKey().substring(1);
        for (List<Reading> rs : s.getValue().values()) {
          for (Reading r : rs) {
            bodies
                .computeIfAbsent(r.ts, t -> new ArrayList<>())
                .add(sensorBody(inst.id(), room, s.getKey(), r));
          }
        }
      }
      for (Attendance a : attendance.get(inst.id())) {
        bodies.computeIfAbsent(a.ts(), t -> new ArrayList<>()).add(attendanceBody(inst.id(), a));
      }
      int n = 0;
      for (Map.Entry<Long, List<String>> e : bodies.entrySet()) {
        for (String body : e.getValue()) {
          String eventId = String.format(Locale.ROOT, "e-%s-%06d", inst.id(), ++n);
          String[] typeAndRest = body.split("\\|", 2);
          String json =
              "{\"type\":\""
                  + typeAndRest[0]
                  + "\",\"ts\":\""
                  + iso(e.getKey())
                  + "\",\"eventId\":\""
                  + eventId
                  + "\",\"institutionId\":\""
                  + inst.id()
                  + "\""
                  + typeAndRest[1]
                  + "}";
          all.add(new Event(e.getKey(), eventId, inst.id(), json));
        }
      }
    }
    all.sort(Comparator.comparingLong(Event::ts).thenComparing(Event::eventId));
    return List.copyOf(all);
  }

  private static String cameraBody(String inst, String cam, CameraReport r) {
    return "camera|,\"cameraId\":\""
        + cam
        + "\",\"status\":\""
        + (r.online ? "ONLINE" : "OFFLINE")
        + "\""
        + (r.recording == null ? "" : ",\"recording\":" + r.recording)
        + (r.retentionDays == null ? "" : ",\"retentionDays\":" + r.retentionDays);
  }

  private static String sensorBody(String inst, String room, String sensorId, Reading r) {
    return "sensor|,\"roomId\":\""
        + room
        + "\",\"sensorId\":\""
        + sensorId
        + "\",\"metric\":\""
        + r.metric
        + "\",\"value\":"
        + r.value;
  }

  private static String attendanceBody(String inst, Attendance a) {
    return "attendance|"
        + (a.roomId() == null ? "" : ",\"roomId\":\"" + a.roomId() + "\"")
        + ",\"personId\":\""
        + a.personId()
        + "\",\"role\":\""
        + a.role()
        + "\",\"action\":\""
        + a.action()
        + "\"";
  }

  private static String institutionLine(Inst inst) {
    StringBuilder rooms = new StringBuilder();
    StringBuilder staff = new StringBuilder();
    for (Room r : inst.rooms()) {
      if (rooms.length() > 0) {
        rooms.append(',');
      }
      rooms
          .append("{\"roomId\":\"")
          .append(r.roomId())
          .append("\",\"classType\":\"")
          .append(r.classType())
          .append("\",\"capacity\":")
          .append(r.capacity())
          .append(",\"cameraIds\":[")
          .append(String.join(",", r.cams().stream().map(c -> "\"" + c + "\"").toList()))
          .append("]}");
      for (int k = 1; k <= 2; k++) {
        if (staff.length() > 0) {
          staff.append(',');
        }
        staff
            .append("{\"staffId\":\"")
            .append(staffId(r, k))
            .append("\",\"role\":\"CAREGIVER\",\"certified\":true}");
      }
    }
    return "{\"type\":\"institution\",\"ts\":\""
        + iso(DAY_START)
        + "\",\"institutionId\":\""
        + inst.id()
        + "\",\"name\":\""
        + inst.name()
        + "\",\"regionCode\":\""
        + inst.region()
        + "\",\"kind\":\"CENTER\",\"licensedPlaces\":60,\"openTime\":\""
        + OPEN_TIME
        + "\",\"closeTime\":\""
        + CLOSE_TIME
        + "\",\"location\":{\"lat\":"
        + inst.lat()
        + ",\"lon\":"
        + inst.lon()
        + "},\"rooms\":["
        + rooms
        + "],\"staff\":["
        + staff
        + "]}";
  }

  // ---------------------------------------------------------------------------------------------
  // Expectations

  /** What the derivation needs about the whole file and one institution. */
  private record Context(
      String inst,
      TreeSet<Long> times,
      long lastTs,
      long lastWatermark,
      List<Expected> offline,
      List<Expected> out) {}

  private List<Expected> derive() {
    long lastTs = events.get(events.size() - 1).ts();
    // The last watermark before the end of input: timers at or before it fire, later ones never.
    long lastWatermark = lastTs - BOUND_MILLIS - 1;
    List<Expected> out = new ArrayList<>();
    for (Inst inst : institutions.values()) {
      TreeSet<Long> times = new TreeSet<>();
      for (Event e : events) {
        if (e.institutionId().equals(inst.id())) {
          times.add(e.ts());
        }
      }
      Context ctx = new Context(inst.id(), times, lastTs, lastWatermark, new ArrayList<>(), out);
      institutionOffline(ctx);
      for (Map.Entry<String, TreeMap<Long, CameraReport>> c : cameras.get(inst.id()).entrySet()) {
        camera(ctx, c.getKey(), List.copyOf(c.getValue().values()));
      }
      for (Map.Entry<String, TreeMap<Long, List<Reading>>> s : sensors.get(inst.id()).entrySet()) {
        sensor(ctx, s.getKey(), s.getValue());
      }
      for (Room room : inst.rooms()) {
        surveillanceGap(ctx, room);
      }
    }
    out.sort(Comparator.comparingLong(Expected::openedAt).thenComparing(Expected::alertId));
    return List.copyOf(out);
  }

  /**
   * A condition from explicit reports, breached from the event at {@code since} until the event at
   * {@code end} (null: still at the end of the file): START at since, a deadline at since + hold
   * that TICKs if it still holds after the events of that instant. Hold 0 opens at the event
   * itself.
   */
  private static void held(
      Context ctx, String ruleId, SubjectKey subject, long since, Long end, long hold) {
    long due = since + hold;
    if (end != null && end <= due) {
      return; // cleared before or at its deadline (events of an instant apply first)
    }
    if (hold > 0 && due > ctx.lastWatermark()) {
      return; // the deadline never fires: the end of the input proves nothing
    }
    ctx.out().add(new Expected(ruleId, subject, since, due, end));
  }

  /**
   * A silence (a device stopped reporting) whose hold passes at {@code detectedAt}: it is noticed
   * at the institution's first event at or after that instant (or by the check timer then, when
   * nothing arrives) and opens at that event, with its original {@code since} — unless
   * INSTITUTION_OFFLINE opened meanwhile, in which case it is released with a fresh hold when the
   * institution returns. {@code end} is the report that ends it (null: none in the file); a report
   * at the instant it would open ends it first.
   */
  private static void silence(
      Context ctx,
      String ruleId,
      SubjectKey subject,
      long since,
      long detectedAt,
      Long end,
      long hold) {
    if (end != null && end <= detectedAt) {
      return;
    }
    if (detectedAt > ctx.lastWatermark()) {
      if (detectedAt > ctx.lastTs()) {
        return; // the file ends before the absence could be proved
      }
      throw new IllegalStateException(
          "not modelled: " + ruleId + " " + subject + " due inside the last bound of the file");
    }
    Long heard = ctx.times().ceiling(detectedAt);
    if (heard == null) {
      return; // waits for the institution forever
    }
    for (Expected offline : ctx.offline()) {
      if (offline.resolvedAt() != null
          && offline.resolvedAt().equals(heard)
          && offline.openedAt() < heard) {
        // Suppressed while INSTITUTION_OFFLINE was open; released with a fresh hold on return.
        if (end != null && end <= heard + hold) {
          return;
        }
        throw new IllegalStateException(
            "not modelled: " + ruleId + " " + subject + " still silent after the released hold");
      }
    }
    if (end != null && end <= heard) {
      return; // its own report (at that instant) ends it before it opens
    }
    ctx.out().add(new Expected(ruleId, subject, since, heard, end));
  }

  /** INSTITUTION_OFFLINE between consecutive events of the institution. */
  private void institutionOffline(Context ctx) {
    long hold = RuleCatalog.defaults(RuleIds.INSTITUTION_OFFLINE).holdMillis();
    SubjectKey subject = SubjectKey.institution(ctx.inst());
    Long previous = null;
    List<Long> times = new ArrayList<>(ctx.times());
    times.add(null);
    for (Long t : times) {
      if (previous != null) {
        LocalDate day = Instant.ofEpochMilli(previous).atZone(ZONE).toLocalDate();
        long opening =
            day.atTime(LocalTime.parse(OPEN_TIME)).atZone(ZONE).toInstant().toEpochMilli();
        long closing =
            day.atTime(LocalTime.parse(CLOSE_TIME)).atZone(ZONE).toInstant().toEpochMilli();
        long start = Math.max(previous, opening);
        if (start < closing && start + hold <= closing) {
          long decided = start + hold;
          if ((t == null || t > decided) && decided <= ctx.lastWatermark()) {
            Expected e = new Expected(RuleIds.INSTITUTION_OFFLINE, subject, start, decided, t);
            ctx.offline().add(e);
            ctx.out().add(e);
          } else if (t != null && t > decided) {
            throw new IllegalStateException("not modelled: offline decided in the last bound");
          }
        } else if (t != null && t - previous > hold) {
          // A silence carried over to the next opening: never within this one-day file.
          long nextOpening =
              day.plusDays(1)
                  .atTime(LocalTime.parse(OPEN_TIME))
                  .atZone(ZONE)
                  .toInstant()
                  .toEpochMilli();
          if (t > nextOpening + hold) {
            throw new IllegalStateException("not modelled: silence across days");
          }
        }
      }
      previous = t;
    }
  }

  /**
   * CAMERA_OFFLINE (explicit and silent), RECORDING_STOPPED, RETENTION_BELOW_STANDARD, flapping.
   */
  private void camera(Context ctx, String cam, List<CameraReport> reports) {
    SubjectKey subject = SubjectKey.camera(ctx.inst(), cam);
    long offlineHold = RuleCatalog.defaults(RuleIds.CAMERA_OFFLINE).holdMillis();
    long recordingHold = RuleCatalog.defaults(RuleIds.RECORDING_STOPPED).holdMillis();
    long retentionHold = RuleCatalog.defaults(RuleIds.RETENTION_BELOW_STANDARD).holdMillis();
    Boolean recording = null;
    Integer retention = null;
    Long offlineSince = null;
    Long recordingOffSince = null;
    Long retentionSince = null;
    List<Long> transitions = new ArrayList<>();
    CameraReport previous = null;
    for (CameraReport r : reports) {
      if (previous != null && previous.online) {
        if (!r.online && r.ts - previous.ts >= offlineHold) {
          throw new IllegalStateException("not modelled: silence ended by an OFFLINE report");
        }
        long silentAt = previous.ts + offlineHold;
        silence(ctx, RuleIds.CAMERA_OFFLINE, subject, previous.ts, silentAt, r.ts, offlineHold);
      }
      if (!r.online) {
        if (offlineSince == null) {
          offlineSince = r.ts;
        }
        if (previous != null && previous.online) {
          transitions.add(r.ts);
        }
      } else if (offlineSince != null) {
        held(ctx, RuleIds.CAMERA_OFFLINE, subject, offlineSince, r.ts, offlineHold);
        offlineSince = null;
      }
      if (r.recording != null) {
        recording = r.recording;
      }
      if (r.retentionDays != null) {
        retention = r.retentionDays;
      }
      boolean recordingOff = r.online && Boolean.FALSE.equals(recording);
      if (recordingOff && recordingOffSince == null) {
        recordingOffSince = r.ts;
      } else if (!recordingOff && recordingOffSince != null) {
        held(ctx, RuleIds.RECORDING_STOPPED, subject, recordingOffSince, r.ts, recordingHold);
        recordingOffSince = null;
      }
      boolean retentionLow = retention != null && retention < MIN_RETENTION_DAYS;
      if (retentionLow && retentionSince == null) {
        retentionSince = r.ts;
      } else if (!retentionLow && retentionSince != null) {
        held(ctx, RuleIds.RETENTION_BELOW_STANDARD, subject, retentionSince, r.ts, retentionHold);
        retentionSince = null;
      }
      previous = r;
    }
    if (previous != null && previous.online) {
      silence(
          ctx,
          RuleIds.CAMERA_OFFLINE,
          subject,
          previous.ts,
          previous.ts + offlineHold,
          null,
          offlineHold);
    }
    if (offlineSince != null) {
      held(ctx, RuleIds.CAMERA_OFFLINE, subject, offlineSince, null, offlineHold);
    }
    if (recordingOffSince != null) {
      held(ctx, RuleIds.RECORDING_STOPPED, subject, recordingOffSince, null, recordingHold);
    }
    if (retentionSince != null) {
      held(ctx, RuleIds.RETENTION_BELOW_STANDARD, subject, retentionSince, null, retentionHold);
    }
    flapping(ctx, subject, transitions);
  }

  /**
   * CAMERA_FLAPPING: opens at the transition completing {@value #FLAP_MIN_TRANSITIONS} within the
   * window, since the earliest first transition of that match; resolves a whole window after the
   * last transition of the run (a check exactly then); matches while open fold into it.
   */
  private void flapping(Context ctx, SubjectKey subject, List<Long> t) {
    int from = 0;
    while (true) {
      int nth = -1;
      int first = -1;
      for (int k = from + FLAP_MIN_TRANSITIONS - 1; k < t.size() && nth < 0; k++) {
        for (int j = from; j <= k - FLAP_MIN_TRANSITIONS + 1; j++) {
          if (t.get(k) - t.get(j) <= FLAP_WINDOW) {
            nth = k;
            first = j;
            break;
          }
        }
      }
      if (nth < 0) {
        return;
      }
      int last = nth;
      while (last + 1 < t.size() && t.get(last + 1) - t.get(last) <= FLAP_WINDOW) {
        last++;
      }
      long quiet = t.get(last) + FLAP_WINDOW;
      if (quiet > ctx.lastWatermark()) {
        throw new IllegalStateException("not modelled: flapping resolves after the file");
      }
      ctx.out()
          .add(new Expected(RuleIds.CAMERA_FLAPPING, subject, t.get(first), t.get(nth), quiet));
      from = last + 1;
    }
  }

  /** TEMPERATURE_OUT_OF_RANGE, CO2_HIGH, SMOKE_DETECTED and SENSOR_SILENT of one sensor. */
  private void sensor(Context ctx, String sensorId, NavigableMap<Long, List<Reading>> readings) {
    SubjectKey subject = SubjectKey.sensor(ctx.inst(), "R" + sensorId.substring(1), sensorId);
    long temperatureHold = RuleCatalog.defaults(RuleIds.TEMPERATURE_OUT_OF_RANGE).holdMillis();
    long co2Hold = RuleCatalog.defaults(RuleIds.CO2_HIGH).holdMillis();
    long smokeHold = RuleCatalog.defaults(RuleIds.SMOKE_DETECTED).holdMillis();
    long silentHold = RuleCatalog.defaults(RuleIds.SENSOR_SILENT).holdMillis();
    Double temperature = null;
    Double co2 = null;
    Double smoke = null;
    Long hotSince = null;
    Long co2Since = null;
    Long smokeSince = null;
    Long previous = null;
    for (Map.Entry<Long, List<Reading>> e : readings.entrySet()) {
      long ts = e.getKey();
      if (previous != null) {
        silence(
            ctx, RuleIds.SENSOR_SILENT, subject, previous, previous + silentHold, ts, silentHold);
      }
      for (Reading r : e.getValue()) {
        switch (r.metric) {
          case "TEMPERATURE_C" -> temperature = r.value;
          case "CO2_PPM" -> co2 = r.value;
          case "SMOKE" -> smoke = r.value;
          default -> throw new IllegalStateException(r.metric);
        }
      }
      boolean outOfBand =
          temperature != null && (temperature < WINTER_MIN_C || temperature > WINTER_MAX_C);
      if (outOfBand && hotSince == null) {
        hotSince = ts;
      } else if (!outOfBand && hotSince != null) {
        held(ctx, RuleIds.TEMPERATURE_OUT_OF_RANGE, subject, hotSince, ts, temperatureHold);
        hotSince = null;
      }
      boolean co2High = co2 != null && co2 > MAX_PPM;
      if (co2High && co2Since == null) {
        co2Since = ts;
      } else if (!co2High && co2Since != null) {
        held(ctx, RuleIds.CO2_HIGH, subject, co2Since, ts, co2Hold);
        co2Since = null;
      }
      boolean alarm = smoke != null && smoke >= 1;
      if (alarm && smokeSince == null) {
        smokeSince = ts;
      } else if (!alarm && smokeSince != null) {
        held(ctx, RuleIds.SMOKE_DETECTED, subject, smokeSince, ts, smokeHold);
        smokeSince = null;
      }
      previous = ts;
    }
    if (previous != null) {
      silence(
          ctx, RuleIds.SENSOR_SILENT, subject, previous, previous + silentHold, null, silentHold);
    }
    if (hotSince != null) {
      held(ctx, RuleIds.TEMPERATURE_OUT_OF_RANGE, subject, hotSince, null, temperatureHold);
    }
    if (co2Since != null) {
      held(ctx, RuleIds.CO2_HIGH, subject, co2Since, null, co2Hold);
    }
    if (smokeSince != null) {
      held(ctx, RuleIds.SMOKE_DETECTED, subject, smokeSince, null, smokeHold);
    }
  }

  /**
   * SURVEILLANCE_GAP of one room: children in it and none of its cameras online, recording and
   * heard from within CAMERA_OFFLINE's hold — evaluated at every instant the room's state can
   * change (its children's attendance, its cameras' reports, the instant a camera goes silent). A
   * gap that begins with every camera merely silent is a silence; otherwise it is held.
   */
  private void surveillanceGap(Context ctx, Room room) {
    SubjectKey subject = SubjectKey.room(ctx.inst(), room.roomId());
    long cameraHold = RuleCatalog.defaults(RuleIds.CAMERA_OFFLINE).holdMillis();
    long hold = RuleCatalog.defaults(RuleIds.SURVEILLANCE_GAP).holdMillis();
    TreeSet<Long> instants = new TreeSet<>();
    for (String cam : room.cams()) {
      for (CameraReport r : camera(ctx.inst(), cam).values()) {
        instants.add(r.ts);
        if (r.online) {
          instants.add(r.ts + cameraHold);
        }
      }
    }
    List<Attendance> children =
        attendance.get(ctx.inst()).stream()
            .filter(a -> a.role().equals("CHILD"))
            .sorted(Comparator.comparingLong(Attendance::ts))
            .toList();
    children.forEach(a -> instants.add(a.ts()));
    Long gapSince = null;
    boolean gapIsSilence = false;
    for (long t : instants) {
      if (t >= DAY_END) {
        break;
      }
      int inRoom = childrenIn(children, room.roomId(), t);
      boolean watched = false;
      boolean allSilent = true;
      for (String cam : room.cams()) {
        Map.Entry<Long, CameraReport> last = camera(ctx.inst(), cam).floorEntry(t);
        if (last == null) {
          allSilent = false;
          continue;
        }
        CameraReport r = last.getValue();
        boolean recording = !Boolean.FALSE.equals(effectiveRecording(ctx.inst(), cam, t));
        boolean silent = t >= r.ts + cameraHold;
        if (r.online && recording && !silent) {
          watched = true;
        }
        if (!(r.online && recording && silent)) {
          allSilent = false;
        }
      }
      boolean gap = inRoom > 0 && !watched;
      if (gap && gapSince == null) {
        gapSince = t;
        gapIsSilence = allSilent;
      } else if (!gap && gapSince != null) {
        close(ctx, subject, gapSince, t, gapIsSilence, hold);
        gapSince = null;
      }
    }
    if (gapSince != null) {
      close(ctx, subject, gapSince, null, gapIsSilence, hold);
    }
  }

  private static void close(
      Context ctx, SubjectKey subject, long since, Long end, boolean isSilence, long hold) {
    if (isSilence) {
      silence(ctx, RuleIds.SURVEILLANCE_GAP, subject, since, since + hold, end, hold);
    } else {
      held(ctx, RuleIds.SURVEILLANCE_GAP, subject, since, end, hold);
    }
  }

  private Boolean effectiveRecording(String inst, String cam, long t) {
    for (CameraReport r : camera(inst, cam).headMap(t, true).descendingMap().values()) {
      if (r.recording != null) {
        return r.recording;
      }
    }
    return null;
  }

  private static int childrenIn(List<Attendance> children, String roomId, long t) {
    Map<String, String> where = new LinkedHashMap<>();
    for (Attendance a : children) {
      if (a.ts() > t) {
        break;
      }
      switch (a.action()) {
        case "ENTER" -> where.put(a.personId(), a.roomId());
        case "EXIT", "CHECK_OUT" -> where.remove(a.personId());
        default -> {}
      }
    }
    return (int) where.values().stream().filter(roomId::equals).count();
  }

  // ---------------------------------------------------------------------------------------------
  // What the test reads

  long seed() {
    return seed;
  }

  /** The institution records, first in the file. */
  List<String> referenceLines() {
    return referenceLines;
  }

  /** Every event in event-time order (ties by eventId). */
  List<Event> events() {
    return events;
  }

  /** The reference lines, then the events in order. */
  List<String> inOrderLines() {
    List<String> lines = new ArrayList<>(referenceLines);
    events.forEach(e -> lines.add(e.json()));
    return lines;
  }

  /**
   * The reference lines, then the events sorted by {@code ts + offset} with a seeded offset in [0,
   * 4.9 s]: every event arrives less than the out-of-orderness bound after a later one, never late.
   */
  List<String> shuffledLines(long shuffleSeed) {
    Random r = new Random(shuffleSeed);
    record Keyed(long key, int index, String json) {}
    List<Keyed> keyed = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Event e = events.get(i);
      keyed.add(new Keyed(e.ts() + r.nextInt(4_901), i, e.json()));
    }
    keyed.sort(Comparator.comparingLong(Keyed::key).thenComparingInt(Keyed::index));
    List<String> lines = new ArrayList<>(referenceLines);
    keyed.forEach(k -> lines.add(k.json()));
    return lines;
  }

  /** Event time of the last event of the file. */
  long lastEventAt() {
    return events.get(events.size() - 1).ts();
  }

  /** The expected alerts, by openedAt. */
  List<Expected> expected() {
    return expected;
  }

  /** The expected transitions, in ReplayJob's export order (updatedAt, alertId, sequence). */
  List<String> expectedTransitions() {
    record Keyed(long updatedAt, String alertId, int sequence, String line) {}
    List<Keyed> keyed = new ArrayList<>();
    for (Expected e : expected) {
      List<String> t = e.transitions();
      keyed.add(new Keyed(e.openedAt(), e.alertId(), 0, t.get(0)));
      if (e.resolvedAt() != null) {
        keyed.add(new Keyed(e.resolvedAt(), e.alertId(), 1, t.get(1)));
      }
    }
    keyed.sort(
        Comparator.comparingLong(Keyed::updatedAt)
            .thenComparing(Keyed::alertId)
            .thenComparingInt(Keyed::sequence));
    return keyed.stream().map(Keyed::line).toList();
  }

  /** Expected alerts per rule. */
  Map<String, Long> expectedCountByRule() {
    Map<String, Long> counts = new TreeMap<>();
    expected.forEach(e -> counts.merge(e.ruleId(), 1L, Long::sum));
    return counts;
  }

  /** The injected incidents, one line each. */
  List<String> incidents() {
    return List.copyOf(incidents);
  }

  /** The institution ids in file order. */
  List<String> institutionIds() {
    return List.copyOf(institutions.keySet());
  }
}
