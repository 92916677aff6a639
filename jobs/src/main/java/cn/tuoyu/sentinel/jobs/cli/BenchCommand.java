package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.jobs.bench.Bench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sentinel bench}: throughput and latency of the monitor job, and the rule graph's state
 * size over a simulated day, into BENCHMARKS.md.
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measure the monitor job on this machine and write BENCHMARKS.md.",
      "kafka: events/s catching up on a backlog through the real Kafka next to the",
      "raw consume rate of the same events (the ceiling), and p50/p99 latency from",
      "an alert transition to sentinel.alerts, once per checkpoint interval. Runs its",
      "own Kafka and Elasticsearch on free ports (a running demo is not touched) and",
      "removes them afterwards. About 3 minutes on 2 cores; --quick about 2.",
      "state: checkpointed state per camera of the rule graph at simulated hours",
      "0, 1, 6, 12 and 24 of 10,000 cameras' heartbeats (28.8 M events, generated",
      "in-process, no servers), and its events/s next to the generator alone. About",
      "12 minutes on 2 cores; --quick (1,000 cameras × 6 h) about 2.",
      "archive: replay from the archive (the README's simulated city, 50 institutions",
      "× 12 h, laid out as the archive job lays it out) next to the raw read rate of",
      "the same files (the ceiling). No servers; about 1 minute.",
      "All three run by default; --only runs one and keeps the others' parts of the file."
    })
final class BenchCommand implements Callable<Integer> {
  static final long DEFAULT_EVENTS = 300_000;
  static final long QUICK_EVENTS = 60_000;
  static final int QUICK_SAMPLES = 30;
  static final int DEFAULT_CAMERAS = 10_000;
  static final int QUICK_CAMERAS = 1_000;
  static final int DEFAULT_HOURS = 24;
  static final int QUICK_HOURS = 6;
  static final int MAX_HOURS = 168;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--only",
      paramLabel = "PART",
      description =
          "Run one part only: kafka (throughput and latency through Kafka), state (state size"
              + " per camera) or archive (replay from the archive); the file keeps the other"
              + " parts as they were.")
  String only;

  @Option(
      names = "--cameras",
      paramLabel = "N",
      description =
          "state: cameras, a multiple of 20 (20 per institution; default: "
              + DEFAULT_CAMERAS
              + ", --quick "
              + QUICK_CAMERAS
              + ").")
  Integer cameras;

  @Option(
      names = "--hours",
      paramLabel = "H",
      description =
          "state: simulated hours of heartbeats, 1 to "
              + MAX_HOURS
              + " (default: "
              + DEFAULT_HOURS
              + ", --quick "
              + QUICK_HOURS
              + ").")
  Integer hours;

  @Option(
      names = "--events",
      paramLabel = "N",
      description =
          "kafka: events of the synthetic city in the backlog (default: " + DEFAULT_EVENTS + ").")
  Long events;

  @Option(
      names = "--institutions",
      paramLabel = "M",
      defaultValue = "200",
      description = "kafka: institutions of the synthetic city (default: ${DEFAULT-VALUE}).")
  int institutions;

  @Option(
      names = "--samples",
      paramLabel = "S",
      description =
          "kafka: latency episodes per checkpoint interval, two alert transitions each (default:"
              + " 100).")
  Integer samples;

  @Option(
      names = "--checkpoint-intervals",
      paramLabel = "D",
      split = ",",
      defaultValue = "5s,500ms",
      description =
          "kafka: checkpoint intervals to measure, one monitor run each (default:"
              + " ${DEFAULT-VALUE}; 5s is the monitor's default, which the state part uses).")
  List<String> intervals;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description =
          "Parallelism of the monitor job and the rule graph (default: ${DEFAULT-VALUE}, as"
              + " `monitor`).")
  int parallelism;

  @Option(
      names = "--seed",
      defaultValue = "20261123",
      description =
          "Seed of the synthetic city and of the cameras' schedule (default: ${DEFAULT-VALUE}).")
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
              + " samples; "
              + QUICK_CAMERAS
              + " cameras × "
              + QUICK_HOURS
              + " h); the figures are less stable.")
  boolean quick;

  @Override
  public Integer call() throws Exception {
    Set<Bench.Phase> phases = phases();
    long n = events != null ? events : quick ? QUICK_EVENTS : DEFAULT_EVENTS;
    int s = samples != null ? samples : quick ? QUICK_SAMPLES : 100;
    int c = cameras != null ? cameras : quick ? QUICK_CAMERAS : DEFAULT_CAMERAS;
    int h = hours != null ? hours : quick ? QUICK_HOURS : DEFAULT_HOURS;
    if (n < 1_000) {
      throw misuse("--events must be at least 1000, got " + n);
    }
    if (institutions < 1 || institutions > 100_000) {
      throw misuse("--institutions must be between 1 and 100000, got " + institutions);
    }
    if (s < 1) {
      throw misuse("--samples must be at least 1, got " + s);
    }
    if (parallelism < 1 || parallelism > 64) {
      throw misuse("--parallelism must be between 1 and 64, got " + parallelism);
    }
    if (c < 20 || c > 1_000_000 || c % 20 != 0) {
      throw misuse(
          "--cameras must be a multiple of 20 (20 cameras per institution) between 20 and"
              + " 1000000, got "
              + c);
    }
    if (h < 1 || h > MAX_HOURS) {
      throw misuse("--hours must be between 1 and " + MAX_HOURS + ", got " + h);
    }
    List<Duration> parsed = new ArrayList<>();
    for (String text : intervals) {
      Duration d;
      try {
        d = MonitorCommand.parseDuration(text.strip());
      } catch (CliException e) {
        throw misuse("--checkpoint-intervals: " + e.getMessage());
      }
      if (d.toMillis() < 100) {
        throw misuse("checkpoint interval " + text + " is too short (at least 100ms)");
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
        new Bench.Options(
            phases, n, institutions, s, parsed, parallelism, seed, c, h, target, command.strip()),
        System.out);
    return 0;
  }

  /** The parts to run; options that only concern a part left out are misuse, not ignored. */
  private Set<Bench.Phase> phases() {
    if (only == null) {
      return EnumSet.allOf(Bench.Phase.class);
    }
    Bench.Phase phase;
    switch (only.strip()) {
      case "kafka" -> phase = Bench.Phase.KAFKA;
      case "state" -> phase = Bench.Phase.STATE;
      case "archive" -> phase = Bench.Phase.ARCHIVE;
      default -> throw misuse("--only takes kafka, state or archive, got '" + only + "'");
    }
    List<String> kafkaOnly =
        List.of("--events", "--institutions", "--samples", "--checkpoint-intervals");
    List<String> stateOnly = List.of("--cameras", "--hours");
    List<String> others =
        switch (phase) {
          case STATE -> kafkaOnly;
          case KAFKA -> stateOnly;
          case ARCHIVE ->
              java.util.stream.Stream.concat(kafkaOnly.stream(), stateOnly.stream()).toList();
        };
    for (String option : others) {
      if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
        throw misuse(
            option
                + " applies to the "
                + (kafkaOnly.contains(option) ? "kafka" : "state")
                + " part, which --only "
                + only.strip()
                + " does not run; drop one of them");
      }
    }
    return EnumSet.of(phase);
  }

  private CommandLine.ParameterException misuse(String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }

  /** BENCHMARKS.md at the repository root ({@code bin/sentinel} passes it), else here. */
  private static Path defaultOut() {
    String home = System.getProperty("sentinel.home");
    return home != null ? Path.of(home, "BENCHMARKS.md") : Path.of("BENCHMARKS.md");
  }
}
