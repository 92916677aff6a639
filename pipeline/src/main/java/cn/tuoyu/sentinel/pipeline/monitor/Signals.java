package cn.tuoyu.sentinel.pipeline.monitor;

import cn.tuoyu.sentinel.pipeline.rules.AlertIds;
import cn.tuoyu.sentinel.pipeline.rules.CameraFlappingRule;
import cn.tuoyu.sentinel.pipeline.rules.CameraState;
import cn.tuoyu.sentinel.pipeline.rules.Observation;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
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
    withInstitution(s, inst);
    s.roomId = subject.roomId();
    s.cameraId = subject.cameraId();
    s.sensorId = subject.sensorId();
    s.personId = subject.personId();
    s.ts = ts;
    s.since = o.since() == null ? ts : Math.min(ts, o.since().toEpochMilli());
    s.alertId = AlertIds.alertId(o.ruleId(), subject, java.time.Instant.ofEpochMilli(s.since));
    // A hold longer than the pattern's within() could never complete it: cap it there.
    s.holdMillis = Math.min(settings.holdMillis(), HeldConditionPattern.MAX_HOLD.toMillis());
    s.severity = settings.severity().name();
    s.message = o.message();
    s.detailsJson = toJson(o.details());
    s.silence = o.silence();
    s.dueAt = s.since + s.holdMillis;
    return s;
  }

  /** A camera's ONLINE → OFFLINE change, for the flapping pattern. */
  static ConditionSignal transition(
      Institution inst, String cameraId, CameraState after, RuleSettings flapping) {
    ConditionSignal s = flappingSignal(inst, cameraId, after.getLastTransitionMillis());
    s.kind = ConditionSignal.Kind.TRANSITION;
    s.since = s.ts;
    s.count = after.getOfflineTransitions();
    s.minCount = CameraFlappingRule.minTransitions(flapping);
    s.holdMillis = CameraFlappingRule.windowMillis(flapping);
    s.severity = flapping.severity().name();
    return s;
  }

  /** CAMERA_FLAPPING's CLEAR: a whole window passed without a transition, at {@code ts}. */
  static ConditionSignal flappingQuiet(Institution inst, String cameraId, long ts) {
    ConditionSignal s = flappingSignal(inst, cameraId, ts);
    s.kind = ConditionSignal.Kind.CLEAR;
    s.since = ConditionSignal.ANY_EPISODE;
    s.startEmitted = true;
    return s;
  }

  private static ConditionSignal flappingSignal(Institution inst, String cameraId, long ts) {
    ConditionSignal s = new ConditionSignal();
    SubjectKey subject = SubjectKey.camera(inst.getInstitutionId(), cameraId);
    s.conditionKey = conditionKey(RuleIds.CAMERA_FLAPPING, subject);
    s.ruleId = RuleIds.CAMERA_FLAPPING;
    s.subject = subject.asString();
    withInstitution(s, inst);
    s.cameraId = cameraId;
    s.ts = ts;
    return s;
  }

  /** The institution's fields every signal carries to its alert. */
  private static void withInstitution(ConditionSignal s, Institution inst) {
    s.institutionId = inst.getInstitutionId();
    s.institutionName = inst.getName();
    s.regionCode = inst.getRegionCode();
    if (inst.getLocation() != null) {
      s.lat = inst.getLocation().getLat();
      s.lon = inst.getLocation().getLon();
    }
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
