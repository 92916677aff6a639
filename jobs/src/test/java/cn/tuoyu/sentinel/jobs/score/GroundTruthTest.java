package cn.tuoyu.sentinel.jobs.score;

import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.INSTITUTION;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.ROOM;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.at;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.entry;
import static cn.tuoyu.sentinel.jobs.score.ScoreFixtures.truth;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import cn.tuoyu.sentinel.pipeline.rules.SubjectKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthTest {
  @TempDir Path dir;

  @Test
  void writtenTruthReadsBackEqual() throws Exception {
    GroundTruth truth =
        truth(
            List.of(
                entry(RuleIds.ROOM_UNATTENDED, ROOM, "16:10:00", "16:11:15"),
                entry(
                    RuleIds.CHILD_NOT_PICKED_UP,
                    SubjectKey.person(INSTITUTION, "c-8f3a"),
                    "17:30:00",
                    null),
                entry(
                    RuleIds.SENSOR_SILENT,
                    SubjectKey.sensor(INSTITUTION, null, "T9"),
                    "16:00:00.250",
                    null)),
            List.of(
                GroundTruth.Entry.of(
                    RuleIds.ROOM_UNATTENDED, ROOM, at("16:40:00"), at("16:40:15"), null)));
    Path file = dir.resolve("sub/truth.json");

    truth.write(file);

    assertThat(GroundTruth.read(file)).isEqualTo(truth);
    assertThat(Files.readString(file)).contains("\"start\" : \"2026-11-23T16:10:00+08:00\"");
  }

  @Test
  void aFileThatIsNotATruthIsRefusedNamingIt() throws Exception {
    Path alerts = Files.writeString(dir.resolve("alerts.jsonl"), "{\"alertId\":\"a\"}\n");

    assertThatThrownBy(() -> GroundTruth.read(alerts))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(alerts.toString())
        .hasMessageContaining("has no \"expected\" and \"until\"");
  }
}
