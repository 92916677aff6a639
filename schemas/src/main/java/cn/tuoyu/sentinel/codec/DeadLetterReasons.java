package cn.tuoyu.sentinel.codec;

import java.util.Set;

/**
 * The machine-readable {@code reason} codes of {@link cn.tuoyu.sentinel.schema.DeadLetter}. Counted
 * and filtered on by operators, so never rename one; add new ones here.
 */
public final class DeadLetterReasons {
  /** Not parseable as JSON, or trailing content after the JSON value, or a duplicate key. */
  public static final String MALFORMED_JSON = "MALFORMED_JSON";

  /** Valid JSON, but not an object (an array, string, number, ...). */
  public static final String NOT_AN_OBJECT = "NOT_AN_OBJECT";

  /** {@code type} missing, not a string, or not one of the known types. */
  public static final String UNKNOWN_TYPE = "UNKNOWN_TYPE";

  /** A required field is absent or JSON null. */
  public static final String MISSING_FIELD = "MISSING_FIELD";

  /** A field has the wrong JSON type (string for number, fraction for integer, ...). */
  public static final String WRONG_TYPE = "WRONG_TYPE";

  /** A timestamp that is not ISO-8601 with an offset or {@code Z}. */
  public static final String INVALID_TIMESTAMP = "INVALID_TIMESTAMP";

  /** A value outside an enumeration. */
  public static final String UNKNOWN_ENUM = "UNKNOWN_ENUM";

  /** Right type, but semantically wrong (format, range, consistency between fields). */
  public static final String INVALID_VALUE = "INVALID_VALUE";

  /** Arrived after the watermark had passed its event time. */
  public static final String LATE = "LATE";

  /** Binary message that could not be decoded (see {@link UndecodableRecordException}). */
  public static final String UNDECODABLE = "UNDECODABLE";

  /** Refers to an institution, room, camera or sensor the reference data does not know. */
  public static final String UNKNOWN_REFERENCE = "UNKNOWN_REFERENCE";

  /** A bug: an unexpected exception while decoding. The detail carries the exception. */
  public static final String INTERNAL_ERROR = "INTERNAL_ERROR";

  /** Every code above. */
  public static final Set<String> ALL =
      Set.of(
          MALFORMED_JSON,
          NOT_AN_OBJECT,
          UNKNOWN_TYPE,
          MISSING_FIELD,
          WRONG_TYPE,
          INVALID_TIMESTAMP,
          UNKNOWN_ENUM,
          INVALID_VALUE,
          LATE,
          UNDECODABLE,
          UNKNOWN_REFERENCE,
          INTERNAL_ERROR);

  private DeadLetterReasons() {}
}
