package cn.tuoyu.sentinel.jobs.monitor;

import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Counts the records a replay has read, for its progress bar. A replay runs on an embedded cluster
 * in the client's JVM, so the count is a shared counter the client reads; a run registers it under
 * its own id and removes it when done.
 */
final class ReadCounter implements MapFunction<EventEnvelope, EventEnvelope> {
  private static final long serialVersionUID = 1L;
  private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

  private final String runId;

  private ReadCounter(String runId) {
    this.runId = runId;
  }

  /** A counter for a new run; {@link #close} it when the run is over. */
  static ReadCounter open() {
    String id = UUID.randomUUID().toString();
    COUNTS.put(id, new AtomicLong());
    return new ReadCounter(id);
  }

  long read() {
    AtomicLong c = COUNTS.get(runId);
    return c == null ? 0 : c.get();
  }

  void close() {
    COUNTS.remove(runId);
  }

  @Override
  public EventEnvelope map(EventEnvelope value) {
    AtomicLong c = COUNTS.get(runId);
    if (c != null) {
      c.incrementAndGet();
    }
    return value;
  }
}
