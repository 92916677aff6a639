package cn.tuoyu.sentinel.pipeline.rules;

import static cn.tuoyu.sentinel.schema.Severity.CRITICAL;
import static cn.tuoyu.sentinel.schema.Severity.MAJOR;
import static cn.tuoyu.sentinel.schema.Severity.MINOR;

import cn.tuoyu.sentinel.schema.Severity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * The catalogue defaults of {@code rules.md} for all 16 rules: enabled, hold, severity and every
 * named threshold. Run-time parameters ({@code sentinel.rules}) override these per region and per
 * parameter ({@link RuleParameterResolver}); a parameter nobody overrides keeps its value here.
 *
 * <p>Named thresholds (the keys of a rule object in a {@code rules} line other than {@code
 * enabled}, {@code holdSeconds} and {@code severity}):
 *
 * <table>
 *   <caption>Thresholds and their defaults</caption>
 *   <tr><th>rule</th><th>threshold</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>RATIO_BELOW_STANDARD</td><td>ratioInfant / ratioToddlerSmall / ratioToddlerLarge /
 *       ratioMixed / ratioFamily</td><td>3 / 5 / 7 / 5 / 3</td><td>children per certified
 *       caregiver for 乳儿班 / 托小班 / 托大班 / 混合班 / every room of a 家庭托育点</td></tr>
 *   <tr><td>CLASS_OVER_CAPACITY</td><td>maxInfant / maxToddlerSmall / maxToddlerLarge / maxMixed /
 *       maxFamily</td><td>10 / 15 / 20 / 18 / 5</td><td>standard class size; the room's licensed
 *       capacity caps it further</td></tr>
 *   <tr><td>RETENTION_BELOW_STANDARD</td><td>minRetentionDays</td><td>90</td><td>recordings must
 *       be kept at least this many days</td></tr>
 *   <tr><td>CAMERA_FLAPPING</td><td>minTransitions / windowSeconds</td><td>3 / 3600</td>
 *       <td>ONLINE → OFFLINE changes within the window that make a camera flap (below 2 counts
 *       as 2; the window is capped at 6 h)</td></tr>
 *   <tr><td>TEMPERATURE_OUT_OF_RANGE</td><td>summerMinC / summerMaxC / winterMinC / winterMaxC /
 *       otherMinC / otherMaxC</td><td>22 / 28 / 16 / 24 / 16 / 28</td><td>allowed band in °C;
 *       summer Jun–Aug, winter Dec–Feb, by month in Asia/Shanghai</td></tr>
 *   <tr><td>CO2_HIGH</td><td>maxPpm</td><td>1000</td><td>CO2 above this is a breach</td></tr>
 * </table>
 *
 * <p>The other rules have no thresholds: their limits come from reference data (licensed places,
 * staff list, opening and closing time) or are the hold itself (CAMERA_OFFLINE,
 * INSTITUTION_OFFLINE, SENSOR_SILENT measure silence against their hold; SURVEILLANCE_GAP stops
 * counting a silent camera after CAMERA_OFFLINE's hold). A hold of 0 turns off silence detection
 * for CAMERA_OFFLINE (explicit OFFLINE reports still count; SURVEILLANCE_GAP then ignores silence
 * too) and SENSOR_SILENT; for INSTITUTION_OFFLINE it makes any silence within opening hours a
 * breach at once.
 */
public final class RuleCatalog {
  /** RETENTION_BELOW_STANDARD: minimum days recordings must be kept (default 90). */
  public static final String MIN_RETENTION_DAYS = "minRetentionDays";

  /**
   * CAMERA_FLAPPING: ONLINE → OFFLINE changes within the window that count as flapping (3; below 2
   * counts as 2).
   */
  public static final String MIN_TRANSITIONS = "minTransitions";

  /** CAMERA_FLAPPING: length of the sliding window in seconds (3600; capped at 6 h). */
  public static final String WINDOW_SECONDS = "windowSeconds";

  /** TEMPERATURE_OUT_OF_RANGE: lowest allowed °C in summer, June–August (22). */
  public static final String SUMMER_MIN_C = "summerMinC";

  /** TEMPERATURE_OUT_OF_RANGE: highest allowed °C in summer (28). */
  public static final String SUMMER_MAX_C = "summerMaxC";

  /** TEMPERATURE_OUT_OF_RANGE: lowest allowed °C in winter, December–February (16). */
  public static final String WINTER_MIN_C = "winterMinC";

  /** TEMPERATURE_OUT_OF_RANGE: highest allowed °C in winter (24). */
  public static final String WINTER_MAX_C = "winterMaxC";

  /** TEMPERATURE_OUT_OF_RANGE: lowest allowed °C in spring and autumn (16). */
  public static final String OTHER_MIN_C = "otherMinC";

  /** TEMPERATURE_OUT_OF_RANGE: highest allowed °C in spring and autumn (28). */
  public static final String OTHER_MAX_C = "otherMaxC";

  /** CO2_HIGH: highest allowed CO2 in ppm (1000, GB/T 18883). */
  public static final String MAX_PPM = "maxPpm";

  private static final Map<String, RuleSettings> DEFAULTS = defaultsByRule();

  private RuleCatalog() {}

  /**
   * The catalogue defaults of {@code ruleId}.
   *
   * @throws IllegalArgumentException if {@code ruleId} is not one of {@link RuleIds#ALL}
   */
  public static RuleSettings defaults(String ruleId) {
    RuleSettings settings = DEFAULTS.get(ruleId);
    if (settings == null) {
      throw new IllegalArgumentException(
          "unknown rule id " + ruleId + "; the catalogue has " + RuleIds.ALL);
    }
    return settings;
  }

  /** The catalogue defaults of every rule, in catalogue order. */
  public static Map<String, RuleSettings> allDefaults() {
    return DEFAULTS;
  }

  private static Map<String, RuleSettings> defaultsByRule() {
    Map<String, RuleSettings> m = new LinkedHashMap<>();
    m.put(
        RuleIds.RATIO_BELOW_STANDARD,
        rule(
            120,
            MAJOR,
            Map.of(
                RatioBelowStandardRule.RATIO_INFANT, 3.0,
                RatioBelowStandardRule.RATIO_TODDLER_SMALL, 5.0,
                RatioBelowStandardRule.RATIO_TODDLER_LARGE, 7.0,
                // No national figure for mixed classes; 1:5 is the local default of rules.md.
                RatioBelowStandardRule.RATIO_MIXED, 5.0,
                RatioBelowStandardRule.RATIO_FAMILY, 3.0)));
    m.put(RuleIds.ROOM_UNATTENDED, rule(30, CRITICAL, Map.of()));
    m.put(
        RuleIds.CLASS_OVER_CAPACITY,
        rule(
            120,
            MAJOR,
            Map.of(
                ClassOverCapacityRule.MAX_INFANT, 10.0,
                ClassOverCapacityRule.MAX_TODDLER_SMALL, 15.0,
                ClassOverCapacityRule.MAX_TODDLER_LARGE, 20.0,
                ClassOverCapacityRule.MAX_MIXED, 18.0,
                ClassOverCapacityRule.MAX_FAMILY, 5.0)));
    m.put(RuleIds.INSTITUTION_OVER_LICENSE, rule(600, MINOR, Map.of()));
    m.put(RuleIds.STAFF_UNCERTIFIED_ON_DUTY, rule(60, MINOR, Map.of()));
    m.put(RuleIds.CHILD_NOT_PICKED_UP, rule(1800, MAJOR, Map.of()));
    m.put(RuleIds.CAMERA_OFFLINE, rule(90, MAJOR, Map.of()));
    m.put(RuleIds.SURVEILLANCE_GAP, rule(60, CRITICAL, Map.of()));
    m.put(RuleIds.RECORDING_STOPPED, rule(60, MAJOR, Map.of()));
    m.put(RuleIds.RETENTION_BELOW_STANDARD, rule(0, MINOR, Map.of(MIN_RETENTION_DAYS, 90.0)));
    m.put(
        RuleIds.CAMERA_FLAPPING,
        rule(0, MINOR, Map.of(MIN_TRANSITIONS, 3.0, WINDOW_SECONDS, 3600.0)));
    m.put(RuleIds.INSTITUTION_OFFLINE, rule(300, MAJOR, Map.of()));
    m.put(RuleIds.SMOKE_DETECTED, rule(0, CRITICAL, Map.of()));
    m.put(
        RuleIds.TEMPERATURE_OUT_OF_RANGE,
        rule(
            600,
            MINOR,
            Map.of(
                SUMMER_MIN_C, 22.0,
                SUMMER_MAX_C, 28.0,
                WINTER_MIN_C, 16.0,
                WINTER_MAX_C, 24.0,
                OTHER_MIN_C, 16.0,
                OTHER_MAX_C, 28.0)));
    m.put(RuleIds.CO2_HIGH, rule(600, MINOR, Map.of(MAX_PPM, 1000.0)));
    m.put(RuleIds.SENSOR_SILENT, rule(600, MINOR, Map.of()));
    if (!m.keySet().equals(new LinkedHashSet<>(RuleIds.ALL))) {
      throw new AssertionError("RuleCatalog and RuleIds disagree: " + m.keySet());
    }
    return Collections.unmodifiableMap(m);
  }

  private static RuleSettings rule(
      long holdSeconds, Severity severity, Map<String, Double> thresholds) {
    return new RuleSettings(true, holdSeconds * 1000, severity, thresholds);
  }
}
