package cn.tuoyu.sentinel.pipeline.rules;

import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * CAMERA_OFFLINE (subject: camera): a camera listed in a room of the reference data whose last
 * status was OFFLINE (an OFFLINE report not followed by ONLINE), or which was ONLINE but has sent
 * no report, heartbeat or other, for the hold. No thresholds.
 *
 * <ul>
 *   <li>OFFLINE: breached since the report that took it offline ({@link
 *       CameraState#getStatusSinceMillis()}); not a silence.
 *   <li>Silent: breached from {@code lastSeen + hold} on, since {@code lastSeen}, flagged as a
 *       {@linkplain Observation#silence() silence}. A report at exactly {@code lastSeen + hold}
 *       moves {@code lastSeen} first, so the camera is not silent. With a hold of 0 silence is not
 *       detected at all, only explicit OFFLINE reports.
 * </ul>
 *
 * <p>Cameras never heard from are not breached (there is nothing to say they went away), nor are
 * cameras no room lists. {@link #nextCheck}: the earliest {@code lastSeen + hold} after {@code at}
 * of an online camera.
 */
public final class CameraOfflineRule extends CameraRule {
  private static final long serialVersionUID = 1L;

  @Override
  public String id() {
    return RuleIds.CAMERA_OFFLINE;
  }

  @Override
  public Set<RuleInput> inputs() {
    return EnumSet.of(RuleInput.CAMERA, RuleInput.ANY);
  }

  @Override
  protected Optional<Observation> observeCamera(
      InstitutionSnapshot s, CameraState c, RuleSettings settings) {
    long hold = settings.holdMillis();
    if (!c.isOnline()) {
      return Optional.of(offline(s, c));
    }
    if (Devices.isSilent(c.getLastSeenMillis(), hold, s.at())) {
      return Optional.of(silent(s, c, hold));
    }
    return Optional.empty();
  }

  @Override
  public Optional<Instant> nextCheck(InstitutionSnapshot s, RuleSettings settings) {
    long hold = settings.holdMillis();
    Optional<Instant> next = Optional.empty();
    if (!settings.enabled() || hold == 0) {
      return next;
    }
    for (CameraState c : Devices.knownCameras(s)) {
      if (c.isOnline()) {
        next = Devices.earliestAfter(next, Devices.silentAt(c.getLastSeenMillis(), hold), s.at());
      }
    }
    return next;
  }

  private Observation offline(InstitutionSnapshot s, CameraState c) {
    Instant since = Instant.ofEpochMilli(c.getStatusSinceMillis());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("status", "OFFLINE");
    details.put("offlineSince", Figures.localTimestamp(since));
    details.put("lastSeenAt", Figures.localTimestamp(Instant.ofEpochMilli(c.getLastSeenMillis())));
    String message =
        Devices.cameraLabel(s, c.getCameraId()) + "自 " + Figures.clock(since, s.at()) + " 起离线";
    return new Observation(
        id(), SubjectKey.camera(s.institutionId(), c.getCameraId()), since, message, details);
  }

  private Observation silent(InstitutionSnapshot s, CameraState c, long hold) {
    Instant lastSeen = Instant.ofEpochMilli(c.getLastSeenMillis());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("status", "ONLINE");
    details.put("lastSeenAt", Figures.localTimestamp(lastSeen));
    details.put("holdSeconds", hold / 1000);
    String message =
        Devices.cameraLabel(s, c.getCameraId())
            + "自 "
            + Figures.clock(lastSeen, s.at())
            + " 起 "
            + Figures.duration(hold)
            + "无心跳";
    return new Observation(
        id(),
        SubjectKey.camera(s.institutionId(), c.getCameraId()),
        lastSeen,
        message,
        details,
        true);
  }
}
