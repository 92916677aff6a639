package cn.tuoyu.sentinel.jobs.diff;

import cn.tuoyu.sentinel.jobs.score.AlertInput;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The JSON form of a {@link DiffReport}: the same content as the text, with complete lists.
 *
 * <pre>
 * {"level":"city",
 *  "baseline":{"source":"…","transitions":128,"alerts":60,"unreadableLines":2,
 *              "firstUnreadable":[{"line":5,"reason":"…","detail":"…"}]},
 *  "candidate":{ same fields },
 *  "rows":[{"ruleId":"ROOM_UNATTENDED","ruleName":"无人照护","region":"320400",
 *           "added":1,"removed":0,"moved":1,"changed":2,"unchanged":7}, …],
 *  "totals":{"added":…,"removed":…,"moved":…,"changed":…,"unchanged":…},
 *  "added":[ alert ], "removed":[ alert ],
 *  "moved":[{"baseline": alert, "candidate": alert, "startShiftSeconds":20.0, "changes":[ change ]}],
 *  "changed":[{"baseline": alert, "candidate": alert, "changes":[ change ]}],
 *  "summary":"added 1 removed 0 moved 1 changed 2"}
 * </pre>
 *
 * An alert has {@code alertId, ruleId, severity, status, institutionId, institutionName,
 * regionCode, roomId, cameraId, sensorId, personId, startedAt, openedAt, resolvedAt, message} (the
 * alert export's names); a change {@code field, baseline, candidate, description}. Times are
 * ISO-8601 in +08:00.
 */
final class DiffJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DiffJson() {}

  static String render(DiffReport r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("level", r.level().label());
    input(root.putObject("baseline"), r.baseline());
    input(root.putObject("candidate"), r.candidate());

    ArrayNode rows = root.putArray("rows");
    for (DiffReport.Row row : r.rows()) {
      ObjectNode n =
          rows.addObject()
              .put("ruleId", row.ruleId())
              .put(
                  "ruleName",
                  RuleIds.isKnown(row.ruleId()) ? RuleIds.chineseName(row.ruleId()) : null)
              .put("region", row.region());
      counts(n, row.counts());
    }
    counts(root.putObject("totals"), r.totals());

    ArrayNode added = root.putArray("added");
    r.added().forEach(a -> alert(added.addObject(), a));
    ArrayNode removed = root.putArray("removed");
    r.removed().forEach(a -> alert(removed.addObject(), a));
    ArrayNode moved = root.putArray("moved");
    for (DiffReport.Moved m : r.moved()) {
      ObjectNode n = moved.addObject();
      alert(n.putObject("baseline"), m.baseline());
      alert(n.putObject("candidate"), m.candidate());
      n.put("startShiftSeconds", m.startShift().toMillis() / 1000.0);
      changes(n.putArray("changes"), m.changes());
    }
    ArrayNode changed = root.putArray("changed");
    for (DiffReport.Changed c : r.changed()) {
      ObjectNode n = changed.addObject();
      alert(n.putObject("baseline"), c.baseline());
      alert(n.putObject("candidate"), c.candidate());
      changes(n.putArray("changes"), c.changes());
    }
    root.put("summary", r.summary());
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values cannot fail to serialize", e);
    }
  }

  private static void input(ObjectNode n, AlertSet set) {
    n.put("source", set.source())
        .put("transitions", set.transitions())
        .put("alerts", set.alerts().size())
        .put("unreadableLines", set.unreadableLines());
    ArrayNode first = n.putArray("firstUnreadable");
    for (AlertInput.Unreadable u : set.firstUnreadable()) {
      first
          .addObject()
          .put("line", u.lineNumber())
          .put("reason", u.reason())
          .put("detail", u.detail());
    }
  }

  private static void counts(ObjectNode n, DiffReport.Counts c) {
    n.put("added", c.added())
        .put("removed", c.removed())
        .put("moved", c.moved())
        .put("changed", c.changed())
        .put("unchanged", c.unchanged());
  }

  private static void alert(ObjectNode n, AlertState a) {
    n.put("alertId", a.alertId())
        .put("ruleId", a.ruleId())
        .put("severity", a.severity().name())
        .put("status", a.status().name())
        .put("institutionId", a.subject().institutionId())
        .put("institutionName", a.institutionName())
        .put("regionCode", a.regionCode())
        .put("roomId", a.subject().roomId())
        .put("cameraId", a.subject().cameraId())
        .put("sensorId", a.subject().sensorId())
        .put("personId", a.subject().personId())
        .put("startedAt", Change.time(a.startedAt()))
        .put("openedAt", Change.time(a.openedAt()))
        .put("resolvedAt", Change.time(a.resolvedAt()))
        .put("message", a.message());
  }

  private static void changes(ArrayNode array, List<Change> changes) {
    for (Change c : changes) {
      array
          .addObject()
          .put("field", c.field())
          .put("baseline", c.baseline())
          .put("candidate", c.candidate())
          .put("description", c.description());
    }
  }
}
