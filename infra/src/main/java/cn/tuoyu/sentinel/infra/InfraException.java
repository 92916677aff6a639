package cn.tuoyu.sentinel.infra;

/**
 * A failure of the local infrastructure whose message is meant for the user: one line saying what
 * went wrong and what to do next. The CLI prints it without a stack trace.
 */
public class InfraException extends RuntimeException {
  public InfraException(String message) {
    super(message);
  }

  public InfraException(String message, Throwable cause) {
    super(message, cause);
  }
}
