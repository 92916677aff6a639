package cn.tuoyu.sentinel.jobs.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.infra.Platform;
import cn.tuoyu.sentinel.infra.Progress;
import cn.tuoyu.sentinel.infra.testing.RealInfra;
import cn.tuoyu.sentinel.infra.testing.RealInfraExtension;
import cn.tuoyu.sentinel.jobs.archive.ArchiveConfig;
import cn.tuoyu.sentinel.jobs.archive.ArchiveJob;
import cn.tuoyu.sentinel.jobs.archive.ArchiveReader;
import cn.tuoyu.sentinel.jobs.archive.ArchiveRunner;
import cn.tuoyu.sentinel.jobs.cli.SentinelCli;
import cn.tuoyu.sentinel.jobs.monitor.ReplayIndex;
import cn.tuoyu.sentinel.jobs.monitor.ReplayJob;
import cn.tuoyu.sentinel.jobs.monitor.RuleOverrides;
import cn.tuoyu.sentinel.jobs.produce.FileProducer;
import cn.tuoyu.sentinel.jobs.score.GroundTruth;
import cn.tuoyu.sentinel.jobs.score.ScoreReport;
import cn.tuoyu.sentinel.jobs.score.ScoredAlert;
import cn.tuoyu.sentinel.jobs.score.Scorer;
import cn.tuoyu.sentinel.jobs.simulate.Simulator;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import cn.tuoyu.sentinel.pipeline.rules.RuleIds;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's city through the real thing: 50 institutions, 2 simulated hours with incidents of
 * every rule, published to the real Kafka while the live monitor job and the archive job run; the
 * alert documents in the real Elasticsearch scored against the ground truth — recall 1.0 and
 * precision ≥ 0.99 for every rule — and then the archived period replayed (indexed as a replay run)
 * to exactly the live alerts: the same alertIds with the same rule, status and times.
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
  @Timeout(value = 11, unit = TimeUnit.MINUTES)
  void fiftyInstitutionsForTwoHoursScoreFullRecallAndReplayFromTheArchiveToTheSameAlerts(
      @TempDir Path dir) throws Exception {
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

    // The archive runs from before the first record: its group starts at the topics' end.
    Path archive = dir.resolve("archive");
    ArchiveConfig archiveConfig =
        ArchiveConfig.defaults(archive.toString())
            .withKafka(infra.bootstrapServers())
            .withGroupId(RealInfra.uniqueName("it-city-archive"))
            .withCheckpointInterval(Duration.ofSeconds(2));
    EventTopics.startGroupAtEnd(
        infra.bootstrapServers(), archiveConfig.groupId(), ArchiveJob.TOPICS);
    ArchiveRunner archiver = new ArchiveRunner(archiveConfig, 1, Platform.freePort());
    StringWriter archiveLog = new StringWriter();
    JobClient archiveJob = archiver.start(new PrintWriter(archiveLog, true));
    boolean archiveStopped = false;
    try {

      // The institutions are registered first: the monitor reads reference data when it starts.
      JsonLinesCodec codec = new JsonLinesCodec();
      Path reference = dir.resolve("reference.jsonl");
      List<String> lines =
          Simulator.reference(settings).stream().map(i -> codec.encode(i)).toList();
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
                      FileProducer.produce(
                          city, infra.bootstrapServers(), new PrintWriter(log))))) {
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

      // Everything published is in the archive, committed; then the period is replayed from it.
      long published = lines.size() + sent.get(0).sent();
      ArchiveReader reader = new ArchiveReader(archive);
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  reader
                          .statistics(
                              ArchiveReader.Selection.between(
                                  Instant.EPOCH, settings.start().plus(Duration.ofDays(1))))
                          .records()
                      == published);
      archiver.stopWithSavepoint(archiveJob);
      archiveStopped = true;
    } finally {
      if (!archiveStopped) {
        archiver.stopWithSavepoint(archiveJob);
      }
    }
    Instant until = settings.start().plus(settings.length());
    ReplayJob.Result replay =
        ReplayJob.runFromArchive(
            archive,
            settings.start(),
            until,
            "",
            MonitorConfig.defaults(),
            2,
            RuleOverrides.none(),
            Progress.SILENT);
    String runId = RealInfra.uniqueName("it-city");
    ReplayIndex.write(infra.elasticsearchUrl(), runId, replay.alerts());
    Map<String, String> replayed =
        comparable(ReplayIndex.read(infra.elasticsearchUrl(), runId), until);
    assertThat(replayed).hasSizeGreaterThanOrEqualTo(truth.expected().size());
    // diff reads replay runs by id.
    StringWriter diffOut = new StringWriter();
    int diffExit =
        SentinelCli.commandLine()
            .setOut(new PrintWriter(diffOut))
            .execute(
                "diff",
                "--baseline",
                runId,
                "--candidate",
                runId,
                "--elasticsearch",
                infra.elasticsearchUrl());
    assertThat(diffExit).as(diffOut.toString()).isZero();
    assertThat(diffOut.toString().strip()).endsWith("added 0 removed 0 moved 0 changed 0");
    ObjectMapper json = new ObjectMapper();
    // The live monitor may still be behind on the last minutes; it must arrive at the same set.
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(3))
        .untilAsserted(
            () -> {
              List<String> live = new ArrayList<>();
              for (Map<String, Object> d :
                  AlertDocuments.ofInstitutions(infra, truth.institutionIds())) {
                live.add(json.writeValueAsString(d));
              }
              assertThat(comparable(live, until)).isEqualTo(replayed);
            });
  }

  /**
   * Alert documents opened before {@code until} as alertId → rule, status and times: what a replay
   * of the period must reproduce exactly.
   */
  private static Map<String, String> comparable(List<String> documents, Instant until)
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    Map<String, String> out = new TreeMap<>();
    for (String d : documents) {
      JsonNode n = json.readTree(d);
      if (!OffsetDateTime.parse(n.get("openedAt").asText()).toInstant().isBefore(until)) {
        continue;
      }
      out.put(
          n.get("alertId").asText(),
          String.join(
              " ",
              n.get("ruleId").asText(),
              n.get("status").asText(),
              n.get("startedAt").asText(),
              n.get("openedAt").asText(),
              n.path("resolvedAt").asText("-")));
    }
    return out;
  }
}
