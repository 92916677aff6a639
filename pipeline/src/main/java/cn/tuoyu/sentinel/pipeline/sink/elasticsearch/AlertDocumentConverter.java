package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.schema.AlertTransition;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.connector.base.sink.writer.ElementConverter;

/**
 * Turns an alert transition into its Elasticsearch write: the document source is exactly the alert
 * export line of design.md ({@link JsonLinesCodec#encode}), so field names are the same in the
 * file, on the topic and in the index.
 */
public final class AlertDocumentConverter
    implements ElementConverter<AlertTransition, AlertDocument> {
  private static final long serialVersionUID = 1L;

  private final IndexNaming indexNaming;
  private final JsonLinesCodec codec = new JsonLinesCodec();

  public AlertDocumentConverter(IndexNaming indexNaming) {
    this.indexNaming = Objects.requireNonNull(indexNaming, "indexNaming");
  }

  @Override
  public AlertDocument apply(AlertTransition transition, SinkWriter.Context context) {
    return convert(transition);
  }

  /** The write of {@code transition}: its index, id = alertId, version = sequence + 1. */
  public AlertDocument convert(AlertTransition transition) {
    return new AlertDocument(
        indexNaming.indexFor(transition),
        transition.getAlertId(),
        transition.getSequence() + 1L,
        codec.encode(transition).getBytes(StandardCharsets.UTF_8));
  }

  public IndexNaming indexNaming() {
    return indexNaming;
  }
}
