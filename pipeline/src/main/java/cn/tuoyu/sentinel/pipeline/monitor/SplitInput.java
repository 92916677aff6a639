package cn.tuoyu.sentinel.pipeline.monitor;

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
 */
public class SplitInput extends ProcessFunction<EventEnvelope, EventEnvelope> {
  public static final OutputTag<EventEnvelope> REFERENCE =
      new OutputTag<>("reference", org.apache.flink.api.common.typeinfo.TypeInformation.of(EventEnvelope.class));

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
      default -> out.collect(env);
    }
  }
}
