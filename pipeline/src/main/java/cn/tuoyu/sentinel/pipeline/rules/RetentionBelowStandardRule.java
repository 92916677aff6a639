package cn.tuoyu.sentinel.pipeline.rules;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * RETENTION_BELOW_STANDARD (subject: camera): a camera listed in the reference data whose latest
 * reported {@code retentionDays} is below {@value RuleCatalog#MIN_RETENTION_DAYS} (default 90).
 * Cameras that never reported a retention are not breached. The breach begins when the caller first
 * sees it.
 */
public final class RetentionBelowStandardRule extends CameraRule {
  private static final long serialVersionUID = 1L;

  @Override
  public String id() {
    return RuleIds.RETENTION_BELOW_STANDARD;
  }

  @Override
  public Set<RuleInput> inputs() {
    return EnumSet.of(RuleInput.CAMERA);
  }

  @Override
  protected Optional<Observation> observeCamera(
      InstitutionSnapshot s, CameraState c, RuleSettings settings) {
    double minDays = settings.threshold(RuleCatalog.MIN_RETENTION_DAYS);
    Integer days = c.getRetentionDays();
    if (days == null || days >= minDays) {
      return Optional.empty();
    }
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("retentionDays", days);
    details.put("minRetentionDays", minDays);
    String message =
        Devices.cameraLabel(s, c.getCameraId())
            + "录像保存 "
            + days
            + " 天，低于标准（不少于 "
            + Figures.number(minDays)
            + " 天）";
    return Optional.of(
        new Observation(
            id(), SubjectKey.camera(s.institutionId(), c.getCameraId()), null, message, details));
  }
}
