package cn.tuoyu.sentinel.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.codec.SentinelType;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.RuleParameters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.util.clock.ManualClock;
import org.apache.flink.util.clock.RelativeClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The events' watermark: bounded out-of-orderness over event times, and nothing else; live, plus
 * the processing-time guard that keeps event time flowing when the input goes quiet.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EventTimeWatermarksTest {
  private static final long BOUND = 5_000;

  private static final Duration IDLENESS = Duration.ofSeconds(30);
  private static final Duration GUARD = Duration.ofSeconds(10);

  private final List<Long> emitted = new ArrayList<>();

  /** "idle" and "active" in the order the generator said them. */
  private final List<String> status = new ArrayList<>();

  private final WatermarkOutput output =
      new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
          emitted.add(watermark.getTimestamp());
        }

        @Override
        public void markIdle() {
          status.add("idle");
        }

        @Override
        public void markActive() {
          status.add("active");
        }
      };
  private final ManualClock clock = new ManualClock(1_000_000_000L);
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

  // --- live: the processing-time guard ---

  private WatermarkGenerator<EventEnvelope> live(Duration idleness, Duration guard) {
    return EventTimeWatermarks.live(Duration.ofMillis(BOUND), idleness, guard)
        .createWatermarkGenerator(context(clock));
  }

  private static WatermarkGeneratorSupplier.Context context(RelativeClock clock) {
    return new WatermarkGeneratorSupplier.Context() {
      @Override
      public MetricGroup getMetricGroup() {
        return new UnregisteredMetricsGroup();
      }

      @Override
      public RelativeClock getInputActivityClock() {
        return clock;
      }
    };
  }

  private static EventEnvelope attendanceAt(long ts) {
    return envelope(EnvelopesTest.attendance().setTs(Instant.ofEpochMilli(ts)).build());
  }

  private void see(WatermarkGenerator<EventEnvelope> g, EventEnvelope env) {
    g.onEvent(env, env.ts, output);
  }

  /** Lets {@code d} pass on the clock in periodic-emit steps of 200 ms, as Flink would. */
  private void pass(WatermarkGenerator<EventEnvelope> g, Duration d) {
    long steps = d.toMillis() / 200;
    for (long i = 0; i < steps; i++) {
      clock.advanceTime(Duration.ofMillis(200));
      g.onPeriodicEmit(output);
    }
  }

  private long last() {
    return emitted.get(emitted.size() - 1);
  }

  @Test
  void liveWhileEventsFlowIsTheBoundedWatermark() {
    WatermarkGenerator<EventEnvelope> g = live(IDLENESS, GUARD);
    long t0 = 1_700_000_000_000L;
    for (int i = 0; i < 60; i++) {
      see(g, attendanceAt(t0 + i * 1_000L));
      pass(g, Duration.ofSeconds(1)); // one event a second: never quiet for the guard
    }
    see(g, attendanceAt(t0 + 10_000)); // behind the maximum: activity, but no new watermark

    List<Long> expected = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      expected.add(t0 + i * 1_000L - BOUND - 1);
    }
    assertThat(emitted).containsExactlyElementsOf(expected);
    assertThat(status).isEmpty();
  }

  @Test
  void liveAfterQuietLongerThanTheGuardAdvancesAtClockSpeedFromTheLastEvent() {
    WatermarkGenerator<EventEnvelope> g = live(IDLENESS, GUARD);
    long t0 = 1_700_000_000_000L;
    see(g, attendanceAt(t0));
    pass(g, GUARD);
    assertThat(emitted).as("quiet for exactly the guard").containsExactly(t0 - BOUND - 1);

    pass(g, Duration.ofSeconds(1));
    assertThat(last()).isEqualTo(t0 - BOUND - 1 + 1_000);
    pass(g, Duration.ofMinutes(5));
    assertThat(last()).isEqualTo(t0 - BOUND - 1 + 1_000 + 300_000);
    assertThat(emitted).isSorted().doesNotHaveDuplicates();
    assertThat(status).as("a partition that has had events is never idle").isEmpty();
  }

  @Test
  void liveNewEventAfterExtrapolationNeverLowersTheWatermark() {
    WatermarkGenerator<EventEnvelope> g = live(IDLENESS, GUARD);
    long t0 = 1_700_000_000_000L;
    see(g, attendanceAt(t0));
    pass(g, GUARD.plusSeconds(60));
    long extrapolated = last();
    assertThat(extrapolated).isEqualTo(t0 - BOUND - 1 + 60_000);

    // An event behind the extrapolated watermark (LATE downstream) raises the maximum to t0 + 30 s:
    // the watermark holds, and once quiet again resumes only when the extrapolation from that
    // maximum catches up with what was already emitted.
    see(g, attendanceAt(t0 + 30_000));
    assertThat(last()).isEqualTo(extrapolated);
    pass(g, GUARD.plusSeconds(30));
    assertThat(last()).as("holds, does not go back").isEqualTo(extrapolated);
    pass(g, Duration.ofSeconds(1));
    assertThat(last()).isEqualTo(t0 + 30_000 - BOUND - 1 + 31_000);

    // An event past it: the bounded watermark again.
    see(g, attendanceAt(t0 + 70_000));
    assertThat(last()).isEqualTo(t0 + 70_000 - BOUND - 1);

    // Quiet again: extrapolation restarts from the maximum, after the guard.
    pass(g, GUARD);
    assertThat(last()).isEqualTo(t0 + 70_000 - BOUND - 1);
    pass(g, Duration.ofSeconds(2));
    assertThat(last()).isEqualTo(t0 + 72_000 - BOUND - 1);

    // An event behind the maximum is still activity: the guard starts again from it.
    see(g, attendanceAt(t0 + 60_000));
    pass(g, GUARD);
    assertThat(last()).isEqualTo(t0 + 72_000 - BOUND - 1);
    pass(g, Duration.ofSeconds(3));
    assertThat(last()).isEqualTo(t0 + 73_000 - BOUND - 1);
    assertThat(emitted).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void liveNeverActivePartitionIsMarkedIdleAfterIdlenessAndWakesOnItsFirstEvent() {
    WatermarkGenerator<EventEnvelope> g = live(IDLENESS, GUARD);
    pass(g, IDLENESS);
    assertThat(status).as("exactly the idleness: not yet").isEmpty();
    pass(g, Duration.ofSeconds(1));
    assertThat(status).containsExactly("idle");
    pass(g, Duration.ofMinutes(5));
    assertThat(status).as("marked once").containsExactly("idle");
    assertThat(emitted).isEmpty();

    long t0 = 1_700_000_000_000L;
    see(g, attendanceAt(t0));
    assertThat(status).containsExactly("idle", "active");
    assertThat(emitted).containsExactly(t0 - BOUND - 1);

    // From now on it behaves like any partition that has had events: never idle, extrapolating.
    pass(g, IDLENESS.multipliedBy(4));
    assertThat(status).containsExactly("idle", "active");
    assertThat(last()).isEqualTo(t0 - BOUND - 1 + IDLENESS.multipliedBy(4).minus(GUARD).toMillis());
  }

  @Test
  void liveWithoutIdlenessNeverMarksIdle() {
    WatermarkGenerator<EventEnvelope> g = live(Duration.ZERO, GUARD);
    pass(g, Duration.ofMinutes(10));
    assertThat(status).isEmpty();
    assertThat(emitted).isEmpty();
  }

  @Test
  void liveReferenceAndRejectedRecordsAreNotActivity() {
    WatermarkGenerator<EventEnvelope> g = live(IDLENESS, GUARD);
    EventEnvelope institution = envelope(EnvelopesTest.institution());
    EventEnvelope rules = envelope(EnvelopesTest.rules("320402"));
    EventEnvelope rejected =
        Envelopes.fromJsonLine(new JsonLinesCodec(), "{oops", 1, "f.jsonl").orElseThrow();

    // Never had an event: other records do not keep it from going idle.
    for (int i = 0; i < 31; i++) {
      see(g, institution);
      see(g, rules);
      see(g, rejected);
      pass(g, Duration.ofSeconds(1));
    }
    assertThat(status).containsExactly("idle");
    assertThat(emitted).isEmpty();

    // Had an event: other records do not reset its quiet time.
    long t0 = 1_700_000_000_000L;
    see(g, attendanceAt(t0));
    for (int i = 0; i < 15; i++) {
      see(g, institution);
      see(g, rules);
      see(g, rejected);
      pass(g, Duration.ofSeconds(1));
    }
    assertThat(last()).isEqualTo(t0 - BOUND - 1 + 5_000);
    assertThat(status).containsExactly("idle", "active");
  }

  @Test
  void liveWithGuardZeroIsTheEventsStrategy() {
    WatermarkGenerator<EventEnvelope> g = live(IDLENESS, Duration.ZERO);
    long t0 = 1_700_000_000_000L;
    see(g, attendanceAt(t0));
    see(g, attendanceAt(t0 - 3_000));
    see(g, attendanceAt(t0 + 10_000));
    pass(g, Duration.ofSeconds(10));
    assertThat(emitted)
        .as("no extrapolation")
        .containsExactly(t0 - BOUND - 1, t0 + 10_000 - BOUND - 1);
    assertThat(status).isEmpty();

    // Today's idleness: a partition quiet for the idleness is marked idle even though it had events
    // (Flink's idleness timer starts at the first periodic emit without activity).
    pass(g, IDLENESS.plusSeconds(1));
    assertThat(status).containsExactly("idle");
    assertThat(emitted).hasSize(2);
  }

  /**
   * A backlog read as one burst: each partition extrapolates from its <em>own</em> last event, and
   * the job's watermark is the minimum over partitions. So a partition whose data ends early (the
   * attendance topic, quiet after the morning drop-off) holds the whole job's event time at its
   * last event, which then advances only at clock speed — every transition after that instant waits
   * real time, however far the other partitions have gone. The live burst of {@code
   * LiveBurstITCase}: attendance ended at 10:09:27, cameras and sensors at 10:29:59, so the
   * RESOLVED due at 10:13:41 came about 4 min 20 s after the burst was read — just after the test's
   * 4-minute wait. (Not lost: late.)
   */
  @Test
  void liveBurstWhosePartitionsEndAtDifferentTimesFlowsFromTheEarliestEndAtClockSpeed() {
    long attendanceEnd = Instant.parse("2026-10-15T02:09:27Z").toEpochMilli(); // 10:09:27 +08
    long cameraEnd = Instant.parse("2026-10-15T02:29:59Z").toEpochMilli(); // 10:29:59 +08
    long resolvedAt = Instant.parse("2026-10-15T02:13:41Z").toEpochMilli(); // 10:13:41 +08
    Duration guard = Duration.ofSeconds(2); // as LiveMonitor
    long[] last = {Long.MIN_VALUE, Long.MIN_VALUE};
    List<WatermarkGenerator<EventEnvelope>> partitions = new ArrayList<>();
    List<WatermarkOutput> outputs = new ArrayList<>();
    for (int p = 0; p < 2; p++) {
      int index = p;
      partitions.add(live(IDLENESS, guard));
      outputs.add(
          new WatermarkOutput() {
            @Override
            public void emitWatermark(Watermark watermark) {
              last[index] = Math.max(last[index], watermark.getTimestamp());
            }

            @Override
            public void markIdle() {
              throw new AssertionError("a partition that had events is never idle");
            }

            @Override
            public void markActive() {}
          });
    }
    // The whole hour arrives at once (no time passes on the clock while it is read).
    long start = attendanceEnd - 3_600_000;
    for (long t = start; t <= cameraEnd; t += 1_000) {
      if (t <= attendanceEnd) {
        EventEnvelope e = attendanceAt(t);
        partitions.get(0).onEvent(e, e.ts, outputs.get(0));
      }
      EventEnvelope e = attendanceAt(t);
      partitions.get(1).onEvent(e, e.ts, outputs.get(1));
    }
    long elapsedMillis = 0;
    while (Math.min(last[0], last[1]) < resolvedAt) {
      clock.advanceTime(Duration.ofMillis(200));
      elapsedMillis += 200;
      for (int p = 0; p < 2; p++) {
        partitions.get(p).onPeriodicEmit(outputs.get(p));
      }
    }
    assertThat(last[1])
        .as("the camera partition is far ahead")
        .isGreaterThan(cameraEnd - BOUND - 1);
    // guard + (10:13:41 − (10:09:27 − bound − 1 ms)) = 2 s + 4 min 19.001 s, in 200 ms steps
    long expected = guard.toMillis() + resolvedAt - (attendanceEnd - BOUND - 1);
    assertThat(elapsedMillis)
        .as("clock time until the job's watermark passes 10:13:41")
        .isBetween(expected, expected + 200);
    assertThat(Duration.ofMillis(elapsedMillis)).isGreaterThan(Duration.ofMinutes(4));
  }

  @Test
  void liveRejectsNegativeDurations() {
    assertThatThrownBy(
            () -> EventTimeWatermarks.live(Duration.ofSeconds(5), IDLENESS, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
