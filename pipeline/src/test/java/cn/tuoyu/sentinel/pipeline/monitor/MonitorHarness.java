package cn.tuoyu.sentinel.pipeline.monitor;

import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.describe;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.envelope;

import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.pipeline.rules.InstitutionRule;
import cn.tuoyu.sentinel.pipeline.rules.OccupancyRules;
import cn.tuoyu.sentinel.schema.DeadLetter;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;

/**
 * {@link InstitutionMonitorFunction} in Flink's operator test harness, as {@link MonitorGraph} runs
 * it: keyed by institution on input 1, reference and rule records broadcast on input 2. Kryo is
 * disabled, as in the jobs, so state that would fall back to it fails here.
 */
final class MonitorHarness implements AutoCloseable {
  final KeyedTwoInputStreamOperatorTestHarness<
          String, EventEnvelope, EventEnvelope, ConditionSignal>
      harness;

  private final List<ConditionSignal> signals = new ArrayList<>();

  /** The occupancy rules only, so their tests see nothing of the device rules. */
  MonitorHarness() throws Exception {
    this(OccupancyRules.ALL);
  }

  /** Every rule of the job. */
  static MonitorHarness allRules() throws Exception {
    return new MonitorHarness(InstitutionMonitorFunction.allRules());
  }

  MonitorHarness(List<InstitutionRule> rules) throws Exception {
    this(rules, Long.MIN_VALUE);
  }

  /** Every rule, over a bounded input known to be complete up to {@code periodEnd}. */
  static MonitorHarness allRulesOverAPeriodEndingAt(long periodEnd) throws Exception {
    return new MonitorHarness(InstitutionMonitorFunction.allRules(), periodEnd);
  }

  private MonitorHarness(List<InstitutionRule> rules, long periodEnd) throws Exception {
    harness =
        new KeyedTwoInputStreamOperatorTestHarness<>(
            new CoBroadcastWithKeyedOperator<>(
                new InstitutionMonitorFunction(List.of(), rules, periodEnd),
                List.of(ReferenceState.INSTITUTIONS, ReferenceState.RULES)),
            (EventEnvelope e) -> e.key,
            (EventEnvelope e) -> e.key,
            Types.STRING);
    ((SerializerConfigImpl) harness.getExecutionConfig().getSerializerConfig())
        .setGenericTypes(false);
    harness.open();
  }

  /** A reference or rules record on the broadcast input. */
  MonitorHarness reference(SpecificRecord record) throws Exception {
    EventEnvelope env = envelope(record);
    harness.processElement2(new StreamRecord<>(env, env.ts));
    return this;
  }

  /** Events on the keyed input, in the order given. */
  MonitorHarness events(SpecificRecord... records) throws Exception {
    for (SpecificRecord r : records) {
      event(envelope(r));
    }
    return this;
  }

  MonitorHarness events(List<? extends SpecificRecord> records) throws Exception {
    return events(records.toArray(new SpecificRecord[0]));
  }

  MonitorHarness event(EventEnvelope env) throws Exception {
    harness.processElement1(new StreamRecord<>(env, env.ts));
    return this;
  }

  /** The watermark of both inputs (the operator takes the minimum of the two). */
  MonitorHarness watermark(long ts) throws Exception {
    harness.processBothWatermarks(new Watermark(ts));
    return this;
  }

  /** Signals emitted since the last call. */
  List<ConditionSignal> newSignals() {
    List<ConditionSignal> all = new ArrayList<>(harness.extractOutputValues());
    List<ConditionSignal> fresh = new ArrayList<>(all.subList(signals.size(), all.size()));
    signals.clear();
    signals.addAll(all);
    return fresh;
  }

  /** Every signal emitted so far. */
  List<ConditionSignal> allSignals() {
    return new ArrayList<>(harness.extractOutputValues());
  }

  /** {@link MonitorFixtures#describe} of the signals since the last call, of one rule only. */
  List<String> newSignals(String ruleId) {
    return newSignals().stream()
        .filter(s -> s.ruleId.equals(ruleId))
        .map(s -> describe(s))
        .toList();
  }

  List<DeadLetter> deadLetters() {
    var side = harness.getSideOutput(InstitutionMonitorFunction.DEAD_LETTERS);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }

  int timers() {
    return harness.numEventTimeTimers();
  }

  int stateEntries() {
    return harness.numKeyedStateEntries();
  }

  @Override
  public void close() throws Exception {
    harness.close();
  }
}
