package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.local;
import static cn.tuoyu.sentinel.schema.AttendanceAction.CHECK_IN;
import static cn.tuoyu.sentinel.schema.AttendanceAction.CHECK_OUT;
import static cn.tuoyu.sentinel.schema.AttendanceAction.ENTER;
import static cn.tuoyu.sentinel.schema.AttendanceAction.EXIT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.schema.AttendanceAction;
import cn.tuoyu.sentinel.schema.PersonRole;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OccupancyTest {
  private static final Instant T0 = local("2026-11-23T07:40");
  private static final Instant T1 = local("2026-11-23T07:45");
  private static final Instant T2 = local("2026-11-23T09:30");
  private static final Instant T3 = local("2026-11-23T11:00");

  private final Map<String, Presence> people = new HashMap<>();

  private Set<String> child(AttendanceAction action, String roomId, Instant ts) {
    return Occupancy.apply(people, Fixtures.event("c-1", PersonRole.CHILD, action, roomId, ts));
  }

  @Test
  void checkInAtTheGatePutsTheChildInNoRoom() {
    assertThat(child(CHECK_IN, null, T0)).containsExactly(Occupancy.INSTITUTION_LEVEL);
    assertThat(people)
        .containsOnly(
            Map.entry(
                "c-1",
                new Presence(
                    "c-1", PersonRole.CHILD, null, true, T0.toEpochMilli(), T0.toEpochMilli())));
  }

  @Test
  void enterAfterCheckInChangesOnlyTheRoomAndKeepsTheCheckInTime() {
    child(CHECK_IN, null, T0);

    assertThat(child(ENTER, "R1", T1)).containsExactly("R1");
    Presence p = people.get("c-1");
    assertThat(p.getRoomId()).isEqualTo("R1");
    assertThat(p.getSinceMillis()).isEqualTo(T1.toEpochMilli());
    assertThat(p.getCheckedInAtMillis()).isEqualTo(T0.toEpochMilli());
  }

  @Test
  void enteringAnotherRoomMovesThePersonOutOfTheFirst() {
    child(CHECK_IN, null, T0);
    child(ENTER, "R1", T1);

    assertThat(child(ENTER, "R2", T2)).containsExactly("R1", "R2");
    assertThat(Occupancy.inRoom(people, "R1")).isEmpty();
    assertThat(Occupancy.inRoom(people, "R2"))
        .extracting(Presence::getPersonId)
        .containsExactly("c-1");
    assertThat(people.get("c-1").getSinceMillis()).isEqualTo(T2.toEpochMilli());
    assertThat(people.get("c-1").getCheckedInAtMillis()).isEqualTo(T0.toEpochMilli());
  }

  @Test
  void enteringTheSameRoomAgainChangesNothing() {
    child(ENTER, "R1", T1);
    Presence before = people.get("c-1");

    assertThat(child(ENTER, "R1", T2)).isEmpty();
    assertThat(people.get("c-1")).isEqualTo(before);
  }

  @Test
  void exitLeavesTheRoomButNotTheInstitution() {
    child(CHECK_IN, null, T0);
    child(ENTER, "R1", T1);

    assertThat(child(EXIT, "R1", T2)).containsExactly("R1");
    Presence p = people.get("c-1");
    assertThat(p.getRoomId()).isNull();
    assertThat(p.isCheckedIn()).isTrue();
    assertThat(p.getSinceMillis()).isEqualTo(T2.toEpochMilli());
    assertThat(p.getCheckedInAtMillis()).isEqualTo(T0.toEpochMilli());
  }

  @Test
  void exitOfARoomThePersonIsNotInChangesNothing() {
    child(ENTER, "R1", T1);
    Presence before = people.get("c-1");

    assertThat(child(EXIT, "R2", T2)).isEmpty();
    assertThat(people).containsOnly(Map.entry("c-1", before));
    assertThat(Occupancy.apply(people, Fixtures.event("c-2", PersonRole.CHILD, EXIT, "R1", T2)))
        .isEmpty();
    assertThat(people).containsOnlyKeys("c-1");
  }

  @Test
  void checkOutFromARoomLeavesTheRoomAndTheInstitution() {
    child(CHECK_IN, null, T0);
    child(ENTER, "R1", T1);

    assertThat(child(CHECK_OUT, null, T3)).containsExactly("R1", Occupancy.INSTITUTION_LEVEL);
    assertThat(people).isEmpty();
  }

  @Test
  void checkOutAtTheGateOrOfSomeoneAbsent() {
    child(CHECK_IN, null, T0);

    assertThat(child(CHECK_OUT, null, T3)).containsExactly(Occupancy.INSTITUTION_LEVEL);
    assertThat(child(CHECK_OUT, null, T3)).isEmpty();
    assertThat(people).isEmpty();
  }

  @Test
  void enterWithoutCheckInImpliesCheckIn() {
    assertThat(child(ENTER, "R1", T1)).containsExactly("R1", Occupancy.INSTITUTION_LEVEL);
    Presence p = people.get("c-1");
    assertThat(p.isCheckedIn()).isTrue();
    assertThat(p.getRoomId()).isEqualTo("R1");
    assertThat(p.getCheckedInAtMillis()).isEqualTo(T1.toEpochMilli());
  }

  @Test
  void repeatedCheckInChangesNothingEvenInARoom() {
    child(CHECK_IN, null, T0);
    child(ENTER, "R1", T1);
    Presence before = people.get("c-1");

    assertThat(child(CHECK_IN, null, T2)).isEmpty();
    assertThat(people.get("c-1")).isEqualTo(before);
  }

  @Test
  void roomMovesWithoutARoomIdCannotBePlaced() {
    child(CHECK_IN, null, T0);

    assertThat(child(ENTER, null, T1)).isEmpty();
    assertThat(child(EXIT, null, T1)).isEmpty();
    assertThat(people.get("c-1").getRoomId()).isNull();
  }

  @Test
  void presencesHandedOutAreReplacedNotMutated() {
    child(ENTER, "R1", T1);
    Presence inR1 = people.get("c-1");

    child(ENTER, "R2", T2);

    assertThat(inR1.getRoomId()).isEqualTo("R1");
    assertThat(people.get("c-1")).isNotSameAs(inR1);
  }

  @Test
  void staffAndVisitorsAreTrackedTheSameWay() {
    Occupancy.apply(people, Fixtures.event("s-01", PersonRole.CAREGIVER, ENTER, "R1", T1));
    Occupancy.apply(people, Fixtures.event("v-1", PersonRole.VISITOR, CHECK_IN, null, T1));
    Occupancy.apply(people, Fixtures.event("v-1", PersonRole.VISITOR, ENTER, "R2", T2));
    child(ENTER, "R1", T1);

    assertThat(Occupancy.inRoom(people, "R1"))
        .extracting(Presence::getPersonId)
        .containsExactly("c-1", "s-01");
    assertThat(Occupancy.occupiedRoomIds(people)).containsExactly("R1", "R2");
    assertThat(Occupancy.checkedIn(people, PersonRole.VISITOR))
        .extracting(Presence::getRoomId)
        .containsExactly("R2");
    assertThat(Occupancy.countCheckedIn(people, PersonRole.CHILD)).isEqualTo(1);
  }

  @Test
  void presencesNotCheckedInAreInNoRoom() {
    people.put("c-9", new Presence("c-9", PersonRole.CHILD, "R1", false, 0L));

    assertThat(Occupancy.inRoom(people, "R1")).isEmpty();
    assertThat(Occupancy.occupiedRoomIds(people)).isEmpty();
    assertThat(Occupancy.countCheckedIn(people, PersonRole.CHILD)).isZero();
  }
}
