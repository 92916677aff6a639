package cn.tuoyu.sentinel.jobs.cli;

import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.ROOM;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.at;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.entry;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.transition;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.truth;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.writeAlerts;
import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.jobs.cli.SentinelCliTest.Run;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sentinel score} end to end through the CLI: a truth of two entries and alerts that hit one
 * of them, plus a false one (precision 0.5, recall 0.5).
 */
class ScoreCommandTest {
  @TempDir Path dir;
  private Path truth;
  private Path alerts;

  @BeforeEach
  void writeRun() throws Exception {
    truth = dir.resolve("truth.json");
    truth(
            entry(RuleIds.ROOM_UNATTENDED, ROOM, "16:10:00", "16:11:15"),
            entry(RuleIds.ROOM_UNATTENDED, ROOM, "16:30:00", "16:31:00"))
        .write(truth);
    alerts =
        writeAlerts(
            dir.resolve("alerts.jsonl"),
            List.of(
                transition("hit", RuleIds.ROOM_UNATTENDED, ROOM, at("16:10:00"), null),
                transition("hit", RuleIds.ROOM_UNATTENDED, ROOM, at("16:10:00"), at("16:11:15")),
                transition("false", RuleIds.ROOM_UNATTENDED, ROOM, at("16:50:00"), null)),
            "not an alert");
  }

  private static String lastLine(String out) {
    List<String> lines = out.lines().toList();
    return lines.get(lines.size() - 1);
  }

  @Test
  void printsTheReportEndingWithPrecisionAndRecallAndExitsZero() {
    Run r =
        SentinelCliTest.run("score", "--truth", truth.toString(), "--alerts", alerts.toString());

    assertThat(r.exit()).isZero();
    assertThat(lastLine(r.out())).isEqualTo("precision 0.5000 recall 0.5000");
    assertThat(r.out())
        .contains("3 alert states of 2 alerts; unreadable lines 1")
        .contains("line 4: MALFORMED_JSON")
        .contains("Missed (1):")
        .contains("False alerts (1):");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void requirementsMetExitZeroAndUnmetExitTwoAfterTheReport() {
    Run met =
        SentinelCliTest.run(
            "score",
            "--truth",
            truth.toString(),
            "--alerts",
            alerts.toString(),
            "--require-recall",
            "0.5",
            "--require-precision",
            "0.5");
    Run unmet =
        SentinelCliTest.run(
            "score",
            "--truth",
            truth.toString(),
            "--alerts",
            alerts.toString(),
            "--require-recall",
            "0.9");

    assertThat(met.exit()).isZero();
    assertThat(unmet.exit()).isEqualTo(2);
    assertThat(lastLine(unmet.out())).isEqualTo("precision 0.5000 recall 0.5000");
    assertThat(unmet.err().strip())
        .startsWith("error: recall 0.5000 is below the required 0.9000")
        .doesNotContain("precision");
    assertThat(unmet.err().strip().lines()).hasSize(1);
  }

  @Test
  void missingFileFailsWithOneLineSayingWhatToGive() {
    Path nowhere = dir.resolve("nowhere.json");

    Run noTruth =
        SentinelCliTest.run("score", "--truth", nowhere.toString(), "--alerts", alerts.toString());
    Run noAlerts =
        SentinelCliTest.run("score", "--truth", truth.toString(), "--alerts", nowhere.toString());

    assertThat(noTruth.exit()).isEqualTo(SentinelCli.EXIT_FAILURE);
    assertThat(noTruth.err().strip())
        .isEqualTo(
            "error: no such file: "
                + nowhere
                + " (--truth needs the ground truth that bin/sentinel simulate --truth writes)");
    assertThat(noAlerts.exit()).isEqualTo(SentinelCli.EXIT_FAILURE);
    assertThat(noAlerts.err().strip()).startsWith("error: no such file: " + nowhere + " (--alerts");
    assertThat(noTruth.out()).isEmpty();
  }

  @Test
  void swappedFilesAreRefusedAsNotATruth() {
    Run r =
        SentinelCliTest.run("score", "--truth", alerts.toString(), "--alerts", truth.toString());

    assertThat(r.exit()).isEqualTo(SentinelCli.EXIT_FAILURE);
    assertThat(r.err().strip())
        .startsWith("error: ground-truth file " + alerts)
        .contains("--alerts the alert lines");
  }

  @Test
  void jsonReportHasTheFiguresAndTheLists() throws Exception {
    Path json = dir.resolve("out/report.json");

    Run r =
        SentinelCliTest.run(
            "score",
            "--truth",
            truth.toString(),
            "--alerts",
            alerts.toString(),
            "--json",
            json.toString());

    assertThat(r.exit()).isZero();
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.at("/overall/precision").asDouble()).isEqualTo(0.5);
    assertThat(report.at("/overall/recall").asDouble()).isEqualTo(0.5);
    assertThat(report.at("/rules/0/ruleId").asText()).isEqualTo(RuleIds.ROOM_UNATTENDED);
    assertThat(report.at("/rules/0/false").asInt()).isEqualTo(1);
    assertThat(report.at("/missed/0/start").asText()).isEqualTo("2026-11-23T16:30:00+08:00");
    assertThat(report.at("/falseAlerts/0/alertId").asText()).isEqualTo("false");
    assertThat(report.at("/input/unreadableLines").asInt()).isEqualTo(1);
    assertThat(report.at("/wrongEnd").size()).isZero();
  }

  @Test
  void toleranceWidensTheMatch() {
    Run strict =
        SentinelCliTest.run(
            "score",
            "--truth",
            truth.toString(),
            "--alerts",
            alerts.toString(),
            "--tolerance",
            "0");
    Run lax =
        SentinelCliTest.run(
            "score",
            "--truth",
            truth.toString(),
            "--alerts",
            alerts.toString(),
            "--tolerance",
            "1200");

    assertThat(lastLine(strict.out())).isEqualTo("precision 0.5000 recall 0.5000");
    // 20 min: the 16:50 alert now corresponds to the 16:30 entry, but its end is wrong.
    assertThat(lastLine(lax.out())).isEqualTo("precision 0.5000 recall 0.5000");
    assertThat(lax.out()).contains("Wrong end (1):").contains("False alerts: none");
  }
}
