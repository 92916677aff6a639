package cn.tuoyu.sentinel.jobs.archive;

import static cn.tuoyu.sentinel.jobs.archive.ArchiveFixtures.camera;
import static cn.tuoyu.sentinel.jobs.archive.ArchiveFixtures.rulesRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.jobs.archive.ArchiveReader.Selection;
import cn.tuoyu.sentinel.schema.ArchivedRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveReaderTest {
  private static final Instant DAY_START = Instant.parse("2026-11-22T16:00:00Z"); // 23rd, 00:00
  private static final Instant NOON = Instant.parse("2026-11-23T04:00:00Z"); // 23rd, 12:00

  @TempDir Path archive;
  private ArchiveReader reader;

  @BeforeEach
  void writeAnArchive() throws IOException {
    write(
        "date=2026-11-22/region=320402/part-a-0.avro",
        camera("320402-0001", "2026-11-22T23:59:59+08:00", 1));
    write(
        "date=2026-11-23/region=320402/part-a-0.avro",
        camera("320402-0001", "2026-11-23T00:00:00+08:00", 2),
        camera("320402-0001", "2026-11-23T11:59:59.999+08:00", 3),
        camera("320402-0001", "2026-11-23T12:00:00+08:00", 4));
    write(
        "date=2026-11-23/region=320402/part-b-0.avro",
        camera("320402-0002", "2026-11-23T09:00:00+08:00", 5));
    write(
        "date=2026-11-23/region=320411/part-a-0.avro",
        camera("320411-0001", "2026-11-23T09:00:00+08:00", 6));
    write(
        "date=2026-11-23/region=120106/part-a-0.avro",
        camera("120106-0001", "2026-11-23T09:00:00+08:00", 7));
    write(
        "date=2026-11-23/region=rules/part-a-0.avro",
        rulesRecord("", "2026-11-23T07:00:00+08:00", 1),
        rulesRecord("32", "2026-11-23T07:00:00+08:00", 2),
        rulesRecord("320402", "2026-11-23T07:00:00+08:00", 3),
        rulesRecord("12", "2026-11-23T07:00:00+08:00", 4),
        rulesRecord("120106", "2026-11-23T07:00:00+08:00", 5));
    // An undecodable value without key: its Kafka time (10:00 on the 23rd), no region.
    write(
        "date=2026-11-23/region=unknown/part-a-0.avro",
        ArchiveFixtures.fromKafka(Topics.CAMERA, 8, null, "?".getBytes(StandardCharsets.UTF_8)));
    // Not (yet) archive content: an in-progress file, checkpoints, anything else.
    write(
        "date=2026-11-23/region=320402/.part-c-0.avro.inprogress.0a1b",
        camera("320402-0003", "2026-11-23T09:00:00+08:00", 9));
    write("_state/part-a-0.avro", camera("320402-0004", "2026-11-23T09:00:00+08:00", 10));
    Files.writeString(archive.resolve("date=2026-11-23/region=320402/README"), "not ours");
    reader = new ArchiveReader(archive);
  }

  private void write(String relative, ArchivedRecord... records) throws IOException {
    ArchiveFixtures.write(archive.resolve(relative), List.of(records));
  }

  private List<String> read(Selection s) throws IOException {
    try (Stream<ArchivedRecord> records = reader.read(s)) {
      return records.map(r -> r.getRegionCode() + "/" + r.getOffset()).toList();
    }
  }

  @Test
  void aPeriodAndRegionPrefixSelectPartitionsAndExactEventTimes() throws IOException {
    Selection morning = new Selection(DAY_START, NOON, "3204");

    assertThat(reader.files(morning))
        .extracting(p -> archive.relativize(p).toString())
        .containsExactly(
            "date=2026-11-23/region=320402/part-a-0.avro",
            "date=2026-11-23/region=320402/part-b-0.avro",
            "date=2026-11-23/region=320411/part-a-0.avro",
            "date=2026-11-23/region=rules/part-a-0.avro");
    // 23:59:59 of the day before and 12:00 itself are outside [since, until); rules for the
    // nation, Jiangsu and 天宁区 apply in 3204, Tianjin's do not.
    assertThat(read(morning))
        .containsExactly(
            "320402/2", "320402/3", "320402/5", "320411/6", "rules/1", "rules/2", "rules/3");
  }

  @Test
  void everywhereIncludesTheUnknownRegionAndEveryRule() throws IOException {
    assertThat(read(Selection.between(DAY_START, NOON)))
        .containsExactly(
            "120106/7",
            "320402/2",
            "320402/3",
            "320402/5",
            "320411/6",
            "rules/1",
            "rules/2",
            "rules/3",
            "rules/4",
            "rules/5",
            "unknown/8");
  }

  @Test
  void aPeriodAcrossMidnightOpensBothDates() throws IOException {
    Selection aroundMidnight =
        new Selection(
            Instant.parse("2026-11-22T15:59:59Z"),
            Instant.parse("2026-11-22T16:00:00.001Z"),
            "320402");
    assertThat(read(aroundMidnight)).containsExactly("320402/1", "320402/2");
  }

  @Test
  void anEmptyPeriodReadsNothing() throws IOException {
    assertThat(reader.files(new Selection(NOON, NOON, ""))).isEmpty();
  }

  @Test
  void statisticsCountTheSelectedRecords() throws IOException {
    ArchiveReader.Statistics s = reader.statistics(new Selection(DAY_START, NOON, "3204"));
    assertThat(s.files()).isEqualTo(4);
    assertThat(s.bytes()).isPositive();
    assertThat(s.records()).isEqualTo(7);
    assertThat(s.byType()).isEqualTo(Map.of("camera", 4L, "rules", 3L));
    assertThat(s.byRegion()).isEqualTo(Map.of("320402", 3L, "320411", 1L, "rules", 3L));
  }

  @Test
  void recordsReadBackAreTheRecordsWritten() throws IOException {
    ArchivedRecord written = camera("320402-0009", "2026-11-23T09:00:00+08:00", 11);
    write("date=2026-11-23/region=320402/part-z-0.avro", written);
    try (Stream<ArchivedRecord> all = reader.read(Selection.between(DAY_START, NOON))) {
      assertThat(all.filter(r -> r.getOffset() == 11)).containsExactly(written);
    }
  }

  @Test
  void kafkaOrderIsTopicPartitionOffset() throws IOException {
    try (Stream<ArchivedRecord> all = reader.read(Selection.between(DAY_START, NOON))) {
      assertThat(all.sorted(ArchiveReader.KAFKA_ORDER))
          .extracting(r -> r.getTopic() + "@" + r.getOffset())
          .containsExactly(
              "sentinel.events.camera@2",
              "sentinel.events.camera@3",
              "sentinel.events.camera@5",
              "sentinel.events.camera@6",
              "sentinel.events.camera@7",
              "sentinel.events.camera@8",
              "sentinel.rules@1",
              "sentinel.rules@2",
              "sentinel.rules@3",
              "sentinel.rules@4",
              "sentinel.rules@5");
    }
  }

  @Test
  void aSelectionMustBeAPeriodAndARegionPrefix() {
    assertThatThrownBy(() -> new Selection(NOON, DAY_START, ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("before since");
    assertThatThrownBy(() -> new Selection(DAY_START, NOON, "32x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("up to six digits");
    assertThatThrownBy(() -> new Selection(DAY_START, NOON, "3204021"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
