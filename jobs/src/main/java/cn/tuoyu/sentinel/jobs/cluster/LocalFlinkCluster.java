package cn.tuoyu.sentinel.jobs.cluster;

import cn.tuoyu.sentinel.infra.InfraException;
import cn.tuoyu.sentinel.infra.ManagedProcess;
import cn.tuoyu.sentinel.infra.Platform;
import cn.tuoyu.sentinel.infra.Progress;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint;
import org.apache.flink.runtime.taskexecutor.TaskManagerRunner;
import org.apache.flink.runtime.util.bash.BashJavaUtils;

/**
 * A real multi-process Flink session cluster on this machine: one JobManager ({@code
 * StandaloneSessionClusterEntrypoint}) and one TaskManager ({@code TaskManagerRunner}), each its
 * own JVM, both run from the shaded {@code sentinel.jar} — what Flink's {@code start-cluster.sh}
 * does with a {@code flink-dist} download, which is not published on Maven Central.
 *
 * <p>Everything lives under one directory ({@code .sentinel/flink} for the CLI):
 *
 * <ul>
 *   <li>{@code conf/config.yaml} (Flink 2.x format) and {@code conf/log4j.properties}, regenerated
 *       on every start: loopback only, the REST API / web UI on the chosen port, the JobManager RPC
 *       port picked free, {@code classloader.resolve-order: parent-first};
 *   <li>{@code lib/sentinel.jar}: a copy of the shaded jar, so rebuilding the project never
 *       rewrites a jar under running JVMs;
 *   <li>{@code log/jobmanager.log|.out}, {@code log/taskmanager.log|.out};
 *   <li>{@code jobmanager.pid}, {@code taskmanager.pid} and {@code cluster.properties} (ports and
 *       which build of the jar runs), so another CLI invocation can find, inspect and stop it.
 * </ul>
 *
 * <p>Memory flags ({@code -Xmx}, {@code -Xms}, {@code -XX:MaxDirectMemorySize}, {@code
 * -XX:MaxMetaspaceSize}) and the derived memory options come from Flink's own {@link BashJavaUtils}
 * ({@code GET_JM_RESOURCE_PARAMS} / {@code GET_TM_RESOURCE_PARAMS}), exactly as the Flink scripts
 * compute them from {@code jobmanager.memory.process.size} and {@code
 * taskmanager.memory.process.size}.
 *
 * <p>Why parent-first: the cluster's own class path is the same shaded jar that jobs submit, so it
 * already holds the Kafka connector and {@code kafka-clients}. With Flink's default child-first
 * loading the connector (an {@code org.apache.flink} class, always loaded by the parent) and the
 * job's Kafka objects (loaded child-first from the submitted jar) come from different loaders and
 * submission fails with a {@code ClassCastException} between two {@code OffsetResetStrategy}
 * classes. Consequence: the cluster runs the build it was started with; {@link Status#jarOutdated}
 * says when the project has been rebuilt since, and {@code cluster down; cluster up} picks it up.
 */
public final class LocalFlinkCluster {
  public static final int DEFAULT_REST_PORT = 8081;
  public static final int DEFAULT_SLOTS = 2;
  public static final String DEFAULT_TASK_MANAGER_MEMORY = "1536m";
  public static final String DEFAULT_JOB_MANAGER_MEMORY = "1024m";

  /** The only address the cluster binds to and advertises. */
  public static final String HOST = "127.0.0.1";

  /**
   * Module opens Flink needs on Java 17+: the parent pom's {@code java17.opens} (also in {@code
   * bin/sentinel}) plus those of Flink's own default {@code env.java.opts.all}.
   */
  static final List<String> JAVA17_OPENS =
      List.of(
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.sql/java.sql=ALL-UNNAMED",
          "--add-opens=java.base/java.math=ALL-UNNAMED",
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED");

  private static final String AVRO_PACKAGES_PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";
  private static final String BASH_JAVA_UTILS_PREFIX = BashJavaUtils.EXECUTION_PREFIX;
  private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
  private static final Duration STOP_GRACE = Duration.ofSeconds(30);
  private static final Duration PORTS_RELEASE_TIMEOUT = Duration.ofSeconds(20);

  private final Path home;
  private final Path jar;
  private final int restPort;
  private final int slots;
  private final String taskManagerMemory;
  private final String jobManagerMemory;
  private final ManagedProcess jobManager;
  private final ManagedProcess taskManager;

  private LocalFlinkCluster(Builder b) {
    this.home = b.home.toAbsolutePath().normalize();
    this.jar = b.jar == null ? null : b.jar.toAbsolutePath().normalize();
    this.restPort = b.restPort;
    this.slots = b.slots;
    this.taskManagerMemory = b.taskManagerMemory;
    this.jobManagerMemory = b.jobManagerMemory;
    this.jobManager =
        new ManagedProcess(
            "Flink JobManager", home.resolve("jobmanager.pid"), home.resolve("jobmanager"));
    this.taskManager =
        new ManagedProcess(
            "Flink TaskManager", home.resolve("taskmanager.pid"), home.resolve("taskmanager"));
  }

  /** A cluster kept under {@code home}, with the defaults. */
  public static Builder builder(Path home) {
    return new Builder(home);
  }

  /** Settings of a cluster; everything but the directory has a default. */
  public static final class Builder {
    private final Path home;
    private Path jar;
    private int restPort = DEFAULT_REST_PORT;
    private int slots = DEFAULT_SLOTS;
    private String taskManagerMemory = DEFAULT_TASK_MANAGER_MEMORY;
    private String jobManagerMemory = DEFAULT_JOB_MANAGER_MEMORY;

    private Builder(Path home) {
      this.home = home;
    }

    /** The shaded jar to run (default: {@link SentinelJar#locate()}). */
    public Builder jar(Path jar) {
      this.jar = jar;
      return this;
    }

    /** REST API and web UI port (default 8081). */
    public Builder restPort(int port) {
      this.restPort = port;
      return this;
    }

    /** Task slots of the TaskManager (default 2). */
    public Builder slots(int slots) {
      if (slots < 1) {
        throw new IllegalArgumentException("slots must be at least 1, got " + slots);
      }
      this.slots = slots;
      return this;
    }

    /** {@code taskmanager.memory.process.size}, e.g. {@code 1536m}. */
    public Builder taskManagerMemory(String size) {
      this.taskManagerMemory = size;
      return this;
    }

    /** {@code jobmanager.memory.process.size}, e.g. {@code 1024m}. */
    public Builder jobManagerMemory(String size) {
      this.jobManagerMemory = size;
      return this;
    }

    public LocalFlinkCluster build() {
      return new LocalFlinkCluster(this);
    }
  }

  public Path home() {
    return home;
  }

  public Path confDir() {
    return home.resolve("conf");
  }

  public Path logDir() {
    return home.resolve("log");
  }

  /** The REST port: the one the running cluster was started with, else the configured one. */
  public int restPort() {
    if (isAnyRunning()) {
      return recorded("rest.port").map(Integer::parseInt).orElse(restPort);
    }
    return restPort;
  }

  /** {@code 127.0.0.1:<rest port>}: what {@code monitor --cluster} takes. */
  public String restAddress() {
    return HOST + ":" + restPort();
  }

  public String webUrl() {
    return "http://" + restAddress();
  }

  public Optional<ProcessHandle> jobManagerProcess() {
    return jobManager.find();
  }

  public Optional<ProcessHandle> taskManagerProcess() {
    return taskManager.find();
  }

  private boolean isAnyRunning() {
    return jobManager.find().isPresent() || taskManager.find().isPresent();
  }

  /**
   * Starts the JobManager and the TaskManager unless both already run, and waits until the
   * TaskManager has registered with the JobManager (its REST API lists it).
   *
   * @return true if started now, false if it was already running
   */
  public boolean start(Progress progress) {
    if (jobManager.find().isPresent() && taskManager.find().isPresent()) {
      progress.info("Flink cluster already running at " + webUrl() + ".");
      if (status().jarOutdated()) {
        progress.info(
            "It runs an older build of sentinel.jar; `sentinel cluster down` and `up` again to"
                + " run the new one.");
      }
      return false;
    }
    if (isAnyRunning()) {
      progress.info("Only part of an earlier Flink cluster is running; stopping it first.");
      stop(progress);
    }
    if (!Platform.isPortFree(restPort)) {
      throw new InfraException(
          "Port "
              + restPort
              + " (needed by the Flink REST API and web UI) is already in use by another program"
              + " (an embedded monitor or demo has its Flink web UI there too). Find it with"
              + " `ss -ltnp 'sport = :"
              + restPort
              + "'` and stop it, or run with --rest-port <other port>.");
    }
    Path libJar = prepare(progress);
    Memory jm = memory(libJar, "GET_JM_RESOURCE_PARAMS");
    Memory tm = memory(libJar, "GET_TM_RESOURCE_PARAMS");

    progress.begin("Starting Flink JobManager + TaskManager on " + webUrl());
    Path jmOut = logDir().resolve("jobmanager.out");
    Path tmOut = logDir().resolve("taskmanager.out");
    Process jmProcess =
        ManagedProcess.startDetached(
            javaCommand(
                libJar,
                jm,
                jobManager,
                "jobmanager",
                StandaloneSessionClusterEntrypoint.class.getName()),
            home,
            jmOut,
            environment());
    jobManager.writePid(jmProcess.pid());
    Process tmProcess =
        ManagedProcess.startDetached(
            javaCommand(libJar, tm, taskManager, "taskmanager", TaskManagerRunner.class.getName()),
            home,
            tmOut,
            environment());
    taskManager.writePid(tmProcess.pid());

    FlinkRest rest = new FlinkRest(HOST + ":" + restPort);
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      failIfExited(jmProcess, "JobManager", "jobmanager");
      failIfExited(tmProcess, "TaskManager", "taskmanager");
      Optional<Integer> registered = rest.registeredTaskManagers();
      if (registered.isPresent() && registered.get() > 0) {
        progress.done(
            "JobManager pid "
                + jmProcess.pid()
                + ", TaskManager pid "
                + tmProcess.pid()
                + " registered with "
                + slots
                + " slot(s)");
        return true;
      }
      if (System.nanoTime() > deadline) {
        stopQuietly();
        throw new InfraException(
            "The Flink cluster did not become ready within "
                + READY_TIMEOUT.toSeconds()
                + " s; it was stopped. See the logs in "
                + logDir());
      }
      progress.update(
          registered.isEmpty()
              ? "waiting for the JobManager REST API"
              : "waiting for the TaskManager to register");
      sleep(250);
    }
  }

  private void failIfExited(Process p, String what, String logName) {
    if (p.isAlive()) {
      return;
    }
    stopQuietly();
    Path log = logDir().resolve(logName + ".log");
    String tail = Platform.tail(log, 15);
    if (tail.isBlank()) {
      log = logDir().resolve(logName + ".out");
      tail = Platform.tail(log, 15);
    }
    throw new InfraException(
        "The Flink "
            + what
            + " exited during start-up (exit "
            + p.exitValue()
            + "); the cluster was stopped. Last lines of "
            + log
            + ":\n"
            + tail);
  }

  private void stopQuietly() {
    try {
      stop(Progress.SILENT);
    } catch (RuntimeException e) {
      // Reported by the caller's own failure.
    }
  }

  /**
   * Stops the TaskManager and then the JobManager (SIGTERM, SIGKILL after a grace period) and waits
   * until their ports are released. Jobs still running are lost (their retained checkpoints stay).
   *
   * @return false if nothing was running
   */
  public boolean stop(Progress progress) {
    Optional<ProcessHandle> jm = jobManager.find();
    Optional<ProcessHandle> tm = taskManager.find();
    if (jm.isEmpty() && tm.isEmpty()) {
      // Also removes stale pid files.
      taskManager.stop(STOP_GRACE);
      jobManager.stop(STOP_GRACE);
      return false;
    }
    List<Integer> ports = new ArrayList<>();
    recorded("rest.port").map(Integer::parseInt).ifPresent(ports::add);
    recorded("rpc.port").map(Integer::parseInt).ifPresent(ports::add);
    progress.begin("Stopping the Flink cluster");
    taskManager.stop(STOP_GRACE);
    jobManager.stop(STOP_GRACE);
    long deadline = System.nanoTime() + PORTS_RELEASE_TIMEOUT.toNanos();
    while (!ports.stream().allMatch(Platform::isPortFree)) {
      if (System.nanoTime() > deadline) {
        throw new InfraException(
            "The Flink cluster stopped but port(s) "
                + ports.stream().filter(p -> !Platform.isPortFree(p)).toList()
                + " are still in use. Find the holder with `ss -ltnp`.");
      }
      progress.update("waiting for ports " + ports + " to be released");
      sleep(100);
    }
    progress.done(
        "stopped "
            + (jm.isPresent() ? "JobManager pid " + jm.get().pid() : "")
            + (jm.isPresent() && tm.isPresent() ? ", " : "")
            + (tm.isPresent() ? "TaskManager pid " + tm.get().pid() : ""));
    return true;
  }

  /** What runs, and what its REST API says. */
  public Status status() {
    Optional<Long> jm = jobManager.find().map(ProcessHandle::pid);
    Optional<Long> tm = taskManager.find().map(ProcessHandle::pid);
    String address = restAddress();
    Optional<JsonNode> overview =
        jm.isPresent() ? new FlinkRest(address).get("/overview") : Optional.empty();
    boolean outdated = (jm.isPresent() || tm.isPresent()) && jarChangedSinceStart();
    return new Status(
        home,
        jm,
        tm,
        address,
        overview.isPresent(),
        overview.map(o -> o.path("taskmanagers").asInt()).orElse(0),
        overview.map(o -> o.path("slots-total").asInt()).orElse(0),
        overview.map(o -> o.path("slots-available").asInt()).orElse(0),
        overview.map(o -> o.path("jobs-running").asInt()).orElse(0),
        overview.map(o -> o.path("flink-version").asText()).orElse(""),
        outdated);
  }

  /**
   * A snapshot of the cluster.
   *
   * @param jarOutdated the shaded jar was rebuilt after the cluster started; it still runs the old
   *     build
   */
  public record Status(
      Path home,
      Optional<Long> jobManagerPid,
      Optional<Long> taskManagerPid,
      String restAddress,
      boolean restAnswering,
      int taskManagers,
      int slotsTotal,
      int slotsAvailable,
      int jobsRunning,
      String flinkVersion,
      boolean jarOutdated) {

    /** Both processes run, the REST API answers and the TaskManager is registered. */
    public boolean healthy() {
      return jobManagerPid.isPresent()
          && taskManagerPid.isPresent()
          && restAnswering
          && taskManagers > 0;
    }

    public boolean anyRunning() {
      return jobManagerPid.isPresent() || taskManagerPid.isPresent();
    }

    /** A small table for the terminal. */
    public String render() {
      StringBuilder sb = new StringBuilder();
      String name = "Flink " + (flinkVersion.isEmpty() ? "" : flinkVersion + " ");
      sb.append(
          String.format(
              Locale.ROOT,
              "%-3s %-24s %-11s %-26s %s%n",
              jobManagerPid.isPresent() && restAnswering ? "✔" : "✘",
              name + "JobManager",
              jobManagerPid.map(p -> "pid " + p).orElse("-"),
              "http://" + restAddress,
              jobManagerPid.isEmpty()
                  ? "stopped"
                  : restAnswering
                      ? "REST API answering, " + jobsRunning + " job(s) running"
                      : "REST API not answering"));
      sb.append(
          String.format(
              Locale.ROOT,
              "%-3s %-24s %-11s %-26s %s%n",
              taskManagerPid.isPresent() && taskManagers > 0 ? "✔" : "✘",
              name + "TaskManager",
              taskManagerPid.map(p -> "pid " + p).orElse("-"),
              "",
              taskManagerPid.isEmpty()
                  ? "stopped"
                  : taskManagers > 0
                      ? taskManagers
                          + " registered, "
                          + slotsAvailable
                          + "/"
                          + slotsTotal
                          + " slot(s) free"
                      : "not registered"));
      if (jarOutdated) {
        sb.append(
            "      runs an older build of sentinel.jar: `sentinel cluster down` and `up` to"
                + " refresh\n");
      }
      if (healthy()) {
        sb.append("submit: sentinel monitor --cluster ").append(restAddress).append('\n');
      }
      sb.append("home: ")
          .append(home)
          .append("  (logs: ")
          .append(home.resolve("log"))
          .append(")\n");
      return sb.toString();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Preparing the directory

  private Path prepare(Progress progress) {
    Path source = jar != null ? jar : SentinelJar.locate();
    if (!Files.isRegularFile(source)) {
      throw new InfraException(
          "The shaded jar " + source + " does not exist; build it with `mvn -DskipTests package`.");
    }
    Path lib = home.resolve("lib");
    Path libJar = lib.resolve("sentinel.jar");
    try {
      for (Path dir :
          List.of(lib, confDir(), logDir(), home.resolve("tmp"), home.resolve("plugins"))) {
        Files.createDirectories(dir);
      }
      if (!sameFile(source, libJar)) {
        progress.begin("Copying " + source.getFileName() + " to " + lib);
        Path partial = lib.resolve("sentinel.jar.partial");
        Files.copy(
            source,
            partial,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.COPY_ATTRIBUTES);
        Files.move(partial, libJar, StandardCopyOption.REPLACE_EXISTING);
        progress.done(Files.size(libJar) / (1024 * 1024) + " MB");
      }
      int rpcPort = Platform.freePort();
      writeConfig(rpcPort);
      writeLog4j();
      Properties p = new Properties();
      p.setProperty("rest.port", Integer.toString(restPort));
      p.setProperty("rpc.port", Integer.toString(rpcPort));
      p.setProperty("jar.source", source.toString());
      p.setProperty("jar.size", Long.toString(Files.size(libJar)));
      p.setProperty("jar.modified", Long.toString(Files.getLastModifiedTime(libJar).toMillis()));
      try (OutputStream out = Files.newOutputStream(home.resolve("cluster.properties"))) {
        p.store(out, "Written by Tuoyu Sentinel on `cluster up`; read by status and down.");
      }
    } catch (IOException e) {
      throw new InfraException("Could not prepare " + home + ": " + e.getMessage(), e);
    }
    return libJar;
  }

  private static boolean sameFile(Path a, Path b) throws IOException {
    return Files.isRegularFile(b)
        && Files.size(a) == Files.size(b)
        && Files.getLastModifiedTime(a).equals(Files.getLastModifiedTime(b));
  }

  private boolean jarChangedSinceStart() {
    Optional<String> source = recorded("jar.source");
    Optional<String> size = recorded("jar.size");
    Optional<String> modified = recorded("jar.modified");
    if (source.isEmpty() || size.isEmpty() || modified.isEmpty()) {
      return false;
    }
    Path current = jar != null ? jar : Path.of(source.get());
    try {
      return Files.isRegularFile(current)
          && (Files.size(current) != Long.parseLong(size.get())
              || Files.getLastModifiedTime(current).toMillis() != Long.parseLong(modified.get()));
    } catch (IOException | NumberFormatException e) {
      return false;
    }
  }

  private Optional<String> recorded(String key) {
    Path file = home.resolve("cluster.properties");
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.ofNullable(p.getProperty(key));
  }

  private void writeConfig(int rpcPort) throws IOException {
    Path tmp = home.resolve("tmp");
    String text =
        String.join(
            "\n",
            "# Written by Tuoyu Sentinel (LocalFlinkCluster) on every `cluster up`; edits are lost.",
            "# A JobManager and a TaskManager on this machine, reachable on loopback only.",
            "jobmanager.rpc.address: " + HOST,
            "jobmanager.rpc.port: " + rpcPort,
            "jobmanager.bind-host: " + HOST,
            "jobmanager.memory.process.size: " + jobManagerMemory,
            "taskmanager.host: " + HOST,
            "taskmanager.bind-host: " + HOST,
            "taskmanager.numberOfTaskSlots: " + slots,
            "taskmanager.memory.process.size: " + taskManagerMemory,
            "# Jobs keep state on the heap (hashmap backend); little managed memory is needed.",
            "taskmanager.memory.managed.fraction: 0.1",
            "rest.address: " + HOST,
            "rest.bind-address: " + HOST,
            "rest.port: " + restPort,
            "parallelism.default: 1",
            "# The cluster's class path is the very jar that jobs submit (see LocalFlinkCluster).",
            "classloader.resolve-order: parent-first",
            "high-availability.type: NONE",
            "io.tmp.dirs: " + tmp,
            "web.tmpdir: " + tmp,
            "");
    Files.writeString(confDir().resolve("config.yaml"), text, StandardCharsets.UTF_8);
  }

  private void writeLog4j() throws IOException {
    String text =
        String.join(
            "\n",
            "# Written by Tuoyu Sentinel; like Flink's conf/log4j.properties: one file per process.",
            "monitorInterval = 30",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = MainAppender",
            "logger.pekko.name = org.apache.pekko",
            "logger.pekko.level = INFO",
            "logger.kafka.name = org.apache.kafka",
            "logger.kafka.level = WARN",
            "logger.netty.name = org.jboss.netty.channel.DefaultChannelPipeline",
            "logger.netty.level = OFF",
            "# Flink 2.2 warns of a metric name collision ('pendingCommittables') at every",
            "# checkpoint of a job with two Kafka sinks: harmless, and it would flood the log.",
            "logger.metricgroup.name = org.apache.flink.metrics.MetricGroup",
            "logger.metricgroup.level = ERROR",
            "appender.main.name = MainAppender",
            "appender.main.type = RollingFile",
            "appender.main.append = true",
            "appender.main.fileName = ${sys:log.file}",
            "appender.main.filePattern = ${sys:log.file}.%i",
            "appender.main.layout.type = PatternLayout",
            "appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
            "appender.main.policies.type = Policies",
            "appender.main.policies.size.type = SizeBasedTriggeringPolicy",
            "appender.main.policies.size.size = 100MB",
            "appender.main.policies.startup.type = OnStartupTriggeringPolicy",
            "appender.main.strategy.type = DefaultRolloverStrategy",
            "appender.main.strategy.max = 5",
            "");
    Files.writeString(confDir().resolve("log4j.properties"), text, StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------------------
  // Command lines

  /** JVM flags and Flink dynamic options ({@code -D key=value}) computed by BashJavaUtils. */
  record Memory(List<String> jvmArgs, List<String> dynamicArgs) {}

  /** Runs Flink's BashJavaUtils, as {@code jobmanager.sh}/{@code taskmanager.sh} do. */
  private Memory memory(Path libJar, String command) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBinary());
    cmd.addAll(opens());
    cmd.add("-cp");
    cmd.add(libJar.toString());
    cmd.add(BashJavaUtils.class.getName());
    cmd.add(command);
    cmd.add("--configDir");
    cmd.add(confDir().toString());
    String output = Platform.run(cmd, 60);
    List<String> results =
        output
            .lines()
            .filter(l -> l.startsWith(BASH_JAVA_UTILS_PREFIX))
            .map(l -> l.substring(BASH_JAVA_UTILS_PREFIX.length()).strip())
            .toList();
    if (results.size() < 2) {
      throw new InfraException(
          "Flink's BashJavaUtils " + command + " gave no memory settings:\n" + output);
    }
    return new Memory(
        split(results.get(results.size() - 2)), split(results.get(results.size() - 1)));
  }

  private static List<String> split(String line) {
    return Arrays.stream(line.split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  /**
   * {@code java <memory flags> <opens> <properties> <marker> -cp lib/sentinel.jar <main>
   * --configDir conf <-D key=value …>}
   */
  List<String> javaCommand(
      Path libJar, Memory memory, ManagedProcess process, String logName, String mainClass) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBinary());
    cmd.addAll(memory.jvmArgs());
    cmd.addAll(opens());
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-D" + AVRO_PACKAGES_PROPERTY + "=" + avroPackages());
    cmd.add("-Dlog.file=" + logDir().resolve(logName + ".log"));
    cmd.add("-Dlog4j.configurationFile=" + confDir().resolve("log4j.properties").toUri());
    cmd.add(process.marker());
    cmd.add("-cp");
    cmd.add(libJar.toString());
    cmd.add(mainClass);
    cmd.add("--configDir");
    cmd.add(confDir().toString());
    cmd.addAll(memory.dynamicArgs());
    return cmd;
  }

  private Map<String, String> environment() {
    return Map.of(
        "FLINK_CONF_DIR", confDir().toString(),
        "FLINK_PLUGINS_DIR", home.resolve("plugins").toString(),
        "FLINK_LOG_DIR", logDir().toString());
  }

  /** Our opens plus any {@code --add-opens/--add-exports} this JVM was started with. */
  static List<String> opens() {
    Set<String> all = new LinkedHashSet<>(JAVA17_OPENS);
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens=") || a.startsWith("--add-exports="))
        .forEach(all::add);
    return List.copyOf(all);
  }

  private static String avroPackages() {
    Set<String> packages = new LinkedHashSet<>(List.of("cn.tuoyu.sentinel"));
    String mine = System.getProperty(AVRO_PACKAGES_PROPERTY);
    if (mine != null && !mine.isBlank()) {
      packages.addAll(Arrays.asList(mine.split(",")));
    }
    return packages.stream().map(String::strip).collect(Collectors.joining(","));
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InfraException("Interrupted while waiting for the Flink cluster", e);
    }
  }
}
