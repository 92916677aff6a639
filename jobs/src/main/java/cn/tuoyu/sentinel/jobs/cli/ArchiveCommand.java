package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.jobs.archive.ArchiveConfig;
import cn.tuoyu.sentinel.jobs.archive.ArchiveRetention;
import cn.tuoyu.sentinel.jobs.archive.ArchiveRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sentinel archive}: the archive job, embedded (web UI on 8082). */
@Command(
    name = "archive",
    mixinStandardHelpOptions = true,
    description = {
      "Archive every record of the event, reference and rules topics, exactly as",
      "it was on Kafka, to Avro files DIR/date=YYYY-MM-DD/region=RRRRRR/part-….avro,",
      "committed exactly once at each checkpoint. Resumes from its last checkpoint;",
      "Ctrl-C stops it with a savepoint, everything committed. Date partitions older",
      "than --retention-days are deleted at start and daily."
    })
final class ArchiveCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--dir",
      required = true,
      paramLabel = "DIR",
      description = "The archive directory (created if missing; checkpoints go to DIR/_state).")
  Path dir;

  @Option(
      names = "--kafka",
      paramLabel = "host:port",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}).")
  String kafka;

  @Option(
      names = "--retention-days",
      paramLabel = "N",
      defaultValue = "" + ArchiveRetention.DEFAULT_DAYS,
      description =
          "Delete date partitions older than N days; at least "
              + ArchiveRetention.MINIMUM_DAYS
              + " (default: ${DEFAULT-VALUE}).")
  int retentionDays;

  @Option(
      names = "--checkpoint-interval",
      paramLabel = "DURATION",
      defaultValue = "1min",
      description =
          "Checkpoint interval (500ms, 10s, 5min, …); files are committed at each, one per"
              + " active partition (default: ${DEFAULT-VALUE}).")
  String checkpointInterval;

  @Option(
      names = "--web-port",
      paramLabel = "PORT",
      defaultValue = "8082",
      description = "Flink web UI port of the embedded cluster (default: ${DEFAULT-VALUE}).")
  int webPort;

  @Option(
      names = "--parallelism",
      paramLabel = "N",
      defaultValue = "2",
      description = "Parallel subtasks (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(names = "--group-id", defaultValue = "sentinel-archive", hidden = true)
  String groupId;

  @Override
  public Integer call() throws Exception {
    try {
      ArchiveRetention.requireAllowed(retentionDays);
    } catch (IllegalArgumentException e) {
      throw new CliException(
          e.getMessage() + "; give --retention-days " + ArchiveRetention.MINIMUM_DAYS + " or more");
    }
    Duration interval = MonitorCommand.parseDuration(checkpointInterval);
    if (interval.isZero() || interval.isNegative()) {
      throw new CliException("--checkpoint-interval must be positive, got " + checkpointInterval);
    }
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new CliException("--dir " + dir + " is a file, not a directory");
    }
    ArchiveConfig config =
        ArchiveConfig.defaults(dir.toString())
            .withKafka(kafka)
            .withGroupId(groupId)
            .withRetentionDays(retentionDays)
            .withCheckpointInterval(interval);
    try {
      return new ArchiveRunner(config, parallelism, webPort)
          .runUntilStopped(spec.commandLine().getErr());
    } catch (KafkaException e) {
      throw new CliException(
          "cannot read from Kafka at "
              + kafka
              + " ("
              + e.getMessage()
              + "): start it with 'bin/sentinel infra up', or give --kafka host:port");
    }
  }
}
