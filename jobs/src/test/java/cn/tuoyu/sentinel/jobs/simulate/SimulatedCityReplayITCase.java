package cn.tuoyu.sentinel.jobs.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.infra.Progress;
import cn.tuoyu.sentinel.jobs.monitor.ReplayJob;
import cn.tuoyu.sentinel.jobs.score.GroundTruth;
import cn.tuoyu.sentinel.jobs.score.ScoreReport;
import cn.tuoyu.sentinel.jobs.score.ScoredAlert;
import cn.tuoyu.sentinel.jobs.score.Scorer;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code simulate --out} + {@code replay --from-file} + {@code score}: a simulated winter day of 40
 * institutions with incidents of every rule replays to exactly its ground truth — every expected
 * alert with its start and end, nothing for the near misses, nothing else.
 */
class SimulatedCityReplayITCase {
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void aSimulatedDayReplaysToExactlyItsGroundTruth(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("city.jsonl");
    Simulator.Summary summary =
        Simulator.toFile(
            new Simulator.Settings(
                40,
                2026,
                OffsetDateTime.parse("2026-12-08T07:00:00+08:00").toInstant(),
                Duration.ofHours(12),
                1,
                true),
            file,
            dir.resolve("truth.json"),
            Progress.SILENT);
    GroundTruth truth = GroundTruth.read(dir.resolve("truth.json"));
    assertThat(truth.expected()).extracting(GroundTruth.Entry::ruleId).containsAll(RuleIds.ALL);
    assertThat(truth.nearMisses()).hasSizeGreaterThan(15);

    ReplayJob.Result replay = ReplayJob.run(file, MonitorConfig.defaults(), 2);
    assertThat(replay.deadLetters()).as("the simulator writes only valid records").isEmpty();

    ScoreReport report =
        Scorer.score(
            truth,
            replay.alerts().stream().map(ScoredAlert::from).toList(),
            Scorer.DEFAULT_TOLERANCE);
    assertThat(report.recall()).as(report.text()).isEqualTo(1.0);
    assertThat(report.precision()).as(report.text()).isEqualTo(1.0);
    assertThat(report.perRule().keySet()).containsAll(RuleIds.ALL);
    report
        .perRule()
        .forEach(
            (rule, f) -> {
              assertThat(f.recall()).as(rule + "\n" + report.text()).isEqualTo(1.0);
              assertThat(f.precision()).as(rule + "\n" + report.text()).isEqualTo(1.0);
            });
    assertThat(report.overall().expected()).isEqualTo(summary.truth().expected().size());
  }
}
