package cn.tuoyu.sentinel.pipeline.monitor;

/**
 * A change in a rule's condition on one subject, in event time — the stream between the institution
 * monitor, the CEP hold pattern and the alert lifecycle. A Flink POJO of plain fields.
 *
 * <ul>
 *   <li>START: the condition began at {@link #since}; it must hold {@link #holdMillis} to alert.
 *   <li>TICK: the condition's hold deadline was reached while it still held (a clock tick for CEP).
 *   <li>CLEAR: the condition ended at {@link #ts}.
 *   <li>OPEN: the CEP pattern matched START, no CLEAR, TICK after the hold: open the alert.
 *   <li>TRANSITION: a camera changed from ONLINE to OFFLINE (input of the CAMERA_FLAPPING pattern,
 *       {@link CameraFlappingPattern}); {@link #count} numbers the camera's transitions.
 * </ul>
 *
 * <p>The fields after {@link #detailsJson} are the institution monitor's own bookkeeping for the
 * condition while it is active ({@link #silence}, {@link #startEmitted}, {@link #waiting}, {@link
 * #dueAt}) or the flapping pattern's inputs ({@link #count}, {@link #minCount}).
 */
public class ConditionSignal implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public enum Kind {
    START,
    TICK,
    CLEAR,
    OPEN,
    TRANSITION
  }

  /**
   * {@link #since} of a CLEAR that ends whatever episode of its condition is open (CAMERA_FLAPPING
   * resolves when a whole window passes without a transition, whichever match opened it).
   */
  public static final long ANY_EPISODE = Long.MIN_VALUE;

  public Kind kind;

  /** ruleId + "|" + subject: the key of the CEP and lifecycle stages. */
  public String conditionKey;

  /** The alert this condition opens if it holds: deterministic from (rule, subject, since). */
  public String alertId;

  public String ruleId;
  public String subject;
  public String institutionId;
  public String institutionName;
  public String regionCode;
  public Double lat;
  public Double lon;
  public String roomId;
  public String cameraId;
  public String sensorId;
  public String personId;

  /** Event time of this signal (epoch millis). */
  public long ts;

  /** Event time the condition began. */
  public long since;

  public long holdMillis;

  /** Severity name (CRITICAL, MAJOR, MINOR) in force when the condition began. */
  public String severity;

  public String message;

  /** Observed values as a JSON object. */
  public String detailsJson;

  /** The condition exists only because a device (or the whole institution) stopped reporting. */
  public boolean silence;

  /** START has been emitted for this condition (silence conditions emit it only when due). */
  public boolean startEmitted;

  /** Due, but held back: the institution is silent or offline (inhibition). */
  public boolean waiting;

  /** Event time at which the monitor next checks whether the condition may open. */
  public long dueAt;

  /** TRANSITION: the camera's running count of ONLINE → OFFLINE changes. */
  public long count;

  /** TRANSITION: CAMERA_FLAPPING's minimum number of transitions in force. */
  public int minCount;

  public ConditionSignal() {}

  /** A copy of this signal as another kind at another time. */
  public ConditionSignal as(Kind newKind, long atTs) {
    ConditionSignal s = new ConditionSignal();
    s.kind = newKind;
    s.conditionKey = conditionKey;
    s.alertId = alertId;
    s.ruleId = ruleId;
    s.subject = subject;
    s.institutionId = institutionId;
    s.institutionName = institutionName;
    s.regionCode = regionCode;
    s.lat = lat;
    s.lon = lon;
    s.roomId = roomId;
    s.cameraId = cameraId;
    s.sensorId = sensorId;
    s.personId = personId;
    s.ts = atTs;
    s.since = since;
    s.holdMillis = holdMillis;
    s.severity = severity;
    s.message = message;
    s.detailsJson = detailsJson;
    s.silence = silence;
    s.startEmitted = startEmitted;
    s.waiting = waiting;
    s.dueAt = dueAt;
    s.count = count;
    s.minCount = minCount;
    return s;
  }

  @Override
  public String toString() {
    return kind + " " + conditionKey + " ts=" + ts + " since=" + since + " hold=" + holdMillis;
  }
}
