package cn.tuoyu.sentinel.pipeline.rules;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CO2_HIGH (subject: sensor): a sensor whose latest CO2 reading is above {@value
 * RuleCatalog#MAX_PPM} (default 1000 ppm, GB/T 18883; exactly the limit is allowed). The breach
 * begins when the caller first sees it.
 */
public final class Co2HighRule extends SensorRule {
  private static final long serialVersionUID = 1L;

  @Override
  public String id() {
    return RuleIds.CO2_HIGH;
  }

  @Override
  public Set<RuleInput> inputs() {
    return EnumSet.of(RuleInput.SENSOR);
  }

  @Override
  protected Optional<Observation> observeSensor(
      InstitutionSnapshot s, SensorState sensor, RuleSettings settings) {
    double max = settings.threshold(RuleCatalog.MAX_PPM);
    Double ppm = sensor.getCo2Ppm();
    if (ppm == null || !(ppm > max)) {
      return Optional.empty();
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("valuePpm", ppm);
    details.put("maxPpm", max);
    if (sensor.getCo2AtMillis() != null) {
      details.put(
          "measuredAt", Figures.localTimestamp(Instant.ofEpochMilli(sensor.getCo2AtMillis())));
    }
    String message =
        Devices.sensorLabel(s, sensor)
            + "：二氧化碳 "
            + Figures.number(ppm)
            + " ppm，超过标准（不高于 "
            + Figures.number(max)
            + " ppm）";
    return Optional.of(
        new Observation(id(), Devices.sensorSubject(s, sensor), null, message, details));
  }
}
