package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.infra.ConsoleProgress;
import cn.tuoyu.sentinel.jobs.monitor.ReplayIndex;
import cn.tuoyu.sentinel.jobs.monitor.ReplayJob;
import cn.tuoyu.sentinel.jobs.monitor.RuleOverrides;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sentinel replay --from-file F --alerts-out A}: the rule graph, bounded, over a file. */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
      "Run the monitor's rule graph, bounded, over a JSON-lines file (no servers needed) or over",
      "a period of the Kafka event topics, as fast as the machine allows, and write every alert",
      "transition as a JSON line. Reaching the end never fires an absence."
    })
final class ReplayCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--from-file",
      paramLabel = "F.jsonl",
      description = "Input: events, reference and rules lines.")
  Path fromFile;

  @Option(
      names = "--from-kafka",
      description = {
        "Input: the event topics over [--since, --until), with the reference data and rules",
        "on Kafka."
      })
  boolean fromKafka;

  @Option(
      names = "--from-archive",
      paramLabel = "DIR",
      description = {
        "Input: the archive (bin/sentinel archive --dir DIR) over [--since, --until); the",
        "institutions and rules in force at --since are restored from it first."
      })
  Path fromArchive;

  @Option(
      names = "--since",
      paramLabel = "T",
      description = "Start of the period (event time): 2026-11-23T08:00+08:00 or 2026-11-23T08:00.")
  String since;

  @Option(names = "--until", paramLabel = "T", description = "End of the period (exclusive).")
  String until;

  @Option(
      names = "--region",
      paramLabel = "PREFIX",
      defaultValue = "",
      description = "Only institutions whose region code starts with it, e.g. 3204 (Changzhou).")
  String region;

  @Option(
      names = "--kafka",
      defaultValue = "127.0.0.1:9092",
      description = "Kafka bootstrap servers for --from-kafka (default: ${DEFAULT-VALUE}).")
  String kafka;

  @Option(
      names = "--alerts-out",
      paramLabel = "A.jsonl",
      description = "Where to write alert transitions (default: print them).")
  Path alertsOut;

  @Option(
      names = "--deadletters-out",
      paramLabel = "D.jsonl",
      description =
          "Where to write unusable lines with reasons (default: next to --alerts-out as <name>.deadletters.jsonl).")
  Path deadLettersOut;

  @Option(
      names = "--rules",
      paramLabel = "R.json",
      description = {
        "What-if: \"rules\" lines (design.md) that hold for the whole replay; per scope and",
        "parameter they win over the input's rules (the longest scope still wins), e.g.",
        "{\"type\":\"rules\",\"ts\":\"2026-01-01T00:00:00+08:00\",\"scope\":\"\",",
        "\"rules\":{\"ROOM_UNATTENDED\":{\"holdSeconds\":600}}}"
      })
  Path rules;

  @Option(
      names = "--index",
      description = {
        "Also index the alerts (latest state per alert) into Elasticsearch as",
        "sentinel-replay-<runId> for dashboards and diff; the run id is printed."
      })
  boolean index;

  @Option(
      names = "--run-id",
      paramLabel = "ID",
      description =
          "The run id for --index (default: the time of the run and 4 random hex digits).")
  String runId;

  @Option(
      names = "--elasticsearch",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:9200",
      description = "Elasticsearch for --index (default: ${DEFAULT-VALUE}).")
  String elasticsearch;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description =
          "Parallel subtasks (default: ${DEFAULT-VALUE}); the result does not depend on it.")
  int parallelism;

  @Override
  public Integer call() throws Exception {
    int inputs = (fromFile != null ? 1 : 0) + (fromArchive != null ? 1 : 0) + (fromKafka ? 1 : 0);
    if (inputs != 1) {
      throw new CliException(
          "give one input: --from-file F.jsonl, --from-archive DIR --since T --until T or"
              + " --from-kafka --since T --until T");
    }
    if (fromArchive != null && !Files.isDirectory(fromArchive)) {
      throw new CliException(
          "no archive directory: " + fromArchive + " (write one with bin/sentinel archive --dir)");
    }
    if (fromFile != null && !Files.isRegularFile(fromFile)) {
      throw new CliException(
          "no such file: " + fromFile + " (--from-file needs a JSON-lines file)");
    }
    if (fromFile != null && (since != null || until != null || !region.isEmpty())) {
      throw new CliException(
          "--since, --until and --region go with --from-archive or --from-kafka; a file is"
              + " replayed whole");
    }
    Instant sinceAt = null;
    Instant untilAt = null;
    if (fromFile == null) {
      if (since == null || until == null) {
        throw new CliException(
            (fromKafka ? "--from-kafka" : "--from-archive")
                + " needs --since T and --until T (event time)");
      }
      sinceAt = CliTimes.parse(since, "--since");
      untilAt = CliTimes.parse(until, "--until");
      if (!sinceAt.isBefore(untilAt)) {
        throw new CliException("--since must be before --until");
      }
      if (!region.matches("\\d{0,6}")) {
        throw new CliException(
            "--region takes up to 6 digits of a region code, e.g. 3204, got " + region);
      }
    }
    if (runId != null && !index) {
      throw new CliException("--run-id names the index of --index; add --index");
    }
    if (runId != null && !ReplayIndex.isRunId(runId)) {
      throw new CliException(
          "--run-id takes up to 64 lower-case letters, digits, '-' and '_', got " + runId);
    }
    if (parallelism < 1) {
      throw new CliException("--parallelism must be at least 1");
    }
    RuleOverrides overrides = RuleOverrides.none();
    if (rules != null) {
      try {
        overrides = RuleOverrides.read(rules);
      } catch (IllegalArgumentException e) {
        throw new CliException(e.getMessage() + " (--rules needs a file of \"rules\" lines)");
      }
    }
    var err = spec.commandLine().getErr();
    for (String o : overrides.describe()) {
      err.println("  what-if: " + o);
    }
    ReplayJob.Result r;
    if (fromArchive != null) {
      r =
          ReplayJob.runFromArchive(
              fromArchive,
              sinceAt,
              untilAt,
              region,
              MonitorConfig.defaults(),
              parallelism,
              overrides,
              ConsoleProgress.stderr());
    } else {
      r =
          fromKafka
              ? ReplayJob.runFromKafka(
                  kafka,
                  sinceAt,
                  untilAt,
                  region,
                  MonitorConfig.defaults(),
                  parallelism,
                  overrides,
                  ConsoleProgress.stderr())
              : ReplayJob.run(
                  fromFile,
                  MonitorConfig.defaults(),
                  parallelism,
                  overrides,
                  ConsoleProgress.stderr());
    }
    if (alertsOut != null) {
      ReplayJob.write(alertsOut, r.alerts());
      Path dl =
          deadLettersOut != null
              ? deadLettersOut
              : alertsOut.resolveSibling(
                  alertsOut.getFileName().toString().replaceFirst("\\.jsonl$", "")
                      + ".deadletters.jsonl");
      ReplayJob.write(dl, r.deadLetters());
      err.println("  alerts → " + alertsOut + "; dead letters → " + dl);
    } else {
      var codec = new cn.tuoyu.sentinel.codec.JsonLinesCodec();
      r.alerts().forEach(a -> spec.commandLine().getOut().println(codec.encode(a)));
      spec.commandLine().getOut().flush();
      if (deadLettersOut != null) {
        ReplayJob.write(deadLettersOut, r.deadLetters());
      }
    }
    if (index) {
      String id = runId != null ? runId : ReplayIndex.newRunId(Instant.now());
      try {
        int n = ReplayIndex.write(elasticsearch, id, r.alerts());
        err.println(
            "  replay run "
                + id
                + ": "
                + n
                + " alerts → index "
                + ReplayIndex.index(id)
                + " (bin/sentinel diff --baseline … --candidate "
                + id
                + ")");
      } catch (IllegalStateException e) {
        throw new CliException(e.getMessage());
      } catch (java.io.IOException | RuntimeException e) {
        throw new CliException(
            "cannot index the replay into Elasticsearch at "
                + elasticsearch
                + ": "
                + e.getMessage()
                + " (is it running? bin/sentinel infra up; the alerts were computed"
                + (alertsOut != null ? " and written to " + alertsOut : "")
                + ")");
      }
    }
    Map<String, Long> byRule = new TreeMap<>();
    r.alerts().forEach(a -> byRule.merge(a.getRuleId() + " " + a.getStatus(), 1L, Long::sum));
    long dead = r.deadLetters().size();
    err.printf(
        Locale.ROOT,
        "✔ %d records in %.1f s (%.0f records/s): %d applied, %d dead-lettered %s; %d alert transitions %s%n",
        r.inputRecords(),
        r.elapsed().toMillis() / 1000.0,
        r.inputRecords() / Math.max(0.001, r.elapsed().toMillis() / 1000.0),
        r.inputRecords() - dead,
        dead,
        r.deadLettersByReason(),
        r.alerts().size(),
        byRule);
    return 0;
  }
}
