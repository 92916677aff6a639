package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.contract.AlertIndices;
import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.dashboard.DashboardConfig;
import cn.tuoyu.sentinel.dashboard.DashboardServer;
import cn.tuoyu.sentinel.infra.ConsoleProgress;
import cn.tuoyu.sentinel.infra.InfraConfig;
import cn.tuoyu.sentinel.infra.LocalInfra;
import cn.tuoyu.sentinel.jobs.monitor.MonitorRunner;
import cn.tuoyu.sentinel.jobs.simulate.Simulator;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sentinel demo}: everything, one command — real Kafka and Elasticsearch, the city simulator
 * with incidents streaming live, and the monitor job. On Ctrl-C it stops the simulator (writing its
 * ground truth), the monitor with a savepoint and then the servers it started.
 *
 * <p>The simulated clock: institutions are only busy in the daytime, so at night (outside 08:00–
 * 16:30 Asia/Shanghai) the demo replays the most recent morning from 08:30 at wall-clock pace. A
 * later run continues from where the previous one stopped (never back in time: the monitor's state
 * is kept), or from now/08:30 if that is later.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole system on this machine: real Kafka + Elasticsearch, the city simulator",
      "(a few hundred institutions, incidents on) and the live monitor job (Flink web UI on",
      "8081). Ctrl-C stops everything the demo started."
    })
final class DemoCommand implements Callable<Integer> {
  /** Printed once everything is up; tests wait for it. */
  static final String READY_LINE = "Press Ctrl-C to stop everything this demo started.";

  static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

  @Mixin InfraCommand.InfraOptions options;

  @Option(
      names = "--web-port",
      defaultValue = "8081",
      description = "Flink web UI port (default: ${DEFAULT-VALUE}).")
  int webPort;

  @Option(
      names = "--dashboard-port",
      defaultValue = "8080",
      description = "Dashboard port (default: ${DEFAULT-VALUE}).")
  int dashboardPort;

  @Option(
      names = "--institutions",
      defaultValue = "300",
      description = "Simulated institutions (default: ${DEFAULT-VALUE}).")
  int institutions;

  @Option(
      names = "--rate",
      defaultValue = "1",
      description = "Simulated seconds per real second (default: ${DEFAULT-VALUE}, real time).")
  double rate;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Simulator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  Clock clock = Clock.system(CHINA);

  @Override
  public Integer call() throws Exception {
    if (institutions < 1 || institutions > 20_000) {
      throw new CliException("--institutions must be between 1 and 20000, got " + institutions);
    }
    if (!(rate > 0 && rate <= 1000)) {
      throw new CliException("--rate must be a speed-up between 0 and 1000, got " + rate);
    }
    InfraConfig config = options.toConfig();
    LocalInfra infra = new LocalInfra(config);
    ConsoleProgress progress = ConsoleProgress.stderr();
    CountDownLatch stopped = new CountDownLatch(1);
    Path demoDir = config.dataDir().resolve("demo");
    Path clockFile = demoDir.resolve("simulated-clock");
    Path truthFile = demoDir.resolve("truth.json");
    // Installed before starting anything, so Ctrl-C during start-up also cleans up.
    LocalInfra.Started[] started = {new LocalInfra.Started(false, false)};
    JobClient[] monitor = {null};
    DashboardServer[] dashboard = {null};
    AtomicBoolean stopSimulator = new AtomicBoolean();
    AtomicReference<Thread> simulator = new AtomicReference<>();
    AtomicReference<Simulator.Summary> simulated = new AtomicReference<>();
    PrintWriter err = new PrintWriter(System.err, true);
    MonitorRunner runner =
        new MonitorRunner(
            MonitorConfig.defaults()
                .withKafka(config.kafkaBootstrap())
                .withElasticsearch(config.elasticsearchUrl()),
            config.dataDir().resolve("monitor"),
            2,
            webPort,
            false,
            null);
    Thread cleanup =
        new Thread(
            () -> {
              System.err.println();
              System.err.println("Stopping the demo …");
              stopSimulator.set(true);
              if (dashboard[0] != null) {
                dashboard[0].close();
                err.println("  dashboard stopped");
              }
              Thread sim = simulator.get();
              if (sim != null) {
                try {
                  sim.join(TimeUnit.SECONDS.toMillis(30));
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                Simulator.Summary s = simulated.get();
                if (s != null) {
                  saveClock(clockFile, s.truth().until());
                  err.println(
                      "  simulator stopped: "
                          + s.events()
                          + " events sent; ground truth "
                          + truthFile
                          + " (bin/sentinel score --truth …)");
                }
              }
              if (monitor[0] != null) {
                try {
                  err.println("  monitor savepoint: " + runner.stopWithSavepoint(monitor[0]));
                } catch (Exception e) {
                  err.println("  could not take a savepoint (" + e.getMessage() + "); cancelling");
                  monitor[0].cancel();
                }
              }
              infra.stopStarted(started[0], progress);
              stopped.countDown();
            },
            "demo-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    started[0] = infra.up(progress);

    // The simulator registers its institutions before the monitor starts (the monitor loads
    // reference data at start), then streams; the monitor picks up from the first event.
    Instant start = simulatedStart(clock.instant(), readClock(clockFile));
    Simulator.Settings settings =
        new Simulator.Settings(institutions, seed, start, null, rate, true);
    CountDownLatch registered = new CountDownLatch(1);
    AtomicReference<Exception> simFailure = new AtomicReference<>();
    Files.createDirectories(demoDir);
    Thread sim =
        new Thread(
            () -> {
              try {
                simulated.set(
                    Simulator.live(
                        settings,
                        config.kafkaBootstrap(),
                        truthFile,
                        progress,
                        registered::countDown,
                        stopSimulator::get));
              } catch (Exception e) {
                simFailure.set(e);
                err.println("error: the simulator stopped: " + e.getMessage());
              } finally {
                registered.countDown();
              }
            },
            "demo-simulator");
    sim.setDaemon(true);
    simulator.set(sim);
    sim.start();
    if (!registered.await(2, TimeUnit.MINUTES) || simFailure.get() != null) {
      throw new CliException(
          "the simulator could not register its institutions on Kafka "
              + config.kafkaBootstrap()
              + (simFailure.get() == null ? "" : ": " + simFailure.get().getMessage()));
    }
    monitor[0] = runner.start(err);

    List<DemoLogins.Login> logins =
        DemoLogins.ensure(demoDir, Simulator.reference(settings), Simulator.districtNames());
    DashboardConfig dashboardConfig =
        DashboardConfig.defaults(demoDir)
            .withPort(dashboardPort)
            .withServers(config.kafkaBootstrap(), config.elasticsearchUrl());
    try {
      dashboard[0] = DashboardServer.start(dashboardConfig);
    } catch (java.net.BindException e) {
      throw new CliException(
          "port " + dashboardPort + " is in use (another dashboard?); pass --dashboard-port");
    }

    PrintStream out = System.out;
    out.println();
    out.println("托育安全哨兵 Tuoyu Sentinel — demo");
    out.println(
        "  Simulator      "
            + institutions
            + " institutions (seed "
            + seed
            + "), incidents on; simulated clock from "
            + LocalDateTime.ofInstant(start, CHINA).truncatedTo(ChronoUnit.SECONDS)
            + " (Asia/Shanghai), ×"
            + (rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate)));
    out.println(
        "  Kafka          "
            + config.kafkaBootstrap()
            + "   topics: "
            + Topics.ALL.size()
            + " (sentinel.*)");
    out.println(
        "  Elasticsearch  " + config.elasticsearchUrl() + "   alias: " + AlertIndices.ALIAS);
    out.println("  Monitor job    Flink web UI http://127.0.0.1:" + webPort);
    out.println("  Alerts arrive within a few minutes. Look at the open ones:");
    out.println(
        "         curl -s '"
            + config.elasticsearchUrl()
            + "/"
            + AlertIndices.ALIAS
            + "/_search?q=status:OPEN&sort=openedAt:desc&size=5&pretty'");
    out.println(
        "         curl -s '"
            + config.elasticsearchUrl()
            + "/"
            + AlertIndices.ALIAS
            + "/_search?size=0&pretty' -H 'Content-Type: application/json' -d"
            + " '{\"aggs\":{\"rules\":{\"terms\":{\"field\":\"ruleId\"}}}}'");
    out.println("         bin/sentinel infra status");
    out.println(
        "  Dashboard      "
            + dashboard[0].url()
            + "   demo logins ("
            + demoDir.resolve("logins.txt")
            + "):");
    for (DemoLogins.Login l : logins) {
      out.printf("                 %-28s %-14s %s%n", l.username(), l.password(), l.who());
    }
    out.println(READY_LINE);
    out.flush();
    stopped.await();
    return 0;
  }

  /**
   * Where the simulated clock starts: now in the daytime (08:00–16:30 Asia/Shanghai), else the most
   * recent 08:30; never before where the previous demo stopped.
   */
  static Instant simulatedStart(Instant now, Instant previousEnd) {
    ZonedDateTime local = now.atZone(CHINA).truncatedTo(ChronoUnit.SECONDS);
    LocalTime t = local.toLocalTime();
    Instant start;
    if (!t.isBefore(LocalTime.of(8, 0)) && t.isBefore(LocalTime.of(16, 30))) {
      start = local.toInstant();
    } else {
      ZonedDateTime morning = local.with(LocalTime.of(8, 30));
      start = (t.isBefore(LocalTime.of(8, 30)) ? morning.minusDays(1) : morning).toInstant();
    }
    return previousEnd != null && previousEnd.isAfter(start) ? previousEnd : start;
  }

  private static Instant readClock(Path file) {
    try {
      return Files.exists(file)
          ? Instant.parse(Files.readString(file, StandardCharsets.UTF_8).trim())
          : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static void saveClock(Path file, Instant t) {
    try {
      Files.writeString(file, t.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.err.println("  could not save the simulated clock to " + file + ": " + e.getMessage());
    }
  }
}
