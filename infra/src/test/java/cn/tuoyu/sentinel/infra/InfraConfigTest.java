package cn.tuoyu.sentinel.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfraConfigTest {
  @Test
  void defaultsFollowTheDesign() {
    InfraConfig c = InfraConfig.defaults(Map.of());
    assertThat(c.kafkaPort()).isEqualTo(9092);
    assertThat(c.elasticsearchPort()).isEqualTo(9200);
    assertThat(c.dataDir()).isEqualTo(Path.of(".sentinel").toAbsolutePath());
    assertThat(c.kafkaVersion()).startsWith("4.");
    assertThat(c.elasticsearchVersion()).matches("\\d+\\.\\d+\\.\\d+");
    assertThat(c.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
  }

  @Test
  void environmentOverridesDataAndCacheDirectories() {
    InfraConfig c =
        InfraConfig.defaults(
            Map.of(InfraConfig.ENV_DATA_DIR, "/tmp/d", InfraConfig.ENV_CACHE_DIR, "/tmp/c"));
    assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/d"));
    assertThat(c.cacheDir()).isEqualTo(Path.of("/tmp/c"));
  }

  @Test
  void rejectsImpossiblePortsAndPartitions() {
    InfraConfig c = InfraConfig.defaults(Map.of());
    assertThatThrownBy(() -> c.toBuilder().kafkaPorts(70000, 70001).build())
        .isInstanceOf(InfraException.class)
        .hasMessageContaining("70000");
    assertThatThrownBy(() -> c.toBuilder().partitions(0).build())
        .isInstanceOf(InfraException.class)
        .hasMessageContaining("Partition");
    assertThatThrownBy(() -> c.toBuilder().elasticsearchVersion("8.19.7").build())
        .isInstanceOf(InfraException.class)
        .hasMessageContaining("8.19.7")
        .hasMessageContaining("9.x");
  }

  @Test
  void busyPortGivesAMessageNamingThePortAndTheWayOut() throws Exception {
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      int port = socket.getLocalPort();
      assertThat(Platform.isPortFree(port)).isFalse();
      assertThatThrownBy(() -> Ports.requireFree("Kafka", port, "--kafka-port"))
          .isInstanceOf(InfraException.class)
          .hasMessageContaining("Port " + port)
          .hasMessageContaining("Kafka")
          .hasMessageContaining("--kafka-port");
    }
  }
}
