package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.HEALTH;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.TEACHER;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.UNCERTIFIED_CAREGIVER;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.UNKNOWN_STAFF;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.subjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import cn.tuoyu.sentinel.pipeline.rules.Fixtures.Scenario;
import cn.tuoyu.sentinel.schema.PersonRole;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoomUnattendedRuleTest {
  private final RoomUnattendedRule rule = new RoomUnattendedRule();

  @Test
  void childrenWithoutCaregiverOrTeacherAreUnattended() {
    List<Observation> found =
        Scenario.in(Fixtures.center())
            .children("R1", 4)
            .person(HEALTH, PersonRole.HEALTH, "R1")
            .person("g-1", PersonRole.GUARDIAN, "R1")
            .observe(rule);

    assertThat(found)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.subject()).isEqualTo(SubjectKey.room(Fixtures.INSTITUTION_ID, "R1"));
              assertThat(o.message()).isEqualTo("托小班 R1：4名幼儿在场，无照护人员");
              assertThat(o.details())
                  .containsExactly(
                      entry("children", 4), entry("caregivers", 0), entry("otherStaff", 1));
            });
  }

  @Test
  void anyCaregiverOrTeacherAttendsCertifiedOrNot() {
    assertThat(
            Scenario.in(Fixtures.center())
                .children("R1", 4)
                .person(UNCERTIFIED_CAREGIVER, PersonRole.CAREGIVER, "R1")
                .observe(rule))
        .isEmpty();
    assertThat(
            Scenario.in(Fixtures.center())
                .children("R1", 4)
                .person(UNKNOWN_STAFF, PersonRole.TEACHER, "R1")
                .observe(rule))
        .isEmpty();
  }

  @Test
  void aCaregiverInAnotherRoomDoesNotAttend() {
    List<Observation> found =
        Scenario.in(Fixtures.center())
            .children("R1", 1)
            .children("R2", 1)
            .person(TEACHER, PersonRole.TEACHER, "R2")
            .observe(rule);

    assertThat(subjects(found)).containsExactly("320402-0007/room/R1");
  }

  @Test
  void roomsWithoutChildrenAndChildrenAtTheGateAreFine() {
    assertThat(
            Scenario.in(Fixtures.center())
                .person(HEALTH, PersonRole.HEALTH, "R1")
                .childrenAtGate(3)
                .observe(rule))
        .isEmpty();
  }

  @Test
  void roomsMissingFromTheReferenceDataAreCovered() {
    assertThat(Scenario.in(Fixtures.center()).children("R9", 2).observe(rule))
        .singleElement()
        .satisfies(o -> assertThat(o.message()).isEqualTo("房间 R9：2名幼儿在场，无照护人员"));
  }

  @Test
  void disabledReportsNothing() {
    Scenario scenario = Scenario.in(Fixtures.center()).children("R1", 4);

    assertThat(
            rule.observe(scenario.snapshot(), RuleCatalog.defaults(rule.id()).withEnabled(false)))
        .isEmpty();
  }
}
