package cn.tuoyu.sentinel.jobs.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.pipeline.ingest.Envelopes;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.schema.RuleParameters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleOverridesTest {
  @TempDir Path dir;

  private Path file(String... lines) throws Exception {
    return Files.write(dir.resolve("rules.jsonl"), List.of(lines));
  }

  private static String rules(String ts, String scope, String body) {
    return "{\"type\":\"rules\",\"ts\":\""
        + ts
        + "\",\"scope\":\""
        + scope
        + "\",\"rules\":"
        + body
        + "}";
  }

  @Test
  void linesOfOneScopeMergeAndHoldFromTheEpoch() throws Exception {
    RuleOverrides o =
        RuleOverrides.read(
            file(
                rules(
                    "2026-11-23T08:00:00+08:00", "", "{\"ROOM_UNATTENDED\":{\"holdSeconds\":600}}"),
                "",
                rules("2026-11-23T09:00:00+08:00", "", "{\"CO2_HIGH\":{\"maxPpm\":1200}}"),
                rules("2026-11-23T09:00:00+08:00", "3204", "{\"CO2_HIGH\":{\"enabled\":false}}")));

    assertThat(o.describe())
        .containsExactly(
            "CO2_HIGH maxPpm=1200.0 (scope national)",
            "ROOM_UNATTENDED holdSeconds=600 (scope national)",
            "CO2_HIGH enabled=false (scope 3204)");
    List<EventEnvelope> initial = o.initial();
    assertThat(initial).hasSize(2).allMatch(e -> e.kind == EventEnvelope.Kind.RULES && e.ts == 0);
  }

  @Test
  void anInputRulesRecordKeepsItsTimeAndOtherParametersButTheOverrideWins() throws Exception {
    RuleOverrides o =
        RuleOverrides.read(
            file(
                rules(
                    "2026-01-01T00:00:00+08:00",
                    "",
                    "{\"ROOM_UNATTENDED\":{\"holdSeconds\":600}}")));
    JsonLinesCodec codec = new JsonLinesCodec();
    EventEnvelope input =
        Envelopes.fromJsonLine(
                codec,
                rules(
                    "2026-11-23T06:00:00+08:00",
                    "",
                    "{\"ROOM_UNATTENDED\":{\"holdSeconds\":20,\"severity\":\"MINOR\"},"
                        + "\"CO2_HIGH\":{\"maxPpm\":900}}"),
                7,
                "day.jsonl")
            .orElseThrow();

    EventEnvelope out = o.apply(input);

    RuleParameters merged = (RuleParameters) out.record();
    assertThat(merged.getTs()).isEqualTo(Instant.parse("2026-11-22T22:00:00Z"));
    assertThat(merged.getRules().get("ROOM_UNATTENDED").getHoldSeconds()).isEqualTo(600L);
    assertThat(merged.getRules().get("ROOM_UNATTENDED").getSeverity().name()).isEqualTo("MINOR");
    assertThat(merged.getRules().get("CO2_HIGH").getThresholds()).containsEntry("maxPpm", 900.0);
    assertThat(out.lineNumber).isEqualTo(7L);
    assertThat(out.sourceFile).isEqualTo("day.jsonl");
    // Another scope, or another kind of record, passes through untouched.
    EventEnvelope other =
        Envelopes.fromJsonLine(
                codec,
                rules("2026-11-23T06:00:00+08:00", "3204", "{\"CO2_HIGH\":{\"maxPpm\":900}}"),
                8,
                "day.jsonl")
            .orElseThrow();
    assertThat(o.apply(other)).isSameAs(other);
  }

  @Test
  void anythingButRulesLinesIsRefusedWithItsLineNumber() throws Exception {
    assertThatThrownBy(
            () ->
                RuleOverrides.read(
                    file(
                        rules(
                            "2026-01-01T00:00:00+08:00",
                            "",
                            "{\"ROOM_UNATTENDED\":{\"holdSeconds\":6}}"),
                        "{\"type\":\"camera\",\"ts\":\"2026-01-01T00:00:00+08:00\",\"eventId\":\"e\","
                            + "\"institutionId\":\"i\",\"cameraId\":\"C1\",\"status\":\"ONLINE\"}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 2")
        .hasMessageContaining("only \"rules\" lines");
    assertThatThrownBy(() -> RuleOverrides.read(file("{not json")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line 1");
    assertThatThrownBy(() -> RuleOverrides.read(file("", " ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no \"rules\" line");
    assertThatThrownBy(() -> RuleOverrides.read(dir.resolve("missing.jsonl")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no such rules file");
  }
}
