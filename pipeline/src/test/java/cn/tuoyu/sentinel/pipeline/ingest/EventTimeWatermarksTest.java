package cn.tuoyu.sentinel.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.codec.SentinelType;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.RuleParameters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The events' watermark: bounded out-of-orderness over event times, and nothing else. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventTimeWatermarksTest {
  private static final long BOUND = 5_000;

  private final List<Long> emitted = new ArrayList<>();
  private final WatermarkOutput output =
      new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
          emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {}

        @Override
        public void markActive() {}
      };
  private final EventTimeWatermarks.PerEventBounded generator =
      new EventTimeWatermarks.PerEventBounded(BOUND);

  private static EventEnvelope envelope(SpecificRecord r) {
    SentinelType type = SentinelType.ofClass(r.getClass()).orElseThrow();
    return Envelopes.fromKafka(type.topic(), 0, 0L, 0L, SentinelSerde.encodeAny(r), type);
  }

  private void see(EventEnvelope env) {
    generator.onEvent(env, env.ts, output);
  }

  @Test
  void eachEventThatAdvancesTheMaximumEmitsMaxMinusBoundMinusOne() {
    EventEnvelope at0 = envelope(EnvelopesTest.attendance().build());
    long t0 = at0.ts;
    EventEnvelope earlier =
        envelope(EnvelopesTest.attendance().setTs(Instant.ofEpochMilli(t0 - 3_000)).build());
    EventEnvelope later =
        envelope(EnvelopesTest.attendance().setTs(Instant.ofEpochMilli(t0 + 10_000)).build());

    see(at0);
    see(earlier); // behind the maximum: no new watermark
    see(later);
    generator.onPeriodicEmit(output); // nothing new to say

    assertThat(emitted).containsExactly(t0 - BOUND - 1, t0 + 10_000 - BOUND - 1);
  }

  @Test
  void referenceRulesAndRejectedRecordsDoNotMoveEventTime() {
    EventEnvelope event = envelope(EnvelopesTest.attendance().build());
    EventEnvelope laterInstitution =
        envelope(
            Institution.newBuilder(EnvelopesTest.institution())
                .setTs(Instant.ofEpochMilli(event.ts + 3_600_000))
                .build());
    EventEnvelope laterRules =
        envelope(
            RuleParameters.newBuilder(EnvelopesTest.rules("320402"))
                .setTs(Instant.ofEpochMilli(event.ts + 7_200_000))
                .build());
    EventEnvelope rejected =
        Envelopes.fromJsonLine(new JsonLinesCodec(), "{oops", 1, "f.jsonl").orElseThrow();

    see(laterInstitution);
    see(laterRules);
    see(rejected);
    assertThat(emitted).as("no event yet").isEmpty();

    see(event);
    see(laterRules);
    assertThat(emitted).containsExactly(event.ts - BOUND - 1);
  }
}
