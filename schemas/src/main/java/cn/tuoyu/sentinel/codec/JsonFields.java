package cn.tuoyu.sentinel.codec;

import static cn.tuoyu.sentinel.codec.DeadLetterReasons.INVALID_TIMESTAMP;
import static cn.tuoyu.sentinel.codec.DeadLetterReasons.INVALID_VALUE;
import static cn.tuoyu.sentinel.codec.DeadLetterReasons.MISSING_FIELD;
import static cn.tuoyu.sentinel.codec.DeadLetterReasons.UNKNOWN_ENUM;
import static cn.tuoyu.sentinel.codec.DeadLetterReasons.WRONG_TYPE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Typed, strict access to the fields of one JSON object, reporting every problem as a {@link
 * Rejection} whose detail names the field by its full path (e.g. {@code rooms[1].capacity}) and
 * shows the offending value.
 *
 * <p>Strictness, deliberately: numbers are never accepted as strings nor strings as numbers or
 * booleans; an integer field takes an integral number (also written as {@code 15.0}) within range;
 * JSON null counts as absent. Fields not asked for are ignored, which is what makes unknown fields
 * harmless.
 */
final class JsonFields {
  /** Longest excerpt of an offending value quoted in a detail. */
  private static final int MAX_QUOTE = 80;

  private final ObjectNode node;
  private final String path;

  JsonFields(ObjectNode node, String path) {
    this.node = node;
    this.path = path;
  }

  /** Full path of a field of this object, as it appears in details. */
  String path(String field) {
    return path.isEmpty() ? field : path + "." + field;
  }

  ObjectNode node() {
    return node;
  }

  // ---- presence ----

  /** The field's value, or null if it is absent or JSON null. */
  JsonNode optional(String field) {
    JsonNode n = node.get(field);
    return n == null || n.isNull() ? null : n;
  }

  /** The field's value; MISSING_FIELD if absent or JSON null. */
  JsonNode required(String field) {
    JsonNode n = node.get(field);
    if (n == null) {
      throw new Rejection(MISSING_FIELD, "field " + path(field) + " is missing (required)");
    }
    if (n.isNull()) {
      throw new Rejection(MISSING_FIELD, "field " + path(field) + " is null (required)");
    }
    return n;
  }

  // ---- strings ----

  String requiredString(String field) {
    return string(path(field), required(field));
  }

  String optionalString(String field) {
    JsonNode n = optional(field);
    return n == null ? null : string(path(field), n);
  }

  /** A required identifier: a string with at least one non-blank character. */
  String requiredId(String field) {
    return id(path(field), required(field));
  }

  /** An optional identifier; if present it must not be blank. */
  String optionalId(String field) {
    JsonNode n = optional(field);
    return n == null ? null : id(path(field), n);
  }

  /** A required string matching {@code pattern}; {@code expectation} explains it in the detail. */
  String requiredMatching(String field, Pattern pattern, String expectation) {
    String s = requiredString(field);
    if (!pattern.matcher(s).matches()) {
      throw new Rejection(
          INVALID_VALUE, "field " + path(field) + " must be " + expectation + ", got " + quote(s));
    }
    return s;
  }

  static String string(String path, JsonNode n) {
    if (!n.isTextual()) {
      throw wrongType(path, "a string", n);
    }
    return n.textValue();
  }

  static String id(String path, JsonNode n) {
    String s = string(path, n);
    if (s.isBlank()) {
      throw new Rejection(INVALID_VALUE, "field " + path + " must not be empty or blank");
    }
    return s;
  }

  // ---- numbers ----

  int requiredNonNegativeInt(String field) {
    return nonNegative(
        path(field),
        integer(path(field), required(field), Integer.MIN_VALUE, Integer.MAX_VALUE, "an integer"));
  }

  Integer optionalNonNegativeInt(String field) {
    JsonNode n = optional(field);
    return n == null
        ? null
        : nonNegative(
            path(field),
            integer(path(field), n, Integer.MIN_VALUE, Integer.MAX_VALUE, "an integer"));
  }

  Long optionalLong(String field) {
    JsonNode n = optional(field);
    return n == null ? null : integer(path(field), n, Long.MIN_VALUE, Long.MAX_VALUE, "an integer");
  }

  Long optionalNonNegativeLong(String field) {
    Long v = optionalLong(field);
    if (v != null && v < 0) {
      throw new Rejection(
          INVALID_VALUE, "field " + path(field) + " must not be negative, got " + v);
    }
    return v;
  }

  double requiredFiniteDouble(String field) {
    return finiteDouble(path(field), required(field));
  }

  /** A finite double within [min, max]. */
  double requiredDoubleInRange(String field, double min, double max) {
    double d = requiredFiniteDouble(field);
    if (d < min || d > max) {
      throw new Rejection(
          INVALID_VALUE,
          "field "
              + path(field)
              + " must be between "
              + num(min)
              + " and "
              + num(max)
              + ", got "
              + num(d));
    }
    return d;
  }

  private static int nonNegative(String path, long v) {
    if (v < 0) {
      throw new Rejection(INVALID_VALUE, "field " + path + " must not be negative, got " + v);
    }
    return (int) v;
  }

  /**
   * An integral JSON number within [min, max]. Accepts {@code 15.0} (an integral value) but not
   * {@code 15.5}.
   */
  static long integer(String path, JsonNode n, long min, long max, String what) {
    if (!n.isNumber()) {
      throw wrongType(path, what, n);
    }
    if (n.isFloatingPointNumber()) {
      double d = n.doubleValue();
      if (!Double.isFinite(d)) {
        throw new Rejection(
            INVALID_VALUE, "field " + path + " must be a finite number, got " + n.asText());
      }
      if (d != Math.rint(d)) {
        throw wrongType(path, what, n);
      }
      if (d < min || d > max) {
        throw outOfRange(path, n, min, max);
      }
      return (long) d;
    }
    if (!n.canConvertToLong()) {
      throw outOfRange(path, n, min, max);
    }
    long v = n.longValue();
    if (v < min || v > max) {
      throw outOfRange(path, n, min, max);
    }
    return v;
  }

  static double finiteDouble(String path, JsonNode n) {
    if (!n.isNumber()) {
      throw wrongType(path, "a number", n);
    }
    double d = n.doubleValue();
    if (!Double.isFinite(d)) {
      throw new Rejection(
          INVALID_VALUE, "field " + path + " must be a finite number, got " + n.asText());
    }
    return d;
  }

  private static Rejection outOfRange(String path, JsonNode n, long min, long max) {
    return new Rejection(
        INVALID_VALUE,
        "field " + path + " is out of range [" + min + ", " + max + "], got " + n.asText());
  }

  // ---- booleans ----

  boolean requiredBoolean(String field) {
    return bool(path(field), required(field));
  }

  Boolean optionalBoolean(String field) {
    JsonNode n = optional(field);
    return n == null ? null : bool(path(field), n);
  }

  static boolean bool(String path, JsonNode n) {
    if (!n.isBoolean()) {
      throw wrongType(path, "a boolean (true or false)", n);
    }
    return n.booleanValue();
  }

  // ---- enums ----

  <E extends Enum<E>> E requiredEnum(String field, Class<E> type) {
    return enumValue(path(field), required(field), type);
  }

  <E extends Enum<E>> E optionalEnum(String field, Class<E> type) {
    JsonNode n = optional(field);
    return n == null ? null : enumValue(path(field), n, type);
  }

  static <E extends Enum<E>> E enumValue(String path, JsonNode n, Class<E> type) {
    String s = string(path, n);
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(s)) {
        return e;
      }
    }
    throw new Rejection(
        UNKNOWN_ENUM,
        "field "
            + path
            + " has unknown value "
            + quote(s)
            + "; allowed: "
            + Arrays.stream(type.getEnumConstants())
                .map(Enum::name)
                .collect(Collectors.joining(", ")));
  }

  // ---- timestamps ----

  Instant requiredTimestamp(String field) {
    return timestamp(path(field), required(field));
  }

  Instant optionalTimestamp(String field) {
    JsonNode n = optional(field);
    return n == null ? null : timestamp(path(field), n);
  }

  /**
   * ISO-8601 with an offset or Z, seconds and fraction optional, truncated to milliseconds (the
   * precision of Avro's timestamp-millis, so a decoded record survives Kafka unchanged).
   */
  static Instant timestamp(String path, JsonNode n) {
    if (!n.isTextual()) {
      throw wrongType(path, "an ISO-8601 timestamp string such as 2026-11-23T08:00:00+08:00", n);
    }
    String s = n.textValue();
    Instant instant;
    try {
      instant = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new Rejection(
          INVALID_TIMESTAMP, "field " + path + ": " + quote(s) + " " + whyNotTimestamp(s));
    }
    try {
      instant.toEpochMilli(); // Avro stores epoch millis in a long
    } catch (ArithmeticException e) {
      throw new Rejection(
          INVALID_TIMESTAMP,
          "field " + path + ": " + quote(s) + " is out of the representable range");
    }
    return instant.truncatedTo(ChronoUnit.MILLIS);
  }

  private static String whyNotTimestamp(String s) {
    try {
      LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME);
      return "has no UTC offset; append +08:00 (China Standard Time) or Z, e.g. " + s + "+08:00";
    } catch (DateTimeException e) {
      return "is not an ISO-8601 timestamp with offset, e.g. 2026-11-23T08:00:00+08:00";
    }
  }

  // ---- structure ----

  JsonFields requiredObject(String field) {
    return object(path(field), required(field));
  }

  JsonFields optionalObject(String field) {
    JsonNode n = optional(field);
    return n == null ? null : object(path(field), n);
  }

  static JsonFields object(String path, JsonNode n) {
    if (!n.isObject()) {
      throw wrongType(path, "an object", n);
    }
    return new JsonFields((ObjectNode) n, path);
  }

  /** The elements of an optional array field; empty if absent or null. */
  List<JsonNode> optionalArray(String field) {
    JsonNode n = optional(field);
    if (n == null) {
      return List.of();
    }
    if (!n.isArray()) {
      throw wrongType(path(field), "an array", n);
    }
    List<JsonNode> out = new ArrayList<>(n.size());
    n.forEach(out::add);
    return out;
  }

  /** An optional array of identifiers; empty if absent or null. */
  List<String> optionalIdList(String field) {
    List<JsonNode> elements = optionalArray(field);
    List<String> out = new ArrayList<>(elements.size());
    for (int i = 0; i < elements.size(); i++) {
      out.add(id(path(field) + "[" + i + "]", elements.get(i)));
    }
    return out;
  }

  // ---- details ----

  static Rejection wrongType(String path, String expected, JsonNode actual) {
    return new Rejection(
        WRONG_TYPE, "field " + path + " must be " + expected + ", got " + describe(actual));
  }

  /** A short description of a JSON value for details: its JSON type and (an excerpt of) it. */
  static String describe(JsonNode n) {
    if (n == null || n.isNull()) {
      return "null";
    }
    if (n.isTextual()) {
      return "string " + quote(n.textValue());
    }
    if (n.isNumber()) {
      return "number " + truncate(n.asText());
    }
    if (n.isBoolean()) {
      return "boolean " + n.asText();
    }
    if (n.isArray()) {
      return "an array " + truncate(n.toString());
    }
    if (n.isObject()) {
      return "an object " + truncate(n.toString());
    }
    return truncate(n.toString());
  }

  /** A string value as it would appear in JSON, shortened if long. */
  static String quote(String s) {
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX_QUOTE) + 8).append('"');
    for (int i = 0; i < s.length() && sb.length() <= MAX_QUOTE; i++) {
      char c = s.charAt(i);
      // Escaped so that a detail is always one readable line, whatever the value contains.
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    sb.append('"');
    return truncate(sb.toString(), s.length());
  }

  private static String truncate(String s) {
    return truncate(s, s.length());
  }

  private static String truncate(String s, int originalLength) {
    if (s.length() <= MAX_QUOTE) {
      return s;
    }
    // Never cut a surrogate pair in half: a lone surrogate is not valid UTF-8.
    int cut = Character.isHighSurrogate(s.charAt(MAX_QUOTE - 1)) ? MAX_QUOTE - 1 : MAX_QUOTE;
    return s.substring(0, cut) + "…(" + originalLength + " chars)";
  }

  private static String num(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }
}
