package cn.tuoyu.sentinel.jobs.cli;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Times typed on the command line: {@code 2026-11-23T15:00+08:00} (any offset), {@code
 * 2026-11-23T15:00} (Asia/Shanghai) or {@code 15:00} (today in Asia/Shanghai).
 */
final class CliTimes {
  static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  private CliTimes() {}

  static Instant parse(String text, String option) {
    return parse(text, option, Clock.system(CHINA));
  }

  static Instant parse(String text, String option, Clock clock) {
    try {
      if (text.matches("\\d{1,2}:\\d{2}(:\\d{2})?")) {
        LocalTime t = LocalTime.parse(text.length() == 4 || text.length() == 7 ? "0" + text : text);
        return LocalDate.now(clock.withZone(CHINA)).atTime(t).atZone(CHINA).toInstant();
      }
      if (text.matches(".*([+-]\\d{2}:\\d{2}|Z)$")) {
        return OffsetDateTime.parse(text).toInstant();
      }
      return LocalDateTime.parse(text).atZone(CHINA).toInstant();
    } catch (DateTimeParseException e) {
      throw new CliException(
          option
              + " "
              + text
              + " is not a time: use 2026-11-23T15:00+08:00, 2026-11-23T15:00 or 15:00");
    }
  }
}
