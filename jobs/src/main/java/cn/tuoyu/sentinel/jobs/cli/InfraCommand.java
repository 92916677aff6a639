package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.infra.ConsoleProgress;
import cn.tuoyu.sentinel.infra.InfraConfig;
import cn.tuoyu.sentinel.infra.InfraStatus;
import cn.tuoyu.sentinel.infra.LocalInfra;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sentinel infra up|down|status}: the local Kafka and Elasticsearch. */
@Command(
    name = "infra",
    mixinStandardHelpOptions = true,
    description = "Start, stop and inspect the local Kafka and Elasticsearch.",
    subcommands = {InfraCommand.Up.class, InfraCommand.Down.class, InfraCommand.Status.class})
final class InfraCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "Missing subcommand: use `infra up`, `infra down` or `infra status`.");
  }

  /** Options shared by the infra subcommands. */
  static final class InfraOptions {
    @Option(
        names = "--data-dir",
        description =
            "Where servers keep data, logs and config (default: $${SENTINEL_DATA_DIR:-.sentinel}).")
    Path dataDir;

    @Option(
        names = "--cache-dir",
        description =
            "Download cache (default: $${SENTINEL_CACHE_DIR:-~/.cache/tuoyu-sentinel}; /var/cache/tuoyu-sentinel for root).")
    Path cacheDir;

    @Option(
        names = "--kafka-port",
        description = "Kafka port; the controller uses the next one (default: 9092).")
    Integer kafkaPort;

    @Option(
        names = "--es-port",
        description = "Elasticsearch HTTP port; transport uses port+100 (default: 9200).")
    Integer esPort;

    @Option(names = "--partitions", description = "Partitions per topic created (default: 4).")
    Integer partitions;

    @Option(
        names = "--es-version",
        description = "Elasticsearch 9.x version to run (default: $${SENTINEL_ES_VERSION:-9.2.0}).")
    String esVersion;

    InfraConfig toConfig() {
      InfraConfig.Builder b = InfraConfig.defaults().toBuilder();
      if (dataDir != null) {
        b.dataDir(dataDir);
      }
      if (cacheDir != null) {
        b.cacheDir(cacheDir);
      }
      if (kafkaPort != null) {
        b.kafkaPorts(kafkaPort, kafkaPort + 1);
      }
      if (esPort != null) {
        b.elasticsearchPorts(esPort, esPort + 100);
      }
      if (partitions != null) {
        b.partitions(partitions);
      }
      if (esVersion != null && !esVersion.isBlank()) {
        b.elasticsearchVersion(esVersion);
      }
      return b.build();
    }
  }

  @Command(
      name = "up",
      mixinStandardHelpOptions = true,
      description = {
        "Download (first time only) and start Kafka and Elasticsearch, create the topics and the",
        "alert index templates. Harmless when already running."
      })
  static final class Up implements Callable<Integer> {
    @Mixin InfraOptions options;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      LocalInfra infra = new LocalInfra(options.toConfig());
      infra.up(ConsoleProgress.stderr());
      InfraStatus status = infra.status();
      spec.commandLine().getOut().print(status.render());
      spec.commandLine().getOut().flush();
      return status.allHealthy() ? 0 : SentinelCli.EXIT_FAILURE;
    }
  }

  @Command(
      name = "down",
      mixinStandardHelpOptions = true,
      description = "Stop Kafka and Elasticsearch. Data is kept unless --purge is given.")
  static final class Down implements Callable<Integer> {
    @Mixin InfraOptions options;

    @Option(names = "--purge", description = "Also delete all Kafka and Elasticsearch data.")
    boolean purge;

    @Override
    public Integer call() {
      LocalInfra infra = new LocalInfra(options.toConfig());
      ConsoleProgress progress = ConsoleProgress.stderr();
      infra.down(progress);
      if (purge) {
        infra.purge(progress);
      }
      return 0;
    }
  }

  @Command(
      name = "status",
      mixinStandardHelpOptions = true,
      description = {
        "Show whether Kafka and Elasticsearch run and are healthy, with topics and templates.",
        "Exit code 0 when everything is healthy, 1 otherwise."
      })
  static final class Status implements Callable<Integer> {
    @Mixin InfraOptions options;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      InfraStatus status = new LocalInfra(options.toConfig()).status();
      spec.commandLine().getOut().print(status.render());
      spec.commandLine().getOut().flush();
      return status.allHealthy() ? 0 : SentinelCli.EXIT_FAILURE;
    }
  }
}
