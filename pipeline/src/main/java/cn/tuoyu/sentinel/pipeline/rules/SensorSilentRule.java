package cn.tuoyu.sentinel.pipeline.rules;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SENSOR_SILENT (subject: sensor): a sensor that has reported and then sent nothing, of any metric,
 * for the hold (default 10 min). Breached from {@code lastSeen + hold} on, since {@code lastSeen},
 * as a {@linkplain Observation#silence() silence}; a reading at exactly {@code lastSeen + hold}
 * moves {@code lastSeen} first, so the sensor is not silent. With a hold of 0 silence is not
 * detected. No thresholds. {@link #nextCheck}: the earliest {@code lastSeen + hold} after {@code
 * at}.
 */
public final class SensorSilentRule extends SensorRule {
  private static final long serialVersionUID = 1L;

  @Override
  public String id() {
    return RuleIds.SENSOR_SILENT;
  }

  @Override
  public Set<RuleInput> inputs() {
    return EnumSet.of(RuleInput.SENSOR, RuleInput.ANY);
  }

  @Override
  protected Optional<Observation> observeSensor(
      InstitutionSnapshot s, SensorState sensor, RuleSettings settings) {
    long hold = settings.holdMillis();
    if (!Devices.isSilent(sensor.getLastSeenMillis(), hold, s.at())) {
      return Optional.empty();
    }
    Instant lastSeen = Instant.ofEpochMilli(sensor.getLastSeenMillis());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("lastSeenAt", Figures.localTimestamp(lastSeen));
    details.put("holdSeconds", hold / 1000);
    String message =
        Devices.sensorLabel(s, sensor)
            + "：自 "
            + Figures.clock(lastSeen, s.at())
            + " 起 "
            + Figures.duration(hold)
            + "无数据上报";
    return Optional.of(
        new Observation(id(), Devices.sensorSubject(s, sensor), lastSeen, message, details, true));
  }

  @Override
  public Optional<Instant> nextCheck(InstitutionSnapshot s, RuleSettings settings) {
    long hold = settings.holdMillis();
    Optional<Instant> next = Optional.empty();
    if (!settings.enabled() || hold == 0) {
      return next;
    }
    for (SensorState sensor : s.sensors().values()) {
      next =
          Devices.earliestAfter(next, Devices.silentAt(sensor.getLastSeenMillis(), hold), s.at());
    }
    return next;
  }
}
