package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.infra.InfraConfig;
import cn.tuoyu.sentinel.jobs.monitor.MonitorRunner;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sentinel monitor}: the live job, embedded (web UI on 8081) or on a Flink cluster. */
@Command(
    name = "monitor",
    mixinStandardHelpOptions = true,
    description = {
      "Run the monitor job live: Kafka events → rules → alerts in Elasticsearch and on",
      "sentinel.alerts. Resumes from its last checkpoint; Ctrl-C stops it with a savepoint."
    })
final class MonitorCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--cluster",
      paramLabel = "host:port",
      description =
          "Submit to this Flink cluster (JobManager REST address) instead of running embedded.")
  String cluster;

  @Option(
      names = "--kafka",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String kafka;

  @Option(
      names = "--es",
      defaultValue = "http://127.0.0.1:9200",
      description = "Elasticsearch URL (default: ${DEFAULT-VALUE}).")
  String elasticsearch;

  @Option(
      names = "--data-dir",
      description =
          "Where checkpoints and savepoints are kept (default: $${SENTINEL_DATA_DIR:-.sentinel}).")
  Path dataDir;

  @Option(
      names = "--web-port",
      defaultValue = "8081",
      description = "Flink web UI port of the embedded cluster (default: ${DEFAULT-VALUE}).")
  int webPort;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Parallel subtasks (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--checkpoint-interval",
      defaultValue = "5s",
      description =
          "Checkpoint interval; alerts on Kafka are committed at each (default: ${DEFAULT-VALUE}).")
  String checkpointInterval;

  @Option(
      names = "--fresh",
      description = "Ignore earlier checkpoints and start from the beginning of the topics.")
  boolean fresh;

  @Option(names = "--group-id", defaultValue = "sentinel-monitor", hidden = true)
  String groupId;

  @Override
  public Integer call() throws Exception {
    Duration interval = parseDuration(checkpointInterval);
    MonitorConfig config =
        MonitorConfig.defaults()
            .withKafka(kafka)
            .withElasticsearch(elasticsearch)
            .withGroupId(groupId)
            .withCheckpointInterval(interval);
    Path data = dataDir != null ? dataDir : InfraConfig.defaults().dataDir();
    MonitorRunner runner =
        new MonitorRunner(config, data.resolve("monitor"), parallelism, webPort, fresh, cluster);
    return runner.runUntilStopped(spec.commandLine().getErr());
  }

  static Duration parseDuration(String text) {
    try {
      return org.apache.flink.util.TimeUtils.parseDuration(text);
    } catch (IllegalArgumentException e) {
      throw new CliException("not a duration: '" + text + "' (examples: 500ms, 5s, 1min)");
    }
  }
}
