package cn.tuoyu.sentinel.jobs.bench;

import cn.tuoyu.sentinel.infra.Platform;
import cn.tuoyu.sentinel.infra.Progress;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.pipeline.ingest.EventTimeWatermarks;
import cn.tuoyu.sentinel.pipeline.monitor.MonitorGraph;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * The bench's state phase: the {@link StateWorkload} (cameras' heartbeats for a simulated day, no
 * Kafka) through the real rule graph ({@link MonitorGraph#build}) on an embedded Flink cluster with
 * the heap state backend and checkpoints as {@code bin/sentinel monitor} configures them. The
 * source stops at the simulated hours to measure; a checkpoint taken while it stands there holds
 * exactly the state after the events before that hour, and Flink's checkpoint statistics give its
 * size per operator. Before it, the same generator runs into a discarding sink (the baseline), and
 * both runs are timed only while the source emits.
 */
final class StatePhase {
  static final String MONITOR = "institution monitor";
  static final String HOLD = "CEP hold pattern";
  static final String FLAPPING = "CEP flapping pattern";
  static final String LIFECYCLE = "alert lifecycle";
  static final String OTHER = "everything else";

  /**
   * The operators reported, in table order; {@link #OTHER} sums the rest (source, split, sinks).
   */
  static final List<String> OPERATORS = List.of(MONITOR, HOLD, FLAPPING, LIFECYCLE, OTHER);

  private static final Duration MEASURE_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration RUN_TIMEOUT = Duration.ofHours(6);

  /**
   * The state in the checkpoint taken at simulated hour {@code hour}.
   *
   * @param events events emitted before that hour
   * @param bytes full checkpointed state by operator ({@link #OPERATORS}), all subtasks together
   * @param totalBytes the whole checkpoint
   * @param eventsPerSecond the rate since the previous point (0 for the first two)
   */
  record Point(
      int hour,
      long events,
      long checkpointId,
      Map<String, Long> bytes,
      long totalBytes,
      long checkpointMillis,
      double eventsPerSecond) {}

  /**
   * Events emitted, the time the source spent emitting them, and how the CPUs were used from the
   * first event to the end (the stops in between included: they are short and nearly idle).
   */
  record Rate(long events, long millis, Machine.CpuUse cpu) {
    double perSecond() {
      return events * 1000.0 / Math.max(1, millis);
    }

    /** Events per CPU-second of the bench's JVM (the whole embedded cluster); 0 if unknown. */
    double perCpuSecond() {
      Double seconds = cpu.seconds().get(Bench.FLINK_JVM);
      return seconds == null || seconds <= 0 ? 0 : events / seconds;
    }
  }

  /** What the phase measured. */
  record Result(
      int cameras,
      int institutions,
      int hours,
      long seed,
      long events,
      long start,
      int silentCameras,
      long outages,
      long flappingEpisodes,
      int parallelism,
      Duration checkpointInterval,
      Duration outOfOrderness,
      List<Point> points,
      Rate baseline,
      Rate graph,
      Map<String, Long> alerts,
      Map<String, Long> deadLetters,
      FlinkRest.Checkpoints checkpoints,
      long millis) {}

  private StatePhase() {}

  /**
   * The simulated hours measured: 0 (reference data only), 1, 6, 12, 24, every further day, end.
   */
  static List<Integer> measuredHours(int hours) {
    TreeSet<Integer> h = new TreeSet<>(List.of(0, 1, 6, 12));
    for (int d = 24; d <= hours; d += 24) {
      h.add(d);
    }
    h.add(hours);
    return List.copyOf(h.headSet(hours, true));
  }

  /** Runs the baseline, then the graph; {@code label} prefixes their progress lines. */
  static Result run(StateWorkload w, int parallelism, Path dir, Progress progress, String label)
      throws Exception {
    long t0 = System.currentTimeMillis();
    MonitorConfig config = MonitorConfig.defaults();
    // Baseline: the generator into a discarding sink, stopping only before the first event and at
    // the end (as the graph's run does), so both are timed the same way.
    long[] basePauses = {0, w.indexAtHour(0), w.total()};
    Run base =
        execute(
            w,
            basePauses,
            new int[] {-1, -1, -1},
            parallelism,
            dir.resolve("baseline"),
            false,
            config,
            progress,
            label + "baseline, the generator into a discarding sink");
    List<Integer> hours = measuredHours(w.hours());
    long[] pauses = new long[hours.size() + 1];
    int[] measure = new int[hours.size() + 1];
    pauses[0] = 0;
    measure[0] = -1;
    for (int k = 0; k < hours.size(); k++) {
      pauses[k + 1] = w.indexAtHour(hours.get(k));
      measure[k + 1] = hours.get(k);
    }
    Run graph =
        execute(
            w,
            pauses,
            measure,
            parallelism,
            dir.resolve("graph"),
            true,
            config,
            progress,
            label + "the rule graph");
    return new Result(
        w.cameras(),
        w.institutions(),
        w.hours(),
        w.seed(),
        w.events(),
        w.start(),
        w.silentCameras(),
        w.outages(),
        w.flappingEpisodes(),
        parallelism,
        config.checkpointInterval(),
        config.outOfOrderness(),
        graph.points,
        base.rate,
        graph.rate,
        graph.alerts,
        graph.deadLetters,
        graph.checkpoints,
        System.currentTimeMillis() - t0);
  }

  private record Run(
      Rate rate,
      List<Point> points,
      Map<String, Long> alerts,
      Map<String, Long> deadLetters,
      FlinkRest.Checkpoints checkpoints) {}

  /**
   * One job: stands at each pause; at those with {@code measure[k] >= 0} (the simulated hour) takes
   * a checkpoint and reads its size; cancels the job at the last pause (the end of the input).
   */
  private static Run execute(
      StateWorkload w,
      long[] pauses,
      int[] measure,
      int parallelism,
      Path dir,
      boolean withGraph,
      MonitorConfig config,
      Progress progress,
      String label)
      throws Exception {
    SourceGate gate = SourceGate.open(pauses);
    int port = Platform.freePort();
    JobClient client = null;
    FlinkRest rest = null;
    try {
      StreamExecutionEnvironment env =
          StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(configuration(dir, port));
      env.setParallelism(parallelism);
      env.enableCheckpointing(
          config.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
      // As a replay reads a file: bounded out-of-orderness, no idleness and no processing-time
      // guard (the source stands still while the bench measures; the wall clock must not move
      // event time meanwhile).
      DataStream<EventEnvelope> in =
          env.fromSource(
                  new HeartbeatSource(w, gate.id()),
                  EventTimeWatermarks.events(config.outOfOrderness(), Duration.ZERO),
                  "Heartbeat generator")
              .uid("heartbeat-generator")
              .setParallelism(1);
      if (withGraph) {
        List<EventEnvelope> bootstrap = new ArrayList<>();
        for (long i = 0; i < w.referenceRecords(); i++) {
          bootstrap.add(w.envelope(i));
        }
        MonitorGraph.Outputs out = MonitorGraph.build(in, null, bootstrap);
        out.alerts()
            .sinkTo(new CountingSink<>(gate.id()))
            .uid("alerts-counted")
            .name("Alerts (counted, discarded)");
        out.deadLetters()
            .sinkTo(new CountingSink<>(gate.id()))
            .uid("dead-letters-counted")
            .name("Dead letters (counted, discarded)");
      } else {
        in.rebalance().sinkTo(new DiscardingSink<>()).uid("discard").name("Discard");
      }
      progress.begin(label + ": starting (embedded Flink, heap state)");
      client = env.executeAsync("Tuoyu Sentinel bench: " + (withGraph ? "state" : "baseline"));
      rest = new FlinkRest(port, client.getJobID().toHexString());

      List<Point> points = new ArrayList<>();
      Map<String, String> vertices = null;
      long last = pauses.length - 1;
      Map<String, Long> pids = Map.of(Bench.FLINK_JVM, ProcessHandle.current().pid());
      Machine.CpuSnapshot cpuFrom = null;
      Machine.CpuUse cpu = Machine.CpuUse.UNKNOWN;
      for (int k = 0; k < pauses.length; k++) {
        awaitReached(gate, k, client, rest, progress, label, w);
        if (k == last && cpuFrom != null) {
          cpu = Machine.cpuUse(cpuFrom, Machine.cpuSnapshot(pids));
        }
        if (k == 0) {
          awaitAllTasksRunning(rest, client);
          progress.done("all tasks running");
          progress.begin(label);
        }
        if (measure[k] >= 0) {
          if (vertices == null) {
            vertices = vertices(rest);
          }
          points.add(measure(w, gate, k, measure[k], client, rest, vertices, progress, label));
        }
        if (k < last) {
          if (k == 1) {
            cpuFrom = Machine.cpuSnapshot(pids); // the events begin
          }
          gate.release(k);
        }
      }
      long millis = 0;
      for (int k = 2; k < pauses.length; k++) {
        millis += gate.reachedNanos(k) - gate.releasedNanos(k - 1);
      }
      Rate rate = new Rate(w.events(), TimeUnit.NANOSECONDS.toMillis(millis), cpu);
      FlinkRest.Checkpoints checkpoints = rest.checkpoints();
      progress.done(
          String.format(
              Locale.ROOT,
              "%,d events in %.1f s of emitting, %,.0f events/s",
              rate.events(),
              rate.millis() / 1000.0,
              rate.perSecond()));
      return new Run(
          rate,
          points,
          gate.counts(CountingSink.ALERTS),
          gate.counts(CountingSink.DEAD_LETTERS),
          checkpoints);
    } finally {
      if (client != null) {
        stop(client, rest);
      }
      gate.close();
    }
  }

  /**
   * The job's vertices by id, checked to hold each reported operator in a vertex of its own: a
   * renamed or re-chained operator must fail the bench, not move its bytes to another column.
   */
  private static Map<String, String> vertices(FlinkRest rest) {
    Map<String, String> vertices = rest.vertexNames();
    for (String op : OPERATORS) {
      long n = vertices.values().stream().filter(name -> operatorOf(name).equals(op)).count();
      if (!op.equals(OTHER) && n != 1) {
        throw new IllegalStateException(
            "expected one vertex of the job for the "
                + op
                + ", found "
                + n
                + ": "
                + vertices.values());
      }
    }
    return vertices;
  }

  private static Configuration configuration(Path dir, int port) {
    Configuration conf = new Configuration();
    conf.set(RestOptions.PORT, port);
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    conf.set(
        CheckpointingOptions.CHECKPOINTS_DIRECTORY,
        dir.toAbsolutePath().resolve("checkpoints").toUri().toString());
    conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 3);
    // The bench measures runs without failures: a failure ends the job, and the bench says so.
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    return conf;
  }

  /** Waits until the source stands before pause {@code k}, showing how far it has come. */
  private static void awaitReached(
      SourceGate gate,
      int k,
      JobClient client,
      FlinkRest rest,
      Progress progress,
      String label,
      StateWorkload w)
      throws Exception {
    long deadline = System.currentTimeMillis() + RUN_TIMEOUT.toMillis();
    long lastCheck = 0;
    while (!gate.isReached(k)) {
      long now = System.currentTimeMillis();
      if (now - lastCheck >= 1000) {
        lastCheck = now;
        failIfNotRunning(client, rest);
        if (now > deadline) {
          throw new IllegalStateException(
              label + ": took longer than " + RUN_TIMEOUT.toHours() + " h");
        }
        long events = gate.emitted() - w.referenceRecords();
        if (events > 0) {
          progress.update(
              String.format(
                  Locale.ROOT,
                  "simulated hour %.1f of %d (%,d events)",
                  events * (double) w.hours() / w.events(),
                  w.hours(),
                  events));
        }
      }
      Thread.sleep(2);
    }
  }

  private static void awaitAllTasksRunning(FlinkRest rest, JobClient client) throws Exception {
    long deadline = System.currentTimeMillis() + 120_000;
    while (!rest.allTasksRunning()) {
      failIfNotRunning(client, rest);
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the job's tasks did not all start within 2 min");
      }
      Thread.sleep(10);
    }
  }

  /**
   * Takes a checkpoint while the source stands before pause {@code k} and reads its size per
   * operator from Flink's checkpoint statistics. A periodic checkpoint taken meanwhile counts as
   * well: whatever its trigger, it holds the same state.
   */
  private static Point measure(
      StateWorkload w,
      SourceGate gate,
      int k,
      int hour,
      JobClient client,
      FlinkRest rest,
      Map<String, String> vertices,
      Progress progress,
      String label)
      throws Exception {
    progress.update("simulated hour " + hour + ": checkpoint");
    long deadline = System.currentTimeMillis() + MEASURE_TIMEOUT.toMillis();
    long lastTrigger = 0;
    while (true) {
      long now = System.currentTimeMillis();
      for (long id : gate.checkpointsAt(k)) {
        if (rest.checkpointStatus(id).filter("COMPLETED"::equals).isPresent()) {
          Optional<FlinkRest.CheckpointDetails> d = rest.checkpoint(id);
          if (d.isPresent() && d.get().status().equals("COMPLETED")) {
            return point(w, gate, k, hour, d.get(), vertices);
          }
        }
      }
      if (now > deadline) {
        throw new IllegalStateException(
            label + ": no checkpoint completed at simulated hour " + hour + " within 3 min");
      }
      if (now - lastTrigger > 5_000) {
        lastTrigger = now;
        failIfNotRunning(client, rest);
        rest.triggerCheckpoint();
      }
      Thread.sleep(20);
    }
  }

  private static Point point(
      StateWorkload w,
      SourceGate gate,
      int k,
      int hour,
      FlinkRest.CheckpointDetails d,
      Map<String, String> vertices) {
    Map<String, Long> bytes = new LinkedHashMap<>();
    OPERATORS.forEach(o -> bytes.put(o, 0L));
    d.byVertex()
        .forEach(
            (vertex, size) ->
                bytes.merge(operatorOf(vertices.getOrDefault(vertex, "")), size, Long::sum));
    long[] pauses = gate.pauses();
    long events = pauses[k] - w.referenceRecords();
    double rate = 0;
    if (k >= 2) {
      long nanos = gate.reachedNanos(k) - gate.releasedNanos(k - 1);
      rate = (pauses[k] - pauses[k - 1]) * 1e9 / Math.max(1, nanos);
    }
    return new Point(hour, events, d.id(), bytes, d.stateSize(), d.durationMillis(), rate);
  }

  /** Which reported operator a vertex (an operator chain) of the job belongs to, by its name. */
  static String operatorOf(String vertexName) {
    if (vertexName.contains("Institution monitor")) {
      return MONITOR;
    }
    if (vertexName.contains("CEP: condition held")) {
      return HOLD;
    }
    if (vertexName.contains("CEP: camera flapping")) {
      return FLAPPING;
    }
    if (vertexName.contains("Alert lifecycle")) {
      return LIFECYCLE;
    }
    return OTHER;
  }

  private static void failIfNotRunning(JobClient client, FlinkRest rest) throws Exception {
    var status = client.getJobStatus().get(10, TimeUnit.SECONDS);
    if (status.isGloballyTerminalState() || status.name().equals("FAILING")) {
      FlinkRest.Exceptions ex = rest.exceptions();
      throw new IllegalStateException(
          "the job is " + status + (ex.first() != null ? " after " + ex.first() : ""));
    }
  }

  /** Cancels the job (its work is done, or the bench failed) and waits for the cluster to stop. */
  private static void stop(JobClient client, FlinkRest rest) throws InterruptedException {
    try {
      client.cancel().get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception alreadyGone) {
      // Finished or failed already; the embedded cluster shuts down either way.
    }
    long until = System.currentTimeMillis() + 60_000;
    while (rest != null && rest.answers() && System.currentTimeMillis() < until) {
      Thread.sleep(100);
    }
  }
}
