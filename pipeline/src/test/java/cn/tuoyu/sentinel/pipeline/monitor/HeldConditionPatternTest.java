package cn.tuoyu.sentinel.pipeline.monitor;

import static cn.tuoyu.sentinel.pipeline.monitor.ConditionSignal.Kind.CLEAR;
import static cn.tuoyu.sentinel.pipeline.monitor.ConditionSignal.Kind.START;
import static cn.tuoyu.sentinel.pipeline.monitor.ConditionSignal.Kind.TICK;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CEP hold pattern as {@link MonitorGraph} runs it (keyed by condition, event time, {@link
 * HeldConditionPattern.ToOpen}) on a shared MiniCluster over bounded, time-stamped signals.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HeldConditionPatternTest {
  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final long T0 = MonitorFixtures.today("09:00:00");

  /** A signal of condition {@code key} whose episode began at T0 + {@code sinceS} seconds. */
  private static ConditionSignal signal(
      String key, ConditionSignal.Kind kind, long sinceS, long holdS, long atS) {
    ConditionSignal s = new ConditionSignal();
    s.kind = kind;
    s.conditionKey = "ROOM_UNATTENDED|320402-0007/room/" + key;
    s.ruleId = "ROOM_UNATTENDED";
    s.subject = "320402-0007/room/" + key;
    s.alertId = key + "-" + sinceS;
    s.institutionId = MonitorFixtures.INSTITUTION_ID;
    s.regionCode = "320402";
    s.roomId = key;
    s.since = T0 + sinceS * 1000;
    s.holdMillis = holdS * 1000;
    s.ts = T0 + atS * 1000;
    s.severity = "CRITICAL";
    s.message = "托小班 " + key + "：4名幼儿在场，无照护人员";
    s.detailsJson = "{\"children\":4}";
    return s;
  }

  /** Runs the pattern over {@code signals} (in time order) and returns the OPEN signals. */
  private static List<ConditionSignal> opened(ConditionSignal... signals) throws Exception {
    List<ConditionSignal> input = new ArrayList<>(List.of(signals));
    input.sort(Comparator.comparingLong(s -> s.ts));
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(2);
    DataStream<ConditionSignal> in =
        env.fromData(input, TypeInformation.of(ConditionSignal.class))
            .assignTimestampsAndWatermarks(
                WatermarkStrategy.<ConditionSignal>forMonotonousTimestamps()
                    .withTimestampAssigner((s, previous) -> s.ts));
    DataStream<ConditionSignal> open =
        CEP.pattern(in.keyBy(s -> s.conditionKey), HeldConditionPattern.pattern())
            .inEventTime()
            .process(new HeldConditionPattern.ToOpen());
    List<ConditionSignal> out = new ArrayList<>();
    try (CloseableIterator<ConditionSignal> it = open.executeAndCollect("hold pattern test")) {
      it.forEachRemaining(out::add);
    }
    out.sort(Comparator.comparingLong((ConditionSignal s) -> s.ts).thenComparing(s -> s.roomId));
    return out;
  }

  private static List<String> describe(List<ConditionSignal> signals) {
    return signals.stream()
        .map(
            s ->
                s.kind
                    + " "
                    + s.roomId
                    + " since="
                    + (s.since - T0) / 1000
                    + " at="
                    + (s.ts - T0) / 1000)
        .toList();
  }

  @Test
  void startNotClearedUntilTheTickAfterItsHoldOpens() throws Exception {
    List<ConditionSignal> open =
        opened(signal("R1", START, 0, 30, 0), signal("R1", TICK, 0, 30, 30));

    assertThat(describe(open)).containsExactly("OPEN R1 since=0 at=30");
    ConditionSignal o = open.get(0);
    assertThat(o.alertId).isEqualTo("R1-0");
    assertThat(o.conditionKey).isEqualTo("ROOM_UNATTENDED|320402-0007/room/R1");
    assertThat(o.holdMillis).isEqualTo(30_000);
    assertThat(o.severity).isEqualTo("CRITICAL");
    assertThat(o.message).isEqualTo("托小班 R1：4名幼儿在场，无照护人员");
    assertThat(o.detailsJson).isEqualTo("{\"children\":4}");
  }

  @Test
  void aClearBetweenStartAndTickPreventsTheOpen() throws Exception {
    assertThat(
            opened(
                signal("R1", START, 0, 30, 0),
                signal("R1", CLEAR, 0, 30, 20),
                signal("R1", TICK, 0, 30, 30)))
        .isEmpty();
  }

  @Test
  void theHoldIsReadFromTheStartOfEachEpisode() throws Exception {
    List<ConditionSignal> open =
        opened(
            // R1: a region with a 20 s hold: the tick at 20 s opens.
            signal("R1", START, 0, 20, 0),
            signal("R1", TICK, 0, 20, 20),
            // R2: a 60 s hold; a tick at 30 s is too early, the one at 60 s opens.
            signal("R2", START, 0, 60, 0),
            signal("R2", TICK, 0, 60, 30),
            signal("R2", TICK, 0, 60, 60),
            // R3: a 60 s hold and only a tick at 30 s: nothing.
            signal("R3", START, 0, 60, 0),
            signal("R3", TICK, 0, 60, 30));

    assertThat(describe(open)).containsExactly("OPEN R1 since=0 at=20", "OPEN R2 since=0 at=60");
  }

  @Test
  void aTickOfAnEarlierEpisodeDoesNotOpenTheNextOne() throws Exception {
    List<ConditionSignal> open =
        opened(
            signal("R1", START, 0, 30, 0),
            signal("R1", CLEAR, 0, 30, 10),
            signal("R1", START, 20, 30, 20),
            signal("R1", TICK, 0, 30, 30), // the first episode's deadline, stale
            signal("R1", TICK, 20, 30, 50));

    assertThat(describe(open)).containsExactly("OPEN R1 since=20 at=50");
    assertThat(open.get(0).alertId).isEqualTo("R1-20");
  }

  @Test
  void conditionsAreIndependent() throws Exception {
    List<ConditionSignal> open =
        opened(
            signal("R1", START, 0, 30, 0),
            signal("R2", START, 0, 30, 0),
            signal("R2", CLEAR, 0, 30, 10),
            signal("R1", TICK, 0, 30, 30),
            signal("R2", TICK, 0, 30, 30));

    assertThat(describe(open)).containsExactly("OPEN R1 since=0 at=30");
  }

  @Test
  void anImmediateHoldOpensAtTheStart() throws Exception {
    assertThat(describe(opened(signal("R1", START, 0, 0, 0), signal("R1", TICK, 0, 0, 0))))
        .containsExactly("OPEN R1 since=0 at=0");
  }
}
