package cn.tuoyu.sentinel.jobs.bench;

import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.infra.ConsoleProgress;
import cn.tuoyu.sentinel.infra.InfraConfig;
import cn.tuoyu.sentinel.infra.InfraStatus;
import cn.tuoyu.sentinel.infra.LocalInfra;
import cn.tuoyu.sentinel.infra.Platform;
import cn.tuoyu.sentinel.infra.Progress;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code bin/sentinel bench}: measures, in one run on this machine, the monitor job's throughput
 * through the real Kafka next to the raw consume rate of the same events, and the latency from an
 * alert transition being due to it being readable on {@code sentinel.alerts}; writes BENCHMARKS.md.
 * See {@link Report} for the method as the file states it.
 */
public final class Bench {
  /**
   * Probe institutions of the latency phase: an episode starts every {@value
   * LatencyPhase#SPACING_MILLIS} ms and lasts 3 s, so a probe is free again after 4 s.
   */
  static final int PROBES = 40;

  /** How the report names this JVM, which runs the embedded Flink cluster and the bench. */
  static final String FLINK_JVM = "Flink JVM";

  /**
   * A timed baseline pass reads the backlog this many times over (one pass is too short to time).
   */
  static final int BASELINE_REPEATS = 3;

  /** The unmeasured warm-up run stops when it has caught up, at the latest after this long. */
  static final Duration WARM_UP_LIMIT = Duration.ofSeconds(90);

  /** The parts of the bench: through the real Kafka, and the state size of the rule graph. */
  public enum Phase {
    /** Throughput and latency of the monitor job through the real Kafka. */
    KAFKA,
    /** State size per camera of the rule graph over a simulated day of heartbeats, no Kafka. */
    STATE,
    /** Replay from the archive next to the raw read rate of the same files, no servers. */
    ARCHIVE
  }

  /**
   * What to run.
   *
   * @param phases the parts to run
   * @param events events of the synthetic city to publish (whole institution-days: a little more)
   * @param institutions institutions of the city
   * @param samples latency episodes per checkpoint interval (two transitions each)
   * @param intervals checkpoint intervals, one monitor run each
   * @param parallelism parallelism of the monitor job
   * @param seed seed of the synthetic city and of the state phase's cameras
   * @param cameras cameras of the state phase (a multiple of 20)
   * @param hours simulated hours of the state phase
   * @param out the Markdown file to write
   * @param command the command line as typed, for the report
   */
  public record Options(
      Set<Phase> phases,
      long events,
      int institutions,
      int samples,
      List<Duration> intervals,
      int parallelism,
      long seed,
      int cameras,
      int hours,
      Path out,
      String command) {}

  private Bench() {}

  /** Runs the phases asked for; returns the path written. */
  public static Path run(Options o, PrintStream out) throws Exception {
    ConsoleProgress progress = ConsoleProgress.stderr();
    ZonedDateTime startedAt = ZonedDateTime.now();
    long t0 = System.currentTimeMillis();
    String loadBefore = loadBefore(progress);
    if (o.phases().contains(Phase.ARCHIVE)) {
      progress.info(
          "archive: replay from the archive vs reading its files ("
              + ArchivePhase.INSTITUTIONS
              + " institutions × "
              + ArchivePhase.HOURS
              + " h), no servers");
      ArchivePhase.Result a = ArchivePhase.run(o.parallelism(), progress);
      archivePart =
          ArchivePhase.markdown(a, startedAt, Machine.describe(), loadBefore, o.command());
      write(o.out(), null, null);
      out.print(ArchivePhase.summary(a));
      if (o.phases().size() == 1) {
        out.println(
            "Bench done in "
                + Report.minutes(System.currentTimeMillis() - t0)
                + "; archive section written to "
                + o.out());
        out.flush();
        return o.out();
      }
      startedAt = ZonedDateTime.now();
      loadBefore = loadBefore(progress);
    }
    if (!o.phases().contains(Phase.KAFKA)) {
      return runStateOnly(o, out, progress, startedAt, loadBefore, t0);
    }
    Path tmp = Files.createTempDirectory("sentinel-bench-");
    InfraConfig config =
        InfraConfig.defaults().toBuilder()
            .dataDir(tmp.resolve("infra"))
            .kafkaPorts(Platform.freePort(), Platform.freePort())
            .elasticsearchPorts(Platform.freePort(), Platform.freePort())
            .build();
    LocalInfra infra = new LocalInfra(config);
    Cleanup cleanup = new Cleanup(infra, tmp, progress);
    Thread hook =
        new Thread(
            () -> {
              progress.info("Interrupted: stopping everything the bench started …");
              cleanup.run();
            },
            "bench-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean withState = o.phases().contains(Phase.STATE);
    int phases = 4 + 2 * o.intervals().size() + (withState ? 1 : 0);
    try {
      // 1. Private servers.
      progress.info(
          phase(1, phases, t0) + "private Kafka and Elasticsearch on free ports, data in " + tmp);
      infra.up(progress);
      String bootstrap = config.kafkaBootstrap();
      List<String> allTopics = Topics.ALL.stream().map(Topics.TopicSpec::name).toList();
      KafkaIo.keepForever(
          bootstrap,
          List.of(
              Topics.ATTENDANCE, Topics.CAMERA, Topics.SENSOR, Topics.ALERTS, Topics.DEADLETTER));
      Map<String, Integer> partitions = KafkaIo.partitions(bootstrap, allTopics);
      Map<String, Long> pids = new LinkedHashMap<>();
      pids.put(FLINK_JVM, ProcessHandle.current().pid());
      for (InfraStatus.Component c : infra.status().components()) {
        c.pid().ifPresent(pid -> pids.put(c.name().split(" ")[0], pid));
      }

      // 2. The backlog.
      progress.info(phase(2, phases, t0) + "publishing the workload");
      progress.begin("Generating the synthetic city");
      Instruments instruments = new Instruments(partitions, o.parallelism(), PROBES, "w-");
      Workload workload =
          new Workload(
              o.institutions(), o.events(), o.seed(), LocalDate.now(Workload.ZONE), instruments);
      progress.done(
          String.format(
              Locale.ROOT,
              "%d institutions, %d day(s) from %s, %,d events",
              workload.institutions(),
              workload.days(),
              workload.firstDay(),
              workload.totalEvents()));
      Map<String, Long> byTopic = new LinkedHashMap<>();
      long publishMillis = publish(workload, bootstrap, progress, byTopic);
      Map<TopicPartition, Long> backlogEnd =
          KafkaIo.endOffsets(bootstrap, Instruments.EVENT_TOPICS);
      long backlog = KafkaIo.sum(backlogEnd);
      if (backlog != workload.totalEvents()) {
        throw new IllegalStateException(
            "published " + workload.totalEvents() + " events but the topics hold " + backlog);
      }

      // 3. Baseline.
      progress.info(phase(3, phases, t0) + "baseline: plain KafkaConsumer over the same events");
      progress.begin("Warming up the consumer (one pass without, one with decoding)");
      KafkaIo.consumeAll(bootstrap, backlogEnd, false, BASELINE_REPEATS);
      KafkaIo.consumeAll(bootstrap, backlogEnd, true, 1);
      progress.done("done");
      KafkaIo.ConsumeResult raw =
          bestOf(5, "Raw consume (bytes only)", bootstrap, backlogEnd, false, progress);
      KafkaIo.ConsumeResult decoded =
          bestOf(
              3,
              "Consume + decode (the job's deserializer)",
              bootstrap,
              backlogEnd,
              true,
              progress);

      // 4. Warm-up.
      progress.info(phase(4, phases, t0) + "warming up this JVM with an unmeasured monitor run");
      new MonitorRun(
              bootstrap,
              config.elasticsearchUrl(),
              o.parallelism(),
              tmp.resolve("flink-warm-up"),
              instruments,
              backlog,
              pids,
              cleanup::job)
          .warmUp(WARM_UP_LIMIT, workload.endMarkerKeys(), progress);

      // 5+. Two passes per checkpoint interval, in the order A B … B A so that neither gains from
      // coming later (the JVM keeps getting faster for a while): first catch-up only, then
      // catch-up and latency.
      List<Duration> order = new ArrayList<>(o.intervals());
      List<Duration> reversed = new ArrayList<>(o.intervals());
      Collections.reverse(reversed);
      order.addAll(reversed);
      List<MonitorRun.Result> runs = new ArrayList<>();
      try (KafkaProducer<byte[], byte[]> live = KafkaIo.producer(bootstrap, 0)) {
        for (int k = 0; k < order.size(); k++) {
          Duration interval = order.get(k);
          boolean full = k >= o.intervals().size();
          String label =
              "checkpoint " + Report.interval(interval) + (full ? ", pass 2" : ", pass 1");
          progress.info(
              phase(5 + k, phases, t0)
                  + "monitor job with "
                  + label
                  + (full ? ": catch-up and latency" : ": catch-up"));
          MonitorRun run =
              new MonitorRun(
                  bootstrap,
                  config.elasticsearchUrl(),
                  o.parallelism(),
                  tmp.resolve("flink-" + k),
                  new Instruments(partitions, o.parallelism(), PROBES, "r" + k + "-"),
                  backlog,
                  pids,
                  cleanup::job);
          runs.add(
              run.run(
                  interval,
                  full ? o.samples() : 0,
                  workload.endMarkerKeys(),
                  live,
                  progress,
                  label));
        }
      }

      Report.WorkloadFacts facts =
          new Report.WorkloadFacts(
              workload.institutions(),
              workload.days(),
              workload.firstDay(),
              workload.lastDay(),
              workload.lastDayInstitutions(),
              byTopic,
              workload.cityEvents(),
              workload.totalEvents() - workload.cityEvents(),
              backlog,
              o.seed(),
              partitions.get(Topics.ATTENDANCE),
              publishMillis);
      String versions =
          "Kafka "
              + config.kafkaVersion()
              + " (KRaft, one node), Elasticsearch "
              + config.elasticsearchVersion()
              + ", Flink "
              + EnvironmentInformation.getVersion()
              + " (embedded)";
      // The servers are stopped before the state phase (which needs none) and the report, so the
      // run time includes cleaning up.
      cleanup.run();
      Report.StateRun state = null;
      if (withState) {
        progress.info(phase(phases, phases, t0) + stateTitle(o));
        state =
            statePhase(o, progress, ZonedDateTime.now(), Machine.loadAverage().orElse("unknown"));
      }
      Report.Results results =
          new Report.Results(
              startedAt,
              System.currentTimeMillis() - t0,
              Machine.describe(),
              loadBefore,
              o.command(),
              versions,
              o.parallelism(),
              facts,
              raw,
              decoded,
              o.intervals(),
              runs);
      write(o.out(), Report.kafkaPart(results), state == null ? null : Report.statePart(state));
      out.println();
      out.print(Report.summary(results));
      if (state != null) {
        out.println();
        out.print(Report.stateSummary(state));
      }
      out.println();
      out.println(
          "Bench done in " + Report.minutes(results.totalMillis()) + "; written to " + o.out());
      out.flush();
      return o.out();
    } finally {
      cleanup.run();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running already.
      }
    }
  }

  /** Only the state phase: no servers, nothing but an embedded Flink cluster. */
  private static Path runStateOnly(
      Options o,
      PrintStream out,
      ConsoleProgress progress,
      ZonedDateTime startedAt,
      String loadBefore,
      long t0)
      throws Exception {
    progress.info(phase(1, 1, t0) + stateTitle(o));
    Report.StateRun state = statePhase(o, progress, startedAt, loadBefore);
    write(o.out(), null, Report.statePart(state));
    out.println();
    out.print(Report.stateSummary(state));
    out.println();
    out.println(
        "Bench done in "
            + Report.minutes(System.currentTimeMillis() - t0)
            + "; state section written to "
            + o.out());
    out.flush();
    return o.out();
  }

  private static String stateTitle(Options o) {
    return String.format(
        Locale.ROOT,
        "state size: %,d cameras × %d h of heartbeats through the rule graph, in-process",
        o.cameras(),
        o.hours());
  }

  /**
   * The state phase, with its checkpoints in a temporary directory that is deleted afterwards (also
   * on failure or Ctrl-C).
   */
  private static Report.StateRun statePhase(
      Options o, Progress progress, ZonedDateTime startedAt, String loadBefore) throws Exception {
    Path dir = Files.createTempDirectory("sentinel-bench-state-");
    Thread hook = new Thread(() -> deleteTree(dir), "bench-state-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      return statePhase(o, progress, dir, startedAt, loadBefore);
    } finally {
      deleteTree(dir);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running already.
      }
    }
  }

  private static Report.StateRun statePhase(
      Options o, Progress progress, Path dir, ZonedDateTime startedAt, String loadBefore)
      throws Exception {
    progress.begin("Laying out the cameras' schedule");
    StateWorkload w = new StateWorkload(o.cameras(), o.hours(), o.seed());
    progress.done(
        String.format(
            Locale.ROOT,
            "%,d institutions, %,d events, %d camera(s) going silent",
            w.institutions(),
            w.events(),
            w.silentCameras()));
    StatePhase.Result r = StatePhase.run(w, o.parallelism(), dir, progress, "state: ");
    return new Report.StateRun(
        startedAt,
        Machine.describe(),
        loadBefore,
        o.command(),
        "Flink " + EnvironmentInformation.getVersion(),
        r);
  }

  /**
   * Writes the file: the parts given replace theirs (the archive part if this run made one), the
   * others stay as they were.
   */
  private static void write(Path file, String kafkaPart, String statePart) throws IOException {
    String existing =
        Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
    Files.writeString(
        file, Report.merge(existing, kafkaPart, statePart, archivePart), StandardCharsets.UTF_8);
  }

  /** The archive part this run wrote, if it ran that phase (one bench per JVM). */
  private static String archivePart;

  /** The load average now; prints a note if the machine is busy. */
  private static String loadBefore(Progress progress) {
    String load = Machine.loadAverage().orElse("unknown");
    double load1 = Machine.loadAverage().map(l -> Double.parseDouble(l.split(" ")[0])).orElse(0.0);
    int cores = Runtime.getRuntime().availableProcessors();
    if (load1 > cores) {
      progress.info(
          String.format(
              Locale.ROOT,
              "Note: this machine is busy (load average %.1f on %d cores); the figures will be lower"
                  + " and noisier than on a quiet machine.",
              load1,
              cores));
    }
    return load;
  }

  private static long publish(
      Workload workload, String bootstrap, Progress progress, Map<String, Long> byTopic)
      throws Exception {
    AtomicReference<Exception> error = new AtomicReference<>();
    long start = System.currentTimeMillis();
    try (KafkaProducer<byte[], byte[]> producer = KafkaIo.producer(bootstrap, 20)) {
      progress.begin("Publishing reference data and rule parameters");
      List<Item> reference = workload.reference();
      reference.forEach(i -> KafkaIo.send(producer, i, error));
      producer.flush();
      failOn(error);
      progress.done(reference.size() + " records");

      progress.begin("Publishing the events");
      long total = workload.totalEvents();
      AtomicLong sent = new AtomicLong();
      for (String t : Instruments.EVENT_TOPICS) {
        byTopic.put(t, 0L);
      }
      workload.events(
          i -> {
            KafkaIo.send(producer, i, error);
            byTopic.merge(i.topic(), 1L, Long::sum);
            long n = sent.incrementAndGet();
            if (n % 10_000 == 0) {
              progress.update(
                  String.format(Locale.ROOT, "%,d / %,d (%.0f %%)", n, total, 100.0 * n / total));
              failOn(error);
            }
          });
      producer.flush();
      failOn(error);
      long millis = System.currentTimeMillis() - start;
      progress.done(
          String.format(
              Locale.ROOT,
              "%,d events, %,.0f/s",
              sent.get(),
              sent.get() * 1000.0 / Math.max(1, millis)));
      return millis;
    }
  }

  private static void failOn(AtomicReference<Exception> error) {
    Exception e = error.get();
    if (e != null) {
      throw new IllegalStateException("Kafka refused a record: " + e.getMessage(), e);
    }
  }

  /** The fastest of {@code n} timed passes: the ceiling, least disturbed by anything else. */
  private static KafkaIo.ConsumeResult bestOf(
      int n,
      String what,
      String bootstrap,
      Map<TopicPartition, Long> end,
      boolean decode,
      Progress progress) {
    progress.begin(what + ", best of " + n);
    KafkaIo.ConsumeResult best = null;
    List<String> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      KafkaIo.ConsumeResult r = KafkaIo.consumeAll(bootstrap, end, decode, BASELINE_REPEATS);
      all.add(String.format(Locale.ROOT, "%.2f s", r.millis() / 1000.0));
      if (best == null || r.millis() < best.millis()) {
        best = r;
      }
      progress.update("passes: " + String.join(", ", all));
    }
    progress.done(rate(best) + " (passes: " + String.join(", ", all) + ")");
    return best;
  }

  private static String rate(KafkaIo.ConsumeResult r) {
    return String.format(
        Locale.ROOT,
        "%,d records in %.2f s, %,.0f/s",
        r.records(),
        r.millis() / 1000.0,
        r.perSecond());
  }

  private static String phase(int k, int of, long t0) {
    return String.format(
        Locale.ROOT,
        "[%d/%d, %s into the bench] ",
        k,
        of,
        Report.minutes(System.currentTimeMillis() - t0));
  }

  /** Stops whatever the bench started: the job, the servers; deletes their data. Runs once. */
  static final class Cleanup implements Runnable {
    private final LocalInfra infra;
    private final Path tmp;
    private final Progress progress;
    private volatile JobClient job;
    private boolean done;

    Cleanup(LocalInfra infra, Path tmp, Progress progress) {
      this.infra = infra;
      this.tmp = tmp;
      this.progress = progress;
    }

    void job(JobClient client) {
      this.job = client;
    }

    @Override
    public synchronized void run() {
      if (done) {
        return;
      }
      done = true;
      JobClient j = job;
      if (j != null) {
        progress.begin("Cancelling the monitor job");
        try {
          j.cancel().get(30, java.util.concurrent.TimeUnit.SECONDS);
          progress.done("cancelled");
        } catch (Exception e) {
          progress.done("already stopped");
        }
      }
      try {
        infra.down(progress);
        infra.purge(progress);
      } catch (RuntimeException e) {
        progress.info("Could not stop the bench's servers cleanly: " + e.getMessage());
      }
      deleteTree(tmp);
    }
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // best effort
                }
              });
    } catch (IOException e) {
      // best effort
    }
  }
}
