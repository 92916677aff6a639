package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.CAREGIVER;
import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.CERTIFIED_HEALTH_AS_CAREGIVER;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RatioBelowStandardRuleTest {
  private final RatioBelowStandardRule rule = new RatioBelowStandardRule();

  @Test
  void fiveToddlersPerCertifiedCaregiverIsTheStandard() {
    List<Observation> found =
        Scenario.in(Fixtures.center())
            .children("R1", 5)
            .person(CAREGIVER, PersonRole.CAREGIVER, "R1")
            .observe(rule);

    assertThat(found).isEmpty();
  }

  @Test
  void sixToddlersPerCertifiedCaregiverIsABreach() {
    List<Observation> found =
        Scenario.in(Fixtures.center())
            .children("R1", 6)
            .person(CAREGIVER, PersonRole.CAREGIVER, "R1")
            .observe(rule);

    assertThat(found).hasSize(1);
    Observation o = found.get(0);
    assertThat(o.ruleId()).isEqualTo(RuleIds.RATIO_BELOW_STANDARD);
    assertThat(o.subject()).isEqualTo(SubjectKey.room(Fixtures.INSTITUTION_ID, "R1"));
    assertThat(o.since()).isNull();
    assertThat(o.message()).isEqualTo("托小班 R1：6名幼儿仅1名持证照护人员（标准1:5）");
    assertThat(o.details())
        .containsExactly(
            entry("classType", "TODDLER_12_24"),
            entry("children", 6),
            entry("caregivers", 1),
            entry("certifiedCaregivers", 1),
            entry("ratioLimit", 5.0),
            entry("requiredCaregivers", 2));
  }

  @ParameterizedTest(name = "{0}: {1} children per caregiver allowed")
  @CsvSource({"R2, 3, 乳儿班", "R1, 5, 托小班", "R3, 7, 托大班", "R4, 5, 混合班"})
  void eachClassTypeHasItsRatio(String roomId, int ratio, String className) {
    Scenario atLimit =
        Scenario.in(Fixtures.center())
            .children(roomId, 2 * ratio)
            .person(CAREGIVER, PersonRole.CAREGIVER, roomId)
            .person(TEACHER, PersonRole.TEACHER, roomId);
    Scenario overLimit =
        Scenario.in(Fixtures.center())
            .children(roomId, 2 * ratio + 1)
            .person(CAREGIVER, PersonRole.CAREGIVER, roomId)
            .person(TEACHER, PersonRole.TEACHER, roomId);

    assertThat(atLimit.observe(rule)).isEmpty();
    assertThat(overLimit.observe(rule))
        .singleElement()
        .satisfies(
            o ->
                assertThat(o.message())
                    .isEqualTo(
                        className
                            + " "
                            + roomId
                            + "："
                            + (2 * ratio + 1)
                            + "名幼儿仅2名持证照护人员（标准1:"
                            + ratio
                            + "）"));
  }

  @Test
  void childrenWithoutAnyCertifiedCaregiverAreABreach() {
    List<Observation> found =
        Scenario.in(Fixtures.center())
            .children("R1", 1)
            .person(UNCERTIFIED_CAREGIVER, PersonRole.CAREGIVER, "R1")
            .observe(rule);

    assertThat(found)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.message()).isEqualTo("托小班 R1：1名幼儿在场，无持证照护人员（标准1:5）");
              assertThat(o.details())
                  .contains(entry("caregivers", 1), entry("certifiedCaregivers", 0));
            });
  }

  @Test
  void onlyCertifiedCaregiversAndTeachersOfTheStaffListCount() {
    // Unknown staff, a certified health worker who came in as a caregiver, and a certified
    // caregiver who came in as a visitor: none of them counts, so 1 child is already a breach.
    List<Observation> found =
        Scenario.in(Fixtures.center())
            .children("R1", 1)
            .person(UNKNOWN_STAFF, PersonRole.CAREGIVER, "R1")
            .person(CERTIFIED_HEALTH_AS_CAREGIVER, PersonRole.CAREGIVER, "R1")
            .person(CAREGIVER, PersonRole.VISITOR, "R1")
            .observe(rule);

    assertThat(found)
        .singleElement()
        .satisfies(
            o ->
                assertThat(o.details())
                    .contains(entry("caregivers", 2), entry("certifiedCaregivers", 0)));
  }

  @Test
  void visitorsAndGuardiansAreNotChildren() {
    List<Observation> found =
        Scenario.in(Fixtures.center())
            .children("R1", 5)
            .person(CAREGIVER, PersonRole.CAREGIVER, "R1")
            .person("g-1", PersonRole.GUARDIAN, "R1")
            .person("v-1", PersonRole.VISITOR, "R1")
            .observe(rule);

    assertThat(found).isEmpty();
  }

  @Test
  void familyInstitutionsUseTheFamilyRatioInEveryRoom() {
    // F1 is a 托大班 room (1:7 in a centre) but a 家庭托育点 allows 1:3.
    Scenario atLimit =
        Scenario.in(Fixtures.family())
            .children("F1", 3)
            .person(CAREGIVER, PersonRole.CAREGIVER, "F1");
    Scenario overLimit =
        Scenario.in(Fixtures.family())
            .children("F1", 4)
            .person(CAREGIVER, PersonRole.CAREGIVER, "F1");

    assertThat(atLimit.observe(rule)).isEmpty();
    assertThat(overLimit.observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.message()).isEqualTo("托大班 F1：4名幼儿仅1名持证照护人员（家庭托育点标准1:3）");
              assertThat(o.details()).contains(entry("ratioLimit", 3.0));
            });
  }

  @Test
  void roomsMissingFromTheReferenceDataAreSkippedExceptInFamilyInstitutions() {
    assertThat(Scenario.in(Fixtures.center()).children("R9", 4).observe(rule)).isEmpty();
    assertThat(Scenario.in(Fixtures.family()).children("F9", 4).observe(rule))
        .singleElement()
        .satisfies(o -> assertThat(o.message()).startsWith("房间 F9："));
  }

  @Test
  void runTimeThresholdsReplaceTheDefaults() {
    Scenario sixToddlers =
        Scenario.in(Fixtures.center())
            .children("R1", 6)
            .person(CAREGIVER, PersonRole.CAREGIVER, "R1");
    RuleSettings lenient =
        RuleCatalog.defaults(rule.id())
            .withThreshold(RatioBelowStandardRule.RATIO_TODDLER_SMALL, 6);
    RuleSettings fractional =
        RuleCatalog.defaults(rule.id())
            .withThreshold(RatioBelowStandardRule.RATIO_TODDLER_SMALL, 5.5);

    assertThat(rule.observe(sixToddlers.snapshot(), lenient)).isEmpty();
    assertThat(rule.observe(sixToddlers.snapshot(), fractional))
        .singleElement()
        .satisfies(o -> assertThat(o.message()).endsWith("（标准1:5.5）"));
  }

  @Test
  void reportsEveryBreachedRoomInRoomOrderAndNothingWhenDisabled() {
    Scenario scenario =
        Scenario.in(Fixtures.center())
            .children("R3", 1)
            .children("R1", 6)
            .person(CAREGIVER, PersonRole.CAREGIVER, "R1")
            .children("R2", 3)
            .person(TEACHER, PersonRole.TEACHER, "R2");

    assertThat(subjects(scenario.observe(rule)))
        .containsExactly("320402-0007/room/R1", "320402-0007/room/R3");
    assertThat(
            rule.observe(scenario.snapshot(), RuleCatalog.defaults(rule.id()).withEnabled(false)))
        .isEmpty();
  }

  @Test
  void childrenAtTheGateAreInNoRoom() {
    assertThat(Scenario.in(Fixtures.center()).childrenAtGate(10).observe(rule)).isEmpty();
  }
}
