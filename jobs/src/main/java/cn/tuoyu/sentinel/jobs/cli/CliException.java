package cn.tuoyu.sentinel.jobs.cli;

/** A failure whose message is for the user; printed as one line, exit code 1. */
public class CliException extends RuntimeException {
  public CliException(String message) {
    super(message);
  }
}
