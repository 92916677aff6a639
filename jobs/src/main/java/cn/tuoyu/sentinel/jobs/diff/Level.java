package cn.tuoyu.sentinel.jobs.diff;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How finely {@code diff} groups alerts by region. A {@code regionCode} is the 6-digit 行政区划代码: the
 * province is its first 2 digits, the city its first 4, the district all 6 (as operator scopes are
 * prefixes). A region is shown as a 6-digit code padded with zeros, as the administrative codes of
 * cities and provinces are written: district 320402, city 320400, province 320000.
 */
public enum Level {
  DISTRICT(6),
  CITY(4),
  PROVINCE(2);

  /** The code a region is shown under when an alert has no region code. */
  public static final String UNKNOWN_REGION = "unknown";

  private final int digits;

  Level(int digits) {
    this.digits = digits;
  }

  /** How many leading digits of a region code name a region at this level. */
  public int digits() {
    return digits;
  }

  /** The lower-case name used on the command line and in reports, e.g. {@code city}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The region at this level that {@code regionCode} lies in, padded to 6 digits, e.g. 320402 →
   * 320400 at city level. A code shorter than this level's digits is padded as it is; a missing or
   * blank one is {@value #UNKNOWN_REGION}.
   */
  public String region(String regionCode) {
    if (regionCode == null || regionCode.isBlank()) {
      return UNKNOWN_REGION;
    }
    String code = regionCode.strip();
    String prefix = code.substring(0, Math.min(digits, code.length()));
    return prefix.length() >= 6 ? prefix : prefix + "0".repeat(6 - prefix.length());
  }

  /**
   * The level named {@code text} ({@code district}, {@code city} or {@code province}, any case).
   *
   * @throws IllegalArgumentException naming the levels if {@code text} is none of them
   */
  public static Level parse(String text) {
    for (Level l : values()) {
      if (l.label().equalsIgnoreCase(text == null ? "" : text.strip())) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "unknown level '"
            + text
            + "'; expected one of "
            + Arrays.stream(values()).map(Level::label).collect(Collectors.joining(", ")));
  }
}
