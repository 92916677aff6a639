package cn.tuoyu.sentinel.jobs.cli;

import cn.tuoyu.sentinel.jobs.score.AlertInput;
import cn.tuoyu.sentinel.jobs.score.GroundTruth;
import cn.tuoyu.sentinel.jobs.score.ScoreReport;
import cn.tuoyu.sentinel.jobs.score.Scorer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sentinel score --truth T.json --alerts A.jsonl}: precision and recall of a run's alerts
 * against the ground truth of its simulation. The semantics are {@link Scorer}'s; the help text
 * states them for users.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = {
      "Score the alerts of a simulated run against its ground truth. Prints a report",
      "whose last line is \"precision P recall R\".",
      "",
      "How it scores:",
      " 1. --alerts has one JSON line per lifecycle transition (replay --alerts-out).",
      "    Lines that cannot be read are counted and listed, never fatal. The",
      "    transitions of an alert fold to its latest state: the highest sequence;",
      "    if equal, the later line.",
      " 2. Ignored: alerts of institutions the truth did not simulate, and alerts",
      "    opened at or after the truth's until (a simulation that stops looks like",
      "    institutions falling silent). Every other alert is scored.",
      " 3. An expected entry and an alert correspond when rule and subject are equal",
      "    and their starts are at most --tolerance apart; one-to-one, closest starts",
      "    first. The pair is correct when the ends agree too: an entry without end",
      "    needs the alert unresolved or resolved at/after until; an entry with an",
      "    end needs the alert resolved at most --tolerance from it. Otherwise the",
      "    pair is listed under \"Wrong end\".",
      " 4. recall = correct / expected entries, precision = correct / scored alerts,",
      "    per rule and overall. Missed = entries without a correct alert (wrong-end",
      "    ones included); false = scored alerts corresponding to no entry. A rule",
      "    with no scored alert has precision 1.0, one with no expected entry recall",
      "    1.0, both marked * (not measured).",
      " 5. A false alert whose rule, subject and start match a near miss of the",
      "    truth is marked \"near miss alerted\", with the near miss's note.",
      "Times are shown in +08:00.",
      ""
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the report was printed and every --require-* threshold was met",
      "1:a file is missing or cannot be read, or --truth is not a ground truth",
      "2:a --require-* threshold was not met (after the report)"
    })
final class ScoreCommand implements Callable<Integer> {
  /** Exit code when the report was printed but a required figure was not met. */
  static final int EXIT_BELOW_REQUIREMENT = 2;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--truth",
      required = true,
      paramLabel = "T.json",
      description = "The ground truth: the JSON document bin/sentinel simulate --truth wrote.")
  Path truthFile;

  @Option(
      names = "--alerts",
      required = true,
      paramLabel = "A.jsonl",
      description = "The run's alerts: the file replay --alerts-out wrote (alert export lines).")
  Path alertsFile;

  @Option(
      names = "--tolerance",
      defaultValue = "2",
      paramLabel = "SECONDS",
      description =
          "How far apart starts (and ends) may be and still agree (default: ${DEFAULT-VALUE}).")
  long toleranceSeconds;

  @Option(
      names = "--json",
      paramLabel = "REPORT.json",
      description = "Also write the report as JSON (figures per rule and overall, the lists).")
  Path jsonFile;

  @Option(
      names = "--require-precision",
      paramLabel = "P",
      description = "Exit 2 after the report if the overall precision is below P (0 to 1).")
  Double requiredPrecision;

  @Option(
      names = "--require-recall",
      paramLabel = "R",
      description = "Exit 2 after the report if the overall recall is below R (0 to 1).")
  Double requiredRecall;

  @Override
  public Integer call() {
    checkOptions();
    GroundTruth truth = readTruth();
    AlertInput alerts = readAlerts();
    ScoreReport report = Scorer.score(truth, alerts, Duration.ofSeconds(toleranceSeconds));
    if (jsonFile != null) {
      ReportFiles.writeJson(jsonFile, report.json());
    }
    var out = spec.commandLine().getOut();
    out.print(report.text());
    out.flush();
    List<String> unmet = new ArrayList<>();
    if (requiredPrecision != null && report.precision() < requiredPrecision) {
      unmet.add(below("precision", report.precision(), requiredPrecision));
    }
    if (requiredRecall != null && report.recall() < requiredRecall) {
      unmet.add(below("recall", report.recall(), requiredRecall));
    }
    if (!unmet.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "error: "
                  + String.join(", ", unmet)
                  + " (see Missed, False alerts and Wrong end above)");
      return EXIT_BELOW_REQUIREMENT;
    }
    return 0;
  }

  private void checkOptions() {
    if (toleranceSeconds < 0) {
      throw new CliException("--tolerance must be 0 or more seconds, not " + toleranceSeconds);
    }
    checkFraction("--require-precision", requiredPrecision);
    checkFraction("--require-recall", requiredRecall);
  }

  private static void checkFraction(String option, Double value) {
    if (value != null && !(value >= 0 && value <= 1)) {
      throw new CliException(option + " must be between 0 and 1, not " + value);
    }
  }

  private GroundTruth readTruth() {
    if (!Files.isRegularFile(truthFile)) {
      throw new CliException(
          "no such file: "
              + truthFile
              + " (--truth needs the ground truth that bin/sentinel simulate --truth writes)");
    }
    try {
      return GroundTruth.read(truthFile);
    } catch (IllegalArgumentException e) {
      // Most likely the two files were swapped, or an older or hand-edited truth was given.
      throw new CliException(
          e.getMessage()
              + " (--truth takes the JSON document of simulate --truth, --alerts the alert lines)");
    }
  }

  private AlertInput readAlerts() {
    if (!Files.isRegularFile(alertsFile)) {
      throw new CliException(
          "no such file: "
              + alertsFile
              + " (--alerts needs the alert lines of a run, e.g. bin/sentinel replay --alerts-out)");
    }
    try {
      return AlertInput.read(alertsFile);
    } catch (IOException e) {
      throw new CliException("cannot read " + alertsFile + ": " + e + " (check its permissions)");
    }
  }

  private static String below(String figure, double actual, double required) {
    return String.format(
        Locale.ROOT, "%s %.4f is below the required %.4f", figure, actual, required);
  }
}
