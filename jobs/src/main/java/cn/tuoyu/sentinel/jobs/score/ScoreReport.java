package cn.tuoyu.sentinel.jobs.score;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of {@link Scorer#score}: figures per rule and overall, and the entries and alerts
 * behind them. {@link #text()} is the plain-text report (its last line is {@code precision P recall
 * R}); {@link #json()} the same as one JSON document.
 *
 * @param truth what the run had to raise
 * @param tolerance how far apart a start (and an end) may be and still agree
 * @param input the alert states scored, and the lines that could not be read
 * @param scope how many alerts were scored and how many ignored, and why
 * @param perRule figures per rule id, in catalogue order (rules with neither entry nor alert
 *     absent)
 * @param overall figures over all rules
 * @param missed expected entries with no correct alert (including those whose alert ended wrong)
 * @param falseAlerts scored alerts that correspond to no expected entry
 * @param wrongEnd entries whose corresponding alert started right but ended wrong
 */
public record ScoreReport(
    GroundTruth truth,
    Duration tolerance,
    AlertInput input,
    Scope scope,
    Map<String, Figures> perRule,
    Figures overall,
    List<GroundTruth.Entry> missed,
    List<FalseAlert> falseAlerts,
    List<WrongEnd> wrongEnd) {

  public ScoreReport {
    perRule = Collections.unmodifiableMap(new LinkedHashMap<>(perRule));
    missed = List.copyOf(missed);
    falseAlerts = List.copyOf(falseAlerts);
    wrongEnd = List.copyOf(wrongEnd);
  }

  /** Correct alerts / scored alerts over all rules; 1.0 when no alert was scored. */
  public double precision() {
    return overall.precision();
  }

  /** Correct alerts / expected entries over all rules; 1.0 when nothing was expected. */
  public double recall() {
    return overall.recall();
  }

  /** The plain-text report; its last line is {@code precision %.4f recall %.4f}. */
  public String text() {
    return ReportText.render(this);
  }

  /** The report as one indented JSON document. */
  public String json() {
    return ReportJson.render(this);
  }

  /**
   * Which alerts were scored.
   *
   * @param alerts distinct alerts after folding their states
   * @param notOfThisRun ignored: their institution was not simulated
   * @param openedAfterUntil ignored: opened at or after the simulated period's end
   */
  public record Scope(int alerts, int notOfThisRun, int openedAfterUntil) {
    /** The alerts that were scored. */
    public int scored() {
      return alerts - notOfThisRun - openedAfterUntil;
    }
  }

  /**
   * The counts of one rule (or of all). Every scored alert is correct, wrong end or false; every
   * expected entry is correct or missed.
   *
   * @param expected expected entries
   * @param alerts scored alerts
   * @param correct pairs whose start and end agree
   * @param wrongEnd pairs whose start agrees but not their end
   */
  public record Figures(int expected, int alerts, int correct, int wrongEnd) {
    /** Expected entries without a correct alert (wrong-end ones included). */
    public int missed() {
      return expected - correct;
    }

    /** Scored alerts that correspond to no expected entry. */
    public int falseAlerts() {
      return alerts - correct - wrongEnd;
    }

    /** Correct / alerts; 1.0 when there is no alert (see {@link #precisionMeasured()}). */
    public double precision() {
      return alerts == 0 ? 1.0 : (double) correct / alerts;
    }

    /** Correct / expected; 1.0 when nothing is expected (see {@link #recallMeasured()}). */
    public double recall() {
      return expected == 0 ? 1.0 : (double) correct / expected;
    }

    /** False when precision is 1.0 by definition, there being no alert to measure. */
    public boolean precisionMeasured() {
      return alerts > 0;
    }

    /** False when recall is 1.0 by definition, there being no expected entry to measure. */
    public boolean recallMeasured() {
      return expected > 0;
    }

    Figures plus(Figures o) {
      return new Figures(
          expected + o.expected, alerts + o.alerts, correct + o.correct, wrongEnd + o.wrongEnd);
    }
  }

  /**
   * A scored alert that corresponds to no expected entry.
   *
   * @param alert the alert
   * @param nearMiss the truth's near miss of the same rule and subject whose start agrees (an
   *     injected sub-threshold event that should have raised nothing), or null
   */
  public record FalseAlert(ScoredAlert alert, GroundTruth.Entry nearMiss) {
    /** Whether this alert was raised for an injected near miss. */
    public boolean nearMissAlerted() {
      return nearMiss != null;
    }
  }

  /**
   * An expected entry and its alert: the starts agree, the ends do not.
   *
   * @param entry the expected entry
   * @param alert the alert that started with it
   */
  public record WrongEnd(GroundTruth.Entry entry, ScoredAlert alert) {}
}
