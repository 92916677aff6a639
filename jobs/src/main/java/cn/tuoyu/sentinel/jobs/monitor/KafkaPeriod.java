package cn.tuoyu.sentinel.jobs.monitor;

import cn.tuoyu.sentinel.contract.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** How many records of the event topics a Kafka replay from a time on will read (its progress). */
final class KafkaPeriod {
  private KafkaPeriod() {}

  /** Records of the event topics time-stamped at or after {@code fromMillis}, up to their end. */
  static long recordsFrom(String bootstrap, long fromMillis) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Duration timeout = Duration.ofSeconds(30);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : List.of(Topics.ATTENDANCE, Topics.CAMERA, Topics.SENSOR)) {
        consumer
            .partitionsFor(topic, timeout)
            .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
      }
      Map<TopicPartition, Long> query = new HashMap<>();
      partitions.forEach(tp -> query.put(tp, Math.max(0, fromMillis)));
      Map<TopicPartition, OffsetAndTimestamp> start = consumer.offsetsForTimes(query, timeout);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
      long total = 0;
      for (TopicPartition tp : partitions) {
        OffsetAndTimestamp s = start.get(tp);
        long e = end.getOrDefault(tp, 0L);
        total += s == null ? 0 : Math.max(0, e - s.offset());
      }
      return total;
    }
  }
}
