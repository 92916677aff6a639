package cn.tuoyu.sentinel.jobs.archive;

import cn.tuoyu.sentinel.schema.ArchivedRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.formats.avro.AvroWriterFactory;

/**
 * The archive's files: Avro object container files of {@link ArchivedRecord}, blocks compressed
 * with deflate. Each file carries its writer schema in its header, so any Avro reader (Java,
 * Python's fastavro, {@code avro-tools tojson}) reads it without this code, and a later schema
 * version reads older files by schema resolution.
 *
 * <p>The header holds {@link #FILE_SCHEMA}: {@code ArchivedRecord} without its documentation, under
 * 800 instead of over 2,000 characters. Part files roll at every checkpoint, so a partition's file
 * at a one-minute interval holds a few hundred records, and the documented schema would be more
 * than half of it. Names, types, defaults and logical types are the same, hence so is the
 * fingerprint.
 */
public final class ArchiveFormat {
  /** The schema written into every file: {@code ArchivedRecord.avsc} without docs. */
  public static final Schema FILE_SCHEMA = withoutDocs(ArchivedRecord.getClassSchema());

  /** Deflate level: 6 is zlib's default, most of level 9's ratio at a fraction of its cost. */
  static final int DEFLATE_LEVEL = 6;

  private ArchiveFormat() {}

  /** The file sink's writer: one container file per part file. */
  public static BulkWriter.Factory<ArchivedRecord> writerFactory() {
    return new AvroWriterFactory<>(
        out -> {
          DataFileWriter<ArchivedRecord> writer =
              new DataFileWriter<>(new SpecificDatumWriter<>(FILE_SCHEMA));
          writer.setCodec(CodecFactory.deflateCodec(DEFLATE_LEVEL));
          return writer.create(FILE_SCHEMA, out);
        });
  }

  /** {@code schema} without {@code doc} and the Java-only {@code avro.java.string} hints. */
  static Schema withoutDocs(Schema schema) {
    try {
      JsonNode json = new ObjectMapper().readTree(schema.toString());
      strip(json);
      return new Schema.Parser().parse(json.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void strip(JsonNode node) {
    if (node instanceof ObjectNode object) {
      object.remove("doc");
      object.remove("avro.java.string");
    }
    node.forEach(ArchiveFormat::strip);
  }
}
