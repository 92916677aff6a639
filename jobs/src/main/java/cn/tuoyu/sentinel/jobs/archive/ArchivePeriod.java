package cn.tuoyu.sentinel.jobs.archive;

import cn.tuoyu.sentinel.contract.Topics;
import cn.tuoyu.sentinel.infra.Progress;
import cn.tuoyu.sentinel.jobs.archive.ArchiveReader.Selection;
import cn.tuoyu.sentinel.pipeline.ingest.EventEnvelope;
import cn.tuoyu.sentinel.schema.ArchivedRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.file.CodecFactory;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * A period of the archive made ready for a replay: the reference data and rules in force at its
 * start, and the period's records in one file, in the order the replay reads them.
 *
 * <p>The archive's files are per partition, writer and checkpoint, so no file order is event-time
 * order. Date partitions are disjoint in event time, so the period is merged one date at a time: a
 * date's selected records are read, sorted by event time (rules, then reference data, then events
 * at the same instant; Kafka order among equals) and appended to the period file. Memory holds one
 * date of the selected regions at a time (about 200 bytes a record).
 *
 * <p>"As of the start" is the latest version of each institution and of each rules scope
 * time-stamped before {@code since}, read from the {@link ArchiveLayout#REFERENCE reference} and
 * {@link ArchiveLayout#RULES rules} partitions of every earlier date (retention keeps them); what
 * changes within the period travels in the period file at its own time.
 */
public final class ArchivePeriod {
  /** Replay order: event time; at one instant rules, then reference data, then events. */
  public static final Comparator<ArchivedRecord> REPLAY_ORDER =
      Comparator.comparing(ArchivedRecord::getEventTime)
          .thenComparingInt(ArchivePeriod::rank)
          .thenComparing(ArchiveReader.KAFKA_ORDER);

  /**
   * What {@link #prepare} made.
   *
   * @param reference institutions and rules as of the start, as the monitor's bootstrap
   * @param file the period's records in replay order (an Avro container of {@link ArchivedRecord})
   * @param records how many records the file holds
   * @param files how many archive files were read for the period
   * @param byType the period's records per {@code recordType}
   * @param latestEvent the latest event time of the region's files read, inside the period or after
   *     it (null when there is none): how far the archive is known to reach
   */
  public record Prepared(
      List<EventEnvelope> reference,
      Path file,
      long records,
      long files,
      Map<String, Long> byType,
      Instant latestEvent) {}

  private ArchivePeriod() {}

  /**
   * Restores the reference as of {@code s.since()} and writes the selected records to {@code file}
   * in replay order, reporting each date.
   */
  public static Prepared prepare(ArchiveReader reader, Selection s, Path file, Progress progress)
      throws IOException {
    List<EventEnvelope> reference = referenceAsOf(reader, s.since(), s.regionPrefix());
    progress.info(
        String.format(
            Locale.ROOT,
            "reference as of %s: %d institution and rules records",
            s.since(),
            reference.size()));
    Map<LocalDate, List<Path>> byDate = new LinkedHashMap<>();
    for (Path f : reader.files(s)) {
      LocalDate date =
          ArchiveLayout.parseDateDir(f.getParent().getParent().getFileName().toString())
              .orElseThrow();
      byDate.computeIfAbsent(date, d -> new ArrayList<>()).add(f);
    }
    long files = 0;
    long records = 0;
    long[] latestEvent = {Long.MIN_VALUE};
    Map<String, Long> byType = new TreeMap<>();
    Files.createDirectories(file.toAbsolutePath().getParent());
    try (DataFileWriter<ArchivedRecord> out =
        new DataFileWriter<>(new SpecificDatumWriter<>(ArchivedRecord.class))) {
      out.setCodec(CodecFactory.nullCodec());
      out.create(ArchivedRecord.getClassSchema(), file.toFile());
      progress.begin("Merging the archive's files by event time");
      for (Map.Entry<LocalDate, List<Path>> date : byDate.entrySet()) {
        List<ArchivedRecord> day = new ArrayList<>();
        for (Path f : date.getValue()) {
          try (Stream<ArchivedRecord> in = ArchiveReader.records(f)) {
            in.peek(
                    r -> {
                      if (isValidEvent(r)) {
                        latestEvent[0] = Math.max(latestEvent[0], r.getEventTime().toEpochMilli());
                      }
                    })
                .filter(s::includes)
                .forEach(day::add);
          }
          files++;
        }
        day.sort(REPLAY_ORDER);
        for (ArchivedRecord r : day) {
          out.append(r);
          byType.merge(r.getRecordType(), 1L, Long::sum);
        }
        records += day.size();
        progress.update(
            String.format(
                Locale.ROOT,
                "%s: %,d records from %d files (%,d so far)",
                date.getKey(),
                day.size(),
                date.getValue().size(),
                records));
      }
    }
    progress.done(String.format(Locale.ROOT, "%,d records from %d files", records, files));
    return new Prepared(
        reference,
        file,
        records,
        files,
        byType,
        latestEvent[0] == Long.MIN_VALUE ? null : Instant.ofEpochMilli(latestEvent[0]));
  }

  private static boolean isValidEvent(ArchivedRecord r) {
    String topic = r.getTopic();
    return r.getRejectReason() == null
        && (topic.equals(Topics.ATTENDANCE)
            || topic.equals(Topics.CAMERA)
            || topic.equals(Topics.SENSOR));
  }

  /**
   * The latest valid institution and rules records time-stamped before {@code asOf}, for the
   * institutions of {@code regionPrefix} and the rules scopes that apply there, as envelopes.
   */
  public static List<EventEnvelope> referenceAsOf(
      ArchiveReader reader, Instant asOf, String regionPrefix) throws IOException {
    Selection before = new Selection(Instant.EPOCH, asOf, regionPrefix);
    Map<String, ArchivedRecord> latest = new HashMap<>();
    for (Path f : reader.historyFiles(before)) {
      try (Stream<ArchivedRecord> in = ArchiveReader.records(f)) {
        in.filter(r -> r.getRejectReason() == null && r.getSubject() != null)
            .filter(before::includes)
            .forEach(
                r ->
                    latest.merge(
                        r.getRecordType() + "/" + r.getSubject(),
                        r,
                        (a, b) -> REPLAY_ORDER.compare(a, b) >= 0 ? a : b));
      }
    }
    return latest.values().stream()
        .sorted(REPLAY_ORDER)
        .map(ArchivedRecords::envelope)
        .filter(e -> e.kind != EventEnvelope.Kind.REJECTED)
        .toList();
  }

  private static int rank(ArchivedRecord r) {
    if (r.getRegionCode().equals(ArchiveLayout.RULES)) {
      return 0;
    }
    return ArchivedRecords.isInstitution(r) ? 1 : 2;
  }
}
