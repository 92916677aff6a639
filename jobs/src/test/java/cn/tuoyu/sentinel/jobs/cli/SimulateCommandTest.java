package cn.tuoyu.sentinel.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.jobs.cli.SentinelCliTest.Run;
import cn.tuoyu.sentinel.jobs.score.GroundTruth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sentinel simulate} through the CLI: a file run, and misuse answered clearly. */
class SimulateCommandTest {
  @TempDir Path dir;

  @Test
  void writesTheFileAndTheTruthAndSaysWhatItDid() throws Exception {
    Path out = dir.resolve("city.jsonl");
    Path truth = dir.resolve("truth.json");
    Run r =
        SentinelCliTest.run(
            "simulate",
            "--institutions",
            "20",
            "--seed",
            "3",
            "--start",
            "2026-11-23T15:00+08:00",
            "--hours",
            "2",
            "--incidents",
            "--out",
            out.toString(),
            "--truth",
            truth.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("simulated 2.0 h of 20 institutions (seed 3)")
        .contains("incidents:");
    assertThat(Files.lines(out).count()).isGreaterThan(20_000);
    GroundTruth t = GroundTruth.read(truth);
    assertThat(t.from()).isEqualTo(Instant.parse("2026-11-23T07:00:00Z"));
    assertThat(t.until()).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
    assertThat(t.institutionIds()).hasSize(20);
    assertThat(t.expected()).isNotEmpty();
  }

  @Test
  void misuseGetsOneClearLineAndANonZeroExit() {
    Path out = dir.resolve("x.jsonl");
    Run rate = SentinelCliTest.run("simulate", "--out", out.toString(), "--rate", "10");
    assertThat(rate.exit()).isEqualTo(SentinelCli.EXIT_FAILURE);
    assertThat(rate.err()).contains("--rate paces a live run").contains("--hours");

    Run none = SentinelCliTest.run("simulate", "--institutions", "0", "--out", out.toString());
    assertThat(none.exit()).isEqualTo(SentinelCli.EXIT_FAILURE);
    assertThat(none.err()).contains("--institutions must be between 1 and 20000");

    Run start = SentinelCliTest.run("simulate", "--start", "teatime", "--out", out.toString());
    assertThat(start.exit()).isEqualTo(SentinelCli.EXIT_FAILURE);
    assertThat(start.err()).contains("--start teatime is not a time");

    Run hours = SentinelCliTest.run("simulate", "--hours", "-1", "--out", out.toString());
    assertThat(hours.exit()).isEqualTo(SentinelCli.EXIT_FAILURE);
    assertThat(hours.err()).contains("--hours must be a positive number");
    assertThat(out).doesNotExist();
  }
}
