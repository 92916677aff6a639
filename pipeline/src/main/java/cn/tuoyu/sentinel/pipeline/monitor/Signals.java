package cn.tuoyu.sentinel.pipeline.monitor;

import cn.tuoyu.sentinel.pipeline.rules.AlertIds;
import cn.tuoyu.sentinel.pipeline.rules.Observation;
import cn.tuoyu.sentinel.pipeline.rules.RuleSettings;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import cn.tuoyu.sentinel.schema.Institution;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.TreeMap;

/** Builds {@link ConditionSignal}s from rule observations. */
final class Signals {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Signals() {}

  static String conditionKey(String ruleId, SubjectKey subject) {
    return ruleId + "|" + subject.asString();
  }

  /** The START signal of a breached observation evaluated at {@code ts}. */
  static ConditionSignal start(Observation o, RuleSettings settings, Institution inst, long ts) {
    ConditionSignal s = new ConditionSignal();
    s.kind = ConditionSignal.Kind.START;
    SubjectKey subject = o.subject();
    s.conditionKey = conditionKey(o.ruleId(), subject);
    s.ruleId = o.ruleId();
    s.subject = subject.asString();
    s.institutionId = inst.getInstitutionId();
    s.institutionName = inst.getName();
    s.regionCode = inst.getRegionCode();
    if (inst.getLocation() != null) {
      s.lat = inst.getLocation().getLat();
      s.lon = inst.getLocation().getLon();
    }
    s.roomId = subject.roomId();
    s.cameraId = subject.cameraId();
    s.sensorId = subject.sensorId();
    s.personId = subject.personId();
    s.ts = ts;
    s.since = o.since() == null ? ts : Math.min(ts, o.since().toEpochMilli());
    s.alertId = AlertIds.alertId(o.ruleId(), subject, java.time.Instant.ofEpochMilli(s.since));
    s.holdMillis = settings.holdMillis();
    s.severity = settings.severity().name();
    s.message = o.message();
    s.detailsJson = toJson(o.details());
    return s;
  }

  static String toJson(Map<String, Object> details) {
    try {
      // Sorted keys: identical observations give identical text (determinism).
      return JSON.writeValueAsString(new TreeMap<>(details));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("details are not JSON-serializable: " + details, e);
    }
  }
}
