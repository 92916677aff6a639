package cn.tuoyu.sentinel.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import cn.tuoyu.sentinel.infra.Platform;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code sentinel infra up|status|down} end to end on the real servers, as a user runs them (on
 * free ports and a private data directory, so a running demo is not disturbed).
 */
class InfraCliITCase {
  private Path dataDir;
  private List<String> common;
  private int kafkaPort;
  private int esPort;

  @BeforeEach
  void setUp() throws IOException {
    Files.createDirectories(Path.of("target"));
    dataDir = Files.createTempDirectory(Path.of("target"), "cli-infra-");
    kafkaPort = Platform.freePort();
    esPort = Platform.freePort();
    common =
        List.of(
            "--data-dir", dataDir.toString(),
            "--kafka-port", Integer.toString(kafkaPort),
            "--es-port", Integer.toString(esPort));
  }

  @AfterEach
  void tearDown() {
    // Whatever happened above, leave no server behind.
    SentinelCliTest.run(args("infra", "down", "--purge"));
  }

  @Test
  void upTwiceThenStatusThenDownLeavesNothingListening() {
    SentinelCliTest.Run up = SentinelCliTest.run(args("infra", "up"));
    assertThat(up.exit()).as(up.err()).isZero();
    assertThat(up.out()).contains("7/7 topics present").contains("index templates installed");

    List<Long> pids = serverPids();
    assertThat(pids).hasSize(2);

    SentinelCliTest.Run again = SentinelCliTest.run(args("infra", "up"));
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(serverPids()).as("a second up starts nothing new").isEqualTo(pids);

    SentinelCliTest.Run status = SentinelCliTest.run(args("infra", "status"));
    assertThat(status.exit()).isZero();
    assertThat(status.out())
        .contains("broker answering")
        .contains("cluster green")
        .contains("alias sentinel-alerts → sentinel-alerts-");

    SentinelCliTest.Run down = SentinelCliTest.run(args("infra", "down"));
    assertThat(down.exit()).isZero();
    assertThat(Platform.isPortFree(kafkaPort)).isTrue();
    assertThat(Platform.isPortFree(kafkaPort + 1)).isTrue();
    assertThat(Platform.isPortFree(esPort)).isTrue();
    assertThat(Platform.isPortFree(esPort + 100)).isTrue();
    assertThat(pids)
        .allSatisfy(
            p ->
                assertThat(ProcessHandle.of(p).map(ProcessHandle::isAlive))
                    .isNotEqualTo(Optional.of(true)));

    SentinelCliTest.Run stopped = SentinelCliTest.run(args("infra", "status"));
    assertThat(stopped.exit()).isEqualTo(SentinelCli.EXIT_FAILURE);
    assertThat(stopped.out()).contains("stopped");
  }

  @Test
  void busyPortIsReportedByNumberAndNothingIsLeftRunning() throws IOException {
    try (ServerSocket squatter = new ServerSocket(kafkaPort, 1, InetAddress.getLoopbackAddress())) {
      SentinelCliTest.Run up = SentinelCliTest.run(args("infra", "up"));
      assertThat(up.exit()).isEqualTo(SentinelCli.EXIT_FAILURE);
      assertThat(up.err()).contains("Port " + kafkaPort).contains("--kafka-port");
      assertThat(serverPids()).isEmpty();
    }
  }

  private String[] args(String... command) {
    return java.util.stream.Stream.concat(List.of(command).stream(), common.stream())
        .toArray(String[]::new);
  }

  /** Pids of the servers belonging to this test's data directory, from `infra status`. */
  private List<Long> serverPids() {
    String out = SentinelCliTest.run(args("infra", "status")).out();
    return out.lines()
        .filter(l -> l.contains(" pid "))
        .map(l -> l.replaceAll(".* pid (\\d+) .*", "$1"))
        .map(Long::parseLong)
        .toList();
  }
}
