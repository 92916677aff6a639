package cn.tuoyu.sentinel.dashboard;

import cn.tuoyu.sentinel.codec.SentinelSerde;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every partition of one topic on a thread of its own, without a consumer group, and hands
 * each decoded record to a callback: the live stream (from the end, read-committed) and the
 * institutions' reference data (from the beginning). Undecodable values and tombstones are skipped
 * (the monitor dead-letters them; the dashboard only reads).
 */
final class TopicReader implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopicReader.class);

  /** Where reading starts. */
  enum From {
    BEGINNING,
    END
  }

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final From from;
  private final Consumer<SpecificRecord> onRecord;
  private final CountDownLatch ready = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

  TopicReader(
      String bootstrap,
      String topic,
      From from,
      boolean readCommitted,
      String name,
      Consumer<SpecificRecord> onRecord) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
    if (readCommitted) {
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }
    this.consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    this.topic = topic;
    this.from = from;
    this.onRecord = onRecord;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** Waits until the reader is positioned (for {@link From#END}: new records will be seen). */
  boolean awaitReady(Duration timeout) throws InterruptedException {
    return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && running;
  }

  private void run() {
    try {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      consumer.assign(partitions);
      if (from == From.END) {
        consumer.seekToEnd(partitions);
      } else {
        consumer.seekToBeginning(partitions);
      }
      partitions.forEach(consumer::position);
      ready.countDown();
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() == null) {
            continue;
          }
          SpecificRecord value;
          try {
            value = SentinelSerde.decodeAny(r.value());
          } catch (RuntimeException e) {
            LOG.warn(
                "Skipping an undecodable record at {}-{}@{}", r.topic(), r.partition(), r.offset());
            continue;
          }
          try {
            onRecord.accept(value);
          } catch (RuntimeException e) {
            LOG.warn("Handling {}-{}@{} failed", r.topic(), r.partition(), r.offset(), e);
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (running) {
        LOG.error("Reading {} stopped", topic, e);
      }
      running = false;
    } finally {
      ready.countDown();
      consumer.close(Duration.ofSeconds(5));
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    consumer.wakeup();
    thread.join(10_000);
  }
}
