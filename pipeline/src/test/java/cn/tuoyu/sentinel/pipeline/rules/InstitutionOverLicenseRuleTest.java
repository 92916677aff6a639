package cn.tuoyu.sentinel.pipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import cn.tuoyu.sentinel.pipeline.rules.Fixtures.Scenario;
import cn.tuoyu.sentinel.schema.PersonRole;
import org.junit.jupiter.api.Test;

class InstitutionOverLicenseRuleTest {
  private final InstitutionOverLicenseRule rule = new InstitutionOverLicenseRule();

  @Test
  void childrenInRoomsAndAtTheGateCountUpToTheLicensedPlaces() {
    Scenario sixty =
        Scenario.in(Fixtures.center())
            .children("R1", 15)
            .children("R3", 20)
            .childrenAtGate(25)
            .person(Fixtures.CAREGIVER, PersonRole.CAREGIVER, "R1")
            .person("g-1", PersonRole.GUARDIAN, null);

    assertThat(sixty.observe(rule)).isEmpty();
  }

  @Test
  void oneChildMoreThanLicensedIsABreachOfTheInstitution() {
    Scenario sixtyOne = Scenario.in(Fixtures.center()).children("R1", 15).childrenAtGate(46);

    assertThat(sixtyOne.observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.subject()).isEqualTo(SubjectKey.institution(Fixtures.INSTITUTION_ID));
              assertThat(o.message()).isEqualTo("天宁区小星星托育园：在园幼儿61名，超过核定托位60个");
              assertThat(o.details())
                  .containsExactly(entry("checkedIn", 61), entry("licensedPlaces", 60));
            });
  }

  @Test
  void presencesNotCheckedInAreIgnoredAndDisabledReportsNothing() {
    Scenario scenario =
        Scenario.in(Fixtures.family())
            .childrenAtGate(5)
            .presence(new Presence("c-stale", PersonRole.CHILD, null, false, 0L));

    assertThat(scenario.observe(rule)).isEmpty();
    assertThat(
            rule.observe(
                Scenario.in(Fixtures.family()).childrenAtGate(6).snapshot(),
                RuleCatalog.defaults(rule.id()).withEnabled(false)))
        .isEmpty();
  }
}
