package cn.tuoyu.sentinel.dashboard;

import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.schema.AlertTransition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert transitions on the alerts topic, read once (all partitions, from the end, {@code
 * read_committed}) and fanned out: to each live-stream subscriber whose {@link Scope} admits the
 * alert, and to internal listeners (webhooks). It also keeps the event-time clock the overdue mark
 * uses: the latest {@code updatedAt} seen plus the wall time since.
 */
final class AlertStream implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AlertStream.class);

  /** One browser or client on {@code /api/stream}. */
  static final class Subscriber {
    final Scope scope;
    final BlockingQueue<String> queue = new ArrayBlockingQueue<>(2_000);
    volatile boolean overflowed;

    Subscriber(Scope scope) {
      this.scope = scope;
    }
  }

  private final TopicReader reader;
  private final JsonLinesCodec codec = new JsonLinesCodec();
  private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
  private final List<Consumer<AlertTransition>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicReference<Instant[]> clock = new AtomicReference<>();

  AlertStream(String bootstrap, String topic) {
    this.reader =
        new TopicReader(
            bootstrap,
            topic,
            TopicReader.From.END,
            true,
            "dashboard-alert-stream",
            r -> {
              if (r instanceof AlertTransition t) {
                onTransition(t);
              }
            });
  }

  void start() {
    reader.start();
  }

  /** Waits until the stream reads from the topic's current end. */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    return reader.awaitReady(timeout);
  }

  Subscriber subscribe(Scope scope) {
    Subscriber s = new Subscriber(scope);
    subscribers.add(s);
    return s;
  }

  void unsubscribe(Subscriber s) {
    subscribers.remove(s);
  }

  int subscribers() {
    return subscribers.size();
  }

  void listen(Consumer<AlertTransition> listener) {
    listeners.add(listener);
  }

  /** Sets the clock from what Elasticsearch holds, if the stream has seen nothing later. */
  void seedClock(Instant latestUpdate) {
    clock.accumulateAndGet(
        new Instant[] {latestUpdate, Instant.now()},
        (old, seed) -> old == null || old[0].isBefore(seed[0]) ? seed : old);
  }

  /** Event time now: the latest transition's updatedAt plus the wall time since it was seen. */
  Instant eventNow() {
    Instant[] c = clock.get();
    if (c == null) {
      return Instant.now();
    }
    return c[0].plus(Duration.between(c[1], Instant.now()));
  }

  private void onTransition(AlertTransition t) {
    Instant updated = t.getUpdatedAt();
    clock.accumulateAndGet(
        new Instant[] {updated, Instant.now()},
        (old, now) -> old == null || !updated.isBefore(old[0]) ? now : old);
    String json = codec.encode(t);
    for (Subscriber s : subscribers) {
      if (s.scope.admits(t.getRegionCode(), t.getInstitutionId()) && !s.queue.offer(json)) {
        s.overflowed = true;
      }
    }
    for (Consumer<AlertTransition> l : listeners) {
      try {
        l.accept(t);
      } catch (RuntimeException e) {
        LOG.warn("An alert listener failed on {}", t.getAlertId(), e);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    reader.close();
  }
}
