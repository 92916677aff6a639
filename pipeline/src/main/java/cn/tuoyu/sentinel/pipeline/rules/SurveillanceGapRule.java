package cn.tuoyu.sentinel.pipeline.rules;

import cn.tuoyu.sentinel.schema.PersonRole;
import cn.tuoyu.sentinel.schema.Room;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SURVEILLANCE_GAP (subject: room): at least one child in a room of the reference data and none of
 * the room's cameras watching it. No thresholds; it depends on CAMERA_OFFLINE's hold.
 *
 * <p>A camera of the room ({@link InstitutionSnapshot#cameraIdsOf}) watches while it has reported,
 * its last status is ONLINE, its {@code recording} flag is not false, and it has reported within
 * CAMERA_OFFLINE's hold (with that hold at 0 silence is not considered). A room that lists no
 * camera is a gap whenever children are in it. A room without children is never a gap, whatever its
 * cameras do; rooms missing from the reference data are not covered (they list no cameras and the
 * reference data is what says a room needs watching).
 *
 * <p>The breach begins when the caller first sees it ({@code since} null). It is a {@linkplain
 * Observation#silence() silence} when the room lists at least one camera and every one of them has
 * reported, is ONLINE and is not known to have stopped recording — each fails only because it
 * stopped reporting.
 *
 * <p>{@link #nextCheck}: the earliest instant after {@code at} at which a watching camera of an
 * occupied room becomes silent ({@code lastSeen} + CAMERA_OFFLINE's hold).
 */
public final class SurveillanceGapRule implements InstitutionRule {
  private static final long serialVersionUID = 1L;

  @Override
  public String id() {
    return RuleIds.SURVEILLANCE_GAP;
  }

  @Override
  public Set<RuleInput> inputs() {
    return EnumSet.of(RuleInput.ATTENDANCE, RuleInput.CAMERA, RuleInput.ANY);
  }

  /** Why a camera of an occupied room does not watch it; null when it does. */
  private enum Reason {
    NEVER_REPORTED("neverReported", "未上报"),
    OFFLINE("offline", "离线"),
    RECORDING_OFF("recordingOff", "录像停止"),
    SILENT("silent", "无心跳");

    final String detail;
    final String chinese;

    Reason(String detail, String chinese) {
      this.detail = detail;
      this.chinese = chinese;
    }
  }

  @Override
  public List<Observation> observe(InstitutionSnapshot s, RuleSettings settings) {
    if (!settings.enabled()) {
      return List.of();
    }
    long holdCam = cameraHold(s);
    List<Observation> breaches = new ArrayList<>();
    for (Room room : s.roomsById().values()) {
      int children = children(s, room.getRoomId());
      if (children == 0) {
        continue;
      }
      List<String> cameras = s.cameraIdsOf(room);
      Map<String, Reason> reasons = new LinkedHashMap<>();
      boolean watched = false;
      for (String cameraId : cameras) {
        Reason reason = reason(s.cameras().get(cameraId), holdCam, s.at());
        if (reason == null) {
          watched = true;
          break;
        }
        reasons.put(cameraId, reason);
      }
      if (!watched) {
        breaches.add(observation(s, room, children, cameras, reasons));
      }
    }
    return Devices.bySubject(breaches);
  }

  @Override
  public Optional<Instant> nextCheck(InstitutionSnapshot s, RuleSettings settings) {
    long holdCam = cameraHold(s);
    Optional<Instant> next = Optional.empty();
    if (!settings.enabled() || holdCam == 0) {
      return next;
    }
    for (Room room : s.roomsById().values()) {
      if (children(s, room.getRoomId()) == 0) {
        continue;
      }
      for (String cameraId : s.cameraIdsOf(room)) {
        CameraState c = s.cameras().get(cameraId);
        if (reason(c, holdCam, s.at()) == null) {
          next =
              Devices.earliestAfter(next, Devices.silentAt(c.getLastSeenMillis(), holdCam), s.at());
        }
      }
    }
    return next;
  }

  /** CAMERA_OFFLINE's hold: how long a camera may go without reporting and still watch. */
  private static long cameraHold(InstitutionSnapshot s) {
    return s.settingsOf(RuleIds.CAMERA_OFFLINE).holdMillis();
  }

  private static int children(InstitutionSnapshot s, String roomId) {
    int children = 0;
    for (Presence p : s.inRoom(roomId)) {
      if (p.getRole() == PersonRole.CHILD) {
        children++;
      }
    }
    return children;
  }

  private static Reason reason(CameraState c, long holdCam, Instant at) {
    if (c == null) {
      return Reason.NEVER_REPORTED;
    }
    if (!c.isOnline()) {
      return Reason.OFFLINE;
    }
    if (Boolean.FALSE.equals(c.getRecording())) {
      return Reason.RECORDING_OFF;
    }
    if (Devices.isSilent(c.getLastSeenMillis(), holdCam, at)) {
      return Reason.SILENT;
    }
    return null;
  }

  private Observation observation(
      InstitutionSnapshot s,
      Room room,
      int children,
      List<String> cameras,
      Map<String, Reason> reasons) {
    String label = ClassTypes.roomLabel(room, room.getRoomId());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("children", children);
    details.put("cameras", Figures.idList(cameras));
    for (Reason reason : Reason.values()) {
      List<String> ids = new ArrayList<>();
      reasons.forEach(
          (cameraId, r) -> {
            if (r == reason) {
              ids.add(cameraId);
            }
          });
      if (!ids.isEmpty()) {
        details.put(reason.detail, Figures.idList(ids));
      }
    }
    String message;
    if (cameras.isEmpty()) {
      message = label + "：" + children + " 名幼儿在室，未配置监控摄像头";
    } else {
      List<String> parts = new ArrayList<>();
      reasons.forEach((cameraId, r) -> parts.add(cameraId + " " + r.chinese));
      message = label + "：" + children + " 名幼儿在室，监控全部中断（" + String.join("，", parts) + "）";
    }
    boolean silence =
        !cameras.isEmpty() && reasons.values().stream().allMatch(r -> r == Reason.SILENT);
    return new Observation(
        id(),
        SubjectKey.room(s.institutionId(), room.getRoomId()),
        null,
        message,
        details,
        silence);
  }
}
