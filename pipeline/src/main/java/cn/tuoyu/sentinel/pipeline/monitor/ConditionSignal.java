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
 * </ul>
 */
public class ConditionSignal implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  public enum Kind {
    START,
    TICK,
    CLEAR,
    OPEN
  }

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
    return s;
  }

  @Override
  public String toString() {
    return kind + " " + conditionKey + " ts=" + ts + " since=" + since + " hold=" + holdMillis;
  }
}
