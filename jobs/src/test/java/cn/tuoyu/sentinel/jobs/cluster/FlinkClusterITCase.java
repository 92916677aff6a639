package cn.tuoyu.sentinel.jobs.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import cn.tuoyu.sentinel.infra.ConsoleProgress;
import cn.tuoyu.sentinel.infra.Platform;
import cn.tuoyu.sentinel.infra.testing.RealInfra;
import cn.tuoyu.sentinel.infra.testing.RealInfraExtension;
import cn.tuoyu.sentinel.jobs.e2e.AlertsOnTopic;
import cn.tuoyu.sentinel.jobs.e2e.EventTopics;
import cn.tuoyu.sentinel.jobs.monitor.MonitorRunner;
import cn.tuoyu.sentinel.jobs.produce.FileProducer;
import cn.tuoyu.sentinel.pipeline.config.MonitorConfig;
import cn.tuoyu.sentinel.schema.AlertTransition;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar on a real multi-process Flink cluster: {@link LocalFlinkCluster} starts a
 * JobManager and a TaskManager JVM from {@code target/sentinel.jar}, the monitor is submitted to it
 * as {@code monitor --cluster} does, runs in the TaskManager process (not in this JVM) and turns a
 * scenario on the real Kafka into the expected alerts; stopping the cluster leaves no process and
 * no port behind.
 */
@ExtendWith(RealInfraExtension.class)
class FlinkClusterITCase {
  private static final Pattern RPC_PORT = Pattern.compile("@[^:/]+:(\\d+)/");

  private final RealInfra infra;

  FlinkClusterITCase(RealInfra infra) {
    this.infra = infra;
  }

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void theMonitorRunsOnAStandaloneClusterStartedFromTheShadedJar(@TempDir Path dir)
      throws Exception {
    Path jar = Path.of("target", "sentinel.jar").toAbsolutePath();
    assertThat(jar).as("built by `package` before failsafe runs").isRegularFile();
    Files.createDirectories(Path.of("target"));
    Path home = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "flink-cluster-");
    int restPort = Platform.freePort();
    LocalFlinkCluster cluster = LocalFlinkCluster.builder(home).jar(jar).restPort(restPort).build();
    ConsoleProgress progress = new ConsoleProgress(System.out, false);
    FlinkRest rest = new FlinkRest("127.0.0.1:" + restPort);
    StringWriter log = new StringWriter();
    JobClient job = null;
    Set<Integer> clusterPorts = new TreeSet<>();
    long jobManagerPid = -1;
    long taskManagerPid = -1;
    try {
      long t0 = System.nanoTime();
      assertThat(cluster.start(progress)).isTrue();
      System.out.printf(Locale.ROOT, "cluster up in %.1f s%n", (System.nanoTime() - t0) / 1e9);

      // Two JVMs of their own, neither of them this test JVM.
      ProcessHandle jm = cluster.jobManagerProcess().orElseThrow();
      ProcessHandle tm = cluster.taskManagerProcess().orElseThrow();
      jobManagerPid = jm.pid();
      taskManagerPid = tm.pid();
      long self = ProcessHandle.current().pid();
      assertThat(Set.of(jm.pid(), tm.pid(), self)).hasSize(3);
      assertThat(commandLine(jm.pid()))
          .contains("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint")
          .contains(home.resolve("lib").resolve("sentinel.jar").toString())
          .contains("-Xmx")
          .contains("--add-opens=java.base/java.util=ALL-UNNAMED");
      assertThat(commandLine(tm.pid()))
          .contains("org.apache.flink.runtime.taskexecutor.TaskManagerRunner")
          .contains("-XX:MaxDirectMemorySize=")
          .contains("taskmanager.memory.task.heap.size=");
      assertThat(home.resolve("conf").resolve("config.yaml")).isRegularFile();
      assertThat(home.resolve("log").resolve("jobmanager.log")).isRegularFile();
      assertThat(home.resolve("log").resolve("taskmanager.log")).isRegularFile();
      LocalFlinkCluster.Status status = cluster.status();
      assertThat(status.healthy()).as(status.render()).isTrue();
      assertThat(status.slotsTotal()).isEqualTo(LocalFlinkCluster.DEFAULT_SLOTS);
      assertThat(status.flinkVersion()).startsWith("2.");

      // The one registered TaskManager is the TaskManager process: its RPC port is that JVM's.
      JsonNode taskManagers = rest.get("/taskmanagers").orElseThrow().path("taskmanagers");
      assertThat(taskManagers).hasSize(1);
      String taskManagerId = taskManagers.get(0).path("id").asText();
      Matcher m = RPC_PORT.matcher(taskManagers.get(0).path("path").asText());
      assertThat(m.find()).as(taskManagers.toString()).isTrue();
      int taskManagerRpcPort = Integer.parseInt(m.group(1));
      assertThat(listeningPorts(tm.pid())).contains(taskManagerRpcPort);
      assertThat(listeningPorts(self)).doesNotContain(taskManagerRpcPort, restPort);
      assertThat(listeningPorts(jm.pid())).contains(restPort);
      // Loopback only.
      assertThat(listeningAddresses(jm.pid())).allMatch(FlinkClusterITCase::isLoopback);
      assertThat(listeningAddresses(tm.pid())).allMatch(FlinkClusterITCase::isLoopback);

      // A scenario: the caregiver leaves four children alone from 09:00 to 09:03.
      String institution = RealInfra.uniqueName("320402-cluster");
      Path scenario =
          Files.write(dir.resolve("scenario.jsonl"), scenario(institution), StandardCharsets.UTF_8);
      MonitorConfig config =
          MonitorConfig.defaults()
              .withKafka(infra.bootstrapServers())
              .withElasticsearch(infra.elasticsearchUrl())
              .withGroupId(RealInfra.uniqueName("it-cluster-monitor"))
              .withCheckpointInterval(Duration.ofSeconds(1));
      EventTopics.startGroupAtEnd(infra.bootstrapServers(), config.groupId());
      FileProducer.produce(scenario, infra.bootstrapServers(), new PrintWriter(log, true));
      t0 = System.nanoTime();
      job =
          new MonitorRunner(
                  config, dir.resolve("monitor-state"), 1, restPort, true, "127.0.0.1:" + restPort)
              .start(new PrintWriter(log, true));
      System.out.printf(
          Locale.ROOT, "monitor submitted in %.1f s%n%s", (System.nanoTime() - t0) / 1e9, log);
      assertThat(log.toString()).contains("Flink web UI http://127.0.0.1:" + restPort);
      String jobId = job.getJobID().toHexString();

      // The cluster runs the job, and every subtask of it lives in the TaskManager process.
      JsonNode jobInfo = rest.get("/jobs/" + jobId).orElseThrow();
      assertThat(jobInfo.path("state").asText()).isEqualTo("RUNNING");
      Set<String> executingTaskManagers = new HashSet<>();
      for (JsonNode vertex : jobInfo.path("vertices")) {
        JsonNode placement =
            rest.get("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/taskmanagers")
                .orElseThrow();
        placement
            .path("taskmanagers")
            .forEach(t -> executingTaskManagers.add(t.path("taskmanager-id").asText()));
      }
      assertThat(executingTaskManagers).containsExactly(taskManagerId);

      // The code it runs was submitted as the shaded jar: a blob of exactly its size, uploaded to
      // the JobManager and fetched by the TaskManager (the test classes are a directory).
      assertThat(SentinelJar.locate()).isEqualTo(jar.toRealPath());
      assertThat(jobBlobSizes(home, "jm_", jobId)).contains(Files.size(jar));
      assertThat(jobBlobSizes(home, "tm_", jobId)).contains(Files.size(jar));

      // The expected transitions arrive on sentinel.alerts, committed.
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () ->
                  assertThat(AlertsOnTopic.read(infra.bootstrapServers(), institution))
                      .extracting(a -> a.getRuleId() + " " + a.getStatus())
                      .contains("ROOM_UNATTENDED OPEN", "ROOM_UNATTENDED RESOLVED"));
      List<AlertTransition> transitions = AlertsOnTopic.read(infra.bootstrapServers(), institution);
      System.out.println("transitions: " + describe(transitions));
      assertThat(transitions)
          .extracting(a -> a.getAlertId() + "/" + a.getSequence())
          .doesNotHaveDuplicates();
      assertThat(
              transitions.stream()
                  .filter(a -> a.getRuleId().toString().equals("ROOM_UNATTENDED"))
                  .map(a -> a.getStatus().toString()))
          .containsExactly("OPEN", "RESOLVED");
      assertThat(AlertsOnTopic.finalStatusById(transitions).values())
          .allMatch(s -> s.endsWith("RESOLVED"));

      // Cancel through the cluster's REST API, as a remote client does.
      job.cancel().get(1, TimeUnit.MINUTES);
      JobClient cancelled = job;
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> cancelled.getJobStatus().get() == JobStatus.CANCELED);
      job = null;

      clusterPorts.addAll(listeningPorts(jm.pid()));
      clusterPorts.addAll(listeningPorts(tm.pid()));
      assertThat(clusterPorts).contains(restPort, taskManagerRpcPort);
    } finally {
      if (job != null) {
        try {
          job.cancel().get(1, TimeUnit.MINUTES);
        } catch (Exception e) {
          System.out.println("could not cancel the job: " + e);
        }
      }
      long t0 = System.nanoTime();
      cluster.stop(progress);
      System.out.printf(Locale.ROOT, "cluster down in %.1f s%n", (System.nanoTime() - t0) / 1e9);
      // 100 MB; the logs stay for a look after a failure.
      Files.deleteIfExists(home.resolve("lib").resolve("sentinel.jar"));
    }

    // Nothing left: no process of this cluster, no port it listened on.
    assertThat(cluster.jobManagerProcess()).isEmpty();
    assertThat(cluster.taskManagerProcess()).isEmpty();
    assertThat(ProcessHandle.of(jobManagerPid).filter(ProcessHandle::isAlive)).isEmpty();
    assertThat(ProcessHandle.of(taskManagerPid).filter(ProcessHandle::isAlive)).isEmpty();
    String marker = "-Dsentinel.instance=" + home;
    assertThat(ProcessHandle.allProcesses())
        .noneMatch(p -> p.isAlive() && commandLine(p.pid()).contains(marker));
    assertThat(clusterPorts).allMatch(Platform::isPortFree);
    assertThat(cluster.status().anyRunning()).isFalse();
    assertThat(cluster.stop(progress)).as("a second stop finds nothing").isFalse();
  }

  /**
   * JSON lines (design.md format): one TODDLER_12_24 room, an absence from 09:00 to 09:03; its
   * camera C1 sends its heartbeat every 30 s all morning, so the room is watched and the
   * institution never silent, and the absence is the only alert.
   */
  private static List<String> scenario(String institution) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "{\"type\":\"institution\",\"ts\":\"2026-11-23T06:00:00+08:00\",\"institutionId\":\""
            + institution
            + "\",\"name\":\"天宁区小星星托育园\",\"regionCode\":\"320402\",\"kind\":\"CENTER\","
            + "\"licensedPlaces\":60,\"openTime\":\"07:30\",\"closeTime\":\"18:00\","
            + "\"location\":{\"lat\":31.78,\"lon\":119.97},"
            + "\"rooms\":[{\"roomId\":\"R1\",\"classType\":\"TODDLER_12_24\",\"capacity\":15,"
            + "\"cameraIds\":[\"C1\"]}],"
            + "\"staff\":[{\"staffId\":\"s-01\",\"role\":\"CAREGIVER\",\"certified\":true}]}");
    String[][] events = {
      {"08:00:00", "s-01", "CAREGIVER", "ENTER"},
      {"08:00:11", "c-1", "CHILD", "ENTER"},
      {"08:00:12", "c-2", "CHILD", "ENTER"},
      {"08:00:13", "c-3", "CHILD", "ENTER"},
      {"08:00:14", "c-4", "CHILD", "ENTER"},
      {"09:00:00", "s-01", "CAREGIVER", "EXIT"},
      {"09:03:00", "s-01", "CAREGIVER", "ENTER"},
      // Moves event time on, past the end of the absence.
      {"10:00:00", "c-5", "CHILD", "ENTER"},
    };
    // Time → lines of that time; heartbeats first within a second, then attendance in order.
    TreeMap<LocalTime, List<String>> byTime = new TreeMap<>();
    for (LocalTime t = LocalTime.of(8, 0); !t.isAfter(LocalTime.of(10, 0)); t = t.plusSeconds(30)) {
      String time = HH_MM_SS.format(t);
      byTime
          .computeIfAbsent(t, k -> new ArrayList<>())
          .add(
              String.format(
                  Locale.ROOT,
                  "{\"type\":\"camera\",\"ts\":\"2026-11-23T%s+08:00\",\"eventId\":\"%s-C1-%s\","
                      + "\"institutionId\":\"%s\",\"cameraId\":\"C1\",\"status\":\"ONLINE\","
                      + "\"recording\":true,\"retentionDays\":90}",
                  time,
                  institution,
                  time.replace(":", ""),
                  institution));
    }
    int n = 0;
    for (String[] e : events) {
      n++;
      byTime
          .computeIfAbsent(LocalTime.parse(e[0]), k -> new ArrayList<>())
          .add(
              String.format(
                  Locale.ROOT,
                  "{\"type\":\"attendance\",\"ts\":\"2026-11-23T%s+08:00\",\"eventId\":\"%s-e%04d\","
                      + "\"institutionId\":\"%s\",\"roomId\":\"R1\",\"personId\":\"%s\","
                      + "\"role\":\"%s\",\"action\":\"%s\"}",
                  e[0],
                  institution,
                  n,
                  institution,
                  e[1],
                  e[2],
                  e[3]));
    }
    byTime.values().forEach(lines::addAll);
    return lines;
  }

  private static final DateTimeFormatter HH_MM_SS = DateTimeFormatter.ofPattern("HH:mm:ss");

  private static List<String> describe(List<AlertTransition> transitions) {
    return transitions.stream()
        .map(a -> a.getRuleId() + " " + a.getStatus() + " #" + a.getSequence())
        .toList();
  }

  /** Sizes of the blobs a JobManager ({@code jm_}) or TaskManager ({@code tm_}) holds for a job. */
  private static List<Long> jobBlobSizes(Path home, String prefix, String jobId)
      throws IOException {
    List<Long> sizes = new ArrayList<>();
    try (Stream<Path> dirs = Files.list(home.resolve("tmp"))) {
      for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith(prefix)).toList()) {
        Path job = dir.resolve("blobStorage").resolve("job_" + jobId);
        if (Files.isDirectory(job)) {
          try (Stream<Path> blobs = Files.list(job)) {
            for (Path blob : blobs.toList()) {
              sizes.add(Files.size(blob));
            }
          }
        }
      }
    }
    return sizes;
  }

  private static String commandLine(long pid) {
    try {
      return new String(
              Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
              StandardCharsets.UTF_8)
          .replace('\0', ' ');
    } catch (IOException e) {
      return "";
    }
  }

  /** TCP ports process {@code pid} listens on, from /proc (its socket inodes ∩ LISTEN sockets). */
  static Set<Integer> listeningPorts(long pid) throws IOException {
    Set<Integer> ports = new TreeSet<>();
    listening(pid).forEach(s -> ports.add(s.port()));
    return ports;
  }

  private static List<String> listeningAddresses(long pid) throws IOException {
    return listening(pid).stream().map(Socket::address).toList();
  }

  private record Socket(String address, int port) {}

  private static List<Socket> listening(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String target = Files.readSymbolicLink(fd).toString();
          if (target.startsWith("socket:[")) {
            inodes.add(target.substring(8, target.length() - 1));
          }
        } catch (IOException e) {
          // closed meanwhile
        }
      }
    }
    List<Socket> out = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Path.of(table);
      if (!Files.exists(file)) {
        continue;
      }
      List<String> lines = Files.readAllLines(file);
      for (String line : lines.subList(1, lines.size())) {
        String[] f = line.trim().split("\\s+");
        // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
        if (f.length > 9 && f[3].equals("0A") && inodes.contains(f[9])) {
          String[] local = f[1].split(":");
          out.add(new Socket(local[0], Integer.parseInt(local[1], 16)));
        }
      }
    }
    return out;
  }

  /** 127.0.0.1 as /proc/net prints it: IPv4 little-endian, or IPv4-mapped IPv6. */
  private static boolean isLoopback(String hex) {
    return hex.equals("0100007F") || hex.equals("0000000000000000FFFF00000100007F");
  }
}
