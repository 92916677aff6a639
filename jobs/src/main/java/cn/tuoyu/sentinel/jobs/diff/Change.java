package cn.tuoyu.sentinel.jobs.diff;

import cn.tuoyu.sentinel.jobs.score.GroundTruth;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One field in which the candidate's state of an alert differs from the baseline's.
 *
 * @param field the alert export field: {@code startedAt} (moved alerts only), {@code status},
 *     {@code severity}, {@code openedAt} or {@code resolvedAt}
 * @param baseline the baseline's value as in the export (times ISO-8601 in +08:00), or null
 * @param candidate the candidate's value, or null
 * @param description what changed in words, e.g. {@code opened 45 s later} or {@code resolved →
 *     still open}
 */
public record Change(String field, String baseline, String candidate, String description) {

  public Change {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(description, "description");
  }

  /**
   * The differences between two states of the same alert (or of a moved one), in the order
   * startedAt (if {@code withStart}), status, severity, openedAt, resolvedAt. Empty when they
   * agree.
   */
  static List<Change> between(AlertState b, AlertState c, boolean withStart) {
    List<Change> changes = new ArrayList<>();
    if (withStart && !b.startedAt().equals(c.startedAt())) {
      changes.add(shift("startedAt", "started", b.startedAt(), c.startedAt()));
    }
    if (b.status() != c.status()) {
      changes.add(
          new Change(
              "status",
              b.status().name(),
              c.status().name(),
              "status " + b.status() + " → " + c.status()));
    }
    if (b.severity() != c.severity()) {
      changes.add(
          new Change(
              "severity",
              b.severity().name(),
              c.severity().name(),
              "severity " + b.severity() + " → " + c.severity()));
    }
    if (!b.openedAt().equals(c.openedAt())) {
      changes.add(shift("openedAt", "opened", b.openedAt(), c.openedAt()));
    }
    if (!Objects.equals(b.resolvedAt(), c.resolvedAt())) {
      changes.add(resolved(b.resolvedAt(), c.resolvedAt()));
    }
    return changes;
  }

  private static Change resolved(Instant b, Instant c) {
    if (c == null) {
      return new Change("resolvedAt", time(b), null, "resolved → still open");
    }
    if (b == null) {
      return new Change("resolvedAt", null, time(c), "still open → resolved " + time(c));
    }
    return shift("resolvedAt", "resolved", b, c);
  }

  private static Change shift(String field, String verb, Instant b, Instant c) {
    Duration d = Duration.between(b, c);
    String words = verb + " " + duration(d.abs()) + (d.isNegative() ? " earlier" : " later");
    return new Change(field, time(b), time(c), words);
  }

  /** A duration for people: {@code 45 s}, {@code 2 min 5 s}, {@code 1 h 30 min}, {@code 1.5 s}. */
  static String duration(Duration d) {
    long hours = d.toHours();
    long minutes = d.toMinutesPart();
    Duration rest = d.minusHours(hours).minusMinutes(minutes);
    String seconds = BigDecimal.valueOf(rest.toMillis(), 3).stripTrailingZeros().toPlainString();
    StringBuilder s = new StringBuilder();
    if (hours > 0) {
      s.append(hours).append(" h");
    }
    if (minutes > 0) {
      s.append(s.isEmpty() ? "" : " ").append(minutes).append(" min");
    }
    if (!rest.isZero() || s.isEmpty()) {
      s.append(s.isEmpty() ? "" : " ").append(seconds).append(" s");
    }
    return s.toString();
  }

  static String time(Instant t) {
    return t == null ? null : GroundTruth.text(t);
  }
}
