package cn.tuoyu.sentinel.jobs.bench;

import cn.tuoyu.sentinel.infra.Progress;
import cn.tuoyu.sentinel.jobs.archive.ArchiveLoad;
import cn.tuoyu.sentinel.jobs.archive.ArchivePeriod;
import cn.tuoyu.sentinel.jobs.archive.ArchiveReader;
import cn.tuoyu.sentinel.jobs.monitor.ReplayJob;
import cn.tuoyu.sentinel.jobs.monitor.RuleOverrides;
import cn.tuoyu.sentinel.jobs.simulate.Simulator;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import cn.tuoyu.sentinel.schema.Institution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The archive part of the bench: replay from the archive against the raw read rate of the same
 * files. A simulated city (the README's example: 50 institutions × 12 h from 07:00, seed 7, with
 * incidents) is laid out as the archive job lays it out ({@link ArchiveLoad}: date/region
 * partitions, a file per minute, the job's own Avro writer), then read three ways: the files alone
 * (the ceiling), the merge into event-time order that starts a replay, and the whole replay.
 */
final class ArchivePhase {
  static final int INSTITUTIONS = 50;
  static final int HOURS = 12;
  static final long SEED = 7;
  static final Instant START = OffsetDateTime.parse("2026-11-23T07:00:00+08:00").toInstant();

  /** Where the archive part begins; {@code --only archive} rewrites from here to the end. */
  static final String MARKER =
      "<!-- bench: archive replay. `bin/sentinel bench --only archive` rewrites from here to the"
          + " end. -->";

  record Result(
      long records,
      long files,
      long bytes,
      List<Long> readMillis,
      long mergeMillis,
      long replayMillis,
      long replayRecords,
      int alerts,
      int deadLetters,
      int parallelism,
      long totalMillis) {
    long bestRead() {
      return readMillis.stream().mapToLong(Long::longValue).min().orElseThrow();
    }
  }

  private ArchivePhase() {}

  static Result run(int parallelism, Progress progress) throws Exception {
    long t0 = System.currentTimeMillis();
    Path dir = Files.createTempDirectory("sentinel-bench-archive-");
    Thread hook = new Thread(() -> Bench.deleteTree(dir), "bench-archive-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      Simulator.Settings settings =
          new Simulator.Settings(INSTITUTIONS, SEED, START, Duration.ofHours(HOURS), 1, true);
      Path file = dir.resolve("city.jsonl");
      Simulator.toFile(settings, file, dir.resolve("truth.json"), progress);
      Map<String, String> regionOf = new HashMap<>();
      for (Institution i : Simulator.reference(settings)) {
        regionOf.put(i.getInstitutionId(), i.getRegionCode());
      }
      Path archive = dir.resolve("archive");
      progress.begin("Laying the city out as the archive job does");
      ArchiveLoad.Written w = ArchiveLoad.write(file, archive, regionOf, 4);
      progress.done(
          String.format(
              Locale.ROOT,
              "%,d records in %,d files, %,d bytes",
              w.records(),
              w.files(),
              w.bytes()));
      Files.delete(file);

      Instant until = START.plus(Duration.ofHours(HOURS));
      ArchiveReader reader = new ArchiveReader(archive);
      ArchiveReader.Selection all = ArchiveReader.Selection.between(Instant.EPOCH, until);
      List<Long> reads = new ArrayList<>();
      progress.begin("Baseline: reading the archive's files (one warm-up, best of 3)");
      count(reader, all);
      for (int i = 0; i < 3; i++) {
        long s = System.nanoTime();
        long n = count(reader, all);
        reads.add((System.nanoTime() - s) / 1_000_000);
        if (n != w.records()) {
          throw new IllegalStateException("read " + n + " of " + w.records() + " records");
        }
      }
      progress.done(reads + " ms");

      progress.begin("Merging the period into event-time order (a replay's first step)");
      long s = System.nanoTime();
      ArchivePeriod.Prepared merged =
          ArchivePeriod.prepare(
              reader,
              new ArchiveReader.Selection(START, until, ""),
              dir.resolve("merged.avro"),
              Progress.SILENT);
      long mergeMillis = (System.nanoTime() - s) / 1_000_000;
      progress.done(merged.records() + " records in " + mergeMillis + " ms");

      progress.info("Replaying the archive through the rule graph (embedded Flink)");
      ReplayJob.Result replay =
          ReplayJob.runFromArchive(
              archive,
              START,
              until,
              "",
              MonitorConfig.defaults(),
              parallelism,
              RuleOverrides.none(),
              progress);
      return new Result(
          w.records(),
          w.files(),
          w.bytes(),
          reads,
          mergeMillis,
          replay.elapsed().toMillis(),
          replay.inputRecords(),
          replay.alerts().size(),
          replay.deadLetters().size(),
          parallelism,
          System.currentTimeMillis() - t0);
    } finally {
      Bench.deleteTree(dir);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running already.
      }
    }
  }

  private static long count(ArchiveReader reader, ArchiveReader.Selection s) throws Exception {
    try (Stream<?> records = reader.read(s)) {
      return records.count();
    }
  }

  /** The archive part of BENCHMARKS.md, from {@link #MARKER} on. */
  static String markdown(
      Result r, ZonedDateTime startedAt, Machine m, String loadBefore, String command) {
    StringBuilder md = new StringBuilder(MARKER).append("\n\n");
    md.append("## Replay from the archive\n\n");
    md.append("- **measured** ")
        .append(startedAt.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT)))
        .append("; the phase took ")
        .append(Report.minutes(r.totalMillis()))
        .append('\n');
    md.append("- **command** `").append(command).append("`\n");
    md.append(Report.machineLine(m, loadBefore, "the phase"));
    md.append("- **java** `").append(m.java()).append("`\n");
    md.append(
        String.format(
            Locale.ROOT,
            "- **workload** the simulated city of the README (%d institutions × %d h from"
                + " 2026-11-23 07:00 +08:00, seed %d, incidents on): %,d records laid out as the"
                + " archive job lays them out — date/region partitions, reference and rules"
                + " apart, one file per partition and minute (a one-minute checkpoint), the job's"
                + " Avro writer — %,d files, %,d bytes (%.1f B/record)\n\n",
            INSTITUTIONS,
            HOURS,
            SEED,
            r.records(),
            r.files(),
            r.bytes(),
            (double) r.bytes() / r.records()));
    md.append("| what | time | records/s | ratio to reading the files |\n|---|---:|---:|---:|\n");
    double base = r.records() / (r.bestRead() / 1000.0);
    md.append(
        row(
            "**baseline**: reading the files (`ArchiveReader`, Avro decoding; best of "
                + r.readMillis().size()
                + ": "
                + r.readMillis()
                + " ms)",
            r.bestRead(),
            r.records(),
            base));
    md.append(
        row(
            "merging the period into event-time order (a replay's first step, one date in"
                + " memory at a time)",
            r.mergeMillis(),
            r.records(),
            base));
    md.append(
        row(
            String.format(
                Locale.ROOT,
                "**replay from the archive**, whole: merge + rule graph (embedded Flink, parallelism %d)"
                    + " + alerts collected — %,d alert transitions, %d dead letters",
                r.parallelism(),
                r.alerts(),
                r.deadLetters()),
            r.replayMillis(),
            r.replayRecords(),
            base));
    md.append('\n');
    md.append(
        "The replay's own progress bar counts the records the rule graph has read; the time above"
            + " is the whole command from opening the archive to the last alert, Flink's start"
            + " (≈ 2–3 s) included. The rule graph, not the archive, is the limit: reading the files"
            + " is the ceiling the replay is compared with, as the raw consumer is for the live"
            + " monitor above.\n");
    return md.toString();
  }

  private static String row(String what, long millis, long records, double base) {
    double rate = records / Math.max(0.001, millis / 1000.0);
    return String.format(
        Locale.ROOT, "| %s | %.1f s | %,.0f | %.3f |\n", what, millis / 1000.0, rate, rate / base);
  }

  /** For the terminal. */
  static String summary(Result r) {
    double base = r.records() / (r.bestRead() / 1000.0);
    return String.format(
        Locale.ROOT,
        "Archive: %,d records, %,d files. Reading the files %,.0f records/s; merge %.1f s; replay"
            + " from the archive %.1f s = %,.0f records/s (ratio %.3f).%n",
        r.records(),
        r.files(),
        base,
        r.mergeMillis() / 1000.0,
        r.replayMillis() / 1000.0,
        r.replayRecords() / (r.replayMillis() / 1000.0),
        r.replayRecords() / (r.replayMillis() / 1000.0) / base);
  }
}
