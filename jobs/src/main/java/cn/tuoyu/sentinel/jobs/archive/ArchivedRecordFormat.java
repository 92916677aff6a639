package cn.tuoyu.sentinel.jobs.archive;

import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.schema.ArchivedRecord;
import java.io.IOException;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads an Avro container file of {@link ArchivedRecord}s (an {@link ArchivePeriod} file) as the
 * envelopes the monitor would have read from Kafka ({@link ArchivedRecords#envelope}), in file
 * order. Not splittable: the order is the point.
 */
public final class ArchivedRecordFormat extends SimpleStreamFormat<EventEnvelope> {
  private static final long serialVersionUID = 1L;

  @Override
  public StreamFormat.Reader<EventEnvelope> createReader(
      Configuration config, FSDataInputStream stream) throws IOException {
    DataFileStream<ArchivedRecord> in =
        new DataFileStream<>(stream, new SpecificDatumReader<>(ArchivedRecord.class));
    return new StreamFormat.Reader<>() {
      private ArchivedRecord reuse;

      @Override
      public EventEnvelope read() throws IOException {
        if (!in.hasNext()) {
          return null;
        }
        reuse = in.next(reuse);
        return ArchivedRecords.envelope(reuse);
      }

      @Override
      public void close() throws IOException {
        in.close();
      }
    };
  }

  @Override
  public TypeInformation<EventEnvelope> getProducedType() {
    return TypeInformation.of(EventEnvelope.class);
  }
}
