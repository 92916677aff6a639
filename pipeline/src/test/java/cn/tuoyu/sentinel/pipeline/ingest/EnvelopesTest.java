package cn.tuoyu.sentinel.pipeline.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.codec.DeadLetterReasons;
import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.codec.SentinelType;
import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.AttendanceAction;
import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.CameraState;
import cn.tuoyu.sentinel.schema.CameraStatus;
import cn.tuoyu.sentinel.schema.ClassType;
import cn.tuoyu.sentinel.schema.DeadLetter;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.InstitutionKind;
import cn.tuoyu.sentinel.schema.PersonRole;
import cn.tuoyu.sentinel.schema.Room;
import cn.tuoyu.sentinel.schema.RuleParameters;
import cn.tuoyu.sentinel.schema.RuleSetting;
import cn.tuoyu.sentinel.schema.SensorMetric;
import cn.tuoyu.sentinel.schema.SensorReading;
import cn.tuoyu.sentinel.schema.Severity;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Raw input (Kafka values, JSON lines) to envelopes: never throws, rejects with reason and origin.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EnvelopesTest {
  private static final Instant TS = Instant.parse("2026-11-23T01:00:00Z"); // 09:00 in Changzhou
  private static final long KAFKA_TS = 1_790_000_000_000L;
  private static final String INSTITUTION = "320402-0007";
  private static final JsonLinesCodec CODEC = new JsonLinesCodec();

  static AttendanceEvent.Builder attendance() {
    return AttendanceEvent.newBuilder()
        .setEventId("e-1")
        .setTs(TS)
        .setInstitutionId(INSTITUTION)
        .setRoomId("R1")
        .setPersonId("c-8f3a")
        .setRole(PersonRole.CHILD)
        .setAction(AttendanceAction.ENTER);
  }

  static Institution institution() {
    return Institution.newBuilder()
        .setTs(TS)
        .setInstitutionId(INSTITUTION)
        .setName("天宁区小星星托育园")
        .setRegionCode("320402")
        .setKind(InstitutionKind.CENTER)
        .setLicensedPlaces(60)
        .setOpenTime("07:30")
        .setCloseTime("18:00")
        .setRooms(
            List.of(
                Room.newBuilder()
                    .setRoomId("R1")
                    .setClassType(ClassType.TODDLER_12_24)
                    .setCapacity(15)
                    .build()))
        .build();
  }

  static RuleParameters rules(String scope) {
    return RuleParameters.newBuilder()
        .setTs(TS)
        .setScope(scope)
        .setRules(Map.of("ROOM_UNATTENDED", RuleSetting.newBuilder().setHoldSeconds(20L).build()))
        .build();
  }

  /** record, its topic's type, expected kind, key, eventId. */
  static Stream<Arguments> validRecords() {
    return Stream.of(
        Arguments.of(attendance().build(), EventEnvelope.Kind.ATTENDANCE, INSTITUTION, "e-1"),
        Arguments.of(
            CameraStatus.newBuilder()
                .setEventId("cam-1")
                .setTs(TS)
                .setInstitutionId(INSTITUTION)
                .setCameraId("C1")
                .setStatus(CameraState.ONLINE)
                .setRecording(true)
                .setRetentionDays(90)
                .build(),
            EventEnvelope.Kind.CAMERA,
            INSTITUTION,
            "cam-1"),
        Arguments.of(
            SensorReading.newBuilder()
                .setEventId("sen-1")
                .setTs(TS)
                .setInstitutionId(INSTITUTION)
                .setRoomId("R1")
                .setSensorId("T1")
                .setMetric(SensorMetric.TEMPERATURE_C)
                .setValue(23.4)
                .build(),
            EventEnvelope.Kind.SENSOR,
            INSTITUTION,
            "sen-1"),
        Arguments.of(institution(), EventEnvelope.Kind.INSTITUTION, INSTITUTION, ""),
        Arguments.of(rules("320402"), EventEnvelope.Kind.RULES, "320402", ""),
        // The national default scope is "" — a valid key for rules, unlike an institution id.
        Arguments.of(rules(""), EventEnvelope.Kind.RULES, "", ""));
  }

  @ParameterizedTest(name = "{1} key \"{2}\"")
  @MethodSource("validRecords")
  void kafkaBytesOfEachTypeBecomeAnEnvelopeOfTheirKind(
      SpecificRecord record, EventEnvelope.Kind kind, String key, String eventId) {
    SentinelType type = SentinelType.ofClass(record.getClass()).orElseThrow();
    byte[] bytes = SentinelSerde.encodeAny(record);

    EventEnvelope env = Envelopes.fromKafka(type.topic(), 3, 42L, KAFKA_TS, bytes, type);

    assertThat(env.kind).isEqualTo(kind);
    assertThat(env.key).isEqualTo(key);
    assertThat(env.eventId).isEqualTo(eventId);
    assertThat(env.ts).as("event time, not the Kafka timestamp").isEqualTo(TS.toEpochMilli());
    assertThat(env.isEvent())
        .isEqualTo(kind != EventEnvelope.Kind.INSTITUTION && kind != EventEnvelope.Kind.RULES);
    assertThat(env.record()).isEqualTo(record);
    assertThat(env.rejectReason).isNull();
    assertThat(env.origin()).isEqualTo(type.topic() + "/3@42");
    assertThat(env.sourceFile).isNull();
    assertThat(env.lineNumber).isNull();
  }

  @Test
  void garbageBytesAreRejectedAsUndecodableWithTheirKafkaOrigin() {
    byte[] garbage = "not avro at all".getBytes(StandardCharsets.UTF_8);

    EventEnvelope env =
        Envelopes.fromKafka(
            Topics.ATTENDANCE, 2, 1234L, KAFKA_TS, garbage, SentinelType.ATTENDANCE);

    assertThat(env.kind).isEqualTo(EventEnvelope.Kind.REJECTED);
    assertThat(env.rejectReason).isEqualTo(DeadLetterReasons.UNDECODABLE);
    assertThat(env.rejectDetail).isNotBlank();
    assertThat(env.ts).as("the time Kafka saw it").isEqualTo(KAFKA_TS);
    DeadLetter dl =
        env.toDeadLetter(env.rejectReason, env.rejectDetail, Instant.ofEpochMilli(KAFKA_TS));
    assertThat(dl.getReason()).isEqualTo(DeadLetterReasons.UNDECODABLE);
    assertThat(dl.getSourceTopic()).isEqualTo(Topics.ATTENDANCE);
    assertThat(dl.getSourcePartition()).isEqualTo(2);
    assertThat(dl.getSourceOffset()).isEqualTo(1234L);
    assertThat(dl.getSourceFile()).isNull();
    assertThat(dl.getLineNumber()).isNull();
    assertThat(bytes(dl.getRaw())).isEqualTo(garbage);
  }

  @Test
  void aCorruptBodyBehindAValidHeaderIsUndecodable() {
    byte[] valid = SentinelSerde.encodeAny(attendance().build());
    byte[] truncated = Arrays.copyOf(valid, 14); // header + a few bytes of the body

    EventEnvelope env =
        Envelopes.fromKafka(Topics.ATTENDANCE, 0, 7L, KAFKA_TS, truncated, SentinelType.ATTENDANCE);

    assertThat(env.kind).isEqualTo(EventEnvelope.Kind.REJECTED);
    assertThat(env.rejectReason).isEqualTo(DeadLetterReasons.UNDECODABLE);
    assertThat(env.origin()).isEqualTo(Topics.ATTENDANCE + "/0@7");
  }

  @Test
  void aTombstoneIsRejectedNotThrown() {
    EventEnvelope env =
        Envelopes.fromKafka(Topics.INSTITUTIONS, 0, 9L, KAFKA_TS, null, SentinelType.INSTITUTION);

    assertThat(env.kind).isEqualTo(EventEnvelope.Kind.REJECTED);
    assertThat(env.rejectReason).isEqualTo(DeadLetterReasons.UNDECODABLE);
    assertThat(env.rejectDetail).contains("tombstone");
    assertThat(env.sourceOffset).isEqualTo(9L);
  }

  @Test
  void aRecordOfTheWrongTypeForItsTopicIsRejected() {
    byte[] institutionBytes = SentinelSerde.encodeAny(institution());

    EventEnvelope env =
        Envelopes.fromKafka(
            Topics.ATTENDANCE, 1, 5L, KAFKA_TS, institutionBytes, SentinelType.ATTENDANCE);

    assertThat(env.kind).isEqualTo(EventEnvelope.Kind.REJECTED);
    assertThat(env.rejectReason).isEqualTo(DeadLetterReasons.UNDECODABLE);
    assertThat(env.rejectDetail).contains("Institution").contains("AttendanceEvent");
    assertThat(env.recordType).isEqualTo("institution");
    assertThat(env.payload).isEqualTo(institutionBytes);
    assertThat(env.origin()).isEqualTo(Topics.ATTENDANCE + "/1@5");
  }

  @Test
  void withoutAnExpectedTypeAnyOfOurRecordsIsAccepted() {
    EventEnvelope env =
        Envelopes.fromKafka(
            "some.topic", 0, 1L, KAFKA_TS, SentinelSerde.encodeAny(institution()), null);

    assertThat(env.kind).isEqualTo(EventEnvelope.Kind.INSTITUTION);
  }

  @Test
  void anEnterWithoutARoomIsAnInvalidValue() {
    byte[] bytes = SentinelSerde.encodeAny(attendance().setRoomId(null).build());

    EventEnvelope env =
        Envelopes.fromKafka(Topics.ATTENDANCE, 0, 11L, KAFKA_TS, bytes, SentinelType.ATTENDANCE);

    assertThat(env.kind).isEqualTo(EventEnvelope.Kind.REJECTED);
    assertThat(env.rejectReason).isEqualTo(DeadLetterReasons.INVALID_VALUE);
    assertThat(env.rejectDetail).contains("roomId").contains("ENTER");
    assertThat(env.recordType).isEqualTo("attendance");
    assertThat(env.ts).as("rejected: the time Kafka saw it").isEqualTo(KAFKA_TS);
    assertThat(env.sourceOffset).isEqualTo(11L);
  }

  @Test
  void aBlankRoomIsAsBadAsNone() {
    byte[] bytes =
        SentinelSerde.encodeAny(
            attendance().setAction(AttendanceAction.EXIT).setRoomId(" ").build());

    EventEnvelope env =
        Envelopes.fromKafka(Topics.ATTENDANCE, 0, 12L, KAFKA_TS, bytes, SentinelType.ATTENDANCE);

    assertThat(env.rejectReason).isEqualTo(DeadLetterReasons.INVALID_VALUE);
  }

  @Test
  void aCheckInNeedsNoRoom() {
    byte[] bytes =
        SentinelSerde.encodeAny(
            attendance().setAction(AttendanceAction.CHECK_IN).setRoomId(null).build());

    EventEnvelope env =
        Envelopes.fromKafka(Topics.ATTENDANCE, 0, 13L, KAFKA_TS, bytes, SentinelType.ATTENDANCE);

    assertThat(env.kind).isEqualTo(EventEnvelope.Kind.ATTENDANCE);
  }

  @Test
  void blankIdsAreInvalidValues() {
    EventEnvelope noEventId =
        Envelopes.fromKafka(
            Topics.ATTENDANCE,
            0,
            14L,
            KAFKA_TS,
            SentinelSerde.encodeAny(attendance().setEventId(" ").build()),
            SentinelType.ATTENDANCE);
    EventEnvelope noInstitution =
        Envelopes.fromKafka(
            Topics.ATTENDANCE,
            0,
            15L,
            KAFKA_TS,
            SentinelSerde.encodeAny(attendance().setInstitutionId("").build()),
            SentinelType.ATTENDANCE);

    assertThat(noEventId.rejectReason).isEqualTo(DeadLetterReasons.INVALID_VALUE);
    assertThat(noEventId.rejectDetail).contains("eventId");
    assertThat(noInstitution.rejectReason).isEqualTo(DeadLetterReasons.INVALID_VALUE);
    assertThat(noInstitution.rejectDetail).contains("institutionId");
  }

  @Test
  void theKafkaDeserializerPicksTheExpectedTypeByTopic() throws Exception {
    List<EventEnvelope> out = new java.util.ArrayList<>();
    var collector =
        new org.apache.flink.util.Collector<EventEnvelope>() {
          @Override
          public void collect(EventEnvelope record) {
            out.add(record);
          }

          @Override
          public void close() {}
        };
    KafkaEnvelopeDeserializer deserializer = new KafkaEnvelopeDeserializer();
    byte[] institutionBytes = SentinelSerde.encodeAny(institution());
    deserializer.deserialize(
        new ConsumerRecord<>(Topics.INSTITUTIONS, 0, 1L, INSTITUTION.getBytes(), institutionBytes),
        collector);
    deserializer.deserialize(
        new ConsumerRecord<>(Topics.ATTENDANCE, 0, 2L, INSTITUTION.getBytes(), institutionBytes),
        collector);

    assertThat(out)
        .extracting(e -> e.kind)
        .containsExactly(EventEnvelope.Kind.INSTITUTION, EventEnvelope.Kind.REJECTED);
    assertThat(out.get(1).origin()).isEqualTo(Topics.ATTENDANCE + "/0@2");
  }

  // ---------------------------------------------------------------------------------------------
  // JSON lines

  @Test
  void aValidJsonLineBecomesAnEnvelopeWithItsFileAndLine() {
    String line = CODEC.encode(attendance().build());

    EventEnvelope env = Envelopes.fromJsonLine(CODEC, line, 7, "day.jsonl").orElseThrow();

    assertThat(env.kind).isEqualTo(EventEnvelope.Kind.ATTENDANCE);
    assertThat(env.key).isEqualTo(INSTITUTION);
    assertThat(env.eventId).isEqualTo("e-1");
    assertThat(env.ts).isEqualTo(TS.toEpochMilli());
    assertThat(env.record()).isEqualTo(attendance().build());
    assertThat(env.origin()).isEqualTo("day.jsonl:7");
    assertThat(env.sourceTopic).isNull();
  }

  @Test
  void aBlankLineIsNoRecord() {
    assertThat(Envelopes.fromJsonLine(CODEC, "", 1, "day.jsonl")).isEmpty();
    assertThat(Envelopes.fromJsonLine(CODEC, "   \t", 2, "day.jsonl")).isEmpty();
  }

  @Test
  void aMalformedLineIsRejectedWithItsLineNumberAndText() {
    String line = "{\"type\":\"attendance\",\"ts\":";

    EventEnvelope env = Envelopes.fromJsonLine(CODEC, line, 12, "day.jsonl").orElseThrow();

    assertThat(env.kind).isEqualTo(EventEnvelope.Kind.REJECTED);
    assertThat(env.rejectReason).isEqualTo(DeadLetterReasons.MALFORMED_JSON);
    assertThat(env.ts)
        .as("no event time: it must not move the watermark")
        .isEqualTo(Long.MIN_VALUE);
    DeadLetter dl = env.toDeadLetter(env.rejectReason, env.rejectDetail, TS);
    assertThat(dl.getSourceFile()).isEqualTo("day.jsonl");
    assertThat(dl.getLineNumber()).isEqualTo(12L);
    assertThat(dl.getSourceTopic()).isNull();
    assertThat(new String(bytes(dl.getRaw()), StandardCharsets.UTF_8)).isEqualTo(line);
  }

  @Test
  void anEnterLineWithoutARoomIsAnInvalidValue() {
    String line =
        "{\"type\":\"attendance\",\"ts\":\"2026-11-23T09:00:00+08:00\",\"eventId\":\"e-9\","
            + "\"institutionId\":\"320402-0007\",\"personId\":\"c-1\",\"role\":\"CHILD\",\"action\":\"ENTER\"}";

    EventEnvelope env = Envelopes.fromJsonLine(CODEC, line, 3, "day.jsonl").orElseThrow();

    assertThat(env.kind).isEqualTo(EventEnvelope.Kind.REJECTED);
    assertThat(env.rejectReason).isEqualTo(DeadLetterReasons.INVALID_VALUE);
    assertThat(env.rejectDetail).contains("roomId");
    assertThat(env.recordType).isEqualTo("attendance");
    assertThat(env.lineNumber).isEqualTo(3L);
  }

  static AlertTransition alert() {
    return AlertTransition.newBuilder()
        .setAlertId("86c1e20705aad9a00e35bbe8")
        .setRuleId("ROOM_UNATTENDED")
        .setSeverity(Severity.CRITICAL)
        .setStatus(AlertStatus.OPEN)
        .setInstitutionId(INSTITUTION)
        .setRegionCode("320402")
        .setRoomId("R1")
        .setStartedAt(TS)
        .setOpenedAt(TS.plusSeconds(30))
        .setUpdatedAt(TS.plusSeconds(30))
        .setMessage("托小班 R1：4名幼儿在场，无照护人员")
        .setDetails(Map.of("children", 4L))
        .build();
  }

  @Test
  void anAlertLineIsOutputNotInput() {
    String exported = CODEC.encode(alert()); // the --alerts-out format: no "type"
    String typed = "{\"type\":\"alert\"," + exported.substring(1);

    Optional<EventEnvelope> plain = Envelopes.fromJsonLine(CODEC, exported, 1, "alerts.jsonl");
    EventEnvelope env = Envelopes.fromJsonLine(CODEC, typed, 2, "alerts.jsonl").orElseThrow();

    assertThat(plain).get().extracting(e -> e.kind).isEqualTo(EventEnvelope.Kind.REJECTED);
    assertThat(plain.get().rejectReason).isEqualTo(DeadLetterReasons.UNKNOWN_TYPE);
    assertThat(env.kind).isEqualTo(EventEnvelope.Kind.REJECTED);
    assertThat(env.rejectReason).isEqualTo(DeadLetterReasons.UNKNOWN_TYPE);
    assertThat(env.rejectDetail).contains("output");
    assertThat(env.recordType).isEqualTo("alert");
    assertThat(env.lineNumber).isEqualTo(2L);
    assertThat(new String(env.payload, StandardCharsets.UTF_8)).isEqualTo(typed);
  }

  @Test
  void aDeadLetterLineIsOutputNotInput() {
    DeadLetter dl =
        DeadLetter.newBuilder()
            .setTs(TS)
            .setReason(DeadLetterReasons.LATE)
            .setDetail("late")
            .setRaw(ByteBuffer.wrap(new byte[] {1}))
            .build();

    EventEnvelope env =
        Envelopes.fromJsonLine(CODEC, CODEC.encode(dl), 4, "dl.jsonl").orElseThrow();

    assertThat(env.kind).isEqualTo(EventEnvelope.Kind.REJECTED);
    assertThat(env.rejectReason).isEqualTo(DeadLetterReasons.UNKNOWN_TYPE);
    assertThat(env.recordType).isEqualTo("deadletter");
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] b = new byte[buffer.remaining()];
    buffer.duplicate().get(b);
    return b;
  }
}
