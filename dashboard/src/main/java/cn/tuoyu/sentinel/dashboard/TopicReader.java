package cn.tuoyu.sentinel.dashboard;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A consumer of every partition of one topic, without a group: what the dashboard's readers use.
 */
final class TopicReader {
  private TopicReader() {}

  static KafkaConsumer<byte[], byte[]> open(String bootstrap, String clientId, boolean committed) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    if (committed) {
      p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** Assigns all partitions of {@code topic} (waiting up to a minute for it) and returns them. */
  static List<TopicPartition> assignAll(KafkaConsumer<byte[], byte[]> consumer, String topic) {
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic, Duration.ofSeconds(60)).stream()
            .map(i -> new TopicPartition(i.topic(), i.partition()))
            .toList();
    consumer.assign(partitions);
    return partitions;
  }
}
