package cn.tuoyu.sentinel.pipeline.ingest;

import cn.tuoyu.sentinel.codec.SentinelType;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Kafka records → {@link EventEnvelope}. Never throws: an undecodable value, or a record of the
 * wrong type for its topic, becomes a REJECTED envelope with its topic, partition and offset.
 */
public final class KafkaEnvelopeDeserializer
    implements KafkaRecordDeserializationSchema<EventEnvelope> {
  private static final Map<String, SentinelType> BY_TOPIC =
      Arrays.stream(SentinelType.values())
          .collect(Collectors.toMap(SentinelType::topic, Function.identity()));

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<EventEnvelope> out) {
    out.collect(
        Envelopes.fromKafka(
            record.topic(),
            record.partition(),
            record.offset(),
            record.timestamp(),
            record.value(),
            BY_TOPIC.get(record.topic())));
  }

  @Override
  public TypeInformation<EventEnvelope> getProducedType() {
    return TypeInformation.of(EventEnvelope.class);
  }
}
