package cn.tuoyu.sentinel.pipeline.rules;

import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.PersonRole;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who is where in one institution, kept in a caller-owned map from personId to {@link Presence}.
 * The caller (a keyed Flink operator, a test) owns the map and its storage; this class only applies
 * attendance events to it and reads it.
 *
 * <p>Model (design.md): a person absent from the map is not in the institution; a person in the map
 * is checked in and in at most one room. Staff, visitors and guardians are tracked exactly like
 * children; rules decide whom to count.
 *
 * <p>Assumption: events of one institution are applied in event-time order (the caller sorts or
 * buffers until the watermark). Duplicate events are harmless: each transition is idempotent.
 */
public final class Occupancy {
  /**
   * The pseudo room id {@link #apply} reports when the set of people checked in to the institution
   * changed (institution-level rules such as INSTITUTION_OVER_LICENSE must be re-evaluated).
   */
  public static final String INSTITUTION_LEVEL = "";

  private static final Comparator<Presence> BY_PERSON_ID =
      Comparator.comparing(Presence::getPersonId, Comparator.nullsFirst(Comparator.naturalOrder()));

  private Occupancy() {}

  /**
   * Applies one attendance event to {@code people} and reports what changed.
   *
   * <ul>
   *   <li>CHECK_IN: the person is checked in, in no room. Already present: nothing changes (a
   *       repeated gate scan must not pull a child out of their room).
   *   <li>CHECK_OUT: the person is removed, leaving any room. Not present: nothing changes.
   *   <li>ENTER room B: the person is in B, leaving any other room; without a prior CHECK_IN this
   *       implies one. Already in B: nothing changes.
   *   <li>EXIT room A: if the person is in A they are in no room but still checked in; an EXIT of a
   *       room they are not in changes nothing.
   * </ul>
   *
   * <p>The gate actions ignore a {@code roomId} (design.md says it is absent for them); ENTER or
   * EXIT without a {@code roomId} cannot be placed and change nothing. A replaced presence takes
   * the event's role.
   *
   * @return the ids of the rooms whose occupancy changed, plus {@link #INSTITUTION_LEVEL} if the
   *     set of people checked in changed; empty if the event changed nothing. Iteration order is
   *     left room, entered room, institution level.
   */
  public static Set<String> apply(Map<String, Presence> people, AttendanceEvent e) {
    Objects.requireNonNull(people, "people");
    Objects.requireNonNull(e, "event");
    String personId = e.getPersonId();
    long ts = e.getTs().toEpochMilli();
    Presence current = people.get(personId);
    Set<String> changed = new LinkedHashSet<>();
    switch (e.getAction()) {
      case CHECK_IN:
        if (current == null) {
          people.put(personId, new Presence(personId, e.getRole(), null, true, ts, ts));
          changed.add(INSTITUTION_LEVEL);
        }
        break;
      case CHECK_OUT:
        if (current != null) {
          people.remove(personId);
          if (current.getRoomId() != null) {
            changed.add(current.getRoomId());
          }
          changed.add(INSTITUTION_LEVEL);
        }
        break;
      case ENTER:
        {
          String room = e.getRoomId();
          if (room == null || current != null && room.equals(current.getRoomId())) {
            break;
          }
          long checkedInAt = current == null ? ts : current.getCheckedInAtMillis();
          people.put(personId, new Presence(personId, e.getRole(), room, true, ts, checkedInAt));
          if (current == null) {
            changed.add(room);
            changed.add(INSTITUTION_LEVEL);
          } else {
            if (current.getRoomId() != null) {
              changed.add(current.getRoomId());
            }
            changed.add(room);
          }
          break;
        }
      case EXIT:
        {
          String room = e.getRoomId();
          if (current == null || room == null || !room.equals(current.getRoomId())) {
            break;
          }
          people.put(
              personId,
              new Presence(personId, e.getRole(), null, true, ts, current.getCheckedInAtMillis()));
          changed.add(room);
          break;
        }
      default:
        throw new IllegalArgumentException("unknown attendance action " + e.getAction());
    }
    return changed;
  }

  /** The people checked in and in {@code roomId}, ordered by personId. */
  public static List<Presence> inRoom(Map<String, Presence> people, String roomId) {
    List<Presence> in = new ArrayList<>();
    for (Presence p : people.values()) {
      if (p.isIn(roomId)) {
        in.add(p);
      }
    }
    in.sort(BY_PERSON_ID);
    return in;
  }

  /** The ids of the rooms at least one checked-in person is in, sorted. */
  public static SortedSet<String> occupiedRoomIds(Map<String, Presence> people) {
    SortedSet<String> rooms = new TreeSet<>();
    for (Presence p : people.values()) {
      if (p.isCheckedIn() && p.getRoomId() != null) {
        rooms.add(p.getRoomId());
      }
    }
    return rooms;
  }

  /** The people checked in with {@code role}, in a room or not, ordered by personId. */
  public static List<Presence> checkedIn(Map<String, Presence> people, PersonRole role) {
    List<Presence> in = new ArrayList<>();
    for (Presence p : people.values()) {
      if (p.isCheckedIn() && p.getRole() == role) {
        in.add(p);
      }
    }
    in.sort(BY_PERSON_ID);
    return in;
  }

  /** How many people are checked in with {@code role}, in a room or not. */
  public static int countCheckedIn(Map<String, Presence> people, PersonRole role) {
    int n = 0;
    for (Presence p : people.values()) {
      if (p.isCheckedIn() && p.getRole() == role) {
        n++;
      }
    }
    return n;
  }
}
