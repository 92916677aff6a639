package cn.tuoyu.sentinel.jobs.score;

import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.INSTITUTION;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.ROOM;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.alert;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.at;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.entry;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.transition;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.truth;
import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class ScorerTest {
  private static final String UNATTENDED = RuleIds.ROOM_UNATTENDED;
  private static final Duration TOLERANCE = Scorer.DEFAULT_TOLERANCE;

  private static ScoreReport score(GroundTruth truth, ScoredAlert... alerts) {
    return Scorer.score(truth, List.of(alerts), TOLERANCE);
  }

  private static String lastLine(String text) {
    List<String> lines = text.lines().toList();
    return lines.get(lines.size() - 1);
  }

  @Test
  void alertWithinToleranceAtBothEndsIsCorrect() {
    ScoreReport r =
        score(
            truth(entry(UNATTENDED, ROOM, "16:10:00", "16:11:15")),
            alert("a1", UNATTENDED, ROOM, "16:10:01", "16:11:13"));

    assertThat(r.precision()).isEqualTo(1.0);
    assertThat(r.recall()).isEqualTo(1.0);
    assertThat(r.overall()).isEqualTo(new ScoreReport.Figures(1, 1, 1, 0));
    assertThat(r.missed()).isEmpty();
    assertThat(r.falseAlerts()).isEmpty();
    assertThat(r.wrongEnd()).isEmpty();
  }

  @Test
  void startFurtherOffThanTheToleranceIsOneMissedAndOneFalse() {
    GroundTruth.Entry expected = entry(UNATTENDED, ROOM, "16:10:00", "16:11:15");
    ScoredAlert late = alert("a1", UNATTENDED, ROOM, "16:10:03", "16:11:15");

    ScoreReport r = score(truth(expected), late);

    assertThat(r.missed()).containsExactly(expected);
    assertThat(r.falseAlerts()).extracting(ScoreReport.FalseAlert::alert).containsExactly(late);
    assertThat(r.precision()).isZero();
    assertThat(r.recall()).isZero();
    // Exactly the tolerance apart still agrees.
    assertThat(Scorer.score(truth(expected), List.of(late), Duration.ofSeconds(3)).recall())
        .isEqualTo(1.0);
  }

  @Test
  void endFurtherOffThanTheToleranceIsAWrongEndNotAFalseAlert() {
    GroundTruth.Entry expected = entry(UNATTENDED, ROOM, "16:10:00", "16:11:15");
    ScoredAlert a = alert("a1", UNATTENDED, ROOM, "16:10:00", "16:11:20");

    ScoreReport r = score(truth(expected), a);

    assertThat(r.wrongEnd()).containsExactly(new ScoreReport.WrongEnd(expected, a));
    assertThat(r.missed()).containsExactly(expected);
    assertThat(r.falseAlerts()).isEmpty();
    assertThat(r.overall()).isEqualTo(new ScoreReport.Figures(1, 1, 0, 1));
    assertThat(r.overall().falseAlerts()).isZero();
    assertThat(r.overall().missed()).isEqualTo(1);
    assertThat(r.text())
        .contains("Wrong end (1):")
        .contains("[alerted, wrong end: a1]")
        .contains("end 2026-11-23T16:11:15+08:00 / alerted 2026-11-23T16:11:20+08:00");
  }

  @Test
  void anEntryStillOnAtUntilNeedsAnAlertUnresolvedOrResolvedAtOrAfterUntil() {
    GroundTruth openEnded = truth(entry(UNATTENDED, ROOM, "17:50:00", null));

    assertThat(score(openEnded, alert("a", UNATTENDED, ROOM, "17:50:00", null)).recall())
        .isEqualTo(1.0);
    assertThat(score(openEnded, alert("a", UNATTENDED, ROOM, "17:50:00", "18:00:00")).recall())
        .isEqualTo(1.0);
    assertThat(score(openEnded, alert("a", UNATTENDED, ROOM, "17:50:00", "17:59:59")).wrongEnd())
        .hasSize(1);
    // And an entry that ends needs an alert that was resolved.
    GroundTruth ended = truth(entry(UNATTENDED, ROOM, "17:50:00", "17:55:00"));
    assertThat(score(ended, alert("a", UNATTENDED, ROOM, "17:50:00", null)).wrongEnd()).hasSize(1);
  }

  @Test
  void alertOpenedAtOrAfterUntilIsIgnoredNotFalse() {
    // Starts 17:59:40, opens 20 s later: exactly at until.
    SubjectKey institution = SubjectKey.institution(INSTITUTION);
    ScoreReport r =
        score(truth(), alert("a", RuleIds.INSTITUTION_OFFLINE, institution, "17:59:40", null));

    assertThat(r.scope()).isEqualTo(new ScoreReport.Scope(1, 0, 1));
    assertThat(r.scope().scored()).isZero();
    assertThat(r.falseAlerts()).isEmpty();
    assertThat(r.perRule()).isEmpty();
    assertThat(r.text()).contains("1 opened after the simulated period");
    // One millisecond earlier it is scored, and false.
    ScoredAlert earlier =
        ScoredAlert.from(
            transition("b", RuleIds.INSTITUTION_OFFLINE, institution, at("17:59:39.999"), null));
    assertThat(score(truth(), earlier).falseAlerts()).hasSize(1);
  }

  @Test
  void alertOfAnInstitutionNotSimulatedIsIgnored() {
    SubjectKey elsewhere = SubjectKey.room("110101-0009", "R1");

    ScoreReport r = score(truth(), alert("a", UNATTENDED, elsewhere, "16:10:00", null));

    assertThat(r.scope()).isEqualTo(new ScoreReport.Scope(1, 1, 0));
    assertThat(r.falseAlerts()).isEmpty();
    assertThat(r.text()).contains("1 not of this run");
  }

  @Test
  void oneEntryMatchesOneAlertTheClosestStart() {
    GroundTruth.Entry expected = entry(UNATTENDED, ROOM, "16:10:00", "16:11:00");
    ScoredAlert twoSecondsEarly = alert("early", UNATTENDED, ROOM, "16:09:58", "16:11:00");
    ScoredAlert oneSecondLate = alert("late", UNATTENDED, ROOM, "16:10:01", "16:11:00");

    ScoreReport r = score(truth(expected), twoSecondsEarly, oneSecondLate);

    assertThat(r.overall()).isEqualTo(new ScoreReport.Figures(1, 2, 1, 0));
    assertThat(r.falseAlerts()).extracting(f -> f.alert().alertId()).containsExactly("early");
    assertThat(r.precision()).isEqualTo(0.5);
    assertThat(r.recall()).isEqualTo(1.0);
  }

  @Test
  void differentSubjectOrRuleNeverCorresponds() {
    GroundTruth t = truth(entry(UNATTENDED, ROOM, "16:10:00", "16:11:00"));

    ScoreReport r =
        score(
            t,
            alert("room2", UNATTENDED, SubjectKey.room(INSTITUTION, "R2"), "16:10:00", "16:11:00"),
            alert("ratio", RuleIds.RATIO_BELOW_STANDARD, ROOM, "16:10:00", "16:11:00"));

    assertThat(r.recall()).isZero();
    assertThat(r.falseAlerts()).hasSize(2);
  }

  @Test
  void figuresPerRuleInCatalogueOrderWithUnmeasuredCellsMarked() {
    SubjectKey camera = SubjectKey.camera(INSTITUTION, "C1");
    GroundTruth t =
        truth(
            entry(UNATTENDED, ROOM, "16:10:00", "16:11:00"),
            entry(UNATTENDED, ROOM, "16:30:00", "16:31:00"),
            entry(RuleIds.CAMERA_OFFLINE, camera, "16:20:00", "16:25:00"));

    ScoreReport r =
        score(
            t,
            alert("u1", UNATTENDED, ROOM, "16:10:00", "16:11:00"),
            alert("r1", RuleIds.RATIO_BELOW_STANDARD, ROOM, "16:40:00", "16:45:00"));

    assertThat(r.perRule().keySet())
        .containsExactly(RuleIds.RATIO_BELOW_STANDARD, UNATTENDED, RuleIds.CAMERA_OFFLINE);
    ScoreReport.Figures unattended = r.perRule().get(UNATTENDED);
    assertThat(unattended).isEqualTo(new ScoreReport.Figures(2, 1, 1, 0));
    assertThat(unattended.precision()).isEqualTo(1.0);
    assertThat(unattended.recall()).isEqualTo(0.5);
    ScoreReport.Figures camerasOffline = r.perRule().get(RuleIds.CAMERA_OFFLINE);
    assertThat(camerasOffline.precisionMeasured()).isFalse();
    assertThat(camerasOffline.precision()).isEqualTo(1.0);
    ScoreReport.Figures ratio = r.perRule().get(RuleIds.RATIO_BELOW_STANDARD);
    assertThat(ratio.recallMeasured()).isFalse();
    assertThat(ratio.falseAlerts()).isEqualTo(1);
    assertThat(r.overall()).isEqualTo(new ScoreReport.Figures(3, 2, 1, 0));
    assertThat(r.text())
        .containsPattern("(?m)CAMERA_OFFLINE +1 +0 +0 +1 +0 +0 +1\\.0000\\* +0\\.0000$")
        .containsPattern("RATIO_BELOW_STANDARD +0 +1 +0 +0 +1 +0 +0\\.0000  +1\\.0000\\*")
        .contains("* 1.0 by definition, not measured");
  }

  @Test
  void falseAlertAtANearMissIsMarkedWithItsNote() {
    GroundTruth.Entry nearMiss =
        GroundTruth.Entry.of(UNATTENDED, ROOM, at("16:50:00"), at("16:50:15"), "保育人员离开 15 秒");
    GroundTruth t = truth(List.of(), List.of(nearMiss));

    ScoreReport r =
        score(
            t,
            alert("near", UNATTENDED, ROOM, "16:50:01", "16:50:15"),
            alert("other", UNATTENDED, ROOM, "17:10:00", "17:11:00"));

    assertThat(r.falseAlerts()).hasSize(2);
    assertThat(r.falseAlerts().get(0).alert().alertId()).isEqualTo("near");
    assertThat(r.falseAlerts().get(0).nearMiss()).isEqualTo(nearMiss);
    assertThat(r.falseAlerts().get(1).nearMissAlerted()).isFalse();
    assertThat(r.text())
        .contains("False alerts (2, of which near misses alerted 1):")
        .contains("[near miss alerted: 保育人员离开 15 秒]");
  }

  @Test
  void transitionsFoldToTheHighestSequenceAndOfEqualOnesTheLater() {
    GroundTruth t = truth(entry(UNATTENDED, ROOM, "16:10:00", "16:11:00"));
    ScoredAlert resolved = alert("a", UNATTENDED, ROOM, "16:10:00", "16:11:00");
    ScoredAlert opened = alert("a", UNATTENDED, ROOM, "16:10:00", null);

    // The resolving transition (sequence 1) wins although an older state comes after it.
    ScoreReport r = Scorer.score(t, List.of(resolved, opened), TOLERANCE);
    assertThat(r.scope().alerts()).isEqualTo(1);
    assertThat(r.recall()).isEqualTo(1.0);
    // Equal sequences: the later one wins.
    ScoredAlert resolvedElsewhen =
        new ScoredAlert(
            "a",
            UNATTENDED,
            ROOM,
            at("16:10:00"),
            at("16:10:20"),
            at("16:12:00"),
            resolved.status(),
            "",
            1);
    assertThat(Scorer.latestStates(List.of(resolved, resolvedElsewhen)))
        .containsExactly(resolvedElsewhen);
    assertThat(Scorer.latestStates(List.of(resolvedElsewhen, resolved))).containsExactly(resolved);
  }

  @Test
  void lastLineIsPrecisionAndRecallWithFourDecimals() {
    GroundTruth t =
        truth(
            entry(UNATTENDED, ROOM, "16:10:00", "16:11:00"),
            entry(UNATTENDED, ROOM, "16:20:00", "16:21:00"));

    ScoreReport r =
        score(
            t,
            alert("a", UNATTENDED, ROOM, "16:10:00", "16:11:00"),
            alert("b", UNATTENDED, ROOM, "16:30:00", "16:31:00"),
            alert("c", UNATTENDED, ROOM, "16:40:00", "16:41:00"));

    assertThat(lastLine(r.text()))
        .isEqualTo(String.format(Locale.ROOT, "precision %.4f recall %.4f", 1 / 3.0, 0.5))
        .isEqualTo("precision 0.3333 recall 0.5000");
  }

  @Test
  void longListsAreCappedWithACount() {
    List<ScoredAlert> many = new ArrayList<>();
    for (int i = 0; i < ReportText.LIST_CAP + 7; i++) {
      many.add(
          ScoredAlert.from(
              transition("f" + i, UNATTENDED, ROOM, at("16:00:00").plusSeconds(60L * i), null)));
    }

    String text = Scorer.score(truth(), many, TOLERANCE).text();

    assertThat(text).contains("False alerts (57):").contains("  … and 7 more");
    assertThat(text).contains("  f49  ").doesNotContain("  f50  ");
  }

  @Test
  void unreadableLinesAreCountedAndListedWithLineNumbers() {
    AlertInput input =
        new AlertInput(
            "test",
            List.of(),
            12,
            List.of(new AlertInput.Unreadable(3, "MALFORMED_JSON", "not valid JSON at column 1")));

    String text = Scorer.score(truth(), input, TOLERANCE).text();

    assertThat(text)
        .contains("unreadable lines 12")
        .contains("Unreadable lines (12):")
        .contains("line 3: MALFORMED_JSON — not valid JSON at column 1")
        .contains("… and 11 more");
  }
}
