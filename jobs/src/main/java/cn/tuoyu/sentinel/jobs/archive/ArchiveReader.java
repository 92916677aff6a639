package cn.tuoyu.sentinel.jobs.archive;

import cn.tuoyu.sentinel.schema.ArchivedRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Reads what the archive job committed: the records of a period and a region prefix.
 *
 * <p>Date partitions outside the period and region partitions outside the prefix are not opened;
 * records are then filtered by their exact event time. Files in progress or pending (Flink's hidden
 * {@code .part-…} files) are not archive content yet and are never read. Records come file by file,
 * in partition and file-name order; within a file each Kafka partition's records are in offset
 * order. Sort by {@link #KAFKA_ORDER} to get every topic partition in its Kafka order.
 *
 * <p>Safe to use while the job writes: a file appears when its checkpoint commits it, complete.
 */
public final class ArchiveReader {
  /** Topic, partition, offset: the order the records had on Kafka. */
  public static final Comparator<ArchivedRecord> KAFKA_ORDER =
      Comparator.comparing(ArchivedRecord::getTopic)
          .thenComparingInt(ArchivedRecord::getPartition)
          .thenComparingLong(ArchivedRecord::getOffset);

  /**
   * Which records to read.
   *
   * @param since first event time included
   * @param until first event time excluded
   * @param regionPrefix a region-code prefix ("" = everywhere, "32" = Jiangsu, "320402" = 天宁区).
   *     Institutions' records are selected by their region partition; records of region {@value
   *     ArchiveLayout#UNKNOWN} only with "". Rules records are selected when their scope applies to
   *     some region of the prefix: the national default "", the province "32" and the district
   *     "320402" all apply to "3204" — a replay of a region needs the thresholds in force there.
   */
  public record Selection(Instant since, Instant until, String regionPrefix) {
    /**
     * @throws IllegalArgumentException if {@code until} is before {@code since} or the prefix is
     *     not up to six digits
     */
    public Selection {
      if (until.isBefore(since)) {
        throw new IllegalArgumentException("until " + until + " is before since " + since);
      }
      if (!regionPrefix.matches("\\d{0,6}")) {
        throw new IllegalArgumentException(
            "a region prefix is up to six digits of a region code, got '" + regionPrefix + "'");
      }
    }

    /** Everything from {@code since} to {@code until}. */
    public static Selection between(Instant since, Instant until) {
      return new Selection(since, until, "");
    }

    /** Whether a date partition can hold records of the period. */
    boolean includesDate(LocalDate date) {
      return since.isBefore(until)
          && !date.isBefore(ArchiveLayout.date(since))
          && !date.isAfter(ArchiveLayout.date(until.minusNanos(1)));
    }

    /** Whether a region partition can hold selected records. */
    boolean includesRegion(String region) {
      return switch (region) {
        case ArchiveLayout.RULES, ArchiveLayout.REFERENCE -> true;
        case ArchiveLayout.UNKNOWN -> regionPrefix.isEmpty();
        default -> region.startsWith(regionPrefix);
      };
    }

    /** Whether a record of a selected partition is selected. */
    public boolean includes(ArchivedRecord r) {
      Instant t = r.getEventTime();
      if (t.isBefore(since) || !t.isBefore(until)) {
        return false;
      }
      if (ArchivedRecords.isInstitution(r)) {
        return r.getRegionCode().startsWith(regionPrefix);
      }
      if (!r.getRegionCode().equals(ArchiveLayout.RULES) || r.getSubject() == null) {
        return true;
      }
      String scope = r.getSubject();
      return scope.startsWith(regionPrefix) || regionPrefix.startsWith(scope);
    }
  }

  /**
   * What a selection holds.
   *
   * @param files committed files read
   * @param bytes their size
   * @param records records selected
   * @param byType records per {@code recordType}
   * @param byRegion records per region partition
   */
  public record Statistics(
      long files, long bytes, long records, Map<String, Long> byType, Map<String, Long> byRegion) {}

  private final Path root;

  /**
   * @param root the archive directory ({@code --dir} of {@code bin/sentinel archive})
   */
  public ArchiveReader(Path root) {
    this.root = root;
  }

  /** The committed files of the selected partitions, in partition and file-name order. */
  public List<Path> files(Selection s) throws IOException {
    return files(s, false);
  }

  /**
   * The committed files of the {@link ArchiveLayout#isHistory reference and rules} partitions of
   * the selected dates: what a replay restores the state at its start from.
   */
  public List<Path> historyFiles(Selection s) throws IOException {
    return files(s, true);
  }

  private List<Path> files(Selection s, boolean historyOnly) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path dateDir : sortedChildren(root)) {
      Optional<LocalDate> date = ArchiveLayout.parseDateDir(dateDir.getFileName().toString());
      if (date.isEmpty() || !s.includesDate(date.get()) || !Files.isDirectory(dateDir)) {
        continue;
      }
      for (Path regionDir : sortedChildren(dateDir)) {
        Optional<String> region = ArchiveLayout.parseRegionDir(regionDir.getFileName().toString());
        if (region.isEmpty()
            || !s.includesRegion(region.get())
            || historyOnly && !ArchiveLayout.isHistory(region.get())
            || !Files.isDirectory(regionDir)) {
          continue;
        }
        for (Path file : sortedChildren(regionDir)) {
          if (ArchiveLayout.isCommittedFile(file.getFileName().toString())
              && Files.isRegularFile(file)) {
            out.add(file);
          }
        }
      }
    }
    return out;
  }

  /**
   * The selected records, read lazily file by file; close the stream (try-with-resources) to close
   * the file being read.
   */
  public Stream<ArchivedRecord> read(Selection s) throws IOException {
    return files(s).stream().flatMap(ArchiveReader::records).filter(s::includes);
  }

  /** Counts of what a selection holds, by type and region (reads every selected record). */
  public Statistics statistics(Selection s) throws IOException {
    List<Path> files = files(s);
    long bytes = 0;
    for (Path f : files) {
      bytes += Files.size(f);
    }
    Map<String, Long> byType = new TreeMap<>();
    Map<String, Long> byRegion = new TreeMap<>();
    try (Stream<ArchivedRecord> selected =
        files.stream().flatMap(ArchiveReader::records).filter(s::includes)) {
      selected.forEach(
          r -> {
            byType.merge(r.getRecordType(), 1L, Long::sum);
            byRegion.merge(r.getRegionCode(), 1L, Long::sum);
          });
    }
    long records = byType.values().stream().mapToLong(Long::longValue).sum();
    return new Statistics(files.size(), bytes, records, byType, byRegion);
  }

  /**
   * Every record of one archive file (as {@link #files} lists them), unfiltered; close the stream
   * to close the file.
   */
  public static Stream<ArchivedRecord> records(Path file) {
    try {
      DataFileReader<ArchivedRecord> reader =
          new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(ArchivedRecord.class));
      return StreamSupport.stream(
              Spliterators.spliteratorUnknownSize(
                  reader.iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
              false)
          .onClose(
              () -> {
                try {
                  reader.close();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read archive file " + file, e);
    }
  }

  private static List<Path> sortedChildren(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
      children.forEach(out::add);
    }
    out.sort(null);
    return out;
  }
}
