package cn.tuoyu.sentinel.jobs.bench;

import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.infra.Platform;
import cn.tuoyu.sentinel.infra.Progress;
import cn.tuoyu.sentinel.jobs.monitor.MonitorRunner;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * One configuration of the monitor job (one checkpoint interval), measured twice: how fast it
 * catches up on the whole backlog from a fresh start, then — running on, caught up — how long an
 * alert transition takes to reach {@code sentinel.alerts} ({@link LatencyPhase}).
 */
final class MonitorRun {
  private static final Duration CATCH_UP_TIMEOUT = Duration.ofMinutes(30);
  private static final long START_POLL_MILLIS = 10;

  /** Everything one run measured. */
  record Result(
      Duration checkpointInterval,
      long events,
      long startMillis,
      long catchUpMillis,
      long commitExtraMillis,
      Machine.CpuUse cpu,
      Map<String, Long> alertsByRuleAndStatus,
      long deadLetters,
      LatencyPhase.Result latency, // null in a pass that only measured the catch-up
      FlinkRest.Checkpoints checkpoints,
      FlinkRest.Exceptions exceptions) {
    double eventsPerSecond() {
      return events * 1000.0 / Math.max(1, catchUpMillis);
    }

    /** Whether this pass also measured latency (and ran long enough to count every alert). */
    boolean full() {
      return latency != null;
    }
  }

  private final String bootstrap;
  private final String elasticsearch;
  private final int parallelism;
  private final Path stateDir;
  private final Instruments latencyInstruments;
  private final long backlogEvents;
  private final Consumer<JobClient> jobStarted;
  private final Map<String, Long> pids;

  MonitorRun(
      String bootstrap,
      String elasticsearch,
      int parallelism,
      Path stateDir,
      Instruments latencyInstruments,
      long backlogEvents,
      Map<String, Long> pids,
      Consumer<JobClient> jobStarted) {
    this.bootstrap = bootstrap;
    this.elasticsearch = elasticsearch;
    this.parallelism = parallelism;
    this.stateDir = stateDir;
    this.latencyInstruments = latencyInstruments;
    this.backlogEvents = backlogEvents;
    this.jobStarted = jobStarted;
    this.pids = pids;
  }

  Result run(
      Duration interval,
      int samples,
      Set<String> endMarkers,
      KafkaProducer<byte[], byte[]> producer,
      Progress progress,
      String label)
      throws Exception {
    String groupId = "sentinel-bench-" + interval.toMillis() + "ms-" + System.currentTimeMillis();
    Map<TopicPartition, Long> alertsFrom = KafkaIo.endOffsets(bootstrap, List.of(Topics.ALERTS));
    long deadFrom = KafkaIo.sum(KafkaIo.endOffsets(bootstrap, List.of(Topics.DEADLETTER)));
    MarkerTracker processed = new MarkerTracker(endMarkers);
    MarkerTracker committed = new MarkerTracker(endMarkers);
    Map<String, Long> alertCounts = new TreeMap<>();
    long boundMillis = MonitorConfig.defaults().outOfOrderness().toMillis();
    LatencyPhase latency = new LatencyPhase(producer, latencyInstruments, boundMillis);
    Set<String> instruments = latencyInstruments.ids();

    try (AlertWatcher uncommittedWatcher =
            new AlertWatcher(
                "alerts-uncommitted", bootstrap, alertsFrom, false, processed::onTransition);
        AlertWatcher committedWatcher =
            new AlertWatcher(
                "alerts-committed",
                bootstrap,
                alertsFrom,
                true,
                (t, at) -> {
                  committed.onTransition(t, at);
                  latency.onTransition(t, at);
                  if (!instruments.contains(t.getInstitutionId())) {
                    synchronized (alertCounts) {
                      alertCounts.merge(t.getRuleId() + " " + t.getStatus(), 1L, Long::sum);
                    }
                  }
                });
        Admin admin = KafkaIo.admin(bootstrap)) {

      // Catch up.
      Job job = startJob(interval, groupId, progress, label);
      JobClient client = job.client;
      FlinkRest rest = job.rest;
      long submitted = job.submitted;
      long running = job.running;

      progress.begin(
          label
              + ": catching up on "
              + String.format(Locale.ROOT, "%,d", backlogEvents)
              + " events");
      long lastCheck = 0;
      while (!processed.allResolved()) {
        long now = System.currentTimeMillis();
        if (now - running > CATCH_UP_TIMEOUT.toMillis()) {
          throw new IllegalStateException(
              "the monitor had not caught up after " + CATCH_UP_TIMEOUT.toMinutes() + " min");
        }
        if (now - lastCheck >= 1000) {
          lastCheck = now;
          failIfNotRunning(rest, client);
          uncommittedWatcher.check();
          long read = KafkaIo.committed(admin, groupId, Instruments.EVENT_TOPICS);
          progress.update(
              String.format(
                  Locale.ROOT,
                  "source offsets at the last checkpoint: %s, alert transitions written: %,d",
                  read < 0
                      ? "—"
                      : String.format(
                          Locale.ROOT,
                          "%,d (%.0f %%)",
                          read,
                          100.0 * read / Math.max(1, backlogEvents)),
                  uncommittedWatcher.received()));
        }
        Thread.sleep(20);
      }
      long caughtUp = processed.lastResolvedAt();
      Machine.CpuUse cpu = Machine.cpuUse(job.cpuAtStart, Machine.cpuSnapshot(pids));
      while (!committed.allResolved()) {
        if (System.currentTimeMillis() - caughtUp > 10 * interval.toMillis() + 60_000) {
          throw new IllegalStateException("the markers' alerts were written but never committed");
        }
        committedWatcher.check();
        Thread.sleep(20);
      }
      long catchUpMillis = caughtUp - running;
      long commitExtra = committed.lastResolvedAt() - caughtUp;
      progress.done(
          String.format(
              Locale.ROOT,
              "%.1f s, %,.0f events/s; committed %.1f s later",
              catchUpMillis / 1000.0,
              backlogEvents * 1000.0 / Math.max(1, catchUpMillis),
              commitExtra / 1000.0));

      // Latency, live (not in a pass that only measures the catch-up).
      LatencyPhase.Result lat = null;
      if (samples > 0) {
        progress.begin(label + ": latency, " + samples + " probe episodes");
        lat = latency.run(samples, interval, progress);
        committedWatcher.check();
        progress.done(
            String.format(
                Locale.ROOT,
                "%d/%d transitions; end to end p50 %s, p99 %s",
                lat.transitionsSeen(),
                lat.transitionsExpected(),
                Stats.seconds(lat.endToEnd().p50()),
                Stats.seconds(lat.endToEnd().p99())));
      }

      FlinkRest.Checkpoints checkpoints = rest.checkpoints();
      FlinkRest.Exceptions exceptions = rest.exceptions();
      long deadLetters =
          KafkaIo.sum(KafkaIo.endOffsets(bootstrap, List.of(Topics.DEADLETTER))) - deadFrom;

      progress.begin(label + ": stopping the job");
      stop(job);
      jobStarted.accept(null);
      progress.done("stopped");

      Map<String, Long> counts;
      synchronized (alertCounts) {
        counts = new TreeMap<>(alertCounts);
      }
      return new Result(
          interval,
          backlogEvents,
          running - submitted,
          catchUpMillis,
          commitExtra,
          cpu,
          counts,
          deadLetters,
          lat,
          checkpoints,
          exceptions);
    }
  }

  /**
   * A started job: its client, REST API, when it was submitted and when all its tasks ran, with a
   * CPU snapshot taken at that moment.
   */
  private record Job(
      MonitorRunner runner,
      JobClient client,
      FlinkRest rest,
      long submitted,
      long running,
      Machine.CpuSnapshot cpuAtStart) {}

  /**
   * Starts the job and notes the moment all its tasks run, i.e. its source starts reading: a thread
   * asks the embedded cluster's REST API every {@value #START_POLL_MILLIS} ms from the submission
   * on, because {@link MonitorRunner#start} itself returns only some time after that moment.
   */
  private Job startJob(Duration interval, String groupId, Progress progress, String label)
      throws Exception {
    int webPort = Platform.freePort();
    MonitorConfig config =
        MonitorConfig.defaults()
            .withKafka(bootstrap)
            .withElasticsearch(elasticsearch)
            .withGroupId(groupId)
            .withCheckpointInterval(interval);
    MonitorRunner runner = new MonitorRunner(config, stateDir, parallelism, webPort, true, null);
    progress.begin(label + ": starting the monitor job (embedded Flink, fresh state)");
    long submitted = System.currentTimeMillis();
    AtomicLong runningAt = new AtomicLong();
    AtomicReference<Machine.CpuSnapshot> cpuAtStart = new AtomicReference<>();
    Thread poller =
        new Thread(
            () -> {
              FlinkRest cluster = new FlinkRest(webPort, null);
              while (!Thread.currentThread().isInterrupted()) {
                if (cluster.anyJobWithAllTasksRunning()) {
                  runningAt.set(System.currentTimeMillis());
                  cpuAtStart.set(Machine.cpuSnapshot(pids));
                  return;
                }
                try {
                  Thread.sleep(START_POLL_MILLIS);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "bench-job-start");
    poller.setDaemon(true);
    poller.start();
    JobClient client;
    try {
      client = runner.start(new PrintWriter(java.io.OutputStream.nullOutputStream()));
      jobStarted.accept(client);
      poller.join(120_000);
    } finally {
      poller.interrupt();
    }
    FlinkRest rest = new FlinkRest(webPort, client.getJobID().toHexString());
    if (runningAt.get() == 0) {
      failIfNotRunning(rest, client);
      throw new IllegalStateException("the bench did not see the monitor job's tasks running");
    }
    long running = runningAt.get();
    progress.done(
        String.format(
            Locale.ROOT,
            "all tasks running %.1f s after submission",
            (running - submitted) / 1000.0));
    return new Job(runner, client, rest, submitted, running, cpuAtStart.get());
  }

  /**
   * Runs the job on the backlog without measuring, until it has caught up or {@code limit} has
   * passed, so that no measured run pays for loading classes and compiling hot code in this JVM.
   */
  void warmUp(Duration limit, Set<String> markers, Progress progress) throws Exception {
    Map<TopicPartition, Long> alertsFrom = KafkaIo.endOffsets(bootstrap, List.of(Topics.ALERTS));
    MarkerTracker processed = new MarkerTracker(markers);
    try (AlertWatcher watcher =
        new AlertWatcher("alerts-warm-up", bootstrap, alertsFrom, false, processed::onTransition)) {
      Job job =
          startJob(
              Duration.ofSeconds(5),
              "sentinel-bench-warm-up-" + System.currentTimeMillis(),
              progress,
              "warm-up");
      progress.begin("warm-up: the job processes the backlog, unmeasured");
      long until = job.running + limit.toMillis();
      while (!processed.allResolved() && System.currentTimeMillis() < until) {
        failIfNotRunning(job.rest, job.client);
        progress.update(
            String.format(Locale.ROOT, "%,d alert transitions written", watcher.received()));
        Thread.sleep(200);
      }
      String outcome =
          processed.allResolved()
              ? "caught up after " + Report.minutes(System.currentTimeMillis() - job.running)
              : "stopped after " + Report.minutes(limit.toMillis());
      stop(job);
      jobStarted.accept(null);
      progress.done(outcome);
    }
  }

  private static void failIfNotRunning(FlinkRest rest, JobClient client) throws Exception {
    var status = client.getJobStatus().get(10, TimeUnit.SECONDS);
    if (status.isGloballyTerminalState()
        || status.name().equals("FAILING")
        || status.name().equals("RESTARTING")) {
      FlinkRest.Exceptions ex = rest.exceptions();
      throw new IllegalStateException(
          "the monitor job is "
              + status
              + (ex.first() != null ? " after " + ex.first() : "")
              + " (the bench measures only runs without failures)");
    }
  }

  /**
   * Stops the job with a savepoint, as Ctrl-C stops {@code sentinel monitor}: the savepoint commits
   * the job's Kafka transactions. (A cancelled job can leave a transaction open, and an open
   * transaction holds back every read_committed reader of its partitions until it times out — 10
   * min.) Cancels if the savepoint fails; then waits until the embedded cluster has shut down.
   */
  private static void stop(Job job) throws InterruptedException {
    try {
      job.runner.stopWithSavepoint(job.client);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      try {
        job.client.cancel().get(60, TimeUnit.SECONDS);
      } catch (Exception alreadyGone) {
        // Already finished or failed; the cluster shuts down either way.
      }
    }
    long until = System.currentTimeMillis() + 60_000;
    while (job.rest.answers() && System.currentTimeMillis() < until) {
      Thread.sleep(200);
    }
  }

  /**
   * Notices when the ROOM_UNATTENDED alerts of given markers' conditions (keys {@code
   * institutionId@startedAt}) have all resolved, and when the last one did.
   */
  static final class MarkerTracker {
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private volatile long lastResolvedAt;

    MarkerTracker(Set<String> keys) {
      pending.addAll(keys);
    }

    void onTransition(AlertTransition t, long at) {
      if (t.getStatus() == AlertStatus.RESOLVED
          && RuleIds.ROOM_UNATTENDED.equals(t.getRuleId())
          && pending.remove(t.getInstitutionId() + "@" + t.getStartedAt().toEpochMilli())) {
        lastResolvedAt = Math.max(lastResolvedAt, at);
      }
    }

    boolean allResolved() {
      return pending.isEmpty();
    }

    long lastResolvedAt() {
      return lastResolvedAt;
    }
  }
}
