package cn.tuoyu.sentinel.jobs.cluster;

import cn.tuoyu.sentinel.infra.InfraException;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.ZipFile;

/**
 * Finds the shaded jar {@code jobs/target/sentinel.jar}: the jar that runs the Flink cluster
 * processes and that is submitted to a cluster as the job's code.
 */
public final class SentinelJar {
  /** System property that names the jar explicitly. */
  public static final String PROPERTY = "sentinel.jar";

  private static final String FLINK_MARKER =
      "org/apache/flink/runtime/entrypoint/StandaloneSessionClusterEntrypoint.class";

  private SentinelJar() {}

  /**
   * The shaded jar: the jar this class was loaded from if it is the shaded one (the CLI runs from
   * it), else {@code target/sentinel.jar} next to the {@code target/classes} directory or thin
   * module jar this class came from (tests and IDEs), else {@code
   * <sentinel.home>/jobs/target/sentinel.jar}. {@code -Dsentinel.jar} wins over all of these.
   */
  public static Path locate() {
    List<Path> tried = new ArrayList<>();
    String explicit = System.getProperty(PROPERTY);
    if (explicit != null && !explicit.isBlank()) {
      return requireFile(Path.of(explicit), List.of());
    }
    Optional<Path> codeSource = codeSource();
    if (codeSource.isPresent()) {
      Path source = codeSource.get();
      if (Files.isRegularFile(source) && isShaded(source)) {
        return source;
      }
      // target/classes (or the thin module jar) → target/sentinel.jar, as after `mvn package`.
      if (source.getParent() != null) {
        tried.add(source.getParent().resolve("sentinel.jar"));
      }
    }
    String home = System.getProperty("sentinel.home");
    if (home != null) {
      tried.add(Path.of(home, "jobs", "target", "sentinel.jar"));
    }
    tried.add(Path.of("jobs", "target", "sentinel.jar"));
    tried.add(Path.of("target", "sentinel.jar"));
    for (Path candidate : tried) {
      if (Files.isRegularFile(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    return requireFile(tried.get(0), tried);
  }

  /** True when {@code jar} holds Flink's runtime as well as our classes: the shaded jar. */
  static boolean isShaded(Path jar) {
    if (!jar.getFileName().toString().endsWith(".jar")) {
      return false;
    }
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      return zip.getEntry(FLINK_MARKER) != null;
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<Path> codeSource() {
    try {
      var source = SentinelJar.class.getProtectionDomain().getCodeSource();
      return source == null
          ? Optional.empty()
          : Optional.of(Path.of(source.getLocation().toURI()).toAbsolutePath().normalize());
    } catch (URISyntaxException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static Path requireFile(Path jar, List<Path> tried) {
    if (!Files.isRegularFile(jar)) {
      throw new InfraException(
          "The shaded jar sentinel.jar was not found"
              + (tried.isEmpty() ? " at " + jar : " (looked at " + tried + ")")
              + ". Build it with `mvn -B -DskipTests package` (bin/sentinel does this itself).");
    }
    return jar.toAbsolutePath().normalize();
  }
}
