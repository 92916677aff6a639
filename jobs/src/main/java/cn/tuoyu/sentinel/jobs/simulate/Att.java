package cn.tuoyu.sentinel.jobs.simulate;

import cn.tuoyu.sentinel.schema.AttendanceAction;
import cn.tuoyu.sentinel.schema.PersonRole;

/**
 * One planned attendance event (epoch millis); {@code roomId} is null for the gate actions.
 *
 * @param ts event time
 * @param personId pseudonym or staff id
 * @param role the person's role
 * @param action CHECK_IN, CHECK_OUT, ENTER or EXIT
 * @param roomId the room, or null at the gate
 */
record Att(long ts, String personId, PersonRole role, AttendanceAction action, String roomId) {
  static Att checkIn(long ts, String person, PersonRole role) {
    return new Att(ts, person, role, AttendanceAction.CHECK_IN, null);
  }

  static Att checkOut(long ts, String person, PersonRole role) {
    return new Att(ts, person, role, AttendanceAction.CHECK_OUT, null);
  }

  static Att enter(long ts, String person, PersonRole role, String room) {
    return new Att(ts, person, role, AttendanceAction.ENTER, room);
  }

  static Att exit(long ts, String person, PersonRole role, String room) {
    return new Att(ts, person, role, AttendanceAction.EXIT, room);
  }

  boolean isChild() {
    return role == PersonRole.CHILD;
  }

  boolean atGate() {
    return action == AttendanceAction.CHECK_IN || action == AttendanceAction.CHECK_OUT;
  }
}
