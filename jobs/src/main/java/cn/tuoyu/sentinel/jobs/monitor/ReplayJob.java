package cn.tuoyu.sentinel.jobs.monitor;

import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.infra.Progress;
import cn.tuoyu.sentinel.jobs.archive.ArchivePeriod;
import cn.tuoyu.sentinel.jobs.archive.ArchiveReader;
import cn.tuoyu.sentinel.jobs.archive.ArchivedRecordFormat;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.pipeline.ingest.EventTimeWatermarks;
import cn.tuoyu.sentinel.pipeline.ingest.JsonLinesFormat;
import cn.tuoyu.sentinel.pipeline.ingest.KafkaEnvelopeDeserializer;
import cn.tuoyu.sentinel.pipeline.monitor.MonitorGraph;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.DeadLetter;
import cn.tuoyu.sentinel.schema.Institution;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * The same rule graph as the live monitor, bounded over a JSON-lines file, as fast as the machine
 * allows; no Kafka or Elasticsearch. Every alert transition is written as a JSON line (design.md
 * export format), sorted by (updatedAt, alertId, sequence) so the file is the same on every run;
 * every unusable line goes to the dead-letter file with its line number and reason.
 */
public final class ReplayJob {
  private ReplayJob() {}

  /** What a replay produced. */
  public record Result(
      long inputRecords,
      List<AlertTransition> alerts,
      List<DeadLetter> deadLetters,
      Map<String, Long> deadLettersByReason,
      Duration elapsed) {}

  /** Replays {@code file} through the rule graph in an embedded Flink. */
  public static Result run(Path file, MonitorConfig config, int parallelism) throws Exception {
    return run(file, config, parallelism, RuleOverrides.none());
  }

  /**
   * Replays {@code file} with rule parameters overridden for the whole replay (a what-if; see
   * {@link RuleOverrides}).
   */
  public static Result run(
      Path file, MonitorConfig config, int parallelism, RuleOverrides overrides) throws Exception {
    return run(file, config, parallelism, overrides, Progress.SILENT);
  }

  /**
   * Replays {@code file} with overrides, reporting progress — records read of the file's, the rate,
   * and the time left — about twice a second.
   */
  public static Result run(
      Path file, MonitorConfig config, int parallelism, RuleOverrides overrides, Progress progress)
      throws Exception {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("no such file: " + file);
    }
    long start = System.nanoTime();
    long total = countRecords(file);
    StreamExecutionEnvironment env = environment(parallelism);
    FileSource<EventEnvelope> source =
        FileSource.forRecordStreamFormat(
                new JsonLinesFormat(file.getFileName().toString()),
                new org.apache.flink.core.fs.Path(file.toAbsolutePath().toUri()))
            .build();
    DataStream<EventEnvelope> in =
        env.fromSource(
                source,
                EventTimeWatermarks.events(config.outOfOrderness(), Duration.ZERO),
                "JSON lines " + file.getFileName())
            .uid("file-source")
            .setParallelism(1);
    ReadCounter counter = ReadCounter.open();
    in = in.map(counter).name("Count records read").setParallelism(1);
    return execute(
        in,
        counter,
        List.of(),
        overrides,
        total,
        progress,
        "Replaying " + file.getFileName() + " (" + total + " records)",
        start,
        Long.MIN_VALUE); // a file says nothing of the time after its last record
  }

  /**
   * Replays the event topics over {@code [since, until)} (event time), for institutions whose
   * region code starts with {@code regionPrefix} ("" = all), with the reference data and rules on
   * Kafka (the compacted topics keep each record's latest version, so a later change of an
   * institution applies to the whole period: the archive keeps the history). Reading starts at the
   * first record time-stamped at or after {@code since} minus the lateness bound — Kafka time
   * stamps are never before event time — and ends at the topics' current end; events outside the
   * period are skipped, not dead-lettered.
   */
  public static Result runFromKafka(
      String bootstrap,
      Instant since,
      Instant until,
      String regionPrefix,
      MonitorConfig config,
      int parallelism,
      RuleOverrides overrides,
      Progress progress)
      throws Exception {
    long start = System.nanoTime();
    List<EventEnvelope> reference = ReferenceBootstrap.read(bootstrap, Duration.ofSeconds(30));
    Set<String> institutions = new HashSet<>();
    for (EventEnvelope e : reference) {
      if (e.kind == EventEnvelope.Kind.INSTITUTION
          && ((Institution) e.record()).getRegionCode().startsWith(regionPrefix)) {
        institutions.add(e.key);
      }
    }
    long from = since.toEpochMilli() - config.outOfOrderness().toMillis();
    long total = KafkaPeriod.recordsFrom(bootstrap, from);
    StreamExecutionEnvironment env = environment(parallelism);
    KafkaSource<EventEnvelope> source =
        KafkaSource.<EventEnvelope>builder()
            .setBootstrapServers(bootstrap)
            .setTopics(Topics.ATTENDANCE, Topics.CAMERA, Topics.SENSOR)
            .setGroupId("sentinel-replay-" + UUID.randomUUID())
            .setStartingOffsets(OffsetsInitializer.timestamp(from))
            .setBounded(OffsetsInitializer.latest())
            .setDeserializer(new KafkaEnvelopeDeserializer())
            .setProperty("isolation.level", "read_committed")
            .setProperty("commit.offsets.on.checkpoint", "false")
            .build();
    ReadCounter counter = ReadCounter.open();
    long sinceMillis = since.toEpochMilli();
    long untilMillis = until.toEpochMilli();
    DataStream<EventEnvelope> in =
        env.fromSource(
                source,
                EventTimeWatermarks.events(config.outOfOrderness(), Duration.ZERO),
                "Kafka events " + since + " – " + until)
            .uid("kafka-replay-source")
            .map(counter)
            .name("Count records read")
            .filter(
                e ->
                    !e.isEvent()
                        || e.ts >= sinceMillis
                            && e.ts < untilMillis
                            && (regionPrefix.isEmpty() || institutions.contains(e.key)))
            .name("Events of the period and region");
    return execute(
        in,
        counter,
        reference,
        overrides,
        total,
        progress,
        "Replaying Kafka " + beijing(since) + " – " + beijing(until) + " (≤ " + total + " records)",
        start,
        Long.MIN_VALUE);
  }

  /**
   * Replays the archive over {@code [since, until)} (event time) for institutions whose region code
   * starts with {@code regionPrefix} ("" = all): the institutions and rules in force at {@code
   * since} are restored from the archive first, the period's records are merged into event-time
   * order ({@link ArchivePeriod}) and read as the monitor reads Kafka — the same records, the same
   * dead-letter reasons. Records the archive kept but the monitor refuses are dead-lettered again.
   */
  public static Result runFromArchive(
      Path archive,
      Instant since,
      Instant until,
      String regionPrefix,
      MonitorConfig config,
      int parallelism,
      RuleOverrides overrides,
      Progress progress)
      throws Exception {
    if (!Files.isDirectory(archive)) {
      throw new IllegalArgumentException("no archive directory: " + archive);
    }
    long start = System.nanoTime();
    Path work = Files.createTempDirectory("sentinel-replay-");
    try {
      ArchivePeriod.Prepared period =
          ArchivePeriod.prepare(
              new ArchiveReader(archive),
              new ArchiveReader.Selection(since, until, regionPrefix),
              work.resolve("period.avro"),
              progress);
      long periodEnd = periodEnd(until, period.latestEvent(), config.outOfOrderness());
      progress.info(
          periodEnd == Long.MIN_VALUE
              ? "no event in the archive: nothing comes due at the end"
              : "the archive reaches "
                  + beijing(period.latestEvent())
                  + ": holds and absences due before "
                  + beijing(Instant.ofEpochMilli(periodEnd))
                  + " fire at the end, as they did live");
      StreamExecutionEnvironment env = environment(parallelism);
      FileSource<EventEnvelope> source =
          FileSource.forRecordStreamFormat(
                  new ArchivedRecordFormat(),
                  new org.apache.flink.core.fs.Path(period.file().toUri()))
              .build();
      ReadCounter counter = ReadCounter.open();
      DataStream<EventEnvelope> in =
          env.fromSource(
                  source,
                  EventTimeWatermarks.events(config.outOfOrderness(), Duration.ZERO),
                  "Archive " + since + " – " + until)
              .uid("archive-replay-source")
              .setParallelism(1)
              .map(counter)
              .name("Count records read")
              .setParallelism(1);
      return execute(
          in,
          counter,
          period.reference(),
          overrides,
          period.records(),
          progress,
          "Replaying the archive "
              + beijing(since)
              + " – "
              + beijing(until)
              + " ("
              + period.records()
              + " records)",
          start,
          periodEnd);
    } finally {
      deleteTree(work);
    }
  }

  /**
   * How far an archived period is complete: {@code until}, once the archive holds events of the
   * region beyond it by the out-of-orderness bound (live, the watermark passed {@code until} then),
   * else as far as its latest event takes the watermark. Deadlines before it fire at the end of the
   * replay, as they did live; {@link Long#MIN_VALUE} when the archive holds no event.
   */
  static long periodEnd(Instant until, Instant latestEvent, Duration outOfOrderness) {
    if (latestEvent == null) {
      return Long.MIN_VALUE;
    }
    return Math.min(until.toEpochMilli(), latestEvent.toEpochMilli() - outOfOrderness.toMillis());
  }

  /** {@code 2026-11-23T15:00+08:00}: how users give and read times. */
  private static String beijing(Instant t) {
    return t.atOffset(java.time.ZoneOffset.ofHours(8)).toString();
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  private static StreamExecutionEnvironment environment(int parallelism) {
    Configuration conf = new Configuration();
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    env.setParallelism(parallelism);
    return env;
  }

  /** The rule graph over {@code in}, collected to this client, with progress. */
  private static Result execute(
      DataStream<EventEnvelope> in,
      ReadCounter counter,
      List<EventEnvelope> reference,
      RuleOverrides overrides,
      long total,
      Progress progress,
      String what,
      long start,
      long periodEnd)
      throws Exception {
    if (!overrides.isEmpty()) {
      // In force from the start (known to the monitor when it opens), and merged on top of the
      // input's own rules records of their scope.
      in =
          in.map(overrides::apply)
              .name("Rule overrides (--rules)")
              .setParallelism(in.getParallelism());
    }
    List<EventEnvelope> known = new ArrayList<>(reference);
    known.addAll(overrides.initial());
    MonitorGraph.Outputs out = MonitorGraph.build(in, null, known, periodEnd);

    // Both outputs travel to this client as Avro single-object bytes and are told apart there.
    DataStream<byte[]> collected =
        out.alerts()
            .map(a -> SentinelSerde.encodeAny(a))
            .returns(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
            .name("Alerts to the replay client")
            .union(
                out.deadLetters()
                    .map(d -> SentinelSerde.encodeAny(d))
                    .returns(PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO)
                    .name("Dead letters to the replay client"));

    List<AlertTransition> alerts = new ArrayList<>();
    List<DeadLetter> deadLetters = new ArrayList<>();
    progress.begin(what);
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "replay-progress");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(
        () -> progress.update(bar(counter.read(), total, System.nanoTime() - start)),
        500,
        500,
        TimeUnit.MILLISECONDS);
    long read;
    try (CloseableIterator<byte[]> it = collected.executeAndCollect("Tuoyu Sentinel replay")) {
      while (it.hasNext()) {
        Object record = SentinelSerde.decodeAny(it.next());
        if (record instanceof AlertTransition a) {
          alerts.add(a);
        } else {
          deadLetters.add((DeadLetter) record);
        }
      }
    } finally {
      ticker.shutdownNow();
      read = counter.read();
      counter.close();
    }
    alerts.sort(
        Comparator.comparing(AlertTransition::getUpdatedAt)
            .thenComparing(AlertTransition::getAlertId)
            .thenComparing(AlertTransition::getSequence));
    deadLetters.sort(
        Comparator.comparing((DeadLetter d) -> d.getLineNumber() == null ? 0L : d.getLineNumber()));
    Map<String, Long> byReason = new TreeMap<>();
    deadLetters.forEach(d -> byReason.merge(d.getReason(), 1L, Long::sum));
    progress.done(
        String.format(
            Locale.ROOT, "%,d records in %.1f s", read, (System.nanoTime() - start) / 1e9));
    return new Result(
        read, alerts, deadLetters, byReason, Duration.ofNanos(System.nanoTime() - start));
  }

  /** Writes alert transitions (or dead letters) as JSON lines. */
  public static void write(
      Path target, List<? extends org.apache.avro.specific.SpecificRecord> records)
      throws IOException {
    JsonLinesCodec codec = new JsonLinesCodec();
    Path parent = target.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try (BufferedWriter w = Files.newBufferedWriter(target, StandardCharsets.UTF_8)) {
      for (var r : records) {
        w.write(codec.encode(r));
        w.newLine();
      }
    }
  }

  /** {@code [████░░░░] 42% · 120,000 / 290,000 records · 25,000/s · ETA 7 s}. */
  static String bar(long read, long total, long elapsedNanos) {
    double done = total == 0 ? 1 : Math.min(1, (double) read / total);
    int width = 24;
    int full = (int) Math.round(done * width);
    double seconds = elapsedNanos / 1e9;
    double rate = read / Math.max(seconds, 1e-3);
    String eta =
        read == 0 ? "?" : String.format(Locale.ROOT, "%.0f s", Math.max(0, total - read) / rate);
    return String.format(
        Locale.ROOT,
        "[%s%s] %3.0f%% · %,d / %,d records · %,.0f/s · ETA %s",
        "█".repeat(full),
        "░".repeat(width - full),
        done * 100,
        read,
        total,
        rate,
        eta);
  }

  /** Non-blank lines: the records the replay read. */
  private static long countRecords(Path file) throws IOException {
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.filter(l -> !l.isBlank()).count();
    }
  }
}
