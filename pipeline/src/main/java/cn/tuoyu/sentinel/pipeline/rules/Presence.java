package cn.tuoyu.sentinel.pipeline.rules;

import cn.tuoyu.sentinel.schema.PersonRole;
import java.io.Serializable;
import java.util.Objects;

/**
 * Where one person is right now: checked in at an institution and in at most one of its rooms.
 *
 * <p>A Flink POJO (public no-arg constructor, getters and setters for every field) so operators can
 * keep it in keyed state without Kryo. It is the one mutable value of this package; {@link
 * Occupancy} never mutates a presence it has handed out but replaces it, so a presence read from a
 * map stays as it was.
 *
 * <p>Fields:
 *
 * <ul>
 *   <li>{@code personId} — the pseudonym of the attendance events;
 *   <li>{@code role} — as reported by the latest attendance event that changed this presence;
 *   <li>{@code roomId} — the room the person is in, or null when checked in at the gate but in no
 *       room;
 *   <li>{@code checkedIn} — true for everyone {@link Occupancy} tracks (a person who is not in the
 *       institution is absent from the map); rules ignore a presence with false;
 *   <li>{@code sinceMillis} — event time they entered their current room, left their last room, or
 *       checked in, whichever happened last;
 *   <li>{@code checkedInAtMillis} — event time they checked in (or, without a check-in, first
 *       entered a room); unlike {@code sinceMillis} it survives room changes, so rules that measure
 *       a stay in the institution (CHILD_NOT_PICKED_UP) keep a stable start.
 * </ul>
 */
public final class Presence implements Serializable {
  private static final long serialVersionUID = 1L;

  private String personId;
  private PersonRole role;
  private String roomId;
  private boolean checkedIn;
  private long sinceMillis;
  private long checkedInAtMillis;

  /** For Flink's POJO serializer; prefer the full constructors. */
  public Presence() {}

  /** A presence whose check-in time equals {@code sinceMillis}. */
  public Presence(
      String personId, PersonRole role, String roomId, boolean checkedIn, long sinceMillis) {
    this(personId, role, roomId, checkedIn, sinceMillis, sinceMillis);
  }

  public Presence(
      String personId,
      PersonRole role,
      String roomId,
      boolean checkedIn,
      long sinceMillis,
      long checkedInAtMillis) {
    this.personId = personId;
    this.role = role;
    this.roomId = roomId;
    this.checkedIn = checkedIn;
    this.sinceMillis = sinceMillis;
    this.checkedInAtMillis = checkedInAtMillis;
  }

  public String getPersonId() {
    return personId;
  }

  public void setPersonId(String personId) {
    this.personId = personId;
  }

  public PersonRole getRole() {
    return role;
  }

  public void setRole(PersonRole role) {
    this.role = role;
  }

  public String getRoomId() {
    return roomId;
  }

  public void setRoomId(String roomId) {
    this.roomId = roomId;
  }

  public boolean isCheckedIn() {
    return checkedIn;
  }

  public void setCheckedIn(boolean checkedIn) {
    this.checkedIn = checkedIn;
  }

  public long getSinceMillis() {
    return sinceMillis;
  }

  public void setSinceMillis(long sinceMillis) {
    this.sinceMillis = sinceMillis;
  }

  public long getCheckedInAtMillis() {
    return checkedInAtMillis;
  }

  public void setCheckedInAtMillis(long checkedInAtMillis) {
    this.checkedInAtMillis = checkedInAtMillis;
  }

  /** Whether this person is checked in and in {@code room}. */
  public boolean isIn(String room) {
    return checkedIn && room != null && room.equals(roomId);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Presence)) {
      return false;
    }
    Presence p = (Presence) o;
    return checkedIn == p.checkedIn
        && sinceMillis == p.sinceMillis
        && checkedInAtMillis == p.checkedInAtMillis
        && Objects.equals(personId, p.personId)
        && role == p.role
        && Objects.equals(roomId, p.roomId);
  }

  @Override
  public int hashCode() {
    return Objects.hash(personId, role, roomId, checkedIn, sinceMillis, checkedInAtMillis);
  }

  @Override
  public String toString() {
    return "Presence{"
        + personId
        + " "
        + role
        + (roomId == null ? " no room" : " in " + roomId)
        + (checkedIn ? "" : " NOT checked in")
        + " since "
        + sinceMillis
        + ", checked in at "
        + checkedInAtMillis
        + "}";
  }
}
