package cn.tuoyu.sentinel.jobs.archive;

import static cn.tuoyu.sentinel.jobs.archive.ArchiveFixtures.KAFKA_TIME;
import static cn.tuoyu.sentinel.jobs.archive.ArchiveFixtures.fromKafka;
import static cn.tuoyu.sentinel.jobs.archive.ArchiveFixtures.wire;
import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.codec.DeadLetterReasons;
import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.schema.ArchivedRecord;
import cn.tuoyu.sentinel.schema.Institution;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ArchivedRecordsTest {
  private static final String ID = "320402-0007";

  @Test
  void anEventKeepsItsBytesAndOriginAndGetsItsTypeTimeAndSubject() {
    byte[] value = wire(ArchiveFixtures.camera(ID, "2026-11-23T09:00:30+08:00"));
    ArchivedRecord r =
        ArchivedRecords.fromKafka(
            Topics.CAMERA,
            1,
            42,
            KAFKA_TIME.toEpochMilli(),
            ID.getBytes(StandardCharsets.UTF_8),
            value);

    assertThat(r.getTopic()).isEqualTo(Topics.CAMERA);
    assertThat(r.getPartition()).isEqualTo(1);
    assertThat(r.getOffset()).isEqualTo(42);
    assertThat(r.getKafkaTimestamp()).isEqualTo(KAFKA_TIME);
    assertThat(r.getValue()).isEqualTo(ByteBuffer.wrap(value));
    assertThat(r.getKey()).isEqualTo(ByteBuffer.wrap(ID.getBytes(StandardCharsets.UTF_8)));
    assertThat(r.getRecordType()).isEqualTo("camera");
    assertThat(r.getEventTime()).isEqualTo(Instant.parse("2026-11-23T01:00:30Z"));
    assertThat(r.getSubject()).isEqualTo(ID);
    assertThat(r.getRegionCode()).isEqualTo("320402");
    assertThat(r.getRejectReason()).isNull();
    assertThat(ArchivedRecords.regionFollowsInstitution(r)).isTrue();
  }

  @Test
  void anInstitutionRecordCarriesItsOwnRegion() {
    ArchivedRecord r =
        fromKafka(Topics.INSTITUTIONS, 0, ID, wire(ArchiveFixtures.institution(ID, "120106")));
    assertThat(r.getRecordType()).isEqualTo("institution");
    assertThat(r.getRegionCode()).isEqualTo("120106");
    assertThat(ArchivedRecords.isInstitution(r)).isTrue();
    assertThat(ArchivedRecords.regionFollowsInstitution(r)).isFalse();
  }

  @Test
  void rulesGoToTheRulesPartitionWithTheirScope() {
    ArchivedRecord r = ArchiveFixtures.rulesRecord("3204", "2026-11-23T07:00:00+08:00", 3);
    assertThat(r.getRecordType()).isEqualTo("rules");
    assertThat(r.getSubject()).isEqualTo("3204");
    assertThat(r.getRegionCode()).isEqualTo(ArchiveLayout.RULES);
    assertThat(ArchivedRecords.regionFollowsInstitution(r)).isFalse();
  }

  @Test
  void anUndecodableValueIsKeptWithItsReasonAtItsKafkaTime() {
    byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);
    ArchivedRecord r = fromKafka(Topics.ATTENDANCE, 9, ID, garbage);
    assertThat(r.getRecordType()).isEqualTo(ArchivedRecords.UNDECODABLE);
    assertThat(r.getRejectReason()).isEqualTo(DeadLetterReasons.UNDECODABLE);
    assertThat(r.getRejectDetail()).isNotBlank();
    assertThat(r.getValue()).isEqualTo(ByteBuffer.wrap(garbage));
    assertThat(r.getEventTime()).isEqualTo(KAFKA_TIME);
    assertThat(r.getSubject()).isEqualTo(ID);
    assertThat(r.getRegionCode()).isEqualTo("320402");
    assertThat(ArchivedRecords.regionFollowsInstitution(r)).isTrue();
  }

  @Test
  void aTombstoneWithoutKeyIsKeptInTheUnknownRegion() {
    ArchivedRecord r = fromKafka(Topics.INSTITUTIONS, 5, null, null);
    assertThat(r.getValue()).isNull();
    assertThat(r.getKey()).isNull();
    assertThat(r.getRecordType()).isEqualTo(ArchivedRecords.UNDECODABLE);
    assertThat(r.getSubject()).isNull();
    assertThat(r.getRegionCode()).isEqualTo(ArchiveLayout.UNKNOWN);
    assertThat(ArchivedRecords.regionFollowsInstitution(r)).isFalse();
  }

  @Test
  void aRecordOnTheWrongTopicKeepsItsTypeAndIsMarkedAsTheMonitorWouldRejectIt() {
    ArchivedRecord r =
        fromKafka(
            Topics.ATTENDANCE,
            1,
            ID,
            wire(ArchiveFixtures.camera(ID, "2026-11-23T09:00:30+08:00")));
    assertThat(r.getRecordType()).isEqualTo("camera");
    assertThat(r.getRejectReason()).isEqualTo(DeadLetterReasons.UNDECODABLE);
    assertThat(r.getRejectDetail()).contains("AttendanceEvent");
  }

  @Test
  void anInvalidInstitutionRecordFollowsTheInstitutionsKnownRegion() {
    // Valid Avro, but a regionCode the monitor refuses: its own region cannot be trusted.
    Institution valid =
        (Institution) SentinelSerde.decodeAny(wire(ArchiveFixtures.institution(ID, "320402")));
    byte[] value =
        SentinelSerde.encodeAny(Institution.newBuilder(valid).setRegionCode("../x").build());
    ArchivedRecord r = fromKafka(Topics.INSTITUTIONS, 2, ID, value);
    assertThat(r.getRecordType()).isEqualTo("institution");
    assertThat(r.getRejectReason()).isEqualTo(DeadLetterReasons.INVALID_VALUE);
    assertThat(r.getRegionCode()).isEqualTo("320402");
    assertThat(ArchivedRecords.isInstitution(r)).isFalse();
    assertThat(ArchivedRecords.regionFollowsInstitution(r)).isTrue();
  }
}
