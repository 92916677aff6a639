package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.codec.Decoded;
import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.jobs.diff.AlertDiff;
import cn.tuoyu.sentinel.jobs.diff.AlertSet;
import cn.tuoyu.sentinel.jobs.diff.DiffReport;
import cn.tuoyu.sentinel.jobs.diff.Level;
import cn.tuoyu.sentinel.jobs.monitor.ReplayIndex;
import cn.tuoyu.sentinel.schema.AlertTransition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sentinel diff --baseline A --candidate B}: which alerts a rule change adds, removes, moves
 * or changes, per rule and region. The semantics are {@link AlertDiff}'s; the help text states them
 * for users. Each side is an alert export file or the id of a replay run indexed with {@code replay
 * --index} (read from {@code sentinel-replay-<runId>}).
 */
@Command(
    name = "diff",
    mixinStandardHelpOptions = true,
    description = {
      "Compare two alert sets, e.g. the alerts of the current rules and of a replay",
      "with proposed rules: which alerts are added, removed, moved or changed, per",
      "rule and region. Prints a table and lists; the last line is",
      "\"added A removed R moved M changed C\".",
      "",
      "How it compares:",
      " 1. --baseline and --candidate are alert export files (one JSON line per",
      "    lifecycle transition, replay --alerts-out) or replay run ids (replay",
      "    --index prints them; read from sentinel-replay-<runId>). Lines that cannot",
      "    be read are counted and listed, never fatal. Each side's transitions fold",
      "    to the latest state per alertId: the highest sequence; if equal, the later",
      "    line.",
      " 2. An alertId in both files is the same alert (ids hash rule, subject and",
      "    start). It is changed if its final status, severity, openedAt or",
      "    resolvedAt differ (e.g. \"opened 45 s later\", \"resolved → still open\"),",
      "    otherwise unchanged.",
      " 3. An alert only in the candidate is added, one only in the baseline removed.",
      " 4. A removed and an added alert of the same rule and subject whose periods",
      "    [startedAt, resolvedAt) overlap are one alert whose start shifted: listed",
      "    as moved, not counted as added and removed. Smallest shift pairs first,",
      "    ties by start and id, each alert at most once.",
      " 5. Regions by --level: district = the 6-digit regionCode, city = its first 4",
      "    digits, province = its first 2, shown padded (320402, 320400, 320000).",
      "    Alerts in both files and moved pairs count under the candidate's region.",
      "Times are shown in +08:00. Differences are results: they exit 0.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the report was printed (whether or not the sets differ)",
      "1:a file is missing or cannot be read, or --json cannot be written",
      "2:misuse, e.g. an unknown --level"
    })
final class DiffCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--baseline",
      required = true,
      paramLabel = "A.jsonl|RUN",
      description =
          "The alerts to compare against: an alert export file (replay --alerts-out) or a"
              + " replay run id (replay --index).")
  String baseline;

  @Option(
      names = "--candidate",
      required = true,
      paramLabel = "B.jsonl|RUN",
      description = "The alerts compared with the baseline: a file or a replay run id.")
  String candidate;

  @Option(
      names = "--elasticsearch",
      paramLabel = "URL",
      defaultValue = "http://127.0.0.1:9200",
      description = "Where replay runs are indexed (default: ${DEFAULT-VALUE}).")
  String elasticsearch;

  @Option(
      names = "--level",
      defaultValue = "district",
      paramLabel = "LEVEL",
      converter = LevelConverter.class,
      description =
          "How finely to group regions: district, city or province (default: ${DEFAULT-VALUE}).")
  Level level;

  @Option(
      names = "--json",
      paramLabel = "OUT.json",
      description = "Also write the report as JSON (counts per rule and region, complete lists).")
  Path jsonFile;

  @Override
  public Integer call() {
    AlertSet base = read("--baseline", baseline);
    AlertSet cand = read("--candidate", candidate);
    DiffReport report = AlertDiff.compare(base, cand, level);
    if (jsonFile != null) {
      ReportFiles.writeJson(jsonFile, report.json());
    }
    var out = spec.commandLine().getOut();
    out.print(report.text());
    out.flush();
    return 0;
  }

  private AlertSet read(String option, String argument) {
    if (!isFile(argument) && ReplayIndex.isRunId(argument)) {
      return readRun(option, argument);
    }
    Path file = existingFile(option, argument);
    try {
      return AlertSet.read(file);
    } catch (IOException e) {
      throw new CliException("cannot read " + file + ": " + e + " (check its permissions)");
    }
  }

  private AlertSet readRun(String option, String runId) {
    List<String> lines;
    try {
      lines = ReplayIndex.read(elasticsearch, runId);
    } catch (IllegalArgumentException e) {
      throw new CliException(
          option
              + " "
              + runId
              + ": no such file, and "
              + e.getMessage()
              + " (give an alert export file or a run id printed by replay --index)");
    } catch (IOException | RuntimeException e) {
      throw new CliException(
          "cannot read replay run "
              + runId
              + " from Elasticsearch at "
              + elasticsearch
              + ": "
              + e.getMessage()
              + " (is it running? bin/sentinel infra up)");
    }
    JsonLinesCodec codec = new JsonLinesCodec();
    List<AlertTransition> alerts = new ArrayList<>();
    long n = 0;
    for (String line : lines) {
      if (codec.decodeAlert(line, ++n, "run " + runId) instanceof Decoded.Record r) {
        alerts.add((AlertTransition) r.record());
      }
    }
    return AlertSet.of("run " + runId, alerts);
  }

  private static boolean isFile(String argument) {
    try {
      return Files.exists(Path.of(argument));
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** The file an argument names; anything else (a directory, nothing) is refused clearly. */
  private static Path existingFile(String option, String argument) {
    Path file = null;
    try {
      file = Path.of(argument);
    } catch (InvalidPathException e) {
      // Not even a path: reported below like any other missing file.
    }
    if (file != null && Files.isRegularFile(file)) {
      return file;
    }
    String what =
        file != null && Files.isDirectory(file) ? " is a directory, not a file" : ": no such file";
    throw new CliException(
        option
            + " "
            + argument
            + what
            + " (diff needs an alert export file, e.g. from bin/sentinel replay --alerts-out,"
            + " or a replay run id from bin/sentinel replay --index)");
  }

  /** {@code district}, {@code city} or {@code province}, any case; otherwise a usage error. */
  static final class LevelConverter implements CommandLine.ITypeConverter<Level> {
    @Override
    public Level convert(String value) {
      try {
        return Level.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
