package cn.tuoyu.sentinel.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;

/**
 * One Kafka 4.x node in KRaft combined mode (broker + controller), run from the jars of {@code
 * org.apache.kafka:kafka_2.13} on Maven Central as {@code java -cp 'lib/*' kafka.Kafka
 * server.properties}. Data, config and logs live under {@code <dataDir>/kafka}.
 */
public final class KafkaNode {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

  private final InfraConfig config;
  private final Path home;
  private final ManagedProcess process;

  public KafkaNode(InfraConfig config) {
    this.config = config;
    this.home = config.dataDir().resolve("kafka");
    this.process = new ManagedProcess("Kafka", home.resolve("kafka.pid"), home);
  }

  public String label() {
    return "Kafka " + config.kafkaVersion();
  }

  public Optional<ProcessHandle> running() {
    return process.find();
  }

  /** Downloads the jars if needed, writes configuration and formats storage once. */
  Path prepare(Progress progress) {
    Path lib =
        new MavenResolver(config.cacheDir())
            .resolve(
                "kafka-" + config.kafkaVersion(),
                label(),
                List.of(
                    MavenResolver.Coordinate.jar(
                        "org.apache.kafka", "kafka_2.13", config.kafkaVersion()),
                    MavenResolver.Coordinate.jar(
                        "org.apache.kafka", "kafka-tools", config.kafkaVersion()),
                    // Kafka logs through SLF4J 1.7; this binding routes it to log4j2.
                    MavenResolver.Coordinate.jar(
                        "org.apache.logging.log4j",
                        "log4j-slf4j-impl",
                        InfraConfig.bundledVersions().getProperty("log4j.version"))),
                true,
                progress);
    try {
      Files.createDirectories(home.resolve("data"));
      Files.createDirectories(home.resolve("logs"));
      writeServerProperties();
      writeLog4j();
      if (!Files.exists(home.resolve("data").resolve("meta.properties"))) {
        progress.begin("Formatting Kafka storage");
        Platform.run(
            javaCommand(
                lib,
                "kafka.tools.StorageTool",
                List.of(
                    "format",
                    "-t",
                    Uuid.randomUuid().toString(),
                    "-c",
                    home.resolve("server.properties").toString())),
            120);
        progress.done("formatted " + home.resolve("data"));
      }
    } catch (IOException e) {
      throw new InfraException("Could not prepare " + home + ": " + e.getMessage(), e);
    }
    return lib;
  }

  /**
   * Starts the node unless it is already running; waits until it answers.
   *
   * @return true if it was started now, false if it was already running
   */
  public boolean start(Progress progress) {
    if (running().isPresent()) {
      progress.info(label() + " already running on " + config.kafkaBootstrap() + ".");
      return false;
    }
    Ports.requireFree("Kafka", config.kafkaPort(), "--kafka-port");
    Ports.requireFree("the Kafka controller", config.kafkaControllerPort(), "--kafka-port");
    Path lib = prepare(progress);
    progress.begin("Starting " + label() + " on " + config.kafkaBootstrap());
    Path log = home.resolve("logs").resolve("kafka.out");
    Process p =
        ManagedProcess.startDetached(
            javaCommand(lib, "kafka.Kafka", List.of(home.resolve("server.properties").toString())),
            home,
            log,
            Map.of());
    process.writePid(p.pid());
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (true) {
      if (!p.isAlive()) {
        throw new InfraException(
            "Kafka exited during start-up (exit "
                + p.exitValue()
                + "). Last lines of "
                + log
                + ":\n"
                + Platform.tail(log, 15));
      }
      if (isHealthy(Duration.ofSeconds(2))) {
        progress.done("ready");
        return true;
      }
      if (System.nanoTime() > deadline) {
        process.stop(Duration.ofSeconds(10));
        throw new InfraException(
            "Kafka did not become ready within "
                + READY_TIMEOUT.toSeconds()
                + " s; it was stopped. See "
                + home.resolve("logs"));
      }
      progress.update("waiting for the broker to answer");
      sleep(500);
    }
  }

  /** True when the broker answers a cluster description within {@code timeout}. */
  public boolean isHealthy(Duration timeout) {
    if (Platform.isPortFree(config.kafkaPort())) {
      return false;
    }
    try (Admin admin = admin(config.kafkaBootstrap(), timeout)) {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()))
          .nodes()
          .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  /** Stops the node; returns false if it was not running. */
  public boolean stop() {
    return process.stop(Duration.ofSeconds(30));
  }

  /** An admin client with short timeouts, for health checks and topic creation. */
  static Admin admin(String bootstrap, Duration timeout) {
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
    p.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
    return Admin.create(p);
  }

  private List<String> javaCommand(Path lib, String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xms" + config.kafkaHeapMb() + "m");
    cmd.add("-Xmx" + config.kafkaHeapMb() + "m");
    cmd.add("-XX:+UseG1GC");
    cmd.add("-Djava.awt.headless=true");
    cmd.add("-Dlog4j2.configurationFile=" + home.resolve("log4j2.properties"));
    cmd.add("-Dkafka.logs.dir=" + home.resolve("logs"));
    cmd.add(process.marker());
    cmd.add("-cp");
    cmd.add(lib.resolve("*").toString());
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }

  private void writeServerProperties() throws IOException {
    String host = "127.0.0.1";
    String text =
        String.join(
            "\n",
            "# Written by Tuoyu Sentinel infra; regenerated on every start.",
            "process.roles=broker,controller",
            "node.id=1",
            "controller.quorum.voters=1@" + host + ":" + config.kafkaControllerPort(),
            "listeners=PLAINTEXT://"
                + host
                + ":"
                + config.kafkaPort()
                + ",CONTROLLER://"
                + host
                + ":"
                + config.kafkaControllerPort(),
            "advertised.listeners=PLAINTEXT://" + host + ":" + config.kafkaPort(),
            "controller.listener.names=CONTROLLER",
            "inter.broker.listener.name=PLAINTEXT",
            "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
            "log.dirs=" + home.resolve("data"),
            "num.partitions=" + config.partitions(),
            // Topics are created deliberately (TopicAdmin); a typo must fail, not create a topic.
            "auto.create.topics.enable=false",
            "offsets.topic.replication.factor=1",
            "offsets.topic.num.partitions=4",
            "transaction.state.log.replication.factor=1",
            "transaction.state.log.min.isr=1",
            "transaction.state.log.num.partitions=4",
            "share.coordinator.state.topic.replication.factor=1",
            "share.coordinator.state.topic.min.isr=1",
            "group.initial.rebalance.delay.ms=0",
            "log.retention.hours=168",
            "log.segment.bytes=67108864",
            "");
    Files.writeString(home.resolve("server.properties"), text, StandardCharsets.UTF_8);
  }

  private void writeLog4j() throws IOException {
    String text =
        String.join(
            "\n",
            "status = warn",
            "appender.file.type = RollingFile",
            "appender.file.name = file",
            "appender.file.fileName = ${sys:kafka.logs.dir}/server.log",
            "appender.file.filePattern = ${sys:kafka.logs.dir}/server.log.%i",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = [%d] %p %m (%c)%n",
            "appender.file.policies.type = Policies",
            "appender.file.policies.size.type = SizeBasedTriggeringPolicy",
            "appender.file.policies.size.size = 50MB",
            "appender.file.strategy.type = DefaultRolloverStrategy",
            "appender.file.strategy.max = 3",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = file",
            "logger.kafka.name = kafka",
            "logger.kafka.level = INFO",
            "logger.apache.name = org.apache.kafka",
            "logger.apache.level = INFO",
            "");
    Files.writeString(home.resolve("log4j2.properties"), text, StandardCharsets.UTF_8);
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InfraException("Interrupted while waiting", e);
    }
  }
}
