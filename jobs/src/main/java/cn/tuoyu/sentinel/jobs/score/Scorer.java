package cn.tuoyu.sentinel.jobs.score;

import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores the alerts of a simulated run against its {@link GroundTruth}: how many of the alerts the
 * run had to raise it raised (recall), and how many of the alerts it raised it had to (precision).
 *
 * <ol>
 *   <li><b>Fold.</b> The states of one alert (one per lifecycle transition) fold to its latest: the
 *       highest {@code sequence}; of equal ones, the later in the input.
 *   <li><b>Scope.</b> Alerts of institutions not in {@code truth.institutionIds} are ignored (not
 *       of this run), and so are alerts whose {@code openedAt} is at or after {@code truth.until}:
 *       a simulation that stops looks like institutions falling silent. Every other alert is
 *       scored.
 *   <li><b>Match.</b> An expected entry and a scored alert correspond when their rule and subject
 *       are equal and their starts ({@code entry.start}, {@code alert.startedAt}) are at most the
 *       tolerance apart. Each entry and each alert is used at most once, closest starts first. A
 *       corresponding pair is <em>correct</em> when the ends agree too: an entry without end needs
 *       an alert unresolved or resolved at or after {@code until}; an entry with an end needs an
 *       alert resolved at most the tolerance from it. Otherwise the pair has a <em>wrong end</em>.
 *   <li><b>Figures</b>, per rule and overall: recall = correct / expected entries, precision =
 *       correct / scored alerts. Missed = entries without a correct alert (wrong-end ones
 *       included); false = scored alerts corresponding to no entry. A rule with no scored alert has
 *       precision 1.0 and one with no expected entry recall 1.0, by definition (flagged as not
 *       measured in {@link ScoreReport.Figures}).
 *   <li><b>Near misses.</b> A false alert whose rule, subject and start correspond to a truth
 *       {@code nearMisses} entry is marked as a near miss alerted, with the entry's note.
 * </ol>
 */
public final class Scorer {
  /** How far apart starts (and ends) may be by default. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(2);

  private static final Comparator<String> CATALOGUE_ORDER =
      Comparator.<String>comparingInt(
              id -> RuleIds.isKnown(id) ? RuleIds.ALL.indexOf(id) : RuleIds.ALL.size())
          .thenComparing(Comparator.naturalOrder());

  private static final Comparator<GroundTruth.Entry> BY_START =
      Comparator.comparing(GroundTruth.Entry::start)
          .thenComparing(GroundTruth.Entry::ruleId)
          .thenComparing(e -> e.subject().asString());

  private static final Comparator<ScoredAlert> BY_STARTED_AT =
      Comparator.comparing(ScoredAlert::startedAt)
          .thenComparing(ScoredAlert::ruleId)
          .thenComparing(a -> a.subject().asString());

  private Scorer() {}

  /** Scores alert states given in code (transitions or documents; several per alert are fine). */
  public static ScoreReport score(GroundTruth truth, List<ScoredAlert> alerts, Duration tolerance) {
    return score(truth, AlertInput.of(alerts), tolerance);
  }

  /** Scores the alert states of {@code input}, e.g. {@link AlertInput#read an export file}. */
  public static ScoreReport score(GroundTruth truth, AlertInput input, Duration tolerance) {
    Objects.requireNonNull(truth, "truth");
    if (tolerance.isNegative()) {
      throw new IllegalArgumentException("tolerance must not be negative: " + tolerance);
    }
    List<ScoredAlert> alerts = latestStates(input.states());
    Set<String> simulated = new HashSet<>(truth.institutionIds());
    List<ScoredAlert> scored = new ArrayList<>();
    int notOfThisRun = 0;
    int openedAfterUntil = 0;
    for (ScoredAlert a : alerts) {
      if (!simulated.contains(a.subject().institutionId())) {
        notOfThisRun++;
      } else if (!a.openedAt().isBefore(truth.until())) {
        openedAfterUntil++;
      } else {
        scored.add(a);
      }
    }

    Matching expected = new Matching(truth.expected(), tolerance);
    Set<GroundTruth.Entry> correctEntries = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<ScoredAlert> pairedAlerts = Collections.newSetFromMap(new IdentityHashMap<>());
    List<ScoreReport.WrongEnd> wrongEnd = new ArrayList<>();
    Map<String, ScoreReport.Figures> perRule = new TreeMap<>(CATALOGUE_ORDER);
    truth.expected().forEach(e -> count(perRule, e.ruleId(), 1, 0, 0, 0));
    scored.forEach(a -> count(perRule, a.ruleId(), 0, 1, 0, 0));
    for (Matching.Pair p : expected.pairsByClosestStart(scored)) {
      pairedAlerts.add(p.alert());
      if (endsAgree(p, truth, expected)) {
        correctEntries.add(p.entry());
        count(perRule, p.entry().ruleId(), 0, 0, 1, 0);
      } else {
        wrongEnd.add(new ScoreReport.WrongEnd(p.entry(), p.alert()));
        count(perRule, p.entry().ruleId(), 0, 0, 0, 1);
      }
    }

    Matching nearMisses = new Matching(truth.nearMisses(), tolerance);
    List<ScoreReport.FalseAlert> falseAlerts =
        scored.stream()
            .filter(a -> !pairedAlerts.contains(a))
            .sorted(BY_STARTED_AT)
            .map(a -> new ScoreReport.FalseAlert(a, nearMisses.closestStart(a)))
            .toList();
    List<GroundTruth.Entry> missed =
        truth.expected().stream()
            .filter(e -> !correctEntries.contains(e))
            .sorted(BY_START)
            .toList();
    wrongEnd.sort(Comparator.comparing(ScoreReport.WrongEnd::entry, BY_START));
    ScoreReport.Figures overall =
        perRule.values().stream()
            .reduce(new ScoreReport.Figures(0, 0, 0, 0), ScoreReport.Figures::plus);
    return new ScoreReport(
        truth,
        tolerance,
        input,
        new ScoreReport.Scope(alerts.size(), notOfThisRun, openedAfterUntil),
        perRule,
        overall,
        missed,
        falseAlerts,
        wrongEnd);
  }

  /** Each alert's latest state: highest sequence; of equal sequences, the later in the list. */
  static List<ScoredAlert> latestStates(List<ScoredAlert> states) {
    Map<String, ScoredAlert> latest = new LinkedHashMap<>();
    for (ScoredAlert s : states) {
      latest.merge(s.alertId(), s, (old, now) -> now.sequence() >= old.sequence() ? now : old);
    }
    return new ArrayList<>(latest.values());
  }

  private static boolean endsAgree(Matching.Pair p, GroundTruth truth, Matching matching) {
    var resolvedAt = p.alert().resolvedAt();
    if (p.entry().end() == null) {
      return resolvedAt == null || !resolvedAt.isBefore(truth.until());
    }
    return resolvedAt != null && matching.agree(p.entry().end(), resolvedAt);
  }

  private static void count(
      Map<String, ScoreReport.Figures> perRule,
      String ruleId,
      int expected,
      int alerts,
      int correct,
      int wrongEnd) {
    perRule.merge(
        ruleId,
        new ScoreReport.Figures(expected, alerts, correct, wrongEnd),
        ScoreReport.Figures::plus);
  }
}
