package cn.tuoyu.sentinel.jobs.bench;

import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
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
import cn.tuoyu.sentinel.schema.RuleSetting;
import cn.tuoyu.sentinel.schema.SensorMetric;
import cn.tuoyu.sentinel.schema.SensorReading;
import cn.tuoyu.sentinel.schema.StaffMember;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.kafka.common.utils.Utils;

/**
 * The bench's own institutions, in region {@value #REGION} (no real 行政区划代码 starts with 99), which a
 * rule-parameter record for scope {@value #SCOPE} gives a ROOM_UNATTENDED hold of {@value
 * #HOLD_SECONDS} s:
 *
 * <ul>
 *   <li><b>ticks</b>: one institution per partition of each event topic whose events keep event
 *       time moving on every partition, as a live city does (the watermark is the minimum over all
 *       partitions);
 *   <li><b>markers</b>: institutions whose room is briefly unattended at the very end of the
 *       backlog; their RESOLVED transitions appear only after every earlier event has been applied,
 *       which tells the bench the monitor has caught up. They are spread over every subtask of the
 *       monitor;
 *   <li><b>probes</b>: institutions with one child and one caregiver, whose caregiver steps out and
 *       back during the latency measurement.
 * </ul>
 *
 * Pure: no connections; partitions are computed the way Kafka's default partitioner does.
 */
final class Instruments {
  static final String REGION = "990000";
  static final String SCOPE = "99";
  static final long HOLD_SECONDS = 2;
  static final String CAREGIVER = "i-cg";
  static final String CHILD = "i-child";
  static final String TICK_STAFF = "i-tick";
  static final String ROOM = "R1";
  static final List<String> EVENT_TOPICS = List.of(Topics.ATTENDANCE, Topics.CAMERA, Topics.SENSOR);

  private final Map<String, Integer> partitions;
  private final Map<String, String[]> tickByPartition = new LinkedHashMap<>();
  private final List<String> markers = new ArrayList<>();
  private final List<String> probes = new ArrayList<>();
  private final AtomicLong sequence = new AtomicLong();
  private final String eventPrefix;

  /**
   * @param partitions partition count of each event topic
   * @param parallelism parallelism of the monitor job (markers cover each of its subtasks)
   * @param probeCount number of probe institutions
   * @param eventPrefix prefix of the eventIds this instance makes (unique per run)
   */
  Instruments(
      Map<String, Integer> partitions, int parallelism, int probeCount, String eventPrefix) {
    this.partitions = Map.copyOf(partitions);
    this.eventPrefix = eventPrefix;
    for (String topic : EVENT_TOPICS) {
      int n = partitions.get(topic);
      String[] ids = new String[n];
      int found = 0;
      for (int i = 0; found < n; i++) {
        String id = REGION + "-T" + String.format("%03d", i);
        int p = partition(id, n);
        if (ids[p] == null) {
          ids[p] = id;
          found++;
        }
      }
      tickByPartition.put(topic, ids);
    }
    int maxParallelism = KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism);
    int[] perSubtask = new int[parallelism];
    for (int i = 0; markers.size() < 2 * parallelism || min(perSubtask) < 2; i++) {
      String id = REGION + "-M" + String.format("%03d", i);
      int subtask =
          KeyGroupRangeAssignment.assignKeyToParallelOperator(id, maxParallelism, parallelism);
      if (perSubtask[subtask] < 2) {
        perSubtask[subtask]++;
        markers.add(id);
      }
    }
    for (int i = 1; i <= probeCount; i++) {
      probes.add(REGION + "-P" + String.format("%03d", i));
    }
  }

  /** Kafka's default partitioner for a keyed record (murmur2 of the key bytes). */
  static int partition(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  int partitionOf(String topic, String key) {
    return partition(key, partitions.get(topic));
  }

  List<String> markers() {
    return List.copyOf(markers);
  }

  List<String> probes() {
    return List.copyOf(probes);
  }

  /** Every institution id of the instruments. */
  Set<String> ids() {
    Set<String> all = new TreeSet<>();
    tickByPartition.values().forEach(ids -> all.addAll(List.of(ids)));
    all.addAll(markers);
    all.addAll(probes);
    return all;
  }

  /** How many records one round of ticks publishes (one per partition of each event topic). */
  int tickRoundSize() {
    return tickByPartition.values().stream().mapToInt(a -> a.length).sum();
  }

  /** Reference records: every instrument institution and the rule parameters of their scope. */
  List<Item> reference(long validFrom) {
    List<Item> out = new ArrayList<>();
    for (String id : ids()) {
      Institution inst =
          Institution.newBuilder()
              .setTs(Instant.ofEpochMilli(validFrom))
              .setInstitutionId(id)
              .setName("压测仪表 " + id.substring(REGION.length() + 1))
              .setRegionCode(REGION)
              .setKind(InstitutionKind.CENTER)
              .setLicensedPlaces(10)
              .setOpenTime("00:00")
              .setCloseTime("23:59")
              .setLocation(new GeoPoint(31.78, 119.97))
              .setRooms(List.of(new Room(ROOM, ClassType.INFANT_6_12, 10, List.of("C1"))))
              .setStaff(
                  List.of(
                      new StaffMember(CAREGIVER, PersonRole.CAREGIVER, true),
                      new StaffMember(TICK_STAFF, PersonRole.OTHER_STAFF, true)))
              .build();
      out.add(item(Topics.INSTITUTIONS, id, 0, inst));
    }
    Map<String, RuleSetting> rules = new LinkedHashMap<>();
    rules.put(RuleIds.ROOM_UNATTENDED, new RuleSetting(null, HOLD_SECONDS, null, Map.of()));
    // The probes' child stays checked in; a closing time must not turn it into an alert.
    rules.put(RuleIds.CHILD_NOT_PICKED_UP, new RuleSetting(false, null, null, Map.of()));
    out.add(
        new Item(
            Topics.RULES,
            partition(SCOPE, partitions.getOrDefault(Topics.RULES, 1)),
            SCOPE,
            0,
            new RuleParameters(Instant.ofEpochMilli(validFrom), SCOPE, rules)));
    return out;
  }

  /** One record on every partition of every event topic, all with event time {@code ts}. */
  List<Item> tickRound(long ts) {
    List<Item> out = new ArrayList<>();
    for (Map.Entry<String, String[]> e : tickByPartition.entrySet()) {
      for (String id : e.getValue()) {
        out.add(tick(e.getKey(), id, ts));
      }
    }
    return out;
  }

  private Item tick(String topic, String id, long ts) {
    Instant at = Instant.ofEpochMilli(ts);
    SpecificRecord r;
    if (topic.equals(Topics.ATTENDANCE)) {
      // A repeated gate scan of someone already checked in: changes nothing (Occupancy).
      r =
          new AttendanceEvent(
              nextId(),
              at,
              id,
              null,
              TICK_STAFF,
              PersonRole.OTHER_STAFF,
              AttendanceAction.CHECK_IN);
    } else if (topic.equals(Topics.CAMERA)) {
      r = new CameraStatus(nextId(), at, id, "C1", CameraState.ONLINE, true, 90);
    } else {
      r = new SensorReading(nextId(), at, id, ROOM, "T1", SensorMetric.TEMPERATURE_C, 22.5);
    }
    return item(topic, id, ts, r);
  }

  /**
   * A marker's room is unattended for 10 s from {@code start + 200 ms}: ROOM_UNATTENDED opens after
   * the hold and resolves when the caregiver is back; then both leave.
   */
  List<Item> markerEpisode(String id, long start) {
    return List.of(
        attendance(id, start, CAREGIVER, PersonRole.CAREGIVER, AttendanceAction.ENTER, ROOM),
        attendance(id, start + 100, CHILD, PersonRole.CHILD, AttendanceAction.ENTER, ROOM),
        attendance(id, start + 200, CAREGIVER, PersonRole.CAREGIVER, AttendanceAction.EXIT, ROOM),
        attendance(
            id, start + 10_000, CAREGIVER, PersonRole.CAREGIVER, AttendanceAction.ENTER, ROOM),
        attendance(id, start + 11_000, CHILD, PersonRole.CHILD, AttendanceAction.CHECK_OUT, null),
        attendance(
            id, start + 12_000, CAREGIVER, PersonRole.CAREGIVER, AttendanceAction.CHECK_OUT, null));
  }

  /** When a marker's ROOM_UNATTENDED condition starts, for an episode starting at {@code start}. */
  static long markerConditionStart(long start) {
    return start + 200;
  }

  /** A probe's child and caregiver are in its room. */
  List<Item> probeSetup(String id, long ts) {
    return List.of(
        attendance(id, ts, CAREGIVER, PersonRole.CAREGIVER, AttendanceAction.ENTER, ROOM),
        attendance(id, ts + 1, CHILD, PersonRole.CHILD, AttendanceAction.ENTER, ROOM));
  }

  /** The probe's caregiver steps out: the condition starts at {@code ts}. */
  Item probeLeave(String id, long ts) {
    return attendance(id, ts, CAREGIVER, PersonRole.CAREGIVER, AttendanceAction.EXIT, ROOM);
  }

  /** The probe's caregiver is back: the condition clears at {@code ts}. */
  Item probeReturn(String id, long ts) {
    return attendance(id, ts, CAREGIVER, PersonRole.CAREGIVER, AttendanceAction.ENTER, ROOM);
  }

  /** Both leave the probe institution. */
  List<Item> probeTeardown(String id, long ts) {
    return List.of(
        attendance(id, ts, CHILD, PersonRole.CHILD, AttendanceAction.CHECK_OUT, null),
        attendance(id, ts + 1, CAREGIVER, PersonRole.CAREGIVER, AttendanceAction.CHECK_OUT, null));
  }

  private Item attendance(
      String id, long ts, String person, PersonRole role, AttendanceAction action, String room) {
    return item(
        Topics.ATTENDANCE,
        id,
        ts,
        new AttendanceEvent(nextId(), Instant.ofEpochMilli(ts), id, room, person, role, action));
  }

  private Item item(String topic, String key, long ts, SpecificRecord r) {
    return new Item(topic, partition(key, partitions.getOrDefault(topic, 1)), key, ts, r);
  }

  private String nextId() {
    return eventPrefix + sequence.incrementAndGet();
  }

  private static int min(int[] values) {
    int m = Integer.MAX_VALUE;
    for (int v : values) {
      m = Math.min(m, v);
    }
    return m;
  }
}
