package cn.tuoyu.sentinel.jobs.e2e;

import cn.tuoyu.sentinel.codec.AvroSerde;
import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.schema.AlertTransition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads {@code sentinel.alerts} as an institution does (read committed), for the tests. */
public final class AlertsOnTopic {
  /** Partitions in topic, then number order. */
  static final Comparator<TopicPartition> BY_PARTITION =
      Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

  private AlertsOnTopic() {}

  /**
   * Every committed transition of {@code institution}, from the beginning of the topic to its
   * current end. The partitions are assigned, not subscribed (no group to join, so nothing is
   * missed while a group forms), and read up to the end offsets a read-committed reader sees.
   */
  public static List<AlertTransition> read(String bootstrap, String institution) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    AvroSerde<AlertTransition> serde = AvroSerde.forClass(AlertTransition.class);
    List<AlertTransition> out = new ArrayList<>();
    Duration timeout = Duration.ofSeconds(30);
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      c.partitionsFor(Topics.ALERTS, timeout)
          .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!caughtUp(c, end) && System.nanoTime() < deadline) {
        c.poll(Duration.ofMillis(200))
            .forEach(
                r -> {
                  if (institution.equals(r.key())) {
                    out.add(serde.deserialize(r.value()));
                  }
                });
      }
    }
    return out;
  }

  static boolean caughtUp(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** alertId → "RULE STATUS" of each alert's latest transition. */
  public static Map<String, String> finalStatusById(List<AlertTransition> transitions) {
    Map<String, AlertTransition> latest = new TreeMap<>();
    for (AlertTransition a : transitions) {
      latest.merge(a.getAlertId(), a, (x, y) -> x.getSequence() >= y.getSequence() ? x : y);
    }
    return latest.values().stream()
        .collect(
            Collectors.toMap(
                AlertTransition::getAlertId,
                a -> a.getRuleId() + " " + a.getStatus(),
                (x, y) -> x,
                TreeMap::new));
  }
}
