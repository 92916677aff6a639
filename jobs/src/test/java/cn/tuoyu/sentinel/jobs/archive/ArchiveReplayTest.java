package cn.tuoyu.sentinel.jobs.archive;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.codec.Decoded;
import cn.tuoyu.sentinel.codec.JsonLinesCodec;
import cn.tuoyu.sentinel.codec.SentinelSerde;
import cn.tuoyu.sentinel.codec.SentinelType;
import cn.tuoyu.sentinel.infra.Progress;
import cn.tuoyu.sentinel.jobs.monitor.ReplayJob;
import cn.tuoyu.sentinel.jobs.monitor.RuleOverrides;
import cn.tuoyu.sentinel.jobs.simulate.Simulator;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import cn.tuoyu.sentinel.schema.AlertTransition;
import cn.tuoyu.sentinel.schema.ArchivedRecord;
import cn.tuoyu.sentinel.schema.Institution;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replay from the archive is the replay of the same records from their file: a simulated
 * afternoon is archived the way the job lays it out — per date and region, in many small files per
 * Kafka partition and "checkpoint", shuffled so that no file order is event-time order — and
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
    writeArchive(Files.readAllLines(file, StandardCharsets.UTF_8), archive);
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

  /**
   * The lines as Kafka records (3 partitions per topic, keyed by institution), archived per date
   * and region in files of at most 700 records of one partition, written in shuffled order.
   */
  private static void writeArchive(List<String> lines, Path root) throws Exception {
    JsonLinesCodec codec = new JsonLinesCodec();
    Map<String, Long> offsets = new HashMap<>();
    Map<String, List<ArchivedRecord>> byFile = new TreeMap<>();
    for (String line : lines) {
      Decoded d = codec.decode(line, 1, "test");
      var record = ((Decoded.Record) d).record();
      SentinelType type = SentinelType.ofClass(record.getClass()).orElseThrow();
      byte[] value = SentinelSerde.encodeAny(record);
      String key = ArchivedRecords.fromKafka(type.topic(), 0, 0, 0, null, value).getSubject();
      int partition = Math.floorMod(key.hashCode(), 3);
      long offset = offsets.merge(type.topic() + partition, 1L, Long::sum);
      ArchivedRecord r =
          ArchivedRecords.fromKafka(
              type.topic(), partition, offset, 0L, key.getBytes(StandardCharsets.UTF_8), value);
      r.setKafkaTimestamp(r.getEventTime());
      if (ArchivedRecords.regionFollowsInstitution(r)) {
        r.setRegionCode(regionOf.get(key));
      }
      String bucket = ArchiveBuckets.of(r);
      byFile
          .computeIfAbsent(
              bucket + "/part-" + type.topic() + "-" + partition + "-" + (offset / 700),
              k -> new ArrayList<>())
          .add(r);
    }
    List<String> names = new ArrayList<>(byFile.keySet());
    Collections.shuffle(names, new Random(42));
    int n = 0;
    for (String name : names) {
      ArchiveFixtures.write(root.resolve(name + "-" + (n++) + ".avro"), byFile.get(name));
    }
  }
}
