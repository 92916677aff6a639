package cn.tuoyu.sentinel.pipeline.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rule whose subject is an environment sensor, like {@link RoomRule} for rooms: it skips a
 * disabled rule, walks every sensor that has reported, and orders the breaches by subject.
 * Subclasses decide one sensor.
 */
public abstract class SensorRule implements InstitutionRule {
  private static final long serialVersionUID = 1L;

  @Override
  public final List<Observation> observe(InstitutionSnapshot s, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    List<Observation> breaches = new ArrayList<>();
    for (SensorState sensor : s.sensors().values()) {
      observeSensor(s, sensor, settings).ifPresent(breaches::add);
    }
    return Devices.bySubject(breaches);
  }

  /** The breach of one sensor, if there is one. */
  protected abstract Optional<Observation> observeSensor(
      InstitutionSnapshot s, SensorState sensor, RuleSettings settings);
}
