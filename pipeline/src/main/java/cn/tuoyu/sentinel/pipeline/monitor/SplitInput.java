package cn.tuoyu.sentinel.pipeline.monitor;

import cn.tuoyu.sentinel.codec.DeadLetterReasons;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.schema.DeadLetter;
import java.time.Instant;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Sorts input envelopes: events go on, reference and rule records to {@link #REFERENCE}, rejected
 * records to {@link #DEAD_LETTERS} with their reason and origin.
 *
 * <p>An event at or behind this operator's watermark is late and goes to {@link #DEAD_LETTERS} with
 * reason LATE. Deciding it here, next to the source, makes the decision depend on the input's order
 * only (this operator reads one upstream channel: a replay's single file reader, or the Kafka
 * source subtask it is chained to). Downstream, the institution monitor's watermark is the minimum
 * of its event and reference inputs, which advance independently, so whether it still sees a late
 * event as late depends on thread timing — a replay gave different results run to run. An event
 * that passes here is never behind the monitor's watermark; the monitor's own check remains as a
 * backstop.
 */
public class SplitInput extends ProcessFunction<EventEnvelope, EventEnvelope> {
  public static final OutputTag<EventEnvelope> REFERENCE =
      new OutputTag<>(
          "reference",
          org.apache.flink.api.common.typeinfo.TypeInformation.of(EventEnvelope.class));

  public static final OutputTag<DeadLetter> DEAD_LETTERS =
      new OutputTag<>("input-dead-letters", new AvroTypeInfo<>(DeadLetter.class));

  @Override
  public void processElement(EventEnvelope env, Context ctx, Collector<EventEnvelope> out) {
    switch (env.kind) {
      case REJECTED ->
          ctx.output(
              DEAD_LETTERS,
              env.toDeadLetter(
                  env.rejectReason,
                  env.rejectDetail,
                  Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
      case INSTITUTION, RULES -> ctx.output(REFERENCE, env);
      default -> {
        long watermark = ctx.timerService().currentWatermark();
        if (env.ts <= watermark) {
          ctx.output(DEAD_LETTERS, late(env, watermark));
        } else {
          out.collect(env);
        }
      }
    }
  }

  /**
   * The LATE dead letter of an event at or behind {@code watermark}, stamped with its event time.
   */
  static DeadLetter late(EventEnvelope env, long watermark) {
    return env.toDeadLetter(
        DeadLetterReasons.LATE,
        "event time "
            + Instant.ofEpochMilli(env.ts)
            + " is at or behind the watermark "
            + Instant.ofEpochMilli(watermark)
            + " (arrived later than the out-of-orderness bound)",
        Instant.ofEpochMilli(env.ts));
  }
}
