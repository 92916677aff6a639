package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.infra.ConsoleProgress;
import cn.tuoyu.sentinel.jobs.simulate.Simulator;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sentinel simulate}: a city of institutions, to a file or live to Kafka. */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = {
      "Simulate a city of infant-care institutions in Tianjin, Changzhou, other Jiangsu districts",
      "and Wenzhou: attendance with a daily rhythm, camera heartbeats every 30 s, sensor readings",
      "every 60 s. Deterministic for a seed (and start).",
      "  With --out: writes --hours of simulated time to a JSON-lines file as fast as possible.",
      "  Without:    streams live to Kafka at wall-clock pace (×--rate), until Ctrl-C or --hours.",
      "--incidents injects incidents of every rule of rules.md, and near misses that must not",
      "alert; --truth writes the alerts they must raise (for bin/sentinel score)."
    })
final class SimulateCommand implements Callable<Integer> {
  static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--institutions",
      defaultValue = "50",
      paramLabel = "N",
      description = "How many institutions (default: ${DEFAULT-VALUE}).")
  int institutions;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "S",
      description =
          "Seed; the same seed, start and count give the same output (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--rate",
      paramLabel = "R",
      description = "Live: simulated seconds per real second (default 1 = wall-clock pace).")
  Double rate;

  @Option(
      names = "--hours",
      paramLabel = "H",
      description = "Simulated hours (with --out default 24; live: stop after H, default never).")
  Double hours;

  @Option(
      names = "--start",
      paramLabel = "T",
      description = {
        "First simulated instant: 2026-11-23T15:00+08:00, 2026-11-23T15:00 or 15:00 (today),",
        "Asia/Shanghai. Default: with --out today 07:00; live now."
      })
  String start;

  @Option(names = "--incidents", description = "Inject incidents and near misses.")
  boolean incidents;

  @Option(
      names = "--out",
      paramLabel = "F.jsonl",
      description = "Write to this file instead of Kafka.")
  Path out;

  @Option(names = "--truth", paramLabel = "T.json", description = "Write the ground truth here.")
  Path truth;

  @Option(
      names = "--kafka",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers for a live run (default: ${DEFAULT-VALUE}).")
  String kafka;

  Clock clock = Clock.system(CHINA);

  @Override
  public Integer call() throws Exception {
    if (institutions < 1 || institutions > 20_000) {
      throw new CliException("--institutions must be between 1 and 20000, got " + institutions);
    }
    if (hours != null && !(hours > 0 && hours <= 24 * 366)) {
      throw new CliException(
          "--hours must be a positive number of hours (at most a year), got " + hours);
    }
    if (rate != null && !(rate > 0 && rate <= 100_000)) {
      throw new CliException(
          "--rate must be a positive speed-up factor (1 = real time), got " + rate);
    }
    if (out != null && rate != null) {
      throw new CliException(
          "--rate paces a live run; with --out the file is written as fast as possible — use --hours");
    }
    var progress = ConsoleProgress.stderr();
    var stdout = spec.commandLine().getOut();
    if (out != null) {
      Instant from = start == null ? today(LocalTime.of(7, 0)) : parseStart(start);
      Simulator.Settings s =
          new Simulator.Settings(
              institutions, seed, from, hoursOf(hours == null ? 24 : hours), 1, incidents);
      Simulator.Summary summary = Simulator.toFile(s, out, truth, progress);
      stdout.print(summary.render());
      stdout.flush();
      return 0;
    }
    Instant from =
        start == null ? clock.instant().truncatedTo(ChronoUnit.SECONDS) : parseStart(start);
    Simulator.Settings s =
        new Simulator.Settings(
            institutions,
            seed,
            from,
            hours == null ? null : hoursOf(hours),
            rate == null ? 1 : rate,
            incidents);
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              stop.set(true);
              try {
                finished.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "simulate-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Simulator.Summary summary = Simulator.live(s, kafka, truth, progress, () -> {}, stop::get);
      stdout.print(summary.render());
      if (truth != null) {
        stdout.println("ground truth: " + truth);
      }
      stdout.flush();
    } catch (java.io.IOException e) {
      throw new CliException(
          "could not publish to Kafka at "
              + kafka
              + " ("
              + e.getMessage()
              + "): is it running? Start it with bin/sentinel infra up");
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and waits for us.
      }
    }
    return 0;
  }

  private Instant today(LocalTime t) {
    return LocalDate.now(clock).atTime(t).atZone(CHINA).toInstant();
  }

  private Instant parseStart(String text) {
    return CliTimes.parse(text, "--start", clock);
  }

  private static Duration hoursOf(double h) {
    return Duration.ofMillis(Math.round(h * 3_600_000));
  }
}
