package cn.tuoyu.sentinel.jobs.archive;

import cn.tuoyu.sentinel.jobs.cluster.EmbeddedJobs;
import cn.tuoyu.sentinel.jobs.cluster.FlinkRest;
import cn.tuoyu.sentinel.jobs.monitor.MonitorRunner;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;

/**
 * Starts, resumes and stops the archive job on an embedded Flink, and applies the retention.
 *
 * <p>Checkpoints and savepoints live with the archive, in {@code <dir>/_state}: the file sink's
 * state names files in that directory, so the two belong together (another {@code --dir} starts
 * afresh, from the consumer group's committed offsets). A start resumes from the newest savepoint
 * or checkpoint there; Ctrl-C stops the job with a savepoint, which commits every file written so
 * far. The retention runs before the job starts and then daily, in this process.
 */
public final class ArchiveRunner {
  private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(5);

  private final ArchiveConfig config;
  private final Path archiveDir;
  private final Path stateDir;
  private final ArchiveRetention retention;
  private final int parallelism;
  private final int webPort;

  public ArchiveRunner(ArchiveConfig config, int parallelism, int webPort) {
    this.config = config;
    this.archiveDir = Path.of(config.directory()).toAbsolutePath();
    this.stateDir = archiveDir.resolve(ArchiveLayout.STATE_DIR);
    this.retention = new ArchiveRetention(config.retentionDays());
    this.parallelism = parallelism;
    this.webPort = webPort;
  }

  /** Applies the retention, then submits the job and returns once all its tasks run. */
  public JobClient start(PrintWriter log) throws Exception {
    Files.createDirectories(archiveDir);
    applyRetention(log);
    log.println("▶ Reading institutions' regions from " + config.kafkaBootstrap() + " …");
    log.flush();
    Map<String, String> regions = ArchiveJob.regionsAtStart(config.kafkaBootstrap());
    log.println("✔ " + regions.size() + " institution(s) known");

    Configuration conf = configuration();
    Optional<Path> restore = MonitorRunner.latestRestorePoint(stateDir);
    restore.ifPresent(
        p -> {
          conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString());
          log.println("  resuming from " + p);
        });
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    env.setParallelism(parallelism);
    env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    ArchiveJob.build(env, config, regions);
    log.println("▶ Starting the archive job (embedded Flink) …");
    log.flush();
    JobClient client = env.executeAsync(ArchiveJob.JOB_NAME);
    EmbeddedJobs.awaitAllTasksRunning(
        client, "127.0.0.1:" + webPort, Duration.ofMinutes(2), "archive");
    log.println(
        "✔ Archiving "
            + String.join(", ", ArchiveJob.TOPICS)
            + " to "
            + archiveDir
            + " (files committed every "
            + TimeUtils.formatWithHighestUnit(config.checkpointInterval())
            + "; kept "
            + retention.days()
            + " days), job "
            + client.getJobID()
            + " — Flink web UI http://127.0.0.1:"
            + webPort);
    log.flush();
    return client;
  }

  /**
   * Runs until Ctrl-C (stop with savepoint: everything committed) or until the job fails, printing
   * progress and applying the retention daily.
   */
  public int runUntilStopped(PrintWriter log) throws Exception {
    JobClient client = start(log);
    ScheduledExecutorService background =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "archive-progress");
              t.setDaemon(true);
              return t;
            });
    ArchiveProgress progress =
        new ArchiveProgress(new FlinkRest("127.0.0.1:" + webPort), client.getJobID());
    AtomicReference<ArchiveProgress.Snapshot> last = new AtomicReference<>();
    background.scheduleWithFixedDelay(
        () -> progress.read().ifPresent(s -> printIfChanged(s, last, log)),
        PROGRESS_INTERVAL.toMillis(),
        PROGRESS_INTERVAL.toMillis(),
        TimeUnit.MILLISECONDS);
    background.scheduleAtFixedRate(() -> applyRetention(log), 1, 1, TimeUnit.DAYS);

    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              background.shutdownNow();
              log.println();
              log.println("Stopping the archive with a savepoint (commits every file) …");
              log.flush();
              try {
                log.println(
                    "✔ Stopped; everything archived is committed; savepoint "
                        + stopWithSavepoint(client));
              } catch (Exception e) {
                log.println(
                    "Could not take a savepoint ("
                        + e.getMessage()
                        + "); cancelling. The next start resumes from the last checkpoint.");
                client.cancel();
              }
              log.flush();
              stopped.countDown();
            },
            "archive-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      client.getJobExecutionResult().get();
      background.shutdownNow();
      removeShutdownHook(hook);
      return 0;
    } catch (Exception e) {
      if (stopped.getCount() == 0 || stopped.await(0, TimeUnit.SECONDS)) {
        return 0;
      }
      background.shutdownNow();
      removeShutdownHook(hook);
      log.println("error: the archive job failed: " + rootMessage(e));
      log.flush();
      return 1;
    }
  }

  /** Stops the job with a savepoint under the state directory; returns its path. */
  public String stopWithSavepoint(JobClient client) throws Exception {
    return client
        .stopWithSavepoint(
            false, stateDir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
        .get(2, TimeUnit.MINUTES);
  }

  /** Deletes the date partitions past the retention, saying what it deleted; never throws. */
  void applyRetention(PrintWriter log) {
    try {
      for (ArchiveRetention.Deleted d :
          retention.apply(archiveDir, LocalDate.now(ArchiveLayout.ZONE), Instant.now())) {
        log.println(
            String.format(
                Locale.ROOT,
                "  retention (%d days): deleted %s — %d file(s), %,d bytes%s",
                retention.days(),
                ArchiveLayout.dateDir(d.date()),
                d.files(),
                d.bytes(),
                d.partitionRemoved() ? "" : " (files not part of the archive left in place)"));
      }
    } catch (IOException | RuntimeException e) {
      log.println(
          "warning: the retention pass failed (" + e.getMessage() + "); it runs again tomorrow");
    }
    log.flush();
  }

  private static void printIfChanged(
      ArchiveProgress.Snapshot s, AtomicReference<ArchiveProgress.Snapshot> last, PrintWriter log) {
    ArchiveProgress.Snapshot previous = last.getAndSet(s);
    if (previous == null || previous.files() != s.files()) {
      log.println("  " + s.render());
      log.flush();
    }
  }

  Configuration configuration() {
    return EmbeddedJobs.stateConfiguration(webPort, stateDir);
  }

  private static void removeShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shutdownInProgress) {
      // Ctrl-C came first: the hook is stopping the job.
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
