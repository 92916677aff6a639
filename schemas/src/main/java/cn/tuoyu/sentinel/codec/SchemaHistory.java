package cn.tuoyu.sentinel.codec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Every schema a top-level record type has ever been written with, loaded from the classpath.
 *
 * <p>Layout: {@value #INDEX} lists one path per line, relative to {@value #ROOT} (blank lines and
 * {@code #} comments ignored), each of the form {@code <RecordName>/v<N>.avsc}. Each file is a
 * self-contained schema (named types inlined, as {@code Schema.toString(true)} writes them). The
 * index exists because listing a classpath directory does not work reliably inside jars.
 *
 * <p>Assumptions checked at load time, failing with {@link IllegalStateException}: every listed
 * file exists and parses, its full name is {@code cn.tuoyu.sentinel.schema.<RecordName>}, and the
 * versions of each type are numbered 1, 2, 3, ... without gaps. Whether the newest version equals
 * the generated class, and whether versions are mutually compatible, is checked by {@code
 * SchemaCompatibilityTest}, not here.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SchemaHistory {
  /** Classpath folder holding the history. */
  public static final String ROOT = "schema-history/";

  /** Classpath path of the index file. */
  public static final String INDEX = ROOT + "index.txt";

  /** Namespace of the generated classes; history files must use it. */
  public static final String NAMESPACE = "cn.tuoyu.sentinel.schema";

  private static final Pattern ENTRY =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)/v([1-9][0-9]*)\\.avsc");

  /**
   * One historical writer schema.
   *
   * @param recordName simple Avro record name, e.g. {@code AttendanceEvent}
   * @param number version number, 1 for the first
   * @param resource classpath path it was loaded from
   * @param schema the parsed schema
   * @param fingerprint CRC-64-AVRO fingerprint of its parsing canonical form, as written in
   *     single-object-encoding headers
   */
  public record Version(
      String recordName, int number, String resource, Schema schema, long fingerprint) {}

  // Loaded lazily rather than in a static initializer so that a failure stays an
  // IllegalStateException with its message instead of becoming a NoClassDefFoundError.
  private static volatile SchemaHistory bundled;

  private final Map<String, List<Version>> byRecordName;
  private final Map<Long, Version> byFingerprint;

  private SchemaHistory(Map<String, List<Version>> byRecordName) {
    this.byRecordName = byRecordName;
    Map<Long, Version> fps = new HashMap<>();
    // Later versions overwrite earlier ones with the same canonical form (e.g. only a default
    // changed): decoding by either is identical, and the newest is the more useful answer.
    byRecordName.values().forEach(vs -> vs.forEach(v -> fps.put(v.fingerprint(), v)));
    this.byFingerprint = Map.copyOf(fps);
  }

  /**
   * The history bundled with this module, loaded once from {@value #INDEX}.
   *
   * @throws IllegalStateException if it cannot be loaded (a broken build), on every call
   */
  public static SchemaHistory bundled() {
    SchemaHistory h = bundled;
    if (h == null) {
      synchronized (SchemaHistory.class) {
        h = bundled;
        if (h == null) {
          h = load(SchemaHistory.class.getClassLoader(), INDEX);
          bundled = h;
        }
      }
    }
    return h;
  }

  /**
   * Loads a history from an index resource.
   *
   * @param loader class loader to read resources with
   * @param indexResource classpath path of the index; entries are resolved against its folder
   * @throws IllegalStateException if the index or a listed file is missing or invalid
   */
  public static SchemaHistory load(ClassLoader loader, String indexResource) {
    String base = indexResource.substring(0, indexResource.lastIndexOf('/') + 1);
    Map<String, List<Version>> versions = new LinkedHashMap<>();
    for (String entry : readLines(loader, indexResource)) {
      Matcher m = ENTRY.matcher(entry);
      if (!m.matches()) {
        throw new IllegalStateException(
            indexResource
                + ": entry '"
                + entry
                + "' is not of the form <RecordName>/v<N>.avsc (N = 1, 2, ...)");
      }
      String recordName = m.group(1);
      int number = Integer.parseInt(m.group(2));
      String resource = base + entry;
      Schema schema = parse(loader, resource);
      String expected = NAMESPACE + "." + recordName;
      if (schema.getType() != Schema.Type.RECORD || !schema.getFullName().equals(expected)) {
        throw new IllegalStateException(
            resource + " defines " + schema.getFullName() + ", expected record " + expected);
      }
      versions
          .computeIfAbsent(recordName, k -> new ArrayList<>())
          .add(new Version(recordName, number, resource, schema, fingerprint(schema)));
    }
    Map<String, List<Version>> frozen = new LinkedHashMap<>();
    versions.forEach(
        (name, list) -> {
          list.sort(Comparator.comparingInt(Version::number));
          for (int i = 0; i < list.size(); i++) {
            if (list.get(i).number() != i + 1) {
              throw new IllegalStateException(
                  indexResource
                      + ": versions of "
                      + name
                      + " must be numbered 1.."
                      + list.size()
                      + " without gaps or duplicates, found v"
                      + list.get(i).number()
                      + " at position "
                      + (i + 1));
            }
          }
          frozen.put(name, List.copyOf(list));
        });
    return new SchemaHistory(Collections.unmodifiableMap(frozen));
  }

  /** Record names that have a history, in index order. */
  public Set<String> recordNames() {
    return byRecordName.keySet();
  }

  /** All versions of a record type, oldest first; empty if the type has no history. */
  public List<Version> versions(String recordName) {
    return byRecordName.getOrDefault(recordName, List.of());
  }

  /** All versions of a generated record class, oldest first; empty if it has no history. */
  public List<Version> versions(Class<? extends SpecificRecord> type) {
    return versions(type.getSimpleName());
  }

  /** The newest version of a record type. */
  public Optional<Version> latest(String recordName) {
    List<Version> vs = versions(recordName);
    return vs.isEmpty() ? Optional.empty() : Optional.of(vs.get(vs.size() - 1));
  }

  /** The version (of any type) whose fingerprint this is. */
  public Optional<Version> byFingerprint(long fingerprint) {
    return Optional.ofNullable(byFingerprint.get(fingerprint));
  }

  /** The schema compiled into a generated class (its {@code getClassSchema()}). */
  public static Schema currentSchema(Class<? extends SpecificRecord> type) {
    return SpecificData.get().getSchema(type);
  }

  /** The 64-bit fingerprint single-object encoding writes for {@code schema}. */
  public static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  /** A fingerprint as Avro's tools print it: the 8 header bytes, in wire order, as hex. */
  public static String fingerprintHex(long fingerprint) {
    StringBuilder sb = new StringBuilder(16);
    for (int i = 0; i < 8; i++) {
      sb.append(String.format("%02x", (fingerprint >>> (8 * i)) & 0xff));
    }
    return sb.toString();
  }

  private static List<String> readLines(ClassLoader loader, String resource) {
    try (InputStream in = open(loader, resource);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      List<String> lines = new ArrayList<>();
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        String trimmed = line.strip();
        if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
          lines.add(trimmed);
        }
      }
      return lines;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  private static Schema parse(ClassLoader loader, String resource) {
    InputStream opened = open(loader, resource);
    try (InputStream in = opened) {
      // A fresh parser per file: each file must stand alone, with no names defined by another.
      return new Schema.Parser().parse(in);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot parse schema history file " + resource + ": " + e.getMessage(), e);
    }
  }

  private static InputStream open(ClassLoader loader, String resource) {
    InputStream in = loader.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException(
          "classpath resource "
              + resource
              + " not found (schema history index and files live in"
              + " schemas/src/main/resources/"
              + ROOT
              + ")");
    }
    return in;
  }
}
