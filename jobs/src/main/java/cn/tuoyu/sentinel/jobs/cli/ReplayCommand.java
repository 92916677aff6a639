package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.jobs.monitor.ReplayJob;
import cn.tuoyu.sentinel.jobs.monitor.RuleOverrides;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
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
      "Run the monitor's rule graph over a JSON-lines file as fast as the machine allows and",
      "write every alert transition as a JSON line. Needs no Kafka or Elasticsearch."
    })
final class ReplayCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--from-file",
      required = true,
      paramLabel = "F.jsonl",
      description = "Input: events, reference and rules lines.")
  Path fromFile;

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
      names = "--parallelism",
      defaultValue = "2",
      description =
          "Parallel subtasks (default: ${DEFAULT-VALUE}); the result does not depend on it.")
  int parallelism;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(fromFile)) {
      throw new CliException(
          "no such file: " + fromFile + " (--from-file needs a JSON-lines file)");
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
    ReplayJob.Result r =
        ReplayJob.run(
            fromFile,
            MonitorConfig.defaults(),
            parallelism,
            overrides,
            cn.tuoyu.sentinel.infra.ConsoleProgress.stderr());
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
