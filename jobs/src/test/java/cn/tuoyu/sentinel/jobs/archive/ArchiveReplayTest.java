package cn.tuoyu.sentinel.jobs.archive;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.infra.Progress;
import cn.tuoyu.sentinel.jobs.monitor.ReplayJob;
import cn.tuoyu.sentinel.jobs.monitor.RuleOverrides;
import cn.tuoyu.sentinel.jobs.simulate.Simulator;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.Institution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay from the archive is the replay of the same records from their file: a simulated
 * afternoon is archived the way the job lays it out — per date and region (reference data and rules
 * apart), a file per minute, so that the order files are listed in is no event-time order — and
 * replayed from there, whole and for one region.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ArchiveReplayTest {
  private static final Instant START =
      OffsetDateTime.parse("2026-11-23T15:00:00+08:00").toInstant();
  private static final Instant END = START.plus(Duration.ofHours(2));

  @TempDir static Path dir;
  private static Path file;
  private static Path archive;
  private static Map<String, String> regionOf;

  @BeforeAll
  static void simulateAndArchive() throws Exception {
    Simulator.Settings settings = new Simulator.Settings(6, 3, START, Duration.ofHours(2), 1, true);
    file = dir.resolve("city.jsonl");
    Simulator.toFile(settings, file, dir.resolve("truth.json"), Progress.SILENT);
    regionOf = new HashMap<>();
    for (Institution i : Simulator.reference(settings)) {
      regionOf.put(i.getInstitutionId(), i.getRegionCode());
    }
    archive = dir.resolve("archive");
    ArchiveLoad.write(file, archive, regionOf, 3);
  }

  @Test
  void theArchivedPeriodReplaysToTheFilesAlertsWithTheSameIds() throws Exception {
    ReplayJob.Result fromFile = ReplayJob.run(file, MonitorConfig.defaults(), 2);
    ReplayJob.Result fromArchive = replay("");

    assertThat(fromFile.alerts()).isNotEmpty();
    assertThat(lines(fromArchive.alerts())).isEqualTo(lines(fromFile.alerts()));
    assertThat(fromArchive.deadLetters()).isEmpty();
    long events = Files.lines(file).filter(l -> !l.contains("\"type\":\"institution\"")).count();
    assertThat(fromArchive.inputRecords()).isEqualTo(events);
  }

  @Test
  void oneRegionReplaysToThatRegionsAlertsOnly() throws Exception {
    String region = regionOf.values().stream().sorted().findFirst().orElseThrow();
    ReplayJob.Result all = ReplayJob.run(file, MonitorConfig.defaults(), 2);
    ReplayJob.Result one = replay(region);

    List<String> expected =
        lines(all.alerts().stream().filter(a -> a.getRegionCode().startsWith(region)).toList());
    assertThat(expected).isNotEmpty();
    assertThat(lines(one.alerts())).isEqualTo(expected);
  }

  private static ReplayJob.Result replay(String region) throws Exception {
    return ReplayJob.runFromArchive(
        archive,
        START,
        END,
        region,
        MonitorConfig.defaults(),
        2,
        RuleOverrides.none(),
        Progress.SILENT);
  }

  private static List<String> lines(List<AlertTransition> alerts) {
    JsonLinesCodec codec = new JsonLinesCodec();
    return alerts.stream().map(a -> codec.encode(a)).toList();
  }
}
