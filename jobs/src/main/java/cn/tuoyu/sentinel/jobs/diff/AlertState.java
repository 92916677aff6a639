package cn.tuoyu.sentinel.jobs.diff;

import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.Severity;
import java.time.Instant;
import java.util.Objects;

/**
 * The state of an alert after one of its transitions, with what {@code diff} compares and shows.
 * {@link AlertSet} folds the states of one alert to its latest.
 *
 * @param alertId the deterministic hash of (ruleId, subject, startedAt)
 * @param ruleId the rule that raised it
 * @param subject what it is about
 * @param regionCode the institution's 6-digit 行政区划代码
 * @param institutionName the institution's name if the transition carried it, else null
 * @param severity how severe
 * @param status the lifecycle status
 * @param startedAt when the condition began
 * @param openedAt when the hold elapsed and the alert opened
 * @param resolvedAt when the condition cleared, or null while it is on
 * @param message the Chinese message
 * @param sequence orders the states of one alert: 0 for the opening transition, +1 for each later
 */
public record AlertState(
    String alertId,
    String ruleId,
    SubjectKey subject,
    String regionCode,
    String institutionName,
    Severity severity,
    AlertStatus status,
    Instant startedAt,
    Instant openedAt,
    Instant resolvedAt,
    String message,
    int sequence) {

  public AlertState {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(openedAt, "openedAt");
  }

  /** The state an alert transition leaves the alert in. */
  public static AlertState from(AlertTransition t) {
    return new AlertState(
        t.getAlertId(),
        t.getRuleId(),
        new SubjectKey(
            t.getInstitutionId(), t.getRoomId(), t.getCameraId(), t.getSensorId(), t.getPersonId()),
        t.getRegionCode(),
        t.getInstitutionName(),
        t.getSeverity(),
        t.getStatus(),
        t.getStartedAt(),
        t.getOpenedAt(),
        t.getResolvedAt(),
        t.getMessage(),
        t.getSequence());
  }

  /**
   * Whether this alert's period overlaps {@code other}'s. A period is {@code [startedAt,
   * resolvedAt)}, open-ended while unresolved; an alert that resolves exactly when the other starts
   * does not overlap it (that is a recurrence, a new alert).
   */
  public boolean overlaps(AlertState other) {
    return startedAt.isBefore(endOrMax(other)) && other.startedAt.isBefore(endOrMax(this));
  }

  private static Instant endOrMax(AlertState a) {
    return a.resolvedAt == null ? Instant.MAX : a.resolvedAt;
  }
}
