package cn.tuoyu.sentinel.pipeline.rules;

import cn.tuoyu.sentinel.schema.Room;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * CAMERA_FLAPPING (subject: camera): at least {@value RuleCatalog#MIN_TRANSITIONS} (default 3)
 * ONLINE → OFFLINE changes of one camera within {@value RuleCatalog#WINDOW_SECONDS} (default 3600
 * s). Repeated OFFLINE reports are not changes ({@link CameraState#getOfflineTransitions()}).
 *
 * <p>Not an {@link InstitutionRule}: it is a sequence over a camera's transitions, matched by a
 * Flink CEP pattern over the transition signals, which number each camera's transitions. This class
 * holds the pattern's decisions so they have plain unit tests: the effective window and count,
 * whether the first and n-th transition of a match complete it, the observation it reports, and
 * when the condition ends (a whole window without a new transition).
 *
 * <p>The window is capped at {@link #MAX_WINDOW}, 6 h (the CEP pattern keeps every transition that
 * did not complete a match for that long, so the cap bounds the pattern's state: measured in
 * BENCHMARKS.md) and is at least 1 ms; fewer than 2 transitions would flag every single outage, so
 * the count is at least 2. Both window ends are inclusive: the n-th transition exactly one window
 * after the first completes the match.
 */
public final class CameraFlappingRule {
  /** The longest window honoured, whatever {@code windowSeconds} says. */
  public static final Duration MAX_WINDOW = Duration.ofHours(6);

  private CameraFlappingRule() {}

  /**
   * The window in milliseconds: {@code windowSeconds} × 1000, capped at {@link #MAX_WINDOW}, at
   * least 1.
   */
  public static long windowMillis(RuleSettings s) {
    double millis = s.threshold(RuleCatalog.WINDOW_SECONDS) * 1000;
    long max = MAX_WINDOW.toMillis();
    if (!(millis >= 1)) {
      return 1;
    }
    return millis >= max ? max : (long) millis;
  }

  /** The transitions that make a camera flap: {@code minTransitions}, at least 2. */
  public static int minTransitions(RuleSettings s) {
    return Math.max(2, s.intThreshold(RuleCatalog.MIN_TRANSITIONS));
  }

  /**
   * Whether the transitions numbered {@code firstCount} (at {@code firstTs}) to {@code nthCount}
   * (at {@code nthTs}) of one camera make it flap: at least {@code minTransitions} of them, the
   * n-th no earlier than the first and at most {@code windowMillis} after it.
   */
  public static boolean completes(
      long firstCount,
      long firstTs,
      long nthCount,
      long nthTs,
      int minTransitions,
      long windowMillis) {
    return nthCount - firstCount + 1 >= minTransitions
        && nthTs >= firstTs
        && nthTs - firstTs <= windowMillis;
  }

  /**
   * The breach a completed match reports: the camera flaps since its first transition.
   *
   * @param roomOrNull the room listing the camera ({@link InstitutionSnapshot#roomOfCamera}), or
   *     null if none does
   * @param transitions how many transitions the match spans
   */
  public static Observation observation(
      String institutionId,
      Room roomOrNull,
      String cameraId,
      long firstTs,
      long nthTs,
      long transitions,
      long windowMillis) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("transitions", transitions);
    details.put("windowMinutes", windowMillis / 60_000.0);
    details.put("firstAt", Figures.localTimestamp(Instant.ofEpochMilli(firstTs)));
    details.put("lastAt", Figures.localTimestamp(Instant.ofEpochMilli(nthTs)));
    String label = Devices.cameraLabel(roomOrNull, cameraId);
    String message =
        label
            + (roomOrNull == null ? " " : "")
            + Figures.duration(windowMillis)
            + "内掉线 "
            + transitions
            + " 次";
    return new Observation(
        RuleIds.CAMERA_FLAPPING,
        SubjectKey.camera(institutionId, cameraId),
        Instant.ofEpochMilli(firstTs),
        message,
        details);
  }

  /**
   * When a whole window has passed after the camera's latest transition without another one — the
   * instant its flapping ends: {@code lastTransition + window}. Empty if it never made a
   * transition, if that instant was already signalled ({@link
   * CameraState#isFlappingQuietSignalled()}), or if the rule is disabled.
   */
  public static Optional<Instant> quietAt(CameraState c, RuleSettings s) {
    if (!s.enabled() || c.getLastTransitionMillis() == null || c.isFlappingQuietSignalled()) {
      return Optional.empty();
    }
    return Optional.of(Instant.ofEpochMilli(c.getLastTransitionMillis() + windowMillis(s)));
  }
}
