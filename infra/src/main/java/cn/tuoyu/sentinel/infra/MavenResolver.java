package cn.tuoyu.sentinel.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fetches server distributions from Maven Central into the cache directory, using the {@code mvn}
 * the user already has (the one prerequisite besides a JDK). Going through Maven means the user's
 * {@code settings.xml} (mirrors, proxies) and local repository are honoured, and a second machine
 * with a warm {@code ~/.m2} downloads nothing.
 *
 * <p>Each artifact set lands in its own directory, first built under a temporary name and renamed
 * when complete, so an interrupted download is never mistaken for a finished one.
 */
public final class MavenResolver {
  /** One Maven coordinate. */
  public record Coordinate(String groupId, String artifactId, String version, String type) {
    static Coordinate jar(String groupId, String artifactId, String version) {
      return new Coordinate(groupId, artifactId, version, "jar");
    }

    @Override
    public String toString() {
      return groupId + ":" + artifactId + ":" + version + ("jar".equals(type) ? "" : ":" + type);
    }
  }

  private static final Pattern DOWNLOADED =
      Pattern.compile("Downloaded from [^:]+: (\\S+) \\(([\\d.,]+) ([kMG]?B)");
  private static final Pattern DOWNLOADING = Pattern.compile("Downloading from [^:]+: (\\S+)");
  private static final Pattern PROGRESS =
      Pattern.compile("Progress \\(\\d+\\): .*?([\\d.]+)(?:/([\\d.]+))? ([kMG]?B)");

  private final Path cacheDir;

  public MavenResolver(Path cacheDir) {
    this.cacheDir = cacheDir;
  }

  /**
   * Resolves {@code roots} with their runtime dependencies into {@code cacheDir/name/}, unless that
   * directory is already complete. With {@code transitive=false} only the roots are copied.
   *
   * @return the directory holding the files
   */
  public Path resolve(
      String name, String label, List<Coordinate> roots, boolean transitive, Progress progress) {
    Path target = cacheDir.resolve(name);
    if (Files.isRegularFile(target.resolve(".complete"))) {
      return target;
    }
    progress.begin("Downloading " + label + " from Maven Central");
    Path work = cacheDir.resolve(".work-" + name);
    try {
      deleteTree(work);
      Files.createDirectories(work);
      writePom(work.resolve("pom.xml"), roots, transitive);
      Path out = work.resolve("out");
      Path log = work.resolve("maven.log");
      runMaven(work, out, log, label, progress);
      Files.writeString(out.resolve(".complete"), String.join("\n", roots.toString()) + "\n");
      deleteTree(target);
      Files.move(out, target, StandardCopyOption.ATOMIC_MOVE);
      try (Stream<Path> files = Files.list(target)) {
        long count = files.filter(p -> !p.getFileName().toString().startsWith(".")).count();
        progress.done(count + " file(s) in " + target);
      }
      deleteTree(work);
      return target;
    } catch (IOException e) {
      throw new InfraException(
          "Could not prepare " + target + " for " + label + ": " + e.getMessage(), e);
    }
  }

  private void writePom(Path pom, List<Coordinate> roots, boolean transitive) throws IOException {
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(pom, StandardCharsets.UTF_8))) {
      w.println("<project xmlns=\"http://maven.apache.org/POM/4.0.0\">");
      w.println("  <modelVersion>4.0.0</modelVersion>");
      w.println("  <groupId>cn.tuoyu.sentinel.cache</groupId>");
      w.println(
          "  <artifactId>download</artifactId><version>1</version><packaging>pom</packaging>");
      w.println("  <dependencies>");
      for (Coordinate c : roots) {
        w.println("    <dependency>");
        w.printf(
            "      <groupId>%s</groupId><artifactId>%s</artifactId><version>%s</version><type>%s</type>%n",
            c.groupId(), c.artifactId(), c.version(), c.type());
        if (!transitive) {
          w.println(
              "      <exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion></exclusions>");
        }
        w.println("    </dependency>");
      }
      w.println("  </dependencies>");
      w.println("</project>");
    }
  }

  private void runMaven(Path work, Path out, Path log, String label, Progress progress)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(mavenExecutable());
    // Not batch mode: Maven then prints "Progress (1): 12/99 MB", which we turn into our progress.
    cmd.addAll(
        List.of(
            "-Dstyle.color=never",
            "-f",
            work.resolve("pom.xml").toString(),
            "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies",
            "-DincludeScope=runtime",
            "-DoutputDirectory=" + out));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
    pb.environment()
        .put("MAVEN_OPTS", System.getenv().getOrDefault("MAVEN_OPTS", "") + " -Xmx256m");
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new InfraException(
          "Could not run Maven ("
              + cmd.get(0)
              + ") to download "
              + label
              + ": "
              + e.getMessage()
              + ". Install Maven 3.8+ or set SENTINEL_MVN to its mvn executable.",
          e);
    }
    p.getOutputStream().close();
    TransferTally tally = new TransferTally();
    try (BufferedReader r =
            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter logWriter =
            new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8))) {
      StringBuilder line = new StringBuilder();
      int ch;
      while ((ch = r.read()) != -1) {
        // Maven rewrites progress lines with '\r'; treat it as a line end.
        if (ch == '\n' || ch == '\r') {
          if (line.length() > 0) {
            String text = line.toString();
            logWriter.println(text);
            tally.accept(text).ifPresent(progress::update);
            line.setLength(0);
          }
        } else {
          line.append((char) ch);
        }
      }
    }
    int exit;
    try {
      exit = p.waitFor();
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new InfraException("Interrupted while downloading " + label, e);
    }
    if (exit != 0) {
      String reason =
          Platform.tail(log, 200)
              .lines()
              .filter(l -> l.startsWith("[ERROR]") && !l.strip().equals("[ERROR]"))
              .findFirst()
              .orElse("Maven exited with " + exit);
      throw new InfraException(
          "Could not download "
              + label
              + " from Maven Central: "
              + reason
              + " — check network access to Maven Central (or your settings.xml mirror). Full log: "
              + log);
    }
  }

  /** The mvn to run: {@code SENTINEL_MVN}, then {@code MAVEN_HOME/bin/mvn}, then the PATH. */
  static String mavenExecutable() {
    String explicit = System.getenv("SENTINEL_MVN");
    if (explicit != null && !explicit.isBlank()) {
      return explicit;
    }
    String home = System.getenv("MAVEN_HOME");
    if (home != null && Files.isExecutable(Path.of(home, "bin", "mvn"))) {
      return Path.of(home, "bin", "mvn").toString();
    }
    return Platform.which("mvn")
        .map(Path::toString)
        .orElseThrow(
            () ->
                new InfraException(
                    "Maven (mvn) is needed to download Kafka and Elasticsearch from Maven Central"
                        + " but is not on the PATH. Install Maven 3.8+ (apt-get install maven) or set"
                        + " SENTINEL_MVN."));
  }

  /** Counts finished downloads and bytes from Maven's transfer log lines. */
  static final class TransferTally {
    private int files;
    private double bytes;
    private String current = "";

    Optional<String> accept(String line) {
      Matcher done = DOWNLOADED.matcher(line);
      if (done.find()) {
        files++;
        bytes += toBytes(done.group(2), done.group(3));
        current = fileName(done.group(1));
        return Optional.of(summary(""));
      }
      Matcher starting = DOWNLOADING.matcher(line);
      if (starting.find()) {
        current = fileName(starting.group(1));
        return Optional.of(summary(""));
      }
      Matcher partial = PROGRESS.matcher(line);
      if (partial.find()) {
        String unit = partial.group(3);
        String of = partial.group(2) == null ? "" : "/" + partial.group(2);
        return Optional.of(summary(", " + partial.group(1) + of + " " + unit));
      }
      return Optional.empty();
    }

    private String summary(String currentProgress) {
      return String.format(
          Locale.ROOT, "%d file(s), %.1f MB — %s%s", files, bytes / 1e6, current, currentProgress);
    }

    int files() {
      return files;
    }

    double bytes() {
      return bytes;
    }

    private static String fileName(String url) {
      return url.substring(url.lastIndexOf('/') + 1);
    }

    private static double toBytes(String number, String unit) {
      double n = Double.parseDouble(number.replace(",", ""));
      return switch (unit) {
        case "kB" -> n * 1e3;
        case "MB" -> n * 1e6;
        case "GB" -> n * 1e9;
        default -> n;
      };
    }
  }

  /** Deletes a directory tree if it exists. */
  static void deleteTree(Path root) {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(root)) {
      walk.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      throw new InfraException("Could not delete " + root + ": " + e.getMessage(), e);
    }
  }
}
