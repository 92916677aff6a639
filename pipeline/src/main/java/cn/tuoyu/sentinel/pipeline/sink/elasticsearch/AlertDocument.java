package cn.tuoyu.sentinel.pipeline.sink.elasticsearch;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One buffered write of {@link ElasticsearchAlertSink}: index the JSON {@code source} as document
 * {@code id} of {@code index} with external version {@code version}.
 *
 * <p>{@code id} is the alert's deterministic {@code alertId} and {@code version} its transition's
 * {@code sequence + 1} (Elasticsearch external versions start at 1), so Elasticsearch keeps the
 * newest transition of each alert whatever order the writes arrive in.
 *
 * <p>Immutable. The source is held as UTF-8 bytes: that is what goes on the wire, what is
 * checkpointed and what the batch sizes are measured in.
 */
public final class AlertDocument implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Elasticsearch refuses longer document ids. */
  static final int MAX_ID_BYTES = 512;

  /**
   * Bytes of the bulk action line besides index and id: {@code
   * {"index":{"_index":"","_id":"","version":N,"version_type":"external"}}} plus newlines.
   */
  private static final int ACTION_LINE_OVERHEAD = 80;

  private final String index;
  private final String id;
  private final long version;
  private final byte[] source;

  /**
   * @param source the document as UTF-8 JSON on one line; copied
   */
  public AlertDocument(String index, String id, long version, byte[] source) {
    this.index = Objects.requireNonNull(index, "index");
    this.id = Objects.requireNonNull(id, "id");
    this.version = version;
    this.source = Objects.requireNonNull(source, "source").clone();
  }

  /** A document whose source is {@code json}. */
  public static AlertDocument ofJson(String index, String id, long version, String json) {
    return new AlertDocument(index, id, version, json.getBytes(StandardCharsets.UTF_8));
  }

  public String index() {
    return index;
  }

  public String id() {
    return id;
  }

  public long version() {
    return version;
  }

  /** The source as a JSON string. */
  public String sourceJson() {
    return new String(source, StandardCharsets.UTF_8);
  }

  /** A copy of the UTF-8 source. */
  public byte[] source() {
    return source.clone();
  }

  /** The UTF-8 source without copying; callers must not modify it. */
  byte[] sourceBytes() {
    return source;
  }

  /** What this write adds to a bulk request, in bytes (action line and source). */
  long sizeInBytes() {
    return ACTION_LINE_OVERHEAD + utf8Length(index) + utf8Length(id) + source.length;
  }

  /**
   * Why Elasticsearch would refuse this document before even looking at its source, if it would.
   * Such a document must not be sent: Elasticsearch validates these fields for the whole bulk
   * request, so one bad document would make every retry of its batch fail.
   */
  Optional<String> problem() {
    if (id.isEmpty()) {
      return Optional.of("the alertId is empty");
    }
    if (utf8Length(id) > MAX_ID_BYTES) {
      return Optional.of("the alertId is longer than " + MAX_ID_BYTES + " bytes");
    }
    if (version < 1) {
      return Optional.of("version " + version + " (sequence " + (version - 1) + ") is negative");
    }
    if (index.isEmpty()) {
      return Optional.of("no index name");
    }
    if (source.length == 0) {
      return Optional.of("the document is empty");
    }
    return Optional.empty();
  }

  private static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof AlertDocument)) {
      return false;
    }
    AlertDocument that = (AlertDocument) o;
    return version == that.version
        && index.equals(that.index)
        && id.equals(that.id)
        && Arrays.equals(source, that.source);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, id, version) * 31 + Arrays.hashCode(source);
  }

  /** Index, id and version; the source is left out (it can be long). */
  @Override
  public String toString() {
    return "AlertDocument{" + index + "/" + id + " v" + version + ", " + source.length + " bytes}";
  }
}
