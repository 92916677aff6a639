package cn.tuoyu.sentinel.pipeline.monitor;

import cn.tuoyu.sentinel.codec.DeadLetterReasons;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cep.CEP;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * The rule graph, one for live and replay runs. It takes input streams and returns output streams;
 * it opens no connection, so tests drive it with bounded sources and collecting sinks.
 *
 * <pre>
 *  input ─► split ─┬─ events ─► keyBy institution ─► institution monitor ─► signals
 *                  ├─ reference/rules ─► broadcast ───────┘                  │ (keyBy rule+subject)
 *                  └─ rejected ─► dead letters        CEP hold pattern ◄─────┤ START/TICK/CLEAR
 *                                                  CEP flapping pattern ◄────┤ TRANSITION
 *                                                                 │ OPEN     │ CLEAR
 *                                                                 └─► alert lifecycle ─► alerts
 * </pre>
 */
public final class MonitorGraph {
  /** Signals that reached a CEP stage behind its watermark. */
  static final OutputTag<ConditionSignal> LATE_SIGNALS =
      new OutputTag<>("late-signals", TypeInformation.of(ConditionSignal.class));

  private MonitorGraph() {}

  static DeadLetter lateSignal(ConditionSignal s) {
    return DeadLetter.newBuilder()
        .setTs(Instant.ofEpochMilli(s.ts))
        .setReason(DeadLetterReasons.LATE)
        .setDetail(
            "alert signal "
                + s
                + " reached the CEP stage behind its watermark (an input that had been idle"
                + " resumed); the transition it carried is lost")
        .setRecordType("signal")
        .setRaw(ByteBuffer.wrap(s.toString().getBytes(StandardCharsets.UTF_8)))
        .build();
  }

  /** What the graph produces. */
  public record Outputs(DataStream<AlertTransition> alerts, DataStream<DeadLetter> deadLetters) {}

  /**
   * @param input events, possibly mixed with reference and rule records (a JSON-lines file)
   * @param reference a separate stream of reference and rule records (the Kafka topics), or null
   * @param bootstrap reference and rule records known before the start
   */
  public static Outputs build(
      DataStream<EventEnvelope> input,
      DataStream<EventEnvelope> reference,
      List<EventEnvelope> bootstrap) {
    return build(input, reference, bootstrap, Long.MIN_VALUE);
  }

  /**
   * As {@link #build(DataStream, DataStream, List)}, for a bounded input known to be complete up to
   * {@code periodEnd} (epoch millis, exclusive): deadlines before it fire at the end of the input,
   * as they did live. {@link Long#MIN_VALUE}: nothing is known after the last record.
   */
  public static Outputs build(
      DataStream<EventEnvelope> input,
      DataStream<EventEnvelope> reference,
      List<EventEnvelope> bootstrap,
      long periodEnd) {
    SingleOutputStreamOperator<EventEnvelope> events =
        input.process(new SplitInput()).uid("split-input").name("Split input");
    DataStream<EventEnvelope> referenceRecords = events.getSideOutput(SplitInput.REFERENCE);
    DataStream<DeadLetter> deadLetters = events.getSideOutput(SplitInput.DEAD_LETTERS);
    if (reference != null) {
      SingleOutputStreamOperator<EventEnvelope> split =
          reference.process(new SplitInput()).uid("split-reference").name("Split reference");
      referenceRecords = referenceRecords.union(split.getSideOutput(SplitInput.REFERENCE));
      deadLetters = deadLetters.union(split.getSideOutput(SplitInput.DEAD_LETTERS));
    }
    BroadcastStream<EventEnvelope> broadcast =
        referenceRecords.broadcast(ReferenceState.INSTITUTIONS, ReferenceState.RULES);

    SingleOutputStreamOperator<ConditionSignal> signals =
        events
            .keyBy(e -> e.key)
            .connect(broadcast)
            .process(new InstitutionMonitorFunction(bootstrap, periodEnd))
            .uid("institution-monitor")
            .name("Institution monitor: occupancy and rules");

    DataStream<ConditionSignal> held =
        signals
            .filter(s -> s.kind != ConditionSignal.Kind.TRANSITION)
            .uid("hold-signals")
            .name("Hold signals");
    SingleOutputStreamOperator<ConditionSignal> opened =
        CEP.pattern(held.keyBy(s -> s.conditionKey), HeldConditionPattern.pattern())
            .inEventTime()
            .sideOutputLateData(LATE_SIGNALS)
            .process(new HeldConditionPattern.ToOpen())
            .uid("hold-pattern")
            .name("CEP: condition held past its hold");

    DataStream<ConditionSignal> transitions =
        signals
            .filter(s -> s.kind == ConditionSignal.Kind.TRANSITION)
            .uid("camera-transitions")
            .name("Camera OFFLINE transitions");
    SingleOutputStreamOperator<ConditionSignal> flapping =
        CEP.pattern(transitions.keyBy(s -> s.conditionKey), CameraFlappingPattern.pattern())
            .inEventTime()
            .sideOutputLateData(LATE_SIGNALS)
            .process(new CameraFlappingPattern.ToOpen())
            .uid("flapping-pattern")
            .name("CEP: camera flapping");

    DataStream<ConditionSignal> cleared =
        signals.filter(s -> s.kind == ConditionSignal.Kind.CLEAR).uid("clears").name("Clears");

    SingleOutputStreamOperator<AlertTransition> alerts =
        opened
            .union(flapping, cleared)
            .keyBy(s -> s.conditionKey)
            .process(new AlertLifecycleFunction())
            .uid("alert-lifecycle")
            .name("Alert lifecycle");

    deadLetters = deadLetters.union(signals.getSideOutput(InstitutionMonitorFunction.DEAD_LETTERS));
    // Known gap (see pipeline/README.md): a monitor subtask resuming after idleness can deliver
    // signals behind the CEP stage's watermark. They must not vanish silently.
    deadLetters =
        deadLetters.union(
            opened
                .getSideOutput(LATE_SIGNALS)
                .union(flapping.getSideOutput(LATE_SIGNALS))
                .map(MonitorGraph::lateSignal)
                .returns(new AvroTypeInfo<>(DeadLetter.class))
                .uid("late-signals")
                .name("Late signals → dead letters"));
    return new Outputs(alerts, deadLetters);
  }
}
