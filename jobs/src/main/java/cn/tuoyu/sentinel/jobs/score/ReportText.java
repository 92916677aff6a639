package cn.tuoyu.sentinel.jobs.score;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The plain-text form of a {@link ScoreReport}: header, table per rule with an overall row, then
 * the unreadable lines, missed entries, false alerts and wrong ends (each list capped at {@value
 * #LIST_CAP} lines), and as the last line {@code precision P recall R}. Times are ISO-8601 in
 * +08:00, like the files they come from.
 */
final class ReportText {
  /** Lines shown per list; the rest is summed up as "… and N more". */
  static final int LIST_CAP = 50;

  /** Marks a precision or recall that is 1.0 by definition, not measured. */
  private static final String NOT_MEASURED = "*";

  private ReportText() {}

  static String render(ScoreReport r) {
    StringBuilder sb = new StringBuilder();
    header(sb, r);
    table(sb, r);
    list(
        sb,
        "Unreadable lines",
        "",
        r.input().unreadableLines(),
        r.input().firstUnreadable(),
        u ->
            String.format(Locale.ROOT, "line %d: %s — %s", u.lineNumber(), u.reason(), u.detail()));
    missed(sb, r);
    falseAlerts(sb, r);
    list(
        sb,
        "Wrong end",
        "",
        r.wrongEnd().size(),
        r.wrongEnd(),
        w ->
            String.join(
                "  ",
                w.entry().ruleId(),
                w.entry().subject().asString(),
                w.alert().alertId(),
                "start " + time(w.entry().start()) + " / alerted " + time(w.alert().startedAt()),
                "end "
                    + expectedEnd(w.entry().end())
                    + " / alerted "
                    + resolved(w.alert().resolvedAt()),
                text(w.entry().note())));
    sb.append(String.format(Locale.ROOT, "precision %.4f recall %.4f", r.precision(), r.recall()))
        .append('\n');
    return sb.toString();
  }

  private static void header(StringBuilder sb, ScoreReport r) {
    GroundTruth t = r.truth();
    ScoreReport.Scope s = r.scope();
    line(sb, "Score of a simulated run (seed %d, %d institutions)", t.seed(), t.institutions());
    line(sb, "period   %s – %s (end exclusive)", time(t.from()), time(t.until()));
    line(
        sb,
        "truth    expected alerts %d, near misses %d",
        t.expected().size(),
        t.nearMisses().size());
    line(
        sb,
        "read     %s: %d alert states of %d alerts; unreadable lines %d",
        r.input().source(),
        r.input().states().size(),
        s.alerts(),
        r.input().unreadableLines());
    line(
        sb,
        "ignored  %d not of this run (institution not simulated), %d opened after the simulated period",
        s.notOfThisRun(),
        s.openedAfterUntil());
    line(sb, "scored   %d alerts, tolerance %s s", s.scored(), seconds(r.tolerance()));
    sb.append('\n');
  }

  private static void table(StringBuilder sb, ScoreReport r) {
    int width = "overall".length();
    for (String rule : r.perRule().keySet()) {
      width = Math.max(width, rule.length());
    }
    String row = "%-" + width + "s %9s %7s %8s %7s %6s %10s %10s %10s";
    line(
        sb,
        row,
        "rule",
        "expected",
        "alerts",
        "correct",
        "missed",
        "false",
        "wrong end",
        "precision",
        "recall");
    boolean marked = false;
    for (Map.Entry<String, ScoreReport.Figures> e : r.perRule().entrySet()) {
      marked |= figures(sb, row, e.getKey(), e.getValue());
    }
    marked |= figures(sb, row, "overall", r.overall());
    if (marked) {
      line(
          sb,
          "%s 1.0 by definition, not measured: no scored alert (precision), no expected alert"
              + " (recall)",
          NOT_MEASURED);
    }
    sb.append('\n');
  }

  /** Appends one row; true if a cell is marked as not measured. */
  private static boolean figures(StringBuilder sb, String row, String name, ScoreReport.Figures f) {
    line(
        sb,
        row,
        name,
        f.expected(),
        f.alerts(),
        f.correct(),
        f.missed(),
        f.falseAlerts(),
        f.wrongEnd(),
        ratio(f.precision(), f.precisionMeasured()),
        ratio(f.recall(), f.recallMeasured()));
    return !f.precisionMeasured() || !f.recallMeasured();
  }

  private static void missed(StringBuilder sb, ScoreReport r) {
    Map<GroundTruth.Entry, ScoredAlert> endedWrong = new IdentityHashMap<>();
    r.wrongEnd().forEach(w -> endedWrong.put(w.entry(), w.alert()));
    list(
        sb,
        "Missed",
        "",
        r.missed().size(),
        r.missed(),
        e -> {
          ScoredAlert wrong = endedWrong.get(e);
          return String.join(
              "  ",
              e.ruleId(),
              e.subject().asString(),
              "start " + time(e.start()),
              "end " + expectedEnd(e.end()),
              text(e.note())
                  + (wrong == null ? "" : "  [alerted, wrong end: " + wrong.alertId() + "]"));
        });
  }

  private static void falseAlerts(StringBuilder sb, ScoreReport r) {
    long nearMisses =
        r.falseAlerts().stream().filter(ScoreReport.FalseAlert::nearMissAlerted).count();
    list(
        sb,
        "False alerts",
        nearMisses == 0 ? "" : ", of which near misses alerted " + nearMisses,
        r.falseAlerts().size(),
        r.falseAlerts(),
        f ->
            String.join(
                "  ",
                f.alert().alertId(),
                f.alert().ruleId(),
                f.alert().subject().asString(),
                "started " + time(f.alert().startedAt()),
                "resolved " + resolved(f.alert().resolvedAt()),
                text(f.alert().message())
                    + (f.nearMissAlerted()
                        ? "  [near miss alerted: " + text(f.nearMiss().note()) + "]"
                        : "")));
  }

  /** A titled list: "Title (N, remark):" then at most LIST_CAP items; or "Title: none". */
  private static <T> void list(
      StringBuilder sb,
      String title,
      String remark,
      long total,
      List<T> items,
      Function<T, String> format) {
    if (total == 0) {
      line(sb, "%s: none", title);
      return;
    }
    line(sb, "%s (%d%s):", title, total, remark);
    List<T> shown = items.subList(0, Math.min(items.size(), LIST_CAP));
    shown.forEach(item -> line(sb, "  %s", format.apply(item)));
    if (total > shown.size()) {
      line(sb, "  … and %d more", total - shown.size());
    }
    sb.append('\n');
  }

  private static String ratio(double value, boolean measured) {
    return String.format(Locale.ROOT, "%.4f", value) + (measured ? " " : NOT_MEASURED);
  }

  private static String time(Instant t) {
    return GroundTruth.text(t);
  }

  private static String expectedEnd(Instant t) {
    return t == null ? "none (still on at the period's end)" : time(t);
  }

  private static String resolved(Instant t) {
    return t == null ? "never" : time(t);
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }

  private static String seconds(Duration d) {
    return BigDecimal.valueOf(d.toMillis(), 3).stripTrailingZeros().toPlainString();
  }

  private static void line(StringBuilder sb, String format, Object... args) {
    sb.append(String.format(Locale.ROOT, format, args).stripTrailing()).append('\n');
  }
}
