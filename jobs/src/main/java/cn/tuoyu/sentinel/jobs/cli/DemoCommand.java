package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.contract.AlertIndices;
import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.infra.ConsoleProgress;
import cn.tuoyu.sentinel.infra.InfraConfig;
import cn.tuoyu.sentinel.infra.LocalInfra;
import cn.tuoyu.sentinel.jobs.monitor.MonitorRunner;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.flink.core.execution.JobClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code sentinel demo}: everything, one command. At this stage of the project: the real
 * infrastructure and the live monitor job; it says what is still to come. On Ctrl-C it stops the
 * monitor with a savepoint and then the servers it started.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole system on this machine. Today: real Kafka + Elasticsearch and the live",
      "monitor job (Flink web UI on 8081). Coming: city simulator, dashboard. Ctrl-C stops",
      "everything the demo started."
    })
final class DemoCommand implements Callable<Integer> {
  /** Printed once everything is up; tests wait for it. */
  static final String READY_LINE = "Press Ctrl-C to stop everything this demo started.";

  @Mixin InfraCommand.InfraOptions options;

  @picocli.CommandLine.Option(
      names = "--web-port",
      defaultValue = "8081",
      description = "Flink web UI port (default: ${DEFAULT-VALUE}).")
  int webPort;

  @Override
  public Integer call() throws Exception {
    InfraConfig config = options.toConfig();
    LocalInfra infra = new LocalInfra(config);
    ConsoleProgress progress = ConsoleProgress.stderr();
    CountDownLatch stopped = new CountDownLatch(1);
    // Installed before starting anything, so Ctrl-C during start-up also cleans up.
    LocalInfra.Started[] started = {new LocalInfra.Started(false, false)};
    JobClient[] monitor = {null};
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
    monitor[0] = runner.start(err);

    PrintStream out = System.out;
    out.println();
    out.println("托育安全哨兵 Tuoyu Sentinel — demo");
    out.println(
        "  Kafka          "
            + config.kafkaBootstrap()
            + "   topics: "
            + Topics.ALL.size()
            + " (sentinel.*)");
    out.println(
        "  Elasticsearch  " + config.elasticsearchUrl() + "   alias: " + AlertIndices.ALIAS);
    out.println("  Monitor job    Flink web UI http://127.0.0.1:" + webPort);
    out.println("  Try:   bin/sentinel produce --file examples/room-unattended.jsonl");
    out.println(
        "         curl -s '"
            + config.elasticsearchUrl()
            + "/"
            + AlertIndices.ALIAS
            + "/_search?pretty'");
    out.println("         bin/sentinel infra status");
    out.println(
        "  Still to come in this demo: the city simulator with incidents, and the dashboard on");
    out.println("  http://127.0.0.1:8080.");
    out.println(READY_LINE);
    out.flush();
    stopped.await();
    return 0;
  }
}
