package cn.tuoyu.sentinel.jobs.e2e;

import cn.tuoyu.sentinel.codec.AvroSerde;
import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.infra.testing.RealInfra;
import cn.tuoyu.sentinel.schema.AlertTransition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads {@code sentinel.alerts} as an institution does (read committed), for the tests. */
public final class AlertsOnTopic {
  private AlertsOnTopic() {}

  /** Every committed transition of {@code institution}, from the beginning of the topic. */
  public static List<AlertTransition> read(String bootstrap, String institution) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, RealInfra.uniqueName("it-reader"));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    AvroSerde<AlertTransition> serde = AvroSerde.forClass(AlertTransition.class);
    List<AlertTransition> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(Topics.ALERTS));
      int emptyPolls = 0;
      while (emptyPolls < 3) {
        var records = c.poll(Duration.ofMillis(500));
        if (records.isEmpty()) {
          emptyPolls++;
        }
        records.forEach(
            r -> {
              if (institution.equals(r.key())) {
                out.add(serde.deserialize(r.value()));
              }
            });
      }
    }
    return out;
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
