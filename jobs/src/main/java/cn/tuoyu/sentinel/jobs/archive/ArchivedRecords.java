package cn.tuoyu.sentinel.jobs.archive;

import cn.tuoyu.sentinel.codec.SentinelType;
import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.pipeline.ingest.Envelopes;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.schema.ArchivedRecord;
import cn.tuoyu.sentinel.schema.Institution;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Kafka records → {@link ArchivedRecord}s. Never throws: the value is classified exactly as the
 * monitor classifies it ({@link Envelopes#fromKafka}), and a record the monitor would dead-letter
 * is archived all the same, with the reason — bad input is kept as evidence, never dropped.
 *
 * <p>The region set here needs no state: an institution record's own regionCode, {@value
 * ArchiveLayout#RULES} for the rules topic, otherwise the region the institutionId suggests ({@link
 * ArchiveLayout#regionFromId}), which {@link RegionResolver} replaces with the institution's
 * registered regionCode when it knows it.
 */
public final class ArchivedRecords {
  /** {@code recordType} of a value that is none of our records (or no value at all). */
  public static final String UNDECODABLE = "undecodable";

  private static final Map<String, SentinelType> BY_TOPIC =
      Arrays.stream(SentinelType.values())
          .collect(Collectors.toMap(SentinelType::topic, Function.identity()));

  private ArchivedRecords() {}

  /** The archive's record for one Kafka record; {@code key} and {@code value} may be null. */
  public static ArchivedRecord fromKafka(
      String topic, int partition, long offset, long kafkaTimestamp, byte[] key, byte[] value) {
    EventEnvelope env =
        Envelopes.fromKafka(topic, partition, offset, kafkaTimestamp, value, BY_TOPIC.get(topic));
    boolean rejected = env.kind == EventEnvelope.Kind.REJECTED;
    String type;
    String subject;
    if (rejected) {
      type = env.recordType != null ? env.recordType : UNDECODABLE;
      subject = text(key);
    } else {
      type = SentinelType.valueOf(env.kind.name()).jsonType();
      subject = env.key;
    }
    return ArchivedRecord.newBuilder()
        .setTopic(topic)
        .setPartition(partition)
        .setOffset(offset)
        .setKafkaTimestamp(Instant.ofEpochMilli(kafkaTimestamp))
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .setRecordType(type)
        .setEventTime(Instant.ofEpochMilli(env.ts))
        .setSubject(subject)
        .setRegionCode(ownRegion(topic, env, subject))
        .setRejectReason(rejected ? env.rejectReason : null)
        .setRejectDetail(rejected ? env.rejectDetail : null)
        .build();
  }

  /**
   * The record as the monitor reads it from Kafka: the same classification, the same dead-letter
   * reasons, with its origin (topic, partition, offset).
   */
  public static EventEnvelope envelope(ArchivedRecord r) {
    return Envelopes.fromKafka(
        r.getTopic(),
        r.getPartition(),
        r.getOffset(),
        r.getKafkaTimestamp().toEpochMilli(),
        r.getValue() == null ? null : bytes(r.getValue()),
        BY_TOPIC.get(r.getTopic()));
  }

  private static byte[] bytes(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }

  /**
   * Whether the record's region is its institution's, to be looked up by {@code subject}: true for
   * events, and for anything rejected outside the rules topic; false for rules and for valid
   * institution records, which carry their own.
   */
  public static boolean regionFollowsInstitution(ArchivedRecord r) {
    if (r.getTopic().equals(Topics.RULES) || r.getSubject() == null) {
      return false;
    }
    return r.getRejectReason() != null
        || !r.getRecordType().equals(SentinelType.INSTITUTION.jsonType());
  }

  /** Whether the record is valid reference data: an institution whose regionCode can be learnt. */
  public static boolean isInstitution(ArchivedRecord r) {
    return r.getRejectReason() == null
        && r.getRecordType().equals(SentinelType.INSTITUTION.jsonType());
  }

  private static String ownRegion(String topic, EventEnvelope env, String subject) {
    if (topic.equals(Topics.RULES)) {
      return ArchiveLayout.RULES;
    }
    if (env.kind == EventEnvelope.Kind.INSTITUTION) {
      // Valid institution records have a 6-digit regionCode (Envelopes checks it).
      return ((Institution) env.record()).getRegionCode();
    }
    return ArchiveLayout.regionFromId(subject);
  }

  /** A key as text, if it is UTF-8 (ours always are); null otherwise. */
  private static String text(byte[] key) {
    if (key == null) {
      return null;
    }
    try {
      CharBuffer chars = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(key));
      return chars.toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
