package cn.tuoyu.sentinel.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A server process we started and must be able to find again from another CLI invocation: it is
 * identified by a pid file and by a marker ({@code -Dsentinel.instance=<dir>}) on its command line,
 * so a recycled pid belonging to some other program is never mistaken for ours, let alone killed.
 */
public final class ManagedProcess {
  private final String displayName;
  private final Path pidFile;
  private final String marker;

  /**
   * @param displayName e.g. "Kafka", for messages
   * @param pidFile where the pid is kept
   * @param instanceDir the directory that identifies this instance; becomes the command-line marker
   */
  public ManagedProcess(String displayName, Path pidFile, Path instanceDir) {
    this.displayName = displayName;
    this.pidFile = pidFile;
    this.marker = markerFor(instanceDir);
  }

  /** The JVM option that tags a process as this instance. */
  public static String markerFor(Path instanceDir) {
    return "-Dsentinel.instance=" + instanceDir.toAbsolutePath().normalize();
  }

  public String marker() {
    return marker;
  }

  /** The live process of this instance, if it is running. */
  public Optional<ProcessHandle> find() {
    return readPid().flatMap(ProcessHandle::of).filter(this::isOurs);
  }

  private boolean isOurs(ProcessHandle handle) {
    if (!handle.isAlive()) {
      return false;
    }
    // /proc/<pid>/cmdline holds the full command line, including for other users' processes.
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(handle.pid()), "cmdline"));
      String cmdline = new String(raw, StandardCharsets.UTF_8).replace('\0', ' ');
      return cmdline.contains(marker + " ") || cmdline.endsWith(marker);
    } catch (IOException e) {
      return handle.info().commandLine().map(c -> c.contains(marker)).orElse(false);
    }
  }

  private Optional<Long> readPid() {
    try {
      if (!Files.isRegularFile(pidFile)) {
        return Optional.empty();
      }
      String text = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  public void writePid(long pid) {
    try {
      Files.createDirectories(pidFile.getParent());
      Files.writeString(pidFile, Long.toString(pid) + "\n", StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new InfraException("Could not write " + pidFile + ": " + e.getMessage(), e);
    }
  }

  /**
   * Starts {@code command} in its own session ({@code setsid}) so that Ctrl-C in the terminal that
   * ran {@code infra up} does not take the server down with the CLI, with output appended to {@code
   * logFile}.
   */
  public static Process startDetached(
      List<String> command, Path workDir, Path logFile, Map<String, String> env) {
    List<String> full = new ArrayList<>();
    Platform.which("setsid").ifPresent(setsid -> full.add(setsid.toString()));
    full.addAll(command);
    ProcessBuilder pb =
        new ProcessBuilder(full)
            .directory(workDir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().putAll(env);
    try {
      return pb.start();
    } catch (IOException e) {
      throw new InfraException("Could not start " + command.get(0) + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stops the instance: SIGTERM, then SIGKILL after {@code grace}. Returns false if it was not
   * running.
   */
  public boolean stop(Duration grace) {
    Optional<ProcessHandle> handle = find();
    if (handle.isEmpty()) {
      deletePidFile();
      return false;
    }
    ProcessHandle process = handle.get();
    List<ProcessHandle> family = new ArrayList<>(process.descendants().toList());
    process.destroy();
    try {
      process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception timeoutOrInterrupt) {
      process.destroyForcibly();
      try {
        process.onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new InfraException(
            displayName + " (pid " + process.pid() + ") did not stop even after SIGKILL.", e);
      }
    }
    // Children (e.g. native controllers) must not outlive the server.
    family.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    deletePidFile();
    return true;
  }

  private void deletePidFile() {
    try {
      Files.deleteIfExists(pidFile);
    } catch (IOException e) {
      // A stale pid file is harmless: find() verifies the marker.
    }
  }
}
