package cn.tuoyu.sentinel.pipeline.ingest;

import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.schema.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/**
 * One input record on its way through the job, whatever its type and origin: a Flink POJO of plain
 * fields (no Kryo), carrying the record as Avro single-object bytes so any of our types travels in
 * one stream. A record that could not be decoded travels as {@link Kind#REJECTED} with its raw
 * bytes and the reason, until it is split off to the dead-letter output.
 */
public class EventEnvelope implements java.io.Serializable {
  private static final long serialVersionUID = 1L;

  /** What the payload holds. */
  public enum Kind {
    ATTENDANCE,
    CAMERA,
    SENSOR,
    INSTITUTION,
    RULES,
    REJECTED
  }

  public Kind kind;

  /** Key: the institutionId; for RULES the scope. */
  public String key;

  /** Unique per event; empty for reference and rule records. */
  public String eventId;

  /** Event time (epoch millis); for REJECTED the time it was seen. */
  public long ts;

  /** Avro single-object bytes (valid records) or the raw input (REJECTED). */
  public byte[] payload;

  public String sourceTopic;
  public Integer sourcePartition;
  public Long sourceOffset;
  public String sourceFile;
  public Long lineNumber;

  /** For REJECTED: reason code, human detail and the record type if known. */
  public String rejectReason;

  public String rejectDetail;
  public String recordType;

  public EventEnvelope() {}

  /** Decodes the payload of a valid record. */
  public SpecificRecord record() {
    return SentinelSerde.decodeAny(payload);
  }

  public boolean isEvent() {
    return kind == Kind.ATTENDANCE || kind == Kind.CAMERA || kind == Kind.SENSOR;
  }

  /** Where it came from, for messages: "topic/partition@offset" or "file:line". */
  public String origin() {
    if (sourceTopic != null) {
      return sourceTopic + "/" + sourcePartition + "@" + sourceOffset;
    }
    return sourceFile + ":" + lineNumber;
  }

  /** The dead letter for this record with {@code reason} (used for REJECTED, LATE, …). */
  public DeadLetter toDeadLetter(String reason, String detail, Instant at) {
    return DeadLetter.newBuilder()
        .setTs(at)
        .setReason(reason)
        .setDetail(detail)
        .setRecordType(recordType)
        .setSourceFile(sourceFile)
        .setLineNumber(lineNumber)
        .setSourceTopic(sourceTopic)
        .setSourcePartition(sourcePartition)
        .setSourceOffset(sourceOffset)
        .setRaw(ByteBuffer.wrap(payload == null ? new byte[0] : payload))
        .build();
  }

  @Override
  public String toString() {
    return kind + " " + key + " " + eventId + " @" + ts + " from " + origin();
  }
}
