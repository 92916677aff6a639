package cn.tuoyu.sentinel.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One Elasticsearch node from the {@code org.elasticsearch.distribution.integ-test-zip} artifact on
 * Maven Central, single-node, security off, bound to loopback.
 *
 * <p>Elasticsearch refuses to run as root. When we are root it runs as a system user ({@value
 * InfraConfig#DEFAULT_ES_USER}, created on first use) and its instance directory lives in {@code
 * /var/lib/tuoyu-sentinel/}, linked from {@code <dataDir>/elasticsearch}: that user could not
 * otherwise reach a data directory below a private home or a {@code mktemp -d} folder.
 */
public final class ElasticsearchNode {
  private static final Duration LAUNCH_TIMEOUT = Duration.ofSeconds(240);
  private static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(120);
  private static final Path ROOT_INSTANCES = Path.of("/var/lib/tuoyu-sentinel");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final InfraConfig config;
  private final Path link;
  private final Path instance;
  private final ManagedProcess process;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  public ElasticsearchNode(InfraConfig config) {
    this.config = config;
    this.link = config.dataDir().resolve("elasticsearch");
    this.instance =
        Platform.isRoot()
            ? ROOT_INSTANCES.resolve("es-" + shortHash(config.dataDir().toString()))
            : link;
    this.process =
        new ManagedProcess("Elasticsearch", instance.resolve("elasticsearch.pid"), instance);
  }

  public String label() {
    return "Elasticsearch " + config.elasticsearchVersion();
  }

  /** The directory holding this node's config, data and logs. */
  public Path instanceDir() {
    return instance;
  }

  public Optional<ProcessHandle> running() {
    return process.find();
  }

  /**
   * Starts the node unless it is already running; waits until the cluster is yellow or green.
   *
   * @return true if it was started now, false if it was already running
   */
  public boolean start(Progress progress) {
    if (running().isPresent()) {
      progress.info(label() + " already running on " + config.elasticsearchUrl() + ".");
      return false;
    }
    Ports.requireFree("Elasticsearch", config.elasticsearchPort(), "--es-port");
    Ports.requireFree("Elasticsearch transport", config.elasticsearchTransportPort(), "--es-port");
    JavaLocator.JavaHome java = JavaLocator.find(minimumJava());
    Path esHome = distribution(progress);
    prepareInstance(esHome);

    progress.begin("Starting " + label() + " on " + config.elasticsearchUrl());
    Path launcherLog = instance.resolve("logs").resolve("launcher.out");
    List<String> cmd = new ArrayList<>();
    if (Platform.isRoot()) {
      cmd.addAll(List.of(runuser(), "-u", config.elasticsearchUser(), "--"));
    }
    cmd.add("/usr/bin/env");
    cmd.add("ES_JAVA_HOME=" + java.home());
    cmd.add("ES_PATH_CONF=" + instance.resolve("config"));
    cmd.add("ES_TMPDIR=" + instance.resolve("tmp"));
    cmd.add(
        "ES_JAVA_OPTS=-Xms"
            + config.elasticsearchHeapMb()
            + "m -Xmx"
            + config.elasticsearchHeapMb()
            + "m "
            + process.marker());
    cmd.add(esHome.resolve("bin").resolve("elasticsearch").toString());
    // -d: the launcher returns once the server has started (or failed); -p: the server's pid.
    cmd.addAll(List.of("-d", "-p", instance.resolve("elasticsearch.pid").toString()));
    Process launcher =
        ManagedProcess.startDetached(cmd, instance.resolve("logs"), launcherLog, Map.of());
    long start = System.nanoTime();
    try {
      while (!launcher.waitFor(1, TimeUnit.SECONDS)) {
        progress.update("JVM starting (Java " + java.feature() + ")");
        if (System.nanoTime() - start > LAUNCH_TIMEOUT.toNanos()) {
          launcher.destroyForcibly();
          process.stop(Duration.ofSeconds(10));
          throw new InfraException(
              "Elasticsearch did not start within "
                  + LAUNCH_TIMEOUT.toSeconds()
                  + " s; it was stopped. See "
                  + instance.resolve("logs"));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InfraException("Interrupted while starting Elasticsearch", e);
    }
    if (launcher.exitValue() != 0) {
      throw new InfraException(
          "Elasticsearch failed to start (exit "
              + launcher.exitValue()
              + "). Last lines of its logs:\n"
              + Platform.tail(launcherLog, 10)
              + "\n"
              + Platform.tail(instance.resolve("logs").resolve("sentinel.log"), 10));
    }
    long deadline = System.nanoTime() + HEALTH_TIMEOUT.toNanos();
    while (true) {
      Optional<String> status = clusterStatus();
      if (status.isPresent() && !status.get().equals("red")) {
        progress.done("cluster " + status.get());
        return true;
      }
      if (running().isEmpty()) {
        throw new InfraException(
            "Elasticsearch exited after start-up. Last lines of its log:\n"
                + Platform.tail(instance.resolve("logs").resolve("sentinel.log"), 15));
      }
      if (System.nanoTime() > deadline) {
        throw new InfraException(
            "Elasticsearch started but its cluster stayed "
                + status.orElse("unreachable")
                + " for "
                + HEALTH_TIMEOUT.toSeconds()
                + " s. See "
                + instance.resolve("logs"));
      }
      progress.update("cluster " + status.orElse("not answering yet"));
      KafkaNode.sleep(500);
    }
  }

  /** Elasticsearch 9 needs Java 21. */
  int minimumJava() {
    return 21;
  }

  /** Cluster health status ("green", "yellow", "red"), or empty when it does not answer. */
  public Optional<String> clusterStatus() {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(config.elasticsearchUrl() + "/_cluster/health?timeout=1s"))
                  .timeout(Duration.ofSeconds(3))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      JsonNode body = JSON.readTree(response.body());
      return Optional.ofNullable(body.path("status").asText(null));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Stops the node; returns false if it was not running. */
  public boolean stop() {
    return process.stop(Duration.ofSeconds(60));
  }

  /** Deletes this node's data (it must be stopped). */
  public void purge() {
    MavenResolver.deleteTree(instance);
    MavenResolver.deleteTree(link);
  }

  /** The unpacked distribution in the cache, unpacking it on first use. */
  private Path distribution(Progress progress) {
    String version = config.elasticsearchVersion();
    Path esHome = config.cacheDir().resolve("elasticsearch-" + version);
    if (Files.isRegularFile(esHome.resolve(".complete"))) {
      return esHome;
    }
    Path zipDir =
        new MavenResolver(config.cacheDir())
            .resolve(
                "elasticsearch-" + version + "-zip",
                label(),
                List.of(
                    new MavenResolver.Coordinate(
                        "org.elasticsearch.distribution.integ-test-zip",
                        "elasticsearch",
                        version,
                        "zip")),
                false,
                progress);
    Path zip = zipDir.resolve("elasticsearch-" + version + ".zip");
    progress.begin("Unpacking " + label());
    Path work = config.cacheDir().resolve(".work-elasticsearch-" + version);
    MavenResolver.deleteTree(work);
    int files = 0;
    try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        // Entries are "elasticsearch-<v>/..."; strip that first segment.
        String name = entry.getName();
        int slash = name.indexOf('/');
        if (slash < 0 || slash == name.length() - 1) {
          continue;
        }
        Path out = work.resolve(name.substring(slash + 1)).normalize();
        if (!out.startsWith(work)) {
          throw new InfraException("Refusing zip entry outside the target: " + name);
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
        } else {
          Files.createDirectories(out.getParent());
          Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
          boolean executable = out.getParent().getFileName().toString().equals("bin");
          Files.setPosixFilePermissions(
              out, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
          if (++files % 100 == 0) {
            progress.update(files + " files");
          }
        }
      }
      try (Stream<Path> dirs = Files.walk(work)) {
        for (Path dir : dirs.filter(Files::isDirectory).toList()) {
          Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
      }
      Files.writeString(work.resolve(".complete"), zip.getFileName() + "\n");
      MavenResolver.deleteTree(esHome);
      Files.move(work, esHome, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new InfraException("Could not unpack " + zip + ": " + e.getMessage(), e);
    }
    progress.done(files + " files in " + esHome);
    return esHome;
  }

  /** Config, data, logs and tmp directories of this node, owned by the user that runs it. */
  private void prepareInstance(Path esHome) {
    try {
      Files.createDirectories(config.dataDir());
      if (Platform.isRoot()) {
        ensureSystemUser();
        Files.createDirectories(instance);
        makeReachable(instance.getParent());
        makeReachable(esHome.getParent());
        if (Files.isSymbolicLink(link) || !Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
          Files.deleteIfExists(link);
          Files.createSymbolicLink(link, instance);
        }
      }
      Path conf = instance.resolve("config");
      for (String dir : List.of("config", "data", "logs", "tmp")) {
        Files.createDirectories(instance.resolve(dir));
      }
      try (DirectoryStream<Path> files = Files.newDirectoryStream(esHome.resolve("config"))) {
        for (Path f : files) {
          if (Files.isRegularFile(f)) {
            Files.copy(f, conf.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
      Files.writeString(
          conf.resolve("elasticsearch.yml"), elasticsearchYml(), StandardCharsets.UTF_8);
      if (Platform.isRoot()) {
        Platform.run(
            List.of(
                "chown",
                "-R",
                config.elasticsearchUser() + ":" + config.elasticsearchUser(),
                instance.toString()),
            60);
      }
    } catch (IOException e) {
      throw new InfraException("Could not prepare " + instance + ": " + e.getMessage(), e);
    }
  }

  private String elasticsearchYml() {
    return String.join(
        "\n",
        "# Written by Tuoyu Sentinel infra; regenerated on every start.",
        "cluster.name: sentinel",
        "node.name: sentinel-1",
        "path.data: " + instance.resolve("data"),
        "path.logs: " + instance.resolve("logs"),
        "network.host: 127.0.0.1",
        "http.port: " + config.elasticsearchPort(),
        "transport.port: " + config.elasticsearchTransportPort(),
        "discovery.type: single-node",
        // Local development node: no TLS/users here; tenant isolation is enforced by our API.
        "xpack.security.enabled: false",
        // A nearly full developer disk must not turn the alert index read-only.
        "cluster.routing.allocation.disk.threshold_enabled: false",
        "");
  }

  private void ensureSystemUser() {
    String user = config.elasticsearchUser();
    try {
      Platform.run(List.of("id", "-u", user), 10);
    } catch (InfraException missing) {
      Path useradd =
          Platform.which("useradd")
              .or(() -> Optional.of(Path.of("/usr/sbin/useradd")).filter(Files::isExecutable))
              .orElseThrow(
                  () ->
                      new InfraException(
                          "Elasticsearch cannot run as root and `useradd` is not available to create"
                              + " the system user "
                              + user
                              + ". Create it yourself or run as a non-root user."));
      Platform.run(
          List.of(
              useradd.toString(),
              "-r",
              "-M",
              "-U",
              "-d",
              "/nonexistent",
              "-s",
              "/usr/sbin/nologin",
              "-c",
              "Tuoyu Sentinel Elasticsearch",
              user),
          30);
    }
  }

  private static String runuser() {
    return Platform.which("runuser")
        .or(() -> Optional.of(Path.of("/usr/sbin/runuser")).filter(Files::isExecutable))
        .map(Path::toString)
        .orElseThrow(
            () ->
                new InfraException(
                    "Elasticsearch cannot run as root and `runuser` (util-linux) is missing. Install"
                        + " util-linux or run as a non-root user."));
  }

  /**
   * Makes {@code dir} (which we created) readable and traversable by others, and checks that every
   * parent already is: we never loosen permissions of directories we did not create.
   */
  private void makeReachable(Path dir) throws IOException {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    for (Path d = dir.getParent(); d != null; d = d.getParent()) {
      if (!Files.getPosixFilePermissions(d).contains(PosixFilePermission.OTHERS_EXECUTE)) {
        throw new InfraException(
            "Elasticsearch runs as the system user "
                + config.elasticsearchUser()
                + ", which cannot reach "
                + dir
                + " because "
                + d
                + " is closed to other users. Set "
                + InfraConfig.ENV_CACHE_DIR
                + " to a directory outside it.");
      }
    }
  }

  private static String shortHash(String s) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
