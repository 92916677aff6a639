package cn.tuoyu.sentinel.infra;

/** Clear failures for ports that something else already holds. */
final class Ports {
  private Ports() {}

  /**
   * Throws a message that names the port, what needed it and what to do, if {@code port} is in use.
   */
  static void requireFree(String what, int port, String option) {
    if (!Platform.isPortFree(port)) {
      throw new InfraException(
          "Port "
              + port
              + " (needed by "
              + what
              + ") is already in use by another program. Find it with `ss -ltnp 'sport = :"
              + port
              + "'` and stop it, or run with "
              + option
              + " <other port>.");
    }
  }
}
