package cn.tuoyu.sentinel.jobs.e2e;

import cn.tuoyu.sentinel.infra.Platform;
import cn.tuoyu.sentinel.infra.testing.RealInfra;
import cn.tuoyu.sentinel.jobs.monitor.MonitorRunner;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;

/**
 * The live monitor job on an embedded Flink against the real Kafka and Elasticsearch, for ITs that
 * publish events at wall-clock time: the quiet guard at 2 s and partitions without events idle
 * after 5 s (instead of 10 s and 30 s), checkpoints every second, and a consumer group of its own
 * that starts at the current end of the event topics ({@link EventTopics#startGroupAtEnd}).
 */
final class LiveMonitor implements AutoCloseable {
  private final JobClient job;
  private final Path stateDir;

  private LiveMonitor(JobClient job, Path stateDir) {
    this.job = job;
    this.stateDir = stateDir;
  }

  /** Starts the job; publish the reference data and rules first, they are read at start. */
  static LiveMonitor start(RealInfra infra, Path stateDir, Writer log) throws Exception {
    return start(infra, stateDir, log, () -> {});
  }

  /** What a test publishes once the group is at the end of the topics and before the job starts. */
  interface Backlog {
    void publish() throws Exception;
  }

  /**
   * Starts the job after {@code backlog} has published: the job begins with every partition that
   * has events busy, as a monitor does that joins a running city. (Publishing a multi-topic burst
   * into a monitor whose partitions have all gone idle can make part of it LATE: a known gap, see
   * pipeline/README.md.)
   */
  static LiveMonitor start(RealInfra infra, Path stateDir, Writer log, Backlog backlog)
      throws Exception {
    Configuration c = new Configuration();
    c.set(MonitorConfig.QUIET_GUARD, Duration.ofSeconds(2));
    c.set(MonitorConfig.IDLENESS, Duration.ofSeconds(5));
    c.set(MonitorConfig.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
    MonitorConfig config =
        MonitorConfig.from(c)
            .withKafka(infra.bootstrapServers())
            .withElasticsearch(infra.elasticsearchUrl())
            .withGroupId(RealInfra.uniqueName("it-live-monitor"));
    EventTopics.startGroupAtEnd(infra.bootstrapServers(), config.groupId());
    backlog.publish();
    JobClient job =
        new MonitorRunner(config, stateDir, 2, Platform.freePort(), true, null)
            .start(new PrintWriter(log, true));
    return new LiveMonitor(job, stateDir);
  }

  /** Stops the job committing its last alert transaction ({@link LiveJobs}). */
  @Override
  public void close() throws Exception {
    LiveJobs.stopCommitting(job, stateDir);
  }
}
