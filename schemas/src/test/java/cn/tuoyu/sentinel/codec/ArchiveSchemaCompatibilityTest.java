package cn.tuoyu.sentinel.codec;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.schema.ArchivedRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * The gate for the archive's record schema, under the same rules as the wire types ({@link
 * SchemaCompatibilityTest}): archives are kept for months and replayed by newer code, so the
 * current {@link ArchivedRecord} must be recorded as the newest version in {@code archive-history}
 * and be mutually compatible with every earlier one.
 */
class ArchiveSchemaCompatibilityTest {
  private static final String INDEX = "archive-history/index.txt";
  private static final Path HISTORY_DIR = Path.of("src/main/resources/archive-history");

  private static List<SchemaHistory.Version> versions() {
    return SchemaHistory.load(ArchiveSchemaCompatibilityTest.class.getClassLoader(), INDEX)
        .versions(ArchivedRecord.class);
  }

  @Test
  void newestHistoryVersionIsTheCurrentSchema() {
    List<SchemaHistory.Version> versions = versions();
    assertThat(versions).isNotEmpty();
    SchemaHistory.Version newest = versions.get(versions.size() - 1);
    assertThat(newest.schema())
        .as(
            "ArchivedRecord.avsc differs from %s. If you changed it on purpose: make new fields"
                + " nullable with a default, save ArchivedRecord.getClassSchema().toString(true) as"
                + " %s/ArchivedRecord/v%d.avsc and list it in index.txt. Never edit an existing"
                + " vN.avsc: archives written with it exist.",
            newest.resource(), HISTORY_DIR, newest.number() + 1)
        .isEqualTo(ArchivedRecord.getClassSchema());
  }

  @Test
  void currentSchemaAndEveryEarlierVersionCanReadEachOther() {
    Schema current = ArchivedRecord.getClassSchema();
    List<String> problems = new ArrayList<>();
    for (SchemaHistory.Version v : versions()) {
      for (String p : SchemaCompatibilityTest.mutualCompatibilityProblems(v.schema(), current)) {
        problems.add(v.resource() + ": " + p);
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void historyFilesAndIndexAgree() throws IOException {
    Set<String> onDisk;
    try (Stream<Path> files = Files.walk(HISTORY_DIR)) {
      onDisk =
          files
              .filter(p -> p.toString().endsWith(".avsc"))
              .map(p -> HISTORY_DIR.relativize(p).toString().replace('\\', '/'))
              .collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> indexed =
        versions().stream()
            .map(v -> v.resource().substring("archive-history/".length()))
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(indexed).isEqualTo(onDisk);
  }
}
