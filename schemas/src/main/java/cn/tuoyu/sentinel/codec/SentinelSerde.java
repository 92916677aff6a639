package cn.tuoyu.sentinel.codec;

import cn.tuoyu.sentinel.codec.UndecodableRecordException.Problem;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;

/**
 * Single-object encoding for all seven {@link SentinelType}s at once: decode a message without
 * knowing its type in advance (the header's schema fingerprint says which it is), and encode any of
 * them.
 *
 * <p>Stateless static methods over the cached, thread-safe {@link AvroSerde}s, so they are
 * thread-safe and need no setup in Flink's {@code open()}.
 */
public final class SentinelSerde {
  private SentinelSerde() {}

  /**
   * Decodes a message of any of the seven types, written with its current schema or any historical
   * version.
   *
   * @throws UndecodableRecordException if the header is wrong, the fingerprint belongs to none of
   *     the types, or the body is corrupt
   */
  public static SpecificRecord decodeAny(byte[] message) {
    long fp = AvroSerde.readFingerprint(message);
    AvroSerde<?> serde = Registry.BY_FINGERPRINT.get(fp);
    if (serde == null) {
      throw new UndecodableRecordException(
          Problem.UNKNOWN_SCHEMA,
          "unknown schema fingerprint "
              + SchemaHistory.fingerprintHex(fp)
              + ": not any version of "
              + Stream.of(SentinelType.values())
                  .map(SentinelType::schemaName)
                  .collect(Collectors.joining(", ")),
          null);
    }
    return serde.decodeBody(message, fp);
  }

  /**
   * Encodes a record of any of the seven types with its current schema.
   *
   * @throws IllegalArgumentException if it is not one of them or is invalid for its schema
   */
  public static byte[] encodeAny(SpecificRecord record) {
    return serdeFor(record).serialize(record);
  }

  /** The type a message claims to be, from its header alone; empty if the header is unknown. */
  public static Optional<SentinelType> peekType(byte[] message) {
    try {
      AvroSerde<?> serde = Registry.BY_FINGERPRINT.get(AvroSerde.readFingerprint(message));
      return serde == null ? Optional.empty() : SentinelType.ofClass(serde.type());
    } catch (UndecodableRecordException e) {
      return Optional.empty();
    }
  }

  @SuppressWarnings("unchecked")
  private static AvroSerde<SpecificRecord> serdeFor(SpecificRecord record) {
    if (record == null) {
      throw new IllegalArgumentException("cannot encode null");
    }
    SentinelType type =
        SentinelType.ofClass(record.getClass())
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        record.getClass().getName() + " is not a top-level Sentinel record type"));
    return (AvroSerde<SpecificRecord>) AvroSerde.forClass(type.recordClass());
  }

  /** Lazy holder: every readable fingerprint of every type, to its serde. */
  private static final class Registry {
    static final Map<Long, AvroSerde<?>> BY_FINGERPRINT = build();

    private static Map<Long, AvroSerde<?>> build() {
      Map<Long, AvroSerde<?>> map = new HashMap<>();
      for (SentinelType t : SentinelType.values()) {
        AvroSerde<?> serde = AvroSerde.forClass(t.recordClass());
        for (long fp : serde.readableFingerprints()) {
          AvroSerde<?> previous = map.put(fp, serde);
          if (previous != null && previous != serde) {
            // Impossible while record names differ (they are part of the canonical form).
            throw new IllegalStateException(
                "fingerprint "
                    + SchemaHistory.fingerprintHex(fp)
                    + " is claimed by both "
                    + previous.type().getSimpleName()
                    + " and "
                    + t.schemaName());
          }
        }
      }
      return Map.copyOf(map);
    }
  }
}
