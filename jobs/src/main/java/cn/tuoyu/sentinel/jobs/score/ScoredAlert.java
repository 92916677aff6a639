package cn.tuoyu.sentinel.jobs.score;

import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;

/**
 * One state of an alert as the scorer sees it: which alert, its rule and subject, its times. It is
 * built from an alert transition (a line of the alert export, a record on {@code sentinel.alerts})
 * or from an Elasticsearch alert document; {@link Scorer} folds several states of one alert to the
 * latest.
 *
 * @param alertId the alert's deterministic id
 * @param ruleId the rule that raised it
 * @param subject what it is about
 * @param startedAt when the condition began
 * @param openedAt when the hold elapsed and the alert opened
 * @param resolvedAt when the condition cleared, or null while it is on
 * @param status the lifecycle status of this state
 * @param message the Chinese message (may be null in a document)
 * @param sequence orders the states of one alert: 0 for the opening transition, +1 for each later
 */
public record ScoredAlert(
    String alertId,
    String ruleId,
    SubjectKey subject,
    Instant startedAt,
    Instant openedAt,
    Instant resolvedAt,
    AlertStatus status,
    String message,
    int sequence) {

  public ScoredAlert {
    Objects.requireNonNull(alertId, "alertId");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(status, "status");
  }

  /** The state an alert transition leaves the alert in. */
  public static ScoredAlert from(AlertTransition t) {
    return new ScoredAlert(
        t.getAlertId(),
        t.getRuleId(),
        new SubjectKey(
            t.getInstitutionId(), t.getRoomId(), t.getCameraId(), t.getSensorId(), t.getPersonId()),
        t.getStartedAt(),
        t.getOpenedAt(),
        t.getResolvedAt(),
        t.getStatus(),
        t.getMessage(),
        t.getSequence());
  }

  /**
   * The state an Elasticsearch alert document holds. Its fields have the names of the alert export
   * line ({@code alertId, ruleId, institutionId, roomId, cameraId, sensorId, personId, startedAt,
   * openedAt, resolvedAt, status, message, sequence}); times are ISO-8601 strings with offset;
   * other fields are ignored. A missing {@code sequence} counts as 0, the schema's default.
   *
   * @throws IllegalArgumentException naming the field if a required one is missing or a value
   *     cannot be read
   */
  public static ScoredAlert fromDocument(Map<String, ?> doc) {
    return new ScoredAlert(
        required(doc, "alertId").toString(),
        required(doc, "ruleId").toString(),
        new SubjectKey(
            required(doc, "institutionId").toString(),
            optional(doc, "roomId"),
            optional(doc, "cameraId"),
            optional(doc, "sensorId"),
            optional(doc, "personId")),
        time(doc, "startedAt"),
        time(doc, "openedAt"),
        doc.get("resolvedAt") == null ? null : time(doc, "resolvedAt"),
        status(doc),
        optional(doc, "message"),
        sequence(doc));
  }

  private static Object required(Map<String, ?> doc, String field) {
    Object v = doc.get(field);
    if (v == null) {
      throw invalid(doc, field, "is missing");
    }
    return v;
  }

  private static String optional(Map<String, ?> doc, String field) {
    Object v = doc.get(field);
    return v == null ? null : v.toString();
  }

  private static Instant time(Map<String, ?> doc, String field) {
    Object v = required(doc, field);
    try {
      return OffsetDateTime.parse(v.toString()).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid(doc, field, "is not an ISO-8601 time with offset: " + v);
    }
  }

  private static AlertStatus status(Map<String, ?> doc) {
    Object v = required(doc, "status");
    try {
      return AlertStatus.valueOf(v.toString());
    } catch (IllegalArgumentException e) {
      throw invalid(doc, "status", "is not OPEN, ACKNOWLEDGED or RESOLVED: " + v);
    }
  }

  private static int sequence(Map<String, ?> doc) {
    Object v = doc.get("sequence");
    if (v == null) {
      return 0;
    }
    if (!(v instanceof Number n)) {
      throw invalid(doc, "sequence", "is not a number: " + v);
    }
    return n.intValue();
  }

  private static IllegalArgumentException invalid(Map<String, ?> doc, String field, String why) {
    return new IllegalArgumentException(
        "alert document " + doc.get("alertId") + ": field " + field + " " + why);
  }
}
