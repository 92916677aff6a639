package cn.tuoyu.sentinel.pipeline.rules;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SMOKE_DETECTED (subject: sensor): a sensor whose latest SMOKE reading is an alarm (value ≥ 1; the
 * schema sends 1 for alarm, 0 for clear), breached since that reading. No thresholds; no hold by
 * default. Sensors need not be in the reference data.
 */
public final class SmokeDetectedRule extends SensorRule {
  private static final long serialVersionUID = 1L;

  @Override
  public String id() {
    return RuleIds.SMOKE_DETECTED;
  }

  @Override
  public Set<RuleInput> inputs() {
    return EnumSet.of(RuleInput.SENSOR);
  }

  @Override
  protected Optional<Observation> observeSensor(
      InstitutionSnapshot s, SensorState sensor, RuleSettings settings) {
    Double smoke = sensor.getSmoke();
    if (smoke == null || smoke < 1) {
      return Optional.empty();
    }
    Instant at =
        sensor.getSmokeAtMillis() == null ? null : Instant.ofEpochMilli(sensor.getSmokeAtMillis());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("smoke", smoke);
    if (at != null) {
      details.put("measuredAt", Figures.localTimestamp(at));
    }
    String message =
        Devices.sensorLabel(s, sensor)
            + "："
            + (at == null ? "" : Figures.clock(at, s.at()) + " ")
            + "检测到烟雾报警";
    return Optional.of(
        new Observation(id(), Devices.sensorSubject(s, sensor), at, message, details));
  }
}
