package cn.tuoyu.sentinel.jobs.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveRetentionTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 11, 23);
  private static final Instant NOW = Instant.parse("2026-11-23T04:00:00Z");

  @TempDir Path archive;

  @Test
  void lessThanNinetyDaysIsRefusedWithTheReason() {
    assertThatThrownBy(() -> new ArchiveRetention(89))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("89 day(s) is too short")
        .hasMessageContaining("at least 90 days");
    assertThat(new ArchiveRetention(90).days()).isEqualTo(90);
  }

  @Test
  void theOldestDateKeptIsTodayMinusTheRetention() {
    assertThat(new ArchiveRetention(180).oldestKept(TODAY)).isEqualTo(LocalDate.of(2026, 5, 27));
    assertThat(new ArchiveRetention(90).oldestKept(TODAY)).isEqualTo(LocalDate.of(2026, 8, 25));
  }

  @Test
  void wholeDatePartitionsOlderThanTheRetentionAreDeletedAndNothingYounger() throws IOException {
    Path expired = part("date=2026-08-24/region=320402/part-a-0.avro");
    part("date=2026-08-24/region=320411/part-a-1.avro");
    Path oldestKept = part("date=2026-08-25/region=320402/part-a-0.avro");
    Path today = part("date=2026-11-23/region=320402/part-a-0.avro");
    Path notOurs = Files.createDirectories(archive.resolve("date=someday"));
    Path state = Files.createDirectories(archive.resolve("_state/checkpoints"));

    List<ArchiveRetention.Deleted> deleted = new ArchiveRetention(90).apply(archive, TODAY, NOW);

    assertThat(deleted)
        .containsExactly(new ArchiveRetention.Deleted(LocalDate.of(2026, 8, 24), 2, 8, true));
    assertThat(expired.getParent().getParent()).doesNotExist();
    assertThat(oldestKept).exists();
    assertThat(today).exists();
    assertThat(notOurs).exists();
    assertThat(state).exists();
  }

  @Test
  void referenceAndRulesPartitionsAreKeptForeverEventsOfTheSameDateGo() throws IOException {
    Path events = part("date=2026-01-01/region=320402/part-a-0.avro");
    Path reference = part("date=2026-01-01/region=reference/part-a-1.avro");
    Path rules = part("date=2026-01-01/region=rules/part-a-2.avro");

    List<ArchiveRetention.Deleted> deleted = new ArchiveRetention(90).apply(archive, TODAY, NOW);

    assertThat(deleted)
        .containsExactly(new ArchiveRetention.Deleted(LocalDate.of(2026, 1, 1), 1, 4, false));
    assertThat(events.getParent()).doesNotExist();
    assertThat(reference).exists();
    assertThat(rules).exists();
  }

  @Test
  void aFileThatMayStillBeWrittenAndForeignFilesStayAbandonedOnesGo() throws IOException {
    Path committed = part("date=2026-01-01/region=320402/part-a-0.avro");
    Path abandoned = part("date=2026-01-01/region=320402/.part-a-1.avro.inprogress.x");
    Files.setLastModifiedTime(abandoned, FileTime.from(NOW.minus(Duration.ofDays(2))));
    Path inProgress = part("date=2026-01-01/region=320402/.part-a-2.avro.inprogress.y");
    Files.setLastModifiedTime(inProgress, FileTime.from(NOW.minus(Duration.ofHours(1))));
    Path foreign = part("date=2026-01-01/region=rules/notes.txt");

    List<ArchiveRetention.Deleted> deleted = new ArchiveRetention(90).apply(archive, TODAY, NOW);

    assertThat(deleted)
        .containsExactly(new ArchiveRetention.Deleted(LocalDate.of(2026, 1, 1), 2, 8, false));
    assertThat(committed).doesNotExist();
    assertThat(abandoned).doesNotExist();
    assertThat(inProgress).exists();
    assertThat(foreign).exists();
  }

  @Test
  void aMissingArchiveIsNothingToDo() throws IOException {
    assertThat(new ArchiveRetention(180).apply(archive.resolve("none"), TODAY, NOW)).isEmpty();
  }

  private Path part(String relative) throws IOException {
    Path p = archive.resolve(relative);
    Files.createDirectories(p.getParent());
    return Files.write(p, new byte[] {1, 2, 3, 4});
  }
}
