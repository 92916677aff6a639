package cn.tuoyu.sentinel.pipeline.rules;

import java.util.List;

/**
 * The surveillance and environment rules, decided from what an institution's cameras and sensors
 * last reported and when ({@link CameraState}, {@link SensorState}), and from the institution's own
 * silence. CAMERA_FLAPPING is not here: it is a sequence over a camera's OFFLINE transitions,
 * matched by a CEP pattern ({@link CameraFlappingRule} holds its decision).
 */
public final class DeviceRules {
  /** Every device rule, in catalogue order. */
  public static final List<InstitutionRule> ALL =
      List.of(
          new CameraOfflineRule(),
          new SurveillanceGapRule(),
          new RecordingStoppedRule(),
          new RetentionBelowStandardRule(),
          new InstitutionOfflineRule(),
          new SmokeDetectedRule(),
          new TemperatureOutOfRangeRule(),
          new Co2HighRule(),
          new SensorSilentRule());

  private DeviceRules() {}

  /**
   * The device rule with {@code ruleId}.
   *
   * @throws IllegalArgumentException if it is not a device rule (CAMERA_FLAPPING is not one)
   */
  public static InstitutionRule byId(String ruleId) {
    for (InstitutionRule rule : ALL) {
      if (rule.id().equals(ruleId)) {
        return rule;
      }
    }
    throw new IllegalArgumentException(ruleId + " is not a device rule");
  }
}
