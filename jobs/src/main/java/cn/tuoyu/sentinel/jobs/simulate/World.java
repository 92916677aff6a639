package cn.tuoyu.sentinel.jobs.simulate;

import cn.tuoyu.sentinel.jobs.score.GroundTruth;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the simulator has decided so far: the city, each institution's day plans, the
 * attendance and device episodes incidents added, which institution and camera is busy with an
 * incident when, and the ground truth.
 */
final class World {
  /** An entry of the ground truth and the instant its alert opens (for cutting at the end). */
  record Planned(GroundTruth.Entry entry, boolean nearMiss, long opensAt) {}

  final long seed;
  final List<City.Inst> city;
  private final Map<String, Map<LocalDate, DayPlan>> plans = new HashMap<>();
  private final Map<String, Map<LocalDate, Timeline>> timelines = new HashMap<>();
  private final Map<String, List<Att>> injected = new HashMap<>();
  private final Map<String, List<Episode>> episodes = new HashMap<>();
  private final Map<String, List<long[]>> busy = new HashMap<>();
  private final Map<String, List<long[]>> cameraBusy = new HashMap<>();
  final List<Planned> truth = new ArrayList<>();

  World(long seed, List<City.Inst> city) {
    this.seed = seed;
    this.city = city;
  }

  DayPlan plan(City.Inst inst, LocalDate date) {
    return plans
        .computeIfAbsent(inst.institutionId(), k -> new HashMap<>())
        .computeIfAbsent(date, d -> DayPlan.plan(inst, d, seed, Map.of()));
  }

  /** Replaces a day's plan (a child picked up late). */
  void replan(City.Inst inst, LocalDate date, Map<String, Long> latePickups) {
    plans
        .computeIfAbsent(inst.institutionId(), k -> new HashMap<>())
        .put(date, DayPlan.plan(inst, date, seed, latePickups));
    invalidate(inst);
  }

  /** The day's occupancy, incidents included. */
  Timeline timeline(City.Inst inst, LocalDate date) {
    return timelines
        .computeIfAbsent(inst.institutionId(), k -> new HashMap<>())
        .computeIfAbsent(
            date,
            d -> {
              List<Att> all = new ArrayList<>(plan(inst, d).events);
              all.addAll(injected.getOrDefault(inst.institutionId(), List.of()));
              return new Timeline(all, inst);
            });
  }

  /** Planned plus injected attendance of the day. */
  List<Att> attendance(City.Inst inst, LocalDate date) {
    List<Att> all = new ArrayList<>(plan(inst, date).events);
    long from = date.atStartOfDay(DayPlan.ZONE).toInstant().toEpochMilli();
    long to = date.plusDays(1).atStartOfDay(DayPlan.ZONE).toInstant().toEpochMilli();
    for (Att a : injected.getOrDefault(inst.institutionId(), List.of())) {
      if (a.ts() >= from && a.ts() < to) {
        all.add(a);
      }
    }
    return all;
  }

  void inject(City.Inst inst, List<Att> events) {
    injected.computeIfAbsent(inst.institutionId(), k -> new ArrayList<>()).addAll(events);
    invalidate(inst);
  }

  void add(Episode e, City.Inst inst) {
    episodes.computeIfAbsent(inst.institutionId(), k -> new ArrayList<>()).add(e);
  }

  List<Episode> episodes(City.Inst inst) {
    return episodes.getOrDefault(inst.institutionId(), List.of());
  }

  private void invalidate(City.Inst inst) {
    timelines.remove(inst.institutionId());
  }

  boolean free(City.Inst inst, long from, long to) {
    return free(busy.get(inst.institutionId()), from, to);
  }

  void reserve(City.Inst inst, long from, long to) {
    busy.computeIfAbsent(inst.institutionId(), k -> new ArrayList<>()).add(new long[] {from, to});
  }

  boolean cameraFree(City.Inst inst, String cameraId, long from, long to) {
    return free(cameraBusy.get(inst.institutionId() + "/" + cameraId), from, to);
  }

  void reserveCamera(City.Inst inst, String cameraId, long from, long to) {
    cameraBusy
        .computeIfAbsent(inst.institutionId() + "/" + cameraId, k -> new ArrayList<>())
        .add(new long[] {from, to});
  }

  private static boolean free(List<long[]> intervals, long from, long to) {
    if (intervals == null) {
      return true;
    }
    for (long[] i : intervals) {
      if (from < i[1] && i[0] < to) {
        return false;
      }
    }
    return true;
  }

  void expect(GroundTruth.Entry e, long opensAt) {
    truth.add(new Planned(e, false, opensAt));
  }

  void nearMiss(GroundTruth.Entry e) {
    truth.add(new Planned(e, true, Long.MAX_VALUE));
  }

  /** Forgets plans, episodes and reservations that ended before {@code t} (long live runs). */
  void forgetBefore(long t) {
    LocalDate keep = Instant.ofEpochMilli(t).atZone(DayPlan.ZONE).toLocalDate().minusDays(1);
    plans.values().forEach(m -> m.keySet().removeIf(d -> d.isBefore(keep)));
    timelines.values().forEach(m -> m.keySet().removeIf(d -> d.isBefore(keep)));
    injected.values().forEach(l -> l.removeIf(a -> a.ts() < t - 86_400_000L));
    episodes.values().forEach(l -> l.removeIf(e -> e.to() < t - 3_600_000L));
    busy.values().forEach(l -> l.removeIf(i -> i[1] < t));
    cameraBusy.values().forEach(l -> l.removeIf(i -> i[1] < t));
  }
}
