package cn.tuoyu.sentinel.infra;

/**
 * Where long-running infrastructure work reports what it is doing. Implementations decide how to
 * show it (a console line that rewrites itself, a test logger).
 */
public interface Progress {
  /** A new step begins, e.g. "Starting Kafka 4.1.1". */
  void begin(String step);

  /** The current step advanced; {@code detail} replaces the previous detail of this step. */
  void update(String detail);

  /** The current step finished; {@code outcome} is a short summary, e.g. "ready in 5.2 s". */
  void done(String outcome);

  /** A message that is not part of a step (a warning, a hint). */
  void info(String message);

  /** Discards everything; for callers that do not want output. */
  Progress SILENT =
      new Progress() {
        @Override
        public void begin(String step) {}

        @Override
        public void update(String detail) {}

        @Override
        public void done(String outcome) {}

        @Override
        public void info(String message) {}
      };
}
