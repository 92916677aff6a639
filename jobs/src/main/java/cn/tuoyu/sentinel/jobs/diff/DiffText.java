package cn.tuoyu.sentinel.jobs.diff;

import cn.tuoyu.sentinel.jobs.score.AlertInput;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The plain-text form of a {@link DiffReport}: header (files, alerts read, unreadable lines), a
 * table of counts per rule and region with a total row, the unreadable lines, then the added,
 * removed, moved and changed alerts (each list capped at {@value #LIST_CAP} lines), and as the last
 * line {@code added A removed R moved M changed C}. Times are ISO-8601 in +08:00, like the files
 * they come from. The Chinese rule name is the table's last column, so that its double-width
 * characters cannot misalign the numbers.
 */
final class DiffText {
  /** Lines shown per list; the rest is summed up as "… and N more". */
  static final int LIST_CAP = 50;

  private DiffText() {}

  static String render(DiffReport r) {
    StringBuilder sb = new StringBuilder();
    header(sb, r);
    table(sb, r);
    unreadable(sb, "baseline", r.baseline());
    unreadable(sb, "candidate", r.candidate());
    list(sb, "Added (only in the candidate)", r.added(), DiffText::alert);
    list(sb, "Removed (only in the baseline)", r.removed(), DiffText::alert);
    list(sb, "Moved (same rule and subject, start shifted)", r.moved(), DiffText::moved);
    list(sb, "Changed (same alert, final state differs)", r.changed(), DiffText::changed);
    sb.append(r.summary()).append('\n');
    return sb.toString();
  }

  private static void header(StringBuilder sb, DiffReport r) {
    line(sb, "Alert diff by %s", r.level().label());
    input(sb, "baseline ", r.baseline());
    input(sb, "candidate", r.candidate());
    DiffReport.Counts t = r.totals();
    line(
        sb,
        "result    added %d, removed %d, moved %d, changed %d, unchanged %d",
        t.added(),
        t.removed(),
        t.moved(),
        t.changed(),
        t.unchanged());
    sb.append('\n');
  }

  private static void input(StringBuilder sb, String name, AlertSet set) {
    line(
        sb,
        "%s %s: %d transitions of %d alerts; unreadable lines %d",
        name,
        set.source(),
        set.transitions(),
        set.alerts().size(),
        set.unreadableLines());
  }

  private static void table(StringBuilder sb, DiffReport r) {
    int ruleWidth = "total".length();
    int regionWidth = Math.max(r.level().label().length(), 6);
    for (DiffReport.Row row : r.rows()) {
      ruleWidth = Math.max(ruleWidth, row.ruleId().length());
      regionWidth = Math.max(regionWidth, row.region().length());
    }
    String format = "%-" + ruleWidth + "s  %-" + regionWidth + "s %6s %8s %6s %8s %10s  %s";
    line(
        sb,
        format,
        "rule",
        r.level().label(),
        "added",
        "removed",
        "moved",
        "changed",
        "unchanged",
        "name");
    for (DiffReport.Row row : r.rows()) {
      counts(sb, format, row.ruleId(), row.region(), row.counts(), chineseName(row.ruleId()));
    }
    counts(sb, format, "total", "", r.totals(), "");
    sb.append('\n');
  }

  private static void counts(
      StringBuilder sb,
      String format,
      String rule,
      String region,
      DiffReport.Counts c,
      String name) {
    line(
        sb,
        format,
        rule,
        region,
        c.added(),
        c.removed(),
        c.moved(),
        c.changed(),
        c.unchanged(),
        name);
  }

  private static void unreadable(StringBuilder sb, String side, AlertSet set) {
    String title = "Unreadable lines in the " + side;
    if (set.unreadableLines() == 0) {
      line(sb, "%s: none", title);
      return;
    }
    line(sb, "%s (%d):", title, set.unreadableLines());
    for (AlertInput.Unreadable u : set.firstUnreadable()) {
      line(sb, "  line %d: %s — %s", u.lineNumber(), u.reason(), u.detail());
    }
    if (set.unreadableLines() > set.firstUnreadable().size()) {
      line(sb, "  … and %d more", set.unreadableLines() - set.firstUnreadable().size());
    }
    sb.append('\n');
  }

  private static String alert(AlertState a) {
    return String.join(
        "  ",
        a.alertId(),
        a.ruleId(),
        institution(a),
        subject(a.subject()),
        "started " + Change.time(a.startedAt()),
        "opened " + Change.time(a.openedAt()),
        a.resolvedAt() == null ? "still open" : "resolved " + Change.time(a.resolvedAt()),
        text(a.message()));
  }

  private static String moved(DiffReport.Moved m) {
    AlertState c = m.candidate();
    return String.join(
        "  ",
        m.baseline().alertId() + " → " + c.alertId(),
        c.ruleId(),
        institution(c),
        subject(c.subject()),
        "started " + Change.time(m.baseline().startedAt()) + " → " + Change.time(c.startedAt()),
        changes(m.changes()),
        text(c.message()));
  }

  private static String changed(DiffReport.Changed ch) {
    AlertState c = ch.candidate();
    return String.join(
        "  ",
        c.alertId(),
        c.ruleId(),
        institution(c),
        subject(c.subject()),
        "started " + Change.time(c.startedAt()),
        changes(ch.changes()),
        text(c.message()));
  }

  private static String changes(List<Change> changes) {
    return changes.stream().map(Change::description).collect(Collectors.joining("; "));
  }

  /** The institution id, and its name when the alert carried it. */
  private static String institution(AlertState a) {
    String id = a.subject().institutionId();
    return a.institutionName() == null ? id : id + " " + a.institutionName();
  }

  /** The subject within its institution, e.g. {@code room R1 sensor T1}, or {@code institution}. */
  static String subject(SubjectKey s) {
    List<String> parts = new ArrayList<>();
    part(parts, "room", s.roomId());
    part(parts, "camera", s.cameraId());
    part(parts, "sensor", s.sensorId());
    part(parts, "person", s.personId());
    return parts.isEmpty() ? "institution" : String.join(" ", parts);
  }

  private static void part(List<String> parts, String kind, String id) {
    if (id != null) {
      parts.add(kind + " " + id);
    }
  }

  private static String chineseName(String ruleId) {
    return RuleIds.isKnown(ruleId) ? RuleIds.chineseName(ruleId) : "";
  }

  /** A titled list: "Title (N):" then at most LIST_CAP items; or "Title: none". */
  private static <T> void list(
      StringBuilder sb, String title, List<T> items, Function<T, String> format) {
    if (items.isEmpty()) {
      line(sb, "%s: none", title);
      return;
    }
    line(sb, "%s (%d):", title, items.size());
    List<T> shown = items.subList(0, Math.min(items.size(), LIST_CAP));
    shown.forEach(item -> line(sb, "  %s", format.apply(item)));
    if (items.size() > shown.size()) {
      line(sb, "  … and %d more", items.size() - shown.size());
    }
    sb.append('\n');
  }

  private static String text(String s) {
    return s == null ? "" : s;
  }

  private static void line(StringBuilder sb, String format, Object... args) {
    sb.append(String.format(Locale.ROOT, format, args).stripTrailing()).append('\n');
  }
}
