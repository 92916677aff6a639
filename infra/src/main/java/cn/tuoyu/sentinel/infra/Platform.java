package cn.tuoyu.sentinel.infra;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Small facts about the machine: who we are, which commands exist, which ports are free. */
public final class Platform {
  private Platform() {}

  /** True when this JVM runs as uid 0. */
  public static boolean isRoot() {
    return "root".equals(System.getProperty("user.name")) || uid().equals("0");
  }

  private static String uid() {
    try {
      // /proc/self is this JVM; the "Uid:" line holds real, effective, saved, fs uids.
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Uid:")) {
          return line.split("\\s+")[2];
        }
      }
    } catch (IOException | RuntimeException e) {
      // Not Linux or no /proc: fall back to the user name check above.
    }
    return "";
  }

  /** The absolute path of {@code command} on the PATH, if any. */
  public static Optional<Path> which(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String dir : path.split(File.pathSeparator)) {
      Path candidate = Path.of(dir, command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * True when nothing listens on {@code 127.0.0.1:port}. Uses SO_REUSEADDR like the servers do, so
   * connections lingering in TIME_WAIT after a server stopped do not count as "in use".
   */
  public static boolean isPortFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A port the OS considers free right now (for tests that must not collide with a demo). */
  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs a short command to completion and returns its combined output; throws when it exits
   * non-zero or takes longer than {@code timeoutSeconds}.
   */
  public static String run(List<String> command, long timeoutSeconds) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new InfraException(
            "Command timed out after " + timeoutSeconds + " s: " + String.join(" ", command));
      }
      String text = new String(out, StandardCharsets.UTF_8).strip();
      if (p.exitValue() != 0) {
        throw new InfraException(
            "Command failed (exit "
                + p.exitValue()
                + "): "
                + String.join(" ", command)
                + ": "
                + text);
      }
      return text;
    } catch (IOException e) {
      throw new InfraException("Could not run " + command.get(0) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InfraException("Interrupted while running " + command.get(0), e);
    }
  }

  /** The last {@code n} lines of a log file, for error messages; empty if it cannot be read. */
  public static String tail(Path file, int n) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<String> last =
          new ArrayList<>(lines.subList(Math.max(0, lines.size() - n), lines.size()));
      return String.join(System.lineSeparator(), last);
    } catch (IOException | UncheckedIOException e) {
      return "";
    }
  }
}
