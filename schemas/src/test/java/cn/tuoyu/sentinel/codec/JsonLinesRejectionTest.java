package cn.tuoyu.sentinel.codec;

import static cn.tuoyu.sentinel.codec.DeadLetterReasons.INVALID_TIMESTAMP;
import static cn.tuoyu.sentinel.codec.DeadLetterReasons.INVALID_VALUE;
import static cn.tuoyu.sentinel.codec.DeadLetterReasons.MALFORMED_JSON;
import static cn.tuoyu.sentinel.codec.DeadLetterReasons.MISSING_FIELD;
import static cn.tuoyu.sentinel.codec.DeadLetterReasons.NOT_AN_OBJECT;
import static cn.tuoyu.sentinel.codec.DeadLetterReasons.UNKNOWN_ENUM;
import static cn.tuoyu.sentinel.codec.DeadLetterReasons.UNKNOWN_TYPE;
import static cn.tuoyu.sentinel.codec.DeadLetterReasons.WRONG_TYPE;
import static cn.tuoyu.sentinel.codec.TestData.ALERT_LINE;
import static cn.tuoyu.sentinel.codec.TestData.ATTENDANCE_LINE;
import static cn.tuoyu.sentinel.codec.TestData.CAMERA_LINE;
import static cn.tuoyu.sentinel.codec.TestData.CHECK_IN_LINE;
import static cn.tuoyu.sentinel.codec.TestData.FILE;
import static cn.tuoyu.sentinel.codec.TestData.INSTITUTION_LINE;
import static cn.tuoyu.sentinel.codec.TestData.RULES_LINE;
import static cn.tuoyu.sentinel.codec.TestData.SENSOR_LINE;
import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.schema.DeadLetter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of bad line becomes a dead letter with the right reason, a detail naming the field and
 * value, the line number, the source file and the raw text.
 */
class JsonLinesRejectionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long LINE_NUMBER = 17;

  private final JsonLinesCodec codec = new JsonLinesCodec(TestData.CLOCK);

  /**
   * One bad line.
   *
   * @param name test display name
   * @param line the line
   * @param reason expected reason code
   * @param mentions text the detail must contain: the field path and/or the offending value
   * @param recordType expected recordType of the dead letter (null if the type is not known)
   */
  record Case(String name, String line, String reason, List<String> mentions, String recordType) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static Case c(
      String name, String line, String reason, String recordType, String... mentions) {
    return new Case(name, line, reason, List.of(mentions), recordType);
  }

  static Stream<Case> syntaxCases() {
    return Stream.of(
        c(
            "truncated JSON",
            "{\"type\":\"attendance\",\"ts\":",
            MALFORMED_JSON,
            null,
            "not valid JSON"),
        c(
            "not JSON at all",
            "type=attendance ts=2026-11-23",
            MALFORMED_JSON,
            null,
            "not valid JSON"),
        c("single quotes", "{'type':'sensor'}", MALFORMED_JSON, null, "not valid JSON"),
        c("trailing garbage", ATTENDANCE_LINE + " xyz", MALFORMED_JSON, null, "trailing"),
        c(
            "two objects on one line",
            ATTENDANCE_LINE + ATTENDANCE_LINE,
            MALFORMED_JSON,
            null,
            "trailing"),
        c("trailing comma", ATTENDANCE_LINE + ",", MALFORMED_JSON, null, "trailing"),
        c(
            "duplicate key",
            ATTENDANCE_LINE.replace(
                "\"role\":\"CHILD\"", "\"role\":\"CHILD\",\"role\":\"CAREGIVER\""),
            MALFORMED_JSON,
            null,
            "role"),
        c("array instead of object", "[" + ATTENDANCE_LINE + "]", NOT_AN_OBJECT, null, "array"),
        c("string instead of object", "\"attendance\"", NOT_AN_OBJECT, null, "string"),
        c("number instead of object", "42", NOT_AN_OBJECT, null, "number"),
        c("null instead of object", "null", NOT_AN_OBJECT, null, "null"),
        c(
            "missing type",
            without(ATTENDANCE_LINE, "type"),
            UNKNOWN_TYPE,
            null,
            "type",
            "attendance, camera"),
        c("null type", with(ATTENDANCE_LINE, "type", "null"), UNKNOWN_TYPE, null, "type"),
        c("numeric type", with(ATTENDANCE_LINE, "type", "3"), UNKNOWN_TYPE, null, "type", "3"),
        c(
            "unknown type",
            with(ATTENDANCE_LINE, "type", "\"attendence\""),
            UNKNOWN_TYPE,
            null,
            "type",
            "attendence"),
        c(
            "type in wrong case",
            with(ATTENDANCE_LINE, "type", "\"Attendance\""),
            UNKNOWN_TYPE,
            null,
            "Attendance"));
  }

  static Stream<Case> missingFieldCases() {
    List<Case> cases = new ArrayList<>();
    for (String f : List.of("ts", "eventId", "institutionId", "personId", "role", "action")) {
      cases.add(
          c(
              "attendance without " + f,
              without(ATTENDANCE_LINE, f),
              MISSING_FIELD,
              "attendance",
              f));
      cases.add(
          c(
              "attendance with null " + f,
              with(ATTENDANCE_LINE, f, "null"),
              MISSING_FIELD,
              "attendance",
              f,
              "null"));
    }
    for (String f :
        List.of(
            "ts",
            "institutionId",
            "name",
            "regionCode",
            "kind",
            "licensedPlaces",
            "openTime",
            "closeTime")) {
      cases.add(
          c(
              "institution without " + f,
              without(INSTITUTION_LINE, f),
              MISSING_FIELD,
              "institution",
              f));
    }
    for (String f :
        List.of(
            "rooms[0].roomId",
            "rooms[0].classType",
            "rooms[0].capacity",
            "staff[0].staffId",
            "staff[0].role",
            "staff[0].certified",
            "location.lat",
            "location.lon")) {
      cases.add(
          c(
              "institution without " + f,
              without(INSTITUTION_LINE, f),
              MISSING_FIELD,
              "institution",
              f));
    }
    for (String f : List.of("ts", "eventId", "institutionId", "cameraId", "status")) {
      cases.add(c("camera without " + f, without(CAMERA_LINE, f), MISSING_FIELD, "camera", f));
    }
    for (String f : List.of("ts", "eventId", "institutionId", "sensorId", "metric", "value")) {
      cases.add(c("sensor without " + f, without(SENSOR_LINE, f), MISSING_FIELD, "sensor", f));
    }
    for (String f : List.of("ts", "scope", "rules")) {
      cases.add(c("rules without " + f, without(RULES_LINE, f), MISSING_FIELD, "rules", f));
    }
    cases.add(
        c(
            "rule set to null",
            with(RULES_LINE, "rules.CO2_HIGH", "null"),
            MISSING_FIELD,
            "rules",
            "rules.CO2_HIGH"));
    String alert = "{\"type\":\"alert\"," + ALERT_LINE.substring(1);
    for (String f :
        List.of(
            "alertId",
            "ruleId",
            "severity",
            "status",
            "startedAt",
            "openedAt",
            "updatedAt",
            "message")) {
      cases.add(c("alert without " + f, without(alert, f), MISSING_FIELD, "alert", f));
    }
    return cases.stream();
  }

  static Stream<Case> wrongTypeCases() {
    return Stream.of(
        c(
            "number as string",
            with(INSTITUTION_LINE, "licensedPlaces", "\"60\""),
            WRONG_TYPE,
            "institution",
            "licensedPlaces",
            "\"60\""),
        c(
            "fraction for int",
            with(CAMERA_LINE, "retentionDays", "90.5"),
            WRONG_TYPE,
            "camera",
            "retentionDays",
            "90.5"),
        c(
            "fraction for nested int",
            with(INSTITUTION_LINE, "rooms[0].capacity", "15.5"),
            WRONG_TYPE,
            "institution",
            "rooms[0].capacity",
            "15.5"),
        c(
            "string for double",
            with(SENSOR_LINE, "value", "\"23.4\""),
            WRONG_TYPE,
            "sensor",
            "value",
            "\"23.4\""),
        c(
            "string for boolean",
            with(CAMERA_LINE, "recording", "\"true\""),
            WRONG_TYPE,
            "camera",
            "recording",
            "\"true\""),
        c(
            "number for boolean",
            with(INSTITUTION_LINE, "staff[0].certified", "1"),
            WRONG_TYPE,
            "institution",
            "staff[0].certified",
            "1"),
        c(
            "number for string id",
            with(ATTENDANCE_LINE, "eventId", "12345"),
            WRONG_TYPE,
            "attendance",
            "eventId",
            "12345"),
        c(
            "number for region code",
            with(INSTITUTION_LINE, "regionCode", "320402"),
            WRONG_TYPE,
            "institution",
            "regionCode",
            "320402"),
        c(
            "number for enum",
            with(ATTENDANCE_LINE, "role", "0"),
            WRONG_TYPE,
            "attendance",
            "role",
            "0"),
        c(
            "epoch millis for timestamp",
            with(ATTENDANCE_LINE, "ts", "1795392060000"),
            WRONG_TYPE,
            "attendance",
            "ts",
            "1795392060000"),
        c(
            "object for array",
            with(INSTITUTION_LINE, "rooms", "{\"R1\":{}}"),
            WRONG_TYPE,
            "institution",
            "rooms",
            "array"),
        c(
            "string for room",
            with(INSTITUTION_LINE, "rooms[0]", "\"R1\""),
            WRONG_TYPE,
            "institution",
            "rooms[0]",
            "\"R1\""),
        c(
            "string for camera list",
            with(INSTITUTION_LINE, "rooms[0].cameraIds", "\"C1,C2\""),
            WRONG_TYPE,
            "institution",
            "rooms[0].cameraIds",
            "C1,C2"),
        c(
            "number in camera list",
            with(INSTITUTION_LINE, "rooms[0].cameraIds[1]", "2"),
            WRONG_TYPE,
            "institution",
            "rooms[0].cameraIds[1]"),
        c(
            "array for location",
            with(INSTITUTION_LINE, "location", "[31.78,119.97]"),
            WRONG_TYPE,
            "institution",
            "location",
            "array"),
        c(
            "string for latitude",
            with(INSTITUTION_LINE, "location.lat", "\"31.78\""),
            WRONG_TYPE,
            "institution",
            "location.lat"),
        c(
            "array for rules",
            with(RULES_LINE, "rules", "[]"),
            WRONG_TYPE,
            "rules",
            "rules",
            "array"),
        c(
            "number for a rule",
            with(RULES_LINE, "rules.CO2_HIGH", "1200"),
            WRONG_TYPE,
            "rules",
            "rules.CO2_HIGH",
            "1200"),
        c(
            "string threshold",
            with(RULES_LINE, "rules.CO2_HIGH.maxPpm", "\"1200\""),
            WRONG_TYPE,
            "rules",
            "rules.CO2_HIGH.maxPpm",
            "\"1200\""),
        c(
            "nested thresholds object",
            with(RULES_LINE, "rules.CO2_HIGH.thresholds", "{\"maxPpm\":1}"),
            WRONG_TYPE,
            "rules",
            "rules.CO2_HIGH.thresholds"),
        c(
            "string holdSeconds",
            with(RULES_LINE, "rules.ROOM_UNATTENDED.holdSeconds", "\"20\""),
            WRONG_TYPE,
            "rules",
            "rules.ROOM_UNATTENDED.holdSeconds"),
        c(
            "string enabled",
            with(RULES_LINE, "rules.ROOM_UNATTENDED.enabled", "\"yes\""),
            WRONG_TYPE,
            "rules",
            "rules.ROOM_UNATTENDED.enabled",
            "yes"),
        c("number for scope", with(RULES_LINE, "scope", "320402"), WRONG_TYPE, "rules", "scope"),
        c(
            "object in alert details",
            "{\"type\":\"alert\"," + with(ALERT_LINE, "details.children", "{\"n\":3}").substring(1),
            WRONG_TYPE,
            "alert",
            "details.children"));
  }

  static Stream<Case> timestampCases() {
    return Stream.of(
        c(
            "space instead of T",
            with(ATTENDANCE_LINE, "ts", "\"2026-11-23 08:00\""),
            INVALID_TIMESTAMP,
            "attendance",
            "ts",
            "2026-11-23 08:00",
            "ISO-8601"),
        c(
            "prose",
            with(ATTENDANCE_LINE, "ts", "\"yesterday\""),
            INVALID_TIMESTAMP,
            "attendance",
            "ts",
            "yesterday"),
        c(
            "local time without offset",
            with(ATTENDANCE_LINE, "ts", "\"2026-11-23T08:00:00\""),
            INVALID_TIMESTAMP,
            "attendance",
            "ts",
            "no UTC offset",
            "+08:00"),
        c(
            "date only",
            with(SENSOR_LINE, "ts", "\"2026-11-23\""),
            INVALID_TIMESTAMP,
            "sensor",
            "ts",
            "2026-11-23"),
        c(
            "impossible date",
            with(CAMERA_LINE, "ts", "\"2026-02-30T08:00:00+08:00\""),
            INVALID_TIMESTAMP,
            "camera",
            "ts",
            "2026-02-30"),
        c(
            "offset without colon",
            with(CAMERA_LINE, "ts", "\"2026-11-23T08:00:00+0800\""),
            INVALID_TIMESTAMP,
            "camera",
            "ts",
            "+0800"),
        c(
            "alert resolvedAt",
            "{\"type\":\"alert\"," + with(ALERT_LINE, "resolvedAt", "\"soon\"").substring(1),
            INVALID_TIMESTAMP,
            "alert",
            "resolvedAt",
            "soon"));
  }

  static Stream<Case> enumCases() {
    return Stream.of(
        c(
            "unknown role",
            with(ATTENDANCE_LINE, "role", "\"PARENT\""),
            UNKNOWN_ENUM,
            "attendance",
            "role",
            "PARENT",
            "CHILD, CAREGIVER, TEACHER"),
        c(
            "unknown action",
            with(ATTENDANCE_LINE, "action", "\"LEAVE\""),
            UNKNOWN_ENUM,
            "attendance",
            "action",
            "LEAVE",
            "CHECK_IN, CHECK_OUT, ENTER, EXIT"),
        c(
            "lowercase kind",
            with(INSTITUTION_LINE, "kind", "\"center\""),
            UNKNOWN_ENUM,
            "institution",
            "kind",
            "center",
            "CENTER, FAMILY"),
        c(
            "unknown class type",
            with(INSTITUTION_LINE, "rooms[0].classType", "\"NURSERY\""),
            UNKNOWN_ENUM,
            "institution",
            "rooms[0].classType",
            "NURSERY",
            "INFANT_6_12"),
        c(
            "unknown staff role",
            with(INSTITUTION_LINE, "staff[0].role", "\"COOK\""),
            UNKNOWN_ENUM,
            "institution",
            "staff[0].role",
            "COOK"),
        c(
            "unknown camera status",
            with(CAMERA_LINE, "status", "\"BROKEN\""),
            UNKNOWN_ENUM,
            "camera",
            "status",
            "ONLINE, OFFLINE"),
        c(
            "unknown metric",
            with(SENSOR_LINE, "metric", "\"PM25\""),
            UNKNOWN_ENUM,
            "sensor",
            "metric",
            "PM25",
            "CO2_PPM"),
        c(
            "unknown severity",
            with(RULES_LINE, "rules.CO2_HIGH.severity", "\"RED\""),
            UNKNOWN_ENUM,
            "rules",
            "rules.CO2_HIGH.severity",
            "RED",
            "CRITICAL, MAJOR, MINOR"));
  }

  static Stream<Case> invalidValueCases() {
    return Stream.of(
        c(
            "5-digit region code",
            with(INSTITUTION_LINE, "regionCode", "\"32040\""),
            INVALID_VALUE,
            "institution",
            "regionCode",
            "32040",
            "6-digit"),
        c(
            "region code with letter",
            with(INSTITUTION_LINE, "regionCode", "\"32040a\""),
            INVALID_VALUE,
            "institution",
            "regionCode",
            "32040a"),
        c(
            "open time without leading zero",
            with(INSTITUTION_LINE, "openTime", "\"7:30\""),
            INVALID_VALUE,
            "institution",
            "openTime",
            "7:30",
            "HH:mm"),
        c(
            "close time 25:00",
            with(INSTITUTION_LINE, "closeTime", "\"25:00\""),
            INVALID_VALUE,
            "institution",
            "closeTime",
            "25:00"),
        c(
            "close time with seconds",
            with(INSTITUTION_LINE, "closeTime", "\"18:00:00\""),
            INVALID_VALUE,
            "institution",
            "closeTime",
            "18:00:00"),
        c(
            "negative licensed places",
            with(INSTITUTION_LINE, "licensedPlaces", "-1"),
            INVALID_VALUE,
            "institution",
            "licensedPlaces",
            "-1"),
        c(
            "licensed places beyond int",
            with(INSTITUTION_LINE, "licensedPlaces", "3000000000"),
            INVALID_VALUE,
            "institution",
            "licensedPlaces",
            "3000000000"),
        c(
            "negative room capacity",
            with(INSTITUTION_LINE, "rooms[0].capacity", "-3"),
            INVALID_VALUE,
            "institution",
            "rooms[0].capacity",
            "-3"),
        c(
            "negative retention",
            with(CAMERA_LINE, "retentionDays", "-90"),
            INVALID_VALUE,
            "camera",
            "retentionDays",
            "-90"),
        c(
            "latitude above 90",
            with(INSTITUTION_LINE, "location.lat", "91.5"),
            INVALID_VALUE,
            "institution",
            "location.lat",
            "91.5"),
        c(
            "longitude below -180",
            with(INSTITUTION_LINE, "location.lon", "-180.5"),
            INVALID_VALUE,
            "institution",
            "location.lon",
            "-180.5"),
        c(
            "ENTER without room",
            without(ATTENDANCE_LINE, "roomId"),
            INVALID_VALUE,
            "attendance",
            "roomId",
            "ENTER"),
        c(
            "EXIT with null room",
            with(with(ATTENDANCE_LINE, "action", "\"EXIT\""), "roomId", "null"),
            INVALID_VALUE,
            "attendance",
            "roomId",
            "EXIT"),
        c(
            "blank room id",
            with(CHECK_IN_LINE, "roomId", "\"  \""),
            INVALID_VALUE,
            "attendance",
            "roomId",
            "blank"),
        c(
            "empty institution id",
            with(SENSOR_LINE, "institutionId", "\"\""),
            INVALID_VALUE,
            "sensor",
            "institutionId",
            "empty"),
        c(
            "empty camera id in list",
            with(INSTITUTION_LINE, "rooms[0].cameraIds[0]", "\"\""),
            INVALID_VALUE,
            "institution",
            "rooms[0].cameraIds[0]"),
        c(
            "scope with dash",
            with(RULES_LINE, "scope", "\"32-04\""),
            INVALID_VALUE,
            "rules",
            "scope",
            "32-04"),
        c(
            "scope with letters",
            with(RULES_LINE, "scope", "\"jiangsu\""),
            INVALID_VALUE,
            "rules",
            "scope",
            "jiangsu"),
        c(
            "scope longer than a region code",
            with(RULES_LINE, "scope", "\"3204020007\""),
            INVALID_VALUE,
            "rules",
            "scope",
            "3204020007"),
        c(
            "lowercase rule id",
            RULES_LINE.replace("CO2_HIGH", "co2_high"),
            INVALID_VALUE,
            "rules",
            "rules.co2_high",
            "^[A-Z][A-Z0-9_]*$"),
        c(
            "rule id with dash",
            RULES_LINE.replace("CO2_HIGH", "CO2-HIGH"),
            INVALID_VALUE,
            "rules",
            "CO2-HIGH"),
        c(
            "negative hold",
            with(RULES_LINE, "rules.ROOM_UNATTENDED.holdSeconds", "-5"),
            INVALID_VALUE,
            "rules",
            "rules.ROOM_UNATTENDED.holdSeconds",
            "-5"),
        c("NaN value", SENSOR_LINE.replace("23.4", "NaN"), INVALID_VALUE, "sensor", "value", "NaN"),
        c(
            "infinite value",
            SENSOR_LINE.replace("23.4", "-Infinity"),
            INVALID_VALUE,
            "sensor",
            "value",
            "Infinity"),
        c(
            "overflowing value",
            SENSOR_LINE.replace("23.4", "1e400"),
            INVALID_VALUE,
            "sensor",
            "value",
            "finite"),
        c(
            "NaN threshold",
            RULES_LINE.replace("1200", "NaN"),
            INVALID_VALUE,
            "rules",
            "rules.CO2_HIGH.maxPpm",
            "NaN"),
        c(
            "both raw forms in a dead letter",
            "{\"type\":\"deadletter\",\"ts\":\"2026-11-23T08:00:00+08:00\",\"reason\":\"LATE\",\"detail\":\"x\",\"raw\":\"a\",\"rawBase64\":\"YQ==\"}",
            INVALID_VALUE,
            "deadletter",
            "raw",
            "rawBase64"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource({
    "syntaxCases",
    "missingFieldCases",
    "wrongTypeCases",
    "timestampCases",
    "enumCases",
    "invalidValueCases"
  })
  void badLineBecomesADeadLetter(Case bad) {
    Decoded decoded = codec.decode(bad.line(), LINE_NUMBER, FILE);

    assertThat(decoded).as(bad.line()).isInstanceOf(Decoded.Rejected.class);
    DeadLetter dl = ((Decoded.Rejected) decoded).deadLetter();
    assertThat(dl.getReason()).as(dl.getDetail()).isEqualTo(bad.reason());
    for (String m : bad.mentions()) {
      assertThat(dl.getDetail()).contains(m);
    }
    assertThat(dl.getDetail()).doesNotContain("\n");
    assertThat(dl.getRecordType()).isEqualTo(bad.recordType());
    assertThat(dl.getLineNumber()).isEqualTo(LINE_NUMBER);
    assertThat(dl.getSourceFile()).isEqualTo(FILE);
    assertThat(StandardCharsets.UTF_8.decode(dl.getRaw().duplicate()).toString())
        .isEqualTo(bad.line());
    assertThat(dl.getTs()).isEqualTo(TestData.NOW);
    assertThat(dl.getSourceTopic()).isNull();
  }

  @Test
  void detailNamesTheFieldAtTheFrontForMissingFields() {
    DeadLetter dl = reject(without(INSTITUTION_LINE, "rooms[0].capacity"));
    assertThat(dl.getDetail()).isEqualTo("field rooms[0].capacity is missing (required)");
  }

  @Test
  void detailForUnknownEnumListsEveryAllowedValue() {
    DeadLetter dl = reject(with(ATTENDANCE_LINE, "role", "\"家长\""));
    assertThat(dl.getDetail())
        .isEqualTo(
            "field role has unknown value \"家长\"; allowed: CHILD, CAREGIVER, TEACHER, HEALTH,"
                + " OTHER_STAFF, VISITOR, GUARDIAN");
  }

  @Test
  void secondRoomIsNamedByIndex() {
    String twoRooms =
        with(
            INSTITUTION_LINE,
            "rooms",
            "[{\"roomId\":\"R1\",\"classType\":\"TODDLER_12_24\",\"capacity\":15},"
                + "{\"roomId\":\"R2\",\"classType\":\"INFANT_6_12\",\"capacity\":\"ten\"}]");
    DeadLetter dl = reject(twoRooms);
    assertThat(dl.getReason()).isEqualTo(WRONG_TYPE);
    assertThat(dl.getDetail()).contains("rooms[1].capacity").contains("\"ten\"");
  }

  @Test
  void longOffendingValuesAreShortenedInTheDetail() {
    String huge = "x".repeat(5000);
    DeadLetter dl = reject(with(ATTENDANCE_LINE, "role", "\"" + huge + "\""));
    assertThat(dl.getDetail().length()).isLessThan(400);
    assertThat(dl.getDetail()).contains("5000 chars");
  }

  @Test
  void controlCharactersInValuesDoNotBreakTheDetailLine() {
    DeadLetter dl = reject(with(ATTENDANCE_LINE, "role", "\"CHILD\\nCAREGIVER\""));
    assertThat(dl.getDetail()).contains("CHILD\\u000aCAREGIVER").doesNotContain("\n");
  }

  @Test
  void nullLineIsAnInternalErrorNotAnException() {
    Decoded d = codec.decode(null, 3, FILE);
    assertThat(d).isInstanceOf(Decoded.Rejected.class);
    DeadLetter dl = ((Decoded.Rejected) d).deadLetter();
    assertThat(dl.getReason()).isEqualTo(DeadLetterReasons.INTERNAL_ERROR);
    assertThat(dl.getRaw().remaining()).isZero();
  }

  @Test
  void sourceFileMayBeUnknown() {
    Decoded d = codec.decode("{", 1, null);
    assertThat(((Decoded.Rejected) d).deadLetter().getSourceFile()).isNull();
  }

  @Test
  void excessiveNestingIsMalformedNotAStackOverflow() {
    String deep = "{\"type\":\"sensor\",\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";
    DeadLetter dl = reject(deep);
    assertThat(dl.getReason()).isEqualTo(MALFORMED_JSON);
  }

  @Test
  void deadLettersOfRejectedLinesAreThemselvesSerializable() {
    DeadLetter dl = reject(with(ATTENDANCE_LINE, "role", "\"PARENT\""));
    byte[] bytes = AvroSerde.forClass(DeadLetter.class).serialize(dl);
    assertThat(AvroSerde.forClass(DeadLetter.class).deserialize(bytes)).isEqualTo(dl);
    assertThat(codec.decode(codec.encode(dl), 1, FILE)).isEqualTo(new Decoded.Record(dl));
  }

  private DeadLetter reject(String line) {
    Decoded d = codec.decode(line, LINE_NUMBER, FILE);
    assertThat(d).as(line).isInstanceOf(Decoded.Rejected.class);
    return ((Decoded.Rejected) d).deadLetter();
  }

  // ---- building bad lines from good ones ----

  /** {@code line} with the field at {@code path} (e.g. {@code rooms[0].capacity}) removed. */
  static String without(String line, String path) {
    return edit(line, path, null);
  }

  /** {@code line} with the field at {@code path} set to the JSON value {@code json}. */
  static String with(String line, String path, String json) {
    try {
      return edit(line, path, JSON.readTree(json));
    } catch (Exception e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  private static String edit(String line, String path, JsonNode value) {
    try {
      JsonNode root = JSON.readTree(line);
      String[] steps = path.split("\\.");
      JsonNode parent = root;
      for (int i = 0; i < steps.length - 1; i++) {
        parent = step(parent, steps[i]);
      }
      String last = steps[steps.length - 1];
      int bracket = last.indexOf('[');
      if (bracket >= 0) {
        JsonNode container = parent.get(last.substring(0, bracket));
        int index = Integer.parseInt(last.substring(bracket + 1, last.length() - 1));
        if (value == null) {
          ((ArrayNode) container).remove(index);
        } else {
          ((ArrayNode) container).set(index, value);
        }
      } else if (value == null) {
        ((ObjectNode) parent).remove(last);
      } else {
        ((ObjectNode) parent).set(last, value);
      }
      return JSON.writeValueAsString(root);
    } catch (Exception e) {
      throw new IllegalArgumentException(path + " in " + line, e);
    }
  }

  private static JsonNode step(JsonNode node, String step) {
    int bracket = step.indexOf('[');
    if (bracket < 0) {
      return node.get(step);
    }
    int index = Integer.parseInt(step.substring(bracket + 1, step.length() - 1));
    return node.get(step.substring(0, bracket)).get(index);
  }
}
