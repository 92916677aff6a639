package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.pipeline.rules.Fixtures.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import cn.tuoyu.sentinel.pipeline.rules.Fixtures.Scenario;
import cn.tuoyu.sentinel.schema.AttendanceAction;
import cn.tuoyu.sentinel.schema.PersonRole;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildNotPickedUpRuleTest {
  private static final Instant CLOSE = local("2026-11-23T18:00");
  private static final Instant NEXT_CLOSE = local("2026-11-24T18:00");

  private final ChildNotPickedUpRule rule = new ChildNotPickedUpRule();
  private final RuleSettings defaults = RuleCatalog.defaults(RuleIds.CHILD_NOT_PICKED_UP);

  /** Child c-R1-1 in 托小班 R1 since 08:00. */
  private static Scenario oneChildInR1() {
    return Scenario.in(Fixtures.center()).children("R1", 1);
  }

  @Test
  void notBreachedBeforeClosingAndWakesUpAtClosing() {
    Scenario scenario = oneChildInR1().at(CLOSE.minusMillis(1));

    assertThat(scenario.observe(rule)).isEmpty();
    assertThat(rule.nextCheck(scenario.snapshot(), defaults)).contains(CLOSE);
  }

  @Test
  void breachedAtClosingSinceClosing() {
    List<Observation> found = oneChildInR1().at(CLOSE).observe(rule);

    assertThat(found)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.ruleId()).isEqualTo(RuleIds.CHILD_NOT_PICKED_UP);
              assertThat(o.subject())
                  .isEqualTo(SubjectKey.person(Fixtures.INSTITUTION_ID, "c-R1-1"));
              assertThat(o.since()).isEqualTo(CLOSE);
              assertThat(o.message()).isEqualTo("托小班 R1：幼儿 c-R1-1 闭园（18:00）后仍未被接走");
              assertThat(o.details())
                  .containsExactly(
                      entry("closeTime", "18:00"),
                      entry("checkedInAt", "2026-11-23T08:00:00+08:00"),
                      entry("roomId", "R1"));
            });
  }

  @Test
  void stillBreachedAfterClosingWithTheSameStart() {
    Scenario scenario = oneChildInR1().at(local("2026-11-23T18:45"));

    assertThat(scenario.observe(rule))
        .singleElement()
        .satisfies(o -> assertThat(o.since()).isEqualTo(CLOSE));
    // Already breached: the next instant worth a timer is tomorrow's closing time.
    assertThat(rule.nextCheck(scenario.snapshot(), defaults)).contains(NEXT_CLOSE);
  }

  @Test
  void aChildAtTheGateIsNamedWithoutARoom() {
    assertThat(Scenario.in(Fixtures.center()).childrenAtGate(1).at(CLOSE).observe(rule))
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.message()).isEqualTo("幼儿 c-gate-1 闭园（18:00）后仍在园，未被接走");
              assertThat(o.details()).doesNotContainKey("roomId");
            });
  }

  @Test
  void aChildCheckedInAfterClosingIsLateFromItsCheckIn() {
    Instant lateCheckIn = local("2026-11-23T18:20");
    Scenario scenario =
        Scenario.in(Fixtures.center())
            .presence(
                new Presence("c-late", PersonRole.CHILD, null, true, lateCheckIn.toEpochMilli()))
            .at(lateCheckIn);

    assertThat(scenario.observe(rule))
        .singleElement()
        .satisfies(o -> assertThat(o.since()).isEqualTo(lateCheckIn));
  }

  @Test
  void aChildWhoseCheckOutNeverArrivedStaysLateFromTheFirstClosingAcrossMidnight() {
    Scenario nextMorning = oneChildInR1().at(local("2026-11-24T08:00"));

    assertThat(nextMorning.observe(rule))
        .singleElement()
        .satisfies(o -> assertThat(o.since()).isEqualTo(CLOSE));
  }

  @Test
  void movingBetweenRoomsAfterClosingKeepsTheStart() {
    Map<String, Presence> people = new LinkedHashMap<>();
    Occupancy.apply(
        people,
        Fixtures.event(
            "c-1", PersonRole.CHILD, AttendanceAction.CHECK_IN, null, local("2026-11-23T07:40")));
    Occupancy.apply(
        people,
        Fixtures.event(
            "c-1", PersonRole.CHILD, AttendanceAction.ENTER, "R1", local("2026-11-23T07:45")));
    Instant moved = local("2026-11-23T18:10");
    Occupancy.apply(
        people, Fixtures.event("c-1", PersonRole.CHILD, AttendanceAction.ENTER, "R2", moved));

    List<Observation> found =
        rule.observe(new InstitutionSnapshot(Fixtures.center().build(), people, moved), defaults);

    assertThat(found)
        .singleElement()
        .satisfies(
            o -> {
              assertThat(o.since()).isEqualTo(CLOSE);
              assertThat(o.message()).startsWith("乳儿班 R2：");
              assertThat(o.details()).contains(entry("checkedInAt", "2026-11-23T07:40:00+08:00"));
            });
  }

  @Test
  void staffAfterClosingIsNoConcernAndNeedsNoTimer() {
    Scenario scenario =
        Scenario.in(Fixtures.center())
            .person(Fixtures.CAREGIVER, PersonRole.CAREGIVER, "R1")
            .person("g-1", PersonRole.GUARDIAN, null)
            .at(local("2026-11-23T19:00"));

    assertThat(scenario.observe(rule)).isEmpty();
    assertThat(rule.nextCheck(scenario.snapshot(), defaults)).isEmpty();
  }

  @Test
  void reportsEveryLateChildInIdOrder() {
    Scenario scenario =
        Scenario.in(Fixtures.center()).children("R3", 2).childrenAtGate(1).at(CLOSE);

    assertThat(Fixtures.subjects(scenario.observe(rule)))
        .containsExactly(
            "320402-0007/person/c-R3-1",
            "320402-0007/person/c-R3-2",
            "320402-0007/person/c-gate-1");
  }

  @Test
  void disabledReportsNothingAndNeedsNoTimer() {
    InstitutionSnapshot late = oneChildInR1().at(CLOSE).snapshot();
    RuleSettings disabled = defaults.withEnabled(false);

    assertThat(rule.observe(late, disabled)).isEmpty();
    assertThat(rule.nextCheck(late, disabled)).isEmpty();
  }

  @Test
  void holdsHalfAnHourByDefault() {
    assertThat(defaults.holdMillis()).isEqualTo(30 * 60 * 1000L);
  }
}
