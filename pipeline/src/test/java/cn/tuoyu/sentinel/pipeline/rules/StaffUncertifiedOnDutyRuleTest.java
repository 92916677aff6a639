package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.CAREGIVER;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.CERTIFIED_HEALTH_AS_CAREGIVER;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.HEALTH;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.TEACHER;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.UNCERTIFIED_CAREGIVER;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.UNCERTIFIED_OTHER;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.UNKNOWN_STAFF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import cn.tuoyu.sentinel.pipeline.rules.Fixtures.Scenario;
import cn.tuoyu.sentinel.schema.PersonRole;
import org.junit.jupiter.api.Test;

class StaffUncertifiedOnDutyRuleTest {
  private final StaffUncertifiedOnDutyRule rule = new StaffUncertifiedOnDutyRule();

  @Test
  void certifiedStaffOfAnyRoleAreFine() {
    Scenario scenario =
        Scenario.in(Fixtures.center())
            .children("R1", 3)
            .person(CAREGIVER, PersonRole.CAREGIVER, "R1")
            .person(TEACHER, PersonRole.TEACHER, "R1")
            .person(HEALTH, PersonRole.HEALTH, "R1")
            // Certified, though listed under another role: certification is what this rule checks.
            .person(CERTIFIED_HEALTH_AS_CAREGIVER, PersonRole.CAREGIVER, "R1");

    assertThat(scenario.observe(rule)).isEmpty();
  }

  @Test
  void uncertifiedStaffInARoomWithChildrenIsABreach() {
    Scenario scenario =
        Scenario.in(Fixtures.center())
            .children("R1", 3)
            .person(CAREGIVER, PersonRole.CAREGIVER, "R1")
            .person(UNCERTIFIED_CAREGIVER, PersonRole.CAREGIVER, "R1");

    assertThat(scenario.observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.subject()).isEqualTo(SubjectKey.room(Fixtures.INSTITUTION_ID, "R1"));
              assertThat(o.message()).isEqualTo("托小班 R1：3名幼儿在场，1名工作人员无证上岗（未持证 s-03）");
              assertThat(o.details())
                  .containsExactly(
                      entry("children", 3),
                      entry("staffIds", "s-03"),
                      entry("uncertifiedStaffIds", "s-03"),
                      entry("unknownStaffIds", ""));
            });
  }

  @Test
  void staffMissingFromTheStaffListIsABreachToo() {
    Scenario scenario =
        Scenario.in(Fixtures.center())
            .children("R2", 1)
            .person(UNKNOWN_STAFF, PersonRole.TEACHER, "R2")
            .person(UNCERTIFIED_OTHER, PersonRole.OTHER_STAFF, "R2")
            .person("s-98", PersonRole.HEALTH, "R2");

    assertThat(scenario.observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.message())
                  .isEqualTo("乳儿班 R2：1名幼儿在场，3名工作人员无证上岗（未持证 s-05；不在备案名单 s-98、s-99）");
              assertThat(o.details())
                  .contains(
                      entry("staffIds", "s-05,s-98,s-99"),
                      entry("uncertifiedStaffIds", "s-05"),
                      entry("unknownStaffIds", "s-98,s-99"));
            });
  }

  @Test
  void visitorsAndGuardiansNeedNoCertificate() {
    Scenario scenario =
        Scenario.in(Fixtures.center())
            .children("R1", 2)
            .person(CAREGIVER, PersonRole.CAREGIVER, "R1")
            .person("v-1", PersonRole.VISITOR, "R1")
            .person("g-1", PersonRole.GUARDIAN, "R1");

    assertThat(scenario.observe(rule)).isEmpty();
  }

  @Test
  void uncertifiedStaffAwayFromChildrenIsNotABreach() {
    Scenario scenario =
        Scenario.in(Fixtures.center())
            .person(UNCERTIFIED_CAREGIVER, PersonRole.CAREGIVER, "R1")
            .person(UNKNOWN_STAFF, PersonRole.OTHER_STAFF, null)
            .children("R2", 2)
            .person(CAREGIVER, PersonRole.CAREGIVER, "R2");

    assertThat(scenario.observe(rule)).isEmpty();
  }

  @Test
  void disabledReportsNothing() {
    Scenario scenario =
        Scenario.in(Fixtures.center())
            .children("R1", 1)
            .person(UNKNOWN_STAFF, PersonRole.CAREGIVER, "R1");

    assertThat(
            rule.observe(scenario.snapshot(), RuleCatalog.defaults(rule.id()).withEnabled(false)))
        .isEmpty();
  }
}
