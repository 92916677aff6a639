package cn.tuoyu.sentinel.jobs.simulate;

/**
 * A stretch of time in which a device (or the whole institution) behaves differently from normal:
 * what the incidents are made of. {@code [from, to)} in epoch millis.
 */
sealed interface Episode {
  long from();

  long to();

  /** What a camera reports for a while. */
  enum CameraMode {
    /** Reports OFFLINE at {@code from} and at every heartbeat; ONLINE again at {@code to}. */
    OFFLINE,
    /** Sends nothing; reports ONLINE again at {@code to}. */
    SILENT,
    /** ONLINE with {@code recording=false}. */
    NOT_RECORDING,
    /** ONLINE, recording, with a lower {@code retentionDays}. */
    RETENTION
  }

  /** A camera episode; {@code retentionDays} only for RETENTION. */
  record Camera(
      String institutionId, String cameraId, long from, long to, CameraMode mode, int retentionDays)
      implements Episode {}

  /** A sensor that is silent ({@code value} NaN) or reads {@code value} (its main metric). */
  record Sensor(String institutionId, String sensorId, long from, long to, double value)
      implements Episode {
    boolean silent() {
      return Double.isNaN(value);
    }
  }

  /** The whole institution sends nothing; every device reports again at {@code to}. */
  record Blackout(String institutionId, long from, long to) implements Episode {}
}
