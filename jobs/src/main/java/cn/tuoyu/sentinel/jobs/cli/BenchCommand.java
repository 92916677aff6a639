package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.jobs.bench.Bench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sentinel bench}: throughput and latency of the monitor job, into BENCHMARKS.md. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the monitor job on this machine and write BENCHMARKS.md: events/s",
      "catching up on a backlog through the real Kafka next to the raw consume rate",
      "of the same events (the ceiling), and p50/p99 latency from an alert",
      "transition to sentinel.alerts, once per checkpoint interval. Runs its own",
      "Kafka and Elasticsearch on free ports (a running demo is not touched) and",
      "removes them afterwards. About 3 minutes on 2 cores; --quick about 2."
    })
final class BenchCommand implements Callable<Integer> {
  static final long DEFAULT_EVENTS = 300_000;
  static final long QUICK_EVENTS = 60_000;
  static final int QUICK_SAMPLES = 30;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--events",
      paramLabel = "N",
      description =
          "Events of the synthetic city in the backlog (default: " + DEFAULT_EVENTS + ").")
  Long events;

  @Option(
      names = "--institutions",
      paramLabel = "M",
      defaultValue = "200",
      description = "Institutions of the synthetic city (default: ${DEFAULT-VALUE}).")
  int institutions;

  @Option(
      names = "--samples",
      paramLabel = "S",
      description =
          "Latency episodes per checkpoint interval, two alert transitions each (default: 100).")
  Integer samples;

  @Option(
      names = "--checkpoint-intervals",
      paramLabel = "D",
      split = ",",
      defaultValue = "5s,500ms",
      description =
          "Checkpoint intervals to measure, one monitor run each (default: ${DEFAULT-VALUE}; 5s is"
              + " the monitor's default).")
  List<String> intervals;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Parallelism of the monitor job (default: ${DEFAULT-VALUE}, as `monitor`).")
  int parallelism;

  @Option(
      names = "--seed",
      defaultValue = "20261123",
      description = "Seed of the synthetic city (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description = "Where to write the results (default: BENCHMARKS.md at the repository root).")
  Path out;

  @Option(
      names = "--quick",
      description =
          "A short run to check that everything works ("
              + QUICK_EVENTS
              + " events, "
              + QUICK_SAMPLES
              + " samples); the figures are less stable.")
  boolean quick;

  @Override
  public Integer call() throws Exception {
    long n = events != null ? events : quick ? QUICK_EVENTS : DEFAULT_EVENTS;
    int s = samples != null ? samples : quick ? QUICK_SAMPLES : 100;
    if (n < 1_000) {
      throw new CliException("--events must be at least 1000, got " + n);
    }
    if (institutions < 1 || institutions > 100_000) {
      throw new CliException("--institutions must be between 1 and 100000, got " + institutions);
    }
    if (s < 1) {
      throw new CliException("--samples must be at least 1, got " + s);
    }
    if (parallelism < 1 || parallelism > 64) {
      throw new CliException("--parallelism must be between 1 and 64, got " + parallelism);
    }
    List<Duration> parsed = new ArrayList<>();
    for (String text : intervals) {
      Duration d = MonitorCommand.parseDuration(text.strip());
      if (d.toMillis() < 100) {
        throw new CliException("checkpoint interval " + text + " is too short (at least 100ms)");
      }
      parsed.add(d);
    }
    Path target = out != null ? out : defaultOut();
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      throw new CliException("cannot write " + target + ": no such directory " + parent);
    }
    String command =
        "bin/sentinel " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    Bench.run(
        new Bench.Options(n, institutions, s, parsed, parallelism, seed, target, command.strip()),
        System.out);
    return 0;
  }

  /** BENCHMARKS.md at the repository root ({@code bin/sentinel} passes it), else here. */
  private static Path defaultOut() {
    String home = System.getProperty("sentinel.home");
    return home != null ? Path.of(home, "BENCHMARKS.md") : Path.of("BENCHMARKS.md");
  }
}
