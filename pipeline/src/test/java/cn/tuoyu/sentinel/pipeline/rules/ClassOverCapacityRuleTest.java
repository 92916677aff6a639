package cn.tuoyu.sentinel.pipeline.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import cn.tuoyu.sentinel.pipeline.rules.Fixtures.Scenario;
import cn.tuoyu.sentinel.schema.ClassType;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.PersonRole;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ClassOverCapacityRuleTest {
  private final ClassOverCapacityRule rule = new ClassOverCapacityRule();

  @ParameterizedTest(name = "{0} ({2}): at most {1}")
  @CsvSource({"R2, 10, 乳儿班", "R1, 15, 托小班", "R3, 20, 托大班", "R4, 18, 混合班"})
  void standardClassSizeWhenTheRoomIsLicensedForMore(String roomId, int standard, String name) {
    Institution.Builder roomy =
        Fixtures.center()
            .setRooms(
                List.of(
                    Fixtures.room("R1", ClassType.TODDLER_12_24, 40),
                    Fixtures.room("R2", ClassType.INFANT_6_12, 40),
                    Fixtures.room("R3", ClassType.TODDLER_24_36, 40),
                    Fixtures.room("R4", ClassType.MIXED_18_36, 40)));

    assertThat(Scenario.in(roomy).children(roomId, standard).observe(rule)).isEmpty();
    assertThat(Scenario.in(roomy).children(roomId, standard + 1).observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.subject()).isEqualTo(SubjectKey.room(Fixtures.INSTITUTION_ID, roomId));
              assertThat(o.message())
                  .isEqualTo(
                      name
                          + " "
                          + roomId
                          + "：在班幼儿"
                          + (standard + 1)
                          + "名，超过班额上限"
                          + standard
                          + "名（核定容量40名，标准"
                          + standard
                          + "名）");
              assertThat(o.details())
                  .contains(
                      entry("children", standard + 1),
                      entry("capacity", 40),
                      entry("standardLimit", standard),
                      entry("classLimit", standard));
            });
  }

  @Test
  void aSmallerLicensedCapacityIsTheLimit() {
    // R5 is a 托小班 (standard 15) licensed for 12.
    assertThat(Scenario.in(Fixtures.center()).children("R5", 12).observe(rule)).isEmpty();
    assertThat(Scenario.in(Fixtures.center()).children("R5", 13).observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.message()).isEqualTo("托小班 R5：在班幼儿13名，超过班额上限12名（核定容量12名，标准15名）");
              assertThat(o.details())
                  .containsExactly(
                      entry("classType", "TODDLER_12_24"),
                      entry("capacity", 12),
                      entry("children", 13),
                      entry("standardLimit", 15),
                      entry("classLimit", 12));
            });
  }

  @Test
  void familyInstitutionsAllowFiveWhateverTheRoom() {
    // F1 is a 托大班 room licensed for 8, but a 家庭托育点 takes at most 5.
    assertThat(Scenario.in(Fixtures.family()).children("F1", 5).observe(rule)).isEmpty();
    assertThat(Scenario.in(Fixtures.family()).children("F1", 6).observe(rule))
        .singleElement()
        .satisfies(
            o -> assertThat(o.message()).isEqualTo("托大班 F1：在班幼儿6名，超过班额上限5名（核定容量8名，家庭托育点标准5名）"));
  }

  @Test
  void familyRoomsLicensedForFewerUseTheirCapacity() {
    Institution.Builder tiny =
        Fixtures.family().setRooms(List.of(Fixtures.room("F1", ClassType.TODDLER_24_36, 3)));

    assertThat(Scenario.in(tiny).children("F1", 3).observe(rule)).isEmpty();
    assertThat(Scenario.in(tiny).children("F1", 4).observe(rule))
        .singleElement()
        .satisfies(o -> assertThat(o.details()).contains(entry("classLimit", 3)));
  }

  @Test
  void onlyChildrenCount() {
    Scenario scenario =
        Scenario.in(Fixtures.center())
            .children("R5", 12)
            .person(Fixtures.CAREGIVER, PersonRole.CAREGIVER, "R5")
            .person("g-1", PersonRole.GUARDIAN, "R5");

    assertThat(scenario.observe(rule)).isEmpty();
  }

  @Test
  void unknownRoomsAreSkippedExceptInFamilyInstitutions() {
    assertThat(Scenario.in(Fixtures.center()).children("R9", 30).observe(rule)).isEmpty();
    assertThat(Scenario.in(Fixtures.family()).children("F9", 6).observe(rule))
        .singleElement()
        .satisfies(o -> assertThat(o.message()).isEqualTo("房间 F9：在班幼儿6名，超过班额上限5名（家庭托育点标准5名）"));
  }

  @Test
  void fractionalRunTimeLimitsRoundDownAndDisabledReportsNothing() {
    Scenario fifteen = Scenario.in(Fixtures.center()).children("R1", 15);
    RuleSettings defaults = RuleCatalog.defaults(rule.id());

    assertThat(fifteen.observe(rule)).isEmpty();
    assertThat(
            rule.observe(
                fifteen.snapshot(),
                defaults.withThreshold(ClassOverCapacityRule.MAX_TODDLER_SMALL, 14.9)))
        .singleElement()
        .satisfies(o -> assertThat(o.details()).contains(entry("classLimit", 14)));
    assertThat(
            rule.observe(
                Scenario.in(Fixtures.center()).children("R1", 16).snapshot(),
                defaults.withEnabled(false)))
        .isEmpty();
  }
}
