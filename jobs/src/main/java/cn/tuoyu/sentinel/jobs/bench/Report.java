package cn.tuoyu.sentinel.jobs.bench;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** BENCHMARKS.md and the summary on standard output, from what a bench run measured. */
final class Report {
  /** The workload as published. */
  record WorkloadFacts(
      int institutions,
      int days,
      LocalDate firstDay,
      LocalDate lastDay,
      int lastDayInstitutions,
      Map<String, Long> eventsByTopic,
      long cityEvents,
      long instrumentEvents,
      long backlog,
      long seed,
      int partitions,
      long publishMillis) {}

  /** Everything a run measured. */
  record Results(
      ZonedDateTime startedAt,
      long totalMillis,
      Machine machine,
      String loadBefore,
      String command,
      String versions,
      int parallelism,
      WorkloadFacts workload,
      KafkaIo.ConsumeResult raw,
      KafkaIo.ConsumeResult decoded,
      List<Duration> intervals,
      List<MonitorRun.Result> runs) {

    /** The passes with checkpoint interval {@code d}, in the order they ran. */
    List<MonitorRun.Result> passes(Duration d) {
      return runs.stream().filter(x -> x.checkpointInterval().equals(d)).toList();
    }

    /** The fastest catch-up with interval {@code d}. */
    MonitorRun.Result fastest(Duration d) {
      return passes(d).stream()
          .max(java.util.Comparator.comparingDouble(MonitorRun.Result::eventsPerSecond))
          .orElseThrow();
    }

    /** The pass with interval {@code d} that measured latency. */
    java.util.Optional<MonitorRun.Result> full(Duration d) {
      return passes(d).stream().filter(MonitorRun.Result::full).findFirst();
    }

    List<MonitorRun.Result> fullRuns() {
      return intervals.stream().flatMap(d -> full(d).stream()).toList();
    }
  }

  private Report() {}

  static String markdown(Results r) {
    StringBuilder md = new StringBuilder();
    WorkloadFacts w = r.workload;
    md.append("# Benchmarks\n\n");
    md.append(
        "Written by `bin/sentinel bench`, which overwrites this file on every run (performance lives"
            + " here, never in\ntimed test assertions). Every figure below comes from one run on one"
            + " machine, baseline included.\n\n");
    md.append("- **measured** ")
        .append(r.startedAt.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT)))
        .append("; the whole run took ")
        .append(minutes(r.totalMillis))
        .append('\n');
    md.append("- **command** `").append(r.command).append("`\n");
    md.append("- **machine** ")
        .append(r.machine.cores())
        .append(" CPU cores (")
        .append(r.machine.cpu())
        .append("), ")
        .append(r.machine.memory())
        .append(" memory, ")
        .append(r.machine.os())
        .append("; load average when the bench started ")
        .append(r.loadBefore)
        .append(" (1 / 5 / 15 min)\n");
    md.append("- **java** `")
        .append(r.machine.java())
        .append("` (bench, producer and embedded Flink)\n");
    md.append("- **servers** ")
        .append(r.versions)
        .append(", all on this machine; ")
        .append(w.partitions)
        .append(" partitions per topic; monitor parallelism ")
        .append(r.parallelism)
        .append("\n\n");

    md.append("## Throughput: the monitor catching up on a backlog\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "%,d events already in Kafka (%s), read from the beginning.\n\n",
            w.backlog,
            topicMix(w)));
    md.append(throughputTable(r));
    md.append('\n');
    md.append("## Latency: alert transition → readable on `sentinel.alerts`\n\n");
    md.append(
        "The monitor running live and caught up; transitions read with `isolation.level=read_committed`,"
            + " as an\ninstitution reads them. *End to end* counts from the moment a transition is due"
            + " (the hold has elapsed,\nor the event that clears it was sent); *after the watermark*"
            + " counts from the moment the watermark could\npass that time, i.e. without the"
            + " out-of-orderness wait (5 s) the job needs to be sure no earlier event is\nstill"
            + " coming.\n\n");
    md.append(latencyTable(r));
    md.append('\n');
    md.append(perRunTable(r));
    md.append('\n');
    md.append(workloadSection(r));
    md.append('\n');
    md.append(METHOD);
    return md.toString();
  }

  /** The two result tables, for the terminal. */
  static String summary(Results r) {
    return "Throughput (catch-up, "
        + String.format(Locale.ROOT, "%,d", r.workload.backlog)
        + " events):\n"
        + throughputTable(r)
        + "\nLatency (alert transition → readable on sentinel.alerts):\n"
        + latencyTable(r);
  }

  private static String throughputTable(Results r) {
    StringBuilder t = new StringBuilder();
    double ceiling = r.raw.perSecond();
    t.append("| what | time for the backlog | events/s | ratio to raw consume |\n");
    t.append("|---|---:|---:|---:|\n");
    t.append(
        row(
            "**baseline**: plain KafkaConsumer reading the bytes (the ceiling)",
            onceThrough(r, r.raw),
            ceiling,
            1.0));
    t.append(
        row(
            "same, decoding every record as the job's source does (Avro → envelope)",
            onceThrough(r, r.decoded),
            r.decoded.perSecond(),
            r.decoded.perSecond() / ceiling));
    for (Duration d : r.intervals) {
      MonitorRun.Result best = r.fastest(d);
      List<String> times = new ArrayList<>();
      r.passes(d)
          .forEach(
              p -> times.add(String.format(Locale.ROOT, "%.1f s", p.catchUpMillis() / 1000.0)));
      t.append(
          row(
              "**monitor job**, checkpoint every "
                  + interval(d)
                  + (times.size() > 1 ? " (best of " + String.join(", ", times) + ")" : ""),
              best.catchUpMillis(),
              best.eventsPerSecond(),
              best.eventsPerSecond() / ceiling));
    }
    return t.toString();
  }

  /** Time to read the backlog once, from a pass that may have read it several times. */
  private static long onceThrough(Results r, KafkaIo.ConsumeResult c) {
    return Math.round(c.millis() * (double) r.workload.backlog() / Math.max(1, c.records()));
  }

  private static String row(String what, long millis, double perSecond, double ratio) {
    return String.format(
        Locale.ROOT, "| %s | %.1f s | %,.0f | %.3f |\n", what, millis / 1000.0, perSecond, ratio);
  }

  private static String latencyTable(Results r) {
    StringBuilder t = new StringBuilder();
    t.append(
        "| checkpoint interval | transitions read | end to end p50 | p99 | max | after watermark p50 | p99 | max |\n");
    t.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (MonitorRun.Result run : r.fullRuns()) {
      LatencyPhase.Result l = run.latency();
      t.append(
          String.format(
              Locale.ROOT,
              "| %s | %d/%d | %s | %s | %s | %s | %s | %s |\n",
              interval(run.checkpointInterval()),
              l.transitionsSeen(),
              l.transitionsExpected(),
              Stats.seconds(l.endToEnd().p50()),
              Stats.seconds(l.endToEnd().p99()),
              Stats.seconds(l.endToEnd().max()),
              Stats.seconds(l.afterWatermark().p50()),
              Stats.seconds(l.afterWatermark().p99()),
              Stats.seconds(l.afterWatermark().max())));
    }
    return t.toString();
  }

  private static String perRunTable(Results r) {
    StringBuilder t = new StringBuilder("### Every pass, in the order they ran\n\n");
    t.append(
        "| checkpoint interval | pass | job start | catch-up | events/s | CPU during catch-up | events per CPU-second"
            + " of the Flink JVM | alerts committed after catch-up | latency p50 OPEN / RESOLVED"
            + " | checkpoints completed (failed) | checkpoint duration avg / max | restarts | dead letters |\n");
    t.append("|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (MonitorRun.Result run : r.runs) {
      FlinkRest.Checkpoints c = run.checkpoints();
      t.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.1f s | %.1f s | %,.0f | %s | %s | +%.1f s | %s | %d (%d) | %d / %d ms | %d | %d |\n",
              interval(run.checkpointInterval()),
              pass(r, run),
              run.startMillis() / 1000.0,
              run.catchUpMillis() / 1000.0,
              run.eventsPerSecond(),
              run.cpu().describe(),
              perCpuSecond(run),
              run.commitExtraMillis() / 1000.0,
              run.full()
                  ? Stats.seconds(run.latency().openEndToEnd().p50())
                      + " / "
                      + Stats.seconds(run.latency().resolvedEndToEnd().p50())
                  : "(not measured)",
              c.completed(),
              c.failed(),
              c.avgMillis(),
              c.maxMillis(),
              run.exceptions().count(),
              run.deadLetters()));
    }
    for (MonitorRun.Result run : r.runs) {
      if (run.checkpoints().failed() > 0) {
        t.append("\nCheckpoint every ")
            .append(interval(run.checkpointInterval()))
            .append(", pass ")
            .append(pass(r, run))
            .append(": ")
            .append(run.checkpoints().failed())
            .append(" failed checkpoint(s), ")
            .append(
                run.checkpoints().failure() != null
                    ? "the last with `"
                        + run.checkpoints().failure().lines().findFirst().orElse("")
                        + "`"
                    : "without a reason in Flink's checkpoint statistics (it never became a pending"
                        + " checkpoint, as when one is triggered before every task has initialised)")
            .append(".\n");
      }
      if (run.exceptions().count() > 0) {
        t.append("\nCheckpoint every ")
            .append(interval(run.checkpointInterval()))
            .append(", pass ")
            .append(pass(r, run))
            .append(": ")
            .append(run.exceptions().count())
            .append(" exception(s); the last: `")
            .append(run.exceptions().first())
            .append("`\n");
      }
    }
    return t.toString();
  }

  /** 1 for the first pass with its checkpoint interval, 2 for the second. */
  private static int pass(Results r, MonitorRun.Result run) {
    return r.passes(run.checkpointInterval()).indexOf(run) + 1;
  }

  /**
   * Events per CPU-second the bench's JVM (Flink) used while catching up: less sensitive to what
   * else runs on the machine than events/s.
   */
  private static String perCpuSecond(MonitorRun.Result run) {
    Double seconds = run.cpu().seconds().get(Bench.FLINK_JVM);
    return seconds == null || seconds <= 0
        ? "—"
        : String.format(Locale.ROOT, "%,.0f", run.events() / seconds);
  }

  private static String workloadSection(Results r) {
    WorkloadFacts w = r.workload;
    StringBuilder s = new StringBuilder("## Workload\n\n");
    s.append(
        String.format(
            Locale.ROOT,
            "A synthetic city generated from seed %d (the same seed gives the same city and events;"
                + " only the dates move\nwith the day of the run): **%d institutions** in ten districts"
                + " of Changzhou, Tianjin and Wenzhou — 70 %% centres\n(2–5 rooms), 10 %% kindergarten"
                + " classes, 10 %% employer-run, 10 %% family sites — with classes filled to 60–100 %% of\n"
                + "their limit and the caregivers the ratio needs, half the rooms with one to spare."
                + " **%d day(s)**, %s to %s\n(on the last day %d institution(s) open), published in"
                + " event-time order before the job starts (%.1f s to publish):\n\n",
            w.seed,
            w.institutions,
            w.days,
            w.firstDay,
            w.lastDay,
            w.lastDayInstitutions,
            w.publishMillis / 1000.0));
    s.append(
        "- children check in during the first 90 min, leave their room 2–5 times for 2–12 min,"
            + " are picked up before\n  closing;\n"
            + "- caregivers are in before the children and out after the last one; in rooms with two"
            + " or more they step out\n  4–9 times a day, 20–100 s, and 3 % of the time 130–400 s;"
            + " a sole caregiver steps out on one day in five;\n"
            + "- a health worker visits every room twice a day;\n"
            + "- every room has a camera and a temperature sensor reporting every 15 min (the"
            + " specification's cameras\n  heartbeat every 30 s: thinned because the monitor only"
            + " counts camera and sensor events so far, and at full\n  rate they would be 85 % of"
            + " the load);\n"
            + "- the bench's own instruments (region 990000): a tick on every partition every 5"
            + " min, and at the end markers\n  whose alerts tell the bench the job has caught"
            + " up.\n\n");
    s.append("| topic | events |\n|---|---:|\n");
    w.eventsByTopic.forEach(
        (topic, n) -> s.append(String.format(Locale.ROOT, "| `%s` | %,d |\n", topic, n)));
    s.append(String.format(Locale.ROOT, "| **total** | **%,d** |\n\n", w.backlog));
    s.append(
        String.format(
            Locale.ROOT,
            "Of these, %,d are the city's and %,d the instruments'.\n\n",
            w.cityEvents,
            w.instrumentEvents));
    if (!r.fullRuns().isEmpty()) {
      MonitorRun.Result first = r.fullRuns().get(0);
      long total = first.alertsByRuleAndStatus().values().stream().mapToLong(Long::longValue).sum();
      s.append(
          String.format(
              Locale.ROOT,
              "The backlog raises %,d alert transitions (counted in the passes that also measured"
                  + " latency, which start\nfresh and must agree):",
              total));
      List<String> parts = new ArrayList<>();
      first
          .alertsByRuleAndStatus()
          .forEach((k, v) -> parts.add(String.format(Locale.ROOT, " %s %,d", k, v)));
      s.append(String.join(",", parts)).append(".");
      for (MonitorRun.Result run : r.fullRuns().subList(1, r.fullRuns().size())) {
        if (!run.alertsByRuleAndStatus().equals(first.alertsByRuleAndStatus())) {
          s.append(" **The run with checkpoint every ")
              .append(interval(run.checkpointInterval()))
              .append(" raised different ones:** ")
              .append(run.alertsByRuleAndStatus())
              .append('.');
        }
      }
      s.append('\n');
    }
    return s.toString();
  }

  private static String topicMix(WorkloadFacts w) {
    List<String> parts = new ArrayList<>();
    w.eventsByTopic.forEach(
        (topic, n) ->
            parts.add(
                String.format(
                    Locale.ROOT,
                    "%.0f %% %s",
                    100.0 * n / Math.max(1, w.backlog),
                    topic.substring(topic.lastIndexOf('.') + 1))));
    return String.join(", ", parts);
  }

  static String interval(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
  }

  static String minutes(long millis) {
    long s = Math.round(millis / 1000.0);
    return s >= 60 ? (s / 60) + " min " + (s % 60) + " s" : s + " s";
  }

  private static final String METHOD =
      """
      ## Method

      1. **Private servers.** The bench starts its own Kafka and Elasticsearch on free ports, with data in a
         temporary directory, exactly as `bin/sentinel infra up` does (a running demo is not touched), and stops
         them and deletes their data at the end — also on failure or Ctrl-C. Retention is switched off on its
         topics so that time-based deletion cannot touch a backlog that starts days ago.
      2. **Backlog.** Reference data (every institution) and rule parameters are published first, then every event
         in event-time order, Avro single-object encoded, keyed by institutionId — the wire format of
         `sentinel produce`. Nothing reads them yet.
      3. **Baseline (the ceiling).** A plain `KafkaConsumer` (`read_committed` like the job, default fetch settings
         except `fetch.max.wait.ms` = 10 ms, which only matters at the end of the log) reads every event of the
         three event topics from the beginning, three times over per timed pass (one pass alone is too short
         to time); after warm-up passes, the best of five. The same again, best of
         three, decoding every record with the job's own deserializer. The monitor cannot read faster than
         the first figure on this machine; the ratio says how much of it the monitor achieves.
      4. **Warm-up.** The monitor job runs once on the backlog, unmeasured (until it has caught up, at most
         90 s), so that the measured passes do not pay for loading classes and compiling hot code.
      5. **Monitor throughput.** The monitor job (`MonitorRunner`, the code behind `bin/sentinel monitor`:
         embedded Flink, heap state, exactly-once Kafka sinks, Elasticsearch sink) starts fresh with a new
         consumer group and reads the backlog from the beginning. The clock starts when all its tasks are
         running (the embedded cluster's REST API, asked every 10 ms), i.e. when its source starts reading,
         and stops when the alert transitions of the markers — the last events of the backlog, two
         institutions on each subtask of the monitor — appear on `sentinel.alerts`, read uncommitted, i.e.
         the moment the job writes them: the watermark can only pass the markers once every partition has
         been read to the end, and the monitor applies events in event-time order, so that is when the job
         has *processed* the backlog. events/s = backlog ÷ that time; the job's start-up (in the table of
         passes) is not in it. The table also shows how much later the last transitions were committed
         (readable by institutions) and how the CPUs were shared meanwhile (from `/proc`).
      6. **Latency.** The job keeps running, caught up. A tick on every partition every 100 ms, stamped with the
         wall clock, plays the live city (the watermark is the minimum over all partitions, so every partition
         must move). Probe institutions (one child, one caregiver, ROOM_UNATTENDED hold set to 2 s for their
         region through `sentinel.rules`) run one episode every 100 ms: the caregiver steps out (the condition
         starts; OPEN is due 2 s later) and is back 3 s after leaving (RESOLVED is due). A `read_committed`
         consumer records when each OPEN and RESOLVED arrives. Both transitions of every episode count as
         samples; p50/p99 are nearest-rank.
      7. **Two passes per checkpoint interval**, each on a fresh job and state, in the order A B B A: the JVM
         keeps getting faster over the first passes, and this order gives no interval the advantage of coming
         later. The first pass of each measures the catch-up only, the second the catch-up and then latency;
         the throughput table shows the faster catch-up of the two.

      ## Caveats

      - **Two cores for everything.** Kafka, Elasticsearch, Flink (JobManager and TaskManager in one JVM) and the
        bench's own producer and consumers share the machine's CPUs, with whatever else runs on it (see the load
        average above and "other processes" in the table of passes). On a real cluster each would have its own.
        When other processes take a large share, events per CPU-second of the Flink JVM is the steadier
        figure for comparing runs; events/s is what this machine delivered.
      - **Exactly-once costs latency, by design.** Alerts on `sentinel.alerts` are written in a Kafka transaction
        that commits when the checkpoint covering them completes, so a read_committed reader waits on average
        half a checkpoint interval plus the checkpoint's own duration. A shorter interval buys latency with more
        frequent checkpoints and transaction commits, which the catch-up throughput pays for.
      - **Event time.** An alert decision waits until the watermark passes it: events are allowed 5 s of
        out-of-orderness, so nothing opens or resolves sooner than 5 s after it is due, plus the time until the
        slowest partition shows a later event. In a quiet city (partitions without events) the idleness timeout
        (30 s) decides instead; the ticks keep every partition busy here, as a city of real institutions would.
      - **The probes' hold is 2 s** instead of ROOM_UNATTENDED's default 30 s, so that an episode lasts seconds;
        the hold changes when a transition is due, not how long the pipeline takes once it is.
      - **The ceiling is a small figure to time**: reading the backlog once takes well under a second, hence
        three times over per pass and the best of five passes.
      - **Few repetitions**: two catch-ups per interval, one latency phase of 100 episodes. Expect variance
        between runs of the bench, more on a busy machine; the baseline is measured in the same run for that
        reason.
      """;
}
