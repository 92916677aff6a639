package cn.tuoyu.sentinel.jobs.simulate;

import cn.tuoyu.sentinel.schema.InstitutionKind;
import cn.tuoyu.sentinel.schema.PersonRole;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One institution's ordinary day, as attendance events: staff arrive before opening and go to their
 * classes; children arrive between opening and 09:00; classes take turns in the activity room
 * (09:15–09:55, 11:00–11:40, 15:00–15:40) and go outdoors mid-morning; during the nap (12:00–14:30)
 * a caregiver the ratio can spare takes an hour's lunch break; pick-ups fill the last part of the
 * day (90 min before closing in centres, 60 in family points, 30 in kindergarten classes) and end 5
 * min before closing; caregivers leave their room a few minutes after its last child.
 *
 * <p>Every move keeps within the rules: caregivers enter a room before its children and leave it
 * after them, and a class moving between rooms takes well under a minute, far inside every hold.
 * Deterministic for (seed, institution, date); {@code latePickups} moves chosen children's pick-up
 * (the CHILD_NOT_PICKED_UP incident: when the child leaves the room) and what follows from it (the
 * child's check-out, the caregivers' leaving), nothing else.
 */
final class DayPlan {
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  final City.Inst inst;
  final LocalDate date;
  final List<Att> events;

  /** Children present today, by room, in arrival order. */
  final Map<String, List<String>> presentByRoom;

  /** Each present child's check-out at the gate after pick-up. */
  final Map<String, Long> checkOuts;

  private DayPlan(
      City.Inst inst,
      LocalDate date,
      List<Att> events,
      Map<String, List<String>> presentByRoom,
      Map<String, Long> checkOuts) {
    this.inst = inst;
    this.date = date;
    this.events = events;
    this.presentByRoom = presentByRoom;
    this.checkOuts = checkOuts;
  }

  long at(LocalTime t) {
    return date.atTime(t).atZone(ZONE).toInstant().toEpochMilli();
  }

  long openAt() {
    return at(inst.open());
  }

  long closeAt() {
    return at(inst.close());
  }

  /** The earliest pick-up of the day. */
  long pickupStart() {
    int minutes =
        switch (inst.kind()) {
          case KINDERGARTEN_CLASS -> 30;
          case FAMILY -> 60;
          default -> 90;
        };
    return closeAt() - minutes * 60_000L;
  }

  static DayPlan plan(City.Inst inst, LocalDate date, long seed, Map<String, Long> latePickups) {
    return new Builder(inst, date, seed, latePickups).build();
  }

  private static final class Builder {
    final City.Inst inst;
    final LocalDate date;
    final long seed;
    final Map<String, Long> latePickups;
    final List<Att> out = new ArrayList<>();
    DayPlan shell;

    Builder(City.Inst inst, LocalDate date, long seed, Map<String, Long> latePickups) {
      this.inst = inst;
      this.date = date;
      this.seed = seed;
      this.latePickups = latePickups;
    }

    DayPlan build() {
      shell = new DayPlan(inst, date, out, new LinkedHashMap<>(), new HashMap<>());
      long open = shell.openAt();
      long close = shell.closeAt();
      Rng rng = Rng.of(seed, "day", inst.institutionId(), date);
      // Staff: in before opening; class staff go to their room.
      Map<String, Long> staffOut = new HashMap<>();
      for (City.Staff s : inst.staff()) {
        long in = open - rng.between(5 * 60, 20 * 60) * 1000L;
        out.add(Att.checkIn(in, s.staffId(), s.role()));
        if (s.roomId() != null) {
          out.add(Att.enter(in + rng.between(60, 180) * 1000L, s.staffId(), s.role(), s.roomId()));
        } else {
          staffOut.put(s.staffId(), close + rng.between(5 * 60, 25 * 60) * 1000L);
        }
      }
      // Children: who comes today, when they arrive.
      long arrivalsEnd = Math.max(shell.at(LocalTime.of(9, 0)), open + 30 * 60_000L);
      for (City.SimRoom room : inst.classRooms()) {
        List<long[]> arrivals = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (City.Child c : inst.childrenOf(room.roomId())) {
          if (!Rng.of(seed, "presence", inst.institutionId(), date, c.personId()).chance(0.92)) {
            continue;
          }
          long in = rng.between(open / 1000, arrivalsEnd / 1000) * 1000L;
          arrivals.add(new long[] {in, ids.size()});
          ids.add(c.personId());
        }
        arrivals.sort(Comparator.comparingLong(a -> a[0]));
        List<String> ordered = new ArrayList<>();
        for (long[] a : arrivals) {
          String child = ids.get((int) a[1]);
          ordered.add(child);
          out.add(Att.checkIn(a[0], child, PersonRole.CHILD));
          out.add(
              Att.enter(
                  a[0] + rng.between(30, 120) * 1000L, child, PersonRole.CHILD, room.roomId()));
        }
        shell.presentByRoom.put(room.roomId(), ordered);
      }
      activities(rng);
      naps(rng);
      pickups(rng, close, staffOut);
      for (Map.Entry<String, Long> e : staffOut.entrySet()) {
        out.add(Att.checkOut(e.getValue(), e.getKey(), roleOf(e.getKey())));
      }
      out.sort(Comparator.comparingLong(Att::ts));
      return shell;
    }

    private PersonRole roleOf(String staffId) {
      return inst.staff().stream()
          .filter(s -> s.staffId().equals(staffId))
          .findFirst()
          .orElseThrow()
          .role();
    }

    /** Activity-room turns and outdoor time. */
    private void activities(Rng rng) {
      City.SimRoom activity =
          inst.rooms().stream().filter(City.SimRoom::activity).findFirst().orElse(null);
      List<LocalTime> slots = new ArrayList<>(List.of(LocalTime.of(9, 15), LocalTime.of(11, 0)));
      if (shell.pickupStart() >= shell.at(LocalTime.of(15, 50))) {
        slots.add(LocalTime.of(15, 0));
      }
      List<City.SimRoom> classes = new ArrayList<>(inst.classRooms());
      for (int i = classes.size() - 1; i > 0; i--) {
        java.util.Collections.swap(classes, i, rng.nextInt(i + 1));
      }
      for (City.SimRoom room : classes) {
        List<String> children = shell.presentByRoom.get(room.roomId());
        List<City.Staff> staff = inst.caregiversOf(room.roomId());
        if (children.isEmpty()) {
          continue;
        }
        if (activity != null
            && !slots.isEmpty()
            && children.size() <= activity.limit()
            && children.size() <= activity.ratio() * staff.size()) {
          long t = shell.at(slots.remove(0)) + rng.between(0, 5 * 60) * 1000L;
          long back = t + rng.between(25 * 60, 35 * 60) * 1000L;
          move(t, room.roomId(), activity.roomId(), children, staff);
          move(back, activity.roomId(), room.roomId(), children, staff);
        } else if (room.classType() != cn.tuoyu.sentinel.schema.ClassType.INFANT_6_12
            && inst.kind() != InstitutionKind.FAMILY
            && rng.chance(0.6)) {
          long t = shell.at(LocalTime.of(10, 0)) + rng.between(0, 10 * 60) * 1000L;
          long back = t + rng.between(30 * 60, 40 * 60) * 1000L;
          outdoors(t, back, room.roomId(), children, staff);
        }
      }
    }

    /**
     * Nap time: the children sleep in their room; a caregiver the ratio can spare takes a lunch
     * break of about an hour.
     */
    private void naps(Rng rng) {
      for (City.SimRoom room : inst.classRooms()) {
        int children = shell.presentByRoom.get(room.roomId()).size();
        List<City.Staff> staff = inst.caregiversOf(room.roomId());
        int needed = (children + room.ratio() - 1) / room.ratio();
        if (children == 0 || staff.size() <= Math.max(1, needed)) {
          continue;
        }
        City.Staff spare = staff.get(staff.size() - 1);
        long leave = shell.at(LocalTime.of(12, 10)) + rng.between(0, 15 * 60) * 1000L;
        long back = shell.at(LocalTime.of(13, 10)) + rng.between(0, 15 * 60) * 1000L;
        out.add(Att.exit(leave, spare.staffId(), spare.role(), room.roomId()));
        out.add(Att.enter(back, spare.staffId(), spare.role(), room.roomId()));
      }
    }

    /** The whole class moves: one caregiver first, the children, then the others. */
    private void move(
        long t, String from, String to, List<String> children, List<City.Staff> staff) {
      out.add(Att.enter(t, staff.get(0).staffId(), staff.get(0).role(), to));
      long s = t + 3_000;
      for (String c : children) {
        out.add(Att.enter(s, c, PersonRole.CHILD, to));
        s += 2_000;
      }
      s += 1_000;
      for (City.Staff st : staff.subList(1, staff.size())) {
        out.add(Att.enter(s, st.staffId(), st.role(), to));
        s += 2_000;
      }
    }

    /** Out to the yard (no room): children first, caregivers after; back the other way round. */
    private void outdoors(
        long t, long back, String room, List<String> children, List<City.Staff> staff) {
      long s = t;
      for (String c : children) {
        out.add(Att.exit(s, c, PersonRole.CHILD, room));
        s += 2_000;
      }
      s += 1_000;
      for (City.Staff st : staff) {
        out.add(Att.exit(s, st.staffId(), st.role(), room));
        s += 2_000;
      }
      s = back;
      for (City.Staff st : staff) {
        out.add(Att.enter(s, st.staffId(), st.role(), room));
        s += 2_000;
      }
      s += 1_000;
      for (String c : children) {
        out.add(Att.enter(s, c, PersonRole.CHILD, room));
        s += 2_000;
      }
    }

    /** Pick-ups; caregivers leave a few minutes after their room's last child. */
    private void pickups(Rng rng, long close, Map<String, Long> staffOut) {
      long from = shell.pickupStart();
      long to = close - 5 * 60_000L;
      for (City.SimRoom room : inst.classRooms()) {
        long last = from;
        for (String child : shell.presentByRoom.get(room.roomId())) {
          long exit = rng.between(from / 1000, to / 1000) * 1000L;
          Long late = latePickups.get(child);
          if (late != null) {
            exit = late;
          }
          long gate = exit + rng.between(60, 180) * 1000L;
          out.add(Att.exit(exit, child, PersonRole.CHILD, room.roomId()));
          out.add(Att.checkOut(gate, child, PersonRole.CHILD));
          shell.checkOuts.put(child, gate);
          last = Math.max(last, exit);
        }
        long leave = last + rng.between(2 * 60, 8 * 60) * 1000L;
        for (City.Staff st : inst.caregiversOf(room.roomId())) {
          out.add(Att.exit(leave, st.staffId(), st.role(), room.roomId()));
          staffOut.put(st.staffId(), Math.max(close, leave) + rng.between(60, 15 * 60) * 1000L);
          leave += 2_000;
        }
      }
    }
  }
}
