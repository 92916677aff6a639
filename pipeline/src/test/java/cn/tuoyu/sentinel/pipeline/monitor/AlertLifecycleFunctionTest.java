package cn.tuoyu.sentinel.pipeline.monitor;

import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.INSTITUTION_ID;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.today;
import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.pipeline.rules.AlertIds;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.GeoPoint;
import cn.tuoyu.sentinel.schema.Severity;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The alert lifecycle in Flink's operator harness: OPEN from the hold pattern and CLEAR from the
 * monitor become OPEN / RESOLVED transitions once the watermark passes them, and nothing is kept
 * after the alert resolved.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AlertLifecycleFunctionTest {
  private static final SubjectKey R1 = SubjectKey.room(INSTITUTION_ID, "R1");
  private static final long STARTED = today("09:00:00");
  private static final long OPENED = today("09:00:30");
  private static final long CLEARED = today("09:03:00");

  private KeyedOneInputStreamOperatorTestHarness<String, ConditionSignal, AlertTransition> harness;

  @BeforeEach
  void open() throws Exception {
    harness =
        new KeyedOneInputStreamOperatorTestHarness<>(
            new KeyedProcessOperator<>(new AlertLifecycleFunction()),
            (ConditionSignal s) -> s.conditionKey,
            Types.STRING);
    ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig())
        .setGenericTypes(false);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  /** A ROOM_UNATTENDED signal of the episode that began at {@code since}. */
  static ConditionSignal signal(ConditionSignal.Kind kind, long since, long ts) {
    ConditionSignal s = new ConditionSignal();
    s.kind = kind;
    s.ruleId = RuleIds.ROOM_UNATTENDED;
    s.subject = R1.asString();
    s.conditionKey = s.ruleId + "|" + s.subject;
    s.alertId = AlertIds.alertId(s.ruleId, R1, Instant.ofEpochMilli(since));
    s.institutionId = INSTITUTION_ID;
    s.institutionName = "天宁区小星星托育园";
    s.regionCode = "320402";
    s.lat = 31.78;
    s.lon = 119.97;
    s.roomId = "R1";
    s.ts = ts;
    s.since = since;
    s.holdMillis = 30_000;
    s.severity = "CRITICAL";
    s.message = "托小班 R1：4名幼儿在场，无照护人员";
    s.detailsJson =
        "{\"caregivers\":0,\"children\":4,\"ratio\":1.5,\"named\":\"R1\",\"flag\":true,"
            + "\"none\":null,\"list\":[1,2]}";
    return s;
  }

  private void send(ConditionSignal s) throws Exception {
    harness.processElement(new StreamRecord<>(s, s.ts));
  }

  private void watermark(long ts) throws Exception {
    harness.processWatermark(new Watermark(ts));
  }

  private List<AlertTransition> transitions() {
    return harness.extractOutputValues();
  }

  @Test
  void openBecomesAnOpenTransitionWithSequenceZeroOnceTheWatermarkPassesIt() throws Exception {
    send(signal(ConditionSignal.Kind.OPEN, STARTED, OPENED));
    watermark(OPENED - 1);
    assertThat(transitions()).as("buffered until the watermark passes it").isEmpty();

    watermark(OPENED);
    AlertTransition open = transitions().get(0);
    assertThat(transitions()).hasSize(1);
    assertThat(open.getStatus()).isEqualTo(AlertStatus.OPEN);
    assertThat(open.getSequence()).isZero();
    assertThat(open.getAlertId())
        .isEqualTo(AlertIds.alertId(RuleIds.ROOM_UNATTENDED, R1, Instant.ofEpochMilli(STARTED)));
    assertThat(open.getRuleId()).isEqualTo(RuleIds.ROOM_UNATTENDED);
    assertThat(open.getSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(open.getInstitutionId()).isEqualTo(INSTITUTION_ID);
    assertThat(open.getRegionCode()).isEqualTo("320402");
    assertThat(open.getRoomId()).isEqualTo("R1");
    assertThat(open.getCameraId()).isNull();
    assertThat(open.getPersonId()).isNull();
    assertThat(open.getStartedAt()).isEqualTo(Instant.ofEpochMilli(STARTED));
    assertThat(open.getOpenedAt()).isEqualTo(Instant.ofEpochMilli(OPENED));
    assertThat(open.getUpdatedAt()).isEqualTo(Instant.ofEpochMilli(OPENED));
    assertThat(open.getResolvedAt()).isNull();
    assertThat(open.getMessage()).isEqualTo("托小班 R1：4名幼儿在场，无照护人员");
    assertThat(open.getInstitutionName()).isEqualTo("天宁区小星星托育园");
    assertThat(open.getLocation()).isEqualTo(new GeoPoint(31.78, 119.97));
    assertThat(harness.numKeyedStateEntries()).as("the open alert is kept").isEqualTo(1);
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void detailsKeepTheirJsonTypesAsAvroMapValues() throws Exception {
    send(signal(ConditionSignal.Kind.OPEN, STARTED, OPENED));
    watermark(OPENED);

    var details = transitions().get(0).getDetails();
    assertThat(details)
        .containsOnlyKeys("caregivers", "children", "ratio", "named", "flag", "none", "list");
    assertThat(details.get("children")).isInstanceOf(Long.class).isEqualTo(4L);
    assertThat(details.get("caregivers")).isEqualTo(0L);
    assertThat(details.get("ratio")).isInstanceOf(Double.class).isEqualTo(1.5);
    assertThat(details.get("named")).isEqualTo("R1");
    assertThat(details.get("flag")).isEqualTo(true);
    assertThat(details.get("none")).isNull();
    assertThat(details.get("list")).isEqualTo("[1,2]");
  }

  @Test
  void clearResolvesTheOpenAlertWithSequenceOneAndTheSameIdThenNothingIsKept() throws Exception {
    send(signal(ConditionSignal.Kind.OPEN, STARTED, OPENED));
    send(signal(ConditionSignal.Kind.CLEAR, STARTED, CLEARED));
    watermark(CLEARED - 1);
    assertThat(transitions())
        .extracting(AlertTransition::getStatus)
        .containsExactly(AlertStatus.OPEN);
    assertThat(harness.numEventTimeTimers()).as("the CLEAR's timer").isEqualTo(1);

    watermark(CLEARED);
    List<AlertTransition> all = transitions();
    assertThat(all)
        .extracting(AlertTransition::getStatus)
        .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
    AlertTransition resolved = all.get(1);
    assertThat(resolved.getSequence()).isEqualTo(1);
    assertThat(resolved.getAlertId()).isEqualTo(all.get(0).getAlertId());
    assertThat(resolved.getStartedAt()).isEqualTo(Instant.ofEpochMilli(STARTED));
    assertThat(resolved.getOpenedAt()).isEqualTo(Instant.ofEpochMilli(OPENED));
    assertThat(resolved.getUpdatedAt()).isEqualTo(Instant.ofEpochMilli(CLEARED));
    assertThat(resolved.getResolvedAt()).isEqualTo(Instant.ofEpochMilli(CLEARED));
    assertThat(resolved.getDetails()).isEqualTo(all.get(0).getDetails());

    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void aClearWithoutAnOpenAlertIsAHandOverAndProducesNothingAndIsForgottenAfterADay()
      throws Exception {
    long cleared = today("09:00:20");
    send(signal(ConditionSignal.Kind.CLEAR, STARTED, cleared));
    watermark(today("09:10:00"));

    assertThat(transitions()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).as("the CLEAR, remembered").isEqualTo(1);
    assertThat(harness.numEventTimeTimers()).as("when to forget it").isEqualTo(1);

    watermark(cleared + AlertLifecycleFunction.CLEAR_MEMORY + 60_000);
    assertThat(transitions()).isEmpty();
    assertThat(harness.numKeyedStateEntries()).isZero();
    assertThat(harness.numEventTimeTimers()).isZero();
  }

  @Test
  void anOpenArrivingAfterItsEpisodesClearWasAppliedOpensAndResolvesAtOnce() throws Exception {
    // The watermark ran ahead on the CLEAR path (the CEP path counted as idle): the CLEAR is
    // applied first, the OPEN arrives behind the watermark.
    send(signal(ConditionSignal.Kind.CLEAR, STARTED, CLEARED));
    watermark(today("11:00:00"));
    assertThat(transitions()).isEmpty();

    send(signal(ConditionSignal.Kind.OPEN, STARTED, OPENED));
    watermark(today("11:00:01"));
    List<AlertTransition> late = transitions();
    assertThat(late)
        .extracting(AlertTransition::getStatus)
        .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);

    // Exactly what event-time order gives.
    close();
    open();
    send(signal(ConditionSignal.Kind.OPEN, STARTED, OPENED));
    send(signal(ConditionSignal.Kind.CLEAR, STARTED, CLEARED));
    watermark(today("11:00:01"));
    assertThat(late).isEqualTo(transitions());

    // The subject is free: the next episode opens.
    close();
    open();
    send(signal(ConditionSignal.Kind.CLEAR, STARTED, CLEARED));
    watermark(today("11:00:00"));
    send(signal(ConditionSignal.Kind.OPEN, STARTED, OPENED));
    long next = today("11:00:30");
    send(signal(ConditionSignal.Kind.OPEN, today("11:00:00"), next));
    watermark(next);
    assertThat(transitions())
        .extracting(a -> a.getStatus() + " " + a.getStartedAt())
        .containsExactly(
            "OPEN " + Instant.ofEpochMilli(STARTED),
            "RESOLVED " + Instant.ofEpochMilli(STARTED),
            "OPEN " + Instant.ofEpochMilli(today("11:00:00")));
  }

  @Test
  void aRememberedClearNeverResolvesALaterOpen() throws Exception {
    send(signal(ConditionSignal.Kind.CLEAR, STARTED, today("09:00:20"))); // a hand-over
    ConditionSignal any = signal(ConditionSignal.Kind.CLEAR, ConditionSignal.ANY_EPISODE, CLEARED);
    send(any);
    watermark(CLEARED);

    long later = today("09:20:00");
    send(signal(ConditionSignal.Kind.OPEN, today("09:19:30"), later));
    watermark(later);
    assertThat(transitions())
        .extracting(AlertTransition::getStatus)
        .containsExactly(AlertStatus.OPEN);
  }

  @Test
  void anOpenArrivingAfterAClearOfAnyEpisodeThatFollowedItResolvesAtOnce() throws Exception {
    send(signal(ConditionSignal.Kind.CLEAR, ConditionSignal.ANY_EPISODE, CLEARED));
    watermark(today("09:30:00"));
    send(signal(ConditionSignal.Kind.OPEN, STARTED, OPENED));
    watermark(today("09:30:01"));

    assertThat(transitions())
        .extracting(a -> a.getStatus() + " " + a.getUpdatedAt())
        .containsExactly(
            "OPEN " + Instant.ofEpochMilli(OPENED), "RESOLVED " + Instant.ofEpochMilli(CLEARED));
  }

  @Test
  void aClearOfAnotherEpisodeDoesNotResolveTheOpenAlert() throws Exception {
    send(signal(ConditionSignal.Kind.OPEN, STARTED, OPENED));
    send(signal(ConditionSignal.Kind.CLEAR, STARTED - 60_000, today("09:01:00"))); // stale
    watermark(today("09:05:00"));

    assertThat(transitions())
        .extracting(AlertTransition::getStatus)
        .containsExactly(AlertStatus.OPEN);
    assertThat(harness.numKeyedStateEntries())
        .as("the open alert, and the stale CLEAR remembered")
        .isEqualTo(2);
  }

  @Test
  void signalsArrivingOutOfOrderAreAppliedInEventTimeOrder() throws Exception {
    // The CLEAR (monitor path) overtakes the OPEN (CEP path) on the way here.
    send(signal(ConditionSignal.Kind.CLEAR, STARTED, CLEARED));
    send(signal(ConditionSignal.Kind.OPEN, STARTED, OPENED));
    watermark(CLEARED);

    assertThat(transitions())
        .extracting(AlertTransition::getStatus)
        .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
    assertThat(harness.numKeyedStateEntries()).isZero();
  }

  @Test
  void aRecurrenceAfterResolvingIsANewAlert() throws Exception {
    long again = today("10:00:00");
    send(signal(ConditionSignal.Kind.OPEN, STARTED, OPENED));
    send(signal(ConditionSignal.Kind.CLEAR, STARTED, CLEARED));
    send(signal(ConditionSignal.Kind.OPEN, again, again + 30_000));
    watermark(again + 30_000);

    List<AlertTransition> all = transitions();
    assertThat(all)
        .extracting(AlertTransition::getStatus)
        .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED, AlertStatus.OPEN);
    assertThat(all.get(2).getAlertId()).isNotEqualTo(all.get(0).getAlertId());
    assertThat(all.get(2).getSequence()).isZero();
    assertThat(all.get(2).getStartedAt()).isEqualTo(Instant.ofEpochMilli(again));
  }

  @Test
  void anImmediateHoldThatClearsAtTheSameInstantOpensAndResolvesInsteadOfStayingOpen()
      throws Exception {
    // Hold 0 (a rules line may set it): START, TICK and CLEAR of one episode share an instant
    // when a second event at that instant clears the condition, so OPEN and CLEAR arrive together.
    long t = today("09:00:00");
    send(signal(ConditionSignal.Kind.OPEN, t, t));
    send(signal(ConditionSignal.Kind.CLEAR, t, t));
    watermark(t);

    assertThat(transitions())
        .extracting(AlertTransition::getStatus)
        .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED);
    assertThat(harness.numKeyedStateEntries()).as("no alert left open forever").isZero();
  }

  @Test
  void anEpisodeThatClearsAndOneThatOpensAtTheSameInstantAreBothApplied() throws Exception {
    // Episode 1 clears at t and episode 2 (hold 0) begins and opens at the same t.
    long t = today("09:05:00");
    send(signal(ConditionSignal.Kind.OPEN, STARTED, OPENED));
    send(signal(ConditionSignal.Kind.OPEN, t, t));
    send(signal(ConditionSignal.Kind.CLEAR, STARTED, t));
    watermark(t);

    List<AlertTransition> all = transitions();
    assertThat(all)
        .extracting(AlertTransition::getStatus)
        .containsExactly(AlertStatus.OPEN, AlertStatus.RESOLVED, AlertStatus.OPEN);
    assertThat(all.get(1).getStartedAt()).isEqualTo(Instant.ofEpochMilli(STARTED));
    assertThat(all.get(2).getStartedAt()).isEqualTo(Instant.ofEpochMilli(t));
  }
}
