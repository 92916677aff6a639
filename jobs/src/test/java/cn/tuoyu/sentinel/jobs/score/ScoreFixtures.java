package cn.tuoyu.sentinel.jobs.score;

import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A small simulated run for scorer tests: two institutions, 16:00–18:00 (+08:00) on 2026-11-23, and
 * builders for truth entries and alert transitions.
 */
public final class ScoreFixtures {
  public static final String INSTITUTION = "320402-0001";
  public static final String OTHER_SIMULATED = "320402-0002";
  public static final SubjectKey ROOM = SubjectKey.room(INSTITUTION, "R1");
  public static final Instant FROM = at("16:00:00");
  public static final Instant UNTIL = at("18:00:00");

  private ScoreFixtures() {}

  /** A time on the simulated day, e.g. {@code at("16:10:00")}, in +08:00. */
  public static Instant at(String time) {
    return OffsetDateTime.parse("2026-11-23T" + time + "+08:00").toInstant();
  }

  public static GroundTruth truth(List<GroundTruth.Entry> expected, List<GroundTruth.Entry> near) {
    return new GroundTruth(
        7, 2, FROM, UNTIL, List.of(INSTITUTION, OTHER_SIMULATED), expected, near);
  }

  public static GroundTruth truth(GroundTruth.Entry... expected) {
    return truth(List.of(expected), List.of());
  }

  /** An expected entry; {@code end} may be null (still on at until). */
  public static GroundTruth.Entry entry(
      String ruleId, SubjectKey subject, String start, String end) {
    return GroundTruth.Entry.of(
        ruleId, subject, at(start), end == null ? null : at(end), "注入 " + ruleId + " " + start);
  }

  /** An alert's state after a transition: opened 20 s after it started, resolved if given. */
  public static AlertTransition transition(
      String alertId, String ruleId, SubjectKey subject, Instant startedAt, Instant resolvedAt) {
    Instant openedAt = startedAt.plusSeconds(20);
    return AlertTransition.newBuilder()
        .setAlertId(alertId)
        .setRuleId(ruleId)
        .setSeverity(Severity.CRITICAL)
        .setStatus(resolvedAt == null ? AlertStatus.OPEN : AlertStatus.RESOLVED)
        .setInstitutionId(subject.institutionId())
        .setRegionCode("320402")
        .setRoomId(subject.roomId())
        .setCameraId(subject.cameraId())
        .setSensorId(subject.sensorId())
        .setPersonId(subject.personId())
        .setStartedAt(startedAt)
        .setOpenedAt(openedAt)
        .setUpdatedAt(resolvedAt == null ? openedAt : resolvedAt)
        .setResolvedAt(resolvedAt)
        .setMessage("托小班无人照护 " + alertId)
        .setDetails(Map.of())
        .setSequence(resolvedAt == null ? 0 : 1)
        .build();
  }

  /** The scorer's view of {@link #transition}. */
  public static ScoredAlert alert(
      String alertId, String ruleId, SubjectKey subject, String started, String resolved) {
    return ScoredAlert.from(
        transition(alertId, ruleId, subject, at(started), resolved == null ? null : at(resolved)));
  }

  /** Writes alert export lines, one per transition, plus any raw lines given. */
  public static Path writeAlerts(Path file, List<AlertTransition> transitions, String... rawLines)
      throws IOException {
    JsonLinesCodec codec = new JsonLinesCodec();
    List<String> lines = new ArrayList<>();
    transitions.forEach(t -> lines.add(codec.encode(t)));
    lines.addAll(List.of(rawLines));
    return Files.write(file, lines, StandardCharsets.UTF_8);
  }
}
