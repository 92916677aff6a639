package cn.tuoyu.sentinel.jobs.bench;

import cn.tuoyu.sentinel.contract.Topics;
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
import cn.tuoyu.sentinel.schema.SensorMetric;
import cn.tuoyu.sentinel.schema.SensorReading;
import cn.tuoyu.sentinel.schema.StaffMember;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;

/**
 * The bench's synthetic city, the same for the same seed: {@code institutions} institutions in ten
 * districts of Changzhou, Tianjin and Wenzhou, each with its rooms, children and staff, living
 * through as many whole days as it takes to reach {@code targetEvents} events (on the last day only
 * as many institutions open as are needed). The days end yesterday (Asia/Shanghai), so the backlog
 * is recent and the live measurements that follow continue its event time.
 *
 * <p>A day of one institution: caregivers check in before opening and go to their room; children
 * arrive in the first 90 minutes, leave their room a few times (2–12 min: toilet, outdoor play) and
 * are picked up before closing; caregivers step out of their room several times a day, mostly for
 * 20–100 s, in 3 % of cases for 130–400 s (long enough for RATIO_BELOW_STANDARD where the room has
 * no spare caregiver), and when two caregivers' absences overlap by more than 30 s the room is
 * unattended (ROOM_UNATTENDED) — so some alerts fire, as in a real city. A health worker visits the
 * rooms twice a day. Every room has a camera and a temperature sensor reporting every 15 minutes
 * from half an hour before opening to half an hour after closing (the specification's cameras
 * heartbeat every 30 s; thinned here because the monitor only counts camera and sensor events so
 * far, and at full rate they would be 85 % of the events). Every 5 minutes from 06:00 to 21:00 a
 * tick lands on every partition ({@link Instruments}); the last day ends with the markers at 22:00
 * and a final tick round at 23:00.
 *
 * <p>Pure and deterministic: every institution-day draws from its own random stream seeded by
 * (seed, institution, day), so the content does not depend on generation order.
 */
final class Workload {
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  static final long MINUTE = 60_000;
  private static final LocalTime TICKS_FROM = LocalTime.of(6, 0);
  private static final LocalTime TICKS_UNTIL = LocalTime.of(21, 0);
  private static final long TICK_EVERY = 5 * MINUTE;
  private static final long DEVICE_EVERY = 15 * MINUTE;
  private static final LocalTime MARKERS_AT = LocalTime.of(22, 0);
  private static final LocalTime FLUSH_AT = LocalTime.of(23, 0);

  /** Districts: 行政区划代码, name, centre. */
  private record District(String code, String name, double lat, double lon) {}

  private static final List<District> DISTRICTS =
      List.of(
          new District("320402", "天宁区", 31.78, 119.97),
          new District("320404", "钟楼区", 31.80, 119.93),
          new District("320411", "新北区", 31.83, 119.97),
          new District("320412", "武进区", 31.70, 119.94),
          new District("120101", "和平区", 39.12, 117.20),
          new District("120103", "河西区", 39.10, 117.22),
          new District("120104", "南开区", 39.13, 117.15),
          new District("120116", "滨海新区", 39.03, 117.70),
          new District("330302", "鹿城区", 28.01, 120.65),
          new District("330304", "瓯海区", 27.97, 120.64));

  /** One person who comes every day. */
  private record Person(String id, PersonRole role) {}

  /** A room with its class: the same children and caregivers every day. */
  private record RoomPlan(
      String roomId,
      ClassType type,
      int capacity,
      List<Person> children,
      List<Person> caregivers) {}

  /** An institution as the generator sees it. */
  private record Template(
      String id,
      Institution reference,
      LocalTime open,
      LocalTime close,
      List<RoomPlan> rooms,
      Person health) {}

  private final long seed;
  private final LocalDate firstDay;
  private final int days;
  private final int lastDayInstitutions;
  private final long cityEvents;
  private final List<Template> city = new ArrayList<>();
  private final Instruments instruments;

  /**
   * @param institutions number of institutions of the city
   * @param targetEvents events of the city to reach (whole institution-days, so slightly more)
   * @param seed the random seed
   * @param today the day of the run (Asia/Shanghai); the workload ends the day before
   * @param instruments ticks, markers and probes, with the topics' partition counts
   */
  Workload(
      int institutions, long targetEvents, long seed, LocalDate today, Instruments instruments) {
    if (institutions < 1) {
      throw new IllegalArgumentException("at least one institution");
    }
    this.seed = seed;
    this.instruments = instruments;
    for (int i = 0; i < institutions; i++) {
      city.add(template(i));
    }
    // Count institution-days (their size does not depend on the date) until the target is reached.
    long total = 0;
    int d = 0;
    int lastCount = institutions;
    outer:
    while (true) {
      for (int i = 0; i < institutions; i++) {
        total += institutionDay(i, d, LocalDate.of(2000, 1, 3)).size();
        if (total >= targetEvents) {
          lastCount = i + 1;
          break outer;
        }
      }
      d++;
    }
    this.days = d + 1;
    this.lastDayInstitutions = lastCount;
    this.cityEvents = total;
    this.firstDay = today.minusDays(days);
  }

  int days() {
    return days;
  }

  LocalDate firstDay() {
    return firstDay;
  }

  LocalDate lastDay() {
    return firstDay.plusDays(days - 1L);
  }

  int institutions() {
    return city.size();
  }

  int lastDayInstitutions() {
    return lastDayInstitutions;
  }

  /** Events of the city itself (attendance, camera, sensor), without ticks and markers. */
  long cityEvents() {
    return cityEvents;
  }

  /** Everything {@link #events} publishes. */
  long totalEvents() {
    return cityEvents
        + (long) days * tickRoundsPerDay() * instruments.tickRoundSize()
        + instruments.markers().size() * 6L
        + instruments.tickRoundSize();
  }

  /** When reference data becomes valid: the day before the first day. */
  long validFrom() {
    return firstDay.minusDays(1).atStartOfDay(ZONE).toInstant().toEpochMilli();
  }

  /** Institutions of the city and the instruments, then the instruments' rule parameters. */
  List<Item> reference() {
    List<Item> out = new ArrayList<>();
    for (Template t : city) {
      Institution inst =
          Institution.newBuilder(t.reference).setTs(Instant.ofEpochMilli(validFrom())).build();
      out.add(
          new Item(
              Topics.INSTITUTIONS,
              instruments.partitionOf(Topics.INSTITUTIONS, t.id),
              t.id,
              0,
              inst));
    }
    out.addAll(instruments.reference(validFrom()));
    return out;
  }

  /** Keys ({@code institutionId@startedAt}) of the markers' conditions at the end. */
  Set<String> endMarkerKeys() {
    return markerKeys(markersStart());
  }

  private Set<String> markerKeys(long start) {
    Set<String> keys = new TreeSet<>();
    List<String> markers = instruments.markers();
    for (int m = 0; m < markers.size(); m++) {
      keys.add(markers.get(m) + "@" + Instruments.markerConditionStart(start + m * 1000L));
    }
    return keys;
  }

  /** Start of the markers' episodes at the end of the last day; marker k starts k seconds later. */
  long markersStart() {
    return lastDay().atTime(MARKERS_AT).atZone(ZONE).toInstant().toEpochMilli();
  }

  /** Every event in event-time order, day by day, then the markers and the final tick round. */
  void events(Consumer<Item> sink) {
    for (int d = 0; d < days; d++) {
      LocalDate date = firstDay.plusDays(d);
      List<Item> day = new ArrayList<>();
      int open = d == days - 1 ? lastDayInstitutions : city.size();
      for (int i = 0; i < open; i++) {
        day.addAll(institutionDay(i, d, date));
      }
      long from = date.atTime(TICKS_FROM).atZone(ZONE).toInstant().toEpochMilli();
      for (int k = 0; k < tickRoundsPerDay(); k++) {
        day.addAll(instruments.tickRound(from + k * TICK_EVERY));
      }
      if (d == days - 1) {
        List<String> markers = instruments.markers();
        for (int m = 0; m < markers.size(); m++) {
          day.addAll(instruments.markerEpisode(markers.get(m), markersStart() + m * 1000L));
        }
        day.addAll(
            instruments.tickRound(date.atTime(FLUSH_AT).atZone(ZONE).toInstant().toEpochMilli()));
      }
      day.sort(Comparator.comparingLong(Item::ts)); // stable: equal times keep their order
      day.forEach(sink);
    }
  }

  private static int tickRoundsPerDay() {
    return (int) ((TICKS_UNTIL.toSecondOfDay() - TICKS_FROM.toSecondOfDay()) * 1000L / TICK_EVERY)
        + 1;
  }

  // ---------------------------------------------------------------------------------------------
  // The city

  private static final ClassType[] CLASS_TYPES = {
    ClassType.INFANT_6_12, ClassType.TODDLER_12_24, ClassType.TODDLER_24_36, ClassType.MIXED_18_36
  };
  private static final double[] CLASS_WEIGHTS = {0.20, 0.35, 0.30, 0.15};

  /** Class size limit and children per caregiver of a class type (rules.md). */
  static int classLimit(ClassType t) {
    switch (t) {
      case INFANT_6_12:
        return 10;
      case TODDLER_12_24:
        return 15;
      case TODDLER_24_36:
        return 20;
      default:
        return 18;
    }
  }

  static int ratio(ClassType t) {
    switch (t) {
      case INFANT_6_12:
        return 3;
      case TODDLER_24_36:
        return 7;
      default:
        return 5;
    }
  }

  private Template template(int index) {
    SplittableRandom r = random(index, -1);
    District district = DISTRICTS.get(index % DISTRICTS.size());
    String serial = String.format("%04d", index + 1);
    String id = district.code + "-" + serial;
    double kindRoll = r.nextDouble();
    InstitutionKind kind =
        kindRoll < 0.70
            ? InstitutionKind.CENTER
            : kindRoll < 0.80
                ? InstitutionKind.KINDERGARTEN_CLASS
                : kindRoll < 0.90 ? InstitutionKind.EMPLOYER : InstitutionKind.FAMILY;
    int roomCount;
    switch (kind) {
      case FAMILY:
        roomCount = 1;
        break;
      case KINDERGARTEN_CLASS:
        roomCount = r.nextInt(1, 3);
        break;
      default:
        roomCount = r.nextInt(2, 6);
    }
    List<RoomPlan> rooms = new ArrayList<>();
    List<StaffMember> staff = new ArrayList<>();
    int licensed = 0;
    for (int k = 1; k <= roomCount; k++) {
      ClassType type;
      int limit;
      int ratio;
      if (kind == InstitutionKind.FAMILY) {
        type = ClassType.MIXED_18_36;
        limit = 5;
        ratio = 3;
      } else if (kind == InstitutionKind.KINDERGARTEN_CLASS) {
        type = ClassType.TODDLER_24_36;
        limit = classLimit(type);
        ratio = ratio(type);
      } else {
        type = weighted(r);
        limit = classLimit(type);
        ratio = ratio(type);
      }
      licensed += limit;
      int children = Math.max(1, (int) Math.round(limit * (0.6 + 0.4 * r.nextDouble())));
      int caregivers = (children + ratio - 1) / ratio + (r.nextBoolean() ? 1 : 0);
      String roomId = "R" + k;
      List<Person> kids = new ArrayList<>();
      for (int c = 1; c <= children; c++) {
        kids.add(new Person("c" + k + "-" + c, PersonRole.CHILD));
      }
      List<Person> carers = new ArrayList<>();
      for (int c = 1; c <= caregivers; c++) {
        PersonRole role = r.nextDouble() < 0.3 ? PersonRole.TEACHER : PersonRole.CAREGIVER;
        Person p = new Person("s" + k + "-" + c, role);
        carers.add(p);
        staff.add(new StaffMember(p.id, role, true));
      }
      rooms.add(new RoomPlan(roomId, type, limit, kids, carers));
    }
    Person health = null;
    if (kind == InstitutionKind.CENTER || kind == InstitutionKind.EMPLOYER) {
      health = new Person("h1", PersonRole.HEALTH);
      staff.add(new StaffMember(health.id, PersonRole.HEALTH, true));
    }
    LocalTime open = LocalTime.of(7, 0).plusMinutes(30L * r.nextInt(0, 3));
    LocalTime close = LocalTime.of(17, 30).plusMinutes(30L * r.nextInt(0, 3));
    List<Room> roomRefs = new ArrayList<>();
    for (RoomPlan p : rooms) {
      int k = Integer.parseInt(p.roomId.substring(1));
      roomRefs.add(new Room(p.roomId, p.type, p.capacity, List.of("C" + k)));
    }
    Institution reference =
        Institution.newBuilder()
            .setTs(Instant.EPOCH)
            .setInstitutionId(id)
            .setName(district.name + "基准托育园" + serial)
            .setRegionCode(district.code)
            .setKind(kind)
            .setLicensedPlaces(licensed)
            .setOpenTime(open.toString())
            .setCloseTime(close.toString())
            .setLocation(
                new GeoPoint(
                    district.lat + (r.nextDouble() - 0.5) * 0.05,
                    district.lon + (r.nextDouble() - 0.5) * 0.05))
            .setRooms(roomRefs)
            .setStaff(staff)
            .build();
    return new Template(id, reference, open, close, rooms, health);
  }

  private static ClassType weighted(SplittableRandom r) {
    double x = r.nextDouble();
    for (int i = 0; i < CLASS_TYPES.length; i++) {
      x -= CLASS_WEIGHTS[i];
      if (x < 0) {
        return CLASS_TYPES[i];
      }
    }
    return CLASS_TYPES[CLASS_TYPES.length - 1];
  }

  /** The events of institution {@code index} on day {@code d} (date {@code date}), unsorted. */
  List<Item> institutionDay(int index, int d, LocalDate date) {
    Template t = city.get(index);
    SplittableRandom r = random(index, d);
    DayWriter w = new DayWriter(t.id, "b" + index + "-" + d + "-");
    long open = date.atTime(t.open).atZone(ZONE).toInstant().toEpochMilli();
    long close = date.atTime(t.close).atZone(ZONE).toInstant().toEpochMilli();

    for (RoomPlan room : t.rooms) {
      // Children: arrive in the first 90 min, a few excursions, picked up before closing.
      long lastChildLeaves = open;
      for (Person child : room.children) {
        long arrive = open + ms(r, 0, 90 * MINUTE);
        long enter = arrive + ms(r, MINUTE, 4 * MINUTE);
        long leave = close - ms(r, 5 * MINUTE, 120 * MINUTE);
        w.attendance(arrive, null, child, AttendanceAction.CHECK_IN);
        w.attendance(enter, room.roomId, child, AttendanceAction.ENTER);
        long cursor = enter + 15 * MINUTE;
        int excursions = r.nextInt(2, 6);
        for (int e = 0; e < excursions; e++) {
          long start = cursor + ms(r, 0, Math.max(1, (leave - 20 * MINUTE - cursor) / 2));
          long back = start + ms(r, 2 * MINUTE, 12 * MINUTE);
          if (back >= leave - 20 * MINUTE) {
            break;
          }
          w.attendance(start, room.roomId, child, AttendanceAction.EXIT);
          w.attendance(back, room.roomId, child, AttendanceAction.ENTER);
          cursor = back + 10 * MINUTE;
        }
        w.attendance(leave, room.roomId, child, AttendanceAction.EXIT);
        w.attendance(leave + ms(r, MINUTE, 3 * MINUTE), null, child, AttendanceAction.CHECK_OUT);
        lastChildLeaves = Math.max(lastChildLeaves, leave);
      }
      // Caregivers: in before the children, step out now and then, out after the last child.
      boolean covered = room.caregivers.size() >= 2;
      for (Person carer : room.caregivers) {
        long in = open - ms(r, 10 * MINUTE, 30 * MINUTE);
        w.attendance(in, null, carer, AttendanceAction.CHECK_IN);
        w.attendance(in + ms(r, MINUTE, 4 * MINUTE), room.roomId, carer, AttendanceAction.ENTER);
        long windowStart = open + 20 * MINUTE;
        long windowEnd = close - 130 * MINUTE;
        int stepOuts = covered ? r.nextInt(4, 10) : (r.nextDouble() < 0.2 ? 1 : 0);
        List<Long> starts = new ArrayList<>();
        for (int s = 0; s < stepOuts; s++) {
          starts.add(windowStart + ms(r, 0, windowEnd - windowStart));
        }
        starts.sort(null);
        long free = windowStart;
        for (long start : starts) {
          long away =
              covered && r.nextDouble() < 0.03
                  ? ms(r, 130_000, 400_000)
                  : ms(r, 20_000, covered ? 100_000 : 90_000);
          if (start < free) {
            continue;
          }
          w.attendance(start, room.roomId, carer, AttendanceAction.EXIT);
          w.attendance(start + away, room.roomId, carer, AttendanceAction.ENTER);
          free = start + away + MINUTE;
        }
        long out = lastChildLeaves + ms(r, 5 * MINUTE, 20 * MINUTE);
        w.attendance(out, room.roomId, carer, AttendanceAction.EXIT);
        w.attendance(out + ms(r, MINUTE, 3 * MINUTE), null, carer, AttendanceAction.CHECK_OUT);
      }
    }

    // The health worker's rounds, morning and afternoon.
    if (t.health != null) {
      w.attendance(open - ms(r, 0, 5 * MINUTE), null, t.health, AttendanceAction.CHECK_IN);
      for (long round : new long[] {open + 100 * MINUTE, close - 200 * MINUTE}) {
        long at = round + ms(r, 0, 10 * MINUTE);
        String last = null;
        for (RoomPlan room : t.rooms) {
          w.attendance(at, room.roomId, t.health, AttendanceAction.ENTER);
          at += ms(r, 4 * MINUTE, 7 * MINUTE);
          last = room.roomId;
        }
        w.attendance(at, last, t.health, AttendanceAction.EXIT);
      }
      w.attendance(
          close + ms(r, 5 * MINUTE, 15 * MINUTE), null, t.health, AttendanceAction.CHECK_OUT);
    }

    // Cameras and temperature sensors, one of each per room.
    for (RoomPlan room : t.rooms) {
      String k = room.roomId.substring(1);
      long from = open - 30 * MINUTE;
      long until = close + 30 * MINUTE;
      for (long at = from + ms(r, 0, DEVICE_EVERY); at <= until; at += DEVICE_EVERY) {
        w.add(
            Topics.CAMERA,
            at,
            new CameraStatus(
                w.nextId(), Instant.ofEpochMilli(at), t.id, "C" + k, CameraState.ONLINE, true, 90));
      }
      for (long at = from + ms(r, 0, DEVICE_EVERY); at <= until; at += DEVICE_EVERY) {
        double celsius = Math.round((22.2 + 1.6 * r.nextDouble()) * 10) / 10.0;
        w.add(
            Topics.SENSOR,
            at,
            new SensorReading(
                w.nextId(),
                Instant.ofEpochMilli(at),
                t.id,
                room.roomId,
                "T" + k,
                SensorMetric.TEMPERATURE_C,
                celsius));
      }
    }
    return w.items;
  }

  private SplittableRandom random(int institution, int day) {
    long h = seed;
    h = h * 0x9E3779B97F4A7C15L + institution;
    h = h * 0x9E3779B97F4A7C15L + day;
    return new SplittableRandom(h);
  }

  /** Uniform in [from, until) milliseconds. */
  private static long ms(SplittableRandom r, long from, long until) {
    return until <= from ? from : r.nextLong(from, until);
  }

  /** Collects one institution-day's records with sequential eventIds. */
  private final class DayWriter {
    final String institutionId;
    final String prefix;
    final List<Item> items = new ArrayList<>();
    int seq;

    DayWriter(String institutionId, String prefix) {
      this.institutionId = institutionId;
      this.prefix = prefix;
    }

    String nextId() {
      return prefix + (++seq);
    }

    void attendance(long ts, String roomId, Person p, AttendanceAction action) {
      add(
          Topics.ATTENDANCE,
          ts,
          new AttendanceEvent(
              nextId(), Instant.ofEpochMilli(ts), institutionId, roomId, p.id, p.role, action));
    }

    void add(String topic, long ts, SpecificRecord record) {
      items.add(
          new Item(
              topic, instruments.partitionOf(topic, institutionId), institutionId, ts, record));
    }
  }

  /** The partition counts the workload was made for. */
  static Map<String, Integer> defaultPartitions(int partitions) {
    return Map.of(
        Topics.ATTENDANCE, partitions,
        Topics.CAMERA, partitions,
        Topics.SENSOR, partitions,
        Topics.INSTITUTIONS, partitions,
        Topics.RULES, partitions);
  }
}
