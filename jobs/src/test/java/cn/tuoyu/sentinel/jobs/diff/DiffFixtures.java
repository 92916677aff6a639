package cn.tuoyu.sentinel.jobs.diff;

import cn.tuoyu.sentinel.pipeline.rules.AlertIds;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.Severity;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Alerts for diff tests on 2026-11-23 (+08:00): institutions in Changzhou (Tianning 320402, Xinbei
 * 320411), Nanjing (Xuanwu 320102) and Tianjin (Heping 120101), with real alert ids.
 */
public final class DiffFixtures {
  public static final String TIANNING = "320402";
  public static final String XINBEI = "320411";
  public static final String XUANWU = "320102";
  public static final String HEPING = "120101";

  private DiffFixtures() {}

  /** A time on the day, e.g. {@code at("09:00:00")}, in +08:00. */
  public static Instant at(String time) {
    return OffsetDateTime.parse("2026-11-23T" + time + "+08:00").toInstant();
  }

  /** Room R1 of institution {@code <region>-0001}. */
  public static SubjectKey room(String region) {
    return SubjectKey.room(region + "-0001", "R1");
  }

  /**
   * The transitions of one alert, as a replay writes them: the opening one (sequence 0) and, if
   * {@code resolved} is given, the resolving one (sequence 1). Severity CRITICAL.
   */
  public static List<AlertTransition> alert(
      String ruleId,
      SubjectKey subject,
      String region,
      String started,
      String opened,
      String resolved) {
    return alert(ruleId, subject, region, Severity.CRITICAL, started, opened, resolved);
  }

  /** {@link #alert} with a severity. */
  public static List<AlertTransition> alert(
      String ruleId,
      SubjectKey subject,
      String region,
      Severity severity,
      String started,
      String opened,
      String resolved) {
    AlertTransition open =
        transition(ruleId, subject, region, severity, at(started), at(opened), null, 0);
    if (resolved == null) {
      return List.of(open);
    }
    return List.of(
        open,
        transition(ruleId, subject, region, severity, at(started), at(opened), at(resolved), 1));
  }

  /** One transition; OPEN without {@code resolvedAt}, RESOLVED with it. */
  public static AlertTransition transition(
      String ruleId,
      SubjectKey subject,
      String region,
      Severity severity,
      Instant startedAt,
      Instant openedAt,
      Instant resolvedAt,
      int sequence) {
    return AlertTransition.newBuilder()
        .setAlertId(AlertIds.alertId(ruleId, subject, startedAt))
        .setRuleId(ruleId)
        .setSeverity(severity)
        .setStatus(resolvedAt == null ? AlertStatus.OPEN : AlertStatus.RESOLVED)
        .setInstitutionId(subject.institutionId())
        .setRegionCode(region)
        .setRoomId(subject.roomId())
        .setCameraId(subject.cameraId())
        .setSensorId(subject.sensorId())
        .setPersonId(subject.personId())
        .setStartedAt(startedAt)
        .setOpenedAt(openedAt)
        .setUpdatedAt(resolvedAt == null ? openedAt : resolvedAt)
        .setResolvedAt(resolvedAt)
        .setMessage(ruleId + " 于 " + startedAt)
        .setDetails(Map.of())
        .setSequence(sequence)
        .build();
  }

  /** The id an alert of these transitions has. */
  public static String id(List<AlertTransition> alert) {
    return alert.get(0).getAlertId();
  }

  /** All transitions of the given alerts, in order. */
  @SafeVarargs
  public static List<AlertTransition> all(List<AlertTransition>... alerts) {
    List<AlertTransition> all = new ArrayList<>();
    for (List<AlertTransition> a : alerts) {
      all.addAll(a);
    }
    return all;
  }
}
