package cn.tuoyu.sentinel.jobs.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** What the figures were measured on. */
record Machine(String cpu, int cores, String memory, String os, String java) {

  static Machine describe() {
    return new Machine(
        cpuModel().orElse(System.getProperty("os.arch")),
        Runtime.getRuntime().availableProcessors(),
        totalMemory(),
        System.getProperty("os.name")
            + " "
            + System.getProperty("os.version")
            + " ("
            + System.getProperty("os.arch")
            + ")"
            + distribution().map(d -> ", " + d).orElse(""),
        javaVersion());
  }

  private static Optional<String> cpuModel() {
    return firstValue(Path.of("/proc/cpuinfo"), "model name");
  }

  private static String totalMemory() {
    Optional<String> kb = firstValue(Path.of("/proc/meminfo"), "MemTotal");
    if (kb.isPresent()) {
      try {
        long k = Long.parseLong(kb.get().replace("kB", "").trim());
        return String.format(Locale.ROOT, "%.1f GiB", k / 1024.0 / 1024.0);
      } catch (NumberFormatException e) {
        return kb.get();
      }
    }
    return "unknown";
  }

  private static Optional<String> distribution() {
    return firstValue(Path.of("/etc/os-release"), "PRETTY_NAME").map(s -> s.replace("\"", ""));
  }

  /**
   * First line of {@code java -version} of the running JVM, e.g. {@code openjdk version "17.0.17"}.
   */
  private static String javaVersion() {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    try {
      Process p = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor(10, TimeUnit.SECONDS);
      List<String> lines = out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
      if (!lines.isEmpty()) {
        return String.join("; ", lines);
      }
    } catch (IOException e) {
      // fall through to the system properties
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
  }

  private static Optional<String> firstValue(Path file, String key) {
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        if (line.startsWith(key)) {
          String rest = line.substring(key.length()).strip();
          if (rest.startsWith(":") || rest.startsWith("=")) {
            return Optional.of(rest.substring(1).strip());
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or not readable
    }
    return Optional.empty();
  }

  /**
   * CPU ticks of the machine (all CPUs: total, and idle + iowait) and of some processes (user +
   * system), from {@code /proc}; all in the same clock ticks.
   */
  record CpuSnapshot(long total, long idle, Map<String, Long> processes) {}

  /** USER_HZ of /proc: 100 on every Linux the bench runs on. */
  private static final int CLOCK_TICKS_PER_SECOND = 100;

  /** How the CPUs were used between two snapshots, as shares of the machine's capacity. */
  record CpuUse(double busy, Map<String, Double> byProcess, Map<String, Double> seconds) {
    static final CpuUse UNKNOWN = new CpuUse(-1, Map.of(), Map.of());

    /** The processes' shares plus "other processes" for the rest of the busy time. */
    String describe() {
      if (busy < 0) {
        return "—";
      }
      StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%.0f %%", 100 * busy));
      if (!byProcess.isEmpty()) {
        double known = 0;
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Double> e : byProcess.entrySet()) {
          known += e.getValue();
          parts.add(String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), 100 * e.getValue()));
        }
        parts.add(
            String.format(Locale.ROOT, "other processes %.0f %%", 100 * Math.max(0, busy - known)));
        sb.append(" (").append(String.join(", ", parts)).append(')');
      }
      return sb.toString();
    }
  }

  /**
   * @param pids processes to follow, by the name to report
   */
  static CpuSnapshot cpuSnapshot(Map<String, Long> pids) {
    long total = -1;
    long idle = -1;
    try {
      String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
      String[] f = line.trim().split("\\s+");
      total = 0;
      for (int i = 1; i < f.length; i++) {
        total += Long.parseLong(f[i]);
      }
      idle = Long.parseLong(f[4]) + (f.length > 5 ? Long.parseLong(f[5]) : 0);
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    Map<String, Long> processes = new LinkedHashMap<>();
    pids.forEach((name, pid) -> processes.put(name, processTicks(pid)));
    return new CpuSnapshot(total, idle, processes);
  }

  static CpuUse cpuUse(CpuSnapshot before, CpuSnapshot after) {
    long total = after.total - before.total;
    if (before.total < 0 || after.total < 0 || total <= 0) {
      return CpuUse.UNKNOWN;
    }
    double busy = (total - (after.idle - before.idle)) / (double) total;
    Map<String, Double> shares = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    before.processes.forEach(
        (name, ticks) -> {
          Long later = after.processes.get(name);
          if (ticks >= 0 && later != null && later >= 0) {
            shares.put(name, (later - ticks) / (double) total);
            seconds.put(name, (later - ticks) / (double) CLOCK_TICKS_PER_SECOND);
          }
        });
    return new CpuUse(busy, shares, seconds);
  }

  /** User + system clock ticks of a process, or -1 if unknown. */
  static long processTicks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields after the command name (which may contain spaces) in parentheses.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /** The 1-minute load average, or empty if unknown. */
  static Optional<String> loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return Optional.of(f[0] + " / " + f[1] + " / " + f[2]);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
