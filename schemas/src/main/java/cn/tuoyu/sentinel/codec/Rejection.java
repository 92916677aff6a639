package cn.tuoyu.sentinel.codec;

/**
 * Internal signal that a JSON line cannot be used: carries the dead-letter reason and detail from
 * wherever the problem is found up to {@link JsonLinesCodec}, which turns it into a dead letter. No
 * stack trace: it is expected control flow for bad input, not a bug.
 */
final class Rejection extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String reason;

  Rejection(String reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }

  String detail() {
    return getMessage();
  }
}
