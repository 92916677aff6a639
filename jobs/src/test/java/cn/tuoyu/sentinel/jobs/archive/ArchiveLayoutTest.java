package cn.tuoyu.sentinel.jobs.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ArchiveLayoutTest {
  @Test
  void theDateIsTheEventTimesDateInBeijingNotUtc() {
    // 2026-11-22T16:30Z is 00:30 on the 23rd in Beijing.
    assertThat(ArchiveLayout.bucket(Instant.parse("2026-11-22T16:30:00Z"), "320402"))
        .isEqualTo("date=2026-11-23/region=320402");
    assertThat(ArchiveLayout.bucket(Instant.parse("2026-11-22T15:59:59.999Z"), "rules"))
        .isEqualTo("date=2026-11-22/region=rules");
  }

  @Test
  void onlySixDigitCodesRulesAndUnknownAreRegions() {
    assertThat(ArchiveLayout.isRegion("320402")).isTrue();
    assertThat(ArchiveLayout.isRegion(ArchiveLayout.RULES)).isTrue();
    assertThat(ArchiveLayout.isRegion(ArchiveLayout.UNKNOWN)).isTrue();
    assertThat(ArchiveLayout.isRegion("3204")).isFalse();
    assertThat(ArchiveLayout.isRegion("../etc")).isFalse();
    assertThat(ArchiveLayout.isRegion(null)).isFalse();
    assertThatThrownBy(() -> ArchiveLayout.bucket(Instant.EPOCH, "32/04"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anInstitutionIdSuggestsTheRegionOfItsLeadingSixDigits() {
    assertThat(ArchiveLayout.regionFromId("320402-0007")).isEqualTo("320402");
    assertThat(ArchiveLayout.regionFromId("1201060042")).isEqualTo("120106");
    assertThat(ArchiveLayout.regionFromId("32040-7")).isEqualTo(ArchiveLayout.UNKNOWN);
    assertThat(ArchiveLayout.regionFromId("inst-7")).isEqualTo(ArchiveLayout.UNKNOWN);
    assertThat(ArchiveLayout.regionFromId(null)).isEqualTo(ArchiveLayout.UNKNOWN);
  }

  @Test
  void partitionFolderNamesParseBack() {
    assertThat(ArchiveLayout.parseDateDir("date=2026-11-23")).contains(LocalDate.of(2026, 11, 23));
    assertThat(ArchiveLayout.parseDateDir("date=2026-13-01")).isEmpty();
    assertThat(ArchiveLayout.parseDateDir("_state")).isEmpty();
    assertThat(ArchiveLayout.parseRegionDir("region=320402")).contains("320402");
    assertThat(ArchiveLayout.parseRegionDir("region=rules")).contains("rules");
    assertThat(ArchiveLayout.parseRegionDir("region=x")).isEmpty();
    assertThat(ArchiveLayout.dateDir(LocalDate.of(2026, 1, 2))).isEqualTo("date=2026-01-02");
  }

  @Test
  void onlyCommittedPartFilesAreArchiveContent() {
    assertThat(ArchiveLayout.isCommittedFile("part-507f4532-688b-4e60-afc7-2f9b572b8196-7.avro"))
        .isTrue();
    // What Flink's file sink writes until the checkpoint commits it.
    assertThat(
            ArchiveLayout.isCommittedFile(
                ".part-507f4532-688b-4e60-afc7-2f9b572b8196-8.avro.inprogress."
                    + "a49f38b2-5850-4904-9250-fbfbaf39014a"))
        .isFalse();
    assertThat(ArchiveLayout.isCommittedFile("notes.txt")).isFalse();
  }
}
