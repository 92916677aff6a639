package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import java.util.function.BooleanSupplier;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;

/**
 * The metrics of {@link ElasticsearchAlertSink}, registered on each writer's metric group (next to
 * Flink's own {@code numRecordsOut}, {@code currentSendTime}, ...). Counters are thread-safe: bulk
 * responses are handled on the Elasticsearch client's threads.
 */
public final class AlertSinkMetrics {
  /** Documents Elasticsearch stored (created or updated). */
  public static final String INDEXED = "esIndexed";

  /**
   * Writes answered 409: Elasticsearch already had this transition or a newer one of the alert
   * (stale transitions, replays, writes repeated after a restart). Done, not failures.
   */
  public static final String STALE_SKIPPED = "esStaleSkipped";

  /** Documents refused for good (mapping or parse errors): logged at ERROR, never retried. */
  public static final String REJECTED = "esRejected";

  /** Documents handed back to the buffer to be sent again (Elasticsearch down or busy). */
  public static final String RETRIED = "esRetried";

  /** 1 while Elasticsearch is unreachable or unavailable, else 0. */
  public static final String UNAVAILABLE = "esUnavailable";

  final Counter indexed;
  final Counter staleSkipped;
  final Counter rejected;
  final Counter retried;

  AlertSinkMetrics(MetricGroup group, BooleanSupplier unavailable) {
    indexed = group.counter(INDEXED, new ThreadSafeSimpleCounter());
    staleSkipped = group.counter(STALE_SKIPPED, new ThreadSafeSimpleCounter());
    rejected = group.counter(REJECTED, new ThreadSafeSimpleCounter());
    retried = group.counter(RETRIED, new ThreadSafeSimpleCounter());
    group.gauge(UNAVAILABLE, (Gauge<Integer>) () -> unavailable.getAsBoolean() ? 1 : 0);
  }
}
