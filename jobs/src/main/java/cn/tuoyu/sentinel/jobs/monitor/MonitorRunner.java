package cn.tuoyu.sentinel.jobs.monitor;

import cn.tuoyu.sentinel.jobs.cluster.EmbeddedJobs;
import cn.tuoyu.sentinel.jobs.cluster.SentinelJar;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Starts, resumes and stops the live monitor job.
 *
 * <p>State backend: the heap ({@code hashmap}) backend with checkpoints on the local file system
 * under the data directory. The job's state is small and bounded (per institution: who is where,
 * open conditions, events waiting for the watermark), so heap state is fastest and needs no native
 * library; checkpoints are retained on cancellation. A start resumes from the newest savepoint or
 * checkpoint found there unless told to start fresh; Ctrl-C stops the job with a savepoint, which
 * also commits everything sent to Kafka.
 */
public final class MonitorRunner {

  private final MonitorConfig config;
  private final Path stateDir;
  private final int parallelism;
  private final int webPort;
  private final boolean fresh;
  private final String cluster;

  public MonitorRunner(
      MonitorConfig config,
      Path stateDir,
      int parallelism,
      int webPort,
      boolean fresh,
      String cluster) {
    this.config = config;
    this.stateDir = stateDir.toAbsolutePath();
    this.parallelism = parallelism;
    this.webPort = webPort;
    this.fresh = fresh;
    this.cluster = cluster;
  }

  /** Submits the job and returns at once. */
  public JobClient start(PrintWriter log) throws Exception {
    log.println("▶ Reading reference data and rules from " + config.kafkaBootstrap() + " …");
    log.flush();
    List<EventEnvelope> bootstrap =
        ReferenceBootstrap.read(config.kafkaBootstrap(), Duration.ofSeconds(30));
    long institutions =
        bootstrap.stream().filter(e -> e.kind == EventEnvelope.Kind.INSTITUTION).count();
    log.println(
        "✔ "
            + institutions
            + " institution record(s), "
            + (bootstrap.size() - institutions)
            + " rule record(s)");

    Configuration conf = configuration();
    Optional<Path> restore = fresh ? Optional.empty() : latestRestorePoint(stateDir);
    restore.ifPresent(
        p -> {
          conf.set(StateRecoveryOptions.SAVEPOINT_PATH, p.toUri().toString());
          log.println("  resuming from " + p);
        });
    StreamExecutionEnvironment env;
    if (cluster != null) {
      String[] hostPort = cluster.split(":");
      if (hostPort.length != 2) {
        throw new IllegalArgumentException("--cluster takes host:port, got " + cluster);
      }
      env =
          StreamExecutionEnvironment.createRemoteEnvironment(
              hostPort[0], Integer.parseInt(hostPort[1]), conf, ownJar());
    } else {
      env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    }
    env.setParallelism(parallelism);
    env.enableCheckpointing(config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    MonitorJob.build(env, config, bootstrap);
    log.println(
        "▶ Starting the monitor job "
            + (cluster == null ? "(embedded Flink)" : "on " + cluster)
            + " …");
    log.flush();
    JobClient client = env.executeAsync(MonitorJob.JOB_NAME);
    EmbeddedJobs.awaitAllTasksRunning(
        client,
        cluster != null ? cluster : "127.0.0.1:" + webPort,
        Duration.ofMinutes(2),
        "monitor");
    log.println(
        "✔ Monitor running, job "
            + client.getJobID()
            + " — Flink web UI http://"
            + (cluster == null ? "127.0.0.1:" + webPort : cluster));
    log.flush();
    return client;
  }

  /** Runs until Ctrl-C (stop with savepoint) or until the job fails. */
  public int runUntilStopped(PrintWriter log) throws Exception {
    JobClient client = start(log);
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              log.println();
              log.println("Stopping the monitor with a savepoint …");
              log.flush();
              try {
                String path = stopWithSavepoint(client);
                log.println("✔ Stopped; savepoint " + path);
              } catch (Exception e) {
                log.println("Could not take a savepoint (" + e.getMessage() + "); cancelling.");
                client.cancel();
              }
              log.flush();
              stopped.countDown();
            },
            "monitor-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      client.getJobExecutionResult().get();
      removeShutdownHook(hook);
      return 0;
    } catch (Exception e) {
      if (stopped.getCount() == 0 || stopped.await(0, TimeUnit.SECONDS)) {
        return 0;
      }
      // The job ended without us (it failed, was cancelled, or its cluster went away): there is
      // nothing to stop on exit, and a savepoint attempt against a vanished cluster would hang.
      removeShutdownHook(hook);
      log.println("error: the monitor job failed: " + rootMessage(e));
      log.flush();
      return 1;
    }
  }

  private static void removeShutdownHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shutdownInProgress) {
      // Ctrl-C came first: the hook is stopping the job.
    }
  }

  /** Stops the job with a savepoint under the state directory; returns its path. */
  public String stopWithSavepoint(JobClient client) throws Exception {
    return client
        .stopWithSavepoint(
            false, stateDir.resolve("savepoints").toUri().toString(), SavepointFormatType.CANONICAL)
        .get(2, TimeUnit.MINUTES);
  }

  Configuration configuration() {
    Configuration conf = EmbeddedJobs.stateConfiguration(webPort, stateDir);
    // While Elasticsearch is down the sink holds its batches and checkpoints cannot complete; that
    // is backpressure, not a reason to fail the job.
    conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 100);
    return conf;
  }

  /** The newest savepoint or retained checkpoint (a directory with {@code _metadata}). */
  public static Optional<Path> latestRestorePoint(Path stateDir) throws IOException {
    if (!Files.isDirectory(stateDir)) {
      return Optional.empty();
    }
    try (Stream<Path> walk = Files.walk(stateDir, 4)) {
      return walk.filter(p -> p.getFileName().toString().equals("_metadata"))
          .map(Path::getParent)
          .max(Comparator.comparingLong(MonitorRunner::modified));
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p.resolve("_metadata")).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The shaded jar submitted to a cluster: the jar this class runs from, or (tests, IDEs) the
   * {@code target/sentinel.jar} built next to the classes directory — never a directory, which a
   * cluster cannot load.
   */
  private static String ownJar() {
    return SentinelJar.locate().toString();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
