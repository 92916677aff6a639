package cn.tuoyu.sentinel.jobs.archive;

import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.jobs.monitor.ReferenceBootstrap;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.schema.ArchivedRecord;
import cn.tuoyu.sentinel.schema.Institution;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.rollingpolicies.OnCheckpointRollingPolicy;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The archive job: every record of the event, reference and rules topics, as it was on Kafka, into
 * Avro files partitioned by date and region ({@link ArchiveLayout}), committed exactly once at each
 * checkpoint.
 *
 * <pre>
 * Kafka (5 topics) ─► ArchivedRecords ─┬──────────────────────► RegionResolver ─► keyBy partition ─► FileSink
 *                                      └─ institutions ─► broadcast ─┘
 * </pre>
 *
 * {@link #main} is the entry point for {@code flink run} on a cluster; {@code bin/sentinel archive}
 * runs the same {@link #build} on an embedded cluster ({@link ArchiveRunner}).
 */
public final class ArchiveJob {
  public static final String JOB_NAME = "Tuoyu Sentinel archive";

  /** What is archived: everything an analyst's replay needs. Alerts are output, not input. */
  public static final List<String> TOPICS =
      List.of(Topics.ATTENDANCE, Topics.CAMERA, Topics.SENSOR, Topics.INSTITUTIONS, Topics.RULES);

  /** The name of the file sink (and the web UI vertex holding it). */
  static final String SINK_NAME = "Archive files";

  private ArchiveJob() {}

  /** For {@code flink run -c cn.tuoyu.sentinel.jobs.archive.ArchiveJob sentinel.jar}. */
  public static void main(String[] args) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    ArchiveConfig config = ArchiveConfig.from(env.getConfiguration());
    build(env, config, regionsAtStart(config.kafkaBootstrap()));
    env.execute(JOB_NAME);
  }

  /**
   * The regionCode of every institution on the (compacted) reference topic now, so that the first
   * events after a start land in their institution's region even before its record is broadcast.
   */
  public static Map<String, String> regionsAtStart(String bootstrap) {
    Map<String, String> regions = new HashMap<>();
    for (EventEnvelope env : ReferenceBootstrap.read(bootstrap, Duration.ofSeconds(30))) {
      if (env.kind == EventEnvelope.Kind.INSTITUTION) {
        Institution i = (Institution) env.record();
        regions.put(i.getInstitutionId(), i.getRegionCode());
      }
    }
    return regions;
  }

  /**
   * Wires the source, the region lookup and the file sink into {@code env}. Opens no connection.
   */
  public static void build(
      StreamExecutionEnvironment env, ArchiveConfig config, Map<String, String> regionsAtStart) {
    KafkaSource<ArchivedRecord> source =
        KafkaSource.<ArchivedRecord>builder()
            .setBootstrapServers(config.kafkaBootstrap())
            .setTopics(TOPICS)
            .setGroupId(config.groupId())
            // Offsets are in the checkpoints; the group's committed offsets matter only when the
            // state is gone, and then continuing where the last checkpoint left off (rather than
            // from the beginning) avoids archiving the same records twice.
            .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
            .setDeserializer(new ArchiveDeserializer())
            .setProperty("isolation.level", "read_committed")
            .setProperty("partition.discovery.interval.ms", "60000")
            .build();
    DataStream<ArchivedRecord> records =
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "Kafka events, reference, rules")
            .uid("kafka-records");
    BroadcastStream<ArchivedRecord> institutions =
        records
            .filter(ArchivedRecords::isInstitution)
            .uid("institutions")
            .name("Institutions")
            .broadcast(RegionResolver.REGIONS);
    records
        .connect(institutions)
        .process(new RegionResolver(regionsAtStart))
        .uid("region-resolver")
        .name("Region of the institution")
        // One writer per partition: a checkpoint commits one file per active partition, not one
        // per partition and subtask.
        .keyBy(ArchiveBuckets::of, Types.STRING)
        .sinkTo(fileSink(Path.of(config.directory())))
        .uid("archive-files")
        .name(SINK_NAME);
  }

  /**
   * Avro files rolled at every checkpoint and committed when it completes: a file is visible
   * (renamed from its hidden in-progress name) exactly when the Kafka offsets of its records are in
   * a completed checkpoint, so after any failure the job resumes with neither gaps nor duplicates.
   */
  static FileSink<ArchivedRecord> fileSink(Path directory) {
    return FileSink.forBulkFormat(
            new org.apache.flink.core.fs.Path(directory.toAbsolutePath().toUri()),
            ArchiveFormat.writerFactory())
        .withBucketAssigner(new ArchiveBuckets())
        .withRollingPolicy(OnCheckpointRollingPolicy.build())
        .withOutputFileConfig(
            OutputFileConfig.builder()
                .withPartPrefix(ArchiveLayout.PART_PREFIX)
                .withPartSuffix(ArchiveLayout.PART_SUFFIX)
                .build())
        .build();
  }
}
