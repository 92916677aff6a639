package cn.tuoyu.sentinel.jobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.infra.Progress;
import cn.tuoyu.sentinel.infra.testing.RealInfra;
import cn.tuoyu.sentinel.infra.testing.RealInfraExtension;
import cn.tuoyu.sentinel.jobs.monitor.ReplayJob;
import cn.tuoyu.sentinel.jobs.monitor.RuleOverrides;
import cn.tuoyu.sentinel.jobs.produce.FileProducer;
import cn.tuoyu.sentinel.jobs.score.GroundTruth;
import cn.tuoyu.sentinel.jobs.score.ScoredAlert;
import cn.tuoyu.sentinel.jobs.score.Scorer;
import cn.tuoyu.sentinel.jobs.simulate.Simulator;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import cn.tuoyu.sentinel.schema.AlertTransition;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code replay --from-kafka}: an hour of a simulated city published to the real Kafka replays from
 * the topics — reference data and rules from the compacted topics — to exactly the alerts of the
 * same events replayed from their file, which are exactly the ground truth; a region prefix keeps
 * only that region's institutions.
 */
@ExtendWith(RealInfraExtension.class)
class KafkaReplayITCase {
  private final RealInfra infra;

  KafkaReplayITCase(RealInfra infra) {
    this.infra = infra;
  }

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void anHourReplayedFromKafkaGivesTheAlertsOfItsFile(@TempDir Path dir) throws Exception {
    // A date no other IT uses (seed and first institutions as SimulatedCityEndToEndITCase, so the
    // reference records on the shared broker agree).
    Instant since = OffsetDateTime.parse("2026-10-15T09:30:00+08:00").toInstant();
    Instant until = since.plus(Duration.ofHours(1));
    Simulator.Settings settings =
        new Simulator.Settings(12, 7, since, Duration.ofHours(1), 1, true);
    Path city = dir.resolve("city.jsonl");
    Simulator.toFile(settings, city, dir.resolve("truth.json"), Progress.SILENT);
    GroundTruth truth = GroundTruth.read(dir.resolve("truth.json"));
    Set<String> ours = new HashSet<>(truth.institutionIds());
    FileProducer.produce(city, infra.bootstrapServers(), new PrintWriter(new StringWriter()));

    ReplayJob.Result fromFile = ReplayJob.run(city, MonitorConfig.defaults(), 2);
    ReplayJob.Result fromKafka =
        ReplayJob.runFromKafka(
            infra.bootstrapServers(),
            since,
            until,
            "",
            MonitorConfig.defaults(),
            2,
            RuleOverrides.none(),
            Progress.SILENT);

    List<String> kafkaAlerts = transitions(fromKafka.alerts(), ours);
    assertThat(kafkaAlerts).isNotEmpty().isEqualTo(transitions(fromFile.alerts(), ours));
    assertThat(fromKafka.inputRecords()).isGreaterThanOrEqualTo(fromFile.inputRecords() - 12);
    var report =
        Scorer.score(
            truth,
            fromKafka.alerts().stream()
                .filter(a -> ours.contains(a.getInstitutionId().toString()))
                .map(ScoredAlert::from)
                .toList(),
            Scorer.DEFAULT_TOLERANCE);
    assertThat(report.recall()).as(report.text()).isEqualTo(1.0);
    assertThat(report.precision()).as(report.text()).isEqualTo(1.0);

    // One region only: the institutions of Tianjin's districts (12xxxx) and nothing else.
    ReplayJob.Result tianjin =
        ReplayJob.runFromKafka(
            infra.bootstrapServers(),
            since,
            until,
            "12",
            MonitorConfig.defaults(),
            1,
            RuleOverrides.none(),
            Progress.SILENT);
    assertThat(tianjin.alerts()).allMatch(a -> a.getRegionCode().toString().startsWith("12"));
    List<String> expectedTianjin =
        fromKafka.alerts().stream()
            .filter(a -> a.getRegionCode().toString().startsWith("12"))
            .filter(a -> ours.contains(a.getInstitutionId().toString()))
            .map(a -> a.getAlertId() + "/" + a.getSequence())
            .toList();
    assertThat(expectedTianjin).as("the hour has Tianjin alerts").isNotEmpty();
    assertThat(
            tianjin.alerts().stream()
                .filter(a -> ours.contains(a.getInstitutionId().toString()))
                .map(a -> a.getAlertId() + "/" + a.getSequence())
                .toList())
        .isEqualTo(expectedTianjin);
  }

  /** "alertId/sequence status openedAt resolvedAt" of our institutions' transitions, in order. */
  private static List<String> transitions(List<AlertTransition> alerts, Set<String> ours) {
    return alerts.stream()
        .filter(a -> ours.contains(a.getInstitutionId().toString()))
        .map(
            a ->
                a.getAlertId()
                    + "/"
                    + a.getSequence()
                    + " "
                    + a.getStatus()
                    + " "
                    + a.getOpenedAt()
                    + " "
                    + a.getResolvedAt())
        .toList();
  }
}
