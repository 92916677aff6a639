package cn.tuoyu.sentinel.pipeline.rules;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * TEMPERATURE_OUT_OF_RANGE (subject: sensor): a sensor whose latest temperature lies outside the
 * band of the season (GB/T 18883). The season is decided by the month of that reading in
 * Asia/Shanghai: June–August summer ({@value RuleCatalog#SUMMER_MIN_C}–{@value
 * RuleCatalog#SUMMER_MAX_C}, default 22–28 °C), December–February winter ({@value
 * RuleCatalog#WINTER_MIN_C}–{@value RuleCatalog#WINTER_MAX_C}, 16–24 °C), otherwise {@value
 * RuleCatalog#OTHER_MIN_C}–{@value RuleCatalog#OTHER_MAX_C} (16–28 °C). Both ends of a band are
 * allowed. The breach begins when the caller first sees it.
 */
public final class TemperatureOutOfRangeRule extends SensorRule {
  private static final long serialVersionUID = 1L;

  @Override
  public String id() {
    return RuleIds.TEMPERATURE_OUT_OF_RANGE;
  }

  @Override
  public Set<RuleInput> inputs() {
    return EnumSet.of(RuleInput.SENSOR);
  }

  /**
   * The band {@code {min, max}} in °C that applies at {@code t}: the thresholds of the season of
   * its month in Asia/Shanghai. (The city simulator keeps its normal readings and its incidents by
   * it.)
   */
  public static double[] band(Instant t, RuleSettings s) {
    Season season = Season.of(t);
    return new double[] {s.threshold(season.minName), s.threshold(season.maxName)};
  }

  /** The seasons of GB/T 18883 with their thresholds and names. */
  enum Season {
    SUMMER("summer", "夏季", RuleCatalog.SUMMER_MIN_C, RuleCatalog.SUMMER_MAX_C),
    WINTER("winter", "冬季", RuleCatalog.WINTER_MIN_C, RuleCatalog.WINTER_MAX_C),
    OTHER("other", "春秋季", RuleCatalog.OTHER_MIN_C, RuleCatalog.OTHER_MAX_C);

    final String detail;
    final String chinese;
    final String minName;
    final String maxName;

    Season(String detail, String chinese, String minName, String maxName) {
      this.detail = detail;
      this.chinese = chinese;
      this.minName = minName;
      this.maxName = maxName;
    }

    /** The season of {@code t} by its month in Asia/Shanghai. */
    static Season of(Instant t) {
      switch (t.atZone(InstitutionSnapshot.ZONE).getMonth()) {
        case JUNE:
        case JULY:
        case AUGUST:
          return SUMMER;
        case DECEMBER:
        case JANUARY:
        case FEBRUARY:
          return WINTER;
        default:
          return OTHER;
      }
    }
  }

  @Override
  protected Optional<Observation> observeSensor(
      InstitutionSnapshot s, SensorState sensor, RuleSettings settings) {
    Double value = sensor.getTemperatureC();
    if (value == null) {
      return Optional.empty();
    }
    Instant measuredAt =
        sensor.getTemperatureAtMillis() == null
            ? s.at()
            : Instant.ofEpochMilli(sensor.getTemperatureAtMillis());
    Season season = Season.of(measuredAt);
    double min = settings.threshold(season.minName);
    double max = settings.threshold(season.maxName);
    if (value >= min && value <= max) {
      return Optional.empty();
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("valueC", value);
    details.put("minC", min);
    details.put("maxC", max);
    details.put("season", season.detail);
    details.put("measuredAt", Figures.localTimestamp(measuredAt));
    String message =
        Devices.sensorLabel(s, sensor)
            + "：室温 "
            + Figures.number(value)
            + "℃，超出"
            + season.chinese
            + "标准（"
            + Figures.number(min)
            + "–"
            + Figures.number(max)
            + "℃）";
    return Optional.of(
        new Observation(id(), Devices.sensorSubject(s, sensor), null, message, details));
  }
}
