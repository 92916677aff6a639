package cn.tuoyu.sentinel.pipeline.rules;

import cn.tuoyu.sentinel.schema.AttendanceAction;
import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.ClassType;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.InstitutionKind;
import cn.tuoyu.sentinel.schema.PersonRole;
import cn.tuoyu.sentinel.schema.Room;
import cn.tuoyu.sentinel.schema.StaffMember;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reference data and occupancy scenarios shared by the rule tests: design.md's institution
 * 320402-0007 with one room of each class type and a staff list covering every certification case.
 */
final class Fixtures {
  static final String INSTITUTION_ID = "320402-0007";

  /** A Monday morning in Changzhou, well within opening hours (07:30–18:00). */
  static final Instant MORNING = local("2026-11-23T10:00");

  /** Certified caregiver. */
  static final String CAREGIVER = "s-01";

  /** Certified teacher (counts as a caregiver). */
  static final String TEACHER = "s-02";

  /** Listed as a caregiver, not certified. */
  static final String UNCERTIFIED_CAREGIVER = "s-03";

  /** Certified health worker (staff, not a caregiver). */
  static final String HEALTH = "s-04";

  /** Listed as other staff, not certified. */
  static final String UNCERTIFIED_OTHER = "s-05";

  /**
   * Certified, but listed as HEALTH: does not count for ratios even if it comes in as CAREGIVER.
   */
  static final String CERTIFIED_HEALTH_AS_CAREGIVER = "s-06";

  /** Not in the staff list at all. */
  static final String UNKNOWN_STAFF = "s-99";

  private Fixtures() {}

  static Instant local(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(InstitutionSnapshot.ZONE).toInstant();
  }

  static Room room(String roomId, ClassType classType, int capacity) {
    return Room.newBuilder()
        .setRoomId(roomId)
        .setClassType(classType)
        .setCapacity(capacity)
        .setCameraIds(List.of("C-" + roomId))
        .build();
  }

  static StaffMember staff(String staffId, PersonRole role, boolean certified) {
    return StaffMember.newBuilder()
        .setStaffId(staffId)
        .setRole(role)
        .setCertified(certified)
        .build();
  }

  /** R1 托小班 (15), R2 乳儿班 (10), R3 托大班 (20), R4 混合班 (18), R5 托小班 licensed for 12. */
  static Institution.Builder center() {
    return Institution.newBuilder()
        .setTs(local("2026-11-23T06:00"))
        .setInstitutionId(INSTITUTION_ID)
        .setName("天宁区小星星托育园")
        .setRegionCode("320402")
        .setKind(InstitutionKind.CENTER)
        .setLicensedPlaces(60)
        .setOpenTime("07:30")
        .setCloseTime("18:00")
        .setRooms(
            List.of(
                room("R1", ClassType.TODDLER_12_24, 15),
                room("R2", ClassType.INFANT_6_12, 10),
                room("R3", ClassType.TODDLER_24_36, 20),
                room("R4", ClassType.MIXED_18_36, 18),
                room("R5", ClassType.TODDLER_12_24, 12)))
        .setStaff(
            List.of(
                staff(CAREGIVER, PersonRole.CAREGIVER, true),
                staff(TEACHER, PersonRole.TEACHER, true),
                staff(UNCERTIFIED_CAREGIVER, PersonRole.CAREGIVER, false),
                staff(HEALTH, PersonRole.HEALTH, true),
                staff(UNCERTIFIED_OTHER, PersonRole.OTHER_STAFF, false),
                staff(CERTIFIED_HEALTH_AS_CAREGIVER, PersonRole.HEALTH, true),
                staff("s-07", PersonRole.CAREGIVER, true),
                staff("s-08", PersonRole.CAREGIVER, true)));
  }

  /** A 家庭托育点 with one 托大班 room licensed for 8 and one certified caregiver. */
  static Institution.Builder family() {
    return center()
        .setInstitutionId("320402-0100")
        .setName("天宁区小苹果家庭托育点")
        .setKind(InstitutionKind.FAMILY)
        .setLicensedPlaces(5)
        .setRooms(List.of(room("F1", ClassType.TODDLER_24_36, 8)));
  }

  static AttendanceEvent event(
      String personId, PersonRole role, AttendanceAction action, String roomId, Instant ts) {
    return AttendanceEvent.newBuilder()
        .setEventId(personId + "-" + action + "-" + ts.toEpochMilli())
        .setTs(ts)
        .setInstitutionId(INSTITUTION_ID)
        .setRoomId(roomId)
        .setPersonId(personId)
        .setRole(role)
        .setAction(action)
        .build();
  }

  /** Builds who is where, then a snapshot. */
  static final class Scenario {
    private final Institution institution;
    private final Map<String, Presence> people = new LinkedHashMap<>();
    private Instant at = MORNING;

    Scenario(Institution institution) {
      this.institution = institution;
    }

    static Scenario in(Institution.Builder institution) {
      return new Scenario(institution.build());
    }

    /** {@code n} children c-ROOM-1 … c-ROOM-n in {@code roomId}, checked in at 08:00. */
    Scenario children(String roomId, int n) {
      for (int i = 1; i <= n; i++) {
        person("c-" + roomId + "-" + i, PersonRole.CHILD, roomId);
      }
      return this;
    }

    /** {@code n} children checked in at 08:00 but in no room. */
    Scenario childrenAtGate(int n) {
      for (int i = 1; i <= n; i++) {
        person("c-gate-" + i, PersonRole.CHILD, null);
      }
      return this;
    }

    Scenario person(String personId, PersonRole role, String roomId) {
      long checkIn = local("2026-11-23T08:00").toEpochMilli();
      people.put(personId, new Presence(personId, role, roomId, true, checkIn, checkIn));
      return this;
    }

    Scenario presence(Presence p) {
      people.put(p.getPersonId(), p);
      return this;
    }

    Scenario at(Instant at) {
      this.at = at;
      return this;
    }

    InstitutionSnapshot snapshot() {
      return new InstitutionSnapshot(institution, people, at);
    }

    List<Observation> observe(InstitutionRule rule) {
      return rule.observe(snapshot(), RuleCatalog.defaults(rule.id()));
    }
  }

  static List<String> subjects(List<Observation> observations) {
    List<String> subjects = new ArrayList<>();
    for (Observation o : observations) {
      subjects.add(o.subject().asString());
    }
    return subjects;
  }
}
