package cn.tuoyu.sentinel.jobs.bench;

import cn.tuoyu.sentinel.pipeline.monitor.HeldConditionPattern;
import cn.tuoyu.sentinel.pipeline.rules.CameraFlappingRule;
import java.time.Duration;
import java.time.Instant;
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

  /** The whole file from a run of the Kafka phases only (no state section). */
  static String markdown(Results r) {
    return merge(null, kafkaPart(r), null);
  }

  /**
   * The file: title, intro, then the Kafka part and the state part — each the new one if given,
   * else the one in {@code existing} (the file as it was; null if there was none).
   */
  static String merge(String existing, String kafkaPart, String statePart) {
    return merge(existing, kafkaPart, statePart, null);
  }

  /**
   * The file with the archive part too: it follows the state part, from {@link ArchivePhase#MARKER}
   * to the end.
   */
  static String merge(String existing, String kafkaPart, String statePart, String archivePart) {
    String oldArchive = null;
    if (existing != null) {
      int marker = existing.indexOf(ArchivePhase.MARKER);
      if (marker >= 0) {
        oldArchive = existing.substring(marker);
        existing = existing.substring(0, marker);
      }
    }
    String archive = archivePart != null ? archivePart : oldArchive;
    String rest = mergeKafkaAndState(existing, kafkaPart, statePart);
    return archive == null ? rest : rest + "\n" + archive.strip() + "\n";
  }

  private static String mergeKafkaAndState(String existing, String kafkaPart, String statePart) {
    String oldKafka = null;
    String oldState = null;
    if (existing != null) {
      int marker = existing.indexOf(STATE_MARKER);
      String head = marker < 0 ? existing : existing.substring(0, marker);
      oldState = marker < 0 ? null : existing.substring(marker);
      if (head.startsWith(TITLE)) {
        // Skip the intro paragraph: it is rewritten below.
        int intro = head.indexOf("\n\n", TITLE.length());
        head = intro < 0 ? "" : head.substring(intro + 2);
      }
      oldKafka = head.isBlank() ? null : head.strip() + "\n";
    }
    String kafka = kafkaPart != null ? kafkaPart : oldKafka;
    String state = statePart != null ? statePart : oldState;
    StringBuilder md = new StringBuilder(TITLE).append(INTRO).append('\n');
    if (kafka != null) {
      md.append(kafka.strip()).append("\n\n");
    }
    if (state != null) {
      md.append(state.strip()).append('\n');
    }
    return md.toString().strip() + "\n";
  }

  static final String TITLE = "# Benchmarks\n\n";

  static final String INTRO =
      "Written by `bin/sentinel bench` (performance lives here, never in timed test assertions): a"
          + " full run rewrites the\nwhole file, `--only kafka`, `--only state` or `--only archive` only its own part."
          + " Each part says when, how and on what\nmachine it was measured; the figures of one part"
          + " come from one run, baseline included.\n";

  /** Where the state part begins; {@code --only state} rewrites from here to the end. */
  static final String STATE_MARKER =
      "<!-- bench: state size. `bin/sentinel bench --only state` rewrites from here to the end. -->";

  /** The Kafka part: throughput and latency through the real Kafka, its workload and method. */
  static String kafkaPart(Results r) {
    StringBuilder md = new StringBuilder();
    WorkloadFacts w = r.workload;
    md.append("- **measured** ")
        .append(r.startedAt.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT)))
        .append("; the whole run took ")
        .append(minutes(r.totalMillis))
        .append('\n');
    md.append("- **command** `").append(r.command).append("`\n");
    md.append(machineLine(r.machine, r.loadBefore, "the bench"));
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

  /** The "machine" bullet: CPUs, memory, OS and the load average when {@code what} started. */
  static String machineLine(Machine m, String loadBefore, String what) {
    return "- **machine** "
        + m.cores()
        + " CPU cores ("
        + m.cpu()
        + "), "
        + m.memory()
        + " memory, "
        + m.os()
        + "; load average when "
        + what
        + " started "
        + loadBefore
        + " (1 / 5 / 15 min)\n";
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

  // ---------------------------------------------------------------------------------------------
  // The state part

  /** The state phase's figures with when, how and where they were measured. */
  record StateRun(
      ZonedDateTime startedAt,
      Machine machine,
      String loadBefore,
      String command,
      String flinkVersion,
      StatePhase.Result result) {}

  /** The state part of the file, from {@link #STATE_MARKER} on. */
  static String statePart(StateRun run) {
    StatePhase.Result r = run.result();
    StringBuilder md = new StringBuilder(STATE_MARKER).append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "## State size: %,d cameras × %d h of heartbeats\n\n",
            r.cameras(),
            r.hours()));
    md.append("- **measured** ")
        .append(
            run.startedAt().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ROOT)))
        .append("; the phase took ")
        .append(minutes(r.millis()))
        .append('\n');
    md.append("- **command** `").append(run.command()).append("`\n");
    md.append(machineLine(run.machine(), run.loadBefore(), "the phase"));
    md.append("- **java** `").append(run.machine().java()).append("`\n");
    md.append("- **flink** ")
        .append(run.flinkVersion())
        .append(
            ", embedded in the bench's JVM; heap state backend (`hashmap`), a checkpoint every ")
        .append(interval(r.checkpointInterval()))
        .append(" to the local file system, as `bin/sentinel monitor` runs it; parallelism ")
        .append(r.parallelism())
        .append(" (the generator 1)\n\n");
    md.append(stateWorkload(r)).append('\n');
    md.append("### Checkpointed state, bytes per camera\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Each operator's state in the checkpoint taken at that simulated hour (all its subtasks"
                + " together) ÷ %,d cameras.\n\n",
            r.cameras()));
    md.append(stateTable(r)).append('\n');
    md.append(stateReading(r)).append("\n\n");
    md.append("### Throughput of the phase\n\n");
    md.append(stateThroughputTable(r)).append('\n');
    md.append(stateOutcome(r)).append("\n\n");
    md.append(STATE_METHOD);
    return md.toString();
  }

  /** The state table and the throughput table, for the terminal. */
  static String stateSummary(StateRun run) {
    StatePhase.Result r = run.result();
    return String.format(
            Locale.ROOT, "State per camera (bytes, %,d cameras × %d h):\n", r.cameras(), r.hours())
        + stateTable(r)
        + "\nThroughput of the state phase:\n"
        + stateThroughputTable(r);
  }

  private static String stateWorkload(StatePhase.Result r) {
    LocalDate day = Instant.ofEpochMilli(r.start()).atZone(Workload.ZONE).toLocalDate();
    return String.format(
        Locale.ROOT,
        "**%,d cameras in %,d institutions** (five rooms of four cameras each), every camera sending"
            + " a heartbeat (an ONLINE\nstatus report) every 30 s at its own phase, for %d simulated"
            + " hours from %s 00:00 (Asia/Shanghai): **%,d events**,\nin event-time order after"
            + " the %,d institution records (seed %d). Generated inside the job by a bounded FLIP-27"
            + " source (no\nKafka) exactly as the Kafka source delivers them: Avro single-object"
            + " bytes decoded into the job's envelope. So\nthat the CEP operators and the alert"
            + " lifecycle hold something, every hour %s %% of the cameras go OFFLINE for\n%s–%s"
            + " min (%,d outages: CAMERA_OFFLINE opens after its 90 s hold and resolves), %s %%"
            + " flap — %d one-report\nOFFLINE blips %s min apart (%,d episodes: CAMERA_FLAPPING"
            + " opens and resolves an hour after the last) — and %d camera(s)\ngo silent for good"
            + " at a moment drawn from the run (CAMERA_OFFLINE opens 90 s later and stays open). No\n"
            + "attendance or sensors: the monitor holds camera state only.\n",
        r.cameras(),
        r.institutions(),
        r.hours(),
        day,
        r.events(),
        r.institutions(),
        r.seed(),
        number(100 * StateWorkload.OUTAGE_RATE),
        number(StateWorkload.OUTAGE_MIN_PERIODS * StateWorkload.PERIOD_MILLIS / 60_000.0),
        number(StateWorkload.OUTAGE_MAX_PERIODS * StateWorkload.PERIOD_MILLIS / 60_000.0),
        r.outages(),
        number(100 * StateWorkload.FLAP_RATE),
        StateWorkload.FLAP_BLIPS,
        number(StateWorkload.FLAP_SPACING_PERIODS * StateWorkload.PERIOD_MILLIS / 60_000.0),
        r.flappingEpisodes(),
        r.silentCameras());
  }

  /** 1, 0.5, 2.5: no trailing zeros. */
  private static String number(double x) {
    return x == Math.rint(x)
        ? Long.toString((long) x)
        : String.format(Locale.ROOT, "%.2f", x).replaceAll("0+$", "");
  }

  private static String stateTable(StatePhase.Result r) {
    StringBuilder t = new StringBuilder("| simulated time | events so far |");
    for (String op : StatePhase.OPERATORS) {
      t.append(' ').append(op).append(" |");
    }
    t.append(" **total** | whole checkpoint | events/s since the row before |\n");
    t.append("|---|---:|");
    t.append("---:|".repeat(StatePhase.OPERATORS.size()));
    t.append("---:|---:|---:|\n");
    for (StatePhase.Point p : r.points()) {
      t.append("| ")
          .append(p.hour())
          .append(" h")
          .append(p.hour() == 0 ? " (reference data, no event yet)" : "")
          .append(String.format(Locale.ROOT, " | %,d |", p.events()));
      for (String op : StatePhase.OPERATORS) {
        t.append(' ').append(perCamera(p.bytes().getOrDefault(op, 0L), r.cameras())).append(" |");
      }
      t.append(" **")
          .append(perCamera(p.totalBytes(), r.cameras()))
          .append("** | ")
          .append(bytes(p.totalBytes()))
          .append(" | ")
          .append(
              p.eventsPerSecond() > 0
                  ? String.format(Locale.ROOT, "%,.0f", p.eventsPerSecond())
                  : "—")
          .append(" |\n");
    }
    return t.toString();
  }

  private static String stateThroughputTable(StatePhase.Result r) {
    double base = r.baseline().perSecond();
    return "| what | events | time the source spent emitting | events/s | ratio to the baseline |"
        + " CPU meanwhile | events per CPU-second of the JVM |\n"
        + "|---|---:|---:|---:|---:|---|---:|\n"
        + rateRow("**baseline**: the same generator into a discarding sink", r.baseline(), base)
        + rateRow(
            "**the rule graph** (`MonitorGraph`), heap state, checkpoint every "
                + interval(r.checkpointInterval()),
            r.graph(),
            base);
  }

  private static String rateRow(String what, StatePhase.Rate rate, double base) {
    return String.format(
        Locale.ROOT,
        "| %s | %,d | %.1f s | %,.0f | %.3f | %s | %s |\n",
        what,
        rate.events(),
        rate.millis() / 1000.0,
        rate.perSecond(),
        rate.perSecond() / Math.max(1e-9, base),
        rate.cpu().describe(),
        rate.perCpuSecond() > 0 ? String.format(Locale.ROOT, "%,.0f", rate.perCpuSecond()) : "—");
  }

  private static String stateOutcome(StatePhase.Result r) {
    long total = r.alerts().values().stream().mapToLong(Long::longValue).sum();
    List<String> parts = new ArrayList<>();
    r.alerts().forEach((k, v) -> parts.add(String.format(Locale.ROOT, "%s %,d", k, v)));
    long dead = r.deadLetters().values().stream().mapToLong(Long::longValue).sum();
    FlinkRest.Checkpoints c = r.checkpoints();
    return String.format(
        Locale.ROOT,
        "The rule graph raised %,d alert transitions (%s) and %s. %,d checkpoints completed"
            + " (%d failed%s), %d ms on average, %d ms at most.",
        total,
        parts.isEmpty() ? "none" : String.join(", ", parts),
        dead == 0
            ? "no dead letters"
            : String.format(Locale.ROOT, "%,d dead letters %s", dead, r.deadLetters()),
        c.completed(),
        c.failed(),
        c.failed() > 0 && c.failure() != null
            ? ", the last with `" + c.failure().lines().findFirst().orElse("") + "`"
            : "",
        c.avgMillis(),
        c.maxMillis());
  }

  /**
   * What the figures say: which operators stayed flat from hour 1 to the end and which grew, and
   * why (what each operator keeps, from the code: true whatever the figures).
   */
  static String stateReading(StatePhase.Result r) {
    StatePhase.Point first = null;
    for (StatePhase.Point p : r.points()) {
      if (first == null && p.hour() >= 1) {
        first = p;
      }
    }
    StatePhase.Point last = r.points().isEmpty() ? null : r.points().get(r.points().size() - 1);
    if (first == null || last == first) {
      return "**Reading.** The run is too short to compare two simulated hours.";
    }
    int cams = r.cameras();
    StringBuilder s = new StringBuilder("**Reading.** ");
    s.append(
        String.format(
            Locale.ROOT,
            "From hour %d to hour %d the state went from %s to %s bytes per camera (%s).",
            first.hour(),
            last.hour(),
            perCamera(first.totalBytes(), cams),
            perCamera(last.totalBytes(), cams),
            change(first.totalBytes(), last.totalBytes())));
    List<String> flat = new ArrayList<>();
    List<String> grew = new ArrayList<>();
    int hours = last.hour() - first.hour();
    for (String op : StatePhase.OPERATORS) {
      if (op.equals(StatePhase.OTHER)) {
        continue;
      }
      long a = first.bytes().getOrDefault(op, 0L);
      long b = last.bytes().getOrDefault(op, 0L);
      String text =
          String.format(Locale.ROOT, "%s (%s → %s", op, perCamera(a, cams), perCamera(b, cams));
      if (isFlat(a, b, cams)) {
        flat.add(text + ")");
      } else {
        grew.add(
            text
                + String.format(Locale.ROOT, ", %+.1f per hour)", (b - a) / (double) cams / hours));
      }
    }
    if (!flat.isEmpty()) {
      s.append(" Flat (within 5 % or 2 bytes per camera): ").append(String.join(", ", flat));
      s.append('.');
    }
    if (!grew.isEmpty()) {
      s.append(" Changed: ").append(String.join(", ", grew)).append('.');
    }
    s.append(
        String.format(
            Locale.ROOT,
            " The institution monitor keeps per camera its last status (`CameraState`), besides"
                + " the heartbeats of the last %d s waiting for the watermark, a check timer per"
                + " institution and, in every subtask, a copy of the reference data (most of the 0 h"
                + " row): nothing that depends on how long the job has run. The alert lifecycle"
                + " keeps open alerts (the silent cameras', flapping ones until an hour without a"
                + " change) and signals waiting for the watermark, nothing else. The CEP operators"
                + " keep what Flink CEP keeps for a pattern's `within`, a cap since the hold and the"
                + " window in force are run-time parameters. The hold pattern declares %s"
                + " (`HeldConditionPattern.MAX_HOLD`): every START leaves a clean-up timer for that"
                + " long, although its partial match ends with its CLEAR or its match, so this"
                + " operator rises with the incidents of the first %s and levels off after that."
                + " The flapping pattern declares %s (`CameraFlappingRule.MAX_WINDOW`): every"
                + " OFFLINE transition starts a partial match which, unless it completes a match,"
                + " stays — with its signal and its timer — for that long, so this operator is flat"
                + " once the first %s has passed. Both are bounded by the incidents of their cap,"
                + " never by how long the job runs (`--hours 48` shows the hold pattern level off).",
            r.outOfOrderness().toSeconds(),
            span(HeldConditionPattern.MAX_HOLD),
            period(HeldConditionPattern.MAX_HOLD),
            span(CameraFlappingRule.MAX_WINDOW),
            period(CameraFlappingRule.MAX_WINDOW)));
    return s.toString();
  }

  /** Whether an operator's state stayed flat: within 5 % or 2 bytes per camera. */
  static boolean isFlat(long before, long after, int cameras) {
    long diff = Math.abs(after - before);
    return diff <= 2L * cameras || diff <= 0.05 * before;
  }

  /** As in "the first day", "the first 2 days", "the first 6 h". */
  private static String period(Duration d) {
    return d.equals(Duration.ofDays(1)) ? "day" : span(d);
  }

  /** "one day", "2 days" or "6 h". */
  private static String span(Duration d) {
    return d.toHours() % 24 == 0
        ? (d.toDays() == 1 ? "one day" : d.toDays() + " days")
        : d.toHours() + " h";
  }

  private static String change(long before, long after) {
    return before == 0
        ? "from nothing"
        : String.format(Locale.ROOT, "%+.0f %%", 100.0 * (after - before) / before);
  }

  static String perCamera(long bytes, int cameras) {
    return String.format(Locale.ROOT, "%,.1f", bytes / (double) cameras);
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    if (n < 1024 * 1024) {
      return String.format(Locale.ROOT, "%.1f KiB", n / 1024.0);
    }
    return String.format(Locale.ROOT, "%.1f MiB", n / 1024.0 / 1024.0);
  }

  private static final String STATE_METHOD =
      """
      ### Method

      1. **Input.** The generator is the job's only source (parallelism 1, so records stay in event-time order;
         watermarks with the monitor's 5 s out-of-orderness bound and, as in a replay, no idleness or
         processing-time guard). Reference records come first; the same records are also handed to the graph as the
         records known at start, as `bin/sentinel monitor` does with the compacted topic.
      2. **The graph.** `MonitorGraph.build` — split, institution monitor, CEP hold pattern, CEP flapping pattern,
         alert lifecycle — with alert transitions and dead letters counted and discarded; heap state backend and
         checkpoints to the local file system, as `MonitorRunner` configures them; no restarts (a failure fails
         the bench).
      3. **Measuring.** The source stops before the first event of each measured hour (and at the end) and stays
         there, its task idle but alive, until the bench has a completed checkpoint that the source took while
         standing there — so it holds exactly the state after every event before that hour, once the operators
         have processed them (a checkpoint barrier follows every record sent before it). The bench asks for one at
         once through Flink's REST API; a periodic one taken meanwhile serves as well. Sizes come from Flink's
         checkpoint statistics (`/jobs/:id/checkpoints/details/:checkpoint`, `state_size` per vertex): the
         serialized bytes written, keyed state, timers and operator state (broadcast reference data included) of
         all subtasks. Each reported operator is its own vertex (the filters chained to the monitor and the sink
         chained to the lifecycle hold no state); *everything else* is the source's split, the split operator and
         the dead-letter sink.
      4. **Throughput.** Both runs are timed only while the source emits: from its release after the reference
         records to each stop, summed; the time standing still at the stops is left out (so are the records in
         flight when it stops, a few network buffers' worth). Backpressure ties the source to the pace of what
         runs after it, so events/s is the rate the graph processed them. The baseline is the same generator,
         same watermarks, same checkpointing, into a discarding sink at the same parallelism (records cross the
         same network hand-over as into the graph), run first in the same JVM.

      ### Caveats

      - **Checkpointed bytes are not heap bytes.** The heap backend keeps objects; a checkpoint writes them
        serialized, which is what recovery reads and what a RocksDB backend would hold. Heap use is larger by the
        usual Java object overheads.
      - **Broadcast state counts once per subtask.** Every subtask of the institution monitor checkpoints its own
        copy of the reference data (the 0 h row), so that part grows with the parallelism, not with time.
      - **Events waiting for the watermark** (the last 5 s of heartbeats, about one in six cameras) are part of the
        monitor's state at every stop, as they are at any moment of a live run.
      - **Two cores for everything.** The bench's JVM runs the generator, every operator and the checkpoints on the
        machine's two cores, with whatever else runs on it ("other processes" in the CPU column). On a busy
        machine events per CPU-second of the JVM is the steadier figure; events/s is what this machine delivered.
        The figures are from one run.
      """;

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
