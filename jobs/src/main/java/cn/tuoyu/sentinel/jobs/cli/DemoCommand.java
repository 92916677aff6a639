package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.contract.AlertIndices;
import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.infra.ConsoleProgress;
import cn.tuoyu.sentinel.infra.InfraConfig;
import cn.tuoyu.sentinel.infra.LocalInfra;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code sentinel demo}: everything, one command. At this stage of the project it brings up the
 * real infrastructure and says what is still to come; on Ctrl-C it stops what it started.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole system on this machine. Today: real Kafka + Elasticsearch with topics and",
      "alert templates. Coming: monitor job, city simulator, dashboard. Ctrl-C stops everything",
      "the demo started."
    })
final class DemoCommand implements Callable<Integer> {
  /** Printed once everything is up; tests wait for it. */
  static final String READY_LINE = "Press Ctrl-C to stop everything this demo started.";

  @Mixin InfraCommand.InfraOptions options;

  @Override
  public Integer call() throws InterruptedException {
    InfraConfig config = options.toConfig();
    LocalInfra infra = new LocalInfra(config);
    ConsoleProgress progress = ConsoleProgress.stderr();
    CountDownLatch stopped = new CountDownLatch(1);
    // Installed before starting anything, so Ctrl-C during start-up also cleans up.
    LocalInfra.Started[] started = {new LocalInfra.Started(false, false)};
    Thread cleanup =
        new Thread(
            () -> {
              System.err.println();
              System.err.println("Stopping the demo …");
              infra.stopStarted(started[0], progress);
              stopped.countDown();
            },
            "demo-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    started[0] = infra.up(progress);

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
    out.println(
        "  Look:  curl -s '"
            + config.elasticsearchUrl()
            + "/"
            + AlertIndices.ALIAS
            + "/_search?pretty'");
    out.println("         bin/sentinel infra status");
    out.println(
        "  Still to come in this demo: the monitor job (Flink web UI on http://127.0.0.1:8081),");
    out.println("  the city simulator with incidents, and the dashboard on http://127.0.0.1:8080.");
    out.println(READY_LINE);
    out.flush();
    stopped.await();
    return 0;
  }
}
