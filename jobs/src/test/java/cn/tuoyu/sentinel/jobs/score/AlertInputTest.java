package cn.tuoyu.sentinel.jobs.score;

import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.ROOM;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.at;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.transition;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.writeAlerts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertInputTest {
  @TempDir Path dir;

  @Test
  void readsEveryTransitionAndCountsUnreadableLinesWithTheirLineNumbers() throws Exception {
    Path file =
        writeAlerts(
            dir.resolve("alerts.jsonl"),
            List.of(
                transition("a", RuleIds.ROOM_UNATTENDED, ROOM, at("16:10:00"), null),
                transition("a", RuleIds.ROOM_UNATTENDED, ROOM, at("16:10:00"), at("16:11:00"))),
            "{not json",
            "",
            "{\"alertId\":\"b\"}");

    AlertInput input = AlertInput.read(file);

    assertThat(input.states()).extracting(ScoredAlert::sequence).containsExactly(0, 1);
    assertThat(input.states().get(1).resolvedAt()).isEqualTo(at("16:11:00"));
    assertThat(input.unreadableLines()).isEqualTo(2);
    assertThat(input.firstUnreadable())
        .extracting(AlertInput.Unreadable::lineNumber, AlertInput.Unreadable::reason)
        .containsExactly(tuple(3L, "MALFORMED_JSON"), tuple(5L, "MISSING_FIELD"));
    assertThat(input.source()).endsWith("alerts.jsonl (5 lines)");
  }

  @Test
  void keepsOnlyTheFirstUnreadableLinesButCountsAll() throws Exception {
    String[] garbage = new String[AlertInput.UNREADABLE_KEPT + 5];
    Arrays.fill(garbage, "[]");
    Path file = writeAlerts(dir.resolve("garbage.jsonl"), List.of(), garbage);

    AlertInput input = AlertInput.read(file);

    assertThat(input.unreadableLines()).isEqualTo(AlertInput.UNREADABLE_KEPT + 5);
    assertThat(input.firstUnreadable()).hasSize(AlertInput.UNREADABLE_KEPT);
    assertThat(input.states()).isEmpty();
  }

  @Test
  void bytesThatAreNotUtf8AreAnUnreadableLineNotACrash() throws Exception {
    Path file = dir.resolve("binary.jsonl");
    Files.write(file, new byte[] {(byte) 0xff, (byte) 0xfe, 'x', '\n'});

    AlertInput input = AlertInput.read(file);

    assertThat(input.unreadableLines()).isEqualTo(1);
  }
}
