package cn.tuoyu.sentinel.pipeline.monitor;

import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.INSTITUTION_ID;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.clock;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.today;
import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.pipeline.rules.AlertIds;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.nfa.NFAState;
import org.apache.flink.cep.nfa.NFAStateSerializer;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CAMERA_FLAPPING CEP pattern as {@link MonitorGraph} builds it ({@code CEP.pattern(...)
 * .inEventTime().process(new CameraFlappingPattern.ToOpen())} over TRANSITION signals keyed by
 * condition), without a MiniCluster: the operator that {@code CEP.pattern} creates is taken from
 * the stream's transformation and run in Flink's keyed operator harness, so the tests control the
 * watermark and can inspect the partial matches the NFA keeps.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CameraFlappingPatternTest {
  private static final long T0 = today("09:00:00");
  private static final long MINUTE = 60_000;
  private static final long HOUR = 60 * MINUTE;
  private static final String CAMERA = "C-R1";
  private static final SubjectKey SUBJECT = SubjectKey.camera(INSTITUTION_ID, CAMERA);
  private static final String KEY = RuleIds.CAMERA_FLAPPING + "|" + SUBJECT.asString();

  /** The CEP operator of {@code CEP.pattern(...)} in a keyed harness. */
  private static final class Flapping implements AutoCloseable {
    final KeyedOneInputStreamOperatorTestHarness<String, ConditionSignal, ConditionSignal> harness;
    private final Map<String, Long> counts = new HashMap<>();

    @SuppressWarnings("unchecked")
    Flapping() throws Exception {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      // Never executed: it only lets CEP.pattern build its operator as in MonitorGraph.
      DataStream<ConditionSignal> transitions =
          env.fromData(List.of(new ConditionSignal()), TypeInformation.of(ConditionSignal.class));
      SingleOutputStreamOperator<ConditionSignal> opened =
          CEP.pattern(transitions.keyBy(s -> s.conditionKey), CameraFlappingPattern.pattern())
              .inEventTime()
              .process(new CameraFlappingPattern.ToOpen());
      OneInputTransformation<ConditionSignal, ConditionSignal> t =
          (OneInputTransformation<ConditionSignal, ConditionSignal>) opened.getTransformation();
      harness =
          new KeyedOneInputStreamOperatorTestHarness<>(
              t.getOperatorFactory(), (ConditionSignal s) -> s.conditionKey, Types.STRING);
      ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig())
          .setGenericTypes(false);
      harness.open();
    }

    /**
     * The camera's next ONLINE → OFFLINE transition at {@code ts} (numbered as the monitor does),
     * followed by the watermark at {@code ts}, as the monitor emits it once its watermark passes.
     */
    Flapping transition(long ts) throws Exception {
      return transition(CAMERA, ts, 3, HOUR);
    }

    Flapping transition(String cameraId, long ts, int minCount, long windowMillis)
        throws Exception {
      long count = counts.merge(cameraId, 1L, Long::sum);
      harness.processElement(
          new StreamRecord<>(signal(cameraId, ts, count, minCount, windowMillis), ts));
      harness.processWatermark(new Watermark(ts));
      return this;
    }

    Flapping watermark(long ts) throws Exception {
      harness.processWatermark(new Watermark(ts));
      return this;
    }

    List<ConditionSignal> opened() {
      return harness.extractOutputValues();
    }

    /** The NFA's partial matches for the camera (its start state included). */
    int partialMatches() throws Exception {
      AbstractStreamOperator<?> op = (AbstractStreamOperator<?>) harness.getOperator();
      KeyedStateBackend<Object> backend = op.getKeyedStateBackend();
      backend.setCurrentKey(KEY);
      ValueState<NFAState> nfa =
          backend.getPartitionedState(
              VoidNamespace.INSTANCE,
              VoidNamespaceSerializer.INSTANCE,
              new ValueStateDescriptor<>("nfaStateName", new NFAStateSerializer()));
      NFAState state = nfa.value();
      return state == null ? 0 : state.getPartialMatches().size();
    }

    @Override
    public void close() throws Exception {
      harness.close();
    }
  }

  /** A TRANSITION signal as {@link Signals#transition} builds it. */
  private static ConditionSignal signal(
      String cameraId, long ts, long count, int minCount, long windowMillis) {
    SubjectKey subject = SubjectKey.camera(INSTITUTION_ID, cameraId);
    ConditionSignal s = new ConditionSignal();
    s.kind = ConditionSignal.Kind.TRANSITION;
    s.ruleId = RuleIds.CAMERA_FLAPPING;
    s.subject = subject.asString();
    s.conditionKey = RuleIds.CAMERA_FLAPPING + "|" + s.subject;
    s.institutionId = INSTITUTION_ID;
    s.institutionName = "天宁区小星星托育园";
    s.regionCode = "320402";
    s.cameraId = cameraId;
    s.ts = ts;
    s.since = ts;
    s.count = count;
    s.minCount = minCount;
    s.holdMillis = windowMillis;
    s.severity = "MINOR";
    return s;
  }

  private static List<String> describe(List<ConditionSignal> signals) {
    return signals.stream()
        .map(s -> s.kind + " " + s.cameraId + " since " + clock(s.since) + " @" + clock(s.ts))
        .toList();
  }

  private static String open(long since, long at) {
    return "OPEN " + CAMERA + " since " + clock(since) + " @" + clock(at);
  }

  @Test
  void twoTransitionsWithinTheHourAreNoFlapping() throws Exception {
    try (Flapping f = new Flapping()) {
      f.transition(T0).transition(T0 + 10 * MINUTE).watermark(T0 + 3 * HOUR);
      assertThat(f.opened()).isEmpty();
    }
  }

  @Test
  void threeTransitionsWithinTheHourOpenOnceSinceTheFirstWithADeterministicAlertId()
      throws Exception {
    List<ConditionSignal> first;
    try (Flapping f = new Flapping()) {
      f.transition(T0).transition(T0 + 20 * MINUTE).transition(T0 + 40 * MINUTE);
      first = f.opened();
      assertThat(describe(first)).containsExactly(open(T0, T0 + 40 * MINUTE));
      f.watermark(T0 + 3 * HOUR);
      assertThat(f.opened()).as("one OPEN, not one per transition").hasSize(1);
    }
    ConditionSignal o = first.get(0);
    assertThat(o.kind).isEqualTo(ConditionSignal.Kind.OPEN);
    assertThat(o.conditionKey).isEqualTo(KEY);
    assertThat(o.ruleId).isEqualTo(RuleIds.CAMERA_FLAPPING);
    assertThat(o.alertId)
        .isEqualTo(AlertIds.alertId(RuleIds.CAMERA_FLAPPING, SUBJECT, Instant.ofEpochMilli(T0)));
    assertThat(o.severity).isEqualTo("MINOR");
    assertThat(o.institutionId).isEqualTo(INSTITUTION_ID);
    assertThat(o.message).contains(CAMERA).contains("3 次");
    assertThat(o.detailsJson).contains("\"transitions\":3");

    try (Flapping again = new Flapping()) {
      again.transition(T0).transition(T0 + 20 * MINUTE).transition(T0 + 40 * MINUTE);
      assertThat(again.opened())
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.alertId).as("a replay gives the same id").isEqualTo(o.alertId);
                assertThat(s.message).isEqualTo(o.message);
                assertThat(s.detailsJson).isEqualTo(o.detailsJson);
              });
    }
  }

  @Test
  void theWindowIncludesItsEnd() throws Exception {
    try (Flapping f = new Flapping()) {
      f.transition(T0).transition(T0 + 30 * MINUTE).transition(T0 + HOUR);
      assertThat(describe(f.opened())).containsExactly(open(T0, T0 + HOUR));
    }
    try (Flapping f = new Flapping()) {
      f.transition(T0).transition(T0 + 30 * MINUTE).transition(T0 + HOUR + 1);
      assertThat(f.opened()).isEmpty();
    }
  }

  @Test
  void threeTransitionsSpreadOverMoreThanAnHourAreNoFlapping() throws Exception {
    try (Flapping f = new Flapping()) {
      f.transition(T0)
          .transition(T0 + 31 * MINUTE)
          .transition(T0 + 62 * MINUTE)
          .transition(T0 + 125 * MINUTE)
          .watermark(T0 + 5 * HOUR);
      assertThat(f.opened()).isEmpty();
    }
  }

  @Test
  void theWindowSlides() throws Exception {
    try (Flapping f = new Flapping()) {
      // 09:00 is too far from 10:10 and 10:30; 09:40, 10:10 and 10:30 lie within one hour.
      f.transition(T0)
          .transition(T0 + 40 * MINUTE)
          .transition(T0 + 70 * MINUTE)
          .transition(T0 + 90 * MINUTE);
      assertThat(describe(f.opened())).containsExactly(open(T0 + 40 * MINUTE, T0 + 90 * MINUTE));
    }
  }

  @Test
  void aCameraThatKeepsFlappingMatchesTheWindowOfItsLastTransitionsEachTime() throws Exception {
    try (Flapping f = new Flapping()) {
      f.transition(T0).transition(T0 + 5 * MINUTE).transition(T0 + 10 * MINUTE);
      assertThat(describe(f.opened())).containsExactly(open(T0, T0 + 10 * MINUTE));

      // Each further transition completes exactly one match — its own last three — which the
      // alert lifecycle folds into the alert already open.
      f.transition(T0 + 15 * MINUTE).transition(T0 + 80 * MINUTE);
      assertThat(describe(f.opened()))
          .containsExactly(open(T0, T0 + 10 * MINUTE), open(T0 + 5 * MINUTE, T0 + 15 * MINUTE));
    }
  }

  @Test
  void theCountAndWindowInForceComeWithEachTransition() throws Exception {
    // A region where 2 transitions within 10 minutes are flapping.
    try (Flapping f = new Flapping()) {
      f.transition(CAMERA, T0, 2, 10 * MINUTE).transition(CAMERA, T0 + 10 * MINUTE, 2, 10 * MINUTE);
      assertThat(describe(f.opened())).containsExactly(open(T0, T0 + 10 * MINUTE));
    }
    try (Flapping f = new Flapping()) {
      f.transition(CAMERA, T0, 2, 10 * MINUTE).transition(CAMERA, T0 + 11 * MINUTE, 2, 10 * MINUTE);
      f.watermark(T0 + 3 * HOUR);
      assertThat(f.opened()).isEmpty();
    }
  }

  /**
   * A camera that went offline once in the morning and flaps in the afternoon: the afternoon's
   * three transitions within 20 minutes must open at the third, not the next morning.
   *
   * <p>Actual: the OPEN (since 14:00, ts 14:20) is emitted only when the watermark reaches 08:00
   * the next day, when the 08:00 transition's partial match expires. Downstream, the monitor's
   * CLEAR (since ANY_EPISODE) at 15:20 reaches the lifecycle before that OPEN and resolves nothing;
   * the late OPEN then opens an alert that is never resolved.
   */
  @Test
  void aMatchIsNotHeldBackByAnEarlierLoneTransition() throws Exception {
    try (Flapping f = new Flapping()) {
      f.transition(today("08:00:00"))
          .transition(today("14:00:00"))
          .transition(today("14:10:00"))
          .transition(today("14:20:00"));
      assertThat(describe(f.opened())).containsExactly(open(today("14:00:00"), today("14:20:00")));
    }
  }

  @Test
  void camerasAreIndependent() throws Exception {
    try (Flapping f = new Flapping()) {
      f.transition("C-R1", T0, 3, HOUR)
          .transition("C-R2", T0 + MINUTE, 3, HOUR)
          .transition("C-R1", T0 + 2 * MINUTE, 3, HOUR);
      assertThat(f.opened()).as("C-R1 made 2 transitions, C-R2 one").isEmpty();
      f.transition("C-R1", T0 + 3 * MINUTE, 3, HOUR);
      assertThat(f.opened())
          .singleElement()
          .satisfies(
              s -> {
                assertThat(s.cameraId).isEqualTo("C-R1");
                assertThat(s.since).isEqualTo(T0);
              });
    }
  }

  @Test
  void partialMatchesDoNotAccumulate() throws Exception {
    try (Flapping f = new Flapping()) {
      List<Integer> partials = new ArrayList<>();
      List<Integer> entries = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        f.transition(T0 + i * 25 * HOUR); // isolated: more than a day apart
        partials.add(f.partialMatches());
        entries.add(f.harness.numKeyedStateEntries());
      }
      assertThat(f.opened()).isEmpty();
      assertThat(partials)
          .as("partial matches after each isolated transition (start state included)")
          .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(2));
      assertThat(entries.subList(2, entries.size()))
          .as("keyed state entries")
          .allSatisfy(n -> assertThat(n).isEqualTo(entries.get(1)));
      assertThat(f.harness.numEventTimeTimers()).isLessThanOrEqualTo(1);
    }
  }

  @Test
  void partialMatchesOfABurstLiveNoLongerThanTheCapOnTheWindow() throws Exception {
    try (Flapping f = new Flapping()) {
      // A transition about every hour for a day, never three within an hour: none completes,
      // each starts a partial match that only the 6-hour cap on the window ends.
      for (int i = 0; i < 24; i++) {
        f.transition(T0 + i * HOUR + (i % 2) * 10 * MINUTE);
      }
      assertThat(f.opened()).isEmpty();
      int busy = f.partialMatches();
      assertThat(busy)
          .as("one per transition of the last 6 hours, plus the start state")
          .isBetween(6, 8);

      f.watermark(T0 + 48 * HOUR);
      assertThat(f.partialMatches()).as("all past the 6-hour cap").isLessThanOrEqualTo(1);
    }
  }
}
