package cn.tuoyu.sentinel.pipeline.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A rule whose subject is a camera, like {@link RoomRule} for rooms: it skips a disabled rule,
 * walks the cameras the reference data lists that have reported, and orders the breaches by
 * subject. Subclasses decide one camera.
 */
public abstract class CameraRule implements InstitutionRule {
  private static final long serialVersionUID = 1L;

  @Override
  public final List<Observation> observe(InstitutionSnapshot s, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    List<Observation> breaches = new ArrayList<>();
    for (CameraState c : Devices.knownCameras(s)) {
      observeCamera(s, c, settings).ifPresent(breaches::add);
    }
    return Devices.bySubject(breaches);
  }

  /** The breach of one camera, if there is one. */
  protected abstract Optional<Observation> observeCamera(
      InstitutionSnapshot s, CameraState c, RuleSettings settings);
}
