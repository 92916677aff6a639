package cn.tuoyu.sentinel.jobs.archive;

import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import java.io.Serializable;
import java.time.Duration;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * The archive job's settings: every key once, as a {@link ConfigOption} with its default and
 * description, parsed once into this immutable record. The Kafka address is the monitor's key
 * ({@link MonitorConfig#KAFKA_BOOTSTRAP}).
 *
 * @param directory the archive directory (a local path)
 */
public record ArchiveConfig(
    String directory,
    String kafkaBootstrap,
    String groupId,
    Duration checkpointInterval,
    int retentionDays)
    implements Serializable {

  public static final ConfigOption<String> DIRECTORY =
      ConfigOptions.key("sentinel.archive.dir")
          .stringType()
          .noDefaultValue()
          .withDescription("The archive directory: date=…/region=…/part-….avro under it.");

  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL =
      ConfigOptions.key("sentinel.archive.checkpoint-interval")
          .durationType()
          .defaultValue(Duration.ofMinutes(1))
          .withDescription(
              "Checkpoint interval of the archive job. Files are committed at each checkpoint,"
                  + " one per active date/region partition: shorter means fresher and smaller"
                  + " files, and more of them.");

  public static final ConfigOption<Integer> RETENTION_DAYS =
      ConfigOptions.key("sentinel.archive.retention-days")
          .intType()
          .defaultValue(ArchiveRetention.DEFAULT_DAYS)
          .withDescription(
              "Date partitions older than this many days are deleted (at start and daily);"
                  + " at least "
                  + ArchiveRetention.MINIMUM_DAYS
                  + ".");

  public static final ConfigOption<String> GROUP_ID =
      ConfigOptions.key("sentinel.archive.group-id")
          .stringType()
          .defaultValue("sentinel-archive")
          .withDescription(
              "Kafka consumer group of the archive job (offsets live in its checkpoints).");

  /**
   * @throws IllegalArgumentException if no directory is set or the retention is below the minimum
   */
  public ArchiveConfig {
    if (directory == null || directory.isBlank()) {
      throw new IllegalArgumentException("no archive directory (" + DIRECTORY.key() + ")");
    }
    ArchiveRetention.requireAllowed(retentionDays);
    if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
      throw new IllegalArgumentException("the checkpoint interval must be positive");
    }
  }

  public static ArchiveConfig from(ReadableConfig c) {
    return new ArchiveConfig(
        c.get(DIRECTORY),
        c.get(MonitorConfig.KAFKA_BOOTSTRAP),
        c.get(GROUP_ID),
        c.get(CHECKPOINT_INTERVAL),
        c.get(RETENTION_DAYS));
  }

  /** The defaults, archiving to {@code directory}. */
  public static ArchiveConfig defaults(String directory) {
    Configuration c = new Configuration();
    c.set(DIRECTORY, directory);
    return from(c);
  }

  public ArchiveConfig withKafka(String bootstrap) {
    return new ArchiveConfig(directory, bootstrap, groupId, checkpointInterval, retentionDays);
  }

  public ArchiveConfig withGroupId(String id) {
    return new ArchiveConfig(directory, kafkaBootstrap, id, checkpointInterval, retentionDays);
  }

  public ArchiveConfig withCheckpointInterval(Duration interval) {
    return new ArchiveConfig(directory, kafkaBootstrap, groupId, interval, retentionDays);
  }

  public ArchiveConfig withRetentionDays(int days) {
    return new ArchiveConfig(directory, kafkaBootstrap, groupId, checkpointInterval, days);
  }
}
