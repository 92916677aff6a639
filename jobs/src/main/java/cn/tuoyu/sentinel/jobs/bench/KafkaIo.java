package cn.tuoyu.sentinel.jobs.bench;

import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.codec.SentinelType;
import cn.tuoyu.sentinel.pipeline.ingest.Envelopes;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The bench's Kafka plumbing: publishing items, offsets, and the raw-consume baseline. */
final class KafkaIo {
  private static final Map<String, SentinelType> TYPE_BY_TOPIC =
      Arrays.stream(SentinelType.values())
          .collect(Collectors.toMap(SentinelType::topic, Function.identity()));

  private KafkaIo() {}

  /**
   * A producer like {@code sentinel produce}'s (acks=all, idempotent).
   *
   * @param lingerMs 0 for the latency probes (no batching delay), more for bulk loads
   */
  static KafkaProducer<byte[], byte[]> producer(String bootstrap, int lingerMs) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, lingerMs == 0 ? 16_384 : 262_144);
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 60_000);
    return new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Publishes asynchronously; the first failure is kept in {@code error}. */
  static void send(
      KafkaProducer<byte[], byte[]> producer, Item item, AtomicReference<Exception> error) {
    producer.send(
        new ProducerRecord<>(
            item.topic(),
            item.partition(),
            item.key().getBytes(StandardCharsets.UTF_8),
            SentinelSerde.encodeAny(item.record())),
        (metadata, e) -> {
          if (e != null) {
            error.compareAndSet(null, e);
          }
        });
  }

  static Admin admin(String bootstrap) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    return Admin.create(p);
  }

  /** Partition count of each topic. */
  static Map<String, Integer> partitions(String bootstrap, Collection<String> topics)
      throws ExecutionException, InterruptedException, TimeoutException {
    try (Admin admin = admin(bootstrap)) {
      Map<String, Integer> out = new HashMap<>();
      admin
          .describeTopics(topics)
          .allTopicNames()
          .get(30, TimeUnit.SECONDS)
          .forEach((name, d) -> out.put(name, d.partitions().size()));
      return out;
    }
  }

  /**
   * Keeps records regardless of their age. Alert records carry their event time as Kafka timestamp,
   * and time-based retention (7 days) must not delete a backlog that starts days ago while the
   * bench reads it. Only ever applied to the bench's private Kafka.
   */
  static void keepForever(String bootstrap, Collection<String> topics)
      throws ExecutionException, InterruptedException, TimeoutException {
    try (Admin admin = admin(bootstrap)) {
      Map<ConfigResource, Collection<AlterConfigOp>> ops = new HashMap<>();
      for (String t : topics) {
        ops.put(
            new ConfigResource(ConfigResource.Type.TOPIC, t),
            List.of(
                new AlterConfigOp(
                    new ConfigEntry(TopicConfig.RETENTION_MS_CONFIG, "-1"),
                    AlterConfigOp.OpType.SET)));
      }
      admin.incrementalAlterConfigs(ops).all().get(30, TimeUnit.SECONDS);
    }
  }

  static Map<TopicPartition, Long> endOffsets(String bootstrap, Collection<String> topics) {
    try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap, true)) {
      List<TopicPartition> tps = new ArrayList<>();
      for (String t : topics) {
        c.partitionsFor(t, Duration.ofSeconds(30))
            .forEach(i -> tps.add(new TopicPartition(i.topic(), i.partition())));
      }
      return new HashMap<>(c.endOffsets(tps, Duration.ofSeconds(30)));
    }
  }

  static long sum(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Offsets a consumer group has committed on {@code topics} (Flink commits at checkpoints). */
  static long committed(Admin admin, String groupId, Collection<String> topics) {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(groupId)
              .partitionsToOffsetAndMetadata()
              .get(5, TimeUnit.SECONDS);
      long total = 0;
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e : offsets.entrySet()) {
        if (e.getValue() != null && topics.contains(e.getKey().topic())) {
          total += e.getValue().offset();
        }
      }
      return total;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (ExecutionException | TimeoutException e) {
      return -1;
    }
  }

  static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, boolean readCommitted) {
    return consumer(bootstrap, readCommitted, 500);
  }

  /**
   * @param fetchMaxWaitMs how long the broker may hold a fetch when there is nothing new (the
   *     default 500 ms; the alert watchers use 20 ms so arrival times are precise)
   */
  static KafkaConsumer<byte[], byte[]> consumer(
      String bootstrap, boolean readCommitted, int fetchMaxWaitMs) {
    Properties p = new Properties();
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, fetchMaxWaitMs);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(
        ConsumerConfig.ISOLATION_LEVEL_CONFIG,
        readCommitted ? "read_committed" : "read_uncommitted");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** What one pass over the backlog took. */
  record ConsumeResult(long records, long millis) {
    double perSecond() {
      return records * 1000.0 / Math.max(1, millis);
    }
  }

  /**
   * Reads every record up to {@code end} with a plain KafkaConsumer (default fetch settings but
   * fetch.max.wait.ms, read_committed like the job), {@code repeats} times over (seeking back to
   * the beginning), so that the timed window is not too short to measure; optionally decoding each
   * value the way the job's source does ({@link Envelopes#fromKafka}). Timed from the first poll to
   * the last record.
   */
  static ConsumeResult consumeAll(
      String bootstrap, Map<TopicPartition, Long> end, boolean decode, int repeats) {
    // fetch.max.wait.ms only matters at the end of the log, where the default 500 ms would hold the
    // seek back to the beginning (a fetch at the end waits that long for data that never comes).
    try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap, true, 10)) {
      c.assign(end.keySet());
      long records = 0;
      long checksum = 0;
      long start = System.nanoTime();
      for (int pass = 0; pass < repeats; pass++) {
        c.seekToBeginning(end.keySet());
        Set<TopicPartition> remaining = new HashSet<>();
        end.forEach(
            (tp, offset) -> {
              if (offset > 0) {
                remaining.add(tp);
              }
            });
        while (!remaining.isEmpty()) {
          ConsumerRecords<byte[], byte[]> batch = c.poll(Duration.ofMillis(200));
          for (TopicPartition tp : batch.partitions()) {
            long last = end.getOrDefault(tp, 0L);
            for (ConsumerRecord<byte[], byte[]> r : batch.records(tp)) {
              if (r.offset() >= last) {
                continue;
              }
              records++;
              if (decode) {
                EventEnvelope env =
                    Envelopes.fromKafka(
                        r.topic(),
                        r.partition(),
                        r.offset(),
                        r.timestamp(),
                        r.value(),
                        TYPE_BY_TOPIC.get(r.topic()));
                checksum += env.ts;
              } else {
                checksum += r.value().length;
              }
              if (r.offset() + 1 >= last) {
                remaining.remove(tp);
              }
            }
          }
        }
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      if (checksum == 42) {
        System.err.print(""); // keeps the work observable to the JIT
      }
      return new ConsumeResult(records, millis);
    }
  }
}
