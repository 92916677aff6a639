package cn.tuoyu.sentinel.dashboard;

import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.schema.Institution;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The institutions' reference data, read from the compacted topic and kept up to date. */
final class Institutions implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Institutions.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final Map<String, Institution> byId = new ConcurrentHashMap<>();
  private final Thread thread;
  private volatile boolean running = true;

  Institutions(String bootstrap, String topic) {
    this.consumer = TopicReader.open(bootstrap, "sentinel-dashboard-institutions", false);
    this.topic = topic;
    this.thread = new Thread(this::run, "dashboard-institutions");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  Optional<Institution> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /** The institution as JSON (the reference line of design.md). */
  static JsonNode json(Institution i) {
    try {
      return AlertService.JSON.readTree(new JsonLinesCodec().encode(i));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private void run() {
    try {
      List<TopicPartition> partitions = TopicReader.assignAll(consumer, topic);
      consumer.seekToBeginning(partitions);
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(1000))) {
          if (r.value() == null) {
            continue;
          }
          try {
            if (SentinelSerde.decodeAny(r.value()) instanceof Institution i) {
              byId.put(i.getInstitutionId(), i);
            }
          } catch (RuntimeException e) {
            LOG.debug("Skipping an undecodable institution record", e);
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (running) {
        LOG.error("Reading institutions from {} stopped", topic, e);
      }
    } finally {
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
