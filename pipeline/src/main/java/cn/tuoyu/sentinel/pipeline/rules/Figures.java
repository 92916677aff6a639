package cn.tuoyu.sentinel.pipeline.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Formatting of observed figures for messages and details, the same in every rule. */
final class Figures {
  private static final DateTimeFormatter LOCAL_TIMESTAMP =
      DateTimeFormatter.ISO_OFFSET_DATE_TIME.withZone(InstitutionSnapshot.ZONE);
  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm").withZone(InstitutionSnapshot.ZONE);
  private static final DateTimeFormatter DATE_CLOCK =
      DateTimeFormatter.ofPattern("M月d日 HH:mm").withZone(InstitutionSnapshot.ZONE);

  private Figures() {}

  /** A threshold without a needless fraction: 5.0 → "5", 5.5 → "5.5". */
  static String number(double value) {
    if (value == Math.rint(value) && Math.abs(value) < 1e15) {
      return Long.toString((long) value);
    }
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /** Ids for a detail value: comma-separated, no spaces ("s-09,s-10"). */
  static String idList(List<String> ids) {
    return String.join(",", ids);
  }

  /** Ids for a Chinese message: separated by the enumeration comma ("s-09、s-10"). */
  static String idText(List<String> ids) {
    return String.join("、", ids);
  }

  /** An instant as local ISO-8601 with offset, e.g. 2026-11-23T07:45:00+08:00. */
  static String localTimestamp(Instant t) {
    return LOCAL_TIMESTAMP.format(t);
  }

  /**
   * An instant as a local clock time for a message: "09:12" if it falls on the local day of {@code
   * reference}, otherwise with its date ("11月22日 17:50").
   */
  static String clock(Instant t, Instant reference) {
    boolean sameDay =
        t.atZone(InstitutionSnapshot.ZONE)
            .toLocalDate()
            .equals(reference.atZone(InstitutionSnapshot.ZONE).toLocalDate());
    return (sameDay ? CLOCK : DATE_CLOCK).format(t);
  }

  /** A duration for a message: "5 分钟" if whole minutes, else "90 秒", else "1500 毫秒". */
  static String duration(long millis) {
    if (millis != 0 && millis % 60_000 == 0) {
      return millis / 60_000 + " 分钟";
    }
    if (millis % 1000 == 0) {
      return millis / 1000 + " 秒";
    }
    return millis + " 毫秒";
  }
}
