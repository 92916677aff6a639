package cn.tuoyu.sentinel.pipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tuoyu.sentinel.pipeline.rules.Fixtures.Scenario;
import cn.tuoyu.sentinel.schema.PersonRole;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class OccupancyRulesTest {
  @Test
  void listsTheSixOccupancyRulesInCatalogueOrder() {
    assertThat(OccupancyRules.ALL)
        .extracting(InstitutionRule::id)
        .containsExactly(
            RuleIds.RATIO_BELOW_STANDARD,
            RuleIds.ROOM_UNATTENDED,
            RuleIds.CLASS_OVER_CAPACITY,
            RuleIds.INSTITUTION_OVER_LICENSE,
            RuleIds.STAFF_UNCERTIFIED_ON_DUTY,
            RuleIds.CHILD_NOT_PICKED_UP);
    assertThat(OccupancyRules.byId(RuleIds.ROOM_UNATTENDED)).isInstanceOf(RoomUnattendedRule.class);
    assertThatThrownBy(() -> OccupancyRules.byId(RuleIds.CO2_HIGH))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aCalmMorningBreachesNothing() {
    Scenario calm =
        Scenario.in(Fixtures.center())
            .children("R1", 5)
            .person(Fixtures.CAREGIVER, PersonRole.CAREGIVER, "R1")
            .children("R2", 3)
            .person(Fixtures.TEACHER, PersonRole.TEACHER, "R2")
            .person(Fixtures.HEALTH, PersonRole.HEALTH, "R2")
            .childrenAtGate(2);

    for (InstitutionRule rule : OccupancyRules.ALL) {
      assertThat(calm.observe(rule)).as(rule.id()).isEmpty();
    }
  }

  @Test
  void oneUnattendedRoomBreachesRatioAndUnattendedAlike() {
    Scenario unattended = Scenario.in(Fixtures.center()).children("R1", 4);

    assertThat(unattended.observe(OccupancyRules.byId(RuleIds.ROOM_UNATTENDED))).hasSize(1);
    assertThat(unattended.observe(OccupancyRules.byId(RuleIds.RATIO_BELOW_STANDARD))).hasSize(1);
    assertThat(unattended.observe(OccupancyRules.byId(RuleIds.CLASS_OVER_CAPACITY))).isEmpty();
  }

  @Test
  void rulesAndValuesSurviveJavaSerialization() throws Exception {
    InstitutionSnapshot snapshot =
        Scenario.in(Fixtures.center()).children("R1", 6).at(Fixtures.MORNING).snapshot();
    Observation observation =
        OccupancyRules.byId(RuleIds.ROOM_UNATTENDED)
            .observe(snapshot, RuleCatalog.defaults(RuleIds.ROOM_UNATTENDED))
            .get(0);

    for (InstitutionRule rule : OccupancyRules.ALL) {
      assertThat(roundTrip(rule).id()).isEqualTo(rule.id());
    }
    List<InstitutionRule> rules = roundTrip(OccupancyRules.ALL);
    assertThat(rules).hasSize(6);
    assertThat(roundTrip(observation)).isEqualTo(observation);
    assertThat(roundTrip(RuleCatalog.defaults(RuleIds.CO2_HIGH)))
        .isEqualTo(RuleCatalog.defaults(RuleIds.CO2_HIGH));
    assertThat(roundTrip(SubjectKey.sensor("i", "R1", "T1")))
        .isEqualTo(SubjectKey.sensor("i", "R1", "T1"));
    Presence presence = new Presence("c-1", PersonRole.CHILD, "R1", true, 1L, 0L);
    assertThat(roundTrip(presence)).isEqualTo(presence);
    InstitutionSnapshot copy = roundTrip(snapshot);
    assertThat(copy.people()).isEqualTo(snapshot.people());
    assertThat(copy.institution()).isEqualTo(snapshot.institution());
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  @Test
  void everyObservationCarriesItsRuleId() {
    Scenario chaos =
        Scenario.in(Fixtures.family())
            .children("F1", 7)
            .person(Fixtures.UNKNOWN_STAFF, PersonRole.OTHER_STAFF, "F1")
            .at(Fixtures.local("2026-11-23T18:30"));

    for (InstitutionRule rule : OccupancyRules.ALL) {
      List<Observation> found = chaos.observe(rule);
      assertThat(found)
          .as(rule.id())
          .isNotEmpty()
          .allSatisfy(o -> assertThat(o.ruleId()).isEqualTo(rule.id()));
    }
  }
}
