package cn.tuoyu.sentinel.jobs.diff;

import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import cn.tuoyu.sentinel.schema.AlertTransition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares two alert sets — e.g. what fired live and what a replay with a proposed rule set raises
 * — so an analyst can see which alerts a change adds, removes, moves or changes, per rule and
 * region.
 *
 * <ol>
 *   <li><b>Fold.</b> Each set's transitions fold to the latest state per {@code alertId}: the
 *       highest {@code sequence}; of equal ones, the later line ({@link AlertSet}).
 *   <li><b>Same alert.</b> An {@code alertId} in both sets is the same alert: ids are a
 *       deterministic hash of (ruleId, subject, startedAt), so rule, subject and start agree. It is
 *       <em>changed</em> if its final state differs in any of status, severity, openedAt or
 *       resolvedAt (each difference is a {@link Change}, e.g. "opened 45 s later", "resolved →
 *       still open"); otherwise <em>unchanged</em>.
 *   <li><b>Added, removed.</b> An alert only in the candidate is <em>added</em>, one only in the
 *       baseline <em>removed</em>.
 *   <li><b>Moved.</b> A removed and an added alert of the same rule and subject whose periods
 *       overlap ({@link AlertState#overlaps}: {@code [startedAt, resolvedAt)}, open-ended while
 *       unresolved) are one alert whose start shifted, e.g. by a changed threshold: they are paired
 *       as <em>moved</em> and no longer count as added and removed. Each alert is paired at most
 *       once; among overlapping candidates the pairs with the smallest start shift are taken first,
 *       ties broken by baseline start, candidate start, then the ids — so the pairing is the same
 *       for the same inputs, whatever their order.
 *   <li><b>Regions.</b> Each alert counts in the region of its {@code regionCode} at the {@link
 *       Level}: district (6 digits), city (first 4) or province (first 2), shown padded to 6 digits
 *       (320402, 320400, 320000). An alert in both sets and a moved pair count under the
 *       candidate's region code, a removed alert under the baseline's.
 * </ol>
 *
 * Differences are results, not errors: comparing never fails on content.
 */
public final class AlertDiff {
  private static final Comparator<String> CATALOGUE_ORDER =
      Comparator.<String>comparingInt(
              id -> RuleIds.isKnown(id) ? RuleIds.ALL.indexOf(id) : RuleIds.ALL.size())
          .thenComparing(Comparator.naturalOrder());

  /** Lists are ordered by start, then rule, subject and id: the same for the same alerts. */
  static final Comparator<AlertState> BY_START =
      Comparator.comparing(AlertState::startedAt)
          .thenComparing(AlertState::ruleId)
          .thenComparing(a -> a.subject().asString())
          .thenComparing(AlertState::alertId);

  private static final Comparator<DiffReport.Moved> PAIRING_ORDER =
      Comparator.<DiffReport.Moved, Duration>comparing(m -> m.startShift().abs())
          .thenComparing(DiffReport.Moved::baseline, BY_START)
          .thenComparing(DiffReport.Moved::candidate, BY_START);

  private AlertDiff() {}

  /** Compares transitions given in code (several per alert are fine; they are folded). */
  public static DiffReport compare(
      List<AlertTransition> baseline, List<AlertTransition> candidate, Level level) {
    return compare(
        AlertSet.of("baseline transitions given", baseline),
        AlertSet.of("candidate transitions given", candidate),
        level);
  }

  /** Compares two alert sets, e.g. {@link AlertSet#read read from export files}. */
  public static DiffReport compare(AlertSet baseline, AlertSet candidate, Level level) {
    Objects.requireNonNull(level, "level");
    Map<String, AlertState> inBaseline = byId(baseline.alerts());
    Map<String, AlertState> inCandidate = byId(candidate.alerts());
    Map<RowKey, DiffReport.Counts> counts = new TreeMap<>(RowKey.ORDER);

    List<AlertState> added = new ArrayList<>();
    List<DiffReport.Changed> changed = new ArrayList<>();
    for (AlertState c : inCandidate.values()) {
      AlertState b = inBaseline.get(c.alertId());
      if (b == null) {
        added.add(c);
        continue;
      }
      List<Change> changes = Change.between(b, c, false);
      if (changes.isEmpty()) {
        count(counts, level, c, new DiffReport.Counts(0, 0, 0, 0, 1));
      } else {
        changed.add(new DiffReport.Changed(b, c, changes));
        count(counts, level, c, new DiffReport.Counts(0, 0, 0, 1, 0));
      }
    }
    List<AlertState> removed = new ArrayList<>();
    for (AlertState b : inBaseline.values()) {
      if (!inCandidate.containsKey(b.alertId())) {
        removed.add(b);
      }
    }

    List<DiffReport.Moved> moved = pairMoved(removed, added);
    Set<AlertState> paired = new HashSet<>();
    for (DiffReport.Moved m : moved) {
      paired.add(m.baseline());
      paired.add(m.candidate());
      count(counts, level, m.candidate(), new DiffReport.Counts(0, 0, 1, 0, 0));
    }
    added.removeIf(paired::contains);
    removed.removeIf(paired::contains);
    added.forEach(a -> count(counts, level, a, new DiffReport.Counts(1, 0, 0, 0, 0)));
    removed.forEach(r -> count(counts, level, r, new DiffReport.Counts(0, 1, 0, 0, 0)));

    added.sort(BY_START);
    removed.sort(BY_START);
    moved.sort(Comparator.comparing(DiffReport.Moved::baseline, BY_START));
    changed.sort(Comparator.comparing(DiffReport.Changed::candidate, BY_START));
    List<DiffReport.Row> rows = new ArrayList<>();
    counts.forEach((k, v) -> rows.add(new DiffReport.Row(k.ruleId(), k.region(), v)));
    DiffReport.Counts totals =
        counts.values().stream().reduce(DiffReport.Counts.NONE, DiffReport.Counts::plus);
    return new DiffReport(level, baseline, candidate, rows, totals, added, removed, moved, changed);
  }

  /**
   * Pairs removed and added alerts of the same rule and subject whose periods overlap, smallest
   * start shift first; each alert at most once.
   */
  private static List<DiffReport.Moved> pairMoved(
      List<AlertState> removed, List<AlertState> added) {
    Map<Subject, List<AlertState>> addedBySubject = new HashMap<>();
    for (AlertState a : added) {
      addedBySubject.computeIfAbsent(Subject.of(a), k -> new ArrayList<>()).add(a);
    }
    List<DiffReport.Moved> candidates = new ArrayList<>();
    for (AlertState r : removed) {
      for (AlertState a : addedBySubject.getOrDefault(Subject.of(r), List.of())) {
        if (r.overlaps(a)) {
          candidates.add(new DiffReport.Moved(r, a, Change.between(r, a, true)));
        }
      }
    }
    candidates.sort(PAIRING_ORDER);
    Set<AlertState> used = new HashSet<>();
    List<DiffReport.Moved> moved = new ArrayList<>();
    for (DiffReport.Moved m : candidates) {
      if (!used.contains(m.baseline()) && !used.contains(m.candidate())) {
        used.add(m.baseline());
        used.add(m.candidate());
        moved.add(m);
      }
    }
    return moved;
  }

  private static Map<String, AlertState> byId(List<AlertState> alerts) {
    Map<String, AlertState> m = new LinkedHashMap<>();
    // AlertSet holds one state per id already; a hand-built set with repeats keeps the last.
    alerts.forEach(a -> m.put(a.alertId(), a));
    return m;
  }

  private static void count(
      Map<RowKey, DiffReport.Counts> counts, Level level, AlertState a, DiffReport.Counts one) {
    counts.merge(
        new RowKey(a.ruleId(), level.region(a.regionCode())), one, DiffReport.Counts::plus);
  }

  /** Where a moved alert must stay: the same rule and subject. */
  private record Subject(String ruleId, SubjectKey subject) {
    static Subject of(AlertState a) {
      return new Subject(a.ruleId(), a.subject());
    }
  }

  private record RowKey(String ruleId, String region) {
    static final Comparator<RowKey> ORDER =
        Comparator.comparing(RowKey::ruleId, CATALOGUE_ORDER).thenComparing(RowKey::region);
  }
}
