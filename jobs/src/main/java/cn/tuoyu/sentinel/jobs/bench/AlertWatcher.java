package cn.tuoyu.sentinel.jobs.bench;

import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.schema.AlertTransition;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

/**
 * Reads {@code sentinel.alerts} from given offsets on its own thread and hands every transition to
 * a listener with the wall-clock time (epoch millis) it was received.
 *
 * <p>With {@code readCommitted} it sees what an institution sees: transitions of checkpoints that
 * completed. Without, it also sees transitions of open transactions the moment the job writes them,
 * which is when the job has finished processing what caused them.
 */
final class AlertWatcher implements AutoCloseable {
  /** Receives transitions on the watcher's thread. */
  interface Listener {
    void onTransition(AlertTransition t, long receivedAtMillis);
  }

  private final Thread thread;
  private final AtomicLong received = new AtomicLong();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean running = true;
  private volatile KafkaConsumer<byte[], byte[]> consumer;

  AlertWatcher(
      String name,
      String bootstrap,
      Map<TopicPartition, Long> from,
      boolean readCommitted,
      Listener listener) {
    thread =
        new Thread(
            () -> {
              KafkaConsumer<byte[], byte[]> c = KafkaIo.consumer(bootstrap, readCommitted, 20);
              consumer = c;
              try (c) {
                c.assign(from.keySet());
                from.forEach(c::seek);
                while (running) {
                  var records = c.poll(Duration.ofMillis(100));
                  long now = System.currentTimeMillis();
                  for (ConsumerRecord<byte[], byte[]> r : records) {
                    SpecificRecord rec = SentinelSerde.decodeAny(r.value());
                    if (rec instanceof AlertTransition t) {
                      received.incrementAndGet();
                      listener.onTransition(t, now);
                    }
                  }
                }
              } catch (WakeupException e) {
                // close() asked us to stop.
              } catch (RuntimeException e) {
                failure.set(e);
              }
            },
            "bench-" + name);
    thread.setDaemon(true);
    thread.start();
  }

  long received() {
    return received.get();
  }

  /** Throws if the watcher thread died. */
  void check() {
    Throwable t = failure.get();
    if (t != null) {
      throw new IllegalStateException("reading sentinel.alerts failed: " + t.getMessage(), t);
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    thread.join(10_000);
  }
}
