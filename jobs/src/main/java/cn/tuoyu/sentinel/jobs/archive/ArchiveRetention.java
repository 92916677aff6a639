package cn.tuoyu.sentinel.jobs.archive;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How long the archive keeps what it wrote: whole date partitions older than {@code days} days are
 * deleted; nothing younger than {@value #MINIMUM_DAYS} days ever is. The archive is evidence of
 * what institutions reported, and the seeds' rule for camera recordings (kept ≥ 90 days, Wenzhou
 * draft) applies to it as well.
 *
 * <p>A date partition is older than {@code days} when its date is before {@code today − days}
 * (Asia/Shanghai): with 180 days, on 2026-11-23 the oldest date kept is 2026-05-27. Deleted are its
 * committed part files and any hidden (in-progress) file untouched for {@link #IN_PROGRESS_GRACE} —
 * a crash can leave those behind, while a younger one may still be written by the running job and
 * is left alone, as is anything that is not part of the layout. Folders are removed once empty.
 *
 * <p>The {@value ArchiveLayout#REFERENCE} and {@value ArchiveLayout#RULES} partitions are kept:
 * they are small, and a replay of any later period restores the institutions and thresholds in
 * force at its start from them (an institution registered a year ago is still open today).
 */
public final class ArchiveRetention {
  /** The shortest retention allowed. */
  public static final int MINIMUM_DAYS = 90;

  /** The retention when none is given. */
  public static final int DEFAULT_DAYS = 180;

  /** A hidden file untouched this long is no longer being written. */
  static final Duration IN_PROGRESS_GRACE = Duration.ofDays(1);

  /** What one pass deleted from one date partition. */
  public record Deleted(LocalDate date, int files, long bytes, boolean partitionRemoved) {}

  private final int days;

  /**
   * @throws IllegalArgumentException if {@code days} is below {@value #MINIMUM_DAYS}
   */
  public ArchiveRetention(int days) {
    this.days = requireAllowed(days);
  }

  /**
   * Returns {@code days} if it is an allowed retention.
   *
   * @throws IllegalArgumentException saying why not
   */
  public static int requireAllowed(int days) {
    if (days < MINIMUM_DAYS) {
      throw new IllegalArgumentException(
          "a retention of "
              + days
              + " day(s) is too short: the archive keeps at least "
              + MINIMUM_DAYS
              + " days (recordings are kept ≥ 90 days, and so is the evidence)");
    }
    return days;
  }

  public int days() {
    return days;
  }

  /** The oldest date partition kept on {@code today}. */
  public LocalDate oldestKept(LocalDate today) {
    return today.minusDays(days);
  }

  /**
   * Deletes the date partitions under {@code archive} that are older than the retention on {@code
   * today}; {@code now} tells which hidden files are abandoned. Returns what it deleted, oldest
   * first.
   */
  public List<Deleted> apply(Path archive, LocalDate today, Instant now) throws IOException {
    List<Deleted> out = new ArrayList<>();
    if (!Files.isDirectory(archive, LinkOption.NOFOLLOW_LINKS)) {
      return out;
    }
    LocalDate oldestKept = oldestKept(today);
    List<Path> expired = new ArrayList<>();
    try (DirectoryStream<Path> dates = Files.newDirectoryStream(archive)) {
      for (Path dir : dates) {
        Optional<LocalDate> date = ArchiveLayout.parseDateDir(dir.getFileName().toString());
        if (date.isPresent()
            && date.get().isBefore(oldestKept)
            && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
          expired.add(dir);
        }
      }
    }
    expired.sort(null);
    for (Path dir : expired) {
      out.add(deletePartition(dir, now));
    }
    return out;
  }

  private Deleted deletePartition(Path dateDir, Instant now) throws IOException {
    int files = 0;
    long bytes = 0;
    try (DirectoryStream<Path> regions = Files.newDirectoryStream(dateDir)) {
      for (Path regionDir : regions) {
        Optional<String> region = ArchiveLayout.parseRegionDir(regionDir.getFileName().toString());
        if (region.isEmpty()
            || ArchiveLayout.isHistory(region.get())
            || !Files.isDirectory(regionDir, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(regionDir)) {
          for (Path file : parts) {
            if (deletable(file, now)) {
              bytes += Files.size(file);
              Files.delete(file);
              files++;
            }
          }
        }
        deleteIfEmpty(regionDir);
      }
    }
    boolean removed = deleteIfEmpty(dateDir);
    return new Deleted(
        ArchiveLayout.parseDateDir(dateDir.getFileName().toString()).orElseThrow(),
        files,
        bytes,
        removed);
  }

  private static boolean deletable(Path file, Instant now) throws IOException {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    String name = file.getFileName().toString();
    if (ArchiveLayout.isCommittedFile(name)) {
      return true;
    }
    Instant modified = Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant();
    return name.startsWith(".") && modified.isBefore(now.minus(IN_PROGRESS_GRACE));
  }

  private static boolean deleteIfEmpty(Path dir) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      if (entries.iterator().hasNext()) {
        return false;
      }
    }
    Files.delete(dir);
    return true;
  }
}
