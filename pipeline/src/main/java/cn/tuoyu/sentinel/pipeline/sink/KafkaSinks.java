package cn.tuoyu.sentinel.pipeline.sink;

import cn.tuoyu.sentinel.codec.AvroSerde;
import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Kafka sinks of the monitor job: alert transitions on {@code sentinel.alerts} keyed by institution
 * (so one institution's warnings stay in order), dead letters on {@code sentinel.deadletter} keyed
 * by their source topic (or file). Exactly-once: records become visible to read-committed consumers
 * when the checkpoint that covers them completes.
 */
public final class KafkaSinks {
  private KafkaSinks() {}

  public static KafkaSink<AlertTransition> alerts(
      String bootstrap, String topic, DeliveryGuarantee guarantee, String transactionalIdPrefix) {
    return sink(
        bootstrap, new AlertSerializer(topic), guarantee, transactionalIdPrefix + "-alerts");
  }

  public static KafkaSink<DeadLetter> deadLetters(
      String bootstrap, String topic, DeliveryGuarantee guarantee, String transactionalIdPrefix) {
    return sink(
        bootstrap,
        new DeadLetterSerializer(topic),
        guarantee,
        transactionalIdPrefix + "-deadletters");
  }

  private static <T> KafkaSink<T> sink(
      String bootstrap,
      KafkaRecordSerializationSchema<T> serializer,
      DeliveryGuarantee guarantee,
      String transactionalIdPrefix) {
    return KafkaSink.<T>builder()
        .setBootstrapServers(bootstrap)
        .setKafkaProducerConfig(producerConfig())
        .setRecordSerializer(serializer)
        .setDeliveryGuarantee(guarantee)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .build();
  }

  private static Properties producerConfig() {
    Properties p = new Properties();
    // Must exceed the checkpoint interval plus a checkpoint's duration. Kept well under the
    // broker's 15 min cap: a transaction left open by a job that died blocks read-committed
    // readers (the institutions) until it times out.
    p.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "300000");
    p.setProperty(ProducerConfig.LINGER_MS_CONFIG, "5");
    return p;
  }

  /**
   * Avro single-object value, institutionId key. The Kafka timestamp is when the transition is
   * published, not its event time (that is in the value): brokers refuse a timestamp more than an
   * hour ahead of their clock (Kafka 4's {@code message.timestamp.after.max.ms}), and an event time
   * ahead of the clock — a device whose clock runs fast, a simulated future day — must not stop the
   * monitor in a restart loop.
   */
  static final class AlertSerializer implements KafkaRecordSerializationSchema<AlertTransition> {
    private final String topic;

    AlertSerializer(String topic) {
      this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
        AlertTransition alert, KafkaSinkContext context, Long timestamp) {
      return new ProducerRecord<>(
          topic,
          null,
          null,
          alert.getInstitutionId().getBytes(StandardCharsets.UTF_8),
          AvroSerde.forClass(AlertTransition.class).serialize(alert));
    }
  }

  /** Avro single-object value, keyed by where the record came from. */
  static final class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
    private final String topic;

    DeadLetterSerializer(String topic) {
      this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
        DeadLetter dl, KafkaSinkContext context, Long timestamp) {
      String origin =
          dl.getSourceTopic() != null ? dl.getSourceTopic() : String.valueOf(dl.getSourceFile());
      return new ProducerRecord<>(
          topic,
          origin.getBytes(StandardCharsets.UTF_8),
          AvroSerde.forClass(DeadLetter.class).serialize(dl));
    }
  }

  /** The default topics. */
  public static String alertsTopic() {
    return Topics.ALERTS;
  }
}
