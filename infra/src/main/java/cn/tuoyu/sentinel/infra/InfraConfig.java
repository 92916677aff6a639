package cn.tuoyu.sentinel.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Everything the local infrastructure needs to know, parsed once. Defaults are design.md's: Kafka
 * on 9092 (controller 9093), Elasticsearch on 9200 (transport 9300), data under {@code .sentinel/}
 * in the working directory, downloads cached per user.
 *
 * @param dataDir where servers keep their data, logs, configuration and pid files
 * @param cacheDir where downloaded server distributions are kept between runs
 * @param kafkaPort the Kafka client port
 * @param kafkaControllerPort the KRaft controller port
 * @param elasticsearchPort the Elasticsearch HTTP port
 * @param elasticsearchTransportPort the Elasticsearch transport port (bound to loopback only)
 * @param partitions partitions of every topic created
 * @param kafkaVersion version of {@code org.apache.kafka:kafka_2.13} to run
 * @param elasticsearchVersion version of the Elasticsearch integ-test-zip to run
 * @param kafkaHeapMb Kafka JVM heap
 * @param elasticsearchHeapMb Elasticsearch JVM heap
 * @param elasticsearchUser the system user Elasticsearch runs as when we are root
 */
public record InfraConfig(
    Path dataDir,
    Path cacheDir,
    int kafkaPort,
    int kafkaControllerPort,
    int elasticsearchPort,
    int elasticsearchTransportPort,
    int partitions,
    String kafkaVersion,
    String elasticsearchVersion,
    int kafkaHeapMb,
    int elasticsearchHeapMb,
    String elasticsearchUser) {

  public static final int DEFAULT_KAFKA_PORT = 9092;
  public static final int DEFAULT_ELASTICSEARCH_PORT = 9200;
  public static final int DEFAULT_PARTITIONS = 4;
  public static final String DEFAULT_ES_USER = "sentinel-es";

  /** Environment variable overriding the data directory. */
  public static final String ENV_DATA_DIR = "SENTINEL_DATA_DIR";

  /**
   * Environment variable choosing the Elasticsearch version. Only 9.x matches the 9.x Java client
   * we build against (an 8.x server refuses its compatibility headers).
   */
  public static final String ENV_ES_VERSION = "SENTINEL_ES_VERSION";

  /** Environment variable overriding the download cache. */
  public static final String ENV_CACHE_DIR = "SENTINEL_CACHE_DIR";

  public InfraConfig {
    dataDir = dataDir.toAbsolutePath().normalize();
    cacheDir = cacheDir.toAbsolutePath().normalize();
    for (int port :
        new int[] {kafkaPort, kafkaControllerPort, elasticsearchPort, elasticsearchTransportPort}) {
      if (port < 1 || port > 65535) {
        throw new InfraException("Port " + port + " is not a valid TCP port (1–65535).");
      }
    }
    if (elasticsearchVersion == null || !elasticsearchVersion.matches("9\\.\\d+\\.\\d+")) {
      throw new InfraException(
          "Elasticsearch version "
              + elasticsearchVersion
              + " is not supported: use a 9.x release such as 9.2.0 (our 9.x client is refused by"
              + " 8.x servers).");
    }
    if (partitions < 1) {
      throw new InfraException("Partition count must be at least 1, got " + partitions + ".");
    }
  }

  /** The defaults, with data and cache directories taken from the environment when set. */
  public static InfraConfig defaults() {
    return defaults(System.getenv());
  }

  static InfraConfig defaults(Map<String, String> env) {
    Properties versions = bundledVersions();
    Path dataDir = Path.of(env.getOrDefault(ENV_DATA_DIR, ".sentinel"));
    Path cacheDir =
        env.containsKey(ENV_CACHE_DIR) ? Path.of(env.get(ENV_CACHE_DIR)) : defaultCacheDir(env);
    return new InfraConfig(
        dataDir,
        cacheDir,
        DEFAULT_KAFKA_PORT,
        DEFAULT_KAFKA_PORT + 1,
        DEFAULT_ELASTICSEARCH_PORT,
        DEFAULT_ELASTICSEARCH_PORT + 100,
        DEFAULT_PARTITIONS,
        versions.getProperty("kafka.version"),
        env.getOrDefault(ENV_ES_VERSION, versions.getProperty("elasticsearch.version")),
        512,
        512,
        DEFAULT_ES_USER);
  }

  /**
   * Root keeps the cache in {@code /var/cache/tuoyu-sentinel}: Elasticsearch runs as a separate
   * system user who must be able to read its distribution, and root's home is not readable by
   * others. Everyone else uses the XDG cache directory.
   */
  private static Path defaultCacheDir(Map<String, String> env) {
    if (Platform.isRoot()) {
      return Path.of("/var/cache/tuoyu-sentinel");
    }
    String xdg = env.get("XDG_CACHE_HOME");
    Path base =
        xdg != null && !xdg.isBlank()
            ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".cache");
    return base.resolve("tuoyu-sentinel");
  }

  static Properties bundledVersions() {
    Properties p = new Properties();
    try (InputStream in = InfraConfig.class.getResourceAsStream("versions.properties")) {
      if (in == null) {
        throw new IllegalStateException("versions.properties missing from the infra jar");
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  public String kafkaBootstrap() {
    return "127.0.0.1:" + kafkaPort;
  }

  public String elasticsearchUrl() {
    return "http://127.0.0.1:" + elasticsearchPort;
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Changes some settings of a config and keeps the rest. */
  public static final class Builder {
    private Path dataDir;
    private Path cacheDir;
    private int kafkaPort;
    private int kafkaControllerPort;
    private int elasticsearchPort;
    private int elasticsearchTransportPort;
    private int partitions;
    private String kafkaVersion;
    private String elasticsearchVersion;
    private int kafkaHeapMb;
    private int elasticsearchHeapMb;
    private String elasticsearchUser;

    private Builder(InfraConfig c) {
      dataDir = c.dataDir;
      cacheDir = c.cacheDir;
      kafkaPort = c.kafkaPort;
      kafkaControllerPort = c.kafkaControllerPort;
      elasticsearchPort = c.elasticsearchPort;
      elasticsearchTransportPort = c.elasticsearchTransportPort;
      partitions = c.partitions;
      kafkaVersion = c.kafkaVersion;
      elasticsearchVersion = c.elasticsearchVersion;
      kafkaHeapMb = c.kafkaHeapMb;
      elasticsearchHeapMb = c.elasticsearchHeapMb;
      elasticsearchUser = c.elasticsearchUser;
    }

    public Builder dataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    public Builder cacheDir(Path dir) {
      this.cacheDir = dir;
      return this;
    }

    /** Kafka client port; the controller port is the next one. */
    public Builder kafkaPorts(int client, int controller) {
      this.kafkaPort = client;
      this.kafkaControllerPort = controller;
      return this;
    }

    public Builder elasticsearchPorts(int http, int transport) {
      this.elasticsearchPort = http;
      this.elasticsearchTransportPort = transport;
      return this;
    }

    public Builder partitions(int count) {
      this.partitions = count;
      return this;
    }

    public Builder elasticsearchVersion(String version) {
      this.elasticsearchVersion = version;
      return this;
    }

    public InfraConfig build() {
      return new InfraConfig(
          dataDir,
          cacheDir,
          kafkaPort,
          kafkaControllerPort,
          elasticsearchPort,
          elasticsearchTransportPort,
          partitions,
          kafkaVersion,
          elasticsearchVersion,
          kafkaHeapMb,
          elasticsearchHeapMb,
          elasticsearchUser);
    }
  }
}
