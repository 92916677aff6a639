package cn.tuoyu.sentinel.pipeline.ingest;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.clock.RelativeClock;

/**
 * Watermark strategies of the job.
 *
 * <p>Events ({@link #events}): bounded out-of-orderness ({@code maxTs - bound - 1}), emitted on
 * every event that advances it, so that a bounded replay's last watermark is exactly what the input
 * proves — the same watermark a live run reaches on the same input — and idle partitions are
 * excluded after {@code idleness}. Reference and rule records are state, not event time.
 *
 * <p>Live Kafka events ({@link #live}): the same, plus a processing-time guard. In live mode event
 * time only advances with events, and absence rules (heartbeats stop, an institution goes silent)
 * are event-time timers, so if the whole input went quiet nothing would fire; and marking every
 * quiet partition idle stalls the job's watermark just the same. So a partition that has had events
 * is never marked idle; once it has been quiet for longer than {@code quietGuard}, its watermark
 * keeps flowing from its last event at the speed of the input-activity clock: {@code maxTs - bound
 * - 1 + (quiet - quietGuard)}, never lower than a watermark already emitted. An event behind that
 * extrapolated watermark is late (dead-lettered {@code LATE} downstream). A partition that has
 * never had an event is marked idle after {@code idleness}, as {@link
 * WatermarkStrategy#withIdleness} does. The clock is {@link
 * org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier.Context#getInputActivityClock()}
 * — per split, paused while the source is backpressured, because backpressure is not quiet.
 *
 * <p>A bounded replay must never get the guard: reaching the end of a file says nothing about time
 * after its last event, so {@code ReplayJob} uses {@link #events} with no idleness and the
 * watermark goes to MAX at the end, where the monitor skips deadlines.
 */
public final class EventTimeWatermarks {
  private EventTimeWatermarks() {}

  /** For event streams (and a file that mixes events with reference lines). */
  public static WatermarkStrategy<EventEnvelope> events(
      Duration outOfOrderness, Duration idleness) {
    long bound = outOfOrderness.toMillis();
    WatermarkStrategy<EventEnvelope> strategy =
        WatermarkStrategy.<EventEnvelope>forGenerator(ctx -> new PerEventBounded(bound))
            .withTimestampAssigner((e, previous) -> e.ts);
    return idleness.isZero() ? strategy : strategy.withIdleness(idleness);
  }

  /**
   * For the live Kafka event topics: {@link #events} plus the processing-time guard (see the class
   * comment). {@code quietGuard} zero is exactly {@code events(outOfOrderness, idleness)}; {@code
   * idleness} zero never marks a partition idle.
   */
  public static WatermarkStrategy<EventEnvelope> live(
      Duration outOfOrderness, Duration idleness, Duration quietGuard) {
    if (outOfOrderness.isNegative() || idleness.isNegative() || quietGuard.isNegative()) {
      throw new IllegalArgumentException(
          "negative duration: outOfOrderness="
              + outOfOrderness
              + ", idleness="
              + idleness
              + ", quietGuard="
              + quietGuard);
    }
    if (quietGuard.isZero()) {
      return events(outOfOrderness, idleness);
    }
    long bound = outOfOrderness.toMillis();
    return WatermarkStrategy.<EventEnvelope>forGenerator(
            ctx -> new QuietGuarded(bound, idleness, quietGuard, ctx.getInputActivityClock()))
        .withTimestampAssigner((e, previous) -> e.ts);
  }

  /**
   * For the reference and rules topics: no watermarks, and idle after a second without records, so
   * they neither hold the job's watermark back nor push it forward (a constant maximum watermark
   * would fire every timer whenever the event topics go idle).
   */
  public static WatermarkStrategy<EventEnvelope> reference() {
    return WatermarkStrategy.<EventEnvelope>noWatermarks()
        .withTimestampAssigner((e, previous) -> e.ts)
        .withIdleness(Duration.ofSeconds(1));
  }

  /**
   * Whether a record moves event time. A rejected record's time says nothing about event time, and
   * a reference or rules record's ts is when it becomes valid, which may lie after the events
   * around it: counting it would make those events late in a file, unlike live, where such records
   * come from their own topics and never move event time.
   */
  private static boolean movesEventTime(EventEnvelope event, long timestamp) {
    return event.isEvent() && timestamp != Long.MIN_VALUE;
  }

  static final class PerEventBounded implements WatermarkGenerator<EventEnvelope> {
    private final long bound;
    private long maxTs = Long.MIN_VALUE;
    private long emitted = Long.MIN_VALUE;

    PerEventBounded(long bound) {
      this.bound = bound;
    }

    @Override
    public void onEvent(EventEnvelope event, long timestamp, WatermarkOutput output) {
      if (!movesEventTime(event, timestamp)) {
        return;
      }
      if (timestamp > maxTs) {
        maxTs = timestamp;
        emit(output);
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      emit(output);
    }

    private void emit(WatermarkOutput output) {
      if (maxTs == Long.MIN_VALUE) {
        return;
      }
      long wm = maxTs - bound - 1;
      if (wm > emitted) {
        emitted = wm;
        output.emitWatermark(new Watermark(wm));
      }
    }
  }

  /**
   * One partition's live watermark: {@link PerEventBounded} while events flow; after {@code
   * quietGuard} without an event, advancing with {@code clock} from the last event; idle only if it
   * has never had an event for {@code idleness}.
   */
  static final class QuietGuarded implements WatermarkGenerator<EventEnvelope> {
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final long bound;
    private final long idlenessNanos;
    private final long quietGuardNanos;
    private final RelativeClock clock;
    private final long createdNanos;

    private long maxTs = Long.MIN_VALUE;
    private long lastEventNanos;
    private boolean hadEvent;
    private boolean idle;
    private long emitted = Long.MIN_VALUE;

    QuietGuarded(long bound, Duration idleness, Duration quietGuard, RelativeClock clock) {
      this.bound = bound;
      this.idlenessNanos = idleness.isZero() ? Long.MAX_VALUE : saturatedNanos(idleness);
      this.quietGuardNanos = saturatedNanos(quietGuard);
      this.clock = clock;
      this.createdNanos = clock.relativeTimeNanos();
    }

    @Override
    public void onEvent(EventEnvelope event, long timestamp, WatermarkOutput output) {
      if (!movesEventTime(event, timestamp)) {
        return;
      }
      hadEvent = true;
      lastEventNanos = clock.relativeTimeNanos();
      if (idle) {
        idle = false;
        output.markActive();
      }
      if (timestamp > maxTs) {
        maxTs = timestamp;
        emit(maxTs - bound - 1, output);
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
      long now = clock.relativeTimeNanos();
      if (!hadEvent) {
        if (!idle && now - createdNanos > idlenessNanos) {
          idle = true;
          output.markIdle();
        }
        return;
      }
      long wm = maxTs - bound - 1;
      long quiet = now - lastEventNanos;
      if (quiet > quietGuardNanos) {
        long advance = (quiet - quietGuardNanos) / NANOS_PER_MILLI;
        // Never reach Long.MAX_VALUE: that watermark means "end of input" to the monitor.
        wm = wm > Long.MAX_VALUE - 1 - advance ? Long.MAX_VALUE - 1 : wm + advance;
      }
      emit(wm, output);
    }

    private void emit(long wm, WatermarkOutput output) {
      if (wm > emitted) {
        emitted = wm;
        output.emitWatermark(new Watermark(wm));
      }
    }

    private static long saturatedNanos(Duration d) {
      try {
        return d.toNanos();
      } catch (ArithmeticException e) {
        return Long.MAX_VALUE;
      }
    }
  }
}
