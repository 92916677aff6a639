package cn.tuoyu.sentinel.jobs.cli;

import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.TIANNING;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.XINBEI;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.alert;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.all;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.id;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.room;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.writeAlerts;
import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.jobs.cli.SentinelCliTest.Run;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.schema.AlertTransition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sentinel diff} end to end through the CLI: the alerts of a 20 s hold (baseline) against a
 * 30 s hold (candidate) in two Changzhou districts. The 25 s absence in Tianning no longer alerts
 * (removed), the 3 min one opens 10 s later (changed), Xinbei's alert is the same (unchanged).
 */
class DiffCommandTest {
  @TempDir Path dir;
  private Path baseline;
  private Path candidate;
  private final List<AlertTransition> shortAbsence =
      alert(RuleIds.ROOM_UNATTENDED, room(TIANNING), TIANNING, "09:00:00", "09:00:20", "09:00:25");
  private final List<AlertTransition> longAbsence =
      alert(RuleIds.ROOM_UNATTENDED, room(TIANNING), TIANNING, "10:00:00", "10:00:20", "10:03:00");
  private final List<AlertTransition> longAbsenceHeldLonger =
      alert(RuleIds.ROOM_UNATTENDED, room(TIANNING), TIANNING, "10:00:00", "10:00:30", "10:03:00");
  private final List<AlertTransition> xinbei =
      alert(RuleIds.ROOM_UNATTENDED, room(XINBEI), XINBEI, "11:00:00", "11:00:30", "11:05:00");

  @BeforeEach
  void writeRuns() throws Exception {
    baseline = writeAlerts(dir.resolve("hold20.jsonl"), all(shortAbsence, longAbsence, xinbei));
    candidate =
        writeAlerts(dir.resolve("hold30.jsonl"), all(longAbsenceHeldLonger, xinbei), "{not json");
  }

  private static Run diff(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "diff";
    System.arraycopy(args, 0, all, 1, args.length);
    return SentinelCliTest.run(all);
  }

  private static String lastLine(String out) {
    List<String> lines = out.lines().toList();
    return lines.get(lines.size() - 1);
  }

  @Test
  void identicalFilesAreAllUnchangedAndTheLastLineIsZeros() {
    Run r = diff("--baseline", baseline.toString(), "--candidate", baseline.toString());

    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("result    added 0, removed 0, moved 0, changed 0, unchanged 3")
        .contains("Changed (same alert, final state differs): none");
    assertThat(lastLine(r.out())).isEqualTo("added 0 removed 0 moved 0 changed 0");
    assertThat(r.err()).isEmpty();
  }

  @Test
  void aRaisedHoldReportsTheRemovedAndTheLaterOpenedAlertAndExitsZero() {
    Run r = diff("--baseline", baseline.toString(), "--candidate", candidate.toString());

    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("Removed (only in the baseline) (1):\n  " + id(shortAbsence))
        .contains("Changed (same alert, final state differs) (1):\n  " + id(longAbsence))
        .contains("opened 10 s later")
        .contains("unreadable lines 1")
        .contains("line 5: MALFORMED_JSON");
    assertThat(lastLine(r.out())).isEqualTo("added 0 removed 1 moved 0 changed 1");
  }

  @Test
  void levelGroupsRegions() {
    Run district = diff("--baseline", baseline.toString(), "--candidate", candidate.toString());
    Run city =
        diff(
            "--baseline",
            baseline.toString(),
            "--candidate",
            candidate.toString(),
            "--level",
            "city");

    assertThat(district.out())
        .containsPattern("ROOM_UNATTENDED +320402 +0 +1 +0 +1 +0 +无人照护")
        .containsPattern("ROOM_UNATTENDED +320411 +0 +0 +0 +0 +1 +无人照护");
    assertThat(city.out())
        .containsPattern("ROOM_UNATTENDED +320400 +0 +1 +0 +1 +1 +无人照护")
        .doesNotContain("320402  ");
  }

  @Test
  void anUnknownLevelIsAUsageError() {
    Run r =
        diff(
            "--baseline",
            baseline.toString(),
            "--candidate",
            candidate.toString(),
            "--level",
            "county");

    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.err()).contains("--level").contains("district, city, province");
  }

  @Test
  void aMissingFileOrAnUnreachableRunFailsWithOneLineSayingWhatIsNeeded() {
    Path nowhere = dir.resolve("nowhere.jsonl");

    Run missing = diff("--baseline", nowhere.toString(), "--candidate", candidate.toString());
    Run runId =
        diff(
            "--baseline",
            baseline.toString(),
            "--candidate",
            "run-20261123-01",
            "--elasticsearch",
            "http://127.0.0.1:1");
    Run directory = diff("--baseline", dir.toString(), "--candidate", candidate.toString());

    assertThat(missing.exit()).isEqualTo(SentinelCli.EXIT_FAILURE);
    assertThat(missing.err().strip())
        .isEqualTo(
            "error: --baseline "
                + nowhere
                + ": no such file (diff needs an alert export file, e.g. from bin/sentinel"
                + " replay --alerts-out, or a replay run id from bin/sentinel replay --index)");
    assertThat(missing.out()).isEmpty();
    assertThat(runId.exit()).isEqualTo(SentinelCli.EXIT_FAILURE);
    assertThat(runId.err().strip())
        .startsWith(
            "error: cannot read replay run run-20261123-01 from Elasticsearch at"
                + " http://127.0.0.1:1")
        .contains("bin/sentinel infra up");
    assertThat(directory.exit()).isEqualTo(SentinelCli.EXIT_FAILURE);
    assertThat(directory.err().strip())
        .startsWith("error: --baseline " + dir + " is a directory, not a file");
  }

  @Test
  void jsonWritesTheSameContent() throws Exception {
    Path json = dir.resolve("out/diff.json");

    Run r =
        diff(
            "--baseline",
            baseline.toString(),
            "--candidate",
            candidate.toString(),
            "--level",
            "province",
            "--json",
            json.toString());

    assertThat(r.exit()).isZero();
    JsonNode report = new ObjectMapper().readTree(json.toFile());
    assertThat(report.at("/level").asText()).isEqualTo("province");
    assertThat(report.at("/baseline/source").asText()).contains("hold20.jsonl");
    assertThat(report.at("/baseline/alerts").asInt()).isEqualTo(3);
    assertThat(report.at("/candidate/unreadableLines").asInt()).isEqualTo(1);
    assertThat(report.at("/candidate/firstUnreadable/0/line").asInt()).isEqualTo(5);
    assertThat(report.at("/rows").size()).isEqualTo(1);
    assertThat(report.at("/rows/0/region").asText()).isEqualTo("320000");
    assertThat(report.at("/rows/0/ruleName").asText()).isEqualTo("无人照护");
    assertThat(report.at("/totals/unchanged").asInt()).isEqualTo(1);
    assertThat(report.at("/removed/0/alertId").asText()).isEqualTo(id(shortAbsence));
    assertThat(report.at("/removed/0/resolvedAt").asText()).isEqualTo("2026-11-23T09:00:25+08:00");
    assertThat(report.at("/changed/0/changes/0/description").asText())
        .isEqualTo("opened 10 s later");
    assertThat(report.at("/added").size()).isZero();
    assertThat(report.at("/summary").asText()).isEqualTo(lastLine(r.out()));
  }

  @Test
  void helpStatesTheSemantics() {
    Run r = diff("--help");

    assertThat(r.exit()).isZero();
    assertThat(r.out())
        .contains("--baseline")
        .contains("--level")
        .contains("latest state per alertId")
        .contains("overlap")
        .contains("replay run ids (replay")
        .contains("sentinel-replay-<runId>");
  }
}
