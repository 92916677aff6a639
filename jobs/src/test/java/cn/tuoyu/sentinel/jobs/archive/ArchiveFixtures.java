package cn.tuoyu.sentinel.jobs.archive;

import cn.tuoyu.sentinel.codec.Decoded;
import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.schema.ArchivedRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** Records as they come off Kafka, and archive files written by the job's own writer. */
final class ArchiveFixtures {
  /** The Kafka timestamp of fixture records: 2026-11-23T10:00+08:00. */
  static final Instant KAFKA_TIME = Instant.parse("2026-11-23T02:00:00Z");

  private static final JsonLinesCodec CODEC = new JsonLinesCodec();

  private ArchiveFixtures() {}

  /** A JSON line (design.md format) as the Avro single-object bytes it is on Kafka. */
  static byte[] wire(String jsonLine) {
    Decoded d = CODEC.decode(jsonLine, 1, "fixture");
    if (!(d instanceof Decoded.Record r)) {
      throw new IllegalArgumentException("not a valid line: " + jsonLine + " → " + d);
    }
    return SentinelSerde.encodeAny(r.record());
  }

  static String institution(String id, String region) {
    return "{\"type\":\"institution\",\"ts\":\"2026-11-23T06:00:00+08:00\",\"institutionId\":\""
        + id
        + "\",\"name\":\"小星星托育园\",\"regionCode\":\""
        + region
        + "\",\"kind\":\"CENTER\",\"licensedPlaces\":60,\"openTime\":\"07:30\","
        + "\"closeTime\":\"18:00\",\"rooms\":[{\"roomId\":\"R1\",\"classType\":\"TODDLER_12_24\","
        + "\"capacity\":15,\"cameraIds\":[\"C1\"]}],\"staff\":[]}";
  }

  /** A camera heartbeat at {@code ts} (ISO-8601 with offset). */
  static String camera(String id, String ts) {
    return "{\"type\":\"camera\",\"ts\":\""
        + ts
        + "\",\"eventId\":\""
        + id
        + "-C1-"
        + ts
        + "\",\"institutionId\":\""
        + id
        + "\",\"cameraId\":\"C1\",\"status\":\"ONLINE\",\"recording\":true,\"retentionDays\":90}";
  }

  static String rules(String scope, String ts) {
    return "{\"type\":\"rules\",\"ts\":\""
        + ts
        + "\",\"scope\":\""
        + scope
        + "\",\"rules\":{\"CO2_HIGH\":{\"maxPpm\":1200}}}";
  }

  /**
   * The archive's record of a Kafka record at {@code offset} of partition 0, keyed by {@code key}.
   */
  static ArchivedRecord fromKafka(String topic, long offset, String key, byte[] value) {
    return ArchivedRecords.fromKafka(
        topic,
        0,
        offset,
        KAFKA_TIME.toEpochMilli(),
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value);
  }

  static ArchivedRecord camera(String id, String ts, long offset) {
    return fromKafka(Topics.CAMERA, offset, id, wire(camera(id, ts)));
  }

  static ArchivedRecord rulesRecord(String scope, String ts, long offset) {
    return fromKafka(Topics.RULES, offset, scope, wire(rules(scope, ts)));
  }

  /** Writes {@code records} to {@code file} with the archive job's writer. */
  static Path write(Path file, List<ArchivedRecord> records) throws IOException {
    return ArchiveLoad.writeFile(file, records);
  }
}
