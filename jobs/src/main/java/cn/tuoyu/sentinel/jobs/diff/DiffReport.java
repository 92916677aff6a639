package cn.tuoyu.sentinel.jobs.diff;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link AlertDiff#compare}: counts per rule and region and in total, and the alerts
 * behind them. {@link #text()} is the plain-text report (its last line is {@code added A removed R
 * moved M changed C}); {@link #json()} the same as one JSON document.
 *
 * @param level how regions are grouped
 * @param baseline the first alert set (e.g. the live run, or the current rules)
 * @param candidate the alert set compared with it (e.g. a replay with proposed rules)
 * @param rows counts per rule and region, rules in catalogue order then regions in code order; only
 *     combinations with at least one alert
 * @param totals counts over all rows
 * @param added alerts only in the candidate (not paired as moved), by start
 * @param removed alerts only in the baseline (not paired as moved), by start
 * @param moved a removed and an added alert paired as one whose start shifted, by baseline start
 * @param changed alerts in both whose final state differs, by start
 */
public record DiffReport(
    Level level,
    AlertSet baseline,
    AlertSet candidate,
    List<Row> rows,
    Counts totals,
    List<AlertState> added,
    List<AlertState> removed,
    List<Moved> moved,
    List<Changed> changed) {

  public DiffReport {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(candidate, "candidate");
    rows = List.copyOf(rows);
    added = List.copyOf(added);
    removed = List.copyOf(removed);
    moved = List.copyOf(moved);
    changed = List.copyOf(changed);
  }

  /** The plain-text report; its last line is {@link #summary()}. */
  public String text() {
    return DiffText.render(this);
  }

  /** The report as one indented JSON document. */
  public String json() {
    return DiffJson.render(this);
  }

  /** {@code added A removed R moved M changed C}: the report's last line. */
  public String summary() {
    return "added "
        + totals.added()
        + " removed "
        + totals.removed()
        + " moved "
        + totals.moved()
        + " changed "
        + totals.changed();
  }

  /** Whether the two sets hold the same alerts in the same final states. */
  public boolean identical() {
    return totals.added() + totals.removed() + totals.moved() + totals.changed() == 0;
  }

  /**
   * How many alerts of a rule and region (or of all) fall in each class. Every alert of either set
   * is counted once: an alert in both is changed or unchanged; a moved pair counts once.
   *
   * @param added only in the candidate
   * @param removed only in the baseline
   * @param moved removed and added paired as a shifted start
   * @param changed in both, final state differs
   * @param unchanged in both, final state the same
   */
  public record Counts(int added, int removed, int moved, int changed, int unchanged) {
    /** No alert at all. */
    public static final Counts NONE = new Counts(0, 0, 0, 0, 0);

    Counts plus(Counts o) {
      return new Counts(
          added + o.added,
          removed + o.removed,
          moved + o.moved,
          changed + o.changed,
          unchanged + o.unchanged);
    }
  }

  /**
   * The counts of one rule in one region.
   *
   * @param ruleId the rule
   * @param region the region at the report's level, 6 digits (e.g. city 320400), or {@value
   *     Level#UNKNOWN_REGION}
   * @param counts its counts
   */
  public record Row(String ruleId, String region, Counts counts) {}

  /**
   * An alert in both sets whose final state differs.
   *
   * @param baseline its latest state in the baseline
   * @param candidate its latest state in the candidate
   * @param changes the fields that differ (never empty)
   */
  public record Changed(AlertState baseline, AlertState candidate, List<Change> changes) {
    public Changed {
      changes = List.copyOf(changes);
    }
  }

  /**
   * An alert of the baseline that the candidate raised with another start: same rule and subject,
   * overlapping periods, different ids.
   *
   * @param baseline the removed alert
   * @param candidate the added alert
   * @param changes the fields that differ, {@code startedAt} first
   */
  public record Moved(AlertState baseline, AlertState candidate, List<Change> changes) {
    public Moved {
      changes = List.copyOf(changes);
    }

    /** How far the start moved: positive if the candidate started later. */
    public Duration startShift() {
      return Duration.between(baseline.startedAt(), candidate.startedAt());
    }
  }
}
