package cn.tuoyu.sentinel.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The schema-evolution gate: every top-level type's current schema must be recorded as the newest
 * version in {@code src/main/resources/schema-history}, and must be able to read, and be read by,
 * every earlier version (full transitive compatibility), so old and new producers and consumers can
 * share the Kafka topics during a rolling upgrade and archived data stays replayable.
 */
class SchemaCompatibilityTest {
  private static final Path HISTORY_DIR = Path.of("src/main/resources/schema-history");

  static Stream<SentinelType> types() {
    return Stream.of(SentinelType.values());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void newestHistoryVersionIsTheCurrentSchema(SentinelType type) {
    List<SchemaHistory.Version> versions = SchemaHistory.bundled().versions(type.schemaName());
    assertThat(versions)
        .as(
            "no schema history for %s: add %s/%s/v1.avsc and list it in index.txt",
            type.schemaName(), HISTORY_DIR, type.schemaName())
        .isNotEmpty();
    SchemaHistory.Version newest = versions.get(versions.size() - 1);
    Schema current = type.schema();
    int next = newest.number() + 1;
    assertThat(newest.schema())
        .as(
            "%s.avsc differs from the newest history version %s (fingerprints %s vs %s)."
                + " If you changed the schema on purpose: make new fields nullable with a default,"
                + " then save %s.getClassSchema().toString(true) as %s/%s/v%d.avsc, add"
                + " '%s/v%d.avsc' to index.txt, and run this test again. Never edit an existing"
                + " vN.avsc: data written with it exists.",
            type.schemaName(),
            newest.resource(),
            SchemaHistory.fingerprintHex(SchemaHistory.fingerprint(current)),
            SchemaHistory.fingerprintHex(newest.fingerprint()),
            type.schemaName(),
            HISTORY_DIR,
            type.schemaName(),
            next,
            type.schemaName(),
            next)
        .isEqualTo(current);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void currentSchemaAndEveryEarlierVersionCanReadEachOther(SentinelType type) {
    Schema current = type.schema();
    List<String> problems = new ArrayList<>();
    for (SchemaHistory.Version v : SchemaHistory.bundled().versions(type.schemaName())) {
      for (String p : mutualCompatibilityProblems(v.schema(), current)) {
        problems.add(v.resource() + ": " + p);
      }
    }
    assertThat(problems)
        .as("%s is not compatible with its history; new fields need a default", type.schemaName())
        .isEmpty();
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
    Set<String> indexed = new TreeSet<>();
    for (String name : SchemaHistory.bundled().recordNames()) {
      for (SchemaHistory.Version v : SchemaHistory.bundled().versions(name)) {
        indexed.add(v.resource().substring(SchemaHistory.ROOT.length()));
      }
    }
    assertThat(indexed)
        .as("every .avsc under %s must be listed in index.txt and vice versa", HISTORY_DIR)
        .isEqualTo(onDisk);
    assertThat(SchemaHistory.bundled().recordNames())
        .containsExactlyInAnyOrderElementsOf(
            Stream.of(SentinelType.values())
                .map(SentinelType::schemaName)
                .collect(Collectors.toList()));
  }

  @Test
  void historyFilesAreSelfContained() {
    // Parsed one per fresh parser by SchemaHistory; this documents that nested named types are
    // inlined rather than referenced from Enums.avsc.
    Schema institution = SchemaHistory.bundled().latest("Institution").orElseThrow().schema();
    assertThat(institution.getField("location").schema().getTypes().get(1).getFullName())
        .isEqualTo("cn.tuoyu.sentinel.schema.GeoPoint");
  }

  // ---- the checking helper, and proof that it can fail ----

  /**
   * Problems that stop {@code older} and {@code current} from reading each other's data; empty if
   * they are mutually compatible.
   */
  static List<String> mutualCompatibilityProblems(Schema older, Schema current) {
    List<String> problems = new ArrayList<>();
    SchemaPairCompatibility newReadsOld =
        SchemaCompatibility.checkReaderWriterCompatibility(current, older);
    if (newReadsOld.getType() != SchemaCompatibilityType.COMPATIBLE) {
      problems.add("current schema cannot read data written with it: " + describe(newReadsOld));
    }
    SchemaPairCompatibility oldReadsNew =
        SchemaCompatibility.checkReaderWriterCompatibility(older, current);
    if (oldReadsNew.getType() != SchemaCompatibilityType.COMPATIBLE) {
      problems.add("it cannot read data written with the current schema: " + describe(oldReadsNew));
    }
    return problems;
  }

  private static String describe(SchemaPairCompatibility c) {
    return c.getResult().getIncompatibilities().stream()
        .map(i -> i.getType() + " at " + i.getLocation() + " (" + i.getMessage() + ")")
        .collect(Collectors.joining("; "));
  }

  private static final String V1 =
      "{\"type\":\"record\",\"name\":\"Probe\",\"namespace\":\"test\",\"fields\":["
          + "{\"name\":\"id\",\"type\":\"string\"}]}";

  @Test
  void helperReportsANewRequiredFieldWithoutDefault() {
    Schema v1 = new Schema.Parser().parse(V1);
    Schema v2 =
        new Schema.Parser().parse(V1.replace("]}", ",{\"name\":\"roomId\",\"type\":\"string\"}]}"));
    List<String> problems = mutualCompatibilityProblems(v1, v2);
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0))
        .startsWith("current schema cannot read")
        .contains("READER_FIELD_MISSING_DEFAULT")
        .contains("roomId");
  }

  @Test
  void helperReportsARemovedRequiredField() {
    Schema v1 =
        new Schema.Parser().parse(V1.replace("]}", ",{\"name\":\"roomId\",\"type\":\"string\"}]}"));
    Schema v2 = new Schema.Parser().parse(V1);
    List<String> problems = mutualCompatibilityProblems(v1, v2);
    assertThat(problems).singleElement().asString().startsWith("it cannot read");
  }

  @Test
  void helperReportsAChangedFieldType() {
    Schema v1 = new Schema.Parser().parse(V1);
    Schema v2 = new Schema.Parser().parse(V1.replace("\"string\"", "\"long\""));
    assertThat(mutualCompatibilityProblems(v1, v2)).hasSize(2);
  }

  @Test
  void helperAcceptsANewNullableFieldWithDefault() {
    Schema v1 = new Schema.Parser().parse(V1);
    Schema v2 =
        new Schema.Parser()
            .parse(
                V1.replace(
                    "]}",
                    ",{\"name\":\"roomId\",\"type\":[\"null\",\"string\"],\"default\":null}]}"));
    assertThat(mutualCompatibilityProblems(v1, v2)).isEmpty();
  }

  @Test
  void aBrokenIndexFailsLoudly() {
    ClassLoader loader = getClass().getClassLoader();
    assertThatThrownBy(() -> SchemaHistory.load(loader, "broken-history/gap/index.txt"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("without gaps");
    assertThatThrownBy(() -> SchemaHistory.load(loader, "broken-history/missing/index.txt"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not found");
    assertThatThrownBy(() -> SchemaHistory.load(loader, "broken-history/misnamed/index.txt"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("expected record cn.tuoyu.sentinel.schema.SensorReading");
  }
}
