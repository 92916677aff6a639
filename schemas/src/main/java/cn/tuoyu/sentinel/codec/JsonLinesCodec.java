package cn.tuoyu.sentinel.codec;

import static cn.tuoyu.sentinel.codec.DeadLetterReasons.INTERNAL_ERROR;
import static cn.tuoyu.sentinel.codec.DeadLetterReasons.MALFORMED_JSON;
import static cn.tuoyu.sentinel.codec.DeadLetterReasons.NOT_AN_OBJECT;
import static cn.tuoyu.sentinel.codec.DeadLetterReasons.UNKNOWN_TYPE;

import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.AttendanceEvent;
import cn.tuoyu.sentinel.schema.CameraStatus;
import cn.tuoyu.sentinel.schema.DeadLetter;
import cn.tuoyu.sentinel.schema.Institution;
import cn.tuoyu.sentinel.schema.RuleParameters;
import cn.tuoyu.sentinel.schema.SensorReading;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;

/**
 * The JSON-lines format of design.md ("External JSON-lines contract", "Alert export"): one JSON
 * object per line, {@code type} first, timestamps ISO-8601 with offset.
 *
 * <p>Decoding never throws: every line becomes a {@link Decoded.Record}, a {@link Decoded.Blank} or
 * a {@link Decoded.Rejected} dead letter whose {@code reason} is one of {@link DeadLetterReasons}
 * and whose {@code detail} names the field (full path, e.g. {@code rooms[1].capacity}) and the
 * offending value. Only the first problem of a line is reported. Unknown fields are ignored; JSON
 * null counts as absent; duplicate keys are rejected as MALFORMED_JSON (which one would win is a
 * guess). Sub-millisecond digits of timestamps are dropped (Avro stores milliseconds), so a decoded
 * record survives a trip through Kafka unchanged.
 *
 * <p>Encoding writes one line (no newline) that decodes back to an equal record. Timestamps are
 * written in +08:00. Non-ASCII text is written as UTF-8 characters, not escapes.
 *
 * <p>Thread-safe and reusable: the Jackson mapper is configured once and the clock is immutable.
 * Serializable for use as a field of a Flink function (only the clock is serialized); it is also
 * cheap enough to create in {@code open()}.
 */
public final class JsonLinesCodec implements Serializable {
  private static final long serialVersionUID = 1L;

  private static final String ALLOWED_TYPES =
      Stream.of(SentinelType.values())
          .map(SentinelType::jsonType)
          .collect(Collectors.joining(", "));

  private final Clock clock;
  private final transient ObjectMapper mapper;

  /** A codec stamping dead letters with the system clock (UTC). */
  public JsonLinesCodec() {
    this(Clock.systemUTC());
  }

  /** A codec stamping dead letters with {@code clock}'s time (inject a fixed clock in tests). */
  public JsonLinesCodec(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.mapper =
        JsonMapper.builder()
            // Rejected later as INVALID_VALUE, with a better detail than a parse error: some
            // producers (Python's json module) do write NaN and Infinity.
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();
  }

  /**
   * Decodes one line of an input file or stream, whose {@code type} field says what it is.
   *
   * @param line the line without its line terminator; a leading byte-order mark is ignored
   * @param lineNumber 1-based line number, recorded in the dead letter
   * @param sourceFile file name recorded in the dead letter; may be null (e.g. stdin)
   * @return the record, {@link Decoded.Blank} for an empty or whitespace-only line, or a dead
   *     letter; never null, never throws
   */
  public Decoded decode(String line, long lineNumber, String sourceFile) {
    return decode(line, lineNumber, sourceFile, null);
  }

  /**
   * Decodes one line of an alert export file ({@code --alerts-out}): the AlertTransition fields of
   * design.md's "Alert export", without a {@code type} field. A {@code type} other than {@code
   * alert} is rejected as UNKNOWN_TYPE (wrong file).
   *
   * @see #decode(String, long, String)
   */
  public Decoded decodeAlert(String line, long lineNumber, String sourceFile) {
    return decode(line, lineNumber, sourceFile, SentinelType.ALERT);
  }

  private Decoded decode(String line, long lineNumber, String sourceFile, SentinelType expected) {
    String recordType = expected == null ? null : expected.jsonType();
    try {
      if (line == null) {
        return rejected(
            INTERNAL_ERROR,
            "no line text (null) was passed to decode",
            null,
            null,
            lineNumber,
            sourceFile);
      }
      String text = line.startsWith("\uFEFF") ? line.substring(1) : line;
      if (text.isBlank()) {
        return new Decoded.Blank();
      }
      ObjectNode object = parseObject(text);
      JsonFields fields = new JsonFields(object, "");
      SentinelType type = expected == null ? typeOf(object) : checkType(object, expected);
      recordType = type.jsonType();
      return new Decoded.Record(JsonRecordReader.read(type, fields));
    } catch (Rejection r) {
      return rejected(r.reason(), r.detail(), recordType, line, lineNumber, sourceFile);
    } catch (Exception | StackOverflowError e) {
      // A bug, not bad input: keep the line (and the run) alive and say what happened.
      return rejected(
          INTERNAL_ERROR,
          "unexpected " + e + " while decoding; please report this line",
          recordType,
          line,
          lineNumber,
          sourceFile);
    }
  }

  private ObjectNode parseObject(String text) {
    JsonNode node;
    try (JsonParser parser = mapper.createParser(text)) {
      node = mapper.readTree(parser);
      JsonToken extra;
      try {
        extra = parser.nextToken();
      } catch (JsonProcessingException e) {
        throw trailing(e.getLocation());
      }
      if (extra != null) {
        throw trailing(parser.currentTokenLocation());
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new Rejection(
          MALFORMED_JSON,
          "not valid JSON"
              + (at == null ? "" : " at column " + at.getColumnNr())
              + ": "
              + e.getOriginalMessage());
    } catch (IOException e) {
      // Reading from a String cannot fail with I/O.
      throw new UncheckedIOException(e);
    }
    if (node == null || node.isMissingNode()) {
      throw new Rejection(MALFORMED_JSON, "not valid JSON: no value on the line");
    }
    if (!node.isObject()) {
      throw new Rejection(
          NOT_AN_OBJECT,
          "expected one JSON object per line ({\"type\":...}), got " + JsonFields.describe(node));
    }
    return (ObjectNode) node;
  }

  private static Rejection trailing(JsonLocation at) {
    return new Rejection(
        MALFORMED_JSON,
        "trailing content after the JSON value"
            + (at == null ? "" : " at column " + at.getColumnNr())
            + " (one JSON object per line)");
  }

  private static SentinelType typeOf(ObjectNode object) {
    JsonNode type = object.get("type");
    if (type == null || type.isNull()) {
      throw new Rejection(UNKNOWN_TYPE, "field type is missing; expected one of " + ALLOWED_TYPES);
    }
    if (!type.isTextual()) {
      throw new Rejection(
          UNKNOWN_TYPE,
          "field type must be a string (one of "
              + ALLOWED_TYPES
              + "), got "
              + JsonFields.describe(type));
    }
    return SentinelType.ofJsonType(type.textValue())
        .orElseThrow(
            () ->
                new Rejection(
                    UNKNOWN_TYPE,
                    "field type has unknown value "
                        + JsonFields.quote(type.textValue())
                        + "; expected one of "
                        + ALLOWED_TYPES));
  }

  private static SentinelType checkType(ObjectNode object, SentinelType expected) {
    JsonNode type = object.get("type");
    if (type != null && !type.isNull() && !expected.jsonType().equals(type.asText())) {
      throw new Rejection(
          UNKNOWN_TYPE,
          "field type is "
              + JsonFields.describe(type)
              + ", but an "
              + expected.jsonType()
              + " line was expected here");
    }
    return expected;
  }

  private Decoded.Rejected rejected(
      String reason,
      String detail,
      String recordType,
      String line,
      long lineNumber,
      String sourceFile) {
    byte[] raw = line == null ? new byte[0] : line.getBytes(StandardCharsets.UTF_8);
    DeadLetter deadLetter =
        DeadLetter.newBuilder()
            .setTs(clock.instant().truncatedTo(ChronoUnit.MILLIS))
            .setReason(reason)
            .setDetail(detail == null ? reason : oneLine(detail))
            .setRecordType(recordType)
            .setSourceFile(sourceFile)
            .setLineNumber(lineNumber)
            .setRaw(ByteBuffer.wrap(raw))
            .build();
    return new Decoded.Rejected(deadLetter);
  }

  /**
   * A detail safe to store and log: line breaks become spaces (a detail is one line) and unpaired
   * surrogates, which may come from quoting a damaged line, become U+FFFD (they are not UTF-8).
   */
  private static String oneLine(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\n' || c == '\r') {
        sb.append(' ');
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        sb.append('\uFFFD');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /**
   * Encodes a record as one JSON line (without a line terminator).
   *
   * <p>Institution, attendance, camera, sensor and rules lines start with {@code type}, follow the
   * schema's field order and omit null optional fields. An AlertTransition is written in the alert
   * export format (no {@code type}; read it back with {@link #decodeAlert}); alerts and dead
   * letters write every field, nulls included. A non-finite number in alert details is written as
   * null.
   *
   * @throws IllegalArgumentException if the record is not one of the seven types or cannot be
   *     represented: a required field is null, or a required number is NaN or infinite
   */
  public String encode(SpecificRecord record) {
    Objects.requireNonNull(record, "record");
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = mapper.createGenerator(out)) {
      g.writeStartObject();
      if (record instanceof Institution) {
        JsonRecordWriter.institution(g, (Institution) record);
      } else if (record instanceof AttendanceEvent) {
        JsonRecordWriter.attendance(g, (AttendanceEvent) record);
      } else if (record instanceof CameraStatus) {
        JsonRecordWriter.camera(g, (CameraStatus) record);
      } else if (record instanceof SensorReading) {
        JsonRecordWriter.sensor(g, (SensorReading) record);
      } else if (record instanceof RuleParameters) {
        JsonRecordWriter.rules(g, (RuleParameters) record);
      } else if (record instanceof AlertTransition) {
        JsonRecordWriter.alert(g, (AlertTransition) record);
      } else if (record instanceof DeadLetter) {
        JsonRecordWriter.deadLetter(g, (DeadLetter) record);
      } else {
        throw new IllegalArgumentException(
            record.getClass().getName() + " is not one of the JSON-lines record types");
      }
      g.writeEndObject();
    } catch (IOException e) {
      // Only a StringWriter is written; an IOException here would be a Jackson bug.
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  // Rebuild the mapper on the receiving side; only the clock is serialized.
  private Object readResolve() throws ObjectStreamException {
    return new JsonLinesCodec(clock);
  }
}
