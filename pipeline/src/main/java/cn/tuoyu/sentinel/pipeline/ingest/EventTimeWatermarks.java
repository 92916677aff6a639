package cn.tuoyu.sentinel.pipeline.ingest;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermark strategies of the job.
 *
 * <p>Events: bounded out-of-orderness ({@code maxTs - bound - 1}), emitted on every event that
 * advances it, so that a bounded replay's last watermark is exactly what the input proves — the
 * same watermark a live run reaches on the same input — and idle partitions are excluded after
 * {@code idleness}. Reference and rule records are state, not event time.
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
   * For the reference and rules topics: no watermarks, and idle after a second without records, so
   * they neither hold the job's watermark back nor push it forward (a constant maximum watermark
   * would fire every timer whenever the event topics go idle).
   */
  public static WatermarkStrategy<EventEnvelope> reference() {
    return WatermarkStrategy.<EventEnvelope>noWatermarks()
        .withTimestampAssigner((e, previous) -> e.ts)
        .withIdleness(Duration.ofSeconds(1));
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
      if (!event.isEvent() || timestamp == Long.MIN_VALUE) {
        // A rejected record's time says nothing about event time, and a reference or rules
        // record's ts is when it becomes valid, which may lie after the events around it: counting
        // it would make those events late in a file, unlike live, where such records come from
        // their own topics and never move event time.
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
}
