package cn.tuoyu.sentinel.jobs.simulate;

import cn.tuoyu.sentinel.schema.PersonRole;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Who is where over a planned day, replayed from its attendance events with the monitor's occupancy
 * semantics (entering a room leaves the previous one; a check-out leaves any room). The incident
 * planner asks it where a room is steady — no attendance event in it for a while — and how many
 * children and caregivers are in it then.
 */
final class Timeline {
  /**
   * A room's occupancy: children, certified caregivers (they count for the ratio) and the ids of
   * every caregiver or teacher in it, certified or not, in id order.
   */
  record RoomState(int children, int certified, List<String> caregivers) {
    static final RoomState EMPTY = new RoomState(0, 0, List.of());
  }

  private final Map<String, TreeMap<Long, RoomState>> rooms = new HashMap<>();
  private final Map<String, TreeSet<Long>> roomEvents = new HashMap<>();
  private final TreeMap<Long, Integer> childrenCheckedIn = new TreeMap<>();
  private final TreeSet<Long> gateEvents = new TreeSet<>();
  private final TreeSet<Long> allEvents = new TreeSet<>();

  Timeline(List<Att> events, City.Inst inst) {
    Set<String> certified =
        inst.staff().stream()
            .filter(City.Staff::certified)
            .map(City.Staff::staffId)
            .collect(Collectors.toSet());
    Map<String, String> where = new HashMap<>();
    Map<String, Att> who = new HashMap<>();
    Set<String> checkedIn = new java.util.HashSet<>();
    List<Att> sorted = events.stream().sorted(Comparator.comparingLong(Att::ts)).toList();
    for (Att e : sorted) {
      allEvents.add(e.ts());
      String before = where.get(e.personId());
      switch (e.action()) {
        case CHECK_IN -> {
          gateEvents.add(e.ts());
          checkedIn.add(e.personId());
        }
        case CHECK_OUT -> {
          gateEvents.add(e.ts());
          checkedIn.remove(e.personId());
          where.remove(e.personId());
        }
        case ENTER -> {
          checkedIn.add(e.personId());
          where.put(e.personId(), e.roomId());
        }
        case EXIT -> {
          if (e.roomId().equals(before)) {
            where.remove(e.personId());
          }
        }
      }
      who.put(e.personId(), e);
      String after = where.get(e.personId());
      for (String room : new String[] {before, after}) {
        if (room != null) {
          roomEvents.computeIfAbsent(room, r -> new TreeSet<>()).add(e.ts());
          rooms
              .computeIfAbsent(room, r -> new TreeMap<>())
              .put(e.ts(), state(room, where, who, certified));
        }
      }
      if (e.isChild()) {
        childrenCheckedIn.put(
            e.ts(),
            (int) checkedIn.stream().filter(p -> who.get(p).role() == PersonRole.CHILD).count());
      }
    }
  }

  private static RoomState state(
      String room, Map<String, String> where, Map<String, Att> who, Set<String> certified) {
    int children = 0;
    int cert = 0;
    List<String> any = new java.util.ArrayList<>();
    for (Map.Entry<String, String> e : where.entrySet()) {
      if (!room.equals(e.getValue())) {
        continue;
      }
      PersonRole role = who.get(e.getKey()).role();
      if (role == PersonRole.CHILD) {
        children++;
      } else if (role == PersonRole.CAREGIVER || role == PersonRole.TEACHER) {
        any.add(e.getKey());
        if (certified.contains(e.getKey())) {
          cert++;
        }
      }
    }
    java.util.Collections.sort(any);
    return new RoomState(children, cert, List.copyOf(any));
  }

  /** The room's occupancy after every event at or before {@code t}. */
  RoomState at(String roomId, long t) {
    TreeMap<Long, RoomState> states = rooms.get(roomId);
    if (states == null) {
      return RoomState.EMPTY;
    }
    Map.Entry<Long, RoomState> e = states.floorEntry(t);
    return e == null ? RoomState.EMPTY : e.getValue();
  }

  /** Whether no attendance event touches the room in [from, to]. */
  boolean roomQuiet(String roomId, long from, long to) {
    NavigableSet<Long> times = roomEvents.get(roomId);
    return times == null || times.subSet(from, true, to, true).isEmpty();
  }

  /** Whether no gate event (check-in/out) happens in [from, to]. */
  boolean gateQuiet(long from, long to) {
    return gateEvents.subSet(from, true, to, true).isEmpty();
  }

  /** Whether no attendance event at all happens in [from, to]. */
  boolean quiet(long from, long to) {
    return allEvents.subSet(from, true, to, true).isEmpty();
  }

  /** The last attendance event before {@code t}, or {@link Long#MIN_VALUE}. */
  long lastEventBefore(long t) {
    Long l = allEvents.lower(t);
    return l == null ? Long.MIN_VALUE : l;
  }

  /** Children checked in after every event at or before {@code t}. */
  int childrenCheckedIn(long t) {
    Map.Entry<Long, Integer> e = childrenCheckedIn.floorEntry(t);
    return e == null ? 0 : e.getValue();
  }
}
