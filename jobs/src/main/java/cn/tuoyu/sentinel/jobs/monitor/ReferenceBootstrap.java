package cn.tuoyu.sentinel.jobs.monitor;

import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.pipeline.ingest.Envelopes;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the compacted reference and rules topics from the beginning to their current end before the
 * job starts, so the very first events already meet their institution's reference data (the
 * broadcast stream delivers the same records, and later changes, once the job runs).
 */
public final class ReferenceBootstrap {
  private ReferenceBootstrap() {}

  public static List<EventEnvelope> read(String bootstrap, Duration timeout) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<EventEnvelope> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(Topics.INSTITUTIONS, Topics.RULES)) {
        consumer
            .partitionsFor(topic, timeout)
            .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!caughtUp(consumer, end) && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          EventEnvelope env =
              Envelopes.fromKafka(
                  r.topic(), r.partition(), r.offset(), r.timestamp(), r.value(), null);
          if (env.kind != EventEnvelope.Kind.REJECTED) {
            out.add(env);
          }
        }
      }
    }
    return out;
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }
}
