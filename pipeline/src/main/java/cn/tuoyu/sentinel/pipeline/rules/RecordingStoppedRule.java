package cn.tuoyu.sentinel.pipeline.rules;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * RECORDING_STOPPED (subject: camera): a camera listed in the reference data that is ONLINE and
 * reported {@code recording=false}, breached since the first report of that run ({@link
 * CameraState#getRecordingOffSinceMillis()}). No thresholds.
 *
 * <p>Going silent does not clear it (the last thing the camera said is that it is not recording);
 * an OFFLINE report does (CAMERA_OFFLINE takes over), as does a report with {@code recording=true}.
 */
public final class RecordingStoppedRule extends CameraRule {
  private static final long serialVersionUID = 1L;

  @Override
  public String id() {
    return RuleIds.RECORDING_STOPPED;
  }

  @Override
  public Set<RuleInput> inputs() {
    return EnumSet.of(RuleInput.CAMERA);
  }

  @Override
  protected Optional<Observation> observeCamera(
      InstitutionSnapshot s, CameraState c, RuleSettings settings) {
    if (c.getRecordingOffSinceMillis() == null) {
      return Optional.empty();
    }
    Instant since = Instant.ofEpochMilli(c.getRecordingOffSinceMillis());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("recording", false);
    details.put("recordingOffSince", Figures.localTimestamp(since));
    details.put("lastSeenAt", Figures.localTimestamp(Instant.ofEpochMilli(c.getLastSeenMillis())));
    String message =
        Devices.cameraLabel(s, c.getCameraId()) + "在线，但自 " + Figures.clock(since, s.at()) + " 起未录像";
    return Optional.of(
        new Observation(
            id(), SubjectKey.camera(s.institutionId(), c.getCameraId()), since, message, details));
  }
}
