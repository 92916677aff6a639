package cn.tuoyu.sentinel.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.jobs.cli.SentinelCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sentinel replay}: which inputs go together, answered before anything starts. */
class ReplayCommandTest {
  @TempDir Path dir;

  @Test
  void inputsAndPeriodsAreCheckedWithClearMessages() throws Exception {
    Path file = Files.writeString(dir.resolve("f.jsonl"), "");
    assertThat(SentinelCliTest.run("replay").err()).contains("give one input");
    assertThat(SentinelCliTest.run("replay", "--from-file", file.toString(), "--from-kafka").err())
        .contains("give one input");
    assertThat(
            SentinelCliTest.run("replay", "--from-file", file.toString(), "--since", "08:00").err())
        .contains("go with --from-archive or --from-kafka");
    assertThat(
            SentinelCliTest.run("replay", "--from-archive", dir.resolve("none").toString()).err())
        .contains("no archive directory");
    assertThat(SentinelCliTest.run("replay", "--from-archive", dir.toString()).err())
        .contains("--from-archive needs --since T and --until T");
    assertThat(SentinelCliTest.run("replay", "--from-file", file.toString(), "--run-id", "x").err())
        .contains("add --index");
    assertThat(SentinelCliTest.run("replay", "--from-kafka", "--since", "08:00").err())
        .contains("needs --since T and --until T");
    assertThat(
            SentinelCliTest.run(
                    "replay",
                    "--from-kafka",
                    "--since",
                    "2026-11-23T09:00",
                    "--until",
                    "2026-11-23T08:00")
                .err())
        .contains("--since must be before --until");
    assertThat(
            SentinelCliTest.run(
                    "replay",
                    "--from-kafka",
                    "--since",
                    "2026-11-23T08:00",
                    "--until",
                    "2026-11-23T09:00",
                    "--region",
                    "天宁")
                .err())
        .contains("--region takes up to 6 digits");
    Run badRules =
        SentinelCliTest.run(
            "replay",
            "--from-file",
            file.toString(),
            "--rules",
            dir.resolve("none.json").toString());
    assertThat(badRules.exit()).isEqualTo(SentinelCli.EXIT_FAILURE);
    assertThat(badRules.err()).contains("no such rules file");
    Run r = SentinelCliTest.run("replay", "--from-kafka", "--since", "yesterday", "--until", "now");
    assertThat(r.exit()).isEqualTo(SentinelCli.EXIT_FAILURE);
    assertThat(r.err()).contains("--since yesterday is not a time");
  }
}
