package cn.tuoyu.sentinel.pipeline.rules;

import cn.tuoyu.sentinel.schema.PersonRole;
import cn.tuoyu.sentinel.schema.Room;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is in one room, counted the way the occupancy rules need it (rules.md "Precise meanings").
 *
 * <p>Roles come from the attendance events (who came in as what); certification comes from the
 * institution's staff list. A caregiver counts for the ratio only if both agree: the event says
 * CAREGIVER or TEACHER and the staff list has them as a certified CAREGIVER or TEACHER.
 *
 * @param roomId the room
 * @param room its reference data, or null if the institution does not list it
 * @param children people with role CHILD
 * @param caregivers CAREGIVER or TEACHER, certified or not (ROOM_UNATTENDED)
 * @param certifiedCaregivers those of {@code caregivers} certified as CAREGIVER or TEACHER in the
 *     staff list (RATIO_BELOW_STANDARD)
 * @param otherStaff HEALTH and OTHER_STAFF present
 * @param uncertifiedStaffIds staff roles listed in the staff list with {@code certified = false},
 *     sorted
 * @param unknownStaffIds staff roles absent from the staff list, sorted
 */
public record RoomHeadcount(
    String roomId,
    Room room,
    int children,
    int caregivers,
    int certifiedCaregivers,
    int otherStaff,
    List<String> uncertifiedStaffIds,
    List<String> unknownStaffIds) {

  public RoomHeadcount {
    uncertifiedStaffIds = List.copyOf(uncertifiedStaffIds);
    unknownStaffIds = List.copyOf(unknownStaffIds);
  }

  /** Counts the people of {@code s} in {@code roomId}. */
  public static RoomHeadcount of(InstitutionSnapshot s, String roomId) {
    int children = 0;
    int caregivers = 0;
    int certifiedCaregivers = 0;
    int otherStaff = 0;
    List<String> uncertified = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (Presence p : s.inRoom(roomId)) { // ordered by personId, so the id lists are sorted
      PersonRole role = p.getRole();
      if (role == PersonRole.CHILD) {
        children++;
        continue;
      }
      if (!InstitutionSnapshot.isStaffRole(role)) {
        continue; // visitors and guardians neither look after children nor need a certificate
      }
      if (InstitutionSnapshot.isCaregiverRole(role)) {
        caregivers++;
        if (s.isCertifiedCaregiver(p.getPersonId())) {
          certifiedCaregivers++;
        }
      } else {
        otherStaff++;
      }
      if (s.staffMember(p.getPersonId()).isEmpty()) {
        unknown.add(p.getPersonId());
      } else if (!s.isCertified(p.getPersonId())) {
        uncertified.add(p.getPersonId());
      }
    }
    return new RoomHeadcount(
        roomId,
        s.room(roomId).orElse(null),
        children,
        caregivers,
        certifiedCaregivers,
        otherStaff,
        uncertified,
        unknown);
  }

  /** "托小班 R1", or "房间 R9" for a room the institution does not list. */
  public String label() {
    return ClassTypes.roomLabel(room, roomId);
  }

  /** Staff on duty without a certificate: uncertified and unknown ids together, sorted. */
  public List<String> staffWithoutCertificate() {
    List<String> all = new ArrayList<>(uncertifiedStaffIds);
    all.addAll(unknownStaffIds);
    all.sort(null);
    return List.copyOf(all);
  }
}
