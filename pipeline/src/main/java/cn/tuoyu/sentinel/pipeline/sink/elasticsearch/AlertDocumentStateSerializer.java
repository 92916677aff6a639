package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.base.sink.writer.AsyncSinkWriterStateSerializer;

/**
 * Checkpoints the documents buffered in {@link ElasticsearchAlertSink}'s writers, so alerts not yet
 * written when a job stops are written after it restores.
 *
 * <p>Format version 1, per document: index, id (each an int length and UTF-8 bytes), version
 * (long), source (int length and UTF-8 bytes). A new format gets a new version number and this
 * class keeps reading the old ones.
 */
public final class AlertDocumentStateSerializer
    extends AsyncSinkWriterStateSerializer<AlertDocument> {
  static final int VERSION = 1;

  /** Guards against reading garbage as a huge allocation. */
  private static final int MAX_FIELD_BYTES = 256 * 1024 * 1024;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  protected void serializeRequestToStream(AlertDocument document, DataOutputStream out)
      throws IOException {
    writeBytes(out, document.index().getBytes(StandardCharsets.UTF_8));
    writeBytes(out, document.id().getBytes(StandardCharsets.UTF_8));
    out.writeLong(document.version());
    writeBytes(out, document.sourceBytes());
  }

  @Override
  protected AlertDocument deserializeRequestFromStream(long requestSize, DataInputStream in)
      throws IOException {
    String index = new String(readBytes(in), StandardCharsets.UTF_8);
    String id = new String(readBytes(in), StandardCharsets.UTF_8);
    long version = in.readLong();
    byte[] source = readBytes(in);
    return new AlertDocument(index, id, version, source);
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > MAX_FIELD_BYTES) {
      throw new IOException(
          "Corrupt Elasticsearch sink state: a field claims " + length + " bytes");
    }
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    return bytes;
  }
}
