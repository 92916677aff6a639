package cn.tuoyu.sentinel.jobs.bench;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.pipeline.rules.Occupancy;
import cn.tuoyu.sentinel.pipeline.rules.Presence;
import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.PersonRole;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;

/** The bench's synthetic city: deterministic, in order, complete days, and some alerts in it. */
class WorkloadTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
  private static final int PARTITIONS = 4;

  private static Workload workload(long seed, int institutions, long target) {
    return new Workload(
        institutions,
        target,
        seed,
        TODAY,
        new Instruments(Workload.defaultPartitions(PARTITIONS), 2, 20, "w-"));
  }

  private static List<Item> events(Workload w) {
    List<Item> out = new ArrayList<>();
    w.events(out::add);
    return out;
  }

  @Test
  void theSameSeedGivesTheSameCityAndEvents() {
    Workload a = workload(42, 30, 20_000);
    Workload b = workload(42, 30, 20_000);
    assertThat(b.reference()).isEqualTo(a.reference());
    assertThat(events(b)).isEqualTo(events(a));
  }

  @Test
  void anotherSeedGivesAnotherCity() {
    assertThat(events(workload(43, 30, 20_000))).isNotEqualTo(events(workload(42, 30, 20_000)));
  }

  @Test
  void wholeInstitutionDaysUpToTheTargetEndingYesterday() {
    Workload w = workload(1, 40, 50_000);
    List<Item> events = events(w);
    assertThat(w.cityEvents()).isBetween(50_000L, 52_000L);
    assertThat(events).hasSize((int) w.totalEvents());
    assertThat(w.lastDay()).isEqualTo(TODAY.minusDays(1));
    long startOfToday = TODAY.atStartOfDay(Workload.ZONE).toInstant().toEpochMilli();
    long firstDay = w.firstDay().atStartOfDay(Workload.ZONE).toInstant().toEpochMilli();
    long previous = Long.MIN_VALUE;
    for (Item i : events) {
      assertThat(i.ts()).isGreaterThanOrEqualTo(previous).isBetween(firstDay, startOfToday - 1);
      previous = i.ts();
    }
  }

  @Test
  void everyEventHasReferenceDataAndItsKeysPartition() {
    Workload w = workload(1, 25, 30_000);
    Set<String> known = new HashSet<>();
    for (Item i : w.reference()) {
      if (i.record() instanceof Institution inst) {
        known.add(inst.getInstitutionId());
        assertThat(inst.getTs().toEpochMilli()).isEqualTo(w.validFrom());
      }
    }
    Set<String> eventIds = new HashSet<>();
    for (Item i : events(w)) {
      assertThat(known).contains(i.key());
      assertThat(i.partition()).isEqualTo(Instruments.partition(i.key(), PARTITIONS));
      assertThat(i.record().get(i.record().getSchema().getField("institutionId").pos()))
          .isEqualTo(i.key());
      assertThat(eventIds.add(i.key() + "/" + i.record().get(0))).isTrue();
    }
  }

  @Test
  void everyPartitionOfEveryEventTopicMovesEvenWithOneInstitution() {
    Map<String, Set<Integer>> partitions = new HashMap<>();
    for (Item i : events(workload(1, 1, 2_000))) {
      partitions.computeIfAbsent(i.topic(), t -> new HashSet<>()).add(i.partition());
    }
    for (String topic : List.of(Topics.ATTENDANCE, Topics.CAMERA, Topics.SENSOR)) {
      assertThat(partitions.get(topic)).containsExactlyInAnyOrder(0, 1, 2, 3);
    }
  }

  @Test
  void markersCoverEverySubtaskOfTheMonitor() {
    for (int parallelism : new int[] {1, 2, 3, 8}) {
      Instruments instruments =
          new Instruments(Workload.defaultPartitions(PARTITIONS), parallelism, 20, "x-");
      int max = KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism);
      Map<Integer, Integer> perSubtask = new HashMap<>();
      for (String id : instruments.markers()) {
        perSubtask.merge(
            KeyGroupRangeAssignment.assignKeyToParallelOperator(id, max, parallelism),
            1,
            Integer::sum);
      }
      assertThat(perSubtask).hasSize(parallelism);
      assertThat(perSubtask.values()).allMatch(n -> n >= 2);
    }
  }

  /**
   * Replays the attendance events through {@link Occupancy}: at the end nobody but the ticks' staff
   * is checked in, and some rooms were left without a caregiver for longer than ROOM_UNATTENDED's
   * default hold (30 s) — rarely.
   */
  @Test
  void daysEndEmptyAndSomeRoomsAreBrieflyUnattended() {
    Workload w = workload(1, 60, 120_000);
    Map<String, Map<String, Presence>> people = new HashMap<>();
    Map<String, Long> unattendedSince = new HashMap<>();
    int unattendedOverHold = 0;
    int attendance = 0;
    for (Item i : events(w)) {
      if (!(i.record() instanceof AttendanceEvent e)) {
        continue;
      }
      attendance++;
      Map<String, Presence> inst = people.computeIfAbsent(i.key(), k -> new HashMap<>());
      for (String room : Occupancy.apply(inst, e)) {
        if (room.isEmpty() || i.key().startsWith(Instruments.REGION)) {
          continue;
        }
        String roomKey = i.key() + "/" + room;
        List<Presence> in = Occupancy.inRoom(inst, room);
        boolean children = in.stream().anyMatch(p -> p.getRole() == PersonRole.CHILD);
        boolean caregiver =
            in.stream()
                .anyMatch(
                    p -> p.getRole() == PersonRole.CAREGIVER || p.getRole() == PersonRole.TEACHER);
        if (children && !caregiver) {
          unattendedSince.putIfAbsent(roomKey, i.ts());
        } else {
          Long since = unattendedSince.remove(roomKey);
          if (since != null && i.ts() - since > 30_000) {
            unattendedOverHold++;
          }
        }
      }
    }
    assertThat(unattendedSince).isEmpty();
    people.forEach(
        (inst, present) ->
            assertThat(present.keySet())
                .as("checked in at the end in %s", inst)
                .isSubsetOf(Set.of(Instruments.TICK_STAFF)));
    assertThat(unattendedOverHold).isPositive().isLessThan(attendance / 1000);
  }
}
