package cn.tuoyu.sentinel.jobs.simulate;

import cn.tuoyu.sentinel.jobs.score.GroundTruth;
import cn.tuoyu.sentinel.pipeline.rules.RuleCatalog;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import cn.tuoyu.sentinel.pipeline.rules.TemperatureOutOfRangeRule;
import cn.tuoyu.sentinel.schema.InstitutionKind;
import cn.tuoyu.sentinel.schema.PersonRole;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Injects incidents into a stretch of simulated time, at random but reproducibly: one of every kind
 * first — each rule of rules.md and the sub-threshold near misses that must raise nothing — then
 * more, drawn by weight, up to the requested number. Each incident is placed where it says exactly
 * one thing: in an institution with no other incident around it (3 min before, 5 min after), in a
 * room no attendance event touches meanwhile, on a camera no other incident takes offline within
 * the flapping window, so its expected alerts — written to the ground truth with their start and
 * end — are the only ones it can cause. Kinds that find no place (e.g. no institution closes within
 * the period) are reported, not faked.
 */
final class Incidents {
  private static final long S = 1000;
  private static final long MIN = 60 * S;
  private static final long BEFORE = 3 * MIN;
  private static final long AFTER = 5 * MIN;

  /** No incident in the first minutes: everyone present has been reported, every device heard. */
  private static final long SETTLE = 2 * MIN;

  /** The first round tries to fit in this much time first, so a live run shows alerts early. */
  private static final long EARLY = 20 * MIN;

  private static final long FLAP_WINDOW = 60 * MIN;

  /** What can be injected; near misses must raise no alert. */
  enum Kind {
    ROOM_UNATTENDED(RuleIds.ROOM_UNATTENDED, false, 4 * MIN, 3),
    ROOM_UNATTENDED_NEAR(RuleIds.ROOM_UNATTENDED, true, 2 * MIN, 1),
    RATIO_BELOW_STANDARD(RuleIds.RATIO_BELOW_STANDARD, false, 9 * MIN, 3),
    RATIO_NEAR(RuleIds.RATIO_BELOW_STANDARD, true, 4 * MIN, 1),
    CLASS_OVER_CAPACITY(RuleIds.CLASS_OVER_CAPACITY, false, 12 * MIN, 2),
    CLASS_OVER_CAPACITY_NEAR(RuleIds.CLASS_OVER_CAPACITY, true, 6 * MIN, 1),
    INSTITUTION_OVER_LICENSE(RuleIds.INSTITUTION_OVER_LICENSE, false, 25 * MIN, 1),
    INSTITUTION_OVER_LICENSE_NEAR(RuleIds.INSTITUTION_OVER_LICENSE, true, 10 * MIN, 1),
    STAFF_UNCERTIFIED_ON_DUTY(RuleIds.STAFF_UNCERTIFIED_ON_DUTY, false, 9 * MIN, 2),
    STAFF_UNCERTIFIED_NEAR(RuleIds.STAFF_UNCERTIFIED_ON_DUTY, true, 2 * MIN, 1),
    CHILD_NOT_PICKED_UP(RuleIds.CHILD_NOT_PICKED_UP, false, 0, 1),
    CHILD_NOT_PICKED_UP_NEAR(RuleIds.CHILD_NOT_PICKED_UP, true, 0, 1),
    CAMERA_OFFLINE(RuleIds.CAMERA_OFFLINE, false, 10 * MIN, 2),
    CAMERA_SILENT(RuleIds.CAMERA_OFFLINE, false, 10 * MIN, 2),
    CAMERA_OFFLINE_NEAR(RuleIds.CAMERA_OFFLINE, true, 2 * MIN, 1),
    SURVEILLANCE_GAP(RuleIds.SURVEILLANCE_GAP, false, 3 * MIN, 3),
    SURVEILLANCE_GAP_NEAR(RuleIds.SURVEILLANCE_GAP, true, 2 * MIN, 1),
    RECORDING_STOPPED(RuleIds.RECORDING_STOPPED, false, 10 * MIN, 2),
    RECORDING_STOPPED_NEAR(RuleIds.RECORDING_STOPPED, true, 2 * MIN, 1),
    RETENTION_BELOW_STANDARD(RuleIds.RETENTION_BELOW_STANDARD, false, 22 * MIN, 1),
    RETENTION_NEAR(RuleIds.RETENTION_BELOW_STANDARD, true, 12 * MIN, 1),
    CAMERA_FLAPPING(RuleIds.CAMERA_FLAPPING, false, 43 * MIN + FLAP_WINDOW, 1),
    CAMERA_FLAPPING_NEAR(RuleIds.CAMERA_FLAPPING, true, 27 * MIN + FLAP_WINDOW, 1),
    INSTITUTION_OFFLINE(RuleIds.INSTITUTION_OFFLINE, false, 17 * MIN, 1),
    INSTITUTION_OFFLINE_NEAR(RuleIds.INSTITUTION_OFFLINE, true, 3 * MIN, 1),
    SMOKE_DETECTED(RuleIds.SMOKE_DETECTED, false, 6 * MIN, 1),
    TEMPERATURE_OUT_OF_RANGE(RuleIds.TEMPERATURE_OUT_OF_RANGE, false, 27 * MIN, 2),
    TEMPERATURE_NEAR(RuleIds.TEMPERATURE_OUT_OF_RANGE, true, 7 * MIN, 1),
    CO2_HIGH(RuleIds.CO2_HIGH, false, 27 * MIN, 2),
    CO2_NEAR(RuleIds.CO2_HIGH, true, 17 * MIN, 1),
    SENSOR_SILENT(RuleIds.SENSOR_SILENT, false, 27 * MIN, 2),
    SENSOR_SILENT_NEAR(RuleIds.SENSOR_SILENT, true, 7 * MIN, 1);

    final String ruleId;
    final boolean nearMiss;

    /** The longest time from the incident's start to its expected end (0: placed at closing). */
    final long span;

    /** Relative frequency after the first round. */
    final int weight;

    Kind(String ruleId, boolean nearMiss, long span, int weight) {
      this.ruleId = ruleId;
      this.nearMiss = nearMiss;
      this.span = span;
      this.weight = weight;
    }
  }

  /** How many of each kind were placed, and the kinds that found no place. */
  record Placed(Map<Kind, Integer> counts, List<Kind> unplaced) {}

  private final World world;
  private final Rng rng;
  private final long from;
  private final long to;
  private final LocalDate date;
  private int serial;

  private Incidents(World world, long from, long to, Rng rng) {
    this.world = world;
    this.from = from;
    this.to = to;
    this.rng = rng;
    this.date = Instant.ofEpochMilli(from).atZone(DayPlan.ZONE).toLocalDate();
  }

  /**
   * Places incidents in {@code [from, to)}, which lies within one local day: every kind once, then
   * more by weight until {@code total}.
   */
  static Placed inject(World world, long from, long to, int total, Rng rng) {
    return new Incidents(world, from, to, rng).run(total);
  }

  private Placed run(int total) {
    Map<Kind, Integer> counts = new EnumMap<>(Kind.class);
    List<Kind> unplaced = new ArrayList<>();
    List<Kind> order = new ArrayList<>(List.of(Kind.values()));
    // Closing-time kinds first: they re-plan a whole afternoon of their institution.
    order.sort((a, b) -> Boolean.compare(a.span != 0, b.span != 0));
    int placed = 0;
    for (Kind k : order) {
      if (place(k, true)) {
        counts.merge(k, 1, Integer::sum);
        placed++;
      } else {
        unplaced.add(k);
      }
    }
    int weights = 0;
    for (Kind k : Kind.values()) {
      weights += k.weight;
    }
    for (int misses = 0; placed < total && misses < 200; ) {
      int r = rng.nextInt(weights);
      Kind pick = null;
      for (Kind k : Kind.values()) {
        r -= k.weight;
        if (r < 0) {
          pick = k;
          break;
        }
      }
      if (pick.span != 0 && place(pick, false)) {
        counts.merge(pick, 1, Integer::sum);
        placed++;
      } else {
        misses++;
      }
    }
    return new Placed(counts, unplaced);
  }

  private boolean place(Kind k, boolean early) {
    for (int attempt = 0; attempt < 400; attempt++) {
      City.Inst inst = world.city.get(rng.nextInt(world.city.size()));
      if (k.span == 0) {
        if (pickup(inst, k.nearMiss)) {
          return true;
        }
        continue;
      }
      long lo = from + SETTLE;
      long hi = to - AFTER - k.span;
      if (early && attempt < 150) {
        hi = Math.min(hi, from + EARLY);
      }
      if (hi <= lo) {
        return false;
      }
      long t0 = rng.between(lo / S, hi / S) * S;
      if (!world.free(inst, t0 - BEFORE, t0 + k.span + AFTER)) {
        continue;
      }
      if (attempt(k, inst, t0)) {
        return true;
      }
    }
    return false;
  }

  private boolean attempt(Kind k, City.Inst inst, long t0) {
    return switch (k) {
      case ROOM_UNATTENDED -> unattended(inst, t0, rng.between(45, 85) * S, false);
      case ROOM_UNATTENDED_NEAR -> unattended(inst, t0, rng.between(12, 20) * S, true);
      case RATIO_BELOW_STANDARD -> ratio(inst, t0, rng.between(150, 420) * S, false);
      case RATIO_NEAR -> ratio(inst, t0, rng.between(60, 90) * S, true);
      case CLASS_OVER_CAPACITY -> capacity(inst, t0, rng.between(180, 420) * S, false);
      case CLASS_OVER_CAPACITY_NEAR -> capacity(inst, t0, rng.between(40, 70) * S, true);
      case INSTITUTION_OVER_LICENSE -> license(inst, t0, rng.between(720, 1200) * S, false);
      case INSTITUTION_OVER_LICENSE_NEAR -> license(inst, t0, rng.between(300, 420) * S, true);
      case STAFF_UNCERTIFIED_ON_DUTY -> uncertified(inst, t0, rng.between(150, 420) * S, false);
      case STAFF_UNCERTIFIED_NEAR -> uncertified(inst, t0, rng.between(30, 45) * S, true);
      case CAMERA_OFFLINE -> cameraDown(inst, t0, rng.between(180, 480) * S, Kind.CAMERA_OFFLINE);
      case CAMERA_SILENT -> cameraDown(inst, t0, rng.between(240, 480) * S, Kind.CAMERA_SILENT);
      case CAMERA_OFFLINE_NEAR ->
          cameraDown(inst, t0, rng.between(35, 50) * S, Kind.CAMERA_OFFLINE_NEAR);
      case SURVEILLANCE_GAP -> gap(inst, t0, rng.between(66, 84) * S, false);
      case SURVEILLANCE_GAP_NEAR -> gap(inst, t0, rng.between(30, 45) * S, true);
      case RECORDING_STOPPED -> recording(inst, t0, rng.between(180, 480) * S, false);
      case RECORDING_STOPPED_NEAR -> recording(inst, t0, rng.between(30, 45) * S, true);
      case RETENTION_BELOW_STANDARD -> retention(inst, t0, rng.between(600, 1200) * S, false);
      case RETENTION_NEAR -> retention(inst, t0, rng.between(300, 600) * S, true);
      case CAMERA_FLAPPING -> flapping(inst, t0, 3);
      case CAMERA_FLAPPING_NEAR -> flapping(inst, t0, 2);
      case INSTITUTION_OFFLINE -> blackout(inst, t0, rng.between(480, 900) * S, false);
      case INSTITUTION_OFFLINE_NEAR -> blackout(inst, t0, rng.between(40, 55) * S, true);
      case SMOKE_DETECTED -> smoke(inst, t0, rng.between(120, 300) * S);
      case TEMPERATURE_OUT_OF_RANGE -> temperature(inst, t0, rng.between(780, 1500) * S, false);
      case TEMPERATURE_NEAR -> temperature(inst, t0, rng.between(240, 360) * S, true);
      case CO2_HIGH -> co2(inst, t0, rng.between(780, 1500) * S, false);
      case CO2_NEAR -> co2(inst, t0, rng.between(600, 960) * S, true);
      case SENSOR_SILENT -> silentSensor(inst, t0, rng.between(900, 1500) * S, false);
      case SENSOR_SILENT_NEAR -> silentSensor(inst, t0, rng.between(240, 360) * S, true);
      case CHILD_NOT_PICKED_UP, CHILD_NOT_PICKED_UP_NEAR -> false;
    };
  }

  // --------------------------------------------------------------------------------------------
  // People

  /** A room with children and nothing moving in it over [a, b]. */
  private City.SimRoom steadyRoom(City.Inst inst, long a, long b, int minChildren) {
    Timeline tl = world.timeline(inst, date);
    List<City.SimRoom> rooms = new ArrayList<>(inst.rooms());
    City.SimRoom r = rooms.get(rng.nextInt(rooms.size()));
    if (!tl.roomQuiet(r.roomId(), a, b) || tl.at(r.roomId(), a).children() < minChildren) {
      return null;
    }
    return r;
  }

  private PersonRole roleOf(City.Inst inst, String staffId) {
    return inst.staff().stream()
        .filter(s -> s.staffId().equals(staffId))
        .map(City.Staff::role)
        .findFirst()
        .orElse(PersonRole.CAREGIVER);
  }

  private boolean unattended(City.Inst inst, long t0, long gap, boolean near) {
    City.SimRoom room = steadyRoom(inst, t0 - MIN, t0 + 3 * MIN, 1);
    if (room == null) {
      return false;
    }
    Timeline.RoomState st = world.timeline(inst, date).at(room.roomId(), t0);
    List<String> staff = st.caregivers();
    int c = staff.size();
    if (c == 0 || c > 4 || gap + 4 * (c - 1) * S >= 110 * S) {
      return false;
    }
    List<Att> add = new ArrayList<>();
    long t = t0;
    for (String s : staff) {
      add.add(Att.exit(t, s, roleOf(inst, s), room.roomId()));
      t += 2 * S;
    }
    long lastExit = t - 2 * S;
    long back = lastExit + gap;
    t = back;
    for (String s : staff) {
      add.add(Att.enter(t, s, roleOf(inst, s), room.roomId()));
      t += 2 * S;
    }
    commit(inst, t0, t, add);
    String note =
        String.format(
            Locale.ROOT,
            "%s %s：%d 名保育人员全部离开 %d 秒（%d 名幼儿在室）",
            room.roomId(),
            label(room),
            c,
            gap / S,
            st.children());
    record(
        near,
        Kind.ROOM_UNATTENDED,
        SubjectKey.room(inst.institutionId(), room.roomId()),
        lastExit,
        back,
        30 * S,
        note);
    return true;
  }

  private boolean ratio(City.Inst inst, long t0, long away, boolean near) {
    City.SimRoom room = steadyRoom(inst, t0 - MIN, t0 + away + MIN, 1);
    if (room == null) {
      return false;
    }
    Timeline.RoomState st = world.timeline(inst, date).at(room.roomId(), t0);
    int ratio = inst.kind() == InstitutionKind.FAMILY ? City.FAMILY_RATIO : room.ratio();
    if (st.certified() < 2 || st.children() <= ratio * (st.certified() - 1)) {
      return false;
    }
    String leaver = certifiedIn(inst, st).get(0);
    PersonRole role = roleOf(inst, leaver);
    commit(
        inst,
        t0,
        t0 + away,
        List.of(
            Att.exit(t0, leaver, role, room.roomId()),
            Att.enter(t0 + away, leaver, role, room.roomId())));
    String note =
        String.format(
            Locale.ROOT,
            "%s %s：1 名保育人员离开 %d 秒，%d 名幼儿 / %d 名持证保育人员（标准 1:%d）",
            room.roomId(),
            label(room),
            away / S,
            st.children(),
            st.certified() - 1,
            ratio);
    record(
        near,
        Kind.RATIO_BELOW_STANDARD,
        SubjectKey.room(inst.institutionId(), room.roomId()),
        t0,
        t0 + away,
        120 * S,
        note);
    return true;
  }

  private List<String> certifiedIn(City.Inst inst, Timeline.RoomState st) {
    List<String> out = new ArrayList<>();
    for (String id : st.caregivers()) {
      if (inst.staff().stream().anyMatch(s -> s.staffId().equals(id) && s.certified())) {
        out.add(id);
      }
    }
    return out;
  }

  private boolean capacity(City.Inst inst, long t0, long over, boolean near) {
    if (inst.kind() == InstitutionKind.FAMILY || inst.floater() == null) {
      return false;
    }
    long a = t0 - 2 * MIN;
    long b = t0 + over + 2 * MIN;
    City.SimRoom room = steadyRoom(inst, a, b, 1);
    Timeline tl = world.timeline(inst, date);
    if (room == null || room.activity() || !tl.gateQuiet(a, b)) {
      return false;
    }
    City.Staff floater = inst.floater();
    Timeline.RoomState st = tl.at(room.roomId(), t0);
    if (st.caregivers().contains(floater.staffId())) {
      return false;
    }
    int n = st.children();
    int limit = room.limit();
    int k = limit - n + rng.between(1, 2);
    int needed = (n + k + room.ratio() - 1) / room.ratio();
    boolean withFloater = needed > st.certified();
    if (k > 6
        || needed > st.certified() + 1
        || tl.childrenCheckedIn(t0) + k > inst.licensedPlaces()) {
      return false;
    }
    List<Att> add = new ArrayList<>();
    List<String> extras = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      extras.add(String.format(Locale.ROOT, "c-m%d-%d", ++serial, i + 1));
    }
    for (int i = 0; i < k; i++) {
      add.add(Att.checkIn(t0 - 90 * S + 3 * S * i, extras.get(i), PersonRole.CHILD));
    }
    if (withFloater) {
      add.add(Att.enter(t0 - 20 * S, floater.staffId(), floater.role(), room.roomId()));
    }
    for (int i = 0; i < k; i++) {
      add.add(Att.enter(t0 + 2 * S * i, extras.get(i), PersonRole.CHILD, room.roomId()));
    }
    long start = t0 + 2 * S * (limit - n);
    long t1 = t0 + over;
    for (int i = 0; i < k; i++) {
      add.add(Att.exit(t1 + 2 * S * i, extras.get(i), PersonRole.CHILD, room.roomId()));
      add.add(Att.checkOut(t1 + 2 * S * k + 60 * S + 3 * S * i, extras.get(i), PersonRole.CHILD));
    }
    long end = t1 + 2 * S * (k - (limit - n) - 1);
    if (withFloater) {
      add.add(Att.exit(t1 + 2 * S * k + 20 * S, floater.staffId(), floater.role(), room.roomId()));
    }
    commit(inst, t0 - 90 * S, t1 + 2 * S * k + 60 * S + 3 * S * k, add);
    String note =
        String.format(
            Locale.ROOT,
            "%s %s：合班 %d 名幼儿进入，%d 名在室（上限 %d）约 %d 秒",
            room.roomId(),
            label(room),
            k,
            n + k,
            limit,
            (end - start) / S);
    record(
        near,
        Kind.CLASS_OVER_CAPACITY,
        SubjectKey.room(inst.institutionId(), room.roomId()),
        start,
        end,
        120 * S,
        note);
    return true;
  }

  private boolean license(City.Inst inst, long t0, long over, boolean near) {
    Timeline tl = world.timeline(inst, date);
    long a = t0 - 2 * MIN;
    long b = t0 + over + 4 * MIN;
    if (!tl.gateQuiet(a, b)) {
      return false;
    }
    int present = tl.childrenCheckedIn(t0);
    int room = inst.licensedPlaces() - present;
    int e = room + rng.between(1, 2);
    if (present == 0 || room < 0 || e > 8) {
      return false;
    }
    List<Att> add = new ArrayList<>();
    for (int i = 0; i < e; i++) {
      String id = String.format(Locale.ROOT, "c-t%d-%d", ++serial, i + 1);
      add.add(Att.checkIn(t0 + 10 * S * i, id, PersonRole.CHILD));
      add.add(Att.checkOut(t0 + over + 10 * S * i, id, PersonRole.CHILD));
    }
    long start = t0 + 10 * S * room;
    long end = t0 + over + 10 * S * (e - room - 1);
    commit(inst, t0, t0 + over + 10 * S * e, add);
    String note =
        String.format(
            Locale.ROOT,
            "临时托管 %d 名幼儿，在园 %d 名（核定 %d）约 %d 分钟",
            e,
            present + e,
            inst.licensedPlaces(),
            (end - start) / MIN);
    record(
        near,
        Kind.INSTITUTION_OVER_LICENSE,
        SubjectKey.institution(inst.institutionId()),
        start,
        end,
        600 * S,
        note);
    return true;
  }

  private boolean uncertified(City.Inst inst, long t0, long stay, boolean near) {
    City.SimRoom room = steadyRoom(inst, t0 - MIN, t0 + stay + MIN, 1);
    if (room == null) {
      return false;
    }
    City.Staff trainee = inst.trainee();
    String who = trainee != null ? trainee.staffId() : "s-temp" + (++serial);
    List<Att> add = new ArrayList<>();
    add.add(Att.enter(t0, who, PersonRole.CAREGIVER, room.roomId()));
    add.add(Att.exit(t0 + stay, who, PersonRole.CAREGIVER, room.roomId()));
    if (trainee == null) {
      add.add(Att.checkOut(t0 + stay + 30 * S, who, PersonRole.CAREGIVER));
    }
    commit(inst, t0, t0 + stay + 30 * S, add);
    String note =
        String.format(
            Locale.ROOT,
            "%s %s：%s %s 在岗 %d 秒",
            room.roomId(),
            label(room),
            trainee != null ? "未持证见习保育员" : "名册外代班人员",
            who,
            stay / S);
    record(
        near,
        Kind.STAFF_UNCERTIFIED_ON_DUTY,
        SubjectKey.room(inst.institutionId(), room.roomId()),
        t0,
        t0 + stay,
        60 * S,
        note);
    return true;
  }

  /** A child collected late: CHILD_NOT_PICKED_UP opens 30 min after closing (or, near, not). */
  private boolean pickup(City.Inst inst, boolean near) {
    DayPlan plan = world.plan(inst, date);
    long close = plan.closeAt();
    long pickupsFrom = plan.pickupStart();
    if (close - 30 * MIN < from + SETTLE || close + 35 * MIN + AFTER > to) {
      return false;
    }
    if (!world.free(inst, pickupsFrom - BEFORE, close + 70 * MIN)) {
      return false;
    }
    List<String> children = new ArrayList<>();
    plan.presentByRoom.values().forEach(children::addAll);
    if (children.isEmpty()) {
      return false;
    }
    String child = children.get(rng.nextInt(children.size()));
    long late = close + (near ? rng.between(5, 15) : rng.between(36, 55)) * MIN;
    world.replan(inst, date, Map.of(child, late));
    long checkOut = world.plan(inst, date).checkOuts.get(child);
    world.reserve(inst, pickupsFrom - BEFORE, Math.max(checkOut, close + 30 * MIN) + AFTER);
    String note =
        String.format(Locale.ROOT, "闭园 %s 后幼儿 %s 于 %s 才被接走", inst.close(), child, clock(checkOut));
    record(
        near,
        Kind.CHILD_NOT_PICKED_UP,
        SubjectKey.person(inst.institutionId(), child),
        close,
        checkOut,
        30 * MIN,
        note);
    return true;
  }

  // --------------------------------------------------------------------------------------------
  // Cameras

  /** A camera in a room with another camera (so one going down leaves no surveillance gap). */
  private City.Camera pairedCamera(City.Inst inst, long a, long b) {
    List<City.Camera> candidates = new ArrayList<>();
    for (City.SimRoom r : inst.rooms()) {
      if (r.cameras().size() >= 2) {
        for (City.Camera c : r.cameras()) {
          if (world.cameraFree(
              inst, c.cameraId(), a - FLAP_WINDOW - 5 * MIN, b + FLAP_WINDOW + 5 * MIN)) {
            candidates.add(c);
          }
        }
      }
    }
    return candidates.isEmpty() ? null : candidates.get(rng.nextInt(candidates.size()));
  }

  private void reserveTransitions(City.Inst inst, String cameraId, long first, long last) {
    world.reserveCamera(
        inst, cameraId, first - FLAP_WINDOW - 5 * MIN, last + FLAP_WINDOW + 5 * MIN);
  }

  private boolean cameraDown(City.Inst inst, long t0, long d, Kind kind) {
    City.Camera cam = pairedCamera(inst, t0, t0 + d);
    if (cam == null) {
      return false;
    }
    boolean silent = kind == Kind.CAMERA_SILENT;
    Episode.CameraMode mode = silent ? Episode.CameraMode.SILENT : Episode.CameraMode.OFFLINE;
    world.add(new Episode.Camera(inst.institutionId(), cam.cameraId(), t0, t0 + d, mode, 0), inst);
    world.reserve(inst, t0, t0 + d);
    long start = t0;
    if (silent) {
      start = Emitter.lastTickBefore(Emitter.cameraPhase(cam), Emitter.CAMERA_PERIOD, t0);
    } else {
      reserveTransitions(inst, cam.cameraId(), t0, t0);
    }
    String note =
        String.format(
            Locale.ROOT,
            "摄像头 %s（%s）%s %d 秒",
            cam.cameraId(),
            cam.roomId(),
            silent ? "心跳中断" : "报告离线",
            (t0 + d - start) / S);
    record(
        kind.nearMiss,
        Kind.CAMERA_OFFLINE,
        SubjectKey.camera(inst.institutionId(), cam.cameraId()),
        start,
        t0 + d,
        90 * S,
        note);
    return true;
  }

  private boolean gap(City.Inst inst, long t0, long d, boolean near) {
    City.SimRoom room = steadyRoom(inst, t0 - MIN, t0 + d + MIN, 1);
    if (room == null || room.cameras().isEmpty()) {
      return false;
    }
    for (City.Camera c : room.cameras()) {
      if (!world.cameraFree(
          inst, c.cameraId(), t0 - FLAP_WINDOW - 5 * MIN, t0 + d + FLAP_WINDOW + 5 * MIN)) {
        return false;
      }
    }
    for (City.Camera c : room.cameras()) {
      world.add(
          new Episode.Camera(
              inst.institutionId(), c.cameraId(), t0, t0 + d, Episode.CameraMode.OFFLINE, 0),
          inst);
      reserveTransitions(inst, c.cameraId(), t0, t0);
    }
    world.reserve(inst, t0, t0 + d);
    Timeline.RoomState st = world.timeline(inst, date).at(room.roomId(), t0);
    String note =
        String.format(
            Locale.ROOT,
            "%s %s：全部 %d 个摄像头离线 %d 秒（%d 名幼儿在室）",
            room.roomId(),
            label(room),
            room.cameras().size(),
            d / S,
            st.children());
    record(
        near,
        Kind.SURVEILLANCE_GAP,
        SubjectKey.room(inst.institutionId(), room.roomId()),
        t0,
        t0 + d,
        60 * S,
        note);
    return true;
  }

  private boolean recording(City.Inst inst, long t0, long d, boolean near) {
    City.Camera cam = pairedCamera(inst, t0, t0 + d);
    if (cam == null) {
      return false;
    }
    world.add(
        new Episode.Camera(
            inst.institutionId(), cam.cameraId(), t0, t0 + d, Episode.CameraMode.NOT_RECORDING, 0),
        inst);
    world.reserve(inst, t0, t0 + d);
    String note =
        String.format(Locale.ROOT, "摄像头 %s（%s）在线但停止录像 %d 秒", cam.cameraId(), cam.roomId(), d / S);
    record(
        near,
        Kind.RECORDING_STOPPED,
        SubjectKey.camera(inst.institutionId(), cam.cameraId()),
        t0,
        t0 + d,
        60 * S,
        note);
    return true;
  }

  private boolean retention(City.Inst inst, long t0, long d, boolean near) {
    List<City.Camera> cams =
        inst.cameras().stream().filter(c -> !near || c.retentionDays() > 90).toList();
    if (cams.isEmpty()) {
      return false;
    }
    City.Camera cam = cams.get(rng.nextInt(cams.size()));
    int days = near ? 90 : rng.pick(List.of(7, 15, 30, 60));
    world.add(
        new Episode.Camera(
            inst.institutionId(), cam.cameraId(), t0, t0 + d, Episode.CameraMode.RETENTION, days),
        inst);
    world.reserve(inst, t0, t0 + d);
    String note =
        String.format(Locale.ROOT, "摄像头 %s 录像保存期改为 %d 天，%d 分钟后恢复", cam.cameraId(), days, d / MIN);
    record(
        near,
        Kind.RETENTION_BELOW_STANDARD,
        SubjectKey.camera(inst.institutionId(), cam.cameraId()),
        t0,
        t0 + d,
        0,
        note);
    return true;
  }

  private boolean flapping(City.Inst inst, long t0, int transitions) {
    long[] at = new long[transitions];
    long[] length = new long[transitions];
    at[0] = t0;
    for (int i = 0; i < transitions; i++) {
      if (i > 0) {
        at[i] = at[i - 1] + rng.between(10 * 60, 20 * 60) * S;
      }
      length[i] = rng.between(20, 40) * S;
    }
    long last = at[transitions - 1];
    City.Camera cam = pairedCamera(inst, t0, last);
    if (cam == null) {
      return false;
    }
    for (int i = 0; i < transitions; i++) {
      if (!world.free(inst, at[i] - BEFORE, at[i] + length[i] + AFTER)) {
        return false;
      }
    }
    for (int i = 0; i < transitions; i++) {
      world.add(
          new Episode.Camera(
              inst.institutionId(),
              cam.cameraId(),
              at[i],
              at[i] + length[i],
              Episode.CameraMode.OFFLINE,
              0),
          inst);
      world.reserve(inst, at[i], at[i] + length[i]);
    }
    reserveTransitions(inst, cam.cameraId(), t0, last);
    boolean near = transitions < 3;
    String note =
        String.format(
            Locale.ROOT,
            "摄像头 %s（%s）%d 分钟内掉线 %d 次",
            cam.cameraId(),
            cam.roomId(),
            (last - t0) / MIN,
            transitions);
    record(
        near,
        Kind.CAMERA_FLAPPING,
        SubjectKey.camera(inst.institutionId(), cam.cameraId()),
        t0,
        last + FLAP_WINDOW,
        last - t0,
        note);
    return true;
  }

  // --------------------------------------------------------------------------------------------
  // Whole institution, sensors

  private boolean blackout(City.Inst inst, long t0, long d, boolean near) {
    DayPlan plan = world.plan(inst, date);
    if (t0 < plan.openAt() + 15 * MIN || t0 + d > plan.closeAt() - 15 * MIN) {
      return false;
    }
    Timeline tl = world.timeline(inst, date);
    if (!tl.quiet(t0 - 2 * MIN, t0 + d + 2 * MIN)) {
      return false;
    }
    world.add(new Episode.Blackout(inst.institutionId(), t0, t0 + d), inst);
    world.reserve(inst, t0, t0 + d);
    long last = tl.lastEventBefore(t0);
    for (City.Camera c : inst.cameras()) {
      last =
          Math.max(last, Emitter.lastTickBefore(Emitter.cameraPhase(c), Emitter.CAMERA_PERIOD, t0));
    }
    for (City.Sensor s : inst.sensors()) {
      last =
          Math.max(last, Emitter.lastTickBefore(Emitter.sensorPhase(s), Emitter.SENSOR_PERIOD, t0));
    }
    String note = String.format(Locale.ROOT, "机构网络中断 %d 秒，全部设备与考勤无上报", (t0 + d - last) / S);
    record(
        near,
        Kind.INSTITUTION_OFFLINE,
        SubjectKey.institution(inst.institutionId()),
        last,
        t0 + d,
        300 * S,
        note);
    return true;
  }

  private City.Sensor sensor(City.Inst inst, City.Sensor.Kind kind) {
    List<City.Sensor> all =
        inst.sensors().stream().filter(s -> kind == null || s.kind() == kind).toList();
    return all.isEmpty() ? null : all.get(rng.nextInt(all.size()));
  }

  private boolean smoke(City.Inst inst, long t0, long d) {
    City.Sensor s = sensor(inst, City.Sensor.Kind.SMOKE);
    world.add(new Episode.Sensor(inst.institutionId(), s.sensorId(), t0, t0 + d, 1), inst);
    world.reserve(inst, t0, t0 + d);
    String note = String.format(Locale.ROOT, "%s 烟感 %s 报警 %d 秒", s.roomId(), s.sensorId(), d / S);
    record(
        false,
        Kind.SMOKE_DETECTED,
        SubjectKey.sensor(inst.institutionId(), s.roomId(), s.sensorId()),
        t0,
        t0 + d,
        0,
        note);
    return true;
  }

  private boolean temperature(City.Inst inst, long t0, long d, boolean near) {
    City.Sensor s = sensor(inst, City.Sensor.Kind.CLIMATE);
    double[] band =
        TemperatureOutOfRangeRule.band(
            Instant.ofEpochMilli(t0), RuleCatalog.defaults(RuleIds.TEMPERATURE_OUT_OF_RANGE));
    boolean hot = rng.chance(0.6);
    double value =
        Math.round((hot ? band[1] + rng.uniform(1.5, 3.0) : band[0] - rng.uniform(1.5, 3.0)) * 10)
            / 10.0;
    world.add(new Episode.Sensor(inst.institutionId(), s.sensorId(), t0, t0 + d, value), inst);
    world.reserve(inst, t0, t0 + d);
    String note =
        String.format(
            Locale.ROOT,
            "%s 室温 %.1f °C（标准 %.0f–%.0f °C）持续 %d 分钟",
            s.roomId(),
            value,
            band[0],
            band[1],
            d / MIN);
    record(
        near,
        Kind.TEMPERATURE_OUT_OF_RANGE,
        SubjectKey.sensor(inst.institutionId(), s.roomId(), s.sensorId()),
        t0,
        t0 + d,
        600 * S,
        note);
    return true;
  }

  private boolean co2(City.Inst inst, long t0, long d, boolean near) {
    City.Sensor s = sensor(inst, City.Sensor.Kind.AIR);
    double ppm;
    if (near && d >= 700 * S) {
      ppm = 1000; // exactly at the limit: not above it
    } else if (near) {
      ppm = rng.between(1100, 1300);
      d = rng.between(240, 420) * S;
    } else {
      ppm = rng.between(1150, 1600);
    }
    world.add(new Episode.Sensor(inst.institutionId(), s.sensorId(), t0, t0 + d, ppm), inst);
    world.reserve(inst, t0, t0 + d);
    String note =
        String.format(Locale.ROOT, "%s 二氧化碳 %.0f ppm 持续 %d 分钟（上限 1000）", s.roomId(), ppm, d / MIN);
    record(
        near,
        Kind.CO2_HIGH,
        SubjectKey.sensor(inst.institutionId(), s.roomId(), s.sensorId()),
        t0,
        t0 + d,
        600 * S,
        note);
    return true;
  }

  private boolean silentSensor(City.Inst inst, long t0, long d, boolean near) {
    City.Sensor s = sensor(inst, null);
    world.add(new Episode.Sensor(inst.institutionId(), s.sensorId(), t0, t0 + d, Double.NaN), inst);
    world.reserve(inst, t0, t0 + d);
    long last = Emitter.lastTickBefore(Emitter.sensorPhase(s), Emitter.SENSOR_PERIOD, t0);
    String note =
        String.format(
            Locale.ROOT, "%s 传感器 %s 停止上报 %d 分钟", s.roomId(), s.sensorId(), (t0 + d - last) / MIN);
    record(
        near,
        Kind.SENSOR_SILENT,
        SubjectKey.sensor(inst.institutionId(), s.roomId(), s.sensorId()),
        last,
        t0 + d,
        600 * S,
        note);
    return true;
  }

  // --------------------------------------------------------------------------------------------

  private void commit(City.Inst inst, long from, long to, List<Att> events) {
    world.inject(inst, events);
    world.reserve(inst, from, to);
  }

  private void record(
      boolean near, Kind kind, SubjectKey subject, long start, long end, long hold, String note) {
    GroundTruth.Entry e =
        GroundTruth.Entry.of(
            kind.ruleId, subject, Instant.ofEpochMilli(start), Instant.ofEpochMilli(end), note);
    if (near) {
      world.nearMiss(e);
    } else {
      world.expect(e, start + hold);
    }
  }

  private static String label(City.SimRoom room) {
    if (room.activity()) {
      return "活动室";
    }
    return switch (room.classType()) {
      case INFANT_6_12 -> "乳儿班";
      case TODDLER_12_24 -> "托小班";
      case TODDLER_24_36 -> "托大班";
      case MIXED_18_36 -> "混合班";
    };
  }

  private static String clock(long t) {
    return LocalDateTime.ofInstant(Instant.ofEpochMilli(t), DayPlan.ZONE).toLocalTime().toString();
  }
}
