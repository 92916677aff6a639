package cn.tuoyu.sentinel.jobs.diff;

import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.HEPING;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.TIANNING;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.XINBEI;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.XUANWU;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.alert;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.all;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.at;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.id;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.room;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertDiffTest {
  private static final String UNATTENDED = RuleIds.ROOM_UNATTENDED;
  private static final String CO2 = RuleIds.CO2_HIGH;
  private static final SubjectKey SENSOR = SubjectKey.sensor(TIANNING + "-0001", "R1", "T1");

  private static DiffReport.Counts counts(
      int added, int removed, int moved, int changed, int unchanged) {
    return new DiffReport.Counts(added, removed, moved, changed, unchanged);
  }

  @Test
  void identicalSetsAreAllUnchanged() {
    List<AlertTransition> alerts =
        all(
            alert(UNATTENDED, room(TIANNING), TIANNING, "09:00:00", "09:00:20", "09:03:00"),
            alert(CO2, SENSOR, TIANNING, "10:00:00", "10:02:00", null),
            alert(UNATTENDED, room(HEPING), HEPING, "11:00:00", "11:00:20", "11:01:00"));

    DiffReport r = AlertDiff.compare(alerts, alerts, Level.DISTRICT);

    assertThat(r.totals()).isEqualTo(counts(0, 0, 0, 0, 3));
    assertThat(r.identical()).isTrue();
    assertThat(r.added()).isEmpty();
    assertThat(r.removed()).isEmpty();
    assertThat(r.moved()).isEmpty();
    assertThat(r.changed()).isEmpty();
    assertThat(r.summary()).isEqualTo("added 0 removed 0 moved 0 changed 0");
    // 5 transitions fold to 3 alerts on each side.
    assertThat(r.baseline().transitions()).isEqualTo(5);
    assertThat(r.baseline().alerts()).hasSize(3);
  }

  @Test
  void aRaisedHoldRemovesTheShortAlertAndOpensTheLongOneLater() {
    // Hold 20 s → 30 s: the 25 s absence no longer alerts; the 3 min one opens 10 s later.
    List<AlertTransition> shortAt20 =
        alert(UNATTENDED, room(TIANNING), TIANNING, "09:00:00", "09:00:20", "09:00:25");
    List<AlertTransition> longAt20 =
        alert(UNATTENDED, room(TIANNING), TIANNING, "10:00:00", "10:00:20", "10:03:00");
    List<AlertTransition> longAt30 =
        alert(UNATTENDED, room(TIANNING), TIANNING, "10:00:00", "10:00:30", "10:03:00");

    DiffReport r = AlertDiff.compare(all(shortAt20, longAt20), longAt30, Level.DISTRICT);

    assertThat(r.removed()).extracting(AlertState::alertId).containsExactly(id(shortAt20));
    assertThat(r.added()).isEmpty();
    assertThat(r.moved()).isEmpty();
    assertThat(r.changed()).hasSize(1);
    DiffReport.Changed changed = r.changed().get(0);
    assertThat(changed.candidate().alertId()).isEqualTo(id(longAt20));
    assertThat(changed.changes())
        .extracting(Change::field, Change::baseline, Change::candidate, Change::description)
        .containsExactly(
            tuple(
                "openedAt",
                "2026-11-23T10:00:20+08:00",
                "2026-11-23T10:00:30+08:00",
                "opened 10 s later"));
    assertThat(r.summary()).isEqualTo("added 0 removed 1 moved 0 changed 1");
  }

  @Test
  void changesNameEachFieldThatDiffers() {
    List<AlertTransition> resolvedMajor =
        alert(CO2, SENSOR, TIANNING, Severity.MAJOR, "09:00:00", "09:02:00", "09:40:00");
    List<AlertTransition> openCritical =
        alert(CO2, SENSOR, TIANNING, Severity.CRITICAL, "09:00:00", "09:00:45", null);
    List<AlertTransition> resolvedEarlier =
        alert(UNATTENDED, room(TIANNING), TIANNING, "10:00:00", "10:00:20", "11:30:00");
    List<AlertTransition> resolvedLater =
        alert(UNATTENDED, room(TIANNING), TIANNING, "10:00:00", "10:00:20", "12:32:05");

    DiffReport r =
        AlertDiff.compare(
            all(resolvedMajor, resolvedEarlier), all(openCritical, resolvedLater), Level.CITY);

    assertThat(r.changed()).hasSize(2);
    assertThat(r.changed().get(0).changes())
        .extracting(Change::description)
        .containsExactly(
            "status RESOLVED → OPEN",
            "severity MAJOR → CRITICAL",
            "opened 1 min 15 s earlier",
            "resolved → still open");
    assertThat(r.changed().get(1).changes())
        .extracting(Change::description)
        .containsExactly("resolved 1 h 2 min 5 s later");
    // The other way round, an alert that was open at the end resolves.
    DiffReport back = AlertDiff.compare(openCritical, resolvedMajor, Level.CITY);
    assertThat(back.changed().get(0).changes())
        .extracting(Change::description)
        .contains("still open → resolved 2026-11-23T09:40:00+08:00");
  }

  @Test
  void aShiftedStartOfTheSameRuleAndSubjectIsPairedAsMoved() {
    // A lower CO2 threshold makes the alert start 5 min earlier; it still ends at 09:30.
    List<AlertTransition> baseline =
        alert(CO2, SENSOR, TIANNING, "09:05:00", "09:07:00", "09:30:00");
    List<AlertTransition> candidate =
        alert(CO2, SENSOR, TIANNING, "09:00:00", "09:02:00", "09:30:00");

    DiffReport r = AlertDiff.compare(baseline, candidate, Level.DISTRICT);

    assertThat(r.added()).isEmpty();
    assertThat(r.removed()).isEmpty();
    assertThat(r.moved()).hasSize(1);
    DiffReport.Moved m = r.moved().get(0);
    assertThat(m.baseline().alertId()).isEqualTo(id(baseline));
    assertThat(m.candidate().alertId()).isEqualTo(id(candidate));
    assertThat(m.startShift()).isEqualTo(Duration.ofMinutes(-5));
    assertThat(m.changes())
        .extracting(Change::description)
        .containsExactly("started 5 min earlier", "opened 5 min earlier");
    assertThat(r.totals()).isEqualTo(counts(0, 0, 1, 0, 0));
    assertThat(r.summary()).isEqualTo("added 0 removed 0 moved 1 changed 0");
  }

  @Test
  void withoutOverlapOrOnAnotherSubjectItStaysAddedAndRemoved() {
    List<AlertTransition> before =
        alert(UNATTENDED, room(TIANNING), TIANNING, "09:00:00", "09:00:20", "09:03:00");
    // Starts exactly when the baseline's resolved: a recurrence, not the same episode.
    List<AlertTransition> recurrence =
        alert(UNATTENDED, room(TIANNING), TIANNING, "09:03:00", "09:03:20", "09:05:00");
    List<AlertTransition> otherRoom =
        alert(
            UNATTENDED,
            SubjectKey.room(TIANNING + "-0001", "R2"),
            TIANNING,
            "09:01:00",
            "09:01:20",
            "09:02:00");
    List<AlertTransition> otherRule =
        alert(RuleIds.RATIO_BELOW_STANDARD, room(TIANNING), TIANNING, "09:01:00", "09:03:00", null);

    DiffReport r = AlertDiff.compare(before, all(recurrence, otherRoom, otherRule), Level.DISTRICT);

    assertThat(r.moved()).isEmpty();
    assertThat(r.removed()).extracting(AlertState::alertId).containsExactly(id(before));
    assertThat(r.added())
        .extracting(AlertState::alertId)
        .containsExactly(id(otherRule), id(otherRoom), id(recurrence));
  }

  @Test
  void pairingTakesTheSmallestShiftFirstWhateverTheInputOrder() {
    List<AlertTransition> base = alert(CO2, SENSOR, TIANNING, "09:00:00", "09:02:00", null);
    List<AlertTransition> tenLater = alert(CO2, SENSOR, TIANNING, "09:10:00", "09:12:00", null);
    List<AlertTransition> twoLater = alert(CO2, SENSOR, TIANNING, "09:02:00", "09:04:00", null);
    List<AlertTransition> candidate = all(tenLater, twoLater);
    List<AlertTransition> reversed = new ArrayList<>(candidate);
    Collections.reverse(reversed);

    for (List<AlertTransition> c : List.of(candidate, reversed)) {
      DiffReport r = AlertDiff.compare(base, c, Level.DISTRICT);

      assertThat(r.moved()).hasSize(1);
      assertThat(r.moved().get(0).candidate().alertId()).isEqualTo(id(twoLater));
      assertThat(r.added()).extracting(AlertState::alertId).containsExactly(id(tenLater));
      assertThat(r.summary()).isEqualTo("added 1 removed 0 moved 1 changed 0");
    }
  }

  /** Changzhou (two districts) added, Nanjing removed, Tianjin unchanged. */
  private static DiffReport acrossRegions(Level level) {
    List<AlertTransition> tianjin =
        alert(UNATTENDED, room(HEPING), HEPING, "09:00:00", "09:00:20", null);
    List<AlertTransition> nanjing =
        alert(UNATTENDED, room(XUANWU), XUANWU, "09:00:00", "09:00:20", null);
    return AlertDiff.compare(
        all(tianjin, nanjing),
        all(
            tianjin,
            alert(UNATTENDED, room(TIANNING), TIANNING, "09:00:00", "09:00:20", null),
            alert(UNATTENDED, room(XINBEI), XINBEI, "09:00:00", "09:00:20", null),
            alert(CO2, SENSOR, TIANNING, "09:00:00", "09:02:00", null)),
        level);
  }

  @Test
  void districtLevelCountsEachRegionCode() {
    DiffReport r = acrossRegions(Level.DISTRICT);

    assertThat(r.rows())
        .extracting(DiffReport.Row::ruleId, DiffReport.Row::region, DiffReport.Row::counts)
        .containsExactly(
            tuple(UNATTENDED, "120101", counts(0, 0, 0, 0, 1)),
            tuple(UNATTENDED, "320102", counts(0, 1, 0, 0, 0)),
            tuple(UNATTENDED, "320402", counts(1, 0, 0, 0, 0)),
            tuple(UNATTENDED, "320411", counts(1, 0, 0, 0, 0)),
            tuple(CO2, "320402", counts(1, 0, 0, 0, 0)));
    assertThat(r.totals()).isEqualTo(counts(3, 1, 0, 0, 1));
  }

  @Test
  void cityLevelJoinsTheDistrictsOfACity() {
    DiffReport r = acrossRegions(Level.CITY);

    assertThat(r.rows())
        .extracting(DiffReport.Row::ruleId, DiffReport.Row::region, DiffReport.Row::counts)
        .containsExactly(
            tuple(UNATTENDED, "120100", counts(0, 0, 0, 0, 1)),
            tuple(UNATTENDED, "320100", counts(0, 1, 0, 0, 0)),
            tuple(UNATTENDED, "320400", counts(2, 0, 0, 0, 0)),
            tuple(CO2, "320400", counts(1, 0, 0, 0, 0)));
  }

  @Test
  void provinceLevelJoinsTheCitiesOfAProvince() {
    DiffReport r = acrossRegions(Level.PROVINCE);

    assertThat(r.rows())
        .extracting(DiffReport.Row::ruleId, DiffReport.Row::region, DiffReport.Row::counts)
        .containsExactly(
            tuple(UNATTENDED, "120000", counts(0, 0, 0, 0, 1)),
            tuple(UNATTENDED, "320000", counts(2, 1, 0, 0, 0)),
            tuple(CO2, "320000", counts(1, 0, 0, 0, 0)));
    assertThat(r.totals()).isEqualTo(counts(3, 1, 0, 0, 1));
  }

  @Test
  void foldingKeepsTheLatestStateSoAResolvedAlertIsNotReadAsOpen() {
    List<AlertTransition> alert =
        alert(UNATTENDED, room(TIANNING), TIANNING, "09:00:00", "09:00:20", "09:03:00");
    // The same transitions, the resolving one written first: sequence decides, not line order.
    List<AlertTransition> reordered = List.of(alert.get(1), alert.get(0));

    DiffReport r = AlertDiff.compare(alert, reordered, Level.DISTRICT);

    assertThat(r.totals()).isEqualTo(counts(0, 0, 0, 0, 1));
    assertThat(r.candidate().alerts().get(0).resolvedAt()).isEqualTo(at("09:03:00"));
  }
}
