package cn.tuoyu.sentinel.jobs.score;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * The JSON form of a {@link ScoreReport}: the same content as the text, with complete lists.
 *
 * <pre>
 * {"truth":{"seed":7,"institutions":50,"from":"…","until":"…","expected":120,"nearMisses":14},
 *  "toleranceSeconds":2.0,
 *  "input":{"source":"…","states":128,"alerts":60,"unreadableLines":2,"firstUnreadable":[{"line":5,"reason":"…","detail":"…"}],
 *           "notOfThisRun":3,"openedAfterUntil":1,"scored":56},
 *  "rules":[{"ruleId":"ROOM_UNATTENDED","expected":10,"alerts":11,"correct":9,"missed":1,"false":1,"wrongEnd":1,
 *            "precision":0.8182,"precisionMeasured":true,"recall":0.9,"recallMeasured":true}, …],
 *  "overall":{ same fields but ruleId },
 *  "missed":[{ entry fields: ruleId, institutionId, roomId, cameraId, sensorId, personId, start, end, note }],
 *  "falseAlerts":[{"alertId":"…", ruleId, subject fields, "startedAt","openedAt","resolvedAt","status","message",
 *                  "nearMissNote": the near miss's note, or null if none was alerted}],
 *  "wrongEnd":[{ entry fields, "alertId","startedAt","resolvedAt" }]}
 * </pre>
 *
 * Times are ISO-8601 in +08:00; precision and recall are full doubles.
 */
final class ReportJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  static String render(ScoreReport r) {
    ObjectNode root = JSON.createObjectNode();
    GroundTruth t = r.truth();
    ObjectNode truth = root.putObject("truth");
    truth.put("seed", t.seed());
    truth.put("institutions", t.institutions());
    truth.put("from", GroundTruth.text(t.from()));
    truth.put("until", GroundTruth.text(t.until()));
    truth.put("expected", t.expected().size());
    truth.put("nearMisses", t.nearMisses().size());
    root.put("toleranceSeconds", r.tolerance().toMillis() / 1000.0);

    ObjectNode input = root.putObject("input");
    input.put("source", r.input().source());
    input.put("states", r.input().states().size());
    input.put("alerts", r.scope().alerts());
    input.put("unreadableLines", r.input().unreadableLines());
    ArrayNode unreadable = input.putArray("firstUnreadable");
    for (AlertInput.Unreadable u : r.input().firstUnreadable()) {
      unreadable
          .addObject()
          .put("line", u.lineNumber())
          .put("reason", u.reason())
          .put("detail", u.detail());
    }
    input.put("notOfThisRun", r.scope().notOfThisRun());
    input.put("openedAfterUntil", r.scope().openedAfterUntil());
    input.put("scored", r.scope().scored());

    ArrayNode rules = root.putArray("rules");
    for (Map.Entry<String, ScoreReport.Figures> e : r.perRule().entrySet()) {
      figures(rules.addObject().put("ruleId", e.getKey()), e.getValue());
    }
    figures(root.putObject("overall"), r.overall());

    ArrayNode missed = root.putArray("missed");
    r.missed().forEach(e -> entry(missed.addObject(), e));
    ArrayNode falseAlerts = root.putArray("falseAlerts");
    for (ScoreReport.FalseAlert f : r.falseAlerts()) {
      ObjectNode n = alert(falseAlerts.addObject(), f.alert());
      n.put("nearMissNote", f.nearMissAlerted() ? f.nearMiss().note() : null);
    }
    ArrayNode wrongEnd = root.putArray("wrongEnd");
    for (ScoreReport.WrongEnd w : r.wrongEnd()) {
      entry(wrongEnd.addObject(), w.entry())
          .put("alertId", w.alert().alertId())
          .put("startedAt", text(w.alert().startedAt()))
          .put("resolvedAt", text(w.alert().resolvedAt()));
    }
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values cannot fail to serialize", e);
    }
  }

  private static void figures(ObjectNode n, ScoreReport.Figures f) {
    n.put("expected", f.expected())
        .put("alerts", f.alerts())
        .put("correct", f.correct())
        .put("missed", f.missed())
        .put("false", f.falseAlerts())
        .put("wrongEnd", f.wrongEnd())
        .put("precision", f.precision())
        .put("precisionMeasured", f.precisionMeasured())
        .put("recall", f.recall())
        .put("recallMeasured", f.recallMeasured());
  }

  private static ObjectNode entry(ObjectNode n, GroundTruth.Entry e) {
    return n.put("ruleId", e.ruleId())
        .put("institutionId", e.institutionId())
        .put("roomId", e.roomId())
        .put("cameraId", e.cameraId())
        .put("sensorId", e.sensorId())
        .put("personId", e.personId())
        .put("start", text(e.start()))
        .put("end", text(e.end()))
        .put("note", e.note());
  }

  private static ObjectNode alert(ObjectNode n, ScoredAlert a) {
    return n.put("alertId", a.alertId())
        .put("ruleId", a.ruleId())
        .put("institutionId", a.subject().institutionId())
        .put("roomId", a.subject().roomId())
        .put("cameraId", a.subject().cameraId())
        .put("sensorId", a.subject().sensorId())
        .put("personId", a.subject().personId())
        .put("startedAt", text(a.startedAt()))
        .put("openedAt", text(a.openedAt()))
        .put("resolvedAt", text(a.resolvedAt()))
        .put("status", a.status().name())
        .put("message", a.message());
  }

  private static String text(Instant t) {
    return t == null ? null : GroundTruth.text(t);
  }
}
