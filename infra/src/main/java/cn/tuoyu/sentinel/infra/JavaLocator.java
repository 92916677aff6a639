package cn.tuoyu.sentinel.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Finds a Java runtime of at least a given feature version (Elasticsearch 9 needs 21+), without
 * running it: the {@code release} file at the root of every JDK names its version.
 */
public final class JavaLocator {
  /** The variable Elasticsearch itself reads; honoured first. */
  public static final String ES_JAVA_HOME = "ES_JAVA_HOME";

  private static final List<Path> SEARCH_ROOTS =
      List.of(
          Path.of("/usr/lib/jvm"),
          Path.of("/usr/java"),
          Path.of("/opt/java"),
          Path.of("/opt"),
          Path.of(System.getProperty("user.home"), ".sdkman", "candidates", "java"),
          Path.of(System.getProperty("user.home"), ".jdks"));

  private JavaLocator() {}

  /** A JDK or JRE home and its feature version. */
  public record JavaHome(Path home, int feature) {}

  /**
   * The Java home to run Elasticsearch with: {@code ES_JAVA_HOME} if set (checked), else the newest
   * runtime of at least {@code minFeature} found in the usual places.
   */
  public static JavaHome find(int minFeature) {
    String explicit = System.getenv(ES_JAVA_HOME);
    if (explicit != null && !explicit.isBlank()) {
      Path home = Path.of(explicit);
      JavaHome found =
          inspect(home)
              .orElseThrow(
                  () ->
                      new InfraException(
                          ES_JAVA_HOME
                              + "="
                              + explicit
                              + " is not a Java installation (no bin/java)."));
      if (found.feature() < minFeature) {
        throw new InfraException(
            ES_JAVA_HOME
                + "="
                + explicit
                + " is Java "
                + found.feature()
                + " but Elasticsearch needs Java "
                + minFeature
                + " or newer.");
      }
      return found;
    }
    List<JavaHome> candidates = new ArrayList<>();
    Stream.concat(
            Stream.of(System.getenv("JAVA_HOME"), System.getProperty("java.home"))
                .filter(s -> s != null && !s.isBlank())
                .map(Path::of),
            SEARCH_ROOTS.stream().flatMap(JavaLocator::children))
        .map(JavaLocator::inspect)
        .flatMap(Optional::stream)
        .forEach(candidates::add);
    return candidates.stream()
        .filter(j -> j.feature() >= minFeature)
        .max(Comparator.comparingInt(JavaHome::feature))
        .orElseThrow(
            () ->
                new InfraException(
                    "Elasticsearch needs Java "
                        + minFeature
                        + " or newer and none was found in /usr/lib/jvm, /usr/java, /opt. Install one"
                        + " (e.g. a Temurin or OpenJDK 21+ package) or set "
                        + ES_JAVA_HOME
                        + " to its home directory."));
  }

  private static Stream<Path> children(Path root) {
    if (!Files.isDirectory(root)) {
      return Stream.empty();
    }
    try (Stream<Path> list = Files.list(root)) {
      return list.sorted().toList().stream();
    } catch (IOException e) {
      return Stream.empty();
    }
  }

  /** Reads {@code home/release}; empty if {@code home} is not a Java installation. */
  static Optional<JavaHome> inspect(Path home) {
    Path java = home.resolve("bin").resolve("java");
    Path release = home.resolve("release");
    if (!Files.isExecutable(java) || !Files.isRegularFile(release)) {
      return Optional.empty();
    }
    try (var in = Files.newInputStream(release)) {
      Properties p = new Properties();
      p.load(in);
      String version = p.getProperty("JAVA_VERSION", "").replace("\"", "");
      Path real = home.toRealPath();
      return parseFeature(version).map(f -> new JavaHome(real, f));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** "1.8.0_392" → 8, "17.0.15" → 17, "25" → 25. */
  static Optional<Integer> parseFeature(String version) {
    if (version.isBlank()) {
      return Optional.empty();
    }
    String[] parts = version.split("[._+-]");
    try {
      int first = Integer.parseInt(parts[0]);
      return Optional.of(first == 1 && parts.length > 1 ? Integer.parseInt(parts[1]) : first);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
