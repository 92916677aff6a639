package cn.tuoyu.sentinel.pipeline.rules;

import java.io.Serializable;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One breached condition as a rule sees it at one instant. Rules report only breached subjects; the
 * caller treats a subject missing from the next observation as cleared, applies the hold, and owns
 * the alert.
 *
 * @param ruleId one of {@link RuleIds#ALL}
 * @param subject what is breached
 * @param since when the condition truly began, if the rule knows better than "now" (e.g. the
 *     closing time for CHILD_NOT_PICKED_UP); null means the caller uses the time it first saw the
 *     breach
 * @param message Chinese text for end users, naming the room or class and the observed figures
 * @param details the observed figures by name; values are Integer, Long, Double, String or Boolean
 *     only (what the alert's Avro map can carry), never null; kept in insertion order, unmodifiable
 * @param silence the breach exists only because a device stopped reporting (CAMERA_OFFLINE from
 *     missing heartbeats, SENSOR_SILENT, a SURVEILLANCE_GAP whose cameras are merely silent): the
 *     monitor holds such conditions back while the whole institution is silent, and suppresses them
 *     while INSTITUTION_OFFLINE is open (inhibition)
 */
public record Observation(
    String ruleId,
    SubjectKey subject,
    Instant since,
    String message,
    Map<String, Object> details,
    boolean silence)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  public Observation {
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(message, "message");
    Map<String, Object> copy = new LinkedHashMap<>();
    if (details != null) {
      details.forEach(
          (name, value) -> {
            Objects.requireNonNull(name, "detail name");
            if (!(value instanceof Integer
                || value instanceof Long
                || value instanceof Double
                || value instanceof String
                || value instanceof Boolean)) {
              throw new IllegalArgumentException(
                  "detail "
                      + name
                      + " of "
                      + ruleId
                      + " must be an Integer, Long, Double, String or Boolean, got "
                      + (value == null ? "null" : value.getClass().getName()));
            }
            copy.put(name, value);
          });
    }
    details = Collections.unmodifiableMap(copy);
  }

  /** A breach that is not a mere silence (see {@code silence}). */
  public Observation(
      String ruleId,
      SubjectKey subject,
      Instant since,
      String message,
      Map<String, Object> details) {
    this(ruleId, subject, since, message, details, false);
  }
}
