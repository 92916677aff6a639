package cn.tuoyu.sentinel.codec;

import static cn.tuoyu.sentinel.codec.TestData.CLOCK;
import static cn.tuoyu.sentinel.codec.TestData.FILE;
import static cn.tuoyu.sentinel.codec.TestData.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.AttendanceAction;
import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.CameraStatus;
import cn.tuoyu.sentinel.schema.ClassType;
import cn.tuoyu.sentinel.schema.DeadLetter;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.InstitutionKind;
import cn.tuoyu.sentinel.schema.RuleParameters;
import cn.tuoyu.sentinel.schema.SensorMetric;
import cn.tuoyu.sentinel.schema.SensorReading;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Valid lines: decoding the contract's examples, encoding, and round trips for all types. */
class JsonLinesCodecTest {
  private final JsonLinesCodec codec = new JsonLinesCodec(CLOCK);
  private final ObjectMapper json = new ObjectMapper();

  private SpecificRecord record(Decoded d) {
    assertThat(d).isInstanceOf(Decoded.Record.class);
    return ((Decoded.Record) d).record();
  }

  private SpecificRecord decodeOk(String line) {
    Decoded d = codec.decode(line, 1, FILE);
    assertThat(d).as("decoding %s gave %s", line, d).isInstanceOf(Decoded.Record.class);
    return ((Decoded.Record) d).record();
  }

  @Test
  void designInstitutionExampleDecodes() {
    Institution i = (Institution) decodeOk(TestData.INSTITUTION_LINE);
    assertThat(i.getTs()).isEqualTo(Instant.parse("2026-11-22T22:00:00Z"));
    assertThat(i.getName()).isEqualTo("天宁区小星星托育园");
    assertThat(i.getRegionCode()).isEqualTo("320402");
    assertThat(i.getKind()).isEqualTo(InstitutionKind.CENTER);
    assertThat(i.getLicensedPlaces()).isEqualTo(60);
    assertThat(i.getLocation().getLat()).isEqualTo(31.78);
    assertThat(i.getRooms()).hasSize(1);
    assertThat(i.getRooms().get(0).getClassType()).isEqualTo(ClassType.TODDLER_12_24);
    assertThat(i.getRooms().get(0).getCameraIds()).containsExactly("C1", "C2");
    assertThat(i.getStaff().get(0).getCertified()).isTrue();
  }

  @Test
  void designEventExamplesDecode() {
    AttendanceEvent enter = (AttendanceEvent) decodeOk(TestData.ATTENDANCE_LINE);
    assertThat(enter.getAction()).isEqualTo(AttendanceAction.ENTER);
    assertThat(enter.getRoomId()).isEqualTo("R1");

    AttendanceEvent checkIn = (AttendanceEvent) decodeOk(TestData.CHECK_IN_LINE);
    assertThat(checkIn.getRoomId()).isNull();

    CameraStatus camera = (CameraStatus) decodeOk(TestData.CAMERA_LINE);
    assertThat(camera.getRecording()).isTrue();
    assertThat(camera.getRetentionDays()).isEqualTo(90);

    SensorReading sensor = (SensorReading) decodeOk(TestData.SENSOR_LINE);
    assertThat(sensor.getMetric()).isEqualTo(SensorMetric.TEMPERATURE_C);
    assertThat(sensor.getValue()).isEqualTo(23.4);
  }

  @Test
  void designRulesExampleDecodesThresholdsAsDoubles() {
    RuleParameters r = (RuleParameters) decodeOk(TestData.RULES_LINE);
    assertThat(r.getScope()).isEqualTo("320402");
    assertThat(r.getRules().get("ROOM_UNATTENDED").getHoldSeconds()).isEqualTo(20L);
    assertThat(r.getRules().get("ROOM_UNATTENDED").getEnabled()).isNull();
    assertThat(r.getRules().get("ROOM_UNATTENDED").getThresholds()).isEmpty();
    assertThat(r.getRules().get("CO2_HIGH").getThresholds()).containsEntry("maxPpm", 1200.0);
  }

  @Test
  void nationalDefaultScopeIsEmptyString() {
    RuleParameters r =
        (RuleParameters)
            decodeOk(
                "{\"type\":\"rules\",\"ts\":\"2026-01-01T00:00:00Z\",\"scope\":\"\",\"rules\":{}}");
    assertThat(r.getScope()).isEmpty();
    assertThat(r.getRules()).isEmpty();
  }

  @Test
  void designAlertExportExampleDecodesWithDecodeAlert() {
    AlertTransition a =
        (AlertTransition) record(codec.decodeAlert(TestData.ALERT_LINE, 7, "alerts.jsonl"));
    assertThat(a.getRuleId()).isEqualTo("ROOM_UNATTENDED");
    assertThat(a.getCameraId()).isNull();
    assertThat(a.getResolvedAt()).isNull();
    assertThat(a.getSequence()).isZero();
    assertThat(a.getDetails())
        .containsEntry("children", 3L)
        .containsEntry("caregivers", 0L)
        .containsEntry("heldSeconds", 20.5);
  }

  @Test
  void alertWithTypeFieldDecodesThroughDecode() {
    String typed = "{\"type\":\"alert\"," + TestData.ALERT_LINE.substring(1);
    assertThat(decodeOk(typed)).isInstanceOf(AlertTransition.class);
  }

  @Test
  void decodeAlertRejectsALineOfAnotherType() {
    Decoded d = codec.decodeAlert(TestData.SENSOR_LINE, 3, "alerts.jsonl");
    assertThat(d).isInstanceOf(Decoded.Rejected.class);
    DeadLetter dl = ((Decoded.Rejected) d).deadLetter();
    assertThat(dl.getReason()).isEqualTo(DeadLetterReasons.UNKNOWN_TYPE);
    assertThat(dl.getDetail()).contains("sensor").contains("alert");
  }

  @Test
  void unknownFieldsAreIgnoredAtEveryLevel() {
    String line =
        "{\"type\":\"institution\",\"ts\":\"2026-11-23T06:00:00+08:00\",\"institutionId\":\"320402-0007\","
            + "\"name\":\"天宁区小星星托育园\",\"regionCode\":\"320402\",\"kind\":\"CENTER\",\"licensedPlaces\":60,"
            + "\"openTime\":\"07:30\",\"closeTime\":\"18:00\",\"法人\":\"张三\",\"extra\":{\"nested\":[1,2,{}]},"
            + "\"location\":{\"lat\":31.78,\"lon\":119.97,\"alt\":12},"
            + "\"rooms\":[{\"roomId\":\"R1\",\"classType\":\"TODDLER_12_24\",\"capacity\":15,\"floor\":2}],"
            + "\"staff\":[{\"staffId\":\"s-01\",\"role\":\"CAREGIVER\",\"certified\":true,\"phone\":null}]}";
    Institution withExtras = (Institution) decodeOk(line);
    assertThat(withExtras.getRooms().get(0).getCameraIds()).isEmpty();
    assertThat(
            decodeOk(TestData.SENSOR_LINE.replace("}", ",\"firmware\":\"v2.1\",\"battery\":87}")))
        .isEqualTo(decodeOk(TestData.SENSOR_LINE));
  }

  @Test
  void optionalFieldsMayBeAbsentOrNull() {
    String minimal =
        "{\"type\":\"institution\",\"ts\":\"2026-11-23T06:00:00+08:00\",\"institutionId\":\"i\",\"name\":\"家庭托育点\","
            + "\"regionCode\":\"120111\",\"kind\":\"FAMILY\",\"licensedPlaces\":5,\"openTime\":\"08:00\","
            + "\"closeTime\":\"17:30\"}";
    Institution a = (Institution) decodeOk(minimal);
    assertThat(a.getLocation()).isNull();
    assertThat(a.getRooms()).isEmpty();
    assertThat(a.getStaff()).isEmpty();
    Institution b =
        (Institution)
            decodeOk(minimal.replace("}", ",\"location\":null,\"rooms\":null,\"staff\":null}"));
    assertThat(b).isEqualTo(a);
  }

  @Test
  void integralFloatIsAcceptedWhereAnIntegerIsRequired() {
    CameraStatus c = (CameraStatus) decodeOk(TestData.CAMERA_LINE.replace(":90}", ":90.0}"));
    assertThat(c.getRetentionDays()).isEqualTo(90);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2026-11-23T08:01:00+08:00",
        "2026-11-23T00:01:00Z",
        "2026-11-23T00:01:00.000Z",
        "2026-11-23T08:01+08:00",
        "2026-11-22T19:01:00-05:00"
      })
  void timestampsWithOffsetAreAccepted(String ts) {
    AttendanceEvent e =
        (AttendanceEvent)
            decodeOk(TestData.ATTENDANCE_LINE.replace("2026-11-23T08:01:00+08:00", ts));
    assertThat(e.getTs()).isEqualTo(Instant.parse("2026-11-23T00:01:00Z"));
  }

  @Test
  void fractionalSecondsAreKeptToTheMillisecond() {
    AttendanceEvent e =
        (AttendanceEvent)
            decodeOk(
                TestData.ATTENDANCE_LINE.replace(
                    "2026-11-23T08:01:00+08:00", "2026-11-23T08:01:00.123456789+08:00"));
    assertThat(e.getTs()).isEqualTo(Instant.parse("2026-11-23T00:01:00.123Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t", " \t \r", "\uFEFF"})
  void blankLinesAreBlankNotRecordsOrErrors(String line) {
    assertThat(codec.decode(line, 5, FILE)).isEqualTo(new Decoded.Blank());
  }

  @Test
  void leadingByteOrderMarkAndCarriageReturnAreTolerated() {
    assertThat(decodeOk("\uFEFF" + TestData.SENSOR_LINE + "\r"))
        .isEqualTo(decodeOk(TestData.SENSOR_LINE));
  }

  static Stream<SpecificRecord> allTypes() {
    return TestData.allTypes().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("allTypes")
  void everyTypeRoundTrips(SpecificRecord original) {
    String line = codec.encode(original);
    assertThat(line).doesNotContain("\n").doesNotContain("\\u");
    Decoded back =
        original instanceof AlertTransition
            ? codec.decodeAlert(line, 1, FILE)
            : codec.decode(line, 1, FILE);
    assertThat(back).as(line).isInstanceOf(Decoded.Record.class);
    assertThat(((Decoded.Record) back).record()).isEqualTo(original);
    // And the line is stable: encoding the decoded record gives the same text.
    assertThat(codec.encode(((Decoded.Record) back).record())).isEqualTo(line);
  }

  @Test
  void nonUtf8DeadLetterRoundTripsThroughBase64() throws Exception {
    DeadLetter original = TestData.binaryDeadLetter();
    String line = codec.encode(original);
    JsonNode tree = json.readTree(line);
    assertThat(tree.has("raw")).isFalse();
    assertThat(tree.get("rawBase64").asText()).isEqualTo("wwH//gA=");
    assertThat(record(codec.decode(line, 1, FILE))).isEqualTo(original);
  }

  @Test
  void utf8DeadLetterWritesRawAsText() throws Exception {
    JsonNode tree = json.readTree(codec.encode(TestData.deadLetter()));
    assertThat(tree.get("raw").asText()).isEqualTo("{\"type\":\"attendance\",\"role\":\"家长\"}");
    assertThat(tree.has("rawBase64")).isFalse();
    assertThat(tree.get("sourceTopic").isNull()).isTrue();
  }

  @Test
  void encodingDoesNotMoveTheDeadLetterBufferPosition() {
    DeadLetter dl = TestData.deadLetter();
    int before = dl.getRaw().position();
    codec.encode(dl);
    codec.encode(dl);
    assertThat(dl.getRaw().position()).isEqualTo(before);
  }

  @Test
  void inputTypesWriteTypeFirstThenSchemaOrderAndOmitNulls() throws Exception {
    AttendanceEvent checkIn = TestData.attendance();
    checkIn.setRoomId(null);
    checkIn.setAction(AttendanceAction.CHECK_IN);
    String line = codec.encode(checkIn);
    assertThat(fieldNames(line))
        .containsExactly("type", "eventId", "ts", "institutionId", "personId", "role", "action");
    assertThat(line).doesNotContain("null");

    CameraStatus heartbeat = TestData.camera();
    heartbeat.setRecording(null);
    heartbeat.setRetentionDays(null);
    assertThat(fieldNames(codec.encode(heartbeat)))
        .containsExactly("type", "eventId", "ts", "institutionId", "cameraId", "status");
  }

  @Test
  void alertExportHasDesignFieldOrderNoTypeAndExplicitNulls() throws Exception {
    AlertTransition open = TestData.alert();
    open.setAcknowledgedBy(null);
    open.setAcknowledgedAt(null);
    open.setAckComment(null);
    open.setLocation(null);
    String line = codec.encode(open);
    assertThat(fieldNames(line))
        .containsExactly(
            "alertId",
            "ruleId",
            "severity",
            "status",
            "institutionId",
            "regionCode",
            "roomId",
            "cameraId",
            "sensorId",
            "personId",
            "startedAt",
            "openedAt",
            "updatedAt",
            "resolvedAt",
            "message",
            "details",
            "sequence",
            "institutionName",
            "location",
            "acknowledgedBy",
            "acknowledgedAt",
            "ackComment");
    JsonNode tree = json.readTree(line);
    for (String f :
        List.of("cameraId", "sensorId", "personId", "resolvedAt", "location", "acknowledgedBy")) {
      assertThat(tree.get(f).isNull()).as(f).isTrue();
    }
  }

  @Test
  void deadLetterFieldOrder() throws Exception {
    assertThat(fieldNames(codec.encode(TestData.deadLetter())))
        .containsExactly(
            "type",
            "ts",
            "reason",
            "detail",
            "recordType",
            "sourceFile",
            "lineNumber",
            "sourceTopic",
            "sourcePartition",
            "sourceOffset",
            "raw");
  }

  @Test
  void detailsKeepTheirJsonTypes() throws Exception {
    JsonNode details = json.readTree(codec.encode(TestData.alert())).get("details");
    assertThat(details.get("children").isIntegralNumber()).isTrue();
    assertThat(details.get("ratio").isFloatingPointNumber()).isTrue();
    assertThat(details.get("ratio").asDouble()).isEqualTo(3.0);
    assertThat(details.get("roomName").isTextual()).isTrue();
    assertThat(details.get("certified").isBoolean()).isTrue();
    assertThat(details.get("lastCaregiver").isNull()).isTrue();
  }

  @Test
  void nonFiniteDetailIsWrittenAsNullInsteadOfFailingTheExport() throws Exception {
    AlertTransition a = TestData.alert();
    Map<String, Object> details = new LinkedHashMap<>(a.getDetails());
    details.put("avg", Double.NaN);
    a.setDetails(details);
    assertThat(json.readTree(codec.encode(a)).get("details").get("avg").isNull()).isTrue();
  }

  @Test
  void chineseIsWrittenAsUtf8CharactersNotEscapes() {
    String line = codec.encode(TestData.institution());
    assertThat(line).contains("\"name\":\"天宁区小星星托育园\"").doesNotContain("\\u");
  }

  @Test
  void timestampsAreWrittenInChinaTimeWithSecondOrMillisecondPrecision() {
    AttendanceEvent e = TestData.attendance();
    e.setTs(Instant.parse("2026-11-23T00:01:00Z"));
    assertThat(codec.encode(e)).contains("\"ts\":\"2026-11-23T08:01:00+08:00\"");
    e.setTs(Instant.parse("2026-11-23T00:01:00.120Z"));
    assertThat(codec.encode(e)).contains("\"ts\":\"2026-11-23T08:01:00.120+08:00\"");
    e.setTs(Instant.parse("2026-11-23T00:01:00.000999Z"));
    assertThat(codec.encode(e)).contains("\"ts\":\"2026-11-23T08:01:00+08:00\"");
  }

  @Test
  void integralThresholdsAreWrittenAsIntegers() {
    assertThat(codec.encode(TestData.rules()))
        .contains("\"maxPpm\":1200")
        .doesNotContain("1200.0")
        .contains("\"minMinutes\":2.5")
        .contains("\"holdSeconds\":20,\"severity\":\"CRITICAL\"");
  }

  @Test
  void encodeRejectsWhatJsonCannotCarry() {
    SensorReading s = TestData.sensor();
    s.setValue(Double.POSITIVE_INFINITY);
    assertThatThrownBy(() -> codec.encode(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value");
    AttendanceEvent e = TestData.attendance();
    e.setPersonId(null);
    assertThatThrownBy(() -> codec.encode(e))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("personId");
    assertThatThrownBy(() -> codec.encode(new cn.tuoyu.sentinel.schema.GeoPoint(1.0, 2.0)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /**
   * Guards schema evolution: a field added to an .avsc must also be added to the JSON codec, or
   * this fails (the round-trip test alone would not notice a new field left at its default).
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("allTypes")
  void encodingCoversEverySchemaField(SpecificRecord r) throws Exception {
    List<String> expected = new ArrayList<>();
    for (Schema.Field f : r.getSchema().getFields()) {
      expected.add(f.name());
    }
    List<String> actual = fieldNames(codec.encode(r));
    if (r instanceof DeadLetter) {
      actual.replaceAll(n -> n.equals("rawBase64") ? "raw" : n);
    }
    actual.remove("type");
    assertThat(actual).containsExactlyElementsOf(expected);
  }

  @Test
  void codecIsSerializable() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(codec);
    }
    JsonLinesCodec copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (JsonLinesCodec) in.readObject();
    }
    assertThat(copy.decode(TestData.SENSOR_LINE, 1, FILE))
        .isEqualTo(codec.decode(TestData.SENSOR_LINE, 1, FILE));
    Decoded.Rejected r = (Decoded.Rejected) copy.decode("{", 1, FILE);
    assertThat(r.deadLetter().getTs()).isEqualTo(TestData.NOW);
  }

  @Test
  void oneInstanceIsSafeToShareAcrossThreads() throws Exception {
    List<String> lines = new ArrayList<>(TestData.EXAMPLE_LINES);
    List<SpecificRecord> expected = new ArrayList<>();
    for (String l : lines) {
      expected.add(decodeOk(l));
    }
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < 8; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  for (int i = 0; i < 500; i++) {
                    int k = i % lines.size();
                    SpecificRecord r =
                        ((Decoded.Record) codec.decode(lines.get(k), i, FILE)).record();
                    assertThat(r).isEqualTo(expected.get(k));
                    assertThat(codec.encode(r)).isEqualTo(codec.encode(expected.get(k)));
                  }
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join();
    }
    assertThat(failures).isEmpty();
  }

  @Test
  void decodedTimestampsAreInstants() {
    assertThat(((AttendanceEvent) decodeOk(TestData.ATTENDANCE_LINE)).getTs())
        .isEqualTo(at("2026-11-23T08:01:00+08:00"));
  }

  private List<String> fieldNames(String line) throws Exception {
    List<String> names = new ArrayList<>();
    json.readTree(line).fieldNames().forEachRemaining(names::add);
    return names;
  }
}
