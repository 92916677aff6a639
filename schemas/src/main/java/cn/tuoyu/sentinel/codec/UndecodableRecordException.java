package cn.tuoyu.sentinel.codec;

/**
 * A binary message that cannot be turned into a record. Thrown instead of Avro's {@code
 * IOException}/{@code AvroRuntimeException} so callers catch one unchecked type and can dead-letter
 * the bytes with reason {@link DeadLetterReasons#UNDECODABLE} and {@link #getMessage()} as detail.
 */
public final class UndecodableRecordException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What is wrong with the message. */
  public enum Problem {
    /** Too short for a header, or not starting with the single-object magic {@code C3 01}. */
    BAD_HEADER,
    /** The schema fingerprint is not a known version of the expected type. */
    UNKNOWN_SCHEMA,
    /** Header and fingerprint are fine, but the body does not decode with that schema. */
    CORRUPT_BODY
  }

  private final Problem problem;

  /** Creates an exception; {@code message} should say what was expected and what was found. */
  public UndecodableRecordException(Problem problem, String message, Throwable cause) {
    super(message, cause);
    this.problem = problem;
  }

  /** What is wrong with the message. */
  public Problem problem() {
    return problem;
  }
}
