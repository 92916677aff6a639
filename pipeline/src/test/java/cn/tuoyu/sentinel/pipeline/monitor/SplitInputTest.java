package cn.tuoyu.sentinel.pipeline.monitor;

import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.CAREGIVER;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.caregiver;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.envelope;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.institution;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.rulesLine;
import static cn.tuoyu.sentinel.pipeline.monitor.MonitorFixtures.today;
import static cn.tuoyu.sentinel.schema.AttendanceAction.EXIT;
import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.codec.DeadLetterReasons;
import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.pipeline.ingest.Envelopes;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.schema.DeadLetter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The first stage of the graph: events on, reference aside, rejected and late to dead letters. */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SplitInputTest {
  private OneInputStreamOperatorTestHarness<EventEnvelope, EventEnvelope> harness;

  @BeforeEach
  void open() throws Exception {
    harness = ProcessFunctionTestHarnesses.forProcessFunction(new SplitInput());
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  private void send(EventEnvelope env) throws Exception {
    harness.processElement(new StreamRecord<>(env, env.ts));
  }

  private List<DeadLetter> deadLetters() {
    var side = harness.getSideOutput(SplitInput.DEAD_LETTERS);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }

  private List<EventEnvelope> reference() {
    var side = harness.getSideOutput(SplitInput.REFERENCE);
    return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
  }

  /** Kind, key, eventId, time and origin (EventEnvelope has no equals; the harness copies). */
  private static List<String> text(List<EventEnvelope> envelopes) {
    return envelopes.stream().map(EventEnvelope::toString).toList();
  }

  @Test
  void eventsGoOnAndReferenceAndRulesGoAside() throws Exception {
    EventEnvelope event = envelope(caregiver(today("09:00:00"), CAREGIVER, EXIT, "R1"));
    EventEnvelope inst = envelope(institution().build());
    EventEnvelope rules =
        envelope(
            rulesLine(
                "{\"type\":\"rules\",\"ts\":\"2026-11-23T06:00:00+08:00\",\"scope\":\"320402\","
                    + "\"rules\":{\"ROOM_UNATTENDED\":{\"holdSeconds\":20}}}"));

    send(event);
    send(inst);
    send(rules);

    assertThat(text(harness.extractOutputValues())).containsExactly(event.toString());
    assertThat(text(reference())).containsExactly(inst.toString(), rules.toString());
    assertThat(deadLetters()).isEmpty();
  }

  @Test
  void anEventAtOrBehindTheWatermarkIsLateButReferenceDataNeverIs() throws Exception {
    harness.processWatermark(new Watermark(today("09:00:10")));
    EventEnvelope atWatermark = envelope(caregiver(today("09:00:10"), CAREGIVER, EXIT, "R1"));
    EventEnvelope ahead = envelope(caregiver(today("09:00:10") + 1, CAREGIVER, EXIT, "R1"));
    EventEnvelope oldInstitution = envelope(institution().build()); // valid from 06:00

    send(atWatermark);
    send(ahead);
    send(oldInstitution);

    assertThat(text(harness.extractOutputValues())).containsExactly(ahead.toString());
    assertThat(text(reference())).containsExactly(oldInstitution.toString());
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getReason()).isEqualTo(DeadLetterReasons.LATE);
              assertThat(d.getTs()).isEqualTo(Instant.ofEpochMilli(today("09:00:10")));
              assertThat(d.getDetail()).contains("watermark");
              assertThat(d.getSourceTopic()).isEqualTo(Topics.ATTENDANCE);
              assertThat(d.getSourceOffset()).isEqualTo(atWatermark.sourceOffset);
            });
  }

  @Test
  void aRejectedLineIsDeadLetteredWithItsReasonAndLine() throws Exception {
    EventEnvelope bad =
        Envelopes.fromJsonLine(new JsonLinesCodec(), "{\"type\":\"visitor\"}", 9, "day.jsonl")
            .orElseThrow();

    harness.processElement(new StreamRecord<>(bad));

    assertThat(harness.extractOutputValues()).isEmpty();
    assertThat(deadLetters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getReason()).isEqualTo(DeadLetterReasons.UNKNOWN_TYPE);
              assertThat(d.getSourceFile()).isEqualTo("day.jsonl");
              assertThat(d.getLineNumber()).isEqualTo(9L);
            });
  }
}
