package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tuoyu.sentinel.schema.ClassType;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.PersonRole;
import cn.tuoyu.sentinel.schema.Room;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstitutionSnapshotTest {
  private static InstitutionSnapshot at(Instant at) {
    return new InstitutionSnapshot(Fixtures.center().build(), Map.of(), at);
  }

  @Test
  void certificationComesFromTheStaffList() {
    InstitutionSnapshot s = at(Fixtures.MORNING);

    assertThat(s.isCertifiedCaregiver(Fixtures.CAREGIVER)).isTrue();
    assertThat(s.isCertifiedCaregiver(Fixtures.TEACHER)).isTrue();
    assertThat(s.isCertifiedCaregiver(Fixtures.UNCERTIFIED_CAREGIVER)).isFalse();
    assertThat(s.isCertifiedCaregiver(Fixtures.HEALTH)).isFalse();
    assertThat(s.isCertifiedCaregiver(Fixtures.UNKNOWN_STAFF)).isFalse();
    assertThat(s.isCertified(Fixtures.HEALTH)).isTrue();
    assertThat(s.isCertified(Fixtures.UNCERTIFIED_OTHER)).isFalse();
    assertThat(s.isCertified(Fixtures.UNKNOWN_STAFF)).isFalse();
    assertThat(s.isCertified(null)).isFalse();
    assertThat(s.staffMember(Fixtures.TEACHER).map(m -> m.getRole())).contains(PersonRole.TEACHER);
  }

  @Test
  void roomsById() {
    InstitutionSnapshot s = at(Fixtures.MORNING);

    assertThat(s.roomsById()).containsOnlyKeys("R1", "R2", "R3", "R4", "R5");
    assertThat(s.room("R2").map(Room::getClassType)).contains(ClassType.INFANT_6_12);
    assertThat(s.room("R9")).isEmpty();
  }

  @Test
  void openingAndClosingOnTheLocalDayOfAt() {
    // 2026-11-23 23:30 UTC is already 2026-11-24 in Shanghai.
    InstitutionSnapshot lateUtc = at(Instant.parse("2026-11-23T23:30:00Z"));

    assertThat(lateUtc.localDate()).isEqualTo(LocalDate.of(2026, 11, 24));
    assertThat(lateUtc.openingAt()).isEqualTo(Instant.parse("2026-11-23T23:30:00Z"));
    assertThat(lateUtc.closingAt()).isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
  }

  @Test
  void nextClosingIsStrictlyAfter() {
    InstitutionSnapshot s = at(Fixtures.MORNING);
    Instant close = local("2026-11-23T18:00");

    assertThat(s.nextClosingAfter(close.minusMillis(1))).isEqualTo(close);
    assertThat(s.nextClosingAfter(close)).isEqualTo(local("2026-11-24T18:00"));
  }

  @Test
  void peopleAreCopiedAndReadOnly() {
    Map<String, Presence> people = new HashMap<>();
    people.put("c-1", new Presence("c-1", PersonRole.CHILD, "R1", true, 0L));
    InstitutionSnapshot s =
        new InstitutionSnapshot(Fixtures.center().build(), people, Fixtures.MORNING);
    people.remove("c-1");

    assertThat(s.people()).containsOnlyKeys("c-1");
    assertThat(s.inRoom("R1")).hasSize(1);
    assertThat(s.occupiedRoomIds()).containsExactly("R1");
    assertThatThrownBy(() -> s.people().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void malformedOpeningHoursSayWhatIsWrong() {
    Institution broken = Fixtures.center().setCloseTime("6pm").build();
    InstitutionSnapshot s = new InstitutionSnapshot(broken, Map.of(), Fixtures.MORNING);

    assertThatThrownBy(s::closingAt)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("320402-0007")
        .hasMessageContaining("closeTime 6pm");
  }
}
