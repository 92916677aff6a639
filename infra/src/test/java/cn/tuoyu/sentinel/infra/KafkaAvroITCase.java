package cn.tuoyu.sentinel.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tuoyu.sentinel.codec.AvroSerde;
import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.infra.testing.RealInfra;
import cn.tuoyu.sentinel.infra.testing.RealInfraExtension;
import cn.tuoyu.sentinel.schema.AttendanceAction;
import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.PersonRole;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Avro events through the real broker that {@code infra up} starts. */
@ExtendWith(RealInfraExtension.class)
class KafkaAvroITCase {
  private final RealInfra infra;

  KafkaAvroITCase(RealInfra infra) {
    this.infra = infra;
  }

  @Test
  void infraCreatedEveryTopicOfTheDesignWithTheRightCleanupPolicy() {
    Set<String> names = TopicAdmin.list(infra.bootstrapServers());
    List<String> expected = Topics.ALL.stream().map(Topics.TopicSpec::name).toList();
    assertThat(names).containsAll(expected);

    Map<String, String> policies = TopicAdmin.cleanupPolicies(infra.bootstrapServers(), expected);
    assertThat(policies)
        .containsEntry(Topics.INSTITUTIONS, "compact")
        .containsEntry(Topics.RULES, "compact")
        .containsEntry(Topics.ATTENDANCE, "delete")
        .containsEntry(Topics.ALERTS, "delete")
        .containsEntry(Topics.DEADLETTER, "delete");
  }

  @Test
  void avroEventsSurviveTheRealBrokerUnchanged() throws Exception {
    String topic = infra.createTopic("it-attendance", 2);
    AvroSerde<AttendanceEvent> serde = AvroSerde.forClass(AttendanceEvent.class);
    List<AttendanceEvent> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add(
          AttendanceEvent.newBuilder()
              .setEventId("e-" + i)
              .setTs(Instant.parse("2026-11-23T00:30:00Z").plusSeconds(i))
              .setInstitutionId(i % 2 == 0 ? "320402-0007" : "120106-0001")
              .setRoomId(i % 3 == 0 ? null : "R" + (i % 4))
              .setPersonId("c-" + Integer.toHexString(1000 + i))
              .setRole(i % 5 == 0 ? PersonRole.CAREGIVER : PersonRole.CHILD)
              .setAction(i % 3 == 0 ? AttendanceAction.CHECK_IN : AttendanceAction.ENTER)
              .build());
    }

    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (AttendanceEvent e : sent) {
        RecordMetadata md =
            producer
                .send(new ProducerRecord<>(topic, e.getInstitutionId(), serde.serialize(e)))
                .get();
        assertThat(md.topic()).isEqualTo(topic);
      }
    }

    List<ConsumerRecord<String, byte[]>> received = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> consumer = consumer()) {
      consumer.subscribe(List.of(topic));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(received::add);
                return received.size() >= sent.size();
              });
    }

    assertThat(received).hasSize(sent.size());
    // Keyed by institution: all events of one institution share a partition, in order.
    Map<String, Set<Integer>> partitionsByKey =
        received.stream()
            .collect(
                Collectors.groupingBy(
                    ConsumerRecord::key,
                    Collectors.mapping(ConsumerRecord::partition, Collectors.toSet())));
    assertThat(partitionsByKey.values()).allSatisfy(p -> assertThat(p).hasSize(1));
    List<AttendanceEvent> decoded =
        received.stream().map(r -> serde.deserialize(r.value())).toList();
    assertThat(decoded).containsExactlyInAnyOrderElementsOf(sent);
    for (ConsumerRecord<String, byte[]> r : received) {
      assertThat(serde.deserialize(r.value()).getInstitutionId()).isEqualTo(r.key());
    }
  }

  private KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  private KafkaConsumer<String, byte[]> consumer() {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, RealInfra.uniqueName("it-group"));
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }
}
