package cn.tuoyu.sentinel.jobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.infra.Progress;
import cn.tuoyu.sentinel.infra.testing.RealInfra;
import cn.tuoyu.sentinel.infra.testing.RealInfraExtension;
import cn.tuoyu.sentinel.jobs.produce.FileProducer;
import cn.tuoyu.sentinel.jobs.score.GroundTruth;
import cn.tuoyu.sentinel.jobs.score.ScoreReport;
import cn.tuoyu.sentinel.jobs.score.ScoredAlert;
import cn.tuoyu.sentinel.jobs.score.Scorer;
import cn.tuoyu.sentinel.jobs.simulate.Simulator;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's city through the real thing: 50 institutions, 2 simulated hours with incidents of
 * every rule, published to the real Kafka while the live monitor job runs, and the alert documents
 * in the real Elasticsearch scored against the ground truth — recall 1.0 and precision ≥ 0.99 for
 * every rule.
 *
 * <p>The afternoon 15:00–17:00 is chosen so that every rule can happen: classes are in, and some
 * institutions close within it (CHILD_NOT_PICKED_UP opens 30 min after closing).
 */
@ExtendWith(RealInfraExtension.class)
class SimulatedCityEndToEndITCase {
  private final RealInfra infra;

  SimulatedCityEndToEndITCase(RealInfra infra) {
    this.infra = infra;
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void fiftyInstitutionsForTwoHoursScoreFullRecallInElasticsearch(@TempDir Path dir)
      throws Exception {
    Simulator.Settings settings =
        new Simulator.Settings(
            50,
            7,
            OffsetDateTime.parse("2026-11-23T15:00:00+08:00").toInstant(),
            Duration.ofHours(2),
            1,
            true);
    Path city = dir.resolve("city.jsonl");
    Simulator.toFile(settings, city, dir.resolve("truth.json"), Progress.SILENT);
    GroundTruth truth = GroundTruth.read(dir.resolve("truth.json"));
    assertThat(truth.expected()).extracting(GroundTruth.Entry::ruleId).containsAll(RuleIds.ALL);

    // The institutions are registered first: the monitor reads reference data when it starts.
    JsonLinesCodec codec = new JsonLinesCodec();
    Path reference = dir.resolve("reference.jsonl");
    List<String> lines = Simulator.reference(settings).stream().map(i -> codec.encode(i)).toList();
    Files.write(reference, lines, StandardCharsets.UTF_8);
    StringWriter log = new StringWriter();
    FileProducer.produce(reference, infra.bootstrapServers(), new PrintWriter(log));

    AtomicReference<ScoreReport> last = new AtomicReference<>();
    List<FileProducer.Report> sent = new ArrayList<>();
    try (LiveMonitor monitor =
        LiveMonitor.start(
            infra,
            dir.resolve("monitor-state"),
            log,
            () ->
                sent.add(
                    FileProducer.produce(city, infra.bootstrapServers(), new PrintWriter(log))))) {
      assertThat(sent.get(0).refused()).isEmpty();
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofSeconds(3))
          .untilAsserted(
              () -> {
                List<ScoredAlert> alerts =
                    AlertDocuments.ofInstitutions(infra, truth.institutionIds()).stream()
                        .map(ScoredAlert::fromDocument)
                        .toList();
                ScoreReport report = Scorer.score(truth, alerts, Scorer.DEFAULT_TOLERANCE);
                last.set(report);
                assertThat(report.perRule().keySet()).containsAll(RuleIds.ALL);
                report
                    .perRule()
                    .forEach(
                        (rule, f) -> {
                          assertThat(f.recall()).as(rule + "\n" + report.text()).isEqualTo(1.0);
                          assertThat(f.precision())
                              .as(rule + "\n" + report.text())
                              .isGreaterThanOrEqualTo(0.99);
                        });
              });
    }
    ScoreReport report = last.get();
    System.out.println(report.text());
    assertThat(report.overall().correct()).isEqualTo(truth.expected().size());
  }
}
