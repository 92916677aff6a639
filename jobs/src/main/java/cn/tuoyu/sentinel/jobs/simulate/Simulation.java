package cn.tuoyu.sentinel.jobs.simulate;

import cn.tuoyu.sentinel.jobs.score.GroundTruth;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.PersonRole;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulated city over time: plans each local day of every institution, injects the day's
 * incidents, and hands out the events of the period in time order, a chunk at a time. The same
 * seed, start and institution count always give the same events and the same ground truth.
 */
final class Simulation {
  /** Events are generated this much simulated time at a time. */
  static final long CHUNK = 60_000;

  /** Incidents per institution and simulated hour with {@code --incidents} (after one of each). */
  static final double INCIDENTS_PER_INSTITUTION_HOUR = 0.2;

  private final World world;
  private final long start;
  private final long end;
  private final boolean incidents;
  private final Emitter emitter;
  private long next;
  private LocalDate plannedDay;
  private final Map<Incidents.Kind, Integer> placed = new EnumMap<>(Incidents.Kind.class);
  private final List<String> unplaced = new ArrayList<>();

  /**
   * @param end the end of the period (exclusive), or {@link Long#MAX_VALUE} to run on
   */
  Simulation(int institutions, long seed, long start, long end, boolean incidents) {
    this.world = new World(seed, City.generate(institutions, seed));
    this.start = start;
    this.end = end;
    this.incidents = incidents;
    this.emitter = new Emitter(seed);
    this.next = start;
  }

  long start() {
    return start;
  }

  long end() {
    return end;
  }

  List<City.Inst> city() {
    return world.city;
  }

  /** The reference records, valid from a minute before the start. */
  List<Institution> reference() {
    return world.city.stream().map(i -> i.toRecord(Instant.ofEpochMilli(start - 60_000))).toList();
  }

  boolean hasNext() {
    return next < end;
  }

  /** The simulated instant up to which events have been handed out. */
  long position() {
    return next;
  }

  /** The events of the next chunk, in time order. */
  List<Emitter.SimEvent> nextChunk() {
    long from = next;
    long to = Math.min(end, from + CHUNK);
    LocalDate day = Instant.ofEpochMilli(from).atZone(DayPlan.ZONE).toLocalDate();
    if (!day.equals(plannedDay)) {
      planDay(day, from);
    }
    long dayEnd = day.plusDays(1).atStartOfDay(DayPlan.ZONE).toInstant().toEpochMilli();
    to = Math.min(to, dayEnd);
    List<Emitter.SimEvent> out = new ArrayList<>();
    if (from == start) {
      catchUp(out);
    }
    for (City.Inst inst : world.city) {
      Timeline tl = world.timeline(inst, day);
      emitter.emit(
          inst,
          world.attendance(inst, day),
          world.episodes(inst),
          (room, t) -> tl.at(room, t).children(),
          from,
          to,
          out);
    }
    out.sort(
        Comparator.comparingLong(Emitter.SimEvent::ts)
            .thenComparing(Emitter.SimEvent::institutionId)
            .thenComparing(Emitter.SimEvent::eventId));
    next = to;
    return out;
  }

  private void planDay(LocalDate day, long from) {
    plannedDay = day;
    world.forgetBefore(from);
    if (!incidents) {
      return;
    }
    long dayEnd = day.plusDays(1).atStartOfDay(DayPlan.ZONE).toInstant().toEpochMilli();
    long to = Math.min(end, dayEnd);
    double hours = (to - from) / 3_600_000.0;
    int total = (int) Math.round(world.city.size() * hours * INCIDENTS_PER_INSTITUTION_HOUR);
    Incidents.Placed p =
        Incidents.inject(world, from, to, total, Rng.of(world.seed, "incidents", day));
    p.counts().forEach((k, n) -> placed.merge(k, n, Integer::sum));
    for (Incidents.Kind k : p.unplaced()) {
      unplaced.add(day + " " + k.name());
    }
  }

  /**
   * Joining a day in progress: everyone present at the start is reported there — staff checking in
   * and entering their rooms first, children a second later.
   */
  private void catchUp(List<Emitter.SimEvent> out) {
    LocalDate day = Instant.ofEpochMilli(start).atZone(DayPlan.ZONE).toLocalDate();
    for (City.Inst inst : world.city) {
      Map<String, Att> last = new LinkedHashMap<>();
      Map<String, String> room = new HashMap<>();
      List<Att> before =
          world.attendance(inst, day).stream()
              .filter(a -> a.ts() < start)
              .sorted(Comparator.comparingLong(Att::ts))
              .toList();
      for (Att a : before) {
        switch (a.action()) {
          case CHECK_IN -> last.put(a.personId(), a);
          case ENTER -> {
            last.put(a.personId(), a);
            room.put(a.personId(), a.roomId());
          }
          case EXIT -> {
            if (a.roomId().equals(room.get(a.personId()))) {
              room.remove(a.personId());
            }
          }
          case CHECK_OUT -> {
            last.remove(a.personId());
            room.remove(a.personId());
          }
        }
      }
      List<Att> present = new ArrayList<>();
      for (boolean children : new boolean[] {false, true}) {
        long t = start + (children ? 1000 : 0);
        for (Att a : last.values()) {
          if ((a.role() == PersonRole.CHILD) != children) {
            continue;
          }
          present.add(Att.checkIn(t, a.personId(), a.role()));
          String r = room.get(a.personId());
          if (r != null) {
            present.add(Att.enter(t, a.personId(), a.role(), r));
          }
        }
      }
      for (Att a : present) {
        out.add(Emitter.attendance(inst.institutionId(), a));
      }
    }
  }

  Map<Incidents.Kind, Integer> placed() {
    return placed;
  }

  List<String> unplaced() {
    return unplaced;
  }

  /**
   * The ground truth of {@code [start, until)}: expected alerts that open before {@code until}
   * (with no end if they end after it) and the near misses begun before it.
   */
  GroundTruth truth(long until) {
    List<GroundTruth.Entry> expected = new ArrayList<>();
    List<GroundTruth.Entry> near = new ArrayList<>();
    for (World.Planned p : world.truth) {
      GroundTruth.Entry e = p.entry();
      if (e.start().toEpochMilli() >= until) {
        continue;
      }
      if (p.nearMiss()) {
        near.add(e);
        continue;
      }
      if (p.opensAt() >= until) {
        continue;
      }
      if (e.end() != null && e.end().toEpochMilli() >= until) {
        e =
            new GroundTruth.Entry(
                e.ruleId(),
                e.institutionId(),
                e.roomId(),
                e.cameraId(),
                e.sensorId(),
                e.personId(),
                e.start(),
                null,
                e.note());
      }
      expected.add(e);
    }
    Comparator<GroundTruth.Entry> order =
        Comparator.comparing(GroundTruth.Entry::start)
            .thenComparing(GroundTruth.Entry::institutionId)
            .thenComparing(GroundTruth.Entry::ruleId);
    expected.sort(order);
    near.sort(order);
    return new GroundTruth(
        world.seed,
        world.city.size(),
        Instant.ofEpochMilli(start),
        Instant.ofEpochMilli(until),
        world.city.stream().map(City.Inst::institutionId).toList(),
        expected,
        near);
  }
}
