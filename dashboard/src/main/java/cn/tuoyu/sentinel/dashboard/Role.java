package cn.tuoyu.sentinel.dashboard;

import java.util.Locale;

/** What a user may see and do. */
public enum Role {
  /** A 公安 or 卫健 officer: the alerts of a region (scope = 2-, 4- or 6-digit region prefix). */
  OPERATOR,
  /** An institution: its own alerts (scope = its institutionId) and its webhooks. */
  INSTITUTION,
  /** Reads everything, live and replays; acknowledges nothing. */
  ANALYST,
  /** Everything. */
  ADMIN;

  /** {@code operator}, {@code institution}, {@code analyst} or {@code admin}, any case. */
  public static Role parse(String s) {
    try {
      return valueOf(s.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "a role is operator, institution, analyst or admin, got '" + s + "'");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
