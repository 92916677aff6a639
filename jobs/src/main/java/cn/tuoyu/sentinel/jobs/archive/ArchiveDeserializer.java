package cn.tuoyu.sentinel.jobs.archive;

import cn.tuoyu.sentinel.schema.ArchivedRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Kafka records → {@link ArchivedRecord}s ({@link ArchivedRecords#fromKafka}); never throws. */
public final class ArchiveDeserializer implements KafkaRecordDeserializationSchema<ArchivedRecord> {
  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ArchivedRecord> out) {
    out.collect(
        ArchivedRecords.fromKafka(
            record.topic(),
            record.partition(),
            record.offset(),
            record.timestamp(),
            record.key(),
            record.value()));
  }

  @Override
  public TypeInformation<ArchivedRecord> getProducedType() {
    return new AvroTypeInfo<>(ArchivedRecord.class);
  }
}
