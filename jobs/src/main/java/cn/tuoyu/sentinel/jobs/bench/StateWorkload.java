package cn.tuoyu.sentinel.jobs.bench;

import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.codec.SentinelType;
import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.pipeline.ingest.Envelopes;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.schema.CameraState;
import cn.tuoyu.sentinel.schema.CameraStatus;
import cn.tuoyu.sentinel.schema.ClassType;
import cn.tuoyu.sentinel.schema.GeoPoint;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.InstitutionKind;
import cn.tuoyu.sentinel.schema.PersonRole;
import cn.tuoyu.sentinel.schema.Room;
import cn.tuoyu.sentinel.schema.StaffMember;
import java.io.Serializable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The state phase's input: {@code cameras} cameras in institutions of {@value
 * #CAMERAS_PER_INSTITUTION} (five rooms of four), each sending a heartbeat (an ONLINE {@link
 * CameraStatus}) every {@value #PERIOD_MILLIS} ms at its own phase for {@code hours} simulated
 * hours, in event-time order, with a sprinkle of incidents so that the CEP operators and the alert
 * lifecycle hold something:
 *
 * <ul>
 *   <li><b>outages</b>: every hour, each camera with probability {@value #OUTAGE_RATE} reports
 *       OFFLINE for {@value #OUTAGE_MIN_PERIODS}–{@value #OUTAGE_MAX_PERIODS} heartbeats (2–4 min),
 *       then ONLINE again: longer than CAMERA_OFFLINE's 90 s hold (an outage that ends exactly at
 *       the hold opens nothing), so the alert opens and resolves;
 *   <li><b>flapping</b>: every hour, each camera with probability {@value #FLAP_RATE} reports
 *       OFFLINE for a single heartbeat {@value #FLAP_BLIPS} times, {@value #FLAP_SPACING_PERIODS}
 *       heartbeats (5 min) apart: CAMERA_FLAPPING (3 changes within 1 h) opens, and resolves an
 *       hour after the last one; each blip is shorter than CAMERA_OFFLINE's hold, so those start
 *       and clear without an alert;
 *   <li><b>silence</b>: one camera in {@value #SILENT_ONE_IN} (at least one) stops for good at a
 *       moment drawn from the whole run: CAMERA_OFFLINE opens 90 s later and stays open.
 * </ul>
 *
 * <p>The generator's index space is the reference records first ({@link #referenceRecords()}, one
 * per institution), then every event in event-time order; {@link #envelope} makes the record at an
 * index, so a source can start anywhere and nothing is held in memory. Events are built as the
 * Kafka source builds them: the record as Avro single-object bytes, decoded into an envelope by
 * {@link Envelopes#fromKafka}. Pure and deterministic: the same arguments give the same records.
 */
final class StateWorkload implements Serializable {
  private static final long serialVersionUID = 1L;

  static final int CAMERAS_PER_INSTITUTION = 20;
  static final int ROOMS_PER_INSTITUTION = 5;
  static final long PERIOD_MILLIS = 30_000;
  static final long HOUR_MILLIS = 3_600_000;
  static final int PERIODS_PER_HOUR = (int) (HOUR_MILLIS / PERIOD_MILLIS);
  static final double OUTAGE_RATE = 0.01;
  static final int OUTAGE_MIN_PERIODS = 4;
  static final int OUTAGE_MAX_PERIODS = 8;
  static final double FLAP_RATE = 0.005;
  static final int FLAP_BLIPS = 4;
  static final int FLAP_SPACING_PERIODS = 10;
  static final int SILENT_ONE_IN = 1000;

  /** Simulated time starts here (a Monday, 00:00 Asia/Shanghai); the date changes nothing. */
  static final LocalDate FIRST_DAY = LocalDate.of(2026, 3, 2);

  private static final String[] REGIONS = {"320402", "120101", "330302", "320411", "120104"};
  private static final int KAFKA_PARTITIONS = 4;

  private final int cameras;
  private final int hours;
  private final long seed;
  private final long start;
  private final long periods;

  // Derived tables, rebuilt after deserialisation (see #tables()).
  private transient volatile int[] order; // cameras by (phase, index): a period's heartbeats
  private transient int[] phase; // milliseconds into each period
  private transient int[] silentPositions; // positions in order[] of the silent cameras, ascending
  private transient long[] silentFrom; // the period each of them (same order) stops in
  private transient long[] periodStart; // events before each period; periodStart[periods] = all

  /**
   * @param cameras how many cameras, a positive multiple of {@value #CAMERAS_PER_INSTITUTION}
   * @param hours simulated hours, at least 1
   * @param seed the random seed
   */
  StateWorkload(int cameras, int hours, long seed) {
    if (cameras < CAMERAS_PER_INSTITUTION || cameras % CAMERAS_PER_INSTITUTION != 0) {
      throw new IllegalArgumentException(
          "cameras must be a positive multiple of " + CAMERAS_PER_INSTITUTION + ", got " + cameras);
    }
    if (hours < 1) {
      throw new IllegalArgumentException("hours must be at least 1, got " + hours);
    }
    this.cameras = cameras;
    this.hours = hours;
    this.seed = seed;
    this.start = FIRST_DAY.atStartOfDay(Workload.ZONE).toInstant().toEpochMilli();
    this.periods = (long) hours * PERIODS_PER_HOUR;
    tables();
  }

  int cameras() {
    return cameras;
  }

  int hours() {
    return hours;
  }

  long seed() {
    return seed;
  }

  int institutions() {
    return cameras / CAMERAS_PER_INSTITUTION;
  }

  /** Event time of the first period (epoch millis). */
  long start() {
    return start;
  }

  /** Reference records at the head of the index space: one institution record each. */
  int referenceRecords() {
    return institutions();
  }

  /** Events after the reference records (heartbeats and OFFLINE reports). */
  long events() {
    return tables().periodStart[(int) periods];
  }

  /** Everything a source emits: reference records, then events. */
  long total() {
    return referenceRecords() + events();
  }

  /**
   * Index of the first record of simulated hour {@code h} (0 ≤ h ≤ hours): every record before it
   * is a reference record or an event before {@code start + h hours}; {@code total()} for the end.
   */
  long indexAtHour(int h) {
    if (h < 0 || h > hours) {
      throw new IllegalArgumentException("hour " + h + " is outside 0.." + hours);
    }
    return referenceRecords() + tables().periodStart[h * PERIODS_PER_HOUR];
  }

  /** The cameras that go silent for good. */
  int silentCameras() {
    return tables().silentPositions.length;
  }

  // ---------------------------------------------------------------------------------------------
  // Records

  /** The record at {@code index} (0 ≤ index < total()) as the job's Kafka source would see it. */
  EventEnvelope envelope(long index) {
    SpecificRecord record = record(index);
    if (record instanceof CameraStatus c) {
      return Envelopes.fromKafka(
          Topics.CAMERA,
          partitionOf(c.getInstitutionId()),
          index,
          c.getTs().toEpochMilli(),
          SentinelSerde.encodeAny(record),
          SentinelType.CAMERA);
    }
    Institution i = (Institution) record;
    return Envelopes.fromKafka(
        Topics.INSTITUTIONS,
        partitionOf(i.getInstitutionId()),
        index,
        i.getTs().toEpochMilli(),
        SentinelSerde.encodeAny(record),
        SentinelType.INSTITUTION);
  }

  /** The partition Kafka's default partitioner would pick for an institution's records. */
  private static int partitionOf(String institutionId) {
    return Instruments.partition(institutionId, KAFKA_PARTITIONS);
  }

  /** The Avro record at {@code index}. */
  SpecificRecord record(long index) {
    if (index < 0 || index >= total()) {
      throw new IndexOutOfBoundsException("index " + index + " of " + total());
    }
    if (index < referenceRecords()) {
      return institution((int) index);
    }
    Slot s = slot(index - referenceRecords());
    return heartbeat(s.camera, s.period);
  }

  /** Camera and period of the n-th event (0 ≤ n < events()). */
  record Slot(int camera, long period) {}

  Slot slot(long n) {
    StateWorkload t = tables();
    if (n < 0 || n >= events()) {
      throw new IndexOutOfBoundsException("event " + n + " of " + events());
    }
    // The period whose range [periodStart[p], periodStart[p+1]) holds n. Starts strictly
    // increase: fewer cameras go silent than there are, so no period is empty.
    int p = Arrays.binarySearch(t.periodStart, n);
    if (p < 0) {
      p = -p - 2;
    }
    long k = n - t.periodStart[p];
    // The k-th camera of the period in phase order, skipping the silent ones.
    long pos = k;
    for (int j = 0; j < t.silentPositions.length; j++) {
      if (t.silentFrom[j] <= p && t.silentPositions[j] <= pos) {
        pos++;
      } else if (t.silentPositions[j] > pos) {
        break;
      }
    }
    return new Slot(t.order[(int) pos], p);
  }

  /** Camera {@code c}'s report of period {@code p}. */
  CameraStatus heartbeat(int c, long p) {
    long ts = start + p * PERIOD_MILLIS + tables().phase[c];
    boolean offline = offline(c, p);
    int inst = c / CAMERAS_PER_INSTITUTION;
    return new CameraStatus(
        "hb-" + c + "-" + p,
        Instant.ofEpochMilli(ts),
        institutionId(inst),
        cameraId(c),
        offline ? CameraState.OFFLINE : CameraState.ONLINE,
        offline ? null : Boolean.TRUE,
        offline ? null : 90);
  }

  static String institutionId(int inst) {
    return REGIONS[inst % REGIONS.length] + "-S" + String.format("%05d", inst + 1);
  }

  static String cameraId(int c) {
    return "C" + (c % CAMERAS_PER_INSTITUTION + 1);
  }

  static String roomId(int cameraInInstitution) {
    return "R" + (cameraInInstitution / (CAMERAS_PER_INSTITUTION / ROOMS_PER_INSTITUTION) + 1);
  }

  /** Institution {@code inst}'s reference record, valid from a day before the first event. */
  Institution institution(int inst) {
    List<Room> rooms = new ArrayList<>();
    int perRoom = CAMERAS_PER_INSTITUTION / ROOMS_PER_INSTITUTION;
    for (int r = 0; r < ROOMS_PER_INSTITUTION; r++) {
      List<String> ids = new ArrayList<>();
      for (int k = 0; k < perRoom; k++) {
        ids.add("C" + (r * perRoom + k + 1));
      }
      rooms.add(new Room("R" + (r + 1), ClassType.TODDLER_12_24, 15, ids));
    }
    List<StaffMember> staff = new ArrayList<>();
    for (int k = 1; k <= 2 * ROOMS_PER_INSTITUTION; k++) {
      staff.add(new StaffMember("s" + k, PersonRole.CAREGIVER, true));
    }
    staff.add(new StaffMember("h1", PersonRole.HEALTH, true));
    String id = institutionId(inst);
    return Institution.newBuilder()
        .setTs(Instant.ofEpochMilli(start - 24 * HOUR_MILLIS))
        .setInstitutionId(id)
        .setName("状态基准托育园" + id.substring(id.indexOf('-') + 1))
        .setRegionCode(REGIONS[inst % REGIONS.length])
        .setKind(InstitutionKind.CENTER)
        .setLicensedPlaces(15 * ROOMS_PER_INSTITUTION)
        .setOpenTime("07:30")
        .setCloseTime("18:00")
        .setLocation(new GeoPoint(31.78 + (inst % 97) * 0.001, 119.97 + (inst % 89) * 0.001))
        .setRooms(rooms)
        .setStaff(staff)
        .build();
  }

  // ---------------------------------------------------------------------------------------------
  // Incidents

  /** Whether camera {@code c} reports OFFLINE in period {@code p} (it is not silent then). */
  boolean offline(int c, long p) {
    long h = p / PERIODS_PER_HOUR;
    int q = (int) (p % PERIODS_PER_HOUR);
    int outage = outageStart(c, h);
    if (outage >= 0 && q >= outage && q < outage + outageLength(c, h)) {
      return true;
    }
    int flap = flapStart(c, h);
    if (flap >= 0 && q >= flap && (q - flap) % FLAP_SPACING_PERIODS == 0) {
      return (q - flap) / FLAP_SPACING_PERIODS < FLAP_BLIPS;
    }
    return false;
  }

  /** First OFFLINE period (within the hour) of camera c's outage in hour h, or -1 if none. */
  int outageStart(int c, long h) {
    if (unit(mix(seed, c, h, 1)) >= OUTAGE_RATE) {
      return -1;
    }
    return 1 + (int) Math.floorMod(mix(seed, c, h, 2), PERIODS_PER_HOUR - OUTAGE_MAX_PERIODS - 1);
  }

  int outageLength(int c, long h) {
    return OUTAGE_MIN_PERIODS
        + (int) Math.floorMod(mix(seed, c, h, 3), OUTAGE_MAX_PERIODS - OUTAGE_MIN_PERIODS + 1);
  }

  /** First OFFLINE blip (within the hour) of camera c's flapping in hour h, or -1 if none. */
  int flapStart(int c, long h) {
    if (unit(mix(seed, c, h, 4)) >= FLAP_RATE) {
      return -1;
    }
    int span = (FLAP_BLIPS - 1) * FLAP_SPACING_PERIODS + 1;
    return 1 + (int) Math.floorMod(mix(seed, c, h, 5), PERIODS_PER_HOUR - span - 1);
  }

  /** Outages (OFFLINE runs) scheduled over the run on cameras not silent by the hour's end. */
  long outages() {
    long n = 0;
    for (int c = 0; c < cameras; c++) {
      for (long h = 0; h < hours; h++) {
        if (outageStart(c, h) >= 0 && !silentBy(c, (h + 1) * PERIODS_PER_HOUR)) {
          n++;
        }
      }
    }
    return n;
  }

  /** Flapping episodes scheduled likewise. */
  long flappingEpisodes() {
    long n = 0;
    for (int c = 0; c < cameras; c++) {
      for (long h = 0; h < hours; h++) {
        if (flapStart(c, h) >= 0 && !silentBy(c, (h + 1) * PERIODS_PER_HOUR)) {
          n++;
        }
      }
    }
    return n;
  }

  /** Whether camera c has gone silent at or before period p. */
  boolean silentBy(int c, long p) {
    StateWorkload t = tables();
    for (int j = 0; j < t.silentPositions.length; j++) {
      if (t.order[t.silentPositions[j]] == c && t.silentFrom[j] <= p) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // Tables

  /** This workload with its derived tables built (once; they are not serialised). */
  private StateWorkload tables() {
    if (order == null) {
      build();
    }
    return this;
  }

  private synchronized void build() {
    if (order != null) {
      return;
    }
    int[] ph = new int[cameras];
    Integer[] byPhase = new Integer[cameras];
    for (int c = 0; c < cameras; c++) {
      ph[c] = (int) Math.floorMod(mix(seed, c, -1, 0), PERIOD_MILLIS);
      byPhase[c] = c;
    }
    Arrays.sort(byPhase, (a, b) -> ph[a] != ph[b] ? Integer.compare(ph[a], ph[b]) : a - b);
    int[] ord = new int[cameras];
    int[] positionOf = new int[cameras];
    for (int k = 0; k < cameras; k++) {
      ord[k] = byPhase[k];
      positionOf[ord[k]] = k;
    }
    // Silent cameras: distinct, with the period they stop in drawn over the whole run.
    int silent = Math.max(1, cameras / SILENT_ONE_IN);
    List<long[]> chosen = new ArrayList<>(); // {position, fromPeriod}
    boolean[] taken = new boolean[cameras];
    for (int j = 0; chosen.size() < silent; j++) {
      int c = (int) Math.floorMod(mix(seed, j, -2, 7), cameras);
      if (taken[c]) {
        continue;
      }
      taken[c] = true;
      long from = Math.floorMod(mix(seed, j, -2, 8), periods);
      chosen.add(new long[] {positionOf[c], from});
    }
    chosen.sort((a, b) -> Long.compare(a[0], b[0]));
    int[] sp = new int[silent];
    long[] sf = new long[silent];
    for (int j = 0; j < silent; j++) {
      sp[j] = (int) chosen.get(j)[0];
      sf[j] = chosen.get(j)[1];
    }
    long[] ps = new long[(int) periods + 1];
    for (int p = 0; p < periods; p++) {
      int quiet = 0;
      for (long f : sf) {
        if (f <= p) {
          quiet++;
        }
      }
      ps[p + 1] = ps[p] + cameras - quiet;
    }
    phase = ph;
    silentPositions = sp;
    silentFrom = sf;
    periodStart = ps;
    order = ord; // last: tables() reads it to know the rest is there
  }

  /** A well-mixed 64-bit value of the arguments (SplitMix64's finaliser over a combination). */
  static long mix(long seed, long a, long b, long salt) {
    long h = seed;
    h = h * 0x9E3779B97F4A7C15L + a;
    h = h * 0x9E3779B97F4A7C15L + b;
    h = h * 0x9E3779B97F4A7C15L + salt;
    h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
    return h ^ (h >>> 31);
  }

  /** Uniform in [0, 1) from a mixed value. */
  static double unit(long mixed) {
    return (mixed >>> 11) * 0x1.0p-53;
  }
}
