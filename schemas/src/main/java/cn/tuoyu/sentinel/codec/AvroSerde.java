package cn.tuoyu.sentinel.codec;

import cn.tuoyu.sentinel.codec.UndecodableRecordException.Problem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Avro single-object encoding ({@code C3 01}, 8-byte little-endian schema fingerprint, binary body)
 * for one generated record type: the value format of every Sentinel Kafka topic.
 *
 * <p>Writes with the current (generated) schema. Reads messages written with the current schema or
 * with any version listed in {@link SchemaHistory#bundled()}, resolving them to the current schema
 * (so a field added later with a default reads as that default).
 *
 * <p>Before Avro sees a body, {@link BinaryBodyCheck} walks it against its writer schema, so a
 * corrupt length prefix is reported as {@link Problem#CORRUPT_BODY} instead of making Avro allocate
 * gigabytes.
 *
 * <p>Thread-safe: Avro's {@link BinaryMessageEncoder} and {@link BinaryMessageDecoder} are
 * thread-safe, and the set of known schemas is fixed at construction. One instance may be shared by
 * all threads; {@link #forClass} caches one per class. Instances are {@link Serializable} so they
 * can be fields of Flink functions: only the class is serialized, and deserialization returns the
 * cached instance for it (so nothing heavy travels with the job graph).
 *
 * @param <T> the generated record class
 */
public final class AvroSerde<T extends SpecificRecord> implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final ConcurrentMap<Class<?>, AvroSerde<?>> CACHE = new ConcurrentHashMap<>();

  /** Single-object encoding header: magic (2 bytes) plus fingerprint (8 bytes). */
  static final int HEADER_LENGTH = 10;

  private final Class<T> type;
  private final transient Schema schema;
  private final transient long fingerprint;
  private final transient Set<Long> readableFingerprints;
  private final transient Map<Long, Schema> writerSchemas;
  private final transient BinaryMessageEncoder<T> encoder;
  private final transient BinaryMessageDecoder<T> decoder;
  // Whether this instance is the canonical one for its class (false for withWriterSchemas).
  private final transient boolean bundledHistoryOnly;

  private AvroSerde(Class<T> type, Collection<Schema> writerSchemas, boolean bundledHistoryOnly) {
    this.type = type;
    this.schema = SchemaHistory.currentSchema(type);
    this.fingerprint = SchemaHistory.fingerprint(schema);
    // The class's own model carries the logical-type conversions (timestamp-millis -> Instant).
    SpecificData model = SpecificData.getForClass(type);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    this.decoder = new BinaryMessageDecoder<>(model, schema);
    Map<Long, Schema> writers = new HashMap<>();
    writers.put(fingerprint, schema);
    for (Schema writer : writerSchemas) {
      decoder.addSchema(writer);
      writers.put(SchemaHistory.fingerprint(writer), writer);
    }
    this.writerSchemas = Map.copyOf(writers);
    this.readableFingerprints = this.writerSchemas.keySet();
    this.bundledHistoryOnly = bundledHistoryOnly;
  }

  /**
   * The serde for a generated record class, able to read every version of it in the bundled schema
   * history. Cached: repeated calls return the same instance.
   *
   * @throws IllegalStateException if the bundled history cannot be loaded
   */
  @SuppressWarnings("unchecked")
  public static <T extends SpecificRecord> AvroSerde<T> forClass(Class<T> type) {
    return (AvroSerde<T>)
        CACHE.computeIfAbsent(
            type,
            t ->
                new AvroSerde<>(
                    type,
                    SchemaHistory.bundled().versions(type).stream()
                        .map(SchemaHistory.Version::schema)
                        .collect(Collectors.toList()),
                    true));
  }

  /**
   * A serde that can additionally read messages written with {@code extraWriterSchemas} (besides
   * the bundled history). For tools and tests that hold schemas not (yet) in the history; not
   * cached. Java serialization does not keep the extra schemas: a deserialized copy is {@link
   * #forClass}'s instance.
   */
  public static <T extends SpecificRecord> AvroSerde<T> withWriterSchemas(
      Class<T> type, Collection<Schema> extraWriterSchemas) {
    List<Schema> all =
        SchemaHistory.bundled().versions(type).stream()
            .map(SchemaHistory.Version::schema)
            .collect(Collectors.toList());
    all.addAll(extraWriterSchemas);
    return new AvroSerde<>(type, all, false);
  }

  /** The record class. */
  public Class<T> type() {
    return type;
  }

  /** The schema messages are written with (the generated class's schema). */
  public Schema schema() {
    return schema;
  }

  /** Fingerprint of {@link #schema()}, as written in the header of every serialized message. */
  public long fingerprint() {
    return fingerprint;
  }

  /** Fingerprints of every writer schema this serde can read. */
  public Set<Long> readableFingerprints() {
    return readableFingerprints;
  }

  /**
   * Encodes a record with the current schema.
   *
   * @throws IllegalArgumentException if the record is invalid for its schema (e.g. a required field
   *     is null)
   */
  public byte[] serialize(T record) {
    try {
      ByteBuffer buffer = encoder.encode(record);
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      return bytes;
    } catch (IOException e) {
      // Only an in-memory buffer is written; an IOException here would be an Avro bug.
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot serialize " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Decodes a message written with the current schema or any historical version of it.
   *
   * @throws UndecodableRecordException if the header is wrong, the fingerprint is not a known
   *     version of this type (the message says which type it is, if it is another Sentinel type),
   *     or the body is truncated, corrupt or followed by extra bytes
   */
  public T deserialize(byte[] message) {
    long fp = readFingerprint(message);
    if (!readableFingerprints.contains(fp)) {
      String what =
          SchemaHistory.bundled()
              .byFingerprint(fp)
              .map(
                  v ->
                      "it is a "
                          + v.recordName()
                          + " (v"
                          + v.number()
                          + ") message, not a "
                          + type.getSimpleName()
                          + " (wrong topic?)")
              .orElse(
                  "it is no known version of "
                      + type.getSimpleName()
                      + " (written by a newer producer? add the writer's schema to schema-history)");
      throw new UndecodableRecordException(
          Problem.UNKNOWN_SCHEMA,
          "unknown schema fingerprint " + SchemaHistory.fingerprintHex(fp) + ": " + what,
          null);
    }
    return decodeBody(message, fp);
  }

  private UndecodableRecordException corruptBody(
      byte[] message, long fp, String problem, Throwable cause) {
    return new UndecodableRecordException(
        Problem.CORRUPT_BODY,
        "corrupt "
            + type.getSimpleName()
            + " body ("
            + message.length
            + " bytes, schema fingerprint "
            + SchemaHistory.fingerprintHex(fp)
            + "): "
            + problem,
        cause);
  }

  T decodeBody(byte[] message, long fp) {
    String problem = BinaryBodyCheck.problem(writerSchemas.get(fp), message, HEADER_LENGTH);
    if (problem != null) {
      throw corruptBody(message, fp, problem, null);
    }
    try {
      return decoder.decode(new ByteArrayInputStream(message), null);
    } catch (IOException | RuntimeException e) {
      throw corruptBody(message, fp, describe(e), e);
    }
  }

  /**
   * Validates the single-object header and returns the fingerprint it carries.
   *
   * @throws UndecodableRecordException with {@link Problem#BAD_HEADER}
   */
  static long readFingerprint(byte[] message) {
    if (message == null) {
      throw new UndecodableRecordException(Problem.BAD_HEADER, "bad header: message is null", null);
    }
    if (message.length < HEADER_LENGTH) {
      throw new UndecodableRecordException(
          Problem.BAD_HEADER,
          "bad header: "
              + message.length
              + " bytes, but a single-object encoded Avro message starts with a "
              + HEADER_LENGTH
              + "-byte header (C3 01 + 8-byte schema fingerprint)",
          null);
    }
    if ((message[0] & 0xff) != 0xC3 || message[1] != 0x01) {
      throw new UndecodableRecordException(
          Problem.BAD_HEADER,
          String.format(
              "bad header: starts with %02X %02X, expected C3 01 (Avro single-object encoding);"
                  + " is this JSON, Confluent-framed or raw Avro?",
              message[0] & 0xff, message[1] & 0xff),
          null);
    }
    long fp = 0;
    for (int i = 0; i < 8; i++) {
      fp |= (message[2 + i] & 0xffL) << (8 * i);
    }
    return fp;
  }

  private static String describe(Throwable e) {
    String msg = e.getMessage();
    return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
  }

  // Only the class travels; the receiving side uses its own cached, fully built instance.
  private Object readResolve() throws ObjectStreamException {
    return forClass(type);
  }

  @Override
  public String toString() {
    return "AvroSerde["
        + type.getSimpleName()
        + ", reads "
        + readableFingerprints.size()
        + " schema version(s)"
        + (bundledHistoryOnly ? "" : " incl. extra writer schemas")
        + "]";
  }
}
