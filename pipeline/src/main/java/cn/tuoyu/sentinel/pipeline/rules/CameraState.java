package cn.tuoyu.sentinel.pipeline.rules;

import cn.tuoyu.sentinel.schema.CameraStatus;
import java.io.Serializable;
import java.util.Objects;

/**
 * What one camera last told us, folded from its status reports in event-time order by {@link
 * #apply}. A Flink POJO (public no-arg constructor, getters and setters) so the monitor keeps one
 * per camera in keyed state without Kryo; like {@link Presence} it is replaced, never mutated, once
 * handed out.
 *
 * <p>Fields:
 *
 * <ul>
 *   <li>{@code cameraId};
 *   <li>{@code lastSeenMillis} — event time of the latest report of any status (heartbeats are
 *       ONLINE reports);
 *   <li>{@code online} — the latest report said ONLINE;
 *   <li>{@code statusSinceMillis} — event time of the first report of the current status after a
 *       change (for an OFFLINE camera: when it went offline);
 *   <li>{@code recording} — the latest known {@code recording} flag (a report without it keeps the
 *       previous value); null if never reported;
 *   <li>{@code recordingOffSinceMillis} — event time of the first ONLINE report with {@code
 *       recording=false} of the current run of such reports; null when the camera is not in that
 *       state;
 *   <li>{@code retentionDays} — the latest known retention; null if never reported;
 *   <li>{@code offlineTransitions} — how many ONLINE → OFFLINE changes this camera has made
 *       (repeated OFFLINE reports are not changes; a first-ever report of OFFLINE is not one);
 *   <li>{@code lastTransitionMillis} — event time of the latest such change, null if none;
 *   <li>{@code flappingQuietSignalled} — the monitor has already signalled that a whole flapping
 *       window passed after {@code lastTransitionMillis} (reset at each change).
 * </ul>
 */
public final class CameraState implements Serializable {
  private static final long serialVersionUID = 1L;

  private String cameraId;
  private long lastSeenMillis;
  private boolean online;
  private long statusSinceMillis;
  private Boolean recording;
  private Long recordingOffSinceMillis;
  private Integer retentionDays;
  private long offlineTransitions;
  private Long lastTransitionMillis;
  private boolean flappingQuietSignalled;

  /** For Flink's POJO serializer. */
  public CameraState() {}

  /**
   * The state after {@code report}, given the state before it ({@code null} for a camera never
   * heard from). Reports must be applied in event-time order; {@code previous} is not changed.
   */
  public static CameraState apply(CameraState previous, CameraStatus report) {
    long ts = report.getTs().toEpochMilli();
    boolean nowOnline = report.getStatus() == cn.tuoyu.sentinel.schema.CameraState.ONLINE;
    CameraState next = previous == null ? new CameraState() : previous.copy();
    next.cameraId = report.getCameraId();
    next.lastSeenMillis = ts;
    if (previous == null || previous.online != nowOnline) {
      next.statusSinceMillis = ts;
    }
    if (previous != null && previous.online && !nowOnline) {
      next.offlineTransitions = previous.offlineTransitions + 1;
      next.lastTransitionMillis = ts;
      next.flappingQuietSignalled = false;
    }
    next.online = nowOnline;
    if (report.getRecording() != null) {
      next.recording = report.getRecording();
    }
    if (report.getRetentionDays() != null) {
      next.retentionDays = report.getRetentionDays();
    }
    boolean recordingOff = nowOnline && Boolean.FALSE.equals(next.recording);
    if (!recordingOff) {
      next.recordingOffSinceMillis = null;
    } else if (next.recordingOffSinceMillis == null) {
      next.recordingOffSinceMillis = ts;
    }
    return next;
  }

  /** Whether going from {@code before} to {@code after} was an ONLINE → OFFLINE change. */
  public static boolean isOfflineTransition(CameraState before, CameraState after) {
    return after.offlineTransitions > (before == null ? 0 : before.offlineTransitions);
  }

  /** A copy to change (this one is never mutated once stored). */
  public CameraState copy() {
    CameraState c = new CameraState();
    c.cameraId = cameraId;
    c.lastSeenMillis = lastSeenMillis;
    c.online = online;
    c.statusSinceMillis = statusSinceMillis;
    c.recording = recording;
    c.recordingOffSinceMillis = recordingOffSinceMillis;
    c.retentionDays = retentionDays;
    c.offlineTransitions = offlineTransitions;
    c.lastTransitionMillis = lastTransitionMillis;
    c.flappingQuietSignalled = flappingQuietSignalled;
    return c;
  }

  public String getCameraId() {
    return cameraId;
  }

  public void setCameraId(String cameraId) {
    this.cameraId = cameraId;
  }

  public long getLastSeenMillis() {
    return lastSeenMillis;
  }

  public void setLastSeenMillis(long lastSeenMillis) {
    this.lastSeenMillis = lastSeenMillis;
  }

  public boolean isOnline() {
    return online;
  }

  public void setOnline(boolean online) {
    this.online = online;
  }

  public long getStatusSinceMillis() {
    return statusSinceMillis;
  }

  public void setStatusSinceMillis(long statusSinceMillis) {
    this.statusSinceMillis = statusSinceMillis;
  }

  public Boolean getRecording() {
    return recording;
  }

  public void setRecording(Boolean recording) {
    this.recording = recording;
  }

  public Long getRecordingOffSinceMillis() {
    return recordingOffSinceMillis;
  }

  public void setRecordingOffSinceMillis(Long recordingOffSinceMillis) {
    this.recordingOffSinceMillis = recordingOffSinceMillis;
  }

  public Integer getRetentionDays() {
    return retentionDays;
  }

  public void setRetentionDays(Integer retentionDays) {
    this.retentionDays = retentionDays;
  }

  public long getOfflineTransitions() {
    return offlineTransitions;
  }

  public void setOfflineTransitions(long offlineTransitions) {
    this.offlineTransitions = offlineTransitions;
  }

  public Long getLastTransitionMillis() {
    return lastTransitionMillis;
  }

  public void setLastTransitionMillis(Long lastTransitionMillis) {
    this.lastTransitionMillis = lastTransitionMillis;
  }

  public boolean isFlappingQuietSignalled() {
    return flappingQuietSignalled;
  }

  public void setFlappingQuietSignalled(boolean flappingQuietSignalled) {
    this.flappingQuietSignalled = flappingQuietSignalled;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CameraState c
        && lastSeenMillis == c.lastSeenMillis
        && online == c.online
        && statusSinceMillis == c.statusSinceMillis
        && offlineTransitions == c.offlineTransitions
        && flappingQuietSignalled == c.flappingQuietSignalled
        && Objects.equals(cameraId, c.cameraId)
        && Objects.equals(recording, c.recording)
        && Objects.equals(recordingOffSinceMillis, c.recordingOffSinceMillis)
        && Objects.equals(retentionDays, c.retentionDays)
        && Objects.equals(lastTransitionMillis, c.lastTransitionMillis);
  }

  @Override
  public int hashCode() {
    return Objects.hash(cameraId, lastSeenMillis, online, statusSinceMillis, offlineTransitions);
  }

  @Override
  public String toString() {
    return "CameraState{"
        + cameraId
        + (online ? " ONLINE" : " OFFLINE")
        + " since="
        + statusSinceMillis
        + " lastSeen="
        + lastSeenMillis
        + " recording="
        + recording
        + " retentionDays="
        + retentionDays
        + " transitions="
        + offlineTransitions
        + "}";
  }
}
