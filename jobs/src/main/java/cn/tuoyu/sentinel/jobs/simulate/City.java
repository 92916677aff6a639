package cn.tuoyu.sentinel.jobs.simulate;

import cn.tuoyu.sentinel.schema.ClassType;
import cn.tuoyu.sentinel.schema.GeoPoint;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.InstitutionKind;
import cn.tuoyu.sentinel.schema.PersonRole;
import cn.tuoyu.sentinel.schema.Room;
import cn.tuoyu.sentinel.schema.StaffMember;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The simulated city: institutions of the four kinds in plausible proportions (centres 55 %,
 * kindergarten classes 20 %, family points 15 %, employer-run 10 %), each with rooms of the four
 * class types, cameras, sensors, a staff roster and enrolled children. Deterministic for a seed:
 * institution {@code i} is the same whatever the number of institutions.
 */
final class City {
  private City() {}

  /** Standard class sizes and caregiver ratios (rules.md). */
  static int standardLimit(ClassType t) {
    return switch (t) {
      case INFANT_6_12 -> 10;
      case TODDLER_12_24 -> 15;
      case TODDLER_24_36 -> 20;
      case MIXED_18_36 -> 18;
    };
  }

  static int standardRatio(ClassType t) {
    return switch (t) {
      case INFANT_6_12 -> 3;
      case TODDLER_12_24, MIXED_18_36 -> 5;
      case TODDLER_24_36 -> 7;
    };
  }

  static final int FAMILY_LIMIT = 5;
  static final int FAMILY_RATIO = 3;

  /** A camera: its id and the retention its recorder normally reports. */
  record Camera(String cameraId, String roomId, int retentionDays, int phaseSeconds) {}

  /** A sensor in a room and what it measures. */
  record Sensor(String sensorId, String roomId, Kind kind, int phaseSeconds) {
    enum Kind {
      /** TEMPERATURE_C and HUMIDITY_PCT. */
      CLIMATE,
      /** CO2_PPM. */
      AIR,
      /** SMOKE (0 normally, 1 = alarm). */
      SMOKE
    }
  }

  /**
   * A room. {@code limit} and {@code ratio} are the effective class limit (min of capacity and
   * standard; 5 in a family point) and children per certified caregiver; {@code activity} marks the
   * shared activity room (活动室) classes visit in turns.
   */
  record SimRoom(
      String roomId,
      ClassType classType,
      int capacity,
      int limit,
      int ratio,
      boolean activity,
      List<Camera> cameras,
      List<Sensor> sensors) {}

  /**
   * A staff member; {@code roomId} is the class they are assigned to, or null (office, kitchen).
   */
  record Staff(String staffId, PersonRole role, boolean certified, String roomId, String duty) {}

  /** An enrolled child (a pseudonym) and the class they belong to. */
  record Child(String personId, String roomId) {}

  /** One institution and everything the simulator needs to know about it. */
  record Inst(
      int index,
      String institutionId,
      String name,
      Districts.District district,
      InstitutionKind kind,
      int licensedPlaces,
      LocalTime open,
      LocalTime close,
      double lat,
      double lon,
      List<SimRoom> rooms,
      List<Staff> staff,
      List<Child> children) {

    List<SimRoom> classRooms() {
      return rooms.stream().filter(r -> !r.activity()).toList();
    }

    SimRoom room(String roomId) {
      return rooms.stream().filter(r -> r.roomId().equals(roomId)).findFirst().orElseThrow();
    }

    List<Staff> caregiversOf(String roomId) {
      return staff.stream().filter(s -> roomId.equals(s.roomId())).toList();
    }

    List<Child> childrenOf(String roomId) {
      return children.stream().filter(c -> roomId.equals(c.roomId())).toList();
    }

    List<Camera> cameras() {
      return rooms.stream().flatMap(r -> r.cameras().stream()).toList();
    }

    List<Sensor> sensors() {
      return rooms.stream().flatMap(r -> r.sensors().stream()).toList();
    }

    /** A certified caregiver in the office, free to help out (null if the roster has none). */
    Staff floater() {
      return staff.stream()
          .filter(s -> s.roomId() == null && s.certified() && s.role() == PersonRole.CAREGIVER)
          .findFirst()
          .orElse(null);
    }

    /** An uncertified caregiver (a trainee who should not be on duty), or null. */
    Staff trainee() {
      return staff.stream().filter(s -> !s.certified()).findFirst().orElse(null);
    }

    /** The reference record, valid from {@code validFrom}. */
    Institution toRecord(Instant validFrom) {
      List<Room> rs = new ArrayList<>();
      for (SimRoom r : rooms) {
        rs.add(
            Room.newBuilder()
                .setRoomId(r.roomId())
                .setClassType(r.classType())
                .setCapacity(r.capacity())
                .setCameraIds(r.cameras().stream().map(Camera::cameraId).toList())
                .build());
      }
      List<StaffMember> st = new ArrayList<>();
      for (Staff s : staff) {
        st.add(
            StaffMember.newBuilder()
                .setStaffId(s.staffId())
                .setRole(s.role())
                .setCertified(s.certified())
                .build());
      }
      return Institution.newBuilder()
          .setTs(validFrom)
          .setInstitutionId(institutionId)
          .setName(name)
          .setRegionCode(district.code())
          .setKind(kind)
          .setLicensedPlaces(licensedPlaces)
          .setOpenTime(open.toString())
          .setCloseTime(close.toString())
          .setLocation(GeoPoint.newBuilder().setLat(lat).setLon(lon).build())
          .setRooms(rs)
          .setStaff(st)
          .build();
    }
  }

  private static final List<String> BRANDS =
      List.of(
          "小星星", "阳光宝贝", "七彩虹", "安心", "启航", "童话树", "小橡树", "贝乐", "爱心", "蓝天", "小蜗牛", "向日葵", "满天星",
          "小海豚", "果果", "萌芽", "童心", "悦宝", "乐贝", "春苗", "禾苗", "金太阳", "彩虹桥", "小天使");
  private static final List<String> EMPLOYERS =
      List.of("第一人民医院", "供电公司", "高新区管委会", "纺织集团", "中医院", "税务局", "轨道交通集团", "大学");
  private static final List<String> KINDERGARTENS =
      List.of("实验幼儿园", "第一幼儿园", "中心幼儿园", "机关幼儿园", "东方幼儿园", "育才幼儿园");

  /** The first {@code n} institutions of the city for {@code seed}. */
  static List<Inst> generate(int n, long seed) {
    List<Inst> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(institution(i, seed));
    }
    return out;
  }

  static Inst institution(int index, long seed) {
    Rng rng = Rng.of(seed, "institution", index);
    Districts.District d = Districts.pick(rng);
    double k = rng.nextDouble();
    InstitutionKind kind =
        k < 0.55
            ? InstitutionKind.CENTER
            : k < 0.75
                ? InstitutionKind.KINDERGARTEN_CLASS
                : k < 0.90 ? InstitutionKind.FAMILY : InstitutionKind.EMPLOYER;
    String id = String.format(Locale.ROOT, "%s-%04d", d.code(), index + 1);
    String brand = BRANDS.get((index * 7 + rng.nextInt(BRANDS.size())) % BRANDS.size());
    String name =
        switch (kind) {
          case CENTER -> d.name() + brand + (rng.chance(0.5) ? "托育园" : "托育中心");
          case FAMILY -> d.name() + brand + "家庭托育点";
          case KINDERGARTEN_CLASS -> d.name() + rng.pick(KINDERGARTENS) + "托班";
          case EMPLOYER -> d.name() + rng.pick(EMPLOYERS) + "职工托育室";
        };
    LocalTime open;
    LocalTime close;
    switch (kind) {
      case FAMILY -> {
        open = LocalTime.of(8, 0);
        close = LocalTime.of(17, 0);
      }
      case KINDERGARTEN_CLASS -> {
        open = LocalTime.of(8, 0);
        close = rng.chance(0.5) ? LocalTime.of(16, 0) : LocalTime.of(16, 30);
      }
      case EMPLOYER -> {
        open = LocalTime.of(7, 30);
        close = LocalTime.of(17, 30);
      }
      default -> {
        open = rng.pick(List.of(LocalTime.of(7, 0), LocalTime.of(7, 30), LocalTime.of(7, 30)));
        close = rng.pick(List.of(LocalTime.of(18, 0), LocalTime.of(18, 0), LocalTime.of(18, 30)));
      }
    }
    List<ClassType> classes = classMix(kind, rng);
    List<SimRoom> rooms = new ArrayList<>();
    List<Staff> staff = new ArrayList<>();
    List<Child> children = new ArrayList<>();
    Set<String> pseudonyms = new HashSet<>();
    int[] cameraNo = {0};
    for (int r = 0; r < classes.size(); r++) {
      ClassType t = classes.get(r);
      String roomId = "R" + (r + 1);
      boolean family = kind == InstitutionKind.FAMILY;
      int capacity = family ? 6 : standardLimit(t) + (rng.chance(0.3) ? 2 : 0);
      int limit = family ? FAMILY_LIMIT : Math.min(capacity, standardLimit(t));
      int ratio = family ? FAMILY_RATIO : standardRatio(t);
      int cams = family ? 1 : rng.chance(0.8) ? 2 : 1;
      rooms.add(room(roomId, t, capacity, limit, ratio, false, cams, r + 1, cameraNo, rng));
      int enrolled = Math.max(2, limit - rng.between(0, family ? 2 : 3));
      for (int c = 0; c < enrolled; c++) {
        children.add(new Child(pseudonym(rng, pseudonyms), roomId));
      }
      int caregivers = (enrolled + ratio - 1) / ratio + (enrolled > 10 && rng.chance(0.3) ? 1 : 0);
      for (int c = 0; c < caregivers; c++) {
        staff.add(
            new Staff(
                staffId(staff.size()),
                c == 0 && t == ClassType.TODDLER_24_36 ? PersonRole.TEACHER : PersonRole.CAREGIVER,
                true,
                roomId,
                "班级保育"));
      }
    }
    if (kind == InstitutionKind.CENTER && rng.chance(0.6)) {
      String roomId = "R" + (classes.size() + 1);
      rooms.add(
          room(
              roomId,
              ClassType.MIXED_18_36,
              30,
              standardLimit(ClassType.MIXED_18_36),
              standardRatio(ClassType.MIXED_18_36),
              true,
              1,
              classes.size() + 1,
              cameraNo,
              rng));
    }
    if (kind != InstitutionKind.FAMILY) {
      staff.add(new Staff(staffId(staff.size()), PersonRole.CAREGIVER, true, null, "机动保育"));
      staff.add(new Staff(staffId(staff.size()), PersonRole.HEALTH, true, null, "保健"));
      staff.add(new Staff(staffId(staff.size()), PersonRole.OTHER_STAFF, true, null, "厨房"));
    }
    if (rng.chance(kind == InstitutionKind.FAMILY ? 0.3 : 0.5)) {
      staff.add(new Staff(staffId(staff.size()), PersonRole.CAREGIVER, false, null, "见习保育员"));
    }
    int licensed =
        kind == InstitutionKind.FAMILY
            ? Math.max(children.size(), FAMILY_LIMIT)
            : children.size() + rng.between(0, 3);
    double lat = d.lat() + rng.uniform(-0.03, 0.03);
    double lon = d.lon() + rng.uniform(-0.03, 0.03);
    return new Inst(
        index,
        id,
        name,
        d,
        kind,
        licensed,
        open,
        close,
        Math.round(lat * 1e5) / 1e5,
        Math.round(lon * 1e5) / 1e5,
        List.copyOf(rooms),
        List.copyOf(staff),
        List.copyOf(children));
  }

  private static List<ClassType> classMix(InstitutionKind kind, Rng rng) {
    List<ClassType> out = new ArrayList<>();
    switch (kind) {
      case FAMILY -> out.add(ClassType.MIXED_18_36);
      case KINDERGARTEN_CLASS -> {
        out.add(ClassType.TODDLER_24_36);
        if (rng.chance(0.5)) {
          out.add(ClassType.TODDLER_24_36);
        }
      }
      case EMPLOYER -> {
        out.add(ClassType.TODDLER_12_24);
        out.add(ClassType.TODDLER_24_36);
        if (rng.chance(0.4)) {
          out.add(ClassType.INFANT_6_12);
        }
      }
      default -> {
        if (rng.chance(0.6)) {
          out.add(ClassType.INFANT_6_12);
        }
        out.add(ClassType.TODDLER_12_24);
        if (rng.chance(0.5)) {
          out.add(ClassType.TODDLER_12_24);
        }
        out.add(ClassType.TODDLER_24_36);
        if (rng.chance(0.4)) {
          out.add(ClassType.MIXED_18_36);
        }
      }
    }
    return out;
  }

  private static SimRoom room(
      String roomId,
      ClassType t,
      int capacity,
      int limit,
      int ratio,
      boolean activity,
      int cams,
      int number,
      int[] cameraNo,
      Rng rng) {
    List<Camera> cameras = new ArrayList<>();
    for (int c = 0; c < cams; c++) {
      cameras.add(
          new Camera(
              "C" + (++cameraNo[0]), roomId, rng.chance(0.7) ? 90 : 180, rng.between(0, 29)));
    }
    List<Sensor> sensors =
        List.of(
            new Sensor("T" + number, roomId, Sensor.Kind.CLIMATE, rng.between(0, 59)),
            new Sensor("A" + number, roomId, Sensor.Kind.AIR, rng.between(0, 59)),
            new Sensor("S" + number, roomId, Sensor.Kind.SMOKE, rng.between(0, 59)));
    return new SimRoom(roomId, t, capacity, limit, ratio, activity, List.copyOf(cameras), sensors);
  }

  private static String staffId(int n) {
    return String.format(Locale.ROOT, "s-%02d", n + 1);
  }

  private static String pseudonym(Rng rng, Set<String> taken) {
    while (true) {
      String p = String.format(Locale.ROOT, "c-%04x", rng.nextInt(0x10000));
      if (taken.add(p)) {
        return p;
      }
    }
  }
}
