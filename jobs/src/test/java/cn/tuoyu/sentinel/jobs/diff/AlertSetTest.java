package cn.tuoyu.sentinel.jobs.diff;

import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.TIANNING;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.alert;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.at;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.room;
import static cn.tuoyu.sentinel.jobs.diff.DiffFixtures.transition;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.writeAlerts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import cn.tuoyu.sentinel.jobs.score.AlertInput;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.schema.AlertStatus;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.Severity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertSetTest {
  @TempDir Path dir;

  @Test
  void foldsEachAlertToItsHighestSequenceAndOfEqualOnesTheLaterLine() throws Exception {
    List<AlertTransition> lines =
        new ArrayList<>(
            alert(
                RuleIds.ROOM_UNATTENDED,
                room(TIANNING),
                TIANNING,
                "09:00:00",
                "09:00:20",
                "09:03:00"));
    // A stale opening transition after the resolving one (a retry) must not reopen the alert.
    lines.add(lines.get(0));
    // Two states of equal sequence: the later line wins.
    lines.add(
        transition(
            RuleIds.CO2_HIGH,
            room(TIANNING),
            TIANNING,
            Severity.MAJOR,
            at("10:00:00"),
            at("10:02:00"),
            null,
            0));
    lines.add(
        transition(
            RuleIds.CO2_HIGH,
            room(TIANNING),
            TIANNING,
            Severity.CRITICAL,
            at("10:00:00"),
            at("10:02:00"),
            null,
            0));
    Path file = writeAlerts(dir.resolve("alerts.jsonl"), lines, "{not json", "");

    AlertSet set = AlertSet.read(file);

    assertThat(set.transitions()).isEqualTo(5);
    assertThat(set.alerts())
        .extracting(AlertState::ruleId, AlertState::status, AlertState::severity)
        .containsExactly(
            tuple(RuleIds.ROOM_UNATTENDED, AlertStatus.RESOLVED, Severity.CRITICAL),
            tuple(RuleIds.CO2_HIGH, AlertStatus.OPEN, Severity.CRITICAL));
    assertThat(set.alerts().get(0).regionCode()).isEqualTo(TIANNING);
    assertThat(set.unreadableLines()).isEqualTo(1);
    assertThat(set.firstUnreadable())
        .extracting(AlertInput.Unreadable::lineNumber, AlertInput.Unreadable::reason)
        .containsExactly(tuple(6L, "MALFORMED_JSON"));
    assertThat(set.source()).endsWith("alerts.jsonl (7 lines)");
  }
}
